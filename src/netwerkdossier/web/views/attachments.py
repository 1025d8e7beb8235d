"""Download an attachment: access is decided on its entry, the read is logged."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import (
    READ,
    AccessRefused,
    context_for_request,
    fetch,
    log_access,
)
from netwerkdossier.dossier.models import Attachment, Entry


@require_GET
@login_required
def attachment_download(request, pk):
    ctx = context_for_request(request)
    attachment = Attachment.objects.filter(pk=pk).only("id", "entry_id").first()
    entry_id = attachment.entry_id if attachment else None
    try:
        entry, decision = fetch(ctx, Entry.objects.select_related("household"), entry_id,
                                action=READ, event_code="attachment.read",
                                object_type="attachment")
    except AccessRefused as exc:
        # Log the attachment id that was asked for, not the entry behind it.
        raise AccessRefused(ctx, "attachment.read", "attachment", pk, exc.decision) from None
    attachment = Attachment.objects.get(pk=pk)
    log_access(ctx, "attachment.read", "R", object_type="attachment",
               objects=[attachment, entry], subjects=entry.subjects.all(), rule=decision.rule)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
