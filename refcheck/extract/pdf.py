"""PDF input (best effort): pypdf text, page by page, handed to the text extractor.

PDF keeps glyph positions, not paragraphs, so this is the least reliable input: pypdf's
default extraction follows the content stream, which for journal two-column layouts is
usually column by column; line-end hyphenation and running headers are then handled by the
text extractor's cleaning, as for text pasted from a PDF. Page breaks are kept as form feeds
so that a reference split across pages stays one entry (the cleaner joins it).
"""

from __future__ import annotations

import io
import logging
import re

from refcheck.errors import InputError
from refcheck.model import Document

_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page; raises InputError for encrypted or damaged files."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font; we note instead
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("the PDF is encrypted")
        return [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        # pypdf surfaces damage in many ways; all of them mean "this file is broken", not a bug here.
        raise InputError(f"cannot read the PDF ({type(exc).__name__}: {exc})") from None


def pages_to_text(pages: list[str]) -> str:
    """Join pages, dropping lines that are only a page number (footer debris)."""
    cleaned = []
    for page in pages:
        lines = [ln for ln in page.splitlines() if not _PAGE_NUMBER.match(ln)]
        cleaned.append("\n".join(lines))
    return "\n\f\n".join(cleaned)


def extract(path: str, data: bytes) -> Document:
    """A PDF manuscript: its extracted text through the text extractor, format 'pdf'."""
    from refcheck.extract.text import extract_text

    try:
        pages = pdf_pages(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    text = pages_to_text(pages)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no extractable text (scanned images need OCR first)")
    doc = extract_text(text, path)
    doc.format = "pdf"
    doc.encoding = None
    if len(pages) > 1:
        doc.notes.append(f"text extracted from {len(pages)} PDF pages (best effort; check line numbers in the PDF text)")
    return doc
