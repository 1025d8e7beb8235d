"""Who may take the exchange steps of `netwerkdossier monitoring` (access/
monitoring_exchange.py): the region's policy maker exports, the programme team imports,
the programme team asks for a research export and a privacy officer (another person)
approves it. Everyone else (professionals of every organisation kind, a case-table seat,
emergency access, team managers, municipal policy makers, family members of every age
and gezag, the outsider) gets a Dutch refusal, a non-zero exit and a refusal in the log;
nothing is written."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.monitoring.exchange import signing
from netwerkdossier.monitoring.exchange.models import ImportedRegion, ResearchRequest

from .exchange_helpers import COUNT_KEY, document, keypair, region_cell, signed_bytes

FAMILY = ["sanne", "mark", "daan", "lieke"]  # mother, father without gezag, 14, 9
PROFESSIONALS = ["lotte", "ruben", "gert", "olga", "piet", "rianne", "stella", "eva"]
OTHERS = PROFESSIONALS + ["tamara", "bas", "priya"] + FAMILY


def refused_logged(username, event_code):
    return AccessLogRecord.objects.filter(username=username, event_code=event_code,
                                          result="refused").exists()


def export(tmp_path, cast, username):
    key = tmp_path / "regio.pem"
    if not key.exists():
        call_command("monitoring", "keygen", regio=cast.household.region.code,
                     sleutel=str(key))
    target = tmp_path / f"export-{username}.json"
    call_command("monitoring", "export-region", gebruiker=username,
                 regio=cast.household.region.code, sleutel=str(key), uit=str(target))
    return target


def test_the_regions_policy_maker_exports_logged(everyone, tmp_path):
    target = export(tmp_path, everyone, "renske")
    doc = json.loads(target.read_text())["document"]
    assert doc["region"]["code"] == everyone.household.region.code
    record = AccessLogRecord.objects.filter(event_code="monitoring.region_export").latest("id")
    assert (record.result, record.username, record.purpose, record.channel) == (
        "granted", "renske", "management", "cli")


@pytest.mark.parametrize("username", OTHERS + ["nadia"])
def test_nobody_else_exports(everyone, tmp_path, username):
    with pytest.raises(CommandError, match="Geweigerd. Alleen een beleidsmedewerker van Regio"):
        export(tmp_path, everyone, username)
    assert not (tmp_path / f"export-{username}.json").exists()
    assert refused_logged(username, "monitoring.region_export")


def test_a_regional_policy_maker_of_another_region_does_not_export_this_one(
        everyone, tmp_path, member_of):
    from netwerkdossier.organisations.models import Membership, Organisation, Region

    other = Region.objects.create(code="elders", name="Elders")
    member_of("roos", Membership.Role.REGIO_BELEID,
              Organisation.objects.create(region=other, name="Regio Elders", kind="gemeente"))
    with pytest.raises(CommandError, match="Geweigerd"):
        export(tmp_path, everyone, "roos")


def _import_file(tmp_path):
    private, _trusted = keypair("zuidland")
    path = tmp_path / "zuidland.json"
    path.write_bytes(signed_bytes(document("zuidland", [
        region_cell("zuidland", COUNT_KEY, "2021-H1", 40)]), private))
    trust = tmp_path / "vertrouwd.toml"
    trust.write_text(signing.trust_entry("zuidland", private.public_key()))
    return path, trust


def test_the_programme_team_imports_from_the_command(everyone, tmp_path):
    path, trust = _import_file(tmp_path)
    call_command("monitoring", "import-region", str(path), gebruiker="nadia",
                 vertrouwd=str(trust))
    assert ImportedRegion.objects.get().code == "zuidland"


def test_a_refused_import_exits_non_zero_with_the_dutch_message(everyone, tmp_path):
    path, trust = _import_file(tmp_path)
    path.write_bytes(path.read_bytes().replace(b'"numerator": 40', b'"numerator": 50'))
    with pytest.raises(CommandError, match="Geweigerd. De handtekening klopt niet") as exc:
        call_command("monitoring", "import-region", str(path), gebruiker="nadia",
                     vertrouwd=str(trust))
    assert exc.value.returncode == 1
    assert not ImportedRegion.objects.exists()


@pytest.mark.parametrize("username", OTHERS + ["renske"])
def test_nobody_else_imports(everyone, tmp_path, username):
    path, trust = _import_file(tmp_path)
    with pytest.raises(CommandError, match="Alleen het landelijk programmateam mag"):
        call_command("monitoring", "import-region", str(path), gebruiker=username,
                     vertrouwd=str(trust))
    assert not ImportedRegion.objects.exists()
    assert refused_logged(username, "monitoring.region_import")


@pytest.mark.parametrize("username", OTHERS + ["renske"])
def test_only_the_programme_team_asks_for_a_research_export(everyone, username):
    with pytest.raises(CommandError, match="Alleen het landelijk programmateam mag een "
                                           "onderzoeksexport aanvragen"):
        call_command("monitoring", "research-request", gebruiker=username, project="p1",
                     kolommen="regio")
    assert not ResearchRequest.objects.exists()
    assert refused_logged(username, "monitoring.research_request")


@pytest.mark.parametrize("username", [u for u in OTHERS if u != "priya"] + ["renske"])
def test_only_a_privacy_officer_approves(everyone, tmp_path, username):
    call_command("monitoring", "research-request", gebruiker="nadia", project="p1",
                 kolommen="regio")
    key = tmp_path / "sleutel"
    key.write_text("x" * 40)
    with pytest.raises(CommandError, match="Alleen een functionaris gegevensbescherming"):
        call_command("monitoring", "research-approve", gebruiker=username,
                     aanvraag=ResearchRequest.objects.get().pk, sleutelbestand=str(key),
                     uit=str(tmp_path / "uit.csv"))
    assert not (tmp_path / "uit.csv").exists()
    assert ResearchRequest.objects.get().status == ResearchRequest.Status.REQUESTED
    assert refused_logged(username, "monitoring.research_export")


def test_a_privacy_officer_who_asked_herself_cannot_approve(everyone, tmp_path, member_of):
    from netwerkdossier.organisations.models import Membership

    # One person with both roles: she asks as programme team, then tries to approve.
    priya = everyone.users["priya"]
    Membership.objects.create(user=priya, organisation=everyone.users["nadia"].memberships
                              .first().organisation, role=Membership.Role.PROGRAMMATEAM,
                              discipline="beleid", valid_from=timezone.localdate())
    from netwerkdossier.access.context import context_for
    from netwerkdossier.monitoring.exchange import research

    as_programme = context_for(priya, membership_id=priya.memberships.get(
        role=Membership.Role.PROGRAMMATEAM).pk)
    found = research.request(as_programme, "p1", ["regio"])
    key = tmp_path / "sleutel"
    key.write_text("x" * 40)
    with pytest.raises(CommandError, match="vier ogen"):
        call_command("monitoring", "research-approve", gebruiker="priya", aanvraag=found.pk,
                     sleutelbestand=str(key), uit=str(tmp_path / "uit.csv"))
    assert not (tmp_path / "uit.csv").exists()
