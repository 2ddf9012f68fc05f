"""Stage 6, report: render reports in text, json, sarif, junit, github, csl-json. (placeholder)"""

from __future__ import annotations

from collections.abc import Sequence

from refcheck.model import Report


def render(reports: Sequence[Report], fmt: str, *, color: bool = False) -> str:
    """Render reports in format ``fmt``."""
    lines = []
    for report in reports:
        for ref in report.references:
            for f in ref.findings:
                lines.append(f"{report.file}:{ref.citation.span.line}:{ref.citation.span.column}: {f.code} {f.message}")
        lines.append(f"{report.file}: {report.summary()}")
    return "\n".join(lines) + "\n"
