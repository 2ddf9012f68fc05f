"""Word (.docx) input: paragraphs to text lines, then the text extractor finds the list.

The body's paragraphs become lines with Word's automatic numbers and reference-manager field
results written in (:mod:`refcheck.extract.docx_body`). A body without a reference list may keep
it as Word **endnotes** or **footnotes**: then those are read as the list
(:mod:`refcheck.extract.docx_notes`).
"""

from __future__ import annotations

import io
from typing import Any

from refcheck.errors import InputError
from refcheck.extract.docx_body import body_lines
from refcheck.extract.docx_notes import from_notes
from refcheck.extract.limits import check_zip
from refcheck.model import Document


def _open(data: bytes) -> Any:
    """The python-docx Document of ``data``; a damaged or non-Word package is a one-line InputError."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise InputError(f"python-docx is needed to read .docx files: {exc}") from None
    check_zip(data, "the .docx package")  # a zip bomb is refused before python-docx inflates it
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(f"not a Word .docx file ({exc})") from None
    except Exception as exc:  # zipfile.BadZipFile and lxml errors from damaged packages
        raise InputError(f"cannot read the .docx file ({type(exc).__name__}: {exc})") from None


def docx_lines(data: bytes) -> list[str]:
    """One line per paragraph (body, tables, content controls) with automatic numbers written in."""
    return body_lines(_open(data))


def extract(path: str, data: bytes) -> Document:
    """A Word manuscript: paragraph lines handed to the text extractor, format 'docx'.

    When the body holds no reference list, the list is read from the endnotes (else footnotes),
    which is how Word users often keep Vancouver references. The body list always wins: a paper
    may have explanatory footnotes *and* a typed reference list.
    """
    from refcheck.extract.text import extract_text

    try:
        document = _open(data)
        lines = body_lines(document)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    doc = extract_text("\n".join(lines), path)
    if not doc.entries:
        notes_doc, problems = from_notes(document, lines, path)
        doc = notes_doc or doc
        doc.notes.extend(problems)
    doc.format = "docx"
    doc.encoding = None
    return doc
