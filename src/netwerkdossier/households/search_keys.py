"""Normalised keys for prefix search that use a plain index on both databases."""

import unicodedata


def fold(text: str) -> str:
    """Lowercase, strip accents and non-alphanumerics: 'Çelik-Öz' -> 'celikoz'."""
    normalized = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in normalized.lower() if c.isalnum())


def search_tokens(query: str) -> list[str]:
    return [t for t in (fold(part) for part in (query or "").split()) if t]
