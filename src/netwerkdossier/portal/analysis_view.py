"""The family's view of the integral analysis (hoor en wederhoor), and their response.

The access module opens the household to a family member (relation "member"); what of
the team's analysis they then see is narrower, and decided here:

- points about themselves, including health and justice points (their own data);
- points about the children they act for (current gezag, under 16), except health and
  justice points, which stay with the team (decision 0014);
- points about the whole household, hypotheses, the family's view and the points of
  disagreement only for members who live in the household: a parent who lives
  elsewhere (e.g. without gezag) sees only what concerns themselves;
- a hypothesis only when every point it links is shown;
- what a member said themselves - their response or dispute, and a point of
  disagreement the team recorded as that member's view - only by the family rule in
  access/family_rules.py (the member; a parent with gezag while the member is under 16).

Nothing about other members (a sibling of 16 or 17, the other parent) is shown.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerkdossier.access.family_rules import may_read_words, words_q
from netwerkdossier.analysis import domains as dom
from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse
from netwerkdossier.analysis.services import is_sensitive_item, latest_responses, sees_sensitive
from netwerkdossier.households.models import HouseholdMember, Person

KIND_WORDS = {"zorg": _("Zorg"), "gaat_goed": _("Wat goed gaat"),
              "risico": _("Wat het moeilijk maakt"), "beschermend": _("Wat helpt")}


@dataclass
class FamilyAnalysis:
    version: AnalysisVersion
    items: list = field(default_factory=list)  # (domain label, person name, kind, text)
    hypotheses: list = field(default_factory=list)
    family_view: str = ""
    disagreements: list = field(default_factory=list)
    whole_household: bool = False
    my_response: FamilyResponse | None = None
    # The newest response of each child this member may read the words of.
    children_responses: list = field(default_factory=list)


def lives_in(person, household) -> bool:
    today = timezone.localdate()
    return any(m.is_current(today) and m.lives_in for m in
               HouseholdMember.objects.filter(household=household, person=person))


def _visible_item(item: dict, me: str, represented: set, whole: bool) -> bool:
    person = item.get("person")
    if person is None:
        return whole and not is_sensitive_item(item)
    if person == me:
        return True
    return person in represented and not is_sensitive_item(item)


def family_analysis(scope, professional=None) -> FamilyAnalysis | None:
    """The current version as this family member may see it, or None. With
    `professional` (the context of one who answers the member's written request for
    access), also only what that professional may see of it: points on health and
    justice only for a reader the analysis page shows them to (sees_sensitive)."""
    version = (AnalysisVersion.objects.filter(household=scope.household)
               .select_related("created_by").order_by("-number").first())
    if version is None:
        return None
    me = str(scope.person.pk)
    represented = {str(p.pk) for p in scope.represented}
    whole = lives_in(scope.person, scope.household)
    names = {str(p.pk): p.given_names for p in scope.represented}
    labels = {key: d.label for key, d in dom.domains().items()}
    content = version.content or {}
    hide_sensitive = professional is not None and not sees_sensitive(
        professional, scope.household.pk, version)
    shown = {i["n"]: i for i in content.get("items", [])
             if _visible_item(i, me, represented, whole)
             and not (hide_sensitive and is_sensitive_item(i))}
    view = FamilyAnalysis(version=version, whole_household=whole)
    view.items = [{"domain": labels.get(i["domain"], i["domain"]),
                   "person": names.get(i.get("person"), _("Het hele gezin")),
                   "kind": KIND_WORDS.get(i["kind"], i["kind"]), "text": i["text"]}
                  for i in shown.values()]
    if whole:
        view.hypotheses = [h["text"] for h in content.get("hypotheses", [])
                           if all(n in shown for n in [*h.get("factors", []),
                                                       *h.get("worries", [])])]
        view.family_view = content.get("family_view", "")
    view.disagreements = _readable_disagreements(scope, content.get("disagreements", []),
                                                 whole)
    view.my_response = (FamilyResponse.objects.filter(version=version, person=scope.person)
                        .order_by("-recorded_at").first())
    view.children_responses = latest_responses(
        FamilyResponse.objects.filter(words_q(scope.person.pk), version=version)
        .exclude(person=scope.person).select_related("person").order_by("recorded_at"))
    return view


def _readable_disagreements(scope, rows: list, whole: bool) -> list:
    """A row without a person is the family's shared view (shown to those who live in
    the household); a row the team recorded as one member's view follows the family
    rule, like that member's own response."""
    ids = {r["person"] for r in rows if r.get("person")}
    authors = {str(p.pk): p for p in Person.objects.filter(pk__in=ids)}
    shown = []
    for row in rows:
        author = authors.get(row.get("person") or "")
        if (whole and not row.get("person")) or may_read_words(scope.person.pk, author):
            shown.append({**row, "who": author.given_names if author else ""})
    return shown
