"""Ed25519 signatures on regional export files (docs/decisions/0049).

A region signs with its private key (a PEM file outside the database, named by
settings.MONITORING_SIGNING_KEY_FILE or the command's --sleutel); the national team
verifies with the region's public key from its list of trusted keys
(settings.MONITORING_TRUSTED_KEYS: a TOML file, one table per key id with the region
code the key may sign for and the public key in base64). A key id is the first 32 hex
digits of the SHA-256 of the raw public key, so nobody has to invent names and a key
cannot be listed under another key's id.
"""

import base64
import hashlib
import json
import tomllib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

ALGORITHM = "ed25519"


def canonical(document: dict) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, UTF-8 (the document holds
    strings, integers, booleans and lists only, so this is stable)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public(public)).hexdigest()[:32]


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_pem(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())


def load_private(path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 key")
    return key


def trust_entry(region_code: str, public: Ed25519PublicKey) -> str:
    """The lines a region sends to the national team for its list of trusted keys."""
    encoded = base64.b64encode(raw_public(public)).decode()
    return (f'[keys."{key_id(public)}"]\nregion = "{region_code}"\n'
            f'public_key = "{encoded}"\n')


def sign(document: dict, private: Ed25519PrivateKey) -> dict:
    return {"algorithm": ALGORITHM, "key_id": key_id(private.public_key()),
            "value": base64.b64encode(private.sign(canonical(document))).decode()}


def trusted_keys(path=None) -> dict:
    """key id -> (region code, public key) from the TOML file of trusted keys."""
    path = path or getattr(settings, "MONITORING_TRUSTED_KEYS", "")
    if not path or not Path(path).exists():
        return {}
    found = {}
    with open(path, "rb") as handle:
        for kid, entry in tomllib.load(handle).get("keys", {}).items():
            public = Ed25519PublicKey.from_public_bytes(base64.b64decode(entry["public_key"]))
            if key_id(public) == kid:  # an entry under another key's id is ignored
                found[kid] = (entry["region"], public)
    return found


def verify(document: dict, signature: dict, public: Ed25519PublicKey) -> bool:
    try:
        public.verify(base64.b64decode(signature["value"], validate=True),
                      canonical(document))
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True
