"""Saving versions, immutability, family responses, who sees health points, and
administering instruments: errors in Dutch and nothing half-saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from netwerkdossier.analysis import instruments as engine
from netwerkdossier.analysis.models import (
    AnalysisVersion,
    FamilyResponse,
    ImmutableError,
    InstrumentResult,
)
from netwerkdossier.analysis.services import administer, respond
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.dossier.models import Entry
from tests.audit.helpers import newest_log_id

from .conftest import first_items

pytestmark = pytest.mark.django_db


def messages(exc) -> dict:
    return exc.value.message_dict


def test_first_version_numbers_points_logs_and_adds_a_timeline_entry(cast, make_version):
    before = newest_log_id()
    version = make_version()
    assert version.number == 1
    assert [i["n"] for i in version.content["items"]] == [1, 2, 3, 4]
    assert version.content["next_number"] == 5
    assert version.health_data and not version.criminal_data
    assert version.created_by == cast.users["lotte"]
    assert version.case == cast.case  # the household's one open case
    assert version.change_summary == "Eerste versie met 4 punten en 2 hypothesen."
    record = AccessLogRecord.objects.filter(pk__gt=before,
                                            event_code="analysis.version.create").get()
    assert record.action == "C" and str(version.pk) in record.object_ids
    entry = Entry.objects.filter(household=cast.household, kind="analysis").get()
    assert "versie 1" in entry.text
    # Summary only: no content of the analysis in the timeline.
    assert "somber" not in entry.text and "Schulden" not in entry.text


def test_second_version_keeps_numbers_and_summarises_the_change(cast, make_version):
    first = make_version()
    items = [dict(i) for i in first.content["items"]]
    items[1]["text"] = "Schulden zijn nu in een regeling."  # point 2 changed
    del items[2]  # point 3 removed
    items.append({"domain": "werk_school", "person": str(cast.daan.pk), "kind": "gaat_goed",
                  "text": "Daan gaat graag naar school."})
    second = make_version(based_on=1, items=items,
                          hypotheses=[{"n": 1, "text": "Schulden en ruzie.", "factors": [2],
                                       "worries": [1]}])
    assert second.number == 2
    assert [i["n"] for i in second.content["items"]] == [1, 2, 4, 5]  # 3 is not reused
    assert second.change_summary == ("1 punt toegevoegd, 1 punt gewijzigd, 1 punt "
                                     "verwijderd, hypothesen gewijzigd.")
    first.refresh_from_db()
    assert first.content["items"][1]["text"] == "Schulden geven veel spanning."
    assert Entry.objects.filter(household=cast.household, kind="analysis").count() == 2


def test_saving_on_an_outdated_version_is_refused(cast, make_version):
    make_version()
    make_version(based_on=1, family_view="Nieuwe kijk")
    with pytest.raises(ValidationError) as exc:
        make_version(based_on=1, family_view="Nog een andere kijk")
    assert "Intussen heeft Lotte Visser versie 2 opgeslagen" in messages(exc)["__all__"][0]
    assert AnalysisVersion.objects.count() == 2


def test_no_change_makes_no_new_version(make_version):
    first = make_version()
    with pytest.raises(ValidationError) as exc:
        make_version(based_on=1, items=first.content["items"],
                     hypotheses=first.content["hypotheses"])
    assert messages(exc)["__all__"] == ["Er is niets veranderd sinds versie 1; er is geen "
                                        "nieuwe versie gemaakt."]


def test_bad_content_gives_dutch_errors_and_saves_nothing(cast, make_version):
    entries = Entry.objects.count()
    items = first_items(cast)
    items[0]["text"] = "  "
    items[1]["domain"] = "sterrenkunde"
    items[2]["person"] = str(cast.users["olga"].uuid)  # not a member
    with pytest.raises(ValidationError) as exc:
        make_version(items=items, hypotheses=[{"text": "x", "factors": [1], "worries": [2]}])
    errors = messages(exc)
    assert errors["items.1"] == ["Schrijf het punt op; de tekst mag niet leeg zijn."]
    assert errors["items.2"] == ["Kies een leefgebied."]
    assert errors["items.3"] == ["Kies een gezinslid van dit huishouden, of het hele gezin."]
    assert "hypotheses.1" in errors
    assert AnalysisVersion.objects.count() == 0 and Entry.objects.count() == entries


def test_hypotheses_must_link_factors_to_worries(make_version):
    with pytest.raises(ValidationError) as exc:
        make_version(hypotheses=[{"text": "Omgekeerd", "factors": [1], "worries": [2, 9]}])
    assert messages(exc)["hypotheses.1"] == [
        "Punt 1 is geen risicofactor of beschermende factor in deze versie.",
        "Punt 2 is geen zorg in deze versie.",
        "Punt 9 is geen zorg in deze versie.",
    ]


def test_unknown_point_numbers_are_refused(make_version, cast):
    make_version()
    items = first_items(cast)
    items[0]["n"] = 42
    with pytest.raises(ValidationError) as exc:
        make_version(based_on=1, items=items)
    assert messages(exc)["items.1"] == ["Punt 42 bestaat niet in de vorige versie."]


def test_saved_versions_cannot_be_changed(make_version):
    version = make_version()
    version.note = "stiekem aangepast"
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        AnalysisVersion.objects.filter(pk=version.pk).update(note="stiekem")
    # The database refuses it too, even around the ORM.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE analysis_analysisversion SET note = 'stiekem'")
    version.refresh_from_db()
    assert version.note == ""


def test_responses_and_results_cannot_be_changed_either(cast, ctx_of, make_version):
    response = respond(ctx_of("lotte"), make_version(), cast.mother, True)
    with pytest.raises(ImmutableError):
        response.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE analysis_familyresponse SET agrees = false")
    with pytest.raises(ImmutableError):
        InstrumentResult.objects.all().update(scores=[])


def test_family_response_dispute_needs_the_members_own_words(cast, ctx_of, make_version):
    version = make_version()
    with pytest.raises(ValidationError) as exc:
        respond(ctx_of("lotte"), version, cast.mother, False, "  ")
    assert messages(exc)["text"] == ["Schrijf in de eigen woorden van het gezinslid wat "
                                     "niet klopt."]
    assert FamilyResponse.objects.count() == 0
    disputed = respond(ctx_of("lotte"), version, cast.mother, False,
                       "Ik drink niet meer, dat staat er niet in.")
    assert disputed.channel == "professional" and disputed.recorded_by == cast.users["lotte"]
    agreed = respond(ctx_of("lotte"), version, cast.lieke, True)
    assert agreed.agrees
    entry = Entry.objects.filter(kind="analysis", text__contains="betwist").get()
    assert "drink" not in entry.text  # the member's words stay with the version


def test_response_only_for_members_of_twelve_and_over(cast, ctx_of, make_version):
    version = make_version()
    with pytest.raises(ValidationError) as exc:
        respond(ctx_of("lotte"), version, cast.noor, True)
    assert "Noor is jonger dan 12 jaar" in messages(exc)["person"][0]
    from netwerkdossier.households.models import Person

    with pytest.raises(ValidationError) as exc:
        respond(ctx_of("lotte"), version, Person(pk=cast.household.pk), True)
    assert messages(exc)["person"] == ["Kies een gezinslid van dit huishouden."]


def test_health_points_are_for_the_team_only(cast, ctx_of, make_version):
    from netwerkdossier.analysis.presentation import persons_by_id, present
    from netwerkdossier.analysis.services import member_persons, sees_sensitive

    version = make_version()
    persons = persons_by_id(member_persons(cast.household.pk))
    assert sees_sensitive(ctx_of("ruben"), cast.household.pk)  # vast duo: team
    manager = ctx_of("tamara")  # team manager of the lead organisation, not on the team
    assert not sees_sensitive(manager, cast.household.pk)
    shown = present(version.content, persons, False)
    assert shown.hidden_items == 1 and shown.hidden_hypotheses == 1
    assert all("somber" not in i["text"] for i in shown.items)
    assert [h["n"] for h in shown.hypotheses] == [1]


def test_a_writer_outside_the_team_keeps_hidden_points_unchanged(cast, ctx_of, make_version):
    from netwerkdossier.analysis.services import save_version

    make_version()
    visible_items = [i for i in AnalysisVersion.objects.get().content["items"]
                     if i["domain"] != "psychische_gezondheid"]
    second = save_version(ctx_of("tamara"), cast.household, based_on=1,
                          items=visible_items, hypotheses=[{"n": 1, "text": "Aangepast",
                                                            "factors": [2], "worries": [1]}],
                          family_view="Moeder: het gaat beter dan vorig jaar.")
    assert [i["n"] for i in second.content["items"]] == [1, 2, 3, 4]
    assert second.content["items"][3]["text"] == "Moeder is somber sinds de scheiding."
    assert [h["n"] for h in second.content["hypotheses"]] == [1, 2]
    with pytest.raises(ValidationError) as exc:
        save_version(ctx_of("tamara"), cast.household, based_on=2, items=[
            *visible_items, {"domain": "verslaving", "person": None, "kind": "risico",
                             "text": "x"}], hypotheses=[])
    assert "alleen het team" in messages(exc)["items"][0]


def test_administer_scores_and_stores_the_definition_version(cast, ctx_of):
    scan = engine.get("veiligheidsscan")
    result = administer(ctx_of("lotte"), cast.household, scan, cast.noor,
                        {"geweld_volwassenen": 1, "kind_geraakt": 1, "kind_bang": 0,
                         "vertrouwde_volwassene": 0, "afspraken": 0},
                        timezone.localdate())
    assert result.instrument_version == "2024.1" and result.definition["key"] == scan.key
    totals = {s["key"]: s for s in result.scores}
    # 2 + 2 + 0 + 1*(1-0) + 1*(2-0) = 7
    assert totals["totaal"]["value"] == "7"
    assert totals["totaal"]["band"] == "Zorgelijk: bespreek dit vandaag in het team"
    assert result.main_score["key"] == "totaal"
    assert Entry.objects.filter(kind="assessment", text__contains="Veiligheidsscan").exists()


def test_administer_with_bad_answers_saves_nothing(cast, ctx_of):
    counts = (InstrumentResult.objects.count(), Entry.objects.count())
    with pytest.raises(ValidationError) as exc:
        administer(ctx_of("lotte"), cast.household, engine.get("veiligheidsscan"), cast.noor,
                   {"geweld_volwassenen": 1, "afspraken": 7, "cijfer_kind": 11},
                   timezone.localdate() + timedelta(days=1))
    errors = messages(exc)
    assert errors["answers.kind_geraakt"] == ["Beantwoord deze vraag."]
    assert errors["answers.afspraken"] == ["Kies een van de antwoorden: Niet, Gedeeltelijk, "
                                           "Helemaal."]
    assert errors["answers.cijfer_kind"] == ["Vul een geheel getal van 0 tot en met 10 in."]
    assert errors["administered_on"] == ["De datum ligt in de toekomst."]
    assert (InstrumentResult.objects.count(), Entry.objects.count()) == counts


def test_a_disagreement_names_whose_own_view_it_is(cast, make_version):
    """A row may record one member's own view (then the portal shows it by the family
    rule); without a person it is the family's shared view, stored as before."""
    shared = {"about": "Of oma genoeg kan helpen", "family": "Ja", "professionals": "Nee"}
    own = {"about": "Of Lieke tussenbeide mag komen", "family": "Ze wil Noor beschermen.",
           "professionals": "Dat is aan een volwassene.", "person": str(cast.lieke.pk)}
    version = make_version(disagreements=[shared, own])
    assert version.content["disagreements"] == [shared, own]
    with pytest.raises(ValidationError) as exc:
        make_version(based_on=1, disagreements=[
            {**own, "person": str(cast.users["olga"].uuid)}])  # not a member
    assert messages(exc)["disagreements.1"] == [
        "Kies een gezinslid van dit huishouden, of het hele gezin."]
    assert AnalysisVersion.objects.count() == 1


def test_writes_are_logged_about_the_household_and_whom_the_content_names(cast, ctx_of,
                                                                           make_version):
    from netwerkdossier.households.models import HouseholdMember

    left = HouseholdMember.objects.get(household=cast.household, person=cast.lieke)
    left.valid_to = timezone.localdate() - timedelta(days=1)
    left.save()
    current = {str(p.pk) for p in (cast.mother, cast.father, cast.noor, cast.daan)}
    version = make_version()  # names Noor and her mother only
    created = AccessLogRecord.objects.get(event_code="analysis.version.create")
    assert (created.object_type, created.action) == ("analysis_version", "C")
    assert set(created.subject_ids) == current  # Lieke left and is not named
    about_lieke = {"domain": "werk_school", "person": str(cast.lieke.pk), "kind": "gaat_goed",
                   "text": "Lieke heeft haar diploma gehaald."}
    make_version(based_on=1, items=[*version.content["items"], about_lieke])
    named = AccessLogRecord.objects.filter(event_code="analysis.version.create").last()
    assert set(named.subject_ids) == current | {str(cast.lieke.pk)}
    response = respond(ctx_of("lotte"), version, cast.mother, True, rule="team")
    logged = AccessLogRecord.objects.get(event_code="analysis.response.create")
    assert (logged.object_type, logged.object_ids) == ("analysis_response", [str(response.pk)])
    assert set(logged.subject_ids) == current and logged.rule == "team"
