"""The text of the portal's PDF download, for assertions on what it contains, read back
with pypdfium2 (PDFium, the PDF engine of Chromium): the download uses an embedded
Unicode font, whose text only a real PDF reader turns back into characters."""


def pdf_text(content: bytes) -> str:
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
