"""Where a text could still be after a destruction: every text column of every table,
and every stored file."""

from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def tables_holding(text: str) -> list[str]:
    """'app.Model.field' for every column that holds `text` anywhere in a row."""
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, TEXT_FIELDS) and model.objects.filter(
                    **{f"{f.attname}__icontains": text}).exists():
                found.append(f"{model._meta.label}.{f.name}")
    return found


def files_holding(text: str) -> list[str]:
    root = Path(default_storage.location)
    if not root.exists():
        return []
    return [str(p) for p in root.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]
