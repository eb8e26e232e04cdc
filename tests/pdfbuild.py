"""Hand-built PDFs for the reader's bad-input tests: exactly the objects a test needs, nothing more.

A test that wants a PDF without a text layer, or one pdfminer must work around, states its objects
(object 1 is the catalogue); `build_pdf` numbers them and writes the cross-reference table and trailer.
"""

from __future__ import annotations


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF file whose objects 1… are `objects`, with a correct xref table and 1 0 R as its root."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
