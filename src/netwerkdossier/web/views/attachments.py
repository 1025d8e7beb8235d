"""Download an attachment: access is decided on its entry, the read is logged."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from netwerkdossier.access.api import READ, context_for_request, fetch
from netwerkdossier.dossier.models import Attachment


@require_GET
@login_required
def attachment_download(request, pk):
    ctx = context_for_request(request)
    # Decided on its entry; a refusal names the attachment id that was asked for, and
    # the granted read the entry's subjects (the catalogue).
    attachment, _decision = fetch(ctx, Attachment.objects.select_related("entry"), pk,
                                  action=READ, event_code="attachment.read", log=True)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
