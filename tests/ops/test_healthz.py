import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_database_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok", "vendor": connection.vendor}


@pytest.mark.django_db
def test_healthz_reports_database_down(client, monkeypatch):
    from django.db import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["status"] == "unavailable"


def test_console_command_is_installed():
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("netwerkdossier")
    assert exe.exists() or shutil.which("netwerkdossier")
    out = subprocess.run([str(exe), "help", "audit"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and "verify" in out.stdout
