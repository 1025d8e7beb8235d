"""The access module writes the log records of what it let through (access/reads.py):
object type and subjects come from the catalogue, flags from the granting rule."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from netwerkdossier.access.api import READ, AccessRefused, event, fetch, record, together
from netwerkdossier.access.decision import Decision
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def _last():
    return AccessLogRecord.objects.order_by("-id").first()


def _count():
    return AccessLogRecord.objects.count()


def test_entry_record_names_the_entry_subjects(cast, ctx_of):
    entry = Entry.objects.filter(household=cast.household, subjects=cast.daan).first()
    record(ctx_of("lotte"), "entry.read", [entry], rule="team+own_org")
    logged = _last()
    assert logged.object_type == "entry"
    assert logged.object_ids == [str(entry.pk)]
    assert set(logged.subject_ids) == {str(p.pk) for p in entry.subjects.all()}
    assert logged.rule == "team+own_org"
    assert logged.action == "R" and logged.result == "granted"


def test_household_record_names_current_members_only(cast, ctx_of):
    left = HouseholdMember.objects.filter(household=cast.household, person=cast.lieke).first()
    left.valid_to = timezone.localdate() - timedelta(days=1)
    left.save()
    record(ctx_of("lotte"), "household.read", [cast.household])
    subjects = set(_last().subject_ids)
    assert str(cast.mother.pk) in subjects
    assert str(cast.lieke.pk) not in subjects  # no longer lives there
    assert _last().rule == "visible"  # a list filtered by visible() names no decision


def test_person_record_is_about_that_person(cast, ctx_of):
    record(ctx_of("lotte"), "api.person.list", [cast.noor, cast.daan])
    assert _last().object_type == "person"
    assert set(_last().subject_ids) == {str(cast.noor.pk), str(cast.daan.pk)}


def test_extra_subjects_are_added_and_placeholders_name_none(cast, ctx_of):
    ctx = ctx_of("lotte")
    outsider = Person.objects.create(given_names="Gezag", family_name="Houder",
                                     birth_date=timezone.localdate() - timedelta(days=15000))
    record(ctx, "household.read", [cast.household], subjects=[outsider])
    assert str(outsider.pk) in _last().subject_ids
    entry = Entry.objects.filter(household=cast.household).first()
    record(ctx, "entry.placeholder", [entry], rule="placeholder", existence_only=True)
    assert _last().subject_ids == []


def test_emergency_rule_sets_the_flag_and_purpose(cast, ctx_of):
    record(ctx_of("olga"), "household.read", [cast.household],
           decision=Decision(True, "break_glass", ""))
    assert _last().break_glass is True
    assert _last().purpose == "noodtoegang"
    record(ctx_of("lotte"), "entry.read", [Entry.objects.first()],
           decision=Decision(True, "team+afspraak:x/y+toestemming", ""))
    assert _last().consent_profile == "toestemming" and _last().break_glass is False


def test_writes_take_their_action_code(cast, ctx_of):
    entry = Entry.objects.filter(household=cast.household).first()
    record(ctx_of("lotte"), "entry.create", [entry], action="add_entry")
    assert _last().action == "C"


def test_together_writes_one_batch_and_nothing_when_the_block_fails(cast, ctx_of):
    ctx = ctx_of("lotte")
    before = _count()
    with together(ctx):
        record(ctx, "household.read", [cast.household])
        record(ctx, "entry.list", list(Entry.objects.filter(household=cast.household)[:3]))
        assert _count() == before  # held until the block ends
    assert _count() == before + 2
    with pytest.raises(RuntimeError), transaction.atomic():
        with together(ctx):
            record(ctx, "household.read", [cast.household])
            raise RuntimeError
    assert _count() == before + 2
    assert "access_log_batch" not in ctx.cache


def test_nothing_shown_writes_nothing(cast, ctx_of):
    before = _count()
    record(ctx_of("lotte"), "entry.list", [])
    assert _count() == before


def test_event_refuses_family_data_but_takes_screens(cast, ctx_of):
    ctx = ctx_of("priya")
    with pytest.raises(TypeError):
        event(ctx, "entry.read", "R", object_type="entry", object_ids=["x"])
    with pytest.raises(TypeError):
        event(ctx, "x", "R", object_type="screen", object_ids=[cast.household])
    event(ctx, "access.matrix", "R", object_type="access_matrix")
    assert _last().object_type == "access_matrix"


def test_fetch_logs_a_granted_read_only_when_asked(cast, ctx_of):
    ctx = ctx_of("lotte")
    before = _count()
    household, decision = fetch(ctx, Household.objects.all(), cast.household.pk,
                                event_code="household.read")
    assert _count() == before
    fetch(ctx, Household.objects.all(), cast.household.pk, event_code="household.read",
          log=True)
    assert _count() == before + 1
    assert _last().rule == decision.rule and _last().object_type == "household"


def test_fetch_refusal_names_the_catalogued_type(cast, ctx_of):
    with pytest.raises(AccessRefused) as refused:
        fetch(ctx_of("priya"), Household.objects.all(), cast.household.pk,
              action=READ, event_code="household.read", log=True)
    assert refused.value.object_type == "household"


def test_known_subjects_replace_the_lookup(cast, ctx_of, django_assert_num_queries):
    ctx = ctx_of("lotte")
    with together(ctx):
        with django_assert_num_queries(0):
            record(ctx, "household.read", [cast.household], known_subjects=[cast.noor])
    assert _last().subject_ids == [str(cast.noor.pk)]
