"""The text of the portal's PDF download, for assertions on what it contains."""

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
