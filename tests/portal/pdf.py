"""The text of the PDFs the application writes, for assertions on what they contain.

`document_text` reads a PDF back as a reader would, with pypdfium2 (PDFium, the PDF
engine of Chromium): the data download uses an embedded Unicode font, whose text only
a real PDF reader turns back into characters. `pdf_text` gives the raw, inflated
content streams of PDFs written with a core font (the access matrix, the channel
table), whose tests look at the drawing operators themselves."""

import re
import zlib

# fpdf2 writes "stream\n<deflated bytes>\nendstream". The bytes may themselves end in
# "\r", so the pattern must not eat it, and a stream is inflated with decompressobj,
# which does not need the trailing checksum to give the text.
STREAM = re.compile(rb"stream\n(.*?)\nendstream", re.S)


def pdf_text(content: bytes) -> str:
    chunks = []
    for stream in STREAM.findall(content):
        try:
            chunks.append(zlib.decompressobj().decompress(stream))
        except zlib.error:
            chunks.append(stream)  # not deflated
    return b"\n".join(chunks).decode("latin-1")


def document_text(content: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        # PDFium ends lines with \r\n; a line break inside a paragraph is a space to a
        # reader, so tests look for phrases in the text with breaks folded.
        return " ".join(" ".join(pages).split())
    finally:
        document.close()


def render_pages(content: bytes, scale: float = 1.5) -> list:
    """Every page as a PIL image (what a reader sees)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    try:
        return [page.render(scale=scale).to_pil() for page in document]
    finally:
        document.close()
