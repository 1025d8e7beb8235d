"""Legal rules as reviewable data files. Each record names its source."""

import tomllib
from functools import cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict:
    with open(RULES_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


def disciplines() -> list[dict]:
    return load("disciplines")["discipline"]


def secrecy_disciplines() -> frozenset[str]:
    return frozenset(d["key"] for d in disciplines() if d["beroepsgeheim"])


def legal_bases() -> list[dict]:
    return load("legal_bases")["basis"]


def choices(records: list[dict]) -> list[tuple[str, str]]:
    return [(r["key"], r["label"]) for r in records]


def crisis_lines() -> list[dict]:
    """Numbers a family member can call at once (crisis_lines.toml)."""
    return load("crisis_lines")["line"]


def registration_sources(target: str | None = None) -> list[dict]:
    """Where a change to a registration can come from (registration_sources.toml);
    with `target` ("member", "address", "gezag") only the sources that support it."""
    sources = load("registration_sources")["source"]
    return [s for s in sources if target is None or target in s["for"]]
