"""Security headers on every answer, no inline script or style in any template, and a
production process that refuses to start insecure (issue 11, point 3)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netwerkdossier.web.security_headers import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "netwerkdossier"


def test_login_page_has_the_policy_and_is_not_stored(client):
    response = client.get("/inloggen")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "no-store" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_and_api_answers_with_personal_data_are_not_stored(login, cast):
    client = login("lotte")
    page = client.get(f"/huishoudens/{cast.household.pk}")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    api = client.get("/api/v1/households")  # no token: a problem+json answer, still no-store
    assert api["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in api


def test_templates_hold_no_inline_script_or_style():
    offenders = []
    for path in SRC.rglob("*.html"):
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=\"",
                        r"\son[a-z]+=\"", r"javascript:"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(SRC)}: {pattern}")
    assert not offenders, offenders


def _settings_process(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("PYTEST_VERSION", "NETWERKDOSSIER_DEMO", "SECRET_KEY", "DEBUG",
                          "DJANGO_ALLOW_ASYNC_UNSAFE")}
    clean["DJANGO_SETTINGS_MODULE"] = "netwerkdossier.settings"
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code],
                          env={**clean, **env}, capture_output=True, text=True, timeout=120)


GOOD_KEY = "k3Yq9-" * 10


@pytest.fixture
def audit_key(tmp_path) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = tmp_path / "audit-key.pem"
    path.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return str(path)


@pytest.mark.parametrize("env, says", [
    ({}, "SECRET_KEY is not set"),
    ({"SECRET_KEY": "insecure-demo-key-/var"}, "demo key"),
    ({"SECRET_KEY": "short"}, "shorter than 50"),
    ({"SECRET_KEY": GOOD_KEY, "DEBUG": "1"}, "DEBUG is on"),
])
def test_production_refuses_to_start_insecure(env, says):
    result = _settings_process(env, "")
    assert result.returncode != 0
    assert "refuses to start insecurely" in result.stderr and says in result.stderr


def test_production_refuses_to_start_without_the_audit_key():
    result = _settings_process({"SECRET_KEY": GOOD_KEY}, "")
    assert result.returncode != 0 and "AUDIT_SIGNING_KEY_FILE" in result.stderr


def test_production_defaults_are_https_only_and_deploy_check_is_clean(audit_key, tmp_path):
    result = _settings_process({"SECRET_KEY": GOOD_KEY, "AUDIT_SIGNING_KEY_FILE": audit_key,
                                "AUDIT_CHECKPOINT_DIR": str(tmp_path / "cp")}, (
        "from django.conf import settings as s\n"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.DEBUG)\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:5] == ["31536000", "True", "True", "True", "False"]


def test_production_keeps_database_connections_and_checks_them(audit_key, tmp_path):
    """Prepared statements are reused only on a kept connection (decision 0054)."""
    code = ("from django.conf import settings as s\n"
            "d = s.DATABASES['default']\nprint(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])\n")
    production = {"SECRET_KEY": GOOD_KEY, "AUDIT_SIGNING_KEY_FILE": audit_key,
                  "AUDIT_CHECKPOINT_DIR": str(tmp_path / "cp")}
    assert _settings_process(production, code).stdout.split() == ["60", "True"]
    assert _settings_process({**production, "CONN_MAX_AGE": "0"}, code).stdout.split() == \
        ["0", "True"]
    assert _settings_process({"NETWERKDOSSIER_DEMO": "1"}, code).stdout.split() == \
        ["0", "True"]


def test_the_demo_command_may_run_with_a_throwaway_key():
    clean = {k: v for k, v in os.environ.items()
             if k not in ("PYTEST_VERSION", "NETWERKDOSSIER_DEMO", "SECRET_KEY")}
    command = [sys.executable, "-m", "netwerkdossier.cli"]
    demo = subprocess.run([*command, "demo", "--help"], env=clean, capture_output=True,
                          text=True, timeout=120)
    assert demo.returncode == 0, demo.stderr
    other = subprocess.run([*command, "check"], env=clean, capture_output=True, text=True,
                           timeout=120)
    assert other.returncode != 0 and "NETWERKDOSSIER_DEMO=1" in other.stderr


def test_the_server_error_page_is_dutch_and_needs_no_inline_style(rf):
    from netwerkdossier.web.errors import server_error

    html = server_error(rf.get("/")).content.decode()
    assert 'lang="nl"' in html and "Er ging iets mis" in html
    assert '<link rel="stylesheet" href="/static/web/error.css">' in html
    assert "<style" not in html
