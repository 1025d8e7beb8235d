"""Team changes: RVT involvement keeps the local professional, handovers and new
organisations are counted, only the right roles change the team, bad input saves nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.collaboration import metrics
from netwerkdossier.collaboration.models import TeamChange
from netwerkdossier.collaboration.services import TeamChangeRefused, change_team
from netwerkdossier.dossier.models import Entry
from netwerkdossier.organisations.models import Membership

pytestmark = pytest.mark.django_db
Role = TeamAssignment.Role


def _current(case):
    today = timezone.localdate()
    return {(a.user.username, a.role) for a in TeamAssignment.objects.filter(
        case=case, valid_from__lte=today).exclude(valid_to__lte=today).select_related("user")}


def _snapshot():
    return (TeamChange.objects.count(), TeamAssignment.objects.count(),
            list(TeamAssignment.objects.values_list("pk", "valid_to").order_by("pk")),
            Entry.objects.count())


def test_rvt_joint_work_keeps_the_local_professional(cast, ctx_of, make_case):
    lotte, ruben = cast.users["lotte"], cast.users["ruben"]
    case = make_case(team=[(lotte, Role.CASUSREGISSEUR), (lotte, Role.VAST_GEZICHT)])
    change = change_team(ctx_of("lotte"), case, kind="rvt_gezamenlijk", username="ruben")

    assert change.kind == "rvt_gezamenlijk" and change.role == Role.VAST_DUO
    assert change.to_user == ruben and change.to_organisation.kind == "rvt"
    assert change.from_user is None
    # The local professional stays on the team, in both roles, not ended.
    assert _current(case) == {("lotte", "casusregisseur"), ("lotte", "vast_gezicht"),
                              ("ruben", "vast_duo")}
    assert not TeamAssignment.objects.filter(case=case, user=lotte,
                                             valid_to__isnull=False).exists()
    entry = change.entry
    assert entry.kind == "decision" and entry.case == case
    assert "gezamenlijk werken" in entry.text and "Het lokale team blijft betrokken" in entry.text
    record = AccessLogRecord.objects.get(event_code="team.change")
    assert str(change.pk) in record.object_ids and record.action == "C"


def test_rvt_consultation_joins_as_consultant_and_needs_an_rvt_professional(
        cast, ctx_of, make_case):
    lotte = cast.users["lotte"]
    case = make_case(team=[(lotte, Role.CASUSREGISSEUR)])
    before = _snapshot()
    with pytest.raises(ValidationError) as caught:
        change_team(ctx_of("lotte"), case, kind="rvt_consultatie", username="gert")
    assert "werkt niet bij het regionaal veiligheidsteam" in \
        caught.value.message_dict["username"][0]
    assert _snapshot() == before

    change_team(ctx_of("lotte"), case, kind="rvt_consultatie", username="ruben")
    assert _current(case) == {("lotte", "casusregisseur"), ("ruben", "consultant")}


def test_handover_ends_one_assignment_starts_another_and_is_counted(
        cast, ctx_of, make_professional):
    make_professional("sara", "wijkteam:Noorderveld", first="Sara", last="Kok")
    lotte_regie = TeamAssignment.objects.get(case=cast.case, user=cast.users["lotte"])
    change = change_team(ctx_of("lotte"), cast.case, kind="overdracht",
                         assignment_id=lotte_regie.pk, username="sara",
                         reason="Lotte gaat met zwangerschapsverlof.")
    lotte_regie.refresh_from_db()
    assert lotte_regie.valid_to == timezone.localdate()
    assert _current(cast.case) == {("sara", "casusregisseur"), ("ruben", "vast_duo"),
                                   ("gert", "consultant")}
    assert (change.from_user.username, change.to_user.username) == ("lotte", "sara")
    assert change.reason == "Lotte gaat met zwangerschapsverlof."
    assert "zwangerschapsverlof" not in change.entry.text  # the reason stays off the timeline

    counts = metrics.case_counts([cast.case.pk])[cast.case.pk]
    # lotte, ruben, gert, sara; wijkteam Noorderveld, RVT, GGZ (sara is also wijkteam).
    assert counts == {"handovers": 1, "professionals": 4, "organisations": 3,
                      "new_organisations": 3}
    # Lotte handed over: she no longer changes the team; Sara does.
    with pytest.raises(TeamChangeRefused):
        change_team(ctx_of("lotte"), cast.case, kind="toewijzing", role="vast_gezicht",
                    username="lotte")
    change_team(ctx_of("sara"), cast.case, kind="toewijzing", role="vast_gezicht",
                username="sara")


def test_new_organisations_are_counted_over_all_cases_of_the_household(
        cast, ctx_of, make_case, make_professional):
    from netwerkdossier.households.models import Household

    lotte, ruben = cast.users["lotte"], cast.users["ruben"]
    gina = make_professional("gina", "gi")
    piet = make_professional("piet", "politie")
    # Case A (the cast's case, 60 days old): wijkteam Noorderveld, RVT, GGZ -> 3 new.
    # Case B (10 days old): lotte (wijkteam, known) and gina (GI, new) -> 1 new;
    # then the RVT is consulted, but the RVT already knows the family -> still 1.
    case_b = make_case("Traject B", team=[(lotte, Role.CASUSREGISSEUR),
                                          (gina, Role.CONSULTANT)], opened_days_ago=10)
    change_team(ctx_of("lotte"), case_b, kind="rvt_consultatie", username="ruben")
    # Case C (5 days old): gina (GI, known from B) and piet (politie, new) -> 1 new.
    case_c = make_case("Traject C", team=[(gina, Role.CASUSREGISSEUR),
                                          (piet, Role.CONSULTANT)], opened_days_ago=5)
    # Another household: the same wijkteam is new there (counted per household) -> 1.
    other = Household.objects.create(name="Gezin Anders", municipality="Noorderveld",
                                     region=cast.skeleton.region,
                                     owner_organisation=cast.case.lead_organisation,
                                     created_by=lotte)
    from netwerkdossier.cases.models import Case

    case_d = Case.objects.create(household=other, region=cast.skeleton.region,
                                 lead_organisation=cast.case.lead_organisation,
                                 title="Ander gezin")
    TeamAssignment.objects.create(case=case_d, user=lotte, role=Role.CASUSREGISSEUR,
                                  organisation=cast.case.lead_organisation)

    counts = metrics.case_counts([cast.case.pk, case_b.pk, case_c.pk, case_d.pk])
    assert [counts[c.pk]["new_organisations"] for c in (cast.case, case_b, case_c, case_d)] \
        == [3, 1, 1, 1]
    assert counts[case_b.pk]["organisations"] == 3  # wijkteam, GI, RVT
    assert counts[case_b.pk]["professionals"] == 3  # lotte, gina, ruben
    assert metrics.household_new_organisations(cast.household.pk) == 5
    assert metrics.household_new_organisations(other.pk) == 1

    region = Case.objects.filter(region=cast.skeleton.region)
    totals = metrics.totals(region)
    assert totals["cases"] == 4 and totals["handovers"] == 0
    assert totals["new_organisations"] == 6
    # (3 + 3 + 2 + 1) professionals over 4 cases with a team.
    assert totals["professionals_per_case"] == 2.25
    # Only events from the last week: case C's politie (5 days ago) and the RVT's
    # consultation in case B (today) brings no new organisation.
    week = metrics.totals(region, start=timezone.localdate() - timedelta(days=7))
    assert week["new_organisations"] == 2  # politie (case C) and wijkteam (case D, today)
    assert ruben.pk in set(TeamAssignment.objects.filter(case=case_b)
                           .values_list("user_id", flat=True))


@pytest.mark.parametrize("username", ["ruben", "gert"])
def test_only_the_casusregisseur_or_lead_teammanager_changes_the_team(
        cast, ctx_of, username):
    before = _snapshot()
    with pytest.raises(TeamChangeRefused) as caught:
        change_team(ctx_of(username), cast.case, kind="toewijzing", role="vast_gezicht",
                    username="lotte")
    assert "Alleen de casusregisseur" in str(caught.value)
    assert _snapshot() == before


def test_teammanager_of_the_lead_organisation_may(cast, ctx_of, make_professional):
    change = change_team(ctx_of("tamara"), cast.case, kind="toewijzing",
                         role="vast_gezicht", username="lotte")
    assert change.decided_by == cast.users["tamara"]
    other_manager = make_professional("theo", "wijkteam:Zuiderhaven",
                                      role=Membership.Role.TEAMMANAGER, discipline="beleid")
    from netwerkdossier.access.api import context_for

    with pytest.raises(TeamChangeRefused):
        change_team(context_for(other_manager), cast.case, kind="toewijzing",
                    role="consultant", username="olga")


def _assignment(cast, username):
    return TeamAssignment.objects.get(case=cast.case, user=cast.users[username]).pk


@pytest.mark.parametrize("kwargs,field,message", [
    ({"kind": "overdracht", "assignment": "ruben", "username": "olga", "reason": "  "},
     "reason", "Een overdracht zonder reden wordt niet opgeslagen."),
    ({"kind": "toewijzing", "role": "consultant", "username": "niemand"},
     "username", "Geen professional met deze gebruikersnaam: niemand."),
    ({"kind": "toewijzing", "role": "consultant", "username": "priya"},
     "username", "geen rol waarmee hij of zij dossiers mag inzien"),
    ({"kind": "toewijzing", "role": "", "username": "olga"}, "role", "Kies een rol"),
    ({"kind": "toewijzing", "role": "vast_duo", "username": "olga"},
     "role", "Dit traject heeft al een vast duo: Ruben Bakker."),
    ({"kind": "toewijzing", "role": "consultant", "username": "gert"},
     "role", "Gert Mulder heeft deze rol al in dit team."),
    ({"kind": "beeindiging", "assignment": "lotte"}, "assignment",
     "Een traject heeft altijd een casusregisseur."),
    ({"kind": "overdracht", "assignment": "ruben", "username": "ruben", "reason": "x"},
     "username", "Draag over aan iemand anders"),
    ({"kind": "overdracht", "assignment": None, "username": "olga", "reason": "x"},
     "assignment", "Kies wie het team verlaat"),
    ({"kind": "rvt_gezamenlijk", "username": "ruben"}, "username",
     "Ruben Bakker heeft deze rol al in dit team."),
])
def test_bad_input_saves_nothing(cast, ctx_of, kwargs, field, message):
    kwargs = dict(kwargs)
    if kwargs.get("assignment"):
        kwargs["assignment_id"] = _assignment(cast, kwargs.pop("assignment"))
    else:
        kwargs.pop("assignment", None)
    before = _snapshot()
    with pytest.raises(ValidationError) as caught:
        change_team(ctx_of("lotte"), cast.case, **kwargs)
    assert message in " ".join(caught.value.message_dict[field])
    assert _snapshot() == before


def test_ending_an_assignment(cast, ctx_of):
    change = change_team(ctx_of("lotte"), cast.case, kind="beeindiging",
                         assignment_id=_assignment(cast, "gert"), reason="")
    assert change.kind == "beeindiging" and change.from_user == cast.users["gert"]
    assert ("gert", "consultant") not in _current(cast.case)
    assert "Gert Mulder (GGZ Waterland-Noord) is uit het team gegaan" in change.entry.text
    # An ended assignment cannot be ended twice.
    with pytest.raises(ValidationError):
        change_team(ctx_of("lotte"), cast.case, kind="beeindiging",
                    assignment_id=_assignment(cast, "gert"))
