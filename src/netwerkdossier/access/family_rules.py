"""Between family members: whose own words and choices a family member may read.

What a member said or chose themselves - an own statement beside an entry (Jeugdwet
art. 7.3.8), a correction or destruction request (AVG art. 16, Jeugdwet art. 7.3.9), a
response to or dispute of the integral analysis, a consent choice - is shown in the
portal and its downloads to:

- the member;
- a parent or guardian with current gezag over the member, while the member is under
  16 (under 12 the parents act for the child; from 12 to 16 child and parents with
  gezag both, art. 7.3.4; from 16 the young person alone, art. 7.3.5).

Never to the other parent or another adult (with or without gezag over the children),
never to brothers and sisters, and not to a parent once the member is 16. The team
reads them on its own pages (hoor en wederhoor); this module is for family readers.

Written once from one set of facts (the viewer's current gezag, the author's birth
date, the same age threshold as consent): `may_read_words` decides for one author in
Python, `words_q` is the same condition as a filter for lists; tests check that both
agree. The same facts give `acts_for`: the persons a member acts for in the portal.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from netwerkdossier.households.models import Gezag, Person, age_on

from .consent import CHILD_DECIDES_ALONE_FROM, years_ago
from .rules_common import active_on


def acts_for(person, today: date | None = None) -> list[Person]:
    """The person and the children they act for: current gezag and under 16."""
    today = today or timezone.localdate()
    children = [g.child for g in Gezag.objects.filter(holder=person).select_related("child")
                .order_by("child__birth_date") if g.is_current(today)
                and age_on(g.child.birth_date, today) < CHILD_DECIDES_ALONE_FROM]
    return [person] + children


def may_read_words(viewer_id, author) -> bool:
    """May the family member `viewer_id` read what `author` (a Person) said or chose?"""
    if viewer_id is None or author is None:
        return False
    if author.pk == viewer_id:
        return True
    if age_on(author.birth_date, timezone.localdate()) >= CHILD_DECIDES_ALONE_FROM:
        return False
    return Gezag.objects.filter(active_on(), holder_id=viewer_id, child_id=author.pk).exists()


def words_q(viewer_id, author: str = "person") -> Q:
    """The same rule as a filter on rows whose author is the foreign key `author`."""
    if viewer_id is None:
        return Q(pk__in=[])
    cut16 = years_ago(timezone.localdate(), CHILD_DECIDES_ALONE_FROM)
    holds_gezag = Exists(Gezag.objects.filter(active_on(), holder_id=viewer_id,
                                              child_id=OuterRef(f"{author}_id")))
    return Q(**{f"{author}_id": viewer_id}) | (
        Q(**{f"{author}__birth_date__gt": cut16}) & holds_gezag)


def readable_words(viewer_id, rows, author=lambda row: row.person):
    """Filter rows already in memory (e.g. in JSON content) with the Python form."""
    return [row for row in rows if may_read_words(viewer_id, author(row))]


# --- the safety plan in the family's words, and the forms of address ----------------
#
# Who reads what of the safety plan in the portal (docs/decisions/0038), from the same
# facts (the member's current place in the household, their age, their current gezag):
# - the danger statements and safety goals in the words written for the family: the
#   household's children themselves (from 12, the portal's minimum age) and the parents
#   or guardians with current gezag over a child of the household; not a parent without
#   gezag, who reads only the agreements about themselves (decision 0016, point 9);
# - the plan for children (words and pictures): children of the household from 12 to
#   17 in the portal, and parents or guardians with current gezag over a child of the
#   household;
# - printable for the children under 12 over whom the member holds current gezag
#   (under 12 the parents exercise the child's rights, Jeugdwet art. 7.3.4).
# Youth (12-17) are addressed as "je", adults as "u": minors until 18 (BW art. 1:233).

ADULT_FROM = 18  # BW art. 1:233: meerderjarig op 18 jaar (also retention/facts.py)


def addressed_informally(person, today: date | None = None) -> bool:
    """"je" for a minor (12-17 in the portal), "u" for an adult."""
    if person is None or person.birth_date is None:
        return False
    return age_on(person.birth_date, today or timezone.localdate()) < ADULT_FROM


def plan_reading(person, household, today: date | None = None) -> dict:
    """What `person` reads of the household's safety plan in the portal:
    {"family_words": bool, "child_version": bool, "print_for": [Person under 12]}."""
    from netwerkdossier.households.models import HouseholdMember

    from .relations import FAMILY_MIN_AGE

    today = today or timezone.localdate()
    nothing = {"family_words": False, "child_version": False, "print_for": []}
    if person is None or household is None:
        return nothing
    members = [m for m in HouseholdMember.objects.filter(household=household)
               .select_related("person") if m.is_current(today)]
    own = [m for m in members if m.person_id == person.pk]
    if not own:
        return nothing
    children = {m.person_id: m.person for m in members
                if m.relation == HouseholdMember.Relation.CHILD
                and age_on(m.person.birth_date, today) < ADULT_FROM}
    held = [g.child for g in Gezag.objects.filter(holder=person, child_id__in=children)
            .select_related("child").order_by("child__birth_date") if g.is_current(today)]
    is_child = any(m.relation == HouseholdMember.Relation.CHILD for m in own)
    age = age_on(person.birth_date, today)
    return {
        "family_words": is_child or bool(held),
        "child_version": (is_child and FAMILY_MIN_AGE <= age < ADULT_FROM) or bool(held),
        "print_for": [c for c in held if age_on(c.birth_date, today) < FAMILY_MIN_AGE],
    }
