"""Which legal measures a family member reads in the portal (decision 0044).

Written once as a condition tree over the catalogue's roles of the measure kinds
("subject": whom the measure is about, "criminal": criminal data), so decide() and
visible() give the same answer (access/work_rules.py uses it as the family's gate):

- a member reads the measures about themselves (from 12, the portal's age; under 12 a
  child has no login of their own);
- a parent or guardian with current gezag over a child under 16 reads the child's
  measures - the portal's age and gezag rule (access/family_rules.py, Jeugdwet art.
  7.3.4 and 7.3.5; from 16 the young person decides alone) -
- except a criminal-law measure: that is shown only to the person it is about. So a
  criminal measure against a parent (a restraining order, a contact ban, a gedragsaan-
  wijzing) never shows to the children or to the other parent, not even when the
  measure names them as the person it protects, and a child's criminal measure
  (jeugdstrafrecht) not to the parents in the portal: they hear of it in the criminal
  case itself (art. 10 AVG; to confirm with a lawyer, decision 0044).

Nobody else in the family reads a measure: not a parent without gezag, not a brother or
sister, not a parent of a child of 16 or 17. A measure's status and conditions are read
like the measure (their rows carry the same subject).
"""

from .conditions import All, Any, Cond, In, Is, Labeled
from .entry_rules import _children_spoken_for

OWN, GEZAG = "eigen_maatregel", "maatregel_gezag"


def family_gate(ctx) -> Cond:
    children = tuple(sorted(_children_spoken_for(ctx), key=str))
    return Any((
        Labeled(OWN, Is("subject", ctx.person_id)),
        Labeled(GEZAG, All((In("subject", children), Is("criminal", False)))),
    ))
