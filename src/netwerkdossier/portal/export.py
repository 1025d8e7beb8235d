"""'Download al mijn gegevens' (AVG art. 15 and 20; Jeugdwet art. 7.3.8): everything the
family member may read about themselves and the children they represent, as JSON and
as PDF. The document is built in access_document.py (the same access-checked reads as
the pages) and rendered as a PDF in access_pdf.py."""

from . import access_document, access_pdf
from .access_document import address_line  # noqa: F401  (the home page's address)


def collect(scope) -> dict:
    """The document for the portal's own member (see access_document.build)."""
    return access_document.build(scope)


def to_json(doc: dict) -> dict:
    return access_document.to_json(doc)


def render_pdf(doc: dict) -> bytes:
    return access_pdf.render(doc)
