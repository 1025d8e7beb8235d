"""What a family member reads of decision records and requests for a measure in the
portal (issue 14 points 5 and 6; netwerkdossier.decisions), written once as a condition
tree over the catalogue's roles of those kinds, so decide() and visible() agree
(access/work_rules.py uses it as the family's gate of the kinds with a "family" role):

- nothing before the author shares the draft with the family ("family": the decision
  record's `shared_with_family`);
- then the draft, its facts and its decision record: the person it is about (from 12,
  the portal's age: a child under 12 has no login of their own), and a parent or
  guardian with current gezag over that child while the child is under 16 (the portal's
  age and gezag rule, Jeugdwet art. 7.3.4 and 7.3.5) - so not a parent without gezag, not
  a brother or sister, not a parent of a child of 16 or 17;
- a family view (hoor en wederhoor): only one's own, whatever the draft - what the other
  parent said about a fact is theirs.

Reviews and team dissent have no family role: the family never reads them in the portal
(they are the professionals' deliberation; the court gets the request as sent).
"""

from .conditions import FALSE, All, Any, Cond, In, Is, Labeled
from .entry_rules import _children_spoken_for

OWN, GEZAG, OWN_VIEW = "eigen_verzoek", "verzoek_gezag", "eigen_reactie"
# Kinds whose family role means "the family reads the member's own rows only".
OWN_ONLY = frozenset({"besluit_visie_gezin"})
# Kinds emergency access never opens: the deliberation before a decision is not part of
# the network picture a professional needs in an emergency (decision record of issue 14).
NOT_IN_EMERGENCY = frozenset({"besluitverslag", "besluit_feit", "besluit_visie_gezin",
                              "besluit_afwijkende_mening", "verzoekschrift",
                              "verzoekschrift_toets"})


def family_gate(ctx, kind) -> Cond:
    if "family" not in kind.roles:
        return FALSE
    shared = Is("family", True)
    if kind.key in OWN_ONLY:
        return All((shared, Labeled(OWN_VIEW, Is("subject", ctx.person_id))))
    children = tuple(sorted(_children_spoken_for(ctx), key=str))
    return All((shared, Any((
        Labeled(OWN, Is("subject", ctx.person_id)),
        Labeled(GEZAG, In("subject", children))))))
