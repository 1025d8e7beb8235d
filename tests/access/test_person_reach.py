"""The person-reach table (decision 0019) stays in step with the relations it is derived
from, and person search through it says what decide() says."""

from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from netwerkdossier.access import person_reach
from netwerkdossier.access.api import READ, context_for, decide, visible
from netwerkdossier.access.break_glass import start_break_glass
from netwerkdossier.access.models import BreakGlass, PersonReach
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.households.models import Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def found(user, person) -> bool:
    ctx = context_for(user)
    return visible(ctx, READ, Person.objects.filter(pk=person.pk)).exists()


def decided(user, person) -> bool:
    return decide(context_for(user), READ, person).allowed


def in_step() -> bool:
    return person_reach.differing_households() == []


def at(moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_cast_is_in_step_and_the_team_finds_the_family(cast):
    assert in_step()
    for username in ("lotte", "ruben", "gert"):
        assert found(cast.users[username], cast.noor)
        assert decided(cast.users[username], cast.noor)
    assert not found(cast.users["olga"], cast.noor)
    assert not decided(cast.users["olga"], cast.noor)


def test_a_new_member_is_found_at_once_and_a_removed_one_no_longer(cast):
    baby = Person.objects.create(given_names="Bo", family_name="Jansen",
                                 birth_date=timezone.localdate() - timedelta(days=30))
    lotte = cast.users["lotte"]
    assert not found(lotte, baby)
    member = HouseholdMember.objects.create(household=cast.household, person=baby,
                                            relation="child", valid_from=timezone.localdate())
    assert found(lotte, baby) and decided(lotte, baby)
    assert in_step()
    member.delete()
    assert not found(lotte, baby) and not decided(lotte, baby)
    assert in_step()


def test_a_team_assignment_holds_until_the_end_of_its_last_day(cast, monkeypatch):
    gert = cast.users["gert"]
    assignment = TeamAssignment.objects.get(case=cast.case, user=gert)
    last_day = timezone.localdate() + timedelta(days=5)
    assignment.valid_to = last_day
    assignment.save()
    assert in_step()
    tz = timezone.get_default_timezone()
    late_on_last_day = timezone.make_aware(datetime(last_day.year, last_day.month,
                                                    last_day.day, 23, 59), tz)
    at(late_on_last_day, monkeypatch)
    assert found(gert, cast.daan) and decided(gert, cast.daan)
    at(late_on_last_day + timedelta(minutes=2), monkeypatch)
    assert not found(gert, cast.daan) and not decided(gert, cast.daan)


def test_a_team_assignment_that_starts_later_does_not_reach_yet(cast):
    olga = cast.users["olga"]
    TeamAssignment.objects.create(case=cast.case, user=olga, role="consultant",
                                  organisation=olga.memberships.first().organisation,
                                  valid_from=timezone.localdate() + timedelta(days=1))
    assert in_step()
    assert not found(olga, cast.noor) and not decided(olga, cast.noor)


def test_emergency_access_reaches_the_family_until_it_expires(cast, ctx_of, monkeypatch):
    olga = cast.users["olga"]
    start_break_glass(ctx_of("olga"), cast.household, "Acute zorgen gemeld door de politie, "
                      "het team is niet bereikbaar en het kind is in gevaar.", hours=2)
    assert in_step()
    assert found(olga, cast.lieke) and decided(olga, cast.lieke)
    glass = BreakGlass.objects.get(user=olga)
    at(glass.expires_at + timedelta(seconds=1), monkeypatch)
    assert not found(olga, cast.lieke) and not decided(olga, cast.lieke)


def test_the_registrar_keeps_reaching_the_family(cast):
    other = Household.objects.create(name="Gezin Test", municipality="Noorderveld",
                                     region=cast.skeleton.region,
                                     owner_organisation=cast.household.owner_organisation,
                                     created_by=cast.users["olga"])
    person = Person.objects.create(given_names="Tess", family_name="Test",
                                   birth_date=timezone.localdate() - timedelta(days=9000))
    HouseholdMember.objects.create(household=other, person=person, relation="parent",
                                   valid_from=timezone.localdate())
    assert found(cast.users["olga"], person) and decided(cast.users["olga"], person)
    other.created_by = None
    other.save()
    assert not found(cast.users["olga"], person)
    assert in_step()


def test_a_registered_household_is_found_by_its_registrar_at_once(cast, ctx_of):
    from netwerkdossier.households.services import NewMember, register_household

    household = register_household(ctx_of("olga"), name="Gezin Kok", municipality="Zuiderhaven",
                                   members=[NewMember(relation="parent", given_names="Eva",
                                                      family_name="Kok",
                                                      birth_date=timezone.localdate()
                                                      - timedelta(days=12000))])
    eva = household.members.get().person
    assert found(cast.users["olga"], eva) and decided(cast.users["olga"], eva)
    assert in_step()


def test_leaving_the_team_ends_the_reach_after_the_last_day(cast, ctx_of, monkeypatch):
    from netwerkdossier.collaboration.services import change_team

    gert = cast.users["gert"]
    assignment = TeamAssignment.objects.get(case=cast.case, user=gert)
    change_team(ctx_of("lotte"), cast.case, kind="beeindiging", assignment_id=assignment.pk)
    assert in_step()
    tomorrow = timezone.localdate() + timedelta(days=1)
    at(timezone.make_aware(datetime(tomorrow.year, tomorrow.month, tomorrow.day, 9, 0),
                           timezone.get_default_timezone()), monkeypatch)
    assert not found(gert, cast.noor) and not decided(gert, cast.noor)


def test_a_person_outside_every_household_is_found_by_nobody(cast):
    """The rule before decision 0019 let an organisation find persons it recorded that
    are in no household; no code path creates such persons, and the rule is gone."""
    loose = Person.objects.create(given_names="Los", family_name="Persoon",
                                  birth_date=timezone.localdate() - timedelta(days=9000),
                                  recorded_by_organisation=cast.household.owner_organisation)
    for username in ("lotte", "tamara"):
        assert not found(cast.users[username], loose)
        assert not decided(cast.users[username], loose)


def test_check_names_a_household_out_of_step_and_rebuild_repairs_it(cast, capsys):
    PersonReach.objects.filter(person=cast.noor).delete()
    with pytest.raises(CommandError, match="1 huishouden"):
        call_command("reach", "check")
    assert str(cast.household.pk) in capsys.readouterr().out
    assert not found(cast.users["lotte"], cast.noor)
    call_command("reach", "rebuild")
    call_command("reach", "check")
    assert found(cast.users["lotte"], cast.noor)


def test_rows_left_for_a_removed_household_are_reported(cast):
    PersonReach.objects.create(user=cast.users["olga"], person=cast.noor,
                               household_id=cast.case.pk,  # no household has this id
                               relation="team", starts_at=person_reach.EARLIEST,
                               ends_at=person_reach.LATEST)
    assert person_reach.differing_households() == [cast.case.pk]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite lets one writer at a time; the race needs two")
@pytest.mark.django_db(transaction=True)
def test_two_writers_on_one_household_leave_no_stale_reach(transactional_db):
    """Writer A adds a child while writer B ends Gert's team assignment. Without the
    household lock, A's rows (computed while Gert was still on the team) survived B's
    rebuild, and Gert kept finding the new child."""
    import threading
    import time

    from netwerkdossier.synthetic.personas import build_cast

    cast = build_cast()  # committed: the two writers work on separate connections
    gert = cast.users["gert"]
    child = Person.objects.create(given_names="Bo", family_name="Jansen",
                                  birth_date=timezone.localdate() - timedelta(days=30))
    a_wrote, b_started, errors = threading.Event(), threading.Event(), []

    def writer_a():
        try:
            with transaction.atomic():
                HouseholdMember.objects.create(household=cast.household, person=child,
                                               relation="child",
                                               valid_from=timezone.localdate())
                a_wrote.set()
                b_started.wait(5)
                time.sleep(0.5)  # B is now waiting on the household (or racing ahead)
        except Exception as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer_a)
    thread.start()
    assert a_wrote.wait(5)
    with transaction.atomic():
        assignment = TeamAssignment.objects.get(case=cast.case, user=gert)
        assignment.valid_to = timezone.localdate() - timedelta(days=1)
        b_started.set()
        assignment.save()
    thread.join(10)
    assert not errors
    assert in_step()
    assert not found(gert, child) and not decided(gert, child)
    assert found(cast.users["lotte"], child)
