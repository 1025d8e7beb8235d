import pytest
from django.core.management import call_command

from netwerkdossier.access.models import SharingAgreement, SharingRule


@pytest.mark.django_db
def test_load_is_idempotent_and_list_shows_versions(capsys):
    call_command("agreements", "load")
    assert "1 nieuwe afspraakversie(s) geladen" in capsys.readouterr().out
    rules = SharingRule.objects.count()
    assert rules > 0
    call_command("agreements", "load")
    assert "0 nieuwe" in capsys.readouterr().out
    assert SharingRule.objects.count() == rules  # a loaded version is never changed
    call_command("agreements", "list")
    out = capsys.readouterr().out
    agreement = SharingAgreement.objects.get()
    assert f"{agreement.key} v{agreement.version}" in out and f"{rules} regels" in out
