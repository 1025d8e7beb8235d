"""Who sees which monitoring dashboard, and which areas in it (docs/decisions/0045).

Dashboards show aggregates only: counts per organisation, municipality, region, pilot
regions or country, suppressed below 5 (monitoring/suppression.py). They add no relation
with any household: decide() and visible() are unchanged, so a dashboard opens nothing,
and the roles made for them (beleidsmedewerker, regio_beleid, programmateam) are not
content roles, so they read no household anywhere. Each dashboard belongs to one role:
- team: a team manager, for her own organisation;
- gemeente: a municipality's policy maker (a gemeente organisation), its municipality;
- regio: a regional policy maker, the organisation's region, its municipalities and the
  comparison of the pilot regions;
- landelijk: the national programme team, the country, the pilot regions, each region.
Every read is logged under the purpose "management", whatever the session states; anyone
else, and an area outside the scope, gets the logged 404.
"""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netwerkdossier.organisations.models import Membership, Organisation, Region

from .decision import AccessRefused, Decision

EVENT = "monitoring.dashboard"
OBJECT_TYPE = "dashboard"
PURPOSE = "management"
Role = Membership.Role
ROLES = {"team": Role.TEAMMANAGER, "gemeente": Role.BELEIDSMEDEWERKER,
         "regio": Role.REGIO_BELEID, "landelijk": Role.PROGRAMMATEAM}
TITLES = {"team": gettext_lazy("Monitoring van uw organisatie"),
          "gemeente": gettext_lazy("Monitoring van uw gemeente"),
          "regio": gettext_lazy("Monitoring van uw regio"),
          "landelijk": gettext_lazy("Landelijke monitoring")}


@dataclass(frozen=True)
class Choice:
    """An area the dashboard can show: its level and unit key, and its name."""

    level: str
    unit: str
    label: str

    @property
    def token(self) -> str:
        return f"{self.level}:{self.unit}"


# Roles made for monitoring alone: they never search or read the dossier.
MONITORING_ONLY = frozenset({Role.BELEIDSMEDEWERKER, Role.REGIO_BELEID, Role.PROGRAMMATEAM})


def refuse_dossier_search(ctx, event_code: str) -> None:
    """A policy maker's search is refused (a logged 404): their role reads no person or
    household, so even an empty result list would be a page they have no use for."""
    if not ctx.is_family and ctx.membership is not None and ctx.role in MONITORING_ONLY:
        raise AccessRefused(ctx, event_code, "screen", "zoeken", Decision(
            False, "monitoring_role", _("Uw rol werkt met cijfers, niet met dossiers.")))


def dashboard_for(ctx) -> str | None:
    """The dashboard of ctx's role, or None."""
    if ctx.is_family or ctx.membership is None:
        return None
    return next((key for key, role in ROLES.items() if ctx.role == role), None)


def refused(ctx, name: str, rule: str, reason: str):
    return AccessRefused(ctx, EVENT, OBJECT_TYPE, name, Decision(False, rule, reason))


def dashboard_context(ctx, name: str):
    """The context to read dashboard `name` in (purpose management), or AccessRefused."""
    mine = dashboard_for(ctx)
    if mine is None or mine != name:
        rule = "no_monitoring_role" if mine is None else "other_dashboard"
        raise refused(ctx, name, rule, _("Dit overzicht is er alleen voor de rol waarvoor het "
                                         "is gemaakt."))
    if name == "gemeente" and not ctx.membership.organisation.municipality:
        raise refused(ctx, name, "no_municipality",
                      _("Uw organisatie hoort bij geen gemeente."))
    return dataclasses.replace(ctx, purpose=PURPOSE, cache={})


def choices(ctx, name: str) -> list[Choice]:
    """The areas ctx may look at on dashboard `name`; the first is the default."""
    from netwerkdossier.monitoring import areas
    from netwerkdossier.monitoring.models import Area

    organisation = ctx.membership.organisation
    region = organisation.region
    if name == "team":
        return [Choice(areas.ORGANISATION, str(organisation.pk), organisation.name)]
    if name == "gemeente":
        area, _created = Area.objects.get_or_create(region=region,
                                                    municipality=organisation.municipality)
        return [Choice(areas.MUNICIPALITY, str(area.pk), area.municipality)]
    pilots = Choice(areas.PILOTS, areas.ALL_PILOTS, str(areas.LABELS[areas.PILOTS]))
    if name == "regio":
        found = [Choice(areas.REGION, str(region.pk), region.name)]
        found += [Choice(areas.MUNICIPALITY, str(a.pk), a.municipality)
                  for a in Area.objects.filter(region=region)]
        return found + ([pilots] if region.is_pilot else [])
    found = [Choice(areas.COUNTRY, areas.NETHERLANDS, str(areas.LABELS[areas.COUNTRY])),
             pilots]
    return found + [Choice(areas.REGION, str(r.pk), r.name)
                    for r in Region.objects.order_by("name")]


def choose(ctx, name: str, token: str | None) -> Choice:
    """The area asked for (token "level:unit"), if ctx may see it; none asked: the
    default. An area outside the scope is refused (a logged 404)."""
    allowed = choices(ctx, name)
    if not token:
        return allowed[0]
    found = next((c for c in allowed if c.token == token), None)
    if found is None:
        raise refused(ctx, name, "area_out_of_scope",
                      _("Dit gebied valt buiten uw overzicht."))
    return found


def organisation_name(pk) -> str:
    return Organisation.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
