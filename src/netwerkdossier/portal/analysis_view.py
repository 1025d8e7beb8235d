"""The family's view of the integral analysis (hoor en wederhoor), and their response.

The access module opens the household to a family member (relation "member"); what of
the team's analysis they then see is narrower, and decided here:

- points about themselves, including health and justice points (their own data);
- points about the children they act for (current gezag, under 16), except health and
  justice points, which stay with the team (decision 0014);
- points about the whole household, hypotheses, the family's view and the points of
  disagreement only for members who live in the household: a parent who lives
  elsewhere (e.g. without gezag) sees only what concerns themselves;
- a hypothesis only when every point it links is shown.

Nothing about other members (a sibling of 16 or 17, the other parent) is shown.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerkdossier.analysis import domains as dom
from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse
from netwerkdossier.analysis.services import is_sensitive_item
from netwerkdossier.households.models import HouseholdMember

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


def family_analysis(scope) -> FamilyAnalysis | None:
    """The current version as this family member may see it, or None."""
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
    shown = {i["n"]: i for i in content.get("items", [])
             if _visible_item(i, me, represented, whole)}
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
        view.disagreements = content.get("disagreements", [])
    view.my_response = (FamilyResponse.objects.filter(version=version, person=scope.person)
                        .order_by("-recorded_at").first())
    return view
