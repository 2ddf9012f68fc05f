"""Numbered citations in the body text: ``[1]``, ``[2-4]``, ``(5, 7)``, ``(1–11)``, ``<sup>3</sup>``.

They let the checks report references never cited, or cited out of order. A bracket is a
citation only when it holds nothing but numbers, commas and ranges, and every number is
plausible (1..number of entries): that excludes years ``(2004)``, figure references ``(Fig 1)``,
doses ``(800 mg)`` and percentages.
"""

from __future__ import annotations

import re

from refcheck.extract.spans import LineIndex, working_copy
from refcheck.model import InTextCitation

_DASH = r"[-\u2010-\u2015\u2212]"
_ITEM = rf"\d{{1,4}}(?:[ \t]*{_DASH}[ \t]*\d{{1,4}})?"
_LIST = rf"{_ITEM}(?:[ \t]*[,;][ \t]*{_ITEM})*"
_CITATION = re.compile(
    rf"\[(?P<from>\d{{1,4}})\][ \t]*{_DASH}[ \t]*\[(?P<to>\d{{1,4}})\]"  # IEEE '[1]–[3]'
    rf"|\[[ \t]*(?P<square>{_LIST})[ \t]*\](?!\()"  # [1], [2-4]; not a Markdown link label
    rf"|\[(?P<link>{_LIST})\]\((?:#|[^)\s]*#)[^)\s]*\)"  # [1](#ref-1): a linked citation
    rf"|\([ \t]*(?P<round>{_LIST})[ \t]*\)"
    rf"|<sup>[ \t]*(?P<sup>{_LIST})[ \t]*</sup>"
    rf"|\^(?P<caret>{_LIST})\^",
    re.IGNORECASE,
)
_RANGE = re.compile(rf"(\d+)[ \t]*{_DASH}[ \t]*(\d+)")
# Words that make a following number a label rather than a citation: "Figure (1)", "Eq. [2]".
_LABEL_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:fig(?:ure)?s?|tables?|eq(?:uation)?s?|steps?|no|nos|vol|p|pp)"
    r"\.?[ \t]*$",
    re.IGNORECASE,
)
_MAX_RANGE = 100
MAX_CITATIONS = 100_000  # bound memory on pathological inputs


def expand(numbers: str) -> list[int] | None:
    """``'1, 3-5'`` -> ``[1, 3, 4, 5]``; None when a range is reversed or implausibly wide."""
    out: list[int] = []
    for item in re.split(r"[,;]", numbers):
        item = item.strip()
        m = _RANGE.fullmatch(item)
        if m:
            low, high = int(m.group(1)), int(m.group(2))
            if high < low or high - low > _MAX_RANGE:
                return None
            out.extend(range(low, high + 1))
        else:
            out.append(int(item))
    return out


OVERSHOOT = 5  # how far past the last entry a bracketed group may cite and still count


def find_in_text_citations(
    body: str, max_number: int | None = None, *, end: int | None = None, limit: int = MAX_CITATIONS
) -> list[InTextCitation]:
    """Numbered citations in ``body[:end]`` (the text before the reference section).

    ``max_number`` is the highest entry number; numbers above it (or 0) disqualify a bracket.
    Without it, numbers up to 999 are accepted. Spans are offsets into ``body``: pass the whole
    document with ``end`` at the reference heading to get file positions without a copy.
    """
    ceiling = max_number if max_number is not None else 999
    end = len(body) if end is None else end
    index = LineIndex(working_copy(body) if "\r" in body else body)
    found: list[InTextCitation] = []
    for m in _CITATION.finditer(body, 0, end):
        raw = (
            f"{m.group('from')}-{m.group('to')}" if m.group("from")
            else m.group("square") or m.group("link") or m.group("round") or m.group("sup") or m.group("caret")
        )
        numbers = expand(raw)
        if not numbers or not _plausible(numbers, ceiling, bracketed=m.group("round") is None):
            continue
        if _LABEL_BEFORE.search(body, max(0, m.start() - 12), m.start()):
            continue
        if m.group("round") is not None and _is_enumeration(body, m.start(), m.end()):
            continue
        found.append(InTextCitation(numbers, index.span(m.start(), m.end()), m.group(0)))
        if len(found) >= limit:
            break
    return found


def _plausible(numbers: list[int], ceiling: int, *, bracketed: bool) -> bool:
    """All numbers within the list; or, for square brackets/superscripts, a group that cites at
    least one listed reference and overshoots the list by a little (``[7, 8]`` with 7 entries).

    The overshoot is kept so that the numbering check can report "cited but not listed"; a
    parenthesised group must stay within the list, since ``(2004)`` or ``(45)`` are often not
    citations at all.
    """
    if any(n < 1 for n in numbers):
        return False
    if all(n <= ceiling for n in numbers):
        return True
    return bracketed and any(n <= ceiling for n in numbers) and max(numbers) <= ceiling + OVERSHOOT


def _is_enumeration(body: str, start: int, end: int) -> bool:
    """``(1) first item; (2) second``: a parenthesised number opening a list item, not a citation.

    It starts a line or follows a colon, semicolon or comma, and a lower-case word follows.
    """
    before = body[max(0, start - 3) : start].rstrip(" \t")
    after = body[end : end + 3].lstrip(" \t")
    opens = not before or before.endswith(("\n", ":", ";", ","))
    return opens and after[:1].islower()
