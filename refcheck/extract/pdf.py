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
from typing import Any

from refcheck.errors import InputError
from refcheck.model import Document

_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_MAX_CROSSING = 0.08  # share of lines allowed to run across the gutter (title, full-width heading)
_MIN_TWO_SIDED = 0.3  # share of lines that must have text in both columns


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page; raises InputError for encrypted or damaged files."""
    from pypdf import PdfReader
    from pypdf import errors as pdf_errors
    from pypdf.errors import DeprecationError, PdfReadError, PyPdfError

    # pypdf >= 4 stops inflating a stream at 75 MB (LimitReachedError); older ones have no cap.
    bomb = getattr(pdf_errors, "LimitReachedError", MemoryError)

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font; we note instead
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("the PDF is encrypted")
        return [_page_text(page) for page in reader.pages]
    except InputError:
        raise
    except bomb as exc:  # a decompression bomb: pypdf stops at 75 MB per stream (issue #17)
        raise InputError(f"the PDF holds a stream that inflates past the size limit ({exc})") from None
    except (PyPdfError, DeprecationError, RecursionError, NotImplementedError, PdfReadError, ValueError, KeyError,
            TypeError, AttributeError, IndexError, OSError) as exc:
        # pypdf surfaces damage in many ways; all of them mean "this file is broken", not a bug here
        # (pypdf 7 raises DeprecationError, outside PyPdfError, for an abbreviated filter name such as /Fl).
        raise InputError(f"cannot read the PDF ({type(exc).__name__}: {exc})") from None


def _page_text(page: Any) -> str:
    """One page's text; a two-column page is read column by column.

    Stream order is right for most PDFs, but some typesetters write two-column pages row by
    row across both columns, which interleaves the columns. pypdf's layout mode places text
    by position, so a blank gutter shared by the lines reveals the columns.
    """
    text = page.extract_text() or ""
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is stricter about odd fonts; the plain text is still fine
        return text
    return split_columns(layout) or text


def split_columns(layout: str) -> str | None:
    """Left column then right column of a two-column layout text; None when it is not one."""
    lines = layout.splitlines()
    content = [ln for ln in lines if ln.strip()]
    if len(content) < 8:
        return None
    width = max(len(ln) for ln in content)
    best: tuple[int, int] | None = None  # (lines with text on both sides, gutter column)
    for col in range(int(width * 0.3), int(width * 0.7)):
        crossing = sum(1 for ln in content if ln[col - 1 : col + 2].strip())
        if crossing > len(content) * _MAX_CROSSING:
            continue
        both = sum(1 for ln in content if ln[:col].strip() and ln[col:].strip() and not ln[col - 1 : col + 2].strip())
        if best is None or both > best[0]:
            best = (both, col)
    if best is None or best[0] < len(content) * _MIN_TWO_SIDED:
        return None
    col = best[1]
    left, right = [], []
    for ln in lines:
        if ln[col - 1 : col + 2].strip():  # a heading across both columns stays whole
            left.append(ln.strip())
        else:
            left.append(ln[:col].strip())
            right.append(ln[col:].strip())
    return "\n".join(left).strip("\n") + "\n\n" + "\n".join(right).strip("\n")


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
