"""What has passed its retention period, the privacy officer's page and batch, legal
holds, and the scheduled command. Only the owner organisation's part goes."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.accounts.models import Notification
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry
from netwerkdossier.retention.dates import add_years
from netwerkdossier.retention.due import due_parts, parts
from netwerkdossier.retention.holds import set_hold
from netwerkdossier.retention.models import LegalHold
from netwerkdossier.retention.outcome import Status

pytestmark = pytest.mark.django_db
PAGE = "/privacy/bewaartermijnen"


def wijkteam(cast):
    return cast.entries["conversation"].owner_organisation


def help_ended(cast, on: date):
    Case.objects.filter(household=cast.household).update(closed_on=on, phase="afgesloten")


def test_open_help_means_not_yet_known(cast):
    (part,) = parts(wijkteam(cast))
    assert part.outcome.status is Status.NOT_YET_KNOWN and not part.due
    assert part.entries == 4  # Lotte's four entries in the cast


def test_due_twenty_years_after_the_help_ended_not_a_day_before(cast):
    today = timezone.localdate()
    help_ended(cast, add_years(today, -20) + timedelta(days=1))
    assert due_parts(wijkteam(cast)) == []
    help_ended(cast, add_years(today, -20))
    (part,) = due_parts(wijkteam(cast))
    assert part.outcome.decided_by.key == "jeugdwet"
    assert part.legal_basis == "bewaartermijn:jeugdwet"


def test_veilig_thuis_waits_for_the_youngest_child_to_turn_18():
    """With a child of one, 18 years from now is later than 20 years after help that
    ended 21 years ago (the parts use the household's children as these facts)."""
    from netwerkdossier.retention import Facts, destroy_from

    born = timezone.localdate() - timedelta(days=365)  # a child of one
    facts = Facts(help_ended=add_years(timezone.localdate(), -21),
                  children_birth_dates=(born,))
    outcome = destroy_from("veilig_thuis", "aantekening", facts)
    assert outcome.destroy_from == add_years(born, 18)


def test_a_legal_hold_keeps_a_due_part_until_its_end_date(cast):
    help_ended(cast, date(2000, 1, 1))
    ctx = context_for(cast.users["priya"])
    hold = set_hold(ctx, cast.household, reason="rechtszaak", explanation="Zaak 200/123",
                    until=timezone.localdate())
    assert due_parts(wijkteam(cast)) == []
    assert len(due_parts(wijkteam(cast), timezone.localdate() + timedelta(days=1))) == 1
    LegalHold.objects.filter(pk=hold.pk).update(ended_at=timezone.now())
    assert len(due_parts(wijkteam(cast))) == 1


def test_the_officer_destroys_a_batch_only_of_her_own_organisation(cast, login):
    help_ended(cast, date(2000, 1, 1))
    priya = login("priya")
    page = priya.get(PAGE).content.decode()
    assert cast.household.name in page and "Jeugdwet" in page
    assert cast.entries["conversation"].text not in page
    chosen = {"huishouden": [str(cast.household.pk)]}
    assert priya.post(f"{PAGE}/vernietigen", chosen).status_code == 302
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()  # unconfirmed
    response = priya.post(f"{PAGE}/vernietigen", {**chosen, "confirm": "ja"})
    assert response.status_code == 302
    mine = {"conversation", "org_note", "third_party", "lieke_confidential"}
    for key, entry in cast.entries.items():
        assert Entry.objects.filter(pk=entry.pk).exists() == (key not in mine), key
    tomb = AccessLogRecord.objects.get(event_code="retention.destroy", object_type="entry")
    assert tomb.rule == "bewaartermijn:jeugdwet" and tomb.username == "priya"
    assert due_parts(wijkteam(cast)) == []


def test_a_part_that_is_not_due_is_never_destroyed_from_a_forged_form(cast, login):
    response = login("priya").post(f"{PAGE}/vernietigen", {
        "huishouden": [str(cast.household.pk), "niet-een-id"], "confirm": "ja"})
    assert response.status_code == 302
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()
    assert not AccessLogRecord.objects.filter(event_code="retention.destroy",
                                              result="granted").exists()


def test_a_hold_needs_a_reason_an_explanation_and_a_date_from_today(cast, login):
    priya = login("priya")
    url = f"{PAGE}/blokkade?huishouden={cast.household.pk}"
    page = priya.get(url).content.decode()
    assert "checked" not in page  # no reason preselected
    response = priya.post(url, {"explanation": "", "until": "2001-01-01"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies de reden van de blokkade." in html
    response = priya.post(url, {"reason": "klacht", "explanation": "Klacht 7",
                                "until": "2001-01-01"})
    assert "De einddatum ligt in het verleden" in response.content.decode()
    assert not LegalHold.objects.exists()
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = priya.post(url, {"reason": "klacht", "explanation": "Klacht 7", "until": until})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.set_by == cast.users["priya"] and hold.organisation == wijkteam(cast)
    assert priya.post(f"{PAGE}/blokkade/{hold.pk}/beeindigen").status_code == 302
    hold.refresh_from_db()
    assert hold.ended_by == cast.users["priya"]


def test_a_hold_on_a_household_without_a_part_of_the_organisation_is_refused(cast, login):
    from netwerkdossier.households.models import Household

    other = Household.objects.create(
        name="Andere familie", region=cast.household.region,
        municipality=cast.household.municipality,
        owner_organisation=cast.entries["father"].owner_organisation,
        created_by=cast.users["ruben"])
    response = login("priya").get(f"{PAGE}/blokkade?huishouden={other.pk}")
    assert response.status_code == 404
    assert AccessLogRecord.objects.filter(event_code="retention.hold.create",
                                          result="refused").exists()


@pytest.mark.parametrize("username", ["lotte", "ruben", "gert", "olga", "tamara"])
def test_no_one_but_the_privacy_officer_lists_destroys_or_holds(cast, login, username):
    help_ended(cast, date(2000, 1, 1))
    client = login(username)
    assert client.get(PAGE).status_code == 404
    assert client.post(f"{PAGE}/vernietigen", {"huishouden": [str(cast.household.pk)],
                                                "confirm": "ja"}).status_code == 404
    assert client.get(f"{PAGE}/blokkade?huishouden={cast.household.pk}").status_code == 404
    assert Entry.objects.filter(pk=cast.entries["conversation"].pk).exists()
    assert AccessLogRecord.objects.filter(username=username, result="refused",
                                          event_code="retention.due.list").exists()


def test_the_scheduled_command_counts_and_tells_the_officer_once(cast, capsys):
    help_ended(cast, date(2000, 1, 1))
    call_command("retention", "due")
    call_command("retention", "due")
    out = capsys.readouterr().out
    assert f"{wijkteam(cast).name}: 1 dossier(s)" in out
    assert cast.household.name not in out  # no personal data in operator output
    notices = Notification.objects.filter(recipient=cast.users["priya"], kind="retention.due")
    assert notices.count() == 1 and "1 dossier(s)" in notices.get().text
