"""The worklist's measure signal (measures/deadlines.py): red when a measure in force has
reached its reminder date without a decided extension; silent before, after an
extension or an end, and for whoever may not read the measure."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.measures import deadlines, services
from netwerkdossier.measures.models import Measure
from netwerkdossier.measures.services import StatusIn

pytestmark = pytest.mark.django_db
SIGNAL = 'data-signal="maatregel_loopt_af"'
TODAY = timezone.localdate


def _signals(client) -> list[str]:
    html = client.get("/").content.decode()
    return [part.split("</a>")[0].split(">")[-1] for part in html.split(SIGNAL)[1:]]


@pytest.mark.parametrize("username,purpose,fires", [
    ("lotte", "hulpverlening", True), ("ruben", "hulpverlening", True),
    ("piet", "veiligheidsbeoordeling", True), ("rianne", "advies_rechter", True),
    ("gert", "hulpverlening", False),  # may not read Mark's huisverbod (no consent)
])
def test_the_red_signal_fires_for_who_may_read_the_measure(world, login, username, purpose,
                                                           fires):
    signals = _signals(login(username, purpose))
    expected = ["Tijdelijk huisverbod van Mark loopt af zonder besluit over verlenging "
                f"(einde {(TODAY() + timedelta(days=2)).strftime('%d-%m-%Y')}): vraag "
                "verlenging aan of sluit af"]
    assert signals == (expected if fires else [])
    if fires:
        logged = AccessLogRecord.objects.get(event_code="worklist.measure_deadlines",
                                             username=username)
        assert logged.object_ids == [str(world.measures["huisverbod"].pk)]


def test_silent_after_a_decided_extension_and_again_red_at_the_maximum(world, login):
    ruben = context_for(world.users["ruben"], purpose="hulpverlening")
    huisverbod = world.measures["huisverbod"]
    services.change_status(ruben, huisverbod, StatusIn(
        status="verlengd", status_on=TODAY(), source_reference="Verlenging THV-0001"))
    assert _signals(login("lotte")) == []
    # Past its reminder date again, at the legal maximum: it cannot be extended again.
    huisverbod.refresh_from_db()
    with_time = deadlines.for_households(context_for(world.users["lotte"],
                                                     purpose="hulpverlening"),
                                         [world.household.pk],
                                         huisverbod.ends_on - timedelta(days=1))
    (code, text, _url), = with_time[world.household.pk]
    assert code == deadlines.ENDING and "verlengen kan niet meer" in text


def test_silent_before_the_reminder_date_and_after_the_end(world, login):
    ruben = context_for(world.users["ruben"], purpose="hulpverlening")
    ots = world.measures["ots"]
    lotte = context_for(world.users["lotte"], purpose="hulpverlening")
    assert deadlines.for_households(lotte, [world.household.pk], ots.remind_on
                                    - timedelta(days=1)).get(world.household.pk, []) == [
        (deadlines.ENDING, deadlines.ending_text(
            world.measures["huisverbod"], world.measures["huisverbod"].catalogue_entry,
            "Mark"), "")]
    codes = [c for c, _t, _u in deadlines.for_households(lotte, [world.household.pk],
                                                         ots.remind_on)[world.household.pk]]
    # The huisverbod (never ended), the OTS and the uithuisplaatsing (same dates).
    assert codes == [deadlines.ENDING] * 3
    services.change_status(ruben, world.measures["huisverbod"], StatusIn(
        status="beeindigd", status_on=TODAY(), source_reference="Einde THV-0001"))
    assert _signals(login("lotte")) == []


def test_a_hearing_soon_is_a_signal(world):
    ruben = context_for(world.users["ruben"], purpose="hulpverlening")
    start = TODAY() - timedelta(days=10)
    services.register(ruben, world.household, person_id=world.lieke.pk,
                      measure_key="voorlopige_ots", authority_kind="Kinderrechter",
                      authority_name="Rechtbank",
                      first=StatusIn(status="toegewezen", status_on=start, starts_on=start,
                                     source_reference="C/15/8"))
    found = deadlines.for_households(ruben, [world.household.pk], TODAY())
    assert (deadlines.HEARING in {c for c, _t, _u in found[world.household.pk]})
    hearing = Measure.objects.get(person=world.lieke, measure_key="voorlopige_ots").hearing_on

    def codes_on(day):
        return {c for c, _t, _u in deadlines.for_households(
            ruben, [world.household.pk], day).get(world.household.pk, [])}
    # Within SOON_DAYS up to the hearing day itself; not earlier, not after it.
    assert deadlines.HEARING in codes_on(hearing - timedelta(days=deadlines.SOON_DAYS - 1))
    assert deadlines.HEARING in codes_on(hearing)
    assert deadlines.HEARING not in codes_on(hearing - timedelta(days=deadlines.SOON_DAYS))
    assert deadlines.HEARING not in codes_on(hearing + timedelta(days=1))


def test_the_page_reads_the_measures_once_for_deadlines_and_conflicts(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.measures.test_coherence import _contact_arrangement, _move_back_in

    _contact_arrangement(world, world.lieke, world.father)  # a conflict with the huisverbod
    _move_back_in(world.father, world)
    client = login("lotte")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    # Both were computed from that one read: the red deadline and a conflict.
    assert SIGNAL in html and 'data-signal="botsing_' in html
    reads = [q["sql"] for q in queries.captured_queries
             if 'FROM "measures_measure" ' in q["sql"]]
    assert len(reads) == 1


def test_one_query_for_the_whole_page(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lotte = context_for(world.users["lotte"], purpose="hulpverlening")
    households = [world.household.pk, *(__import__("uuid").uuid4() for _ in range(30))]
    deadlines.for_households(lotte, households, TODAY())  # the relations, once per page
    with CaptureQueriesContext(connection) as queries:
        deadlines.for_households(lotte, households, TODAY())
    reads = [q["sql"] for q in queries.captured_queries if "measures_measure" in q["sql"]]
    assert len(reads) == 1  # every household of the page at once (the log append aside)
