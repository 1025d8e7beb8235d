"""Loading measures for a page, through the access module: the measures of a household
the reader may read, with their conditions, history and the documents the reader may
open (each kind filtered by visible(), none by hand), and the rows for the templates."""

from django.utils import timezone

from netwerkdossier.access.api import READ, UPDATE, decide, visible
from netwerkdossier.dossier.models import Entry

from .deadlines import of_measure
from .models import Measure, MeasureCondition, MeasureStatus


def readable(ctx, household, **filters) -> list[Measure]:
    """The household's measures ctx may read, with their catalogue entry, conditions,
    history and deadlines attached (four queries for the whole household)."""
    measures = list(visible(ctx, READ, Measure.objects.filter(**filters),
                            household_id=household.pk)
                    .select_related("person", "carried_out_by", "owner_organisation")
                    .order_by("person__birth_date", "starts_on", "created_at"))
    ids = [m.pk for m in measures]
    conditions, history = {}, {}
    if ids:
        for c in (visible(ctx, READ, MeasureCondition.objects.filter(measure_id__in=ids),
                          household_id=household.pk).select_related("named_person")):
            conditions.setdefault(c.measure_id, []).append(c)
        for s in (visible(ctx, READ, MeasureStatus.objects.filter(measure_id__in=ids),
                          household_id=household.pk)
                  .select_related("recorded_by", "recorded_by_organisation")
                  .order_by("number")):
            history.setdefault(s.measure_id, []).append(s)
    documents = _documents(ctx, [s for rows in history.values() for s in rows])
    today = timezone.localdate()
    for m in measures:
        m.entry = m.catalogue_entry
        m.condition_list = conditions.get(m.pk, [])
        m.history_list = history.get(m.pk, [])
        for s in m.history_list:
            s.readable_document = s.document_id in documents
        m.deadline_list = of_measure(m, today)
        m.urgent = any(d.urgent for d in m.deadline_list)
    return measures


def _documents(ctx, rows) -> set:
    """Ids of the linked documents ctx may open (a link only to those)."""
    ids = {s.document_id for s in rows if s.document_id}
    if not ids:
        return set()
    return set(visible(ctx, READ, Entry.objects.filter(pk__in=ids)).values_list("pk",
                                                                                 flat=True))


def may_register(ctx, household) -> bool:
    """May ctx register a measure here (some law its organisation kind records)?"""
    from .services import recordable_entries

    return bool(recordable_entries(ctx)) and decide(
        ctx, UPDATE, Measure(household=household, owner_organisation_id=ctx.organisation_id,
                             law=recordable_entries(ctx)[0].law)).allowed


def logged_objects(measures) -> list[list]:
    """The measures, conditions and history rows shown, as lists for the access log: one
    per kind and per person, so no record names a person beside a measure about someone
    else (a family member's "Wie keek er?" never hints at another's criminal measure)."""
    groups: dict = {}
    for m in measures:
        groups.setdefault(("measure", m.person_id), []).append(m)
        groups.setdefault(("condition", m.person_id), []).extend(m.condition_list)
        groups.setdefault(("status", m.person_id), []).extend(m.history_list)
    return [objects for objects in groups.values() if objects]
