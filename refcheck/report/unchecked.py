"""Unchecked references grouped by cause: one report line per outage, not one per reference.

A registry that cannot be reached makes every reference unchecked for the same reason; 101
identical lines bury the findings that matter and read like a check that happened. The text
report instead says ``42 references unchecked: crossref: unreachable (connection refused)``
once per cause (``--show-unchecked`` lists them), and the pre-commit hook builds its "nothing
was checked" message from the same causes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from refcheck.model import LOOKUPS_DISABLED, CheckedReference, Match, ReasonCode, Report, Status


def unchecked_cause(match: Match) -> str:
    """The cause of an unchecked verdict, worded the same for every reference it hit.

    Outages first (they are why nothing else could answer), then a partial mirror's coverage,
    then a DOI registered elsewhere; identifiers are left out so that references group.
    """
    if LOOKUPS_DISABLED in match.reasons:
        return LOOKUPS_DISABLED.text
    items = [(r.code, r.text) for r in match.reasons]
    outages = sorted({text for code, text in items if code is ReasonCode.UNAVAILABLE})
    if outages:
        return "; ".join(outages)
    gaps = sorted({m.group(1) for code, text in items if code is ReasonCode.NOT_COVERED
                   for m in [re.search(r"\((.*)\)\s*$", text)] if m})
    if gaps:
        return f"not in the local mirror's coverage ({'; '.join(gaps)})"
    agency = next((text for code, text in items if code is ReasonCode.DOI_OTHER_AGENCY), None)
    if agency:
        return re.sub(r"^doi \S+ is registered", "DOI registered", agency)
    return match.reason or "no registry answered"


def group_unchecked(refs: Sequence[CheckedReference]) -> dict[str, list[int]]:
    """``{cause: [index of each unchecked reference]}``, causes in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        if ref.status is Status.UNCHECKED:
            groups.setdefault(unchecked_cause(ref.match), []).append(i)
    return groups


def cause_line(path: str, cause: str, count: int, total: int, word: str = "unchecked") -> str:
    """``paper.md: 42 references unchecked: crossref: unreachable (connection refused)``."""
    many = f"all {count}" if count == total and count > 1 else str(count)
    hint = "" if cause == LOOKUPS_DISABLED.text else " (--show-unchecked lists them)"
    return f"{path}: {many} reference{'s' if count != 1 else ''} {word}: {cause}{hint}"


def not_checked(match: Match) -> bool:
    """Unchecked because nothing could answer (outage, deadline, offline miss, partial mirror),
    as opposed to a DOI of another agency, which no run of refcheck can check."""
    return match.status is Status.UNCHECKED and bool(
        match.codes() & {ReasonCode.UNAVAILABLE, ReasonCode.NOT_COVERED})


def hook_message(reports: Sequence[Report]) -> str | None:
    """The pre-commit hook's warning when references could not be checked, or None.

    Says how many, why (one line per cause), and the three ways on: make them checkable (a
    network or a mirror), skip the hook once, or accept unchecked references in the config.
    """
    lines: list[str] = []
    missed = total = 0
    for report in reports:
        total += len(report.references)
        causes = Counter(unchecked_cause(r.match) for r in report.references if not_checked(r.match))
        missed += sum(causes.values())
        lines += [f"  {report.file}: {n} unchecked: {cause}" for cause, n in causes.items()]
    if not missed:
        return None
    head = ("refcheck: NOTHING WAS CHECKED" if missed == total else
            f"refcheck: {missed} of {total} references were NOT checked")
    return "\n".join([
        f"{head} against a registry ({missed} of {total} references unchecked):",
        *lines,
        "  Unchecked is not verified: these references may still be wrong.",
        "  - check them: retry with the network, or build a local mirror once",
        "    (refcheck mirror build <Crossref/PubMed record files> --complete crossref; see docs/pre-commit.md)",
        "  - commit anyway this once: SKIP=refcheck git commit ...",
        "  - accept unchecked references in this project: allow-unchecked = true in .refcheck.toml",
        "    (or [tool.refcheck] in pyproject.toml); the hook then passes and still prints this.",
    ])
