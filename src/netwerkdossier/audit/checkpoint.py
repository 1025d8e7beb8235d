"""Signed checkpoints of the chain head, kept outside the database.

A checkpoint says "the log reached record N with hash H" (N: the position in the chain;
the field is called last_id, as the chain head's), signed with the access-log key
(Ed25519, keys.py). Each is one file in AUDIT_CHECKPOINT_DIR, named after N, written
whole under a temporary name and linked into place read-only; an existing file is never
rewritten. Someone who can change the database but not this directory (or the key)
cannot shorten the log, or rewrite it, without `audit verify` noticing: the record
named in a checkpoint must still be there with the same hash.

Written after every AUDIT_CHECKPOINT_EVERY records (after the commit that crosses the
boundary) and by `netwerkdossier audit checkpoint`, which the operator schedules every
few minutes. Before signing, the writer checks the newest record carries a valid seal,
so it never signs a head someone appended without the key.
"""

import base64
import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from django.conf import settings

from .keys import key_id, seal_of, signing_key, verify_key
from .models import ChainHead, ChainLink

FORMAT = "netwerkdossier-audit-checkpoint/1"
SIGNED_FIELDS = ("format", "node", "last_id", "last_hash", "written_at", "key_id")
logger = logging.getLogger(__name__)


class CheckpointError(Exception):
    """A checkpoint could not be written, or contradicts the one already there."""


@dataclass(frozen=True)
class Checkpoint:
    last_id: int
    last_hash: str
    file: str
    signature_ok: bool


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def _message(body: dict) -> bytes:
    return json.dumps({k: body[k] for k in SIGNED_FIELDS}, sort_keys=True,
                      separators=(",", ":")).encode()


def _file_name(last_id: int) -> str:
    return f"{last_id:020d}.json"


def _newest_sealed_head() -> tuple[int, str] | None:
    """The committed chain head, if its record exists and carries a valid seal."""
    head = ChainHead.objects.filter(pk=1).values_list("last_id", "last_hash").first()
    if head is None or head[0] == 0:
        return None
    record = ChainLink.objects.filter(position=head[0]).values_list("hash", "seal").first()
    if record is None or record[0] != head[1] or record[1] != seal_of(record[0]):
        raise CheckpointError(
            f"refusing to sign: the chain head names record {head[0]}, which is missing, "
            "different or not sealed with the access-log key (run `audit verify`)")
    return head


def write_checkpoint() -> Checkpoint | None:
    """Sign the committed chain head into a new file; None when the log is empty."""
    head = _newest_sealed_head()
    if head is None:
        return None
    last_id, last_hash = head
    directory = checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / _file_name(last_id)
    if path.exists():
        existing = read_checkpoint(path)
        if existing.last_hash != last_hash:
            raise CheckpointError(f"checkpoint {path.name} names another hash for record "
                                  f"{last_id}: the log was rewritten (run `audit verify`)")
        return existing
    key = signing_key()
    body = {"format": FORMAT, "node": settings.NETWERKDOSSIER_NODE_ID, "last_id": last_id,
            "last_hash": last_hash, "written_at": datetime.now(UTC).isoformat(),
            "key_id": key_id(key.public_key())}
    body["signature"] = base64.b64encode(key.sign(_message(body))).decode()
    data = (json.dumps(body, indent=1) + "\n").encode()
    # Written whole under a temporary name, then linked to its own name, which fails if
    # that exists: a checkpoint file is never seen half-written, never replaced.
    partial = directory / f"{path.name}.{uuid.uuid4().hex}.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.link(partial, path)
    except FileExistsError:  # written by another process a moment ago
        return write_checkpoint()
    finally:
        partial.unlink()
    _sync_dir(directory)
    return Checkpoint(last_id, last_hash, path.name, True)


def _sync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_checkpoint(path: Path) -> Checkpoint:
    """One checkpoint file; signature_ok is False for a bad signature or a broken file."""
    try:
        body = json.loads(path.read_text())
        signature = base64.b64decode(body["signature"])
        last_id, last_hash = int(body["last_id"]), str(body["last_hash"])
        message = _message(body)
    except (ValueError, KeyError, TypeError, OSError):
        return Checkpoint(-1, "", path.name, False)
    try:
        verify_key().verify(signature, message)
        ok = body["format"] == FORMAT and path.name == _file_name(last_id)
    except InvalidSignature:
        ok = False
    return Checkpoint(last_id, last_hash, path.name, ok)


def all_checkpoints() -> list[Checkpoint]:
    directory = checkpoint_dir()
    if not directory.is_dir():
        return []
    return sorted((read_checkpoint(p) for p in directory.glob("*.json")),
                  key=lambda c: (c.last_id, c.file))


def checkpoint_after_commit() -> None:
    """Run by append() after a commit that crossed an AUDIT_CHECKPOINT_EVERY boundary.
    The access itself has committed: a failure here is logged (no personal data in the
    message), and the next scheduled `audit checkpoint` catches up."""
    try:
        write_checkpoint()
    except Exception:
        logger.exception("access-log checkpoint not written")
