"""The ``text`` report: compiler-style lines an editor or ``grep`` can jump to.

    paper.md:42:4: RC101 author 3 surname differs (Fukumot T → Fukumoto T; fix: Fukumoto T)
    paper.md:57:1: reference 9: unchecked (crossref: HTTP 503)
    paper.md: 19 references: 16 verified, 1 mismatch, 1 not found, 0 ambiguous, 1 unchecked; 2 errors, 0 warnings, 1 info

Colour (ANSI, only when asked) marks the rule code by severity and the status word; the
words themselves never depend on colour, so piped output and the coloured terminal agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from refcheck.checks.outcome import UNCHECKED
from refcheck.model import CheckedReference, Finding, Report, Severity, Status
from refcheck.report.common import location, ref_number, status_phrase
from refcheck.report.safe import one_line, printable
from refcheck.report.unchecked import cause_line, group_unchecked

_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_STATUS_COLOR = {
    Status.MISMATCH: "yellow", Status.NOT_FOUND: "red", Status.AMBIGUOUS: "magenta", Status.UNCHECKED: "blue",
}
_STATUS_WORDS = (
    (Status.VERIFIED, "verified"), (Status.MISMATCH, "mismatch"), (Status.NOT_FOUND, "not found"),
    (Status.AMBIGUOUS, "ambiguous"), (Status.UNCHECKED, "unchecked"),
)


def _paint(text: str, color: str | None, enabled: bool, *, bold: bool = False) -> str:
    return click.style(text, fg=color, bold=bold) if enabled and (color or bold) else text


def finding_detail(f: Finding) -> str:
    """``(cited → registered; fix: …)``, leaving out the parts that are unknown or that the
    message already says (``no DOI; the registry has doi:10.1/x`` needs no ``fix: doi:10.1/x``)."""
    parts = []
    if f.cited is not None and f.registered is not None:
        parts.append(f"{f.cited} → {f.registered}")
    elif f.cited is not None and f.cited not in f.message:
        parts.append(f"cited: {f.cited}")
    elif f.registered is not None and f.registered not in f.message:
        parts.append(f"registered: {f.registered}")
    if f.suggestion and f.suggestion not in f.message:
        parts.append(f"fix: {f.suggestion}")
    return f" ({'; '.join(parts)})" if parts else ""


def format_finding(path: str, line: int | None, col: int | None, f: Finding, color: bool) -> str:
    """One finding line; ``line`` None for file-level findings without a location."""
    where = f"{path}:{line}:{col}:" if line is not None else f"{path}:"
    code = _paint(f.code, _SEVERITY_COLOR[f.severity], color, bold=True)
    return f"{where} {code} {printable(f.message + finding_detail(f))}"


def _shown(f: Finding, show_info: bool) -> bool:
    """Whether a finding gets its own line (info findings only when asked)."""
    return show_info or f.severity is not Severity.INFO


def _reference_lines(path: str, index: int, ref: CheckedReference, color: bool, show_info: bool,
                     collapsed: bool = False) -> list[str]:
    """The status line and finding lines of one reference (``collapsed``: its unchecked status
    and RC803 are said once for the cause instead)."""
    lines = []
    line, _col = location(ref)
    if ref.status is not Status.VERIFIED and not collapsed:
        word, detail = status_phrase(ref)
        shown = _paint(word, _STATUS_COLOR.get(ref.status), color, bold=True) + printable(detail)
        # no "line:col:" here: every positioned line carries a rule code (editors' problem matchers)
        lines.append(f"{path}: reference {ref_number(ref, index)} (line {line}): {shown}")
    for f in ref.findings:
        if _shown(f, show_info) and not (collapsed and f.code == UNCHECKED.code):
            fl, fc = location(ref, f)
            lines.append(format_finding(path, fl, fc, f, color))
    return lines


def hidden_info_note(path: str, findings: Sequence[Finding]) -> str | None:
    """One line for the info findings left out: how many, of which rules, and how to see them.

    Info findings (a DOI the registry could add, an online-first year) are advice, not errors;
    on a manuscript without DOIs one per reference would bury the real findings."""
    counts: dict[str, int] = {}
    for f in findings:
        if f.severity is Severity.INFO:
            counts[f.code] = counts.get(f.code, 0) + 1
    if not counts:
        return None
    n = sum(counts.values())
    rules = ", ".join(f"{code} ×{k}" for code, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{path}: note: {n} info finding{'s' if n != 1 else ''} not shown ({rules}); --show-info lists them"


def summary_line(label: str, counts: dict[str, int]) -> str:
    """``N references: a verified, b mismatch, …; e errors, w warnings, i info``."""
    statuses = ", ".join(f"{counts.get(s.value, 0)} {word}" for s, word in _STATUS_WORDS)
    n = counts.get("references", 0)
    sev = (f"{counts.get('errors', 0)} error{'s' if counts.get('errors', 0) != 1 else ''}, "
           f"{counts.get('warnings', 0)} warning{'s' if counts.get('warnings', 0) != 1 else ''}, "
           f"{counts.get('infos', 0)} info")
    return f"{label}: {n} reference{'s' if n != 1 else ''}: {statuses}; {sev}"


def render_report(report: Report, color: bool = False, show_info: bool = True,
                  show_unchecked: bool = False) -> list[str]:
    """All lines for one file: notes, references in list order, file-level findings, summary.

    Unchecked references sharing a cause (two or more) get one line for the cause instead of
    one each, and no RC803 line each, unless ``show_unchecked``."""
    path = one_line(report.file)  # untrusted: no control characters reach the terminal (issue #17)
    lines = [f"{path}: note: {printable(note)}" for note in report.notes]
    refs = report.references
    collapsed: set[int] = set()
    if not show_unchecked:
        word = _paint("unchecked", _STATUS_COLOR[Status.UNCHECKED], color, bold=True)
        for cause, where in group_unchecked(refs).items():
            if len(where) > 1:
                lines.append(cause_line(path, cause, len(where), len(refs), word))
                collapsed.update(where)
    for i, ref in enumerate(refs):
        lines.extend(_reference_lines(path, i, ref, color, show_info, i in collapsed))
    for f in report.findings:
        if _shown(f, show_info):
            loc = (f.span.line, f.span.column) if f.span is not None else (None, None)
            lines.append(format_finding(path, loc[0], loc[1], f, color))
    if not show_info:
        every = [f for i, ref in enumerate(refs) for f in ref.findings
                 if not (i in collapsed and f.code == UNCHECKED.code)] + list(report.findings)
        note = hidden_info_note(path, every)
        if note:
            lines.append(note)
    lines.append(summary_line(path, report.summary()))
    return lines


def render(reports: Sequence[Report], color: bool = False, show_info: bool = True,
           show_unchecked: bool = False) -> str:
    """Every file's lines, plus a total line when there are several files."""
    lines: list[str] = []
    for report in reports:
        lines.extend(render_report(report, color, show_info, show_unchecked))
    if len(reports) > 1:
        total: dict[str, int] = {}
        for report in reports:
            for k, v in report.summary().items():
                total[k] = total.get(k, 0) + v
        lines.append(summary_line(f"total ({len(reports)} files)", total))
    return "\n".join(lines) + "\n"
