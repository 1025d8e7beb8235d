"""A complete decision record for a decision that needs one (decision 0051), made through
the services as a professional would: one fact, observed, with a source the author may
read (the household's oldest timeline entry, else a measure), and the view of one family
member on it. The demo and the tests take route, phase, closure and placement decisions
with it, instead of loosening the rule that such a decision rests on its facts."""

from netwerkdossier.access.api import READ, visible
from netwerkdossier.decisions import services
from netwerkdossier.decisions.models import DecisionKind
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import HouseholdMember
from netwerkdossier.measures.models import Measure

QUESTIONS = {
    DecisionKind.ROUTE: "Welke route krijgt dit traject?",
    DecisionKind.FASE: "Naar welke fase gaat het traject?",
    DecisionKind.AFSLUITING: "Kan het traject worden afgesloten?",
    DecisionKind.PLAATSING: "Wordt het kind uit huis geplaatst?",
}


def complete_record(ctx, household, *, kind: str, case=None, person_id=None,
                    to_phase: str = "", fact: str = "", viewer_id=None):
    """Make (and return) a concept record for this decision with everything it needs
    before it can be taken. `viewer_id`: whose view is recorded (default: the person it
    is about, else the household's oldest member)."""
    decision = services.start(ctx, household, kind=kind, question=QUESTIONS[kind],
                              person_id=person_id, case=case, to_phase=to_phase)
    entry = visible(ctx, READ, Entry.objects.filter(household=household, is_current=True)) \
        .order_by("occurred_at").first()
    measure = None if entry is not None else visible(
        ctx, READ, Measure.objects.filter(household=household),
        household_id=household.pk).first()
    made = services.add_fact(ctx, decision, services.FactIn(
        text=fact or "De situatie is besproken met het gezin en het netwerk.",
        basis="waargenomen", source_entry_id=entry.pk if entry else None,
        source_measure_id=measure.pk if measure else None))
    if viewer_id is None:
        viewer_id = person_id or HouseholdMember.objects.filter(household=household) \
            .order_by("person__birth_date").values_list("person_id", flat=True).first()
    services.record_view(ctx, decision, person_id=viewer_id, answer="eens", fact=made)
    return decision


def for_route(ctx, case, **kw):
    return complete_record(ctx, case.household, kind=DecisionKind.ROUTE, case=case, **kw)


def for_phase(ctx, case, to_phase: str, **kw):
    kind = services.phase_kind(to_phase)
    return complete_record(ctx, case.household, kind=kind, case=case, to_phase=to_phase,
                           **kw)


def for_placement(ctx, household, person_id, **kw):
    return complete_record(ctx, household, kind=DecisionKind.PLAATSING,
                           person_id=person_id, **kw)
