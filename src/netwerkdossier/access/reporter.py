"""Who may know the identity of a reporter (melder): the one place that decides it.

Art. 7.3.10 Jeugdwet: access may be refused to protect another person's privacy, and the
identity of a reporter to Veilig Thuis stays protected. Only professionals of the
organisation that received the report (its owner), reading it through a team-type
relation, see who reported; everybody else sees that it is shielded.
"""

from .relations import FULL


def may_see_reporter(ctx, entry, decision) -> bool:
    """True if ctx may see the reporter of `entry`, read under `decision`."""
    if ctx.is_family or not decision.allowed or ctx.organisation_id is None:
        return False
    relation = decision.rule.split("+", 1)[0]
    return relation in FULL and entry.owner_organisation_id == ctx.organisation_id
