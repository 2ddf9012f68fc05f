"""Plain text and Markdown: locate the reference section, split it, clean every entry.

This is also the back end of the formats whose extractors end in text (PDF text layers, DOCX
paragraphs): they call :func:`extract_text` on the decoded text and get the same splitting,
spans and identifier recovery.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from refcheck.extract.clean import clean_entry, header_key, running_lines
from refcheck.extract.gaps import split_gaps
from refcheck.extract.intext import MAX_CITATIONS, find_in_text_citations
from refcheck.extract.nested import continue_list, enclosing_list
from refcheck.extract.section import (
    Heading,
    choose_heading,
    find_headings,
    is_list_like,
    looks_like_reference,
    section_end,
)
from refcheck.extract.spans import LineIndex, working_copy
from refcheck.extract.split import Piece, numbered_chain, split_entries
from refcheck.model import Document, RawEntry
from refcheck.text.identifiers import plain_identifiers

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".rmd", ".qmd"}
_TEXT_SUFFIXES = {".txt", ".text"}
_MARKDOWN_HINT = re.compile(r"^#{1,6}[ \t]+\S|\]\((?:https?://|#)|^[ \t]*[-*][ \t]+\S|\*\*\S", re.MULTILINE)
# No real reference list is longer than this (10,000 entries of 300 characters is 3 MB); past
# it the section is cut, which keeps splitting linear and its memory small on runaway inputs.
MAX_SECTION_CHARS = 4_000_000
# Nor has any list this many entries; past it the rest is dropped with a note, so that a runaway
# split (50 MB of prose under a 'References' heading) cannot flood the parser.
MAX_ENTRIES = 10_000
# Without a heading, a whole file is taken as a list only when it is small and clearly one.
_BARE_LIST_LIMIT = 1_000_000


def detect_format(path: str, text: str) -> str:
    """``markdown`` or ``text``: by suffix, else by Markdown syntax near the start."""
    suffix = PurePath(path).suffix.lower() if path != "-" else ""
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    return "markdown" if _MARKDOWN_HINT.search(text, 0, 65536) else "text"


def locate_section(working: str) -> tuple[Heading | None, int, int] | None:
    """``(heading, start, end)`` of the reference list, or None when there is none.

    Without a heading the whole file counts only when it *is* a list (a references-only
    file): it starts with entry 1 or every line reads like a reference.
    """
    headings = find_headings(working)
    heading = choose_heading(working, headings)
    if heading is not None:
        end = section_end(working, heading, limit=heading.body + MAX_SECTION_CHARS + 1)
        outer = enclosing_list(working, headings, heading, end)
        if outer is not None:
            heading = outer
        end = continue_list(working, heading, heading.body, end, heading.body + MAX_SECTION_CHARS + 1)
        return heading, heading.body, end
    if len(working) > _BARE_LIST_LIMIT or not is_list_like(working, 0):
        return None
    chain = numbered_chain(working, 0, len(working))
    if len(chain) >= 2 and not working[: chain[0].pos].strip():
        return None, 0, len(working)
    lines = [line for line in working.split("\n") if line.strip()]
    if len(lines) >= 2 and sum(looks_like_reference(line) for line in lines) >= 0.8 * len(lines):
        return None, 0, len(working)
    return None


def extract_text(text: str, path: str = "-", *, fmt: str | None = None) -> Document:
    """Locate, split and clean the reference list of already-decoded ``text``.

    Returns a Document with no entries when there is no reference section (the pipeline turns
    that into exit code 4). Spans and ``source_text`` refer to ``text`` exactly.
    """
    working = working_copy(text)
    doc = Document(path=path, text=text, format=fmt or detect_format(path, working))
    located = locate_section(working)
    if located is None:
        return doc
    heading, start, end = located
    if end - start > MAX_SECTION_CHARS:
        end = working.rfind("\n", start, start + MAX_SECTION_CHARS) + 1 or start + MAX_SECTION_CHARS
        doc.notes.append(
            f"reference section longer than {MAX_SECTION_CHARS // 1_000_000} MB; only its first part was read"
        )
    index = LineIndex(working)
    if heading is not None:
        doc.section = index.span(heading.start, heading.body)
        doc.heading = " ".join(heading.text.split())
    pieces = split_gaps(working, split_entries(working, start, end))
    if len(pieces) > MAX_ENTRIES:
        doc.notes.append(f"more than {MAX_ENTRIES} entries found; only the first {MAX_ENTRIES} were kept")
        pieces = pieces[:MAX_ENTRIES]
    running: set[str] = set()
    if working.find("\n", start, end) >= 0:
        firsts = {header_key(working[p.start : min(p.end, _line_end(working, p.start))]) for p in pieces}
        running = _not_entry_lines(working, start, end, running_lines(working, start, end, exclude=firsts))
    doc.entries = [_entry(text, working, piece, index, running) for piece in pieces]
    doc.entries = [e for e in doc.entries if e.text]
    numbers = [e.number for e in doc.entries if e.number is not None]
    body_end = heading.start if heading is not None else 0
    if body_end and numbers:  # numeric citations only mean something with a numbered list
        doc.in_text = find_in_text_citations(working, max(numbers), end=body_end)
        if len(doc.in_text) >= MAX_CITATIONS:
            doc.notes.append(f"more than {MAX_CITATIONS} in-text citations; only the first {MAX_CITATIONS} were kept")
    return doc


_DIGIT_RUN = re.compile(r"\d+")
# A line that continues a sentence ('. Last accessed: …') is no header; a DOI/URL line is one
# only when it is the same on every page (a footer with the article's own DOI).
_CONTINUATION = re.compile(r"[.,;:)\]]")
_LINKISH = re.compile(r"https?:|doi|www\.", re.IGNORECASE)


def _not_entry_lines(text: str, start: int, end: int, running: set[str]) -> set[str]:
    """Drop from ``running`` the repeated lines that are entry text, not page furniture.

    A running header keeps its words and all numbers but the page number ('Skeletal Radiol
    (2007) 36:1101-1104 1103'); the last lines of references to one journal share the words
    but not the volume and pages ('Biochem Pharmacol 48:1619-1630', '… 67:503-511'). And a
    header follows different text on every page, where a line of a reference printed twice
    follows the same line each time. A line that continues a sentence is never a header, and a
    URL or DOI line only when it is identical (digits included) everywhere.
    """
    if not running:
        return running
    numbers: dict[str, list[tuple[str, ...]]] = {}
    before: dict[str, set[str]] = {}
    previous = ""
    for line in text[start:end].split("\n"):
        key = header_key(line)
        if key in running:
            numbers.setdefault(key, []).append(tuple(_DIGIT_RUN.findall(line)))
            before.setdefault(key, set()).add(previous)
        if line.strip():
            previous = header_key(line)
    keep = set()
    for key in running:
        runs = numbers.get(key, [])
        varying = sum(len(set(column)) > 1 for column in zip(*runs, strict=False))
        if _CONTINUATION.match(key) or varying > (0 if _LINKISH.search(key) else 1):
            continue
        if not (len(runs) >= 2 and len(before.get(key, ())) == 1):
            keep.add(key)
    return keep


def _line_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl


def _entry(text: str, working: str, piece: Piece, index: LineIndex, running: set[str]) -> RawEntry:
    end = piece.end
    while end > piece.body and working[end - 1].isspace():
        end -= 1
    cleaned, from_links = clean_entry(working[piece.body : end], running)
    identifiers = plain_identifiers(cleaned)
    for key, value in from_links.items():
        identifiers.setdefault(key, value)
    return RawEntry(
        number=piece.number,
        text=cleaned,
        span=index.span(piece.start, end),
        source_text=text[piece.start : end],
        identifiers=identifiers,
    )
