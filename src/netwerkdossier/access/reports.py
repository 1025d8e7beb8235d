"""Who may read and answer the pilots' questionnaire and read the half-yearly progress
report (voortgangsrapportage), and for which regions (docs/decisions/0045, issue 15
points 5 and 6).

Both hold figures about a region's way of working and suppressed aggregates, never a
household; they open nothing in the dossier (decide() and visible() are unchanged).
- The questionnaire: the regional policy maker of a pilot region answers for her own
  region; the national programme team answers for any pilot region. Both compare the
  answers of all pilot regions over the years.
- The report: per pilot region, for the policy makers of that region (the region's and
  its municipalities'), and nationally plus every pilot region for the programme team.
Every read, answer and download is logged under the purpose "management"; anyone else
(professionals, team managers, a policy maker of another region or of a municipality
outside the pilot regions) and any region outside the scope get the logged 404.
"""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext as _

from netwerkdossier.organisations.models import Membership, Region

from .dashboards import PURPOSE
from .decision import AccessRefused, Decision

QUESTIONNAIRE_EVENT = "monitoring.questionnaire"
REPORT_EVENT = "monitoring.report"
OBJECT_TYPE = "voortgang"
NATIONAL = "nl"
Role = Membership.Role
QUESTIONNAIRE_ROLES = (Role.REGIO_BELEID, Role.PROGRAMMATEAM)
REPORT_ROLES = (Role.BELEIDSMEDEWERKER, Role.REGIO_BELEID, Role.PROGRAMMATEAM)


@dataclass(frozen=True)
class Scope:
    """What ctx may see: `token` is a region's code or NATIONAL."""

    token: str
    label: str
    region: Region | None  # None: the country


def _role(ctx):
    if ctx.is_family or ctx.membership is None:
        return None
    return ctx.role


def refused(ctx, event_code: str, name: str, rule: str, reason: str) -> AccessRefused:
    return AccessRefused(ctx, event_code, OBJECT_TYPE, name, Decision(False, rule, reason))


def _own_pilot_region(ctx) -> Region | None:
    region = ctx.membership.organisation.region
    return region if region.is_pilot else None


def questionnaire_context(ctx, asked: str = "vragenlijst"):
    """The context to read the questionnaire in (purpose management), or AccessRefused
    logged with what was asked (the region code of a form, a slug)."""
    role = _role(ctx)
    if role not in QUESTIONNAIRE_ROLES or (role == Role.REGIO_BELEID
                                           and _own_pilot_region(ctx) is None):
        raise refused(ctx, QUESTIONNAIRE_EVENT, asked, "no_questionnaire_role",
                      _("De vragenlijst is er voor de beleidsmedewerkers van de proeftuinen "
                        "en het landelijk programmateam."))
    return dataclasses.replace(ctx, purpose=PURPOSE, cache={})


def answerable_regions(ctx) -> list[Region]:
    """The pilot regions ctx may answer for (questionnaire_context first)."""
    if ctx.role == Role.PROGRAMMATEAM:
        return list(Region.objects.filter(is_pilot=True).order_by("name"))
    return [_own_pilot_region(ctx)]


def answerable_region(ctx, code: str) -> Region:
    found = next((r for r in answerable_regions(ctx) if r.code == code), None)
    if found is None:
        raise refused(ctx, QUESTIONNAIRE_EVENT, code, "region_out_of_scope",
                      _("U kunt de vragenlijst niet voor deze regio invullen."))
    return found


def report_context(ctx):
    role = _role(ctx)
    if role not in REPORT_ROLES or (role != Role.PROGRAMMATEAM
                                    and _own_pilot_region(ctx) is None):
        raise refused(ctx, REPORT_EVENT, "rapportage", "no_report_role",
                      _("De voortgangsrapportage is er voor de beleidsmedewerkers van de "
                        "proeftuinen en het landelijk programmateam."))
    return dataclasses.replace(ctx, purpose=PURPOSE, cache={})


def report_scopes(ctx) -> list[Scope]:
    """The reports ctx may read (report_context first); the first is the default."""
    if ctx.role == Role.PROGRAMMATEAM:
        return [Scope(NATIONAL, _("Landelijk (alle proeftuinen)"), None)] + [
            Scope(r.code, r.name, r) for r in Region.objects.filter(is_pilot=True)
            .order_by("name")]
    region = _own_pilot_region(ctx)
    return [Scope(region.code, region.name, region)]


def report_scope(ctx, token: str | None) -> Scope:
    allowed = report_scopes(ctx)
    if not token:
        return allowed[0]
    found = next((s for s in allowed if s.token == token), None)
    if found is None:
        raise refused(ctx, REPORT_EVENT, "rapportage", "region_out_of_scope",
                      _("Deze rapportage valt buiten uw overzicht."))
    return found
