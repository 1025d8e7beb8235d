"""Loading a decision record (and its request) for a page, through the access module: its
facts, the family's views, dissent and reviews each filtered by visible(), never by
hand; the source of a fact is shown as a link only when the reader may open it (the
fact itself says which kind of source it has). The rows shown are logged with the
subjects the catalogue gives, and a record about the whole household names its
members."""

from netwerkdossier.access.api import READ, record, together, visible
from netwerkdossier.dossier.models import Entry
from netwerkdossier.measures.models import Measure

from .models import DecisionRecord, Dissent, Fact, FamilyView, MeasureRequest, Review
from .services import missing_sources, problems, subjects_of


def load(ctx, decision: DecisionRecord, *, event: str, decision_rule=None,
         own_views_only: bool = False) -> DecisionRecord:
    """Attach facts (with `views` per fact: the newest view per member), the general
    responses, dissent, reviews and the missing-source messages to `decision`, as far as
    ctx may read them, and log what is shown."""
    hid = decision.household_id
    facts = list(visible(ctx, READ, Fact.objects.filter(decision=decision),
                         household_id=hid).order_by("number"))
    views = list(visible(ctx, READ, FamilyView.objects.filter(decision=decision),
                         household_id=hid).select_related("person", "recorded_by")
                 .order_by("recorded_at", "id"))
    if own_views_only:
        views = [v for v in views if v.person_id == ctx.person_id]
    dissents = list(visible(ctx, READ, Dissent.objects.filter(decision=decision),
                            household_id=hid).select_related("user", "organisation"))
    request = MeasureRequest.objects.filter(decision=decision).first()
    reviews = []
    if request is not None:
        request = visible(ctx, READ, MeasureRequest.objects.filter(pk=request.pk),
                          household_id=hid).select_related(
            "person", "measure", "owner_organisation", "created_by").first()
    if request is not None:
        reviews = list(visible(ctx, READ, Review.objects.filter(request=request),
                               household_id=hid)
                       .select_related("reviewer", "reviewer_organisation", "asked_by"))
    entries = _readable(ctx, Entry.objects.filter(pk__in={f.source_entry_id for f in facts
                                                          if f.source_entry_id}))
    measures = _readable(ctx, Measure.objects.filter(
        pk__in={f.source_measure_id for f in facts if f.source_measure_id}))
    newest: dict = {}
    for v in views:  # oldest first: the last one per fact and member wins
        newest[(v.fact_id, v.person_id)] = v
    for f in facts:
        f.entry_readable = f.source_entry_id in entries
        f.measure_readable = f.source_measure_id in measures
        f.current_views = [v for (fact_id, _p), v in newest.items() if fact_id == f.pk]
    decision.fact_list = facts
    decision.response_list = [v for v in views if v.fact_id is None]
    decision.view_history = views
    decision.dissent_list = dissents
    decision.request_shown = request
    decision.review_list = reviews
    # What keeps a concept from being taken (decision 0051: facts, sources, and the
    # family's view where the kind needs it); a request's draft names only the sources.
    decision.missing = ((problems(decision) if decision.request_shown is None and
                         not hasattr(decision, "request") else missing_sources(decision))
                        if decision.status == DecisionRecord.Status.CONCEPT and facts else [])
    subjects = subjects_of(decision)
    with together(ctx):
        record(ctx, event, [decision], decision=decision_rule, subjects=subjects)
        record(ctx, event, facts, subjects=subjects)
        record(ctx, event, views)
        record(ctx, event, dissents, subjects=subjects)
        if request is not None:
            record(ctx, event, [request], decision=decision_rule)
        record(ctx, event, reviews)
    return decision


def _readable(ctx, queryset) -> set:
    return set(visible(ctx, READ, queryset).values_list("pk", flat=True))


def for_household(ctx, household) -> list[DecisionRecord]:
    """The household's decision records ctx may read (the household page's list)."""
    return list(visible(ctx, READ, DecisionRecord.objects.all(), household_id=household.pk)
                .select_related("person", "owner_organisation").order_by("-created_at"))


def for_case(ctx, case) -> list[DecisionRecord]:
    """The case's decision records ctx may read (the case page): for a concept what keeps
    it from being taken, for a taken one its objection route with the last day. Logged."""
    from . import objection

    records = list(visible(ctx, READ, DecisionRecord.objects.filter(case=case),
                           household_id=case.household_id)
                   .select_related("owner_organisation").order_by("created_at"))
    for r in records:
        if r.status == DecisionRecord.Status.CONCEPT:
            r.problems = problems(r)
            r.route_shown = None
        else:
            r.problems = []
            found = objection.routes(r, r.owner_organisation.kind)
            r.route_shown = next((x for x in found if x["key"] == r.objection_route), None)
    with together(ctx):
        for r in records:
            record(ctx, "case.read", [r], subjects=subjects_of(r))
    return records
