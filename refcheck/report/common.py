"""Helpers shared by every report format: locations, ordering, rule metadata, counts.

Kept in one place so that text, SARIF, JUnit and GitHub output agree on where a finding is
and which findings count as failures.
"""

from __future__ import annotations

from collections.abc import Iterator

from refcheck import __version__
from refcheck.model import CheckedReference, Finding, Report, Severity, Status

TOOL_NAME = "refcheck"

#: Severity -> SARIF ``level`` and GitHub workflow-command name.
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def version() -> str:
    """The running refcheck version (golden tests replace it with a placeholder)."""
    return __version__


def ref_number(ref: CheckedReference, index: int) -> int:
    """The printed reference number, or its 1-based position when the list is unnumbered."""
    return ref.citation.number if ref.citation.number is not None else index + 1


def location(ref: CheckedReference, finding: Finding | None = None) -> tuple[int, int]:
    """1-based (line, column) of a finding: its own span when known, else the reference's."""
    span = finding.span if finding is not None and finding.span is not None else ref.citation.span
    return max(span.line, 1), max(span.column, 1)


def file_location(finding: Finding) -> tuple[int, int] | None:
    """Where a file-level finding points, when the check recorded it."""
    if finding.span is None:
        return None
    return max(finding.span.line, 1), max(finding.span.column, 1)


def iter_findings(report: Report) -> Iterator[tuple[int, CheckedReference | None, Finding]]:
    """(reference index, reference, finding) for every finding, file-level ones last (ref None)."""
    for i, ref in enumerate(report.references):
        for f in ref.findings:
            yield i, ref, f
    for f in report.findings:
        yield -1, None, f


def is_failure(finding: Finding) -> bool:
    """Findings at warning or above fail a JUnit test case / a CI gate by default."""
    return finding.severity.rank >= Severity.WARNING.rank


def status_phrase(ref: CheckedReference) -> tuple[str, str]:
    """(status word, detail) for a non-verified reference: reason or candidates included.

    The word is what colour highlights; the detail starts with its own separator.
    """
    status = ref.status
    match = ref.match
    reason = f" ({match.reason})" if match.reason else ""
    if status is Status.MISMATCH:
        n = sum(1 for f in ref.findings if is_failure(f))
        work = match.work
        ident = f"doi:{work.doi}" if work and work.doi else f"pmid:{work.pmid}" if work and work.pmid else ""
        src = (work.source if work else "") or match.source or ""
        if match.source == "mirror" and src != "mirror":
            src += " (local mirror)"  # the registry's record, served from the mirror
        where = f" against {src} {ident}".rstrip() if src else ""
        return "mismatch", f": {n} finding{'s' if n != 1 else ''}{where}"
    if status is Status.NOT_FOUND:
        return "not found", reason
    if status is Status.AMBIGUOUS:
        cands = [c.doi or (f"pmid:{c.pmid}" if c.pmid else c.title or "?") for c in match.candidates]
        return "ambiguous", ": " + (" or ".join(cands[:3]) if cands else "several candidates") + reason
    return status.value.replace("_", " "), reason
