"""Ignores: silence a finding on purpose, with a reason, and notice when a silence is stale.

Three ways to ignore, from broadest to narrowest:

* config ``ignore`` (codes everywhere) and ``per-file-ignores`` (glob -> codes);
* config ``ignore-refs`` (reference number -> codes);
* inline in the manuscript, next to the reference::

      <!-- refcheck: ignore[RC101] registry misspells the author -->     (Markdown, HTML, text)
      % refcheck: ignore[RC101,RC402] erratum changed the pages          (LaTeX, .bib)

  An inline ignore applies to the reference it sits in, or to the one it directly precedes
  (only blank lines or other ignore comments between them). A comment outside any reference
  covers file-level findings (numbering) on its own line or the next non-blank line.

An inline ignore must say why (RC708 otherwise, and it is not honoured): a silenced finding
without a reason is invisible to the next reader. An inline ignore that silences nothing is
reported as stale (RC709), so fixed problems do not leave dead ignores behind; references that
could not be checked (offline cache miss, registry down) never make an ignore stale, since the
finding may well come back once they are checked.

:func:`apply_ignores` is called by the pipeline once per report, after the checks.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

from refcheck.checks.numbering import IGNORE_WITHOUT_REASON, STALE_IGNORE
from refcheck.checks.registry import make_finding, selects
from refcheck.config import Settings
from refcheck.model import Document, Finding, RawEntry, Report, Span, Status

_INLINE = re.compile(
    r"(?:<!--[ \t]*refcheck:[ \t]*ignore(?![a-z])(?:\[(?P<hcodes>[^\]]*)\])?(?P<hreason>.*?)-->"
    r"|(?<!\\)%[ \t]*refcheck:[ \t]*ignore(?![a-z])(?:\[(?P<lcodes>[^\]]*)\])?(?P<lreason>[^\n]*))",
    re.IGNORECASE | re.DOTALL,
)
_ALL = "*"
# What may separate an own-line ignore from the reference it precedes: blank space, other ignores.
_BETWEEN = re.compile(rf"(?:\s|{_INLINE.pattern})*", re.IGNORECASE | re.DOTALL)


@dataclass(slots=True)
class InlineIgnore:
    """One ``refcheck: ignore[...]`` comment found in the manuscript."""

    codes: list[str]  # selectors (RC101, RC1, rule names); ["*"] when no list was given
    reason: str
    span: Span
    end: int
    target: int | None = None  # index into doc.entries (None: not at a reference)
    used: set[str] = field(default_factory=set)  # selectors that silenced something


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def find_inline_ignores(doc: Document) -> list[InlineIgnore]:
    """Every inline ignore in the document text, with the entry it applies to."""
    text = doc.text or ""
    if "refcheck" not in text:
        return []
    out: list[InlineIgnore] = []
    for m in _INLINE.finditer(text):
        codes_raw = m.group("hcodes") if m.group("hcodes") is not None else m.group("lcodes")
        reason = (m.group("hreason") if m.group("hreason") is not None else m.group("lreason")) or ""
        codes = [c.strip() for c in re.split(r"[,\s]+", codes_raw or "") if c.strip()] or [_ALL]
        line, col = _line_col(text, m.start())
        item = InlineIgnore(codes=codes, reason=reason.strip(" \t:-—–").strip(),
                            span=Span(line, col, m.start(), m.end()), end=m.end())
        item.target = _target(text, doc.entries, item)
        out.append(item)
    return out


def _target(text: str, entries: list[RawEntry], item: InlineIgnore) -> int | None:
    """The entry a comment on its own line directly precedes, else the entry it sits in, else None."""
    line_start = text.rfind("\n", 0, item.span.start) + 1
    if not text[line_start : item.span.start].strip():  # the comment starts its own line
        for i, entry in enumerate(entries):
            start = entry.span.start
            if start >= item.end and _BETWEEN.fullmatch(text, item.end, start):
                return i
    for i, entry in enumerate(entries):
        if entry.span.start <= item.span.start < entry.span.end:
            return i
    for i, entry in enumerate(entries):  # spans without an end offset: same line counts
        if entry.span.line == item.span.line:
            return i
    return None


def _matches(selector: str, code: str) -> bool:
    """A selector as in the configuration (:func:`~refcheck.checks.registry.selects`), or * for all."""
    return selector.strip() == _ALL or selects(selector, code)


def _path_ignores(settings: Settings, path: str) -> list[str]:
    """Codes from ``per-file-ignores`` whose glob matches the file.

    A glob is tried against the path as given, the file name, and the path relative to the
    config file's folder, so ``"manuscript/*.md"`` in the project's pyproject.toml also matches
    when refcheck runs from inside ``manuscript/``.
    """
    if not settings.per_file_ignores or not path or path == "-":
        return []
    candidates = {path.replace("\\", "/"), path.replace("\\", "/").rsplit("/", 1)[-1]}
    if settings.config_file is not None:
        try:
            rel = Path(path).resolve().relative_to(Path(settings.config_file).resolve().parent)
            candidates.add(rel.as_posix())
        except (ValueError, OSError):
            pass
    out: list[str] = []
    for pattern, codes in settings.per_file_ignores.items():
        if any(fnmatch.fnmatch(c, pattern) for c in candidates):
            out.extend(codes)
    return out


def _silenced(finding: Finding, selectors: list[str]) -> bool:
    return any(_matches(s, finding.code) for s in selectors)


def _entry_of(finding: Finding, entries: list[RawEntry]) -> int | None:
    """Which entry a file-level finding is about (its span lies in or starts at the entry)."""
    if finding.span is None:
        return None
    for i, entry in enumerate(entries):
        if entry.span.start <= finding.span.start < entry.span.end or (
                finding.span.line == entry.span.line and finding.span.start == entry.span.start):
            return i
    return None


def _next_nonblank_line(text: str, line: int) -> int:
    lines = text.split("\n")
    for n in range(line, len(lines)):  # lines[n] is line n+1
        if lines[n].strip():
            return n + 1
    return line


def _apply_inline(report: Report, doc: Document, ignores: list[InlineIgnore], ref_of: dict[int, int]) -> None:
    """Drop findings silenced by valid inline ignores, recording which selectors were used."""
    valid = [ig for ig in ignores if ig.reason]
    for i, ref in enumerate(report.references):
        mine = [ig for ig in valid if ig.target is not None and ref_of.get(ig.target) == i]
        if mine:
            ref.findings = [f for f in ref.findings if not _use(f, mine)]
    kept: list[Finding] = []
    for f in report.findings:
        idx = _entry_of(f, doc.entries)
        if idx is not None:
            mine = [ig for ig in valid if ig.target == idx]
        else:
            mine = [ig for ig in valid if ig.target is None and f.span is not None
                    and f.span.line in (ig.span.line, _next_nonblank_line(doc.text, ig.span.line))]
        if not _use(f, mine):
            kept.append(f)
    report.findings = kept


def _use(finding: Finding, ignores: list[InlineIgnore]) -> bool:
    hit = False
    for ig in ignores:
        for sel in ig.codes:
            if _matches(sel, finding.code):
                ig.used.add(sel)
                hit = True
    return hit


def _ignore_findings(report: Report, ignores: list[InlineIgnore], ref_of: dict[int, int]) -> list[Finding]:
    """RC708 for ignores without a reason, RC709 for ignores that silenced nothing."""
    out: list[Finding] = []
    for ig in ignores:
        label = ",".join(ig.codes) if ig.codes != [_ALL] else "all rules"
        if not ig.reason:
            f = make_finding(IGNORE_WITHOUT_REASON, "malformed",
                             f"'refcheck: ignore[{label}]' has no reason; add one after the codes "
                             "(the ignore is not honoured without it)", cited=label)
            f.span = ig.span
            out.append(f)
            continue
        stale = [c for c in ig.codes if c not in ig.used]
        if not stale or _unchecked(report, ig, ref_of):
            continue
        f = make_finding(STALE_IGNORE, "extra",
                         f"'refcheck: ignore[{','.join(stale) if stale != [_ALL] else 'all rules'}]' "
                         "silences nothing; remove it", cited=",".join(stale))
        f.span = ig.span
        out.append(f)
    return out


def _unchecked(report: Report, ig: InlineIgnore, ref_of: dict[int, int]) -> bool:
    """Staleness cannot be judged for a reference that was not checked against a registry."""
    ref = ref_of.get(ig.target) if ig.target is not None else None
    return ref is not None and report.references[ref].status is Status.UNCHECKED


def apply_ignores(report: Report, doc: Document, settings: Settings) -> None:
    """Apply config and inline ignores to ``report`` in place, and add RC708/RC709 findings.

    Config ignores are applied again here (the checks already honour them) so that the
    RC708/RC709 findings this function adds obey ``ignore``/``per-file-ignores`` too.
    """
    ignores = find_inline_ignores(doc)
    if ignores:
        ref_of = _reference_index(report, doc)
        _apply_inline(report, doc, ignores, ref_of)
        report.findings.extend(_ignore_findings(report, ignores, ref_of))
    everywhere = list(settings.ignore) + _path_ignores(settings, report.file or doc.path)
    for ref in report.references:
        selectors = everywhere + list(settings.ignore_refs.get(ref.citation.number, [])) \
            if ref.citation.number is not None else everywhere
        if selectors:
            ref.findings = [f for f in ref.findings if not _silenced(f, selectors)]
    if everywhere:
        report.findings = [f for f in report.findings if not _silenced(f, everywhere)]
    if settings.ignore_refs:
        by_number = {e.number: i for i, e in enumerate(doc.entries) if e.number is not None}
        report.findings = [
            f for f in report.findings
            if not any(by_number.get(n) == _entry_of(f, doc.entries) and _silenced(f, codes)
                       for n, codes in settings.ignore_refs.items() if n in by_number)
        ]


def _reference_index(report: Report, doc: Document) -> dict[int, int]:
    """doc.entries index -> report.references index (identical unless the lists differ)."""
    if len(report.references) == len(doc.entries):
        return {i: i for i in range(len(doc.entries))}
    index = {(r.citation.span.line, r.citation.span.start): i for i, r in enumerate(report.references)}
    out: dict[int, int] = {}
    for i, entry in enumerate(doc.entries):
        j = index.get((entry.span.line, entry.span.start))
        if j is not None:
            out[i] = j
    return out
