"""Registering a measure and recording its status (measures/services.py): the dates the
catalogue computes, the transitions, who records which law, and bad input refused in
Dutch with nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.decisions.services import PLACEMENT_MEASURES
from netwerkdossier.measures import services
from netwerkdossier.measures.catalogue import catalogue
from netwerkdossier.measures.models import Measure, MeasureCondition, MeasureStatus
from netwerkdossier.measures.services import ConditionIn, StatusIn
from netwerkdossier.synthetic import decision_records

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _rvt(cast):
    return context_for(cast.users["ruben"], purpose="hulpverlening")


def _register(cast, ctx=None, **overrides):
    start = overrides.pop("start", TODAY() - timedelta(days=10))
    values = dict(person_id=cast.daan.pk, measure_key="ots", authority_kind="Kinderrechter",
                  authority_name="Rechtbank Noord-Holland", case_number="C/15/1",
                  first=StatusIn(status="toegewezen", status_on=start, starts_on=start,
                                 source_reference="Beschikking C/15/1"))
    values.update(overrides)
    ctx = ctx or _rvt(cast)
    if values["measure_key"] in PLACEMENT_MEASURES and values["first"].status == "toegewezen":
        # A granted placement rests on a complete decision record (decision 0051).
        decision_records.for_placement(ctx, cast.household, values["person_id"])
    return services.register(ctx, cast.household, **values)


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def _nothing_saved():
    assert not Measure.objects.exists()
    assert not MeasureStatus.objects.exists()
    assert not MeasureCondition.objects.exists()


def test_a_granted_ots_has_its_end_reminder_and_history_from_the_catalogue(cast):
    start = date(2024, 2, 29)  # a leap day: a year later is 28 February
    measure = _register(cast, start=start)
    entry = catalogue().get("ots")
    assert measure.ends_on == measure.computed_end_on == date(2025, 2, 28)
    assert measure.remind_on == entry.remind_on(date(2025, 2, 28)) == date(2025, 1, 3)
    assert (measure.law, measure.criminal_data, measure.health_data) == ("civiel", False, False)
    row = measure.history.get()
    assert (row.number, row.status, row.source_reference) == (1, "toegewezen",
                                                              "Beschikking C/15/1")
    assert row.snapshot["ends_on"] == "2025-02-28"
    logged = AccessLogRecord.objects.filter(event_code="measure.registered")
    assert {r.object_type for r in logged} == {"measure", "measure_status"}
    assert all(r.subject_ids == [str(cast.daan.pk)] for r in logged)


def test_a_provisional_ots_has_a_hearing_and_a_guardianship_an_evaluation(cast):
    start = TODAY() - timedelta(days=3)
    voorlopig = _register(cast, measure_key="voorlopige_ots", start=start)
    assert voorlopig.hearing_on == start + timedelta(weeks=2)
    assert voorlopig.ends_on == catalogue().get("voorlopige_ots").ends_on(start)


def test_extension_up_to_the_maximum_then_refused_with_the_reason(cast):
    """A tijdelijk huisverbod: 10 days, one extension to at most 4 weeks after it was
    imposed (rules/measures.toml); a second extension is refused, nothing saved."""
    imposed = TODAY() - timedelta(days=8)
    measure = _register(cast, person_id=cast.father.pk, measure_key="tijdelijk_huisverbod",
                        authority_kind="Burgemeester", authority_name="Burgemeester",
                        start=imposed)
    assert measure.ends_on == imposed + timedelta(days=10)
    services.change_status(_rvt(cast), measure, StatusIn(
        status="verlengd", status_on=TODAY(), source_reference="Verlenging THV-1"))
    measure.refresh_from_db()
    assert measure.ends_on == imposed + timedelta(weeks=4) and measure.extensions == 1
    assert measure.remind_on == measure.ends_on - timedelta(days=3)
    errors = _errors(lambda: services.change_status(_rvt(cast), measure, StatusIn(
        status="verlengd", status_on=TODAY(), source_reference="Nog een keer")))
    assert "ten hoogste 1 keer worden verlengd" in errors["status"][0]
    assert measure.history.count() == 2


def test_an_extension_past_the_legal_maximum_is_refused(cast):
    measure = _register(cast, measure_key="machtiging_uithuisplaatsing",
                        start=TODAY() - timedelta(days=300))
    too_late = measure.ends_on + timedelta(days=400)  # one extension is one year at most
    errors = _errors(lambda: services.change_status(_rvt(cast), measure, StatusIn(
        status="verlengd", status_on=TODAY(), ends_on=too_late, end_reason="langer",
        source_reference="x")))
    assert "ten hoogste tot" in errors["ends_on"][0]
    measure.refresh_from_db()
    assert measure.extensions == 0 and measure.history.count() == 1


def test_transitions_request_grant_end_and_nothing_after(cast):
    ctx = _rvt(cast)
    asked = TODAY() - timedelta(days=20)
    measure = _register(cast, requested_on=asked, requester="Raad voor de Kinderbescherming",
                        first=StatusIn(status="aangevraagd", source_reference="Verzoek R-1"))
    assert (measure.status, measure.ends_on, measure.remind_on) == ("aangevraagd", None, None)
    errors = _errors(lambda: services.change_status(ctx, measure, StatusIn(
        status="verlengd", status_on=TODAY(), source_reference="x")))
    assert errors["status"] == ["Na 'Aangevraagd' kan de status alleen worden: "
                                "toegewezen, afgewezen."]
    start = TODAY() - timedelta(days=5)
    services.change_status(ctx, measure, StatusIn(
        status="toegewezen", status_on=start, starts_on=start, source_reference="C/15/2"))
    measure.refresh_from_db()
    assert measure.ends_on == catalogue().get("ots").ends_on(start)
    services.change_status(ctx, measure, StatusIn(
        status="beeindigd", status_on=TODAY(), source_reference="Einde C/15/2"),
        expected_version=2)
    measure.refresh_from_db()
    assert (measure.status, measure.ended_on, measure.remind_on) == ("beeindigd", TODAY(),
                                                                     None)
    assert [s.status for s in measure.history.all()] == ["aangevraagd", "toegewezen",
                                                         "beeindigd"]
    errors = _errors(lambda: services.change_status(ctx, measure, StatusIn(
        status="toegewezen", status_on=TODAY(), source_reference="x")))
    assert "niets meer" in errors["status"][0]


def test_a_stale_status_form_is_refused(cast):
    measure = _register(cast)
    errors = _errors(lambda: services.change_status(_rvt(cast), measure, StatusIn(
        status="beeindigd", status_on=TODAY(), source_reference="x"), expected_version=7))
    assert "Iemand anders" in errors["__all__"][0]


def test_a_status_row_is_never_changed_or_deleted(cast):
    row = _register(cast).history.get()
    row.note = "anders"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()


@pytest.mark.parametrize("overrides,field,words", [
    ({"person_id": None}, "person", "Kies voor wie"),
    ({"measure_key": ""}, "measure_key", "Kies de maatregel"),
    ({"authority_kind": "Burgemeester"}, "authority_kind",
     "Burgemeester kan geen ondertoezichtstelling (ots) opleggen"),
    ({"requester": "Burgemeester"}, "requester", "kan niet worden aangevraagd door"),
    ({"first": StatusIn(status="toegewezen", status_on=TODAY(), starts_on=TODAY(),
                        ends_on=TODAY() - timedelta(days=1), end_reason="x",
                        source_reference="x")},
     "ends_on", "op of vóór de begindatum"),
    ({"first": StatusIn(status="toegewezen", status_on=TODAY(), starts_on=TODAY(),
                        ends_on=TODAY() + timedelta(days=30), source_reference="x")},
     "end_reason", "Schrijf op waarom de einddatum afwijkt"),
    ({"first": StatusIn(status="toegewezen", status_on=TODAY(), starts_on=TODAY())},
     "source_reference", "Noem de bron"),
    ({"first": StatusIn(status="", source_reference="x")}, "status", "Kies de status"),
    ({"first": StatusIn(status="toegewezen", status_on=TODAY() + timedelta(days=2),
                        starts_on=TODAY(), source_reference="x")},
     "status_on", "in de toekomst"),
    ({"conditions": [ConditionIn(kind="contactverbod")]}, "conditions",
     "noem met wie geen contact"),
])
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(cast, overrides, field, words):
    errors = _errors(lambda: _register(cast, **overrides))
    assert any(words in m for m in errors[field]), errors
    _nothing_saved()


def test_a_condition_naming_someone_outside_the_household_is_refused(cast):
    from netwerkdossier.households.models import Person

    stranger = Person.objects.create(given_names="Vreemd", family_name="Persoon",
                                     birth_date=date(1980, 1, 1))
    errors = _errors(lambda: _register(cast, conditions=[
        ConditionIn(kind="contactverbod", person_id=stranger.pk)]))
    assert "hoort niet bij dit huishouden" in errors["conditions"][0]
    _nothing_saved()


def test_a_mayor_does_not_get_asked_for_a_restraining_order(cast):
    errors = _errors(lambda: _register(
        cast, person_id=cast.father.pk, measure_key="tijdelijk_huisverbod",
        authority_kind="Burgemeester", authority_name="Burgemeester", requested_on=TODAY(),
        first=StatusIn(status="aangevraagd", source_reference="x")))
    assert "wordt niet aangevraagd" in errors["status"][0]


@pytest.mark.parametrize("org_key,measure_key,authority,allowed", [
    ("rvdk", "ots", "Kinderrechter", True),
    ("gi", "machtiging_uithuisplaatsing", "Kinderrechter", True),
    ("politie", "ots", "Kinderrechter", False),  # police: criminal and administrative only
    ("politie", "vrijheidsbeperkende_maatregel", "Strafrechter", True),
    ("rvdk", "vrijheidsbeperkende_maatregel", "Strafrechter", False),  # criminal data
    ("gi", "gedragsaanwijzing", "Officier van justitie", False),
    ("ggz", "ots", "Kinderrechter", False),
])
def test_who_records_which_law(cast, team_member, org_key, measure_key, authority, allowed):
    user = team_member(f"lid_{org_key}", org_key, "x")
    ctx = context_for(user, purpose="advies_rechter" if org_key == "rvdk" else
                      "veiligheidsbeoordeling" if org_key == "politie" else "hulpverlening")
    call = lambda: _register(cast, ctx, person_id=cast.father.pk,  # noqa: E731
                             measure_key=measure_key, authority_kind=authority)
    if allowed:
        measure = call()
        assert measure.owner_organisation == cast.skeleton.regional[org_key]
        assert measure.criminal_data is (measure.law == "strafrechtelijk")
    else:
        errors = _errors(call)
        assert errors["measure_key"][0].startswith("Uw organisatie legt geen ")
        _nothing_saved()


def test_a_granted_measure_is_a_monitoring_event_and_a_request_is_not(cast):
    """The indicators of new OTS and placements (monitoring) count granted measures: the
    grant writes its event in the same transaction, a request writes none."""
    from netwerkdossier.monitoring.models import Event

    requested = _register(cast, requested_on=TODAY() - timedelta(days=3),
                          first=StatusIn(status="aangevraagd",
                                         status_on=TODAY() - timedelta(days=3),
                                         source_reference="Verzoekschrift C/15/1"))
    assert not Event.objects.filter(kind=Event.Kind.MEASURE).exists()
    services.change_status(_rvt(cast), requested, StatusIn(
        status="toegewezen", status_on=TODAY(), starts_on=TODAY(),
        source_reference="Beschikking C/15/1"), expected_version=requested.version)
    events = Event.objects.filter(kind=Event.Kind.MEASURE)
    assert [(e.code, e.occurred_on) for e in events] == [("ots", TODAY())]
