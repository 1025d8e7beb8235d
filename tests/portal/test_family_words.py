"""Between family members: what a member said or chose themselves (own statement,
correction request, analysis response or dispute, consent choice) reaches exactly the
readers of the WORDS table in expectations.py, on the portal pages and in the JSON and
PDF downloads. Regression for issue 10, "Between family members"."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from netwerkdossier.households.models import Gezag
from netwerkdossier.synthetic import analysis_demo
from netwerkdossier.synthetic.personas import DEMO_PASSWORD
from tests.portal.pdf import document_text as pdf_text

from .conftest import current_code
from .expectations import LOGINS, WORDS, WORDS_JOINT_GEZAG, add_test_entries, words_read_by

pytestmark = pytest.mark.django_db

STATEMENTS = {
    "sanne": "Sanne schrijft: het gesprek ging vooral over geld.",
    "mark": "Mark schrijft: ik was niet uitgenodigd voor dit gesprek.",
    "daan": "Daan schrijft: ik wil vaker bij mijn vader slapen.",
    "lieke": "Lieke schrijft: ik wil zelf kiezen waar ik woon.",
}
REQUESTS = {
    "sanne": "Sanne vraagt: de datum van het gesprek klopt niet.",
    "mark": "Mark vraagt: mijn naam is verkeerd gespeld.",
    "daan": "Daan vraagt: ik was er die dag niet bij.",
    "lieke": "Lieke vraagt: haal weg wat ik over mijn vriend zei.",
}
NAMES = {"sanne": "Sanne", "mark": "Mark", "daan": "Daan", "lieke": "Lieke"}



def download(client) -> tuple[dict, str]:
    data = json.loads(client.get("/portaal/mijn-gegevens.json").content)
    return data, pdf_text(client.get("/portaal/mijn-gegevens.pdf").content)


@pytest.fixture
def member(cast):
    """One logged-in portal client per member (a TOTP code works once, so each member
    logs in once through the real password + code steps)."""
    clients = {}

    def as_member(username: str) -> Client:
        if username not in clients:
            client = Client()
            response = client.post("/portaal/inloggen", {"username": username,
                                                         "password": DEMO_PASSWORD})
            assert response.status_code == 302
            response = client.post("/portaal/inloggen/code",
                                    {"code": current_code(username)})
            assert response.status_code == 302
            clients[username] = client
        return clients[username]

    return as_member


@pytest.fixture
def meeting(cast, ctx_of):
    """The entry about all five members: every login reads it."""
    return add_test_entries(cast, ctx_of("lotte"))["family_meeting"]


@pytest.fixture
def joint_gezag(cast):
    """Mark's gezag over Daan restored (joint gezag), for the 'with gezag' cases."""
    Gezag.objects.create(holder=cast.father, child=cast.daan,
                         valid_from=timezone.localdate() - timedelta(days=1),
                         source="Beschikking rechtbank (synthetisch)")
    return WORDS_JOINT_GEZAG


def _write_statements(member, entry):
    for author in LOGINS:
        response = member(author).post(f"/portaal/aantekeningen/{entry.pk}/verklaring",
                                             {"text": STATEMENTS[author]})
        assert response.status_code == 302, author


def _check_statements(member, entry, reader, table):
    seen, hidden = words_read_by(reader, table)
    client = member(reader)
    html = client.get(f"/portaal/aantekeningen/{entry.pk}").content.decode()
    assert {a for a in LOGINS if STATEMENTS[a] in html} == seen, reader
    data, pdf = download(client)
    exported = {s["tekst"] for s in data["eigen_verklaringen"]}
    assert {a for a in LOGINS if STATEMENTS[a] in exported} == seen, reader
    assert {a for a in LOGINS if STATEMENTS[a] in pdf} == seen, reader
    for author in hidden:
        assert STATEMENTS[author] not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("reader", LOGINS)
def test_own_statements_reach_exactly_the_table(cast, meeting, member, reader):
    """Lieke's (17) statement reaches neither parent; the mother's not the father; Daan's
    (14) reaches his mother with gezag but not his father without gezag."""
    _write_statements(member, meeting)
    _check_statements(member, meeting, reader, WORDS)


def test_with_joint_gezag_the_father_reads_daans_words_only(cast, meeting, member,
                                                            joint_gezag):
    _write_statements(member, meeting)
    for reader in LOGINS:
        _check_statements(member, meeting, reader, joint_gezag)


@pytest.mark.parametrize("reader", LOGINS)
def test_correction_requests_reach_exactly_the_table(cast, meeting, member, reader):
    for author in LOGINS:
        response = member(author).post(f"/portaal/aantekeningen/{meeting.pk}/verzoek",
                                             {"kind": "correctie", "reason": REQUESTS[author]})
        assert response.status_code == 302, author
    seen, hidden = words_read_by(reader)
    client = member(reader)
    html = client.get(f"/portaal/aantekeningen/{meeting.pk}").content.decode()
    others = {a for a in LOGINS if a != reader and f"{NAMES[a]} vroeg dit al op" in html}
    assert others == seen - {reader}
    assert ("Je vroeg dit al op" if reader in ("daan", "lieke") else "U vroeg dit al op") in html
    data, pdf = download(client)
    exported = {r["reden"] for r in data["verzoeken"]}
    assert {a for a in LOGINS if REQUESTS[a] in exported} == seen
    assert {a for a in LOGINS if REQUESTS[a] in pdf} == seen


def test_a_childs_request_on_an_entry_confidential_for_the_child_stays_with_the_child(
        cast, ctx_of, member):
    """Daan (14) may ask to correct an entry confidential for him; his mother, who
    cannot read that entry, does not learn of it through her download."""
    confidential = add_test_entries(cast, ctx_of("lotte"))["daan_confidential"]
    words = "Daan vraagt: dit heb ik in vertrouwen verteld, haal het weg."
    response = member("daan").post(f"/portaal/aantekeningen/{confidential.pk}/verzoek",
                                         {"kind": "vernietiging", "reason": words})
    assert response.status_code == 302
    data, pdf = download(member("sanne"))
    assert words not in json.dumps(data, ensure_ascii=False) and words not in pdf
    data, _pdf = download(member("daan"))
    assert words in {r["reden"] for r in data["verzoeken"]}


# The analysis: Sanne's co-signature and Lieke's dispute are recorded by Lotte in the
# demo (analysis_demo.build); Daan and Mark respond in the portal.
RESPONSES = {
    "sanne": "Ja, zo is het.",
    "lieke": "Ik kom tussenbeide omdat niemand anders het doet.",
    "daan": "Daan: ik ga ook graag naar oma, dat staat er niet.",
    "mark": "Mark: het contactverbod is al lang voorbij.",
}
LIEKE_DISAGREEMENT = "Lieke vindt dat ze Noor moet beschermen."


@pytest.mark.parametrize("reader", LOGINS)
def test_analysis_responses_and_disputes_reach_exactly_the_table(cast, member,
                                                                 reader):
    analysis_demo.build(cast)
    for author in ("daan", "mark"):
        response = member(author).post("/portaal/analyse",
                                             {"agrees": "nee", "text": RESPONSES[author]})
        assert response.status_code == 302, author
    seen, hidden = words_read_by(reader)
    html = member(reader).get("/portaal/analyse").content.decode()
    assert {a for a in LOGINS if RESPONSES[a] in html} == seen
    # Lieke's (17) dispute, recorded by the team as her view, is hers alone: not her
    # mother's, nor her brother's (14), nor her father's.
    assert (LIEKE_DISAGREEMENT in html) == (reader == "lieke")


def test_the_parent_with_gezag_reads_the_childs_response_by_name(cast, member):
    analysis_demo.build(cast)
    member("daan").post("/portaal/analyse", {"agrees": "nee",
                                                   "text": RESPONSES["daan"]})
    html = member("sanne").get("/portaal/analyse").content.decode()
    assert "Reacties van uw kinderen" in html
    assert "Daan heeft gezegd dat iets niet klopt." in html


def test_consent_choices_reach_only_the_chooser_and_their_parent_under_16(
        cast, member, ctx_of, joint_gezag):
    """With joint gezag the father decides for Daan too, yet he does not read the
    mother's choices; he reads Daan's (14) own choice. Lieke (17) reads only her own."""
    from netwerkdossier.access.consent_service import record_consent

    member("sanne").post("/portaal/toestemming", {
        "person": str(cast.daan.pk), "scope": "beroepsgeheim", "decision": "ja"})
    member("daan").post("/portaal/toestemming", {
        "person": str(cast.daan.pk), "scope": "beroepsgeheim", "decision": "ja"})
    member("lieke").post("/portaal/toestemming", {
        "person": str(cast.lieke.pk), "scope": "beroepsgeheim", "decision": "ja"})
    # The mother's choice about Lieke, told to the team before Lieke turned 16.
    record_consent(ctx_of("lotte"), cast.lieke, "delen_netwerk", "given", cast.mother)
    choosers = {}
    for reader in LOGINS:
        data, pdf = download(member(reader))
        choosers[reader] = {(c["over"], c["door"]) for c in data["toestemmingen"]}
    assert choosers["mark"] == {("Daan Jansen", "Daan Jansen")}
    assert "Sanne Jansen" not in {door for _over, door in choosers["mark"]}
    assert choosers["lieke"] == {("Lieke Jansen", "Lieke Jansen")}
    assert choosers["daan"] == {("Daan Jansen", "Daan Jansen")}
    assert ("Daan Jansen", "Daan Jansen") in choosers["sanne"]
    assert ("Daan Jansen", "Sanne Jansen") in choosers["sanne"]
