"""The synthetic region generator: determinism, plausibility and consistency."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection, transaction

from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import Case, Phase, TeamAssignment
from netwerkdossier.dossier.models import Entry, EntrySubject
from netwerkdossier.households.bsn import is_valid_bsn
from netwerkdossier.households.models import Gezag, Household, HouseholdMember, Person
from netwerkdossier.households.search_keys import fold
from netwerkdossier.organisations.models import Membership
from netwerkdossier.synthetic import personas
from netwerkdossier.synthetic.generator import ANCHOR, AlreadySeeded, generate_region

N = 25


def fingerprint() -> tuple:
    people = sorted(Person.objects.values_list("given_names", "family_name", "birth_date", "bsn"))
    entries = hashlib.sha256()
    for row in Entry.objects.order_by("id").values_list(
        "id", "kind", "text", "occurred_at", "author__username", "confidentiality", "version",
        "case__title", "household__name",
    ):
        entries.update(repr(row).encode())
    return (people, Entry.objects.count(), EntrySubject.objects.count(), Case.objects.count(),
            entries.hexdigest())


def generate_and_roll_back(seed: int, households: int = N) -> tuple:
    with transaction.atomic():
        generate_region(households, seed=seed, progress=False)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


@pytest.fixture
def region(db):
    return generate_region(N, seed=7, progress=False)


@pytest.mark.django_db
def test_same_seed_gives_identical_data():
    first = generate_and_roll_back(11)
    assert Person.objects.count() == 0
    second = generate_and_roll_back(11)
    assert first == second
    assert first != generate_and_roll_back(12)


def test_counts_are_roughly_proportional(region):
    counts = region.counts
    assert counts["households"] == N == Household.objects.count()
    assert counts["organisations"] == 11
    assert 2.5 * N <= counts["persons"] == Person.objects.count() <= 6 * N
    assert counts["entries"] == Entry.objects.count()
    assert 10 * N <= counts["entries"] <= 150 * N
    assert counts["cases"] == Case.objects.count() >= N // 2
    assert EntrySubject.objects.count() >= counts["entries"]


def test_bsns_valid_and_unique_and_search_keys_filled(region):
    rows = list(Person.objects.values_list("bsn", "family_name", "family_key", "given_names",
                                           "given_key"))
    bsns = [r[0] for r in rows]
    assert all(is_valid_bsn(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)
    assert all(r[2] == fold(r[1]) and r[4] == fold(r[3]) for r in rows)


def test_children_born_well_after_their_parents(region):
    born = dict(Person.objects.values_list("id", "birth_date"))
    gezag = Gezag.objects.filter(kind="ouderlijk").values_list("holder_id", "child_id")
    assert gezag
    for holder, child in gezag:
        assert born[child] > born[holder] + timedelta(days=16 * 365)
    assert all(b <= ANCHOR for b in born.values())


def test_histories_are_ordered_and_in_the_past(region):
    for model in (HouseholdMember, Gezag, TeamAssignment, Membership):
        for valid_from, valid_to in model.objects.values_list("valid_from", "valid_to"):
            assert valid_to is None or valid_from <= valid_to <= ANCHOR
    assert HouseholdMember.objects.filter(valid_to__isnull=False).exists()
    for case in Case.objects.all():
        if case.phase == Phase.AFGESLOTEN:
            assert case.closed_on and case.next_deadline is None
        else:
            assert case.closed_on is None and case.next_deadline and case.next_deadline_label


def test_entries_are_written_by_the_team_or_the_owner(region):
    team = {(c, u) for c, u in TeamAssignment.objects.values_list("case_id", "user_id")}
    members = {(u, o) for u, o in Membership.objects.values_list("user_id", "organisation_id")}
    discipline = dict(Membership.objects.values_list("user_id", "discipline"))
    for e in Entry.objects.values("id", "case_id", "author_id", "owner_organisation_id",
                                  "author_discipline", "root_id", "version", "replaces_id",
                                  "confidentiality", "is_current"):
        if e["case_id"] is not None:
            assert (e["case_id"], e["author_id"]) in team
        assert (e["author_id"], e["owner_organisation_id"]) in members
        assert e["author_discipline"] == discipline[e["author_id"]]
        if e["version"] == 1:
            assert e["root_id"] == e["id"] and e["replaces_id"] is None
        else:
            assert e["root_id"] == e["replaces_id"]
        if e["confidentiality"] == 30:
            assert e["author_discipline"] in ("gz_psycholoog", "psychiater")
    # every entry is about 1-3 members of its own household
    household_of = dict(HouseholdMember.objects.values_list("person_id", "household_id"))
    for entry_id, household_id, person_id in EntrySubject.objects.values_list(
        "entry_id", "entry__household_id", "person_id"
    ):
        assert household_of[person_id] == household_id, entry_id


def test_professionals_cannot_log_in_and_do_not_collide_with_personas(region):
    pros = User.objects.filter(username__startswith="nv-")
    assert pros.count() == region.counts["professionals"]
    assert not any(u.has_usable_password() for u in pros)
    persona_names = {p[0] for p in personas.PROFESSIONALS}
    assert not persona_names & set(pros.values_list("username", flat=True))


def test_seed_run_is_logged_and_refuses_to_run_twice(region):
    record = AccessLogRecord.objects.get(event_code="synthetic.seed")
    assert record.object_type == "region" and record.user_id == ""
    with pytest.raises(AlreadySeeded):
        generate_region(3, seed=7, progress=False)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY fast path is PostgreSQL-only")
def test_fast_load_restores_the_exact_schema():
    tables = ["households_person", "households_household", "households_householdmember",
              "households_gezag", "cases_case", "cases_teamassignment", "dossier_entry",
              "dossier_entrysubject", "accounts_user", "dossier_attachment"]

    def schema():
        with connection.cursor() as cur:
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
                        [tables])
            indexes = sorted(cur.fetchall())
            cur.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                        "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)", [tables])
            return indexes, sorted(cur.fetchall())

    before = schema()
    generate_region(8, seed=3, progress=False, fast_load=True)
    assert schema() == before
    assert Entry.objects.count() > 0
