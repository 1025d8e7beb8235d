"""Attachment files on disk: removed after the destruction's commit, and a sweep for
files no attachment row names any more (a crash between the commit and the removal).

Files cannot take part in the database transaction. Removing them before the commit
would lose them if the transaction rolled back; removing them after can leave one behind
if the process dies in between, which the sweep (`netwerkdossier retention files`)
finds. Backups keep their copies until they expire (docs/operator-guide.md).
"""

import logging
from pathlib import Path

from django.core.files.storage import default_storage

log = logging.getLogger(__name__)
FOLDER = "attachments"


def remove_files(names) -> int:
    removed = 0
    for name in names:
        try:
            default_storage.delete(name)
            removed += 1
        except OSError:  # logged by name only: a path holds no personal data
            log.exception("could not remove destroyed attachment file %s", name)
    return removed


def orphaned_files() -> list[str]:
    """Stored attachment files that no attachment row names."""
    from netwerkdossier.dossier.models import Attachment

    root = Path(default_storage.location) / FOLDER
    if not root.exists():
        return []
    on_disk = {str(p.relative_to(default_storage.location)) for p in root.rglob("*")
               if p.is_file()}
    named = set(Attachment.objects.values_list("file", flat=True).iterator())
    return sorted(on_disk - named)
