"""Coherence checks on the demo family's registered measures (measures/coherence.py
for_household): the facts come through the access module, so each reader is told only
of conflicts between measures they may read. The rules themselves, one by one:
tests/unit/test_measure_coherence.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.households.models import HouseholdMember
from netwerkdossier.measures import services
from netwerkdossier.measures.coherence import for_household
from netwerkdossier.measures.services import ConditionIn, StatusIn

pytestmark = pytest.mark.django_db


def _found(cast, username, purpose="hulpverlening"):
    ctx = context_for(cast.users[username], purpose=purpose)
    return {c.rule.key: c for c in for_household(ctx, cast.household)}


def _contact_arrangement(cast, child, parent):
    started = timezone.localdate() - timedelta(days=400)
    return services.register(
        context_for(cast.users["ruben"], purpose="hulpverlening"), cast.household,
        person_id=child.pk, measure_key="omgangsregeling", authority_kind="Familierechter",
        authority_name="Rechtbank Noord-Holland (synthetisch)", case_number="C/15/1",
        first=StatusIn(status="toegewezen", status_on=started, starts_on=started,
                       source_reference="Beschikking omgang C/15/1 (synthetisch)"),
        conditions=[ConditionIn(kind="omgang", person_id=parent.pk)])


def _move_back_in(person, cast):
    HouseholdMember.objects.filter(household=cast.household, person=person).update(
        lives_in=True)


def test_restraining_order_against_a_contact_arrangement_shows_for_the_team(world):
    contact = _contact_arrangement(world, world.lieke, world.father)
    found = _found(world, "ruben")
    conflict = found["contactverbod_tegen_omgang"]
    assert set(conflict.measure_ids) == {world.measures["huisverbod"].pk, contact.pk}
    assert world.father.given_names in conflict.text and world.lieke.given_names in conflict.text


def test_no_conflict_while_the_father_lives_elsewhere_and_has_no_contact_arrangement(world):
    found = _found(world, "ruben")
    assert "contactverbod_tegen_omgang" not in found
    assert "terug_tijdens_huisverbod" not in found
    assert "contactverbod_zelfde_adres" not in found
    # Daan's placement while registered at home is a point of attention, not a conflict.
    assert not found["uithuisgeplaatst_maar_thuis"].is_conflict


def test_father_back_home_during_the_restraining_order(world):
    _move_back_in(world.father, world)
    found = _found(world, "ruben")
    assert found["terug_tijdens_huisverbod"].is_conflict
    assert found["contactverbod_zelfde_adres"].measure_ids == (world.measures["huisverbod"].pk,)


def test_a_criminal_measure_never_shows_in_a_conflict_for_who_may_not_read_it(world):
    """The gedragsaanwijzing (criminal data) bars Mark from Sanne: with Mark back home the
    police see its conflict; the local team, the Raad and GGZ see only the huisverbod's."""
    _move_back_in(world.father, world)
    criminal = world.measures["gedragsaanwijzing"].pk
    police = for_household(context_for(world.users["piet"], purpose="veiligheidsbeoordeling"),
                           world.household)
    assert any(criminal in c.measure_ids for c in police)
    for username in ("lotte", "rianne", "gert", "ruben"):
        user = world.users.get(username)
        if user is None:
            continue
        seen = for_household(context_for(user, purpose="hulpverlening"), world.household)
        assert all(criminal not in c.measure_ids for c in seen), username


def test_an_outsider_and_a_seat_or_emergency_access_see_what_they_may(world,
                                                                      seat_and_emergency):
    """A professional of another local team outside the household is told nothing; a
    case-table seat reads no measure (no conflict either); emergency access reads the
    civil measures, never the criminal one."""
    from netwerkdossier.accounts.models import User
    from netwerkdossier.organisations.models import Membership

    _move_back_in(world.father, world)
    stranger = User.objects.create(username="vreemde", first_name="V", last_name="Reemd")
    Membership.objects.create(user=stranger, discipline="maatschappelijk_werker",
                              organisation=world.skeleton.wijkteams["Zuiderhaven"],
                              valid_from=timezone.localdate() - timedelta(days=30))
    assert for_household(context_for(stranger, purpose="hulpverlening"), world.household) == []
    stella, eva = seat_and_emergency
    assert for_household(context_for(stella, purpose="hulpverlening"), world.household) == []
    criminal = world.measures["gedragsaanwijzing"].pk
    urgent = for_household(context_for(eva, purpose="hulpverlening"), world.household)
    assert all(criminal not in c.measure_ids for c in urgent)


@pytest.mark.parametrize("username", ["ruben", "lotte", "piet", "rianne", "gert"])
def test_the_worklist_form_says_what_the_household_form_says(world, username):
    """coherence.for_households (several households, the worklist's) finds the same
    conflicts as for_household (the page's) for every reader, criminal measures
    included only for the police."""
    from netwerkdossier.measures.coherence import for_households
    from tests.measures.test_pages import PERSONAS

    _contact_arrangement(world, world.lieke, world.father)
    _move_back_in(world.father, world)
    purpose = PERSONAS[username][0]
    ctx = context_for(world.users[username], purpose=purpose)
    one = [(c.rule.key, set(c.measure_ids)) for c in for_household(ctx, world.household)]
    ctx = context_for(world.users[username], purpose=purpose)
    several = for_households(ctx, [world.household.pk]).get(world.household.pk, [])
    assert one == [(c.rule.key, set(c.measure_ids)) for c in several]
    assert one or username == "gert"  # GGZ reads no measure of this household


def test_conflict_on_the_household_page_and_the_worklist(world, login):
    """The restraining order against Lieke's contact arrangement with her father shows
    on the household page (with the legal overview linked) and as a red signal on the
    worklist of the team; the worklist of a professional outside the team has no case."""
    _contact_arrangement(world, world.lieke, world.father)
    client = login("ruben")
    page = client.get(f"/huishoudens/{world.household.pk}").content.decode()
    assert 'data-coherence="contactverbod_tegen_omgang"' in page
    assert f"/huishoudens/{world.household.pk}/juridisch-overzicht" in page
    worklist = client.get("/").content.decode()
    assert 'data-signal="botsing_contactverbod_tegen_omgang"' in worklist
    assert "Maatregelen botsen: Contactverbod botst met omgangsregeling" in worklist


def test_no_conflict_signal_without_a_conflict(world, login):
    worklist = login("ruben").get("/").content.decode()
    assert 'data-signal="botsing_contactverbod_tegen_omgang"' not in worklist
    # A point of attention (Daan placed but registered at home) is not a worklist signal.
    assert 'data-signal="botsing_uithuisgeplaatst_maar_thuis"' not in worklist
