"""Privacy-officer queries on the access log: filters and unusual patterns."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkdossier.access.break_glass import start_break_glass
from netwerkdossier.access.relations import FULL, ORDER
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.queries import (
    OUTSIDE_TEAM_RULES,
    LogFilter,
    json_list_has,
    unusual_patterns,
)
from netwerkdossier.households.models import Household
from netwerkdossier.synthetic.sign_in import sign_in
from tests.conftest import state_purpose

pytestmark = pytest.mark.django_db

REASON = "Acute zorgen gemeld door de politie, team niet bereikbaar."


def opened(ctx, n, rule="case_table", event_code="household.read", ids=None):
    ids = ids or [uuid.uuid4() for _ in range(n)]
    append(ctx, [LogEvent(event_code=event_code, action="R", object_type="household",
                          object_ids=[i], rule=rule) for i in ids])


def window():
    now = timezone.now()
    return now - timedelta(hours=1), now + timedelta(hours=1)


def kinds(patterns, kind):
    return {p.username: p.count for p in patterns if p.kind == kind}


def test_many_households_outside_the_team_are_flagged(cast, ctx_of):
    opened(ctx_of("olga"), 11)
    opened(ctx_of("ruben"), 10)  # exactly the threshold: not more than it
    opened(ctx_of("lotte"), 30, rule="team")
    opened(ctx_of("gert"), 30, rule="team+afspraak:x/y")
    assert kinds(unusual_patterns(*window()), "outside_team") == {"olga": 11}
    assert kinds(unusual_patterns(*window(), threshold=9), "outside_team") == {
        "olga": 11, "ruben": 10}


def households(cast, n):
    """n households of the cast household's organisation (the wijkteam Noorderveld,
    Tamara's organisation), registered by Lotte."""
    base = cast.household
    return [Household.objects.create(
        name=f"Gezin Test {i}", municipality=base.municipality, region=base.region,
        owner_organisation=base.owner_organisation, created_by=cast.users["lotte"])
        for i in range(n)]


def open_pages(client, user, many):
    sign_in(client, user)
    state_purpose(client, "hulpverlening")
    for household in many:
        assert client.get(reverse("web:household", args=[household.pk])).status_code == 200


def test_team_manager_reading_own_organisation_is_not_flagged(cast, client):
    many = households(cast, 30)
    open_pages(client, cast.users["tamara"], many)
    reads = AccessLogRecord.objects.filter(username="tamara", event_code="household.read")
    assert reads.count() == 30 and set(reads.values_list("rule", flat=True)) == {"manager"}
    open_pages(client, cast.users["lotte"], many)  # the registrar
    assert set(AccessLogRecord.objects.filter(username="lotte").values_list(
        "rule", flat=True)) == {"registrar"}
    assert kinds(unusual_patterns(*window()), "outside_team") == {}


def test_many_households_through_emergency_access_are_flagged(cast, client, ctx_of):
    many = households(cast, 11)
    ctx = ctx_of("olga")
    for household in many:
        start_break_glass(ctx, household, REASON)
    open_pages(client, cast.users["olga"], many)
    reads = AccessLogRecord.objects.filter(username="olga", event_code="household.read")
    assert set(reads.values_list("rule", flat=True)) == {"break_glass"}
    assert kinds(unusual_patterns(*window()), "outside_team") == {"olga": 11}


def test_only_reads_from_outside_the_team_count(cast, ctx_of):
    ctx = ctx_of("tamara")
    for rule in ("manager", "registrar", "team", "member", "visible", ""):
        opened(ctx, 11, rule=rule)
    assert kinds(unusual_patterns(*window()), "outside_team") == {}
    opened(ctx, 6, rule="break_glass")
    opened(ctx, 5, rule="case_table")
    assert kinds(unusual_patterns(*window()), "outside_team") == {"tamara": 11}


def test_every_relation_is_either_work_or_outside_the_team():
    work = {*FULL, "member"}
    assert set(ORDER) == work | set(OUTSIDE_TEAM_RULES)
    assert not work & set(OUTSIDE_TEAM_RULES)


def test_households_are_counted_once_and_lists_do_not_count(cast, ctx_of):
    ctx = ctx_of("olga")
    same = uuid.uuid4()
    opened(ctx, 20, ids=[same] * 20)
    opened(ctx, 20, event_code="household.search")
    append(ctx, [LogEvent(event_code="household.read", action="R", result="refused",
                          object_type="household", object_ids=[uuid.uuid4()],
                          rule="not_related") for _ in range(3)])
    assert kinds(unusual_patterns(*window(), threshold=0), "outside_team") == {"olga": 1}


def test_period_is_respected(cast, ctx_of):
    opened(ctx_of("olga"), 11)
    later = timezone.now() + timedelta(minutes=1)
    assert kinds(unusual_patterns(later, later + timedelta(days=1)), "outside_team") == {}
    earlier = timezone.now() - timedelta(days=2)
    assert kinds(unusual_patterns(earlier, earlier + timedelta(days=1)), "outside_team") == {}


def test_many_refusals_are_flagged(cast, ctx_of):
    for username, n in (("olga", 6), ("ruben", 5)):
        append(ctx_of(username), [LogEvent(event_code="entry.read", action="R",
                                           result="refused", object_type="entry",
                                           object_ids=[uuid.uuid4()], rule="confidential")
                                  for _ in range(n)])
    assert kinds(unusual_patterns(*window()), "refusals") == {"olga": 6}
    assert kinds(unusual_patterns(*window(), refusal_threshold=4), "refusals") == {
        "olga": 6, "ruben": 5}


def test_unreviewed_break_glass_is_listed_until_reviewed(cast, ctx_of):
    glass = start_break_glass(ctx_of("olga"), cast.household, REASON)
    [pattern] = [p for p in unusual_patterns(*window()) if p.kind == "break_glass_unreviewed"]
    assert (pattern.username, pattern.since) == ("olga", glass.started_at)
    assert pattern.filters == {"professional": "olga", "btg": "1"}
    glass.reviewed_at = timezone.now()
    glass.save()
    assert not [p for p in unusual_patterns(*window()) if p.kind == "break_glass_unreviewed"]


def test_subject_filter_is_exact_on_this_database(cast, ctx_of):
    ctx = ctx_of("lotte")
    wanted, other = uuid.uuid4(), uuid.uuid4()
    append(ctx, [
        LogEvent(event_code="a", action="R", subject_ids=[wanted, other]),
        LogEvent(event_code="b", action="R", subject_ids=[other]),
        LogEvent(event_code="c", action="R", subject_ids=[]),
        # The id as a prefix of a longer value must not match.
        LogEvent(event_code="d", action="R", subject_ids=[f"{wanted}x"]),
        LogEvent(event_code="e", action="R", subject_ids=[f"x{wanted}"]),
    ])
    found = AccessLogRecord.objects.filter(json_list_has("subject_ids", wanted))
    assert list(found.values_list("event_code", flat=True)) == ["a"]
    assert list(LogFilter(person_ids=[wanted]).queryset()
                .values_list("event_code", flat=True)) == ["a"]


def test_date_filter_includes_the_last_day(cast, ctx_of):
    append(ctx_of("lotte"), [LogEvent(event_code="x", action="R")])
    today = timezone.localdate()
    assert LogFilter(date_from=today, date_to=today).queryset().exists()
    assert not LogFilter(date_to=today - timedelta(days=1)).queryset().exists()
