"""RC707: an entry of the list that still looks like several references.

Splitting uses the numbering as evidence, so a list normally comes back as entries 1..N. When
it cannot -- a number the text layer lost, an entry start the splitter could not see -- the
references in between end up inside the entry before them and would never be checked on their
own. That is a defect of the *list as read*, and the author must hear of it per entry: "entry 6
appears to contain entries 7-100". Two signs, either enough:

* a gap in the numbering right after the entry, with the missing numbers printed inside it;
* entries that extraction split out of it at the missing numbers (``refcheck/extract/gaps.py``),
  recognisable by a marker printed unlike the list's (``4 Ishikawa`` in a list of ``4.``); they
  are checked on their own, and the finding says so;
* an entry many times longer than the list's typical entry that holds several years of
  publication (two references glued together; an unnumbered list whose layout was lost).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from refcheck.checks.registry import ListStage, file_check, make_finding, rule
from refcheck.model import Finding, RawEntry, Severity

if TYPE_CHECKING:
    from refcheck.config import Settings
    from refcheck.model import CheckedReference, Document

ENTRY_HOLDS_SEVERAL = rule(
    "RC707", "entry-holds-several", "numbering", Severity.WARNING,
    "An entry of the reference list appears to contain several references.",
    "The list could not be split cleanly: numbers are missing after this entry and printed inside "
    "it, or the entry is many times longer than the others and holds several publication years. "
    "The references inside were not checked on their own. Example: 'entry 6 appears to contain "
    "entries 7-100'. Check the numbering and layout of the list (one reference per entry)."
)

# An entry this many times the median length, and at least this long, is suspicious.
_LONG_FACTOR = 4
_LONG_MIN = 1200
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_MIN_YEARS = 3


def _marker(number: int) -> re.Pattern[str]:
    """``N.``, ``N)``, ``[N]``, ``(N)`` (even glued to the word before: 'vol4. Ishikawa'), or a bare
    ``N`` before a capitalised word. Looser than any entry start: it is only asked after a gap."""
    return re.compile(rf"(?<!\d)(?:[\[(]?{number}[.)\]](?!\d)|{number}[ \t]+(?=[^\W\d_a-z]))")


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}\u2013{high}"


def _holds_missing(entry: RawEntry, low: int, high: int) -> bool:
    """Does the entry print any of the missing numbers low..high as an entry marker?"""
    text = entry.source_text or entry.text
    return any(_marker(n).search(text) for n in range(low, min(high, low + 50) + 1))


_FORM = re.compile(r"\s*([\[(]?)\d+([.)\]]?)")


def _form(entry: RawEntry) -> tuple[str, str] | None:
    m = _FORM.match(entry.source_text)
    return (m.group(1), m.group(2)) if m else None


def _told_apart(entries: Sequence[RawEntry]) -> dict[int, list[RawEntry]]:
    """Runs of entries whose marker differs from the list's ('4 Ishikawa' where the list prints
    '4.'): extraction split them out of the entry before them at the numbers the numbering was
    missing. Keyed by the index of that entry."""
    forms = [_form(e) for e in entries if e.number is not None]
    known = [f for f in forms if f is not None]
    if len(known) < 3:
        return {}
    usual = max(set(known), key=known.count)
    if known.count(usual) < 0.8 * len(known):
        return {}
    runs: dict[int, list[RawEntry]] = {}
    host = None
    for i, entry in enumerate(entries):
        odd = entry.number is not None and _form(entry) not in (usual, None)
        if odd and host is not None:
            runs.setdefault(host, []).append(entry)
        elif not odd:
            host = i
    return runs


def split_findings(entries: Sequence[RawEntry]) -> list[Finding]:
    """RC707 for each entry that appears to hold others (one finding per entry)."""
    lengths = [len(e.text) for e in entries if e.text]
    if len(lengths) < 3:
        return []
    median = statistics.median(lengths)
    out: list[Finding] = []
    for host, run in _told_apart(entries).items():
        entry = entries[host]
        low, high = run[0].number or 0, run[-1].number or 0
        what = f"entry {low}" if low == high else f"entries {_range(low, high)}"
        finding = make_finding(
            ENTRY_HOLDS_SEVERAL, "malformed",
            f"entry {entry.number} appears to contain {what}: told apart only by "
            f"{'a number' if low == high else 'numbers'} printed unlike the list's, and checked on their own",
            cited=str(entry.number) if entry.number is not None else None)
        finding.span = entry.span
        out.append(finding)
    numbered = [e for e in entries if e.number is not None]
    after = {id(a): b for a, b in pairwise(numbered)}
    for entry in entries:
        label = f"entry {entry.number}" if entry.number is not None else "an entry"
        nxt = after.get(id(entry))
        message = None
        if entry.number is not None and nxt is not None and nxt.number is not None and nxt.number > entry.number + 1:
            low, high = entry.number + 1, nxt.number - 1
            if _holds_missing(entry, low, high):
                what = f"entry {low}" if low == high else f"entries {_range(low, high)}"
                message = f"{label} appears to contain {what} (their numbers were not found as entry starts)"
        if message is None and len(entry.text) >= max(_LONG_MIN, _LONG_FACTOR * median):
            years = len(_YEAR.findall(entry.text))
            if years >= _MIN_YEARS:
                message = (f"{label} is {len(entry.text):,} characters ({len(entry.text) / median:.0f} times the "
                           f"typical entry) with {years} years in it: it may hold several references")
        if message:
            finding = make_finding(ENTRY_HOLDS_SEVERAL, "malformed", message, cited=str(entry.number) if entry.number else None)
            finding.span = entry.span
            out.append(finding)
    return out


@file_check(ListStage.ENTRIES)
def splitting(refs: Sequence[CheckedReference], doc: Document, settings: Settings) -> list[Finding]:
    """Registry hook: run for every file whose list was split from text."""
    if doc.format in ("bibtex", "ris", "csl-json", "jats"):
        return []  # one record per entry: nothing was split
    return split_findings(doc.entries)
