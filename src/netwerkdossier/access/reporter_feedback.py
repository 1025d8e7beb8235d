"""Who may read feedback to a reporter (terugkoppeling aan de melder).

Two readers, nobody else:
- the addressee: the professional reporter with an account, who reads only the feedback
  addressed to them (not the report, not the household);
- the organisation that received the report, reading it as access/reporter.py lets it
  know the reporter: a team-type relation and the report's owner organisation. They
  compose and record it.
Another organisation in the team (GGZ, the local team when Veilig Thuis received the
report), a case-table seat, emergency access and the family never read it: it names the
reporter. policy.decide() and visible() hand cases.ReporterFeedback to this module.
"""

from django.db.models import Q

from . import relations as rel
from .decision import Decision
from .explain import refusal_reason
from .reporter import may_see_reporter

ADDRESSEE = "melder"  # the rule logged when the addressee reads their feedback


def _refuse(rule: str) -> Decision:
    return Decision(False, rule, refusal_reason(rule))


def decide(ctx, action: str, feedback) -> Decision:
    from .policy import READ
    from .policy import decide as decide_entry

    if ctx.is_family or ctx.user is None:
        return _refuse("not_related")
    if action == READ and feedback.addressee_id is not None \
            and feedback.addressee_id == ctx.user.pk:
        return Decision(True, ADDRESSEE, _addressee_reason())
    report = feedback.report
    decision = decide_entry(ctx, READ, report)
    if may_see_reporter(ctx, report, decision):
        return Decision(True, decision.rule, decision.reason)
    return _refuse("not_related")


def q(ctx, action: str) -> Q:
    from .policy import READ

    if ctx.is_family or ctx.user is None:
        return Q(pk__in=[])
    own = Q(addressee_id=ctx.user.pk) if action == READ else Q(pk__in=[])
    if ctx.organisation_id is None or rel.refusal(ctx):
        return own
    exprs = rel.relation_sql(ctx, "case__household_id", "case__household__")
    team = Q(pk__in=[])
    for name in rel.FULL:
        if name in exprs:
            team |= Q(exprs[name])
    return own | (team & Q(report__owner_organisation_id=ctx.organisation_id))


def _addressee_reason() -> str:
    from django.utils.translation import gettext as _

    return _("U deed de melding; dit is de terugkoppeling die aan u is gericht.")
