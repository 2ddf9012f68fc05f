"""Stage 1, extract: read a manuscript and return its reference list as raw entries.

:func:`extract_file` reads the bytes once (with every input check: missing, directory, empty,
binary, too large), then hands them to the extractor for the file's format. Plain text and
Markdown (and anything unknown that decodes as text) go to :mod:`refcheck.extract.text`; the
structured and binary formats have their own modules, each exposing
``extract(path: str, data: bytes) -> Document``, imported only when needed so that a missing
optional module never breaks the common case.
"""

from __future__ import annotations

import importlib
import re
from pathlib import PurePath
from types import ModuleType

from refcheck.extract.reader import decode, read_bytes
from refcheck.extract.text import extract_text
from refcheck.model import Document

__all__ = ["FORMATS", "extract_bytes", "extract_file", "extract_text"]

#: Suffix -> module (under refcheck.extract) that extracts that format.
FORMATS: dict[str, str] = {
    ".tex": "latex",
    ".ltx": "latex",
    ".bib": "bibtex_file",
    ".docx": "docx",
    ".xml": "jats",
    ".nxml": "jats",
    ".pdf": "pdf",
    ".ris": "ris",
    ".json": "csljson",
}
_TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}

# Content sniffing for standard input and unknown suffixes: magic bytes, then leading syntax.
_SNIFF: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"%PDF-"), ".pdf"),
    (re.compile(rb"PK\x03\x04"), ".docx"),
    (re.compile(rb"\s*(?:%[^\n]*\n\s*)*@(?:article|book|inproceedings|incollection|misc|preamble|string)\s*[{(]",
                re.IGNORECASE), ".bib"),
    (re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE\s+(?:article|pmc-articleset)|<article[\s>]|<pmc-articleset)"),
     ".xml"),
    (re.compile(rb"\s*TY  - "), ".ris"),
    (re.compile(rb"\s*\\(?:documentclass|begin\{document\}|bibitem)"), ".tex"),
    (re.compile(rb"\s*(?:\[\s*)?\{\s*\"(?:id|type|title|author|items)\"\s*:"), ".json"),
)


def sniff_suffix(data: bytes) -> str | None:
    """The suffix whose extractor should read ``data``, from its first bytes (None: text)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    for pattern, suffix in _SNIFF:
        if pattern.match(head):
            return suffix
    return None


def _module_for(suffix: str) -> ModuleType | None:
    """The extractor module for ``suffix`` (imported on first use: PDF and DOCX readers pull in
    heavy libraries that a Markdown check never needs), or None for plain text."""
    name = FORMATS.get(suffix)
    return None if name is None else importlib.import_module(f"refcheck.extract.{name}")


def extract_bytes(path: str, data: bytes) -> Document:
    """Dispatch already-read bytes by suffix (or content, for stdin and unknown suffixes)."""
    suffix = PurePath(path).suffix.lower() if path != "-" else ""
    if suffix not in FORMATS and suffix not in _TEXT_SUFFIXES:
        suffix = sniff_suffix(data) or suffix
    module = _module_for(suffix)
    if module is not None:
        return module.extract(path, data)
    text, encoding, notes = decode(data, path)
    doc = extract_text(text, path)
    doc.encoding = encoding
    doc.notes = notes + doc.notes
    return doc


def extract_file(path: str) -> Document:
    """Read ``path`` ('-' for stdin), locate the reference list and split it into entries.

    Raises :class:`~refcheck.errors.InputError` for unreadable, empty, binary or oversized
    input. A readable file without a reference list gives a Document with no entries.
    """
    return extract_bytes(path, read_bytes(path))
