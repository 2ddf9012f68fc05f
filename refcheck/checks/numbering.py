"""Numbering rules (RC701-RC706; RC708/RC709 for refcheck.ignores): does the list agree with the text?

Numbered styles (Vancouver, AMA, IEEE) make the number the link between text and list, so a
gap, a duplicate, a citation of a number the list lacks, an entry never cited, or numbers not
assigned in order of first citation (ICMJE/Vancouver rule) are real defects that no registry
lookup can reveal. LaTeX/JATS documents cite by key; there the key is the link and the same
rules are applied to keys.

The rules need the extract stage's :attr:`Document.in_text`; when a document has no in-text
citations (a bare .bib/.ris file, an author-year manuscript) only the list-internal rules
(gap, duplicate number, duplicate key) run, since "never cited" cannot be decided.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from refcheck.checks.registry import ListStage, file_check, make_finding, rule
from refcheck.model import Document, Finding, InTextCitation, RawEntry, Severity

if TYPE_CHECKING:
    from refcheck.config import Settings
    from refcheck.model import CheckedReference

#: Formats whose numbers are assigned by refcheck (file order), not printed by the author:
#: a gap or an order problem there would be refcheck's own artefact.
SYNTHETIC_NUMBERS = frozenset({"bibtex", "ris", "csl-json"})

NUMBERING_GAP = rule(
    "RC701", "numbering-gap", "numbering", Severity.WARNING,
    "The reference list skips a number.",
    "Numbered lists run 1..N without holes; a hole usually means a deleted reference whose "
    "citations were renumbered by hand. Example: references 1, 2, 4 (3 is missing)."
)
DUPLICATE_NUMBER = rule(
    "RC702", "duplicate-number", "numbering", Severity.ERROR,
    "Two entries of the reference list carry the same number.",
    "A citation [5] cannot say which of two entries numbered 5 it means. "
    "Example: '5. Smith J...' followed later by '5. Jones K...'."
)
CITED_NOT_LISTED = rule(
    "RC703", "cited-not-listed", "numbering", Severity.ERROR,
    "The text cites a number (or LaTeX key) that the reference list does not have.",
    "A citation must resolve to an entry. Example: the text cites [12] but the list ends at 11; "
    "or \\cite{smith2020} with no 'smith2020' in the .bib file."
)
LISTED_NOT_CITED = rule(
    "RC704", "listed-not-cited", "numbering", Severity.WARNING,
    "A reference-list entry is never cited in the text.",
    "ICMJE asks that every reference be cited. Example: entry 7 exists but no [7], [6-8] or "
    "\\cite{key7} appears in the text. Only checked when the text's citations were found."
)
CITATION_ORDER = rule(
    "RC705", "citation-order", "numbering", Severity.WARNING,
    "References are not numbered in the order of their first citation.",
    "Vancouver/ICMJE number references consecutively in the order first cited. The smallest set "
    "of references whose first citation breaks the order is reported. Example: the text cites "
    "[1], [2], [4] and only later [3]."
)
DUPLICATE_KEY = rule(
    "RC706", "duplicate-key", "numbering", Severity.ERROR,
    "Two bibliography entries share one citation key.",
    "BibTeX and LaTeX keep only one entry per key, so a \\cite of it may show the wrong work. "
    "Example: two @article{smith2020, ...} entries."
)

# Emitted by refcheck.ignores (declared here so that `refcheck rules` always lists them).
IGNORE_WITHOUT_REASON = rule(
    "RC708", "ignore-without-reason", "parse", Severity.WARNING,
    "An inline 'refcheck: ignore' comment gives no reason; it is not honoured.",
    "Write why the finding is wrong or accepted, after the codes: "
    "`<!-- refcheck: ignore[RC101] registry misspells the first author -->` (Markdown) or "
    "`% refcheck: ignore[RC101] registry misspells the first author` (LaTeX)."
)
STALE_IGNORE = rule(
    "RC709", "stale-ignore", "parse", Severity.WARNING,
    "An inline 'refcheck: ignore' comment silences nothing; remove it.",
    "The finding it was written for is gone (the reference was fixed, or the code is wrong). "
    "Example: `<!-- refcheck: ignore[RC406] ... -->` on a reference whose first page now matches. "
    "Not judged for references that could not be checked."
)

def _range(numbers: list[int]) -> str:
    return f"{numbers[0]}" if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"


def _runs(numbers: list[int]) -> list[list[int]]:
    """Consecutive runs: [3, 4, 7] -> [[3, 4], [7]]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def gap_findings(entries: Sequence[RawEntry]) -> list[Finding]:
    """RC701: numbers missing between 1 and the highest number in the list."""
    numbered = [e for e in entries if e.number is not None]
    present = {e.number for e in entries if e.number is not None}
    if not present:
        return []
    missing = [n for n in range(1, max(present) + 1) if n not in present]
    out: list[Finding] = []
    for run in _runs(missing):
        after = min((e for e in numbered if (e.number or 0) > run[-1]), key=lambda e: e.number or 0)
        what = f"reference {run[0]} is" if len(run) == 1 else f"references {_range(run)} are"
        finding = make_finding(NUMBERING_GAP, "missing", f"numbering gap: {what} missing from the list",
                               cited=_range(run))
        finding.span = after.span
        out.append(finding)
    return out


def duplicate_findings(entries: Sequence[RawEntry]) -> list[Finding]:
    """RC702 for repeated numbers and RC706 for repeated keys (reported at the later entry)."""
    out: list[Finding] = []
    seen_numbers: dict[int, RawEntry] = {}
    seen_keys: dict[str, RawEntry] = {}
    for entry in entries:
        if entry.number is not None:
            if entry.number in seen_numbers:
                first = seen_numbers[entry.number]
                f = make_finding(DUPLICATE_NUMBER, "duplicate",
                                 f"number {entry.number} is used twice (first at line {first.span.line})",
                                 cited=str(entry.number))
                f.span = entry.span
                out.append(f)
            else:
                seen_numbers[entry.number] = entry
        if entry.key:
            if entry.key in seen_keys:
                first = seen_keys[entry.key]
                f = make_finding(DUPLICATE_KEY, "duplicate",
                                 f"key '{entry.key}' is defined twice (first at line {first.span.line})",
                                 cited=entry.key)
                f.span = entry.span
                out.append(f)
            else:
                seen_keys[entry.key] = entry
    return out


def _first_citations(in_text: Sequence[InTextCitation]) -> dict[int, InTextCitation]:
    first: dict[int, InTextCitation] = {}
    for cit in sorted(in_text, key=lambda c: c.span.start):
        for n in cit.numbers:
            first.setdefault(n, cit)
    return first


def citation_findings(entries: Sequence[RawEntry], in_text: Sequence[InTextCitation]) -> list[Finding]:
    """RC703 (cited, not listed) and RC704 (listed, never cited), by number and by key."""
    out: list[Finding] = []
    numbers = {e.number for e in entries if e.number is not None}
    keys = {e.key for e in entries if e.key}
    first = _first_citations(in_text)
    cited_keys: dict[str, InTextCitation] = {}
    for cit in sorted(in_text, key=lambda c: c.span.start):
        for k in cit.keys:
            cited_keys.setdefault(k, cit)
    keyed = bool(cited_keys) and bool(keys)
    if keyed:
        for k, cit in cited_keys.items():
            if k not in keys:
                f = make_finding(CITED_NOT_LISTED, "missing", f"{cit.text or k}: key '{k}' is not in the bibliography",
                                 cited=k)
                f.span = cit.span
                out.append(f)
    else:
        for n, cit in sorted(first.items()):
            if n not in numbers:
                f = make_finding(CITED_NOT_LISTED, "missing",
                                 f"citation {cit.text or n} cites reference {n}, which is not in the list",
                                 cited=str(n))
                f.span = cit.span
                out.append(f)
    for entry in entries:
        cited = (entry.key in cited_keys) if keyed and entry.key else entry.number in first
        if not cited:
            label = f"reference {entry.number}" if entry.number is not None else "reference"
            if entry.key:
                label += f" ('{entry.key}')"
            f = make_finding(LISTED_NOT_CITED, "extra", f"{label} is never cited in the text",
                             cited=str(entry.number) if entry.number is not None else entry.key)
            f.span = entry.span
            out.append(f)
    return out


def _longest_increasing(seq: list[int]) -> set[int]:
    """Values of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # tails[k] = index in seq of the smallest tail of a run of length k+1
    tail_values: list[int] = []
    prev: list[int] = [-1] * len(seq)
    for i, value in enumerate(seq):
        k = bisect_left(tail_values, value)
        if k > 0:
            prev[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    keep: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        keep.add(seq[i])
        i = prev[i]
    return keep


def order_findings(entries: Sequence[RawEntry], in_text: Sequence[InTextCitation]) -> list[Finding]:
    """RC705: references whose first citation breaks 'numbered in order of first citation'.

    The first-citation sequence is compared with its longest increasing subsequence, so one
    misplaced reference is reported once rather than every reference after it.
    """
    listed = {e.number for e in entries if e.number is not None}
    first = _first_citations(in_text)
    order = [n for n, _ in sorted(first.items(), key=lambda kv: (kv[1].span.start, kv[0])) if n in listed]
    if len(order) < 2:
        return []
    keep = _longest_increasing(order)
    out: list[Finding] = []
    for pos, n in enumerate(order):
        if n in keep:
            continue
        before = [m for m in order[:pos] if m > n]
        detail = (f"after reference {before[0]}" if before
                  else f"before reference {next(m for m in order[pos + 1:] if m < n)}")
        cit = first[n]
        f = make_finding(CITATION_ORDER, "order",
                         f"reference {n} is first cited {detail}: number references in order of first citation",
                         cited=str(n))
        f.span = cit.span
        out.append(f)
    return out


def numbering_findings(doc: Document, refs: Sequence[CheckedReference] | None = None,
                       settings: Settings | None = None) -> list[Finding]:
    """Every numbering finding for one document (user policy is applied by the caller)."""
    entries = doc.entries
    out: list[Finding] = []
    if doc.format not in SYNTHETIC_NUMBERS:
        out.extend(gap_findings(entries))
    out.extend(duplicate_findings(entries))
    in_text = [c for c in doc.in_text if c.numbers or c.keys]
    linkable = any(e.number is not None or e.key for e in entries)  # author-year lists are not
    if in_text and linkable:
        out.extend(citation_findings(entries, in_text))
        if doc.format not in SYNTHETIC_NUMBERS:
            out.extend(order_findings(entries, in_text))
    return out


@file_check(ListStage.NUMBERING)
def numbering(refs: Sequence[CheckedReference], doc: Document, settings: Settings) -> list[Finding]:
    """Registry hook: :func:`refcheck.checks.check_file_level` runs this for every file."""
    return numbering_findings(doc, refs, settings)
