"""The access-log key: an Ed25519 private key in a file, never in the database.

It does two jobs (decision 0027):
- it signs checkpoints of the chain head (checkpoint.py), which anyone holding the
  public key can check;
- a MAC key derived from it (HKDF-SHA256) seals every record: seal = HMAC-SHA256 of the
  record's hash, first 128 bits, hex. Whoever can write the database but does not hold
  the key cannot give a forged or re-hashed record a valid seal.

AUDIT_SIGNING_KEY_FILE names the PEM file (PKCS#8). The demo and the test suite, when it
is not set, use VAR_DIR/audit-signing-key.pem and create it on first use; production
without it refuses to write the log (fail closed: the request fails).
"""

import hashlib
import hmac
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SEAL_HEX = 32  # 128-bit tags
_SEAL_INFO = b"netwerkdossier audit record seal v1"
DEMO_KEY_NAME = "audit-signing-key.pem"


def key_path() -> Path:
    if settings.AUDIT_SIGNING_KEY_FILE:
        return Path(settings.AUDIT_SIGNING_KEY_FILE)
    if settings.DEMO:
        return Path(settings.VAR_DIR) / DEMO_KEY_NAME
    raise ImproperlyConfigured(
        "AUDIT_SIGNING_KEY_FILE is not set: the access log cannot be sealed "
        "(see docs/operator-guide.md, 'Access-log key and checkpoints').")


def _create_demo_key(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    # Written aside and linked into place, so a process that finds the file (a parallel
    # test worker, a second demo process) never reads it half-written.
    # The name is this process's alone; one left by a crashed process that had the same
    # pid (a container's demo is often pid 1) is simply overwritten.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    try:
        os.link(partial, path)
    except FileExistsError:  # another process made it first; its key stands
        pass
    finally:
        partial.unlink()


@cache
def _load_private(path: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} does not hold an Ed25519 private key")
    return key


def signing_key() -> Ed25519PrivateKey:
    path = key_path()
    if not path.exists() and not settings.AUDIT_SIGNING_KEY_FILE and settings.DEMO:
        _create_demo_key(path)
    return _load_private(str(path))


@cache
def _load_public(path: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(Path(path).read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise ImproperlyConfigured(f"{path} does not hold an Ed25519 public key")
    return key


def verify_key() -> Ed25519PublicKey:
    if settings.AUDIT_VERIFY_KEY_FILE:
        return _load_public(settings.AUDIT_VERIFY_KEY_FILE)
    return signing_key().public_key()


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@cache
def _mac_key(path: str) -> bytes:
    raw = _load_private(path).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption())
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_SEAL_INFO).derive(raw)


def mac_key() -> bytes:
    signing_key()  # creates the demo key if needed
    return _mac_key(str(key_path()))


def seal_of(record_hash: str, key: bytes | None = None) -> str:
    """The seal of a record with this hash (hex, SEAL_HEX characters)."""
    digest = hmac.digest(key or mac_key(), record_hash.encode(), "sha256")
    return digest.hex()[:SEAL_HEX]


def sealer(key: bytes | None = None):
    """seal_of() for many records: the same HMAC-SHA256, with the key's inner and outer
    pad states computed once (verify runs this once per record; about half the cost)."""
    padded = (key or mac_key()).ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def seal(record_hash: str) -> str:
        i = inner.copy()
        i.update(record_hash.encode())
        o = outer.copy()
        o.update(i.digest())
        return o.hexdigest()[:SEAL_HEX]

    return seal
