"""Who may move monitoring data across an installation's border (docs/decisions/0049).

- A regional export (signed suppressed aggregates) is made by the region's own policy
  maker (regio_beleid of an organisation in that region): the figures are those of her
  dashboard, sent under the purpose "management".
- A regional export is imported by the national programme team (programmateam).
- A research export (pseudonymised rows) takes two people: a member of the programme
  team asks for it, a privacy officer (functionaris gegevensbescherming) approves and
  runs it, never the same person, under the purpose "onderzoek".
Everyone else is refused, and the refusal is logged; these steps never open a household.
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext as _

from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.organisations.models import Membership

Role = Membership.Role
OBJECT_TYPE_REGION = "regio_export"
OBJECT_TYPE_RESEARCH = "onderzoeksexport"
EXPORT_REGION, IMPORT_REGION = "monitoring.region_export", "monitoring.region_import"
RESEARCH_REQUEST, RESEARCH_APPROVE = "monitoring.research_request", "monitoring.research_export"


class ExchangeRefused(Exception):
    """A refused step, with its Dutch message; the refusal is logged by refuse()."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def refuse(ctx, event_code: str, object_type: str, object_ids, rule: str, message: str):
    """Log the refusal on its own (the step's transaction rolls back) and return the
    exception to raise."""
    if ctx is not None and ctx.user is not None and getattr(ctx.user, "uuid", None):
        with transaction.atomic():
            append(ctx, [LogEvent(event_code=event_code, action="E", result="refused",
                                  object_type=object_type, object_ids=list(object_ids),
                                  rule=rule)])
    return ExchangeRefused(message)


def _with_purpose(ctx, purpose: str):
    return dataclasses.replace(ctx, purpose=purpose, cache={})


def export_region_context(ctx, region):
    if ctx.membership is None or ctx.role != Role.REGIO_BELEID or ctx.region_id != region.pk:
        raise refuse(ctx, EXPORT_REGION, OBJECT_TYPE_REGION, [region.code], "not_region_policy",
                     _("Alleen een beleidsmedewerker van %(regio)s mag de cijfers van "
                       "deze regio exporteren.") % {"regio": region.name})
    return _with_purpose(ctx, "management")


def import_region_context(ctx):
    if ctx.membership is None or ctx.role != Role.PROGRAMMATEAM:
        raise refuse(ctx, IMPORT_REGION, OBJECT_TYPE_REGION, [], "not_programme_team",
                     _("Alleen het landelijk programmateam mag regio-exports inlezen."))
    return _with_purpose(ctx, "management")


def research_request_context(ctx):
    if ctx.membership is None or ctx.role != Role.PROGRAMMATEAM:
        raise refuse(ctx, RESEARCH_REQUEST, OBJECT_TYPE_RESEARCH, [], "not_programme_team",
                     _("Alleen het landelijk programmateam mag een onderzoeksexport "
                       "aanvragen."))
    return _with_purpose(ctx, "onderzoek")


def research_approve_context(ctx, request):
    if ctx.membership is None or ctx.role != Role.PRIVACY_OFFICER:
        raise refuse(ctx, RESEARCH_APPROVE, OBJECT_TYPE_RESEARCH, [request.pk],
                     "not_privacy_officer",
                     _("Alleen een functionaris gegevensbescherming mag een onderzoeksexport "
                       "goedkeuren en uitvoeren."))
    if ctx.user.pk == request.requested_by_id:
        raise refuse(ctx, RESEARCH_APPROVE, OBJECT_TYPE_RESEARCH, [request.pk],
                     "four_eyes", _("U heeft deze export zelf aangevraagd. Een andere "
                                    "persoon moet hem goedkeuren (vier ogen)."))
    return _with_purpose(ctx, "onderzoek")


def research_page_context(ctx):
    """The research-export page: the programme team (to ask) and privacy officers (to
    approve) only; anyone else gets the logged 404."""
    from .decision import AccessRefused, Decision

    if ctx.is_family or ctx.membership is None or ctx.role not in (Role.PROGRAMMATEAM,
                                                                   Role.PRIVACY_OFFICER):
        raise AccessRefused(ctx, RESEARCH_APPROVE, OBJECT_TYPE_RESEARCH, "pagina", Decision(
            False, "not_research_role", _("Onderzoeksexports zijn er voor het programmateam "
                                          "en de functionaris gegevensbescherming.")))
    return _with_purpose(ctx, "onderzoek")
