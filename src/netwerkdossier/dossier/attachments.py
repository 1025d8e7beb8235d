"""Attachment checks: size first, then the real file type by its content (not its name)."""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Content types we accept, by what the bytes are; everything else is refused.
ALLOWED = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt",),
}
# Signatures of executables and scripts, refused even when renamed.
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe",
                    b"\xfe\xed\xfa\xcf")


def _sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain" if "\x00" not in text else None


def check_upload(upload) -> dict:
    """Validate an uploaded file; return its metadata. Raises ValidationError in Dutch."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s). Het mag hoogstens %(limit)s zijn.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="attachment_too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    if head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(_("Programma's en scripts kunnen niet als bijlage worden "
                                "opgeslagen."), code="attachment_executable")
    mime = _sniff(head)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if mime not in ALLOWED or suffix not in ALLOWED[mime]:
        raise ValidationError(
            _("Dit soort bestand kan niet als bijlage worden opgeslagen. Toegestaan zijn PDF, "
              "PNG, JPEG en platte tekst (.txt)."),
            code="attachment_type",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"original_name": name, "content_type": mime, "size": upload.size,
            "sha256": digest.hexdigest()}
