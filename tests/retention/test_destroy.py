"""The destruction engine: content, versions, files and copies gone in one transaction, a
tombstone in the access log, and the log and the reach table still verify."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from netwerkdossier.access.case_table_service import create_session
from netwerkdossier.access.models import CaseTableItem
from netwerkdossier.access.person_reach import differing_households
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.sequencer import sequence
from netwerkdossier.audit.verify import verify_chain
from netwerkdossier.cases.models import PhaseTransition
from netwerkdossier.dossier.models import Attachment, Entry, ReporterIdentity
from netwerkdossier.dossier.services import add_entry, correct_entry
from netwerkdossier.portal.models import CorrectionRequest, OwnStatement
from netwerkdossier.retention import destroy as destroy_module
from netwerkdossier.retention.destroy import EVENT, destroy_entries

from .traces import files_holding, tables_holding

pytestmark = pytest.mark.django_db
MARK = "Vernietigmij7731"


def _entry(ctx, cast, text, **kw):
    fields = {"kind": "note", "text": text, "occurred_at": timezone.now() - timedelta(hours=2),
              "subjects": [cast.noor], "confidentiality": 10, "legal_basis": "jeugdwet_taak",
              "case": cast.case}
    return add_entry(ctx, cast.household, **{**fields, **kw})


@pytest.fixture
def marked(cast, ctx_of):
    """An entry in two versions whose text, attachment, own statement, decision record and
    case-table place all carry MARK; and a second entry that must stay."""
    ctx = ctx_of("lotte")
    first = _entry(ctx, cast, f"Eerste tekst {MARK}",
                   uploads=[SimpleUploadedFile("verslag.txt", f"bijlage {MARK}".encode())])
    second = correct_entry(ctx, first, text=f"Verbeterde tekst {MARK}",
                           reason=f"Reden met {MARK}")
    OwnStatement.objects.create(entry=second, person=cast.mother,
                                written_by=cast.users["lotte"], text=f"Mijn kant {MARK}")
    request = CorrectionRequest.objects.create(
        entry=first, owner_organisation_id=first.owner_organisation_id, kind="vernietiging",
        reason="Haal dit weg", person=cast.mother, requested_by=cast.users["lotte"],
        deadline=timezone.localdate(), entry_kind="note")
    decision = PhaseTransition.objects.create(
        case=cast.case, from_phase="melding", to_phase="veiligheidsbeoordeling",
        decided_by=cast.users["lotte"], rationale=f"Motivering {MARK}", entry=second)
    keep = _entry(ctx, cast, "Deze aantekening blijft.")
    return {"first": first, "second": second, "request": request, "decision": decision,
            "keep": keep}


def test_destroying_an_entry_leaves_no_trace_of_its_content(
        cast, ctx_of, marked, django_capture_on_commit_callbacks):
    assert set(tables_holding(MARK)) >= {"dossier.Entry.text", "portal.OwnStatement.text",
                                        "cases.PhaseTransition.rationale"}
    assert files_holding(MARK)
    attachments = Attachment.objects.filter(entry__root_id=marked["first"].root_id).count()
    with django_capture_on_commit_callbacks(execute=True):
        done = destroy_entries(ctx_of("priya"), [marked["first"].root_id],
                               legal_basis="test_basis")
    assert files_holding(MARK) == []
    assert done.rows["dossier.Entry"] == 2
    assert done.rows["dossier.Attachment"] == attachments >= 1
    assert done.rows["portal.OwnStatement"] == 1
    assert tables_holding(MARK) == []
    assert Entry.objects.filter(pk=marked["keep"].pk).exists()
    # The request and the decision stay, without the link and without the copied text.
    request = CorrectionRequest.objects.get(pk=marked["request"].pk)
    assert request.entry_id is None and request.entry_label.startswith("Notitie van")
    decision = PhaseTransition.objects.get(pk=marked["decision"].pk)
    assert decision.entry_id is None and decision.rationale == ""


def test_files_stay_until_the_commit(cast, ctx_of, marked,
                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        destroy_entries(ctx_of("priya"), [marked["first"].root_id], legal_basis="test_basis")
    assert not Attachment.objects.filter(entry__root_id=marked["first"].root_id).exists()
    assert files_holding(MARK)  # a rollback now would still find its file
    for callback in callbacks:
        callback()
    assert files_holding(MARK) == []


def test_the_tombstone_says_what_whose_who_and_why_but_not_the_content(cast, ctx_of,
                                                                         marked):
    versions = {str(marked["first"].pk), str(marked["second"].pk)}
    destroy_entries(ctx_of("priya"), [marked["first"].root_id], legal_basis="test_basis")
    tomb = AccessLogRecord.objects.get(event_code=EVENT, object_type="entry")
    assert set(tomb.object_ids) == versions
    assert tomb.subject_ids == [str(cast.noor.pk)]
    assert tomb.action == "D" and tomb.rule == "test_basis"
    assert tomb.username == "priya"
    kinds = set(AccessLogRecord.objects.filter(event_code=EVENT)
                .values_list("object_type", flat=True))
    assert {"entry", "attachment", "own_statement", "entry_subject"} <= kinds


def test_the_access_log_and_the_reach_table_still_verify(cast, ctx_of, marked):
    destroy_entries(ctx_of("priya"), [marked["first"].root_id], legal_basis="test_basis")
    sequence()
    assert verify_chain().ok
    assert differing_households() == []


def test_reporter_identity_and_case_table_place_go_with_the_entry(cast, ctx_of):
    ctx = ctx_of("lotte")
    report = _entry(ctx, cast, f"Melding {MARK}", kind="report",
                    reporter={"name": f"Buurvrouw {MARK}", "contact": "", "relation": "buren",
                              "is_professional": False})
    now = timezone.now()
    session = create_session(ctx, cast.household, title="Overleg", starts_at=now,
                             ends_at=now + timedelta(hours=1), usernames=["ruben"],
                             entry_ids=[report.pk], basis="mda-veiligheid")
    assert ReporterIdentity.objects.filter(entry=report).exists()
    assert CaseTableItem.objects.filter(session=session, entry=report).exists()
    destroy_entries(ctx, [report.root_id], legal_basis="test_basis")
    assert tables_holding(MARK) == []
    assert not CaseTableItem.objects.filter(session=session).exists()


def test_a_failure_half_way_keeps_everything(cast, ctx_of, marked, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(destroy_module, "record", broken)
    with pytest.raises(RuntimeError):
        destroy_entries(ctx_of("priya"), [marked["first"].root_id], legal_basis="test_basis")
    assert Entry.objects.filter(root_id=marked["first"].root_id).count() == 2
    assert files_holding(MARK)
