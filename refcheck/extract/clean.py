"""Turn the raw slice of one entry into the text the parser reads.

The slice still carries layout: line breaks inside the entry, words hyphenated at a line end,
running headers and page numbers of a page break, Markdown emphasis and link debris. Each is
removed here, and only here, so that ``RawEntry.source_text`` keeps the file's exact bytes while
``RawEntry.text`` is one clean line.
"""

from __future__ import annotations

import re
from collections import Counter

from refcheck.text.identifiers import DOI_START, strip_link_debris
from refcheck.text.repair import join_line_hyphens, strip_inline_tags

_LONE_NUMBER_LINE = re.compile(r"(?im)^[ \t]*(?:page[ \t]+)?\d{1,4}[ \t]*$")
_LONE_NUMBER = re.compile(r"[ \t]*(?:page[ \t]+)?\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?[ \t]*", re.IGNORECASE)
_MD_HEADING_LINE = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t].*$")
_SETEXT_LINE = re.compile(r"(?m)^[ \t]*(?:=+|-{3,})[ \t]*$")
_HYPHEN_OTHER = re.compile(r"-[ \t]*\n[ \t]*")
_SOFT_HYPHEN = re.compile(r"\u00ad[ \t]*\n?[ \t]*")
_SPACES = re.compile(r"\s+")
_BROKEN_IDENTIFIER = re.compile(rf"(\b{DOI_START}(?:[^\s<>\"]*[./_-])?|https?://[^\s<>\"]*[./_-])[ \t]*\n[ \t]*(?=[\w(])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>])")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?!\w)")
# A list bullet, or the closing half of an emphasised number ('**1.** Smith' -> '** Smith');
# not a ditto rule for the previous authors ('__________ . Psychology: …').
_LEADING_BULLET = re.compile(r"^(?!___)(?:(?:[-*+\u2022\u25aa\u25cf]|\*\*|__|_)\s+)+")
_DIGITS = re.compile(r"\d+")
_DITTO = re.compile(r"_{3,}(?!_)")
_NON_LETTERS = re.compile(r"[\W\d_]+")

# A line repeated on several pages is a running header or footer when it is this short.
_MAX_HEADER_LEN = 120


def header_key(line: str) -> str:
    """Comparable form of a header line: page numbers vary from page to page, words do not."""
    return _DIGITS.sub("#", " ".join(line.split()))


def running_lines(
    document: str, start: int, end: int, *, exclude: set[str] | frozenset[str] = frozenset(),
    scan_limit: int = 5_000_000,
) -> set[str]:
    """Header keys of lines in ``document[start:end]`` (the section) that are page furniture.

    A running header or footer repeats on every page: a short line of the section that also
    occurs outside it (an entry is never printed verbatim in the body), or three times within
    it. ``exclude`` holds the keys of entry first lines, which are never furniture (a
    duplicated reference must survive to be reported). The outside count is only taken on
    documents up to ``scan_limit`` characters, to keep huge inputs linear and small.
    """
    inside = Counter(
        key for line in document[start:end].split("\n")
        if _furniture_shaped(line) and (key := header_key(line)) not in exclude
    )
    repeated = {key for key, n in inside.items() if n >= 3}
    if len(document) <= scan_limit:
        wanted = set(inside) - repeated
        if wanted:
            outside = document[:start].split("\n") + document[end:].split("\n")
            repeated |= {key for line in outside if (key := header_key(line)) in wanted}
    return repeated


def _furniture_shaped(line: str) -> bool:
    """Short but with some words ('Skeletal Radiol (2007) 36:1101–1104'). Page numbers alone
    have a pattern of their own; very short lines ('doi:', 'J Pathol') repeat inside real
    entries too often to be dropped on repetition."""
    stripped = line.strip()
    return 10 <= len(stripped) <= _MAX_HEADER_LEN and len(_NON_LETTERS.sub("", stripped)) >= 5


def drop_layout_lines(text: str, running: set[str] | frozenset[str] = frozenset()) -> str:
    """Remove running headers, lone page numbers and heading lines from a multi-line slice."""
    if "\n" not in text:
        return text
    if running or _LONE_NUMBER_LINE.search(text):
        text = _drop_furniture(text, running)
    text = _MD_HEADING_LINE.sub("", text)
    return _SETEXT_LINE.sub("", text)


def _drop_furniture(text: str, running: set[str] | frozenset[str]) -> str:
    """Drop running-header lines and the lone page numbers of a page break.

    A line holding only a number is a page number when it sits at a page break: next to a
    dropped header or a blank line, or after a line that ended a sentence.
    After ``64:1421-`` or ``mass-independent`` it is the entry's own continuation.
    """
    lines = text.split("\n")
    out: list[str] = []
    dropped = False
    for i, line in enumerate(lines):
        if running and header_key(line) in running:
            dropped = True
            continue
        if _LONE_NUMBER.fullmatch(line):
            prev = out[-1].rstrip() if out else None
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            at_break = dropped or prev == "" or (nxt is not None and (not nxt.strip() or header_key(nxt) in running))
            if at_break or (prev and prev[-1] in ".)]"):
                dropped = True
                continue
        dropped = False
        out.append(line)
    return "\n".join(out)


def join_broken_identifiers(text: str) -> str:
    """Rejoin a DOI or URL that a line break cut after ``.``, ``/``, ``-`` or ``_``.

    PDF text breaks ``10.1016/j.`` / ``jcv.2004.01.001`` across lines; joined with a space the
    DOI would be read as ``10.1016/j``. A hyphen here is part of the identifier, never
    hyphenation, so this runs before :func:`join_hyphenation`.
    """
    if "\n" not in text or ("10." not in text and "://" not in text):
        return text
    return _BROKEN_IDENTIFIER.sub(r"\1", text)


def join_hyphenation(text: str) -> str:
    """Undo line-end hyphenation: ``Endo-\\nscopic`` -> ``Endoscopic``.

    Word breaks are judged by :func:`refcheck.text.repair.join_line_hyphens` (the word list
    keeps ``Malnutrition-\\ninflammation`` hyphenated); ``Ray-\\nCoquard`` and page ranges
    ``728-\\n34`` keep their hyphen and lose only the line break.
    """
    if "\n" not in text:
        return text
    text = join_line_hyphens(_SOFT_HYPHEN.sub("", text))
    return _HYPHEN_OTHER.sub("-", text)


def strip_markdown(text: str) -> str:
    """Drop Markdown/HTML emphasis and escapes, keeping the words: ``*Mod Pathol*`` -> ``Mod Pathol``.

    A leading ditto rule for the previous entry's authors (``__________ . Title``) is kept.
    """
    ditto = _DITTO.match(text)
    if ditto:
        return ditto.group(0) + strip_markdown(text[ditto.end() :])
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    text = strip_inline_tags(text)
    if "*" in text or "_" in text:
        text = _BOLD.sub(r"\2", text)
        text = _ITALIC_STAR.sub(r"\1", text)
        text = _ITALIC_UNDERSCORE.sub(r"\1", text)
    return text


def clean_entry(raw: str, running: set[str] | frozenset[str] = frozenset()) -> tuple[str, dict[str, str]]:
    """Clean one entry's slice (without its number): ``(one-line text, identifiers from links)``."""
    text = drop_layout_lines(raw, running)
    text = join_broken_identifiers(text)
    text = join_hyphenation(text)
    text, identifiers = strip_link_debris(text)
    text = _SPACES.sub(" ", text).strip()
    text = strip_markdown(text)
    text = _LEADING_BULLET.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return text, identifiers
