"""Signed checkpoints: written once, outside the database, checked by `audit verify`."""

import json
import os
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from netwerkdossier.audit import keys
from netwerkdossier.audit.checkpoint import (
    CheckpointError,
    all_checkpoints,
    checkpoint_dir,
    write_checkpoint,
)
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.audit.models import AccessLogRecord, ChainHead, ChainLink
from netwerkdossier.audit.sequencer import sequence
from netwerkdossier.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def write(ctx, n, chain=True):
    with transaction.atomic():
        written = append(ctx, [LogEvent(event_code="entry.read", action="R")
                               for _ in range(n)])
    if chain:  # as the sequencer does after the commit
        sequence()
    return written


def test_checkpoint_is_signed_read_only_and_verified(ctx_of, capsys):
    write(ctx_of("lotte"), 3)
    call_command("audit", "checkpoint")
    assert "record 3" in capsys.readouterr().out
    [path] = checkpoint_dir().glob("*.json")
    assert path.name == "00000000000000000003.json"
    assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    body = json.loads(path.read_text())
    assert body["last_hash"] == ChainLink.objects.get(position=3).hash
    assert [c.signature_ok for c in all_checkpoints()] == [True]
    assert verify_chain().ok


def test_an_empty_log_gets_no_checkpoint(db):
    assert write_checkpoint() is None
    assert not list(checkpoint_dir().glob("*.json"))


def test_checkpoint_after_every_n_records(transactional_db, ctx_of, settings):
    """Real commits: each runs the sequencer, which signs the head after a commit that
    took the chain past a multiple of AUDIT_CHECKPOINT_EVERY."""
    settings.AUDIT_CHECKPOINT_EVERY = 4
    ctx = ctx_of("lotte")
    write(ctx, 3, chain=False)
    assert AccessLogRecord.objects.filter(link__isnull=True).count() == 0
    assert all_checkpoints() == []
    write(ctx, 2, chain=False)  # 4 is crossed: the head (5) is signed
    assert [c.last_id for c in all_checkpoints()] == [5]


def test_a_forged_checkpoint_file_is_reported(ctx_of):
    write(ctx_of("lotte"), 2)
    write_checkpoint()
    forged = json.loads(next(checkpoint_dir().glob("*.json")).read_text())
    forged.update(last_id=9, last_hash="a" * 64)
    (checkpoint_dir() / "00000000000000000009.json").write_text(json.dumps(forged))
    result = verify_chain()
    assert not result.ok
    assert "00000000000000000009.json" in result.problem and "signature" in result.problem


def test_a_junk_checkpoint_does_not_hide_a_removed_tail(ctx_of):
    from netwerkdossier.audit.triggers import PG_DROP, SQLITE_DROP

    write(ctx_of("lotte"), 4)
    write_checkpoint()
    (checkpoint_dir() / "00000000000000000099.json").write_text("{}")
    with connection.cursor() as cur:
        for sql in PG_DROP if connection.vendor == "postgresql" else SQLITE_DROP:
            cur.execute(sql)
    AccessLogRecord.objects.filter(link__position=4).delete()
    ChainLink.objects.filter(position=4).delete()
    ChainHead.objects.filter(pk=1).update(last_id=3,
                                          last_hash=ChainLink.objects.get(position=3).hash)
    result = verify_chain()
    assert result.first_bad_id == 4 and "records 4 to 4 were removed" in result.problem
    assert "00000000000000000099.json" in result.problem


def test_existing_checkpoint_is_never_rewritten(ctx_of):
    """A chain head that contradicts an existing checkpoint is refused, not signed."""
    write(ctx_of("lotte"), 2)
    first = write_checkpoint()
    assert write_checkpoint() == first  # same head: nothing new written
    ChainHead.objects.filter(pk=1).update(last_hash="b" * 64)
    with pytest.raises(CheckpointError, match="refusing to sign"):
        write_checkpoint()
    with pytest.raises(CommandError, match="refusing to sign"):
        call_command("audit", "checkpoint")
    assert [c.last_hash for c in all_checkpoints()] == [first.last_hash]


def test_a_forged_head_record_is_not_signed(ctx_of):
    [record] = write(ctx_of("lotte"), 1)
    forged = {f.attname: getattr(record, f.attname) for f in AccessLogRecord._meta.fields}
    AccessLogRecord.objects.create(**{**forged, "id": record.id + 1})
    link = ChainLink.objects.get(position=1)
    ChainLink.objects.create(position=2, record_id=record.id + 1, leaf=link.leaf,
                             prev_hash=link.hash, hash=link.hash, seal="")
    ChainHead.objects.filter(pk=1).update(last_id=2, last_hash=link.hash)
    with pytest.raises(CheckpointError, match="not sealed"):
        write_checkpoint()


def test_another_key_does_not_verify(ctx_of, settings, tmp_path):
    write(ctx_of("lotte"), 2)
    write_checkpoint()
    other = tmp_path / "other.pem"
    settings.AUDIT_SIGNING_KEY_FILE = str(other)
    keys._create_demo_key(other)
    result = verify_chain()
    assert not result.ok
    assert result.first_bad_id == 1 and "not sealed" in result.problem
    assert "signature" in result.problem


def test_production_without_a_key_writes_no_log(ctx_of, settings):
    settings.DEMO = False
    settings.AUDIT_SIGNING_KEY_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="AUDIT_SIGNING_KEY_FILE"):
        write(ctx_of("lotte"), 1)
    assert not AccessLogRecord.objects.exists()


def test_verify_with_the_public_key_only(ctx_of, settings, tmp_path):
    """An auditor can check checkpoint signatures with the public key alone."""
    from cryptography.hazmat.primitives import serialization

    write(ctx_of("lotte"), 2)
    write_checkpoint()
    public = Path(tmp_path / "public.pem")
    public.write_bytes(keys.signing_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    settings.AUDIT_VERIFY_KEY_FILE = str(public)
    assert [c.signature_ok for c in all_checkpoints()] == [True]


def test_the_fast_sealer_is_hmac_sha256():
    seal = keys.sealer()
    for digest in ("0" * 64, "ab" * 32, "f00d" * 16):
        assert seal(digest) == keys.seal_of(digest)
