"""The ``json`` report, schema 1: the stable machine-readable contract (``schema-1.json``).

One file -> one object ``{"schema": 1, "refcheck_version", "file", "references", "findings",
"summary", ...}``. Several files -> ``{"schema": 1, "refcheck_version", "reports": [<one
object per file>], "summary": <totals>}``, so a consumer of the single-file shape can read
each element of ``reports`` unchanged. Keys are only ever added (and then documented in the
schema); removing or changing one would be schema 2.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from refcheck.model import CheckedReference, Match, Report, Work
from refcheck.report.common import location, ref_number, version

SCHEMA_VERSION = 1


def _candidate(work: Work) -> dict[str, Any]:
    return {
        "doi": work.doi,
        "pmid": work.pmid,
        "title": work.title,
        "year": work.year,
        "source": work.source,
        "score": work.score,
    }


def match_dict(match: Match) -> dict[str, Any] | None:
    """The ``match`` object: null when the matcher has nothing to say (no work, reason or candidate)."""
    work = match.work
    if work is None and not match.reason and not match.candidates:
        return None
    out: dict[str, Any] = {
        "doi": work.doi if work else None,
        "pmid": work.pmid if work else None,
        "score": float(match.score),
        "source": match.source or (work.source if work else None) or "none",
    }
    if match.method:
        out["method"] = match.method
    if work is not None:
        out["title"] = work.title
        out["year"] = work.year
        out["container"] = work.container
    if match.reason:
        out["reason"] = match.reason
    if match.candidates:
        out["candidates"] = [_candidate(c) for c in match.candidates]
    if match.other:
        out["other"] = {name: _candidate(w) for name, w in sorted(match.other.items())}
    return out


def reference_dict(ref: CheckedReference, index: int) -> dict[str, Any]:
    line, column = location(ref)
    return {
        "number": ref_number(ref, index),
        "line": line,
        "column": column,
        "text": ref.citation.text,
        "parsed": ref.citation.to_dict(),
        "status": ref.status.value,
        "match": match_dict(ref.match),
        "findings": [f.to_dict() for f in ref.findings],
    }


def report_dict(report: Report) -> dict[str, Any]:
    """Schema-1 object for one file."""
    return {
        "schema": SCHEMA_VERSION,
        "refcheck_version": version(),
        "file": report.file,
        "encoding": report.encoding,
        "sources": list(report.sources),
        "notes": list(report.notes),
        "references": [reference_dict(r, i) for i, r in enumerate(report.references)],
        "findings": [f.to_dict() for f in report.findings],
        "summary": report.summary(),
    }


def document(reports: Sequence[Report]) -> dict[str, Any]:
    """The whole JSON document for one or several files."""
    if len(reports) == 1:
        return report_dict(reports[0])
    total: dict[str, int] = {}
    for report in reports:
        for k, v in report.summary().items():
            total[k] = total.get(k, 0) + v
    return {
        "schema": SCHEMA_VERSION,
        "refcheck_version": version(),
        "reports": [report_dict(r) for r in reports],
        "summary": total,
    }


def render(reports: Sequence[Report]) -> str:
    return json.dumps(document(reports), indent=2, ensure_ascii=False) + "\n"
