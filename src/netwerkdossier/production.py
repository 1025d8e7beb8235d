"""Refuse to start a production process with settings an attacker could use.

Imported by settings.py outside the demo and the test suite. A guessable SECRET_KEY
lets anyone forge session and message cookies; DEBUG shows settings and stack traces
with personal data. Both are errors at start, not warnings to read later.
"""

from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 50  # what `check --deploy` asks for (security.W009)


def refuse_insecure(secret_key: str, debug: bool, demo_prefix: str) -> None:
    problems = []
    if not secret_key:
        problems.append("SECRET_KEY is not set.")
    elif secret_key.startswith((demo_prefix, "django-insecure")):
        problems.append("SECRET_KEY is a demo key.")
    elif len(secret_key) < MIN_KEY_LENGTH or len(set(secret_key)) < 5:
        problems.append(f"SECRET_KEY is shorter than {MIN_KEY_LENGTH} characters or too "
                        "simple.")
    if debug:
        problems.append("DEBUG is on.")
    if problems:
        raise ImproperlyConfigured(
            "Netwerkdossier refuses to start insecurely: " + " ".join(problems)
            + " Set a random SECRET_KEY (python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))') and leave DEBUG off; for the demo on "
            "your own machine set NETWERKDOSSIER_DEMO=1 (docs/operator-guide.md).")


def refuse_without_audit_key(key_file: str) -> None:
    """The access log is sealed with a key outside the database (decision 0027); without
    it every logged access would fail, so refuse at start instead."""
    from pathlib import Path

    if not key_file or not Path(key_file).is_file():
        raise ImproperlyConfigured(
            "Netwerkdossier refuses to start insecurely: AUDIT_SIGNING_KEY_FILE does not "
            "name a readable key file for sealing the access log (docs/operator-guide.md).")
