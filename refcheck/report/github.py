"""The ``github`` report: GitHub Actions workflow commands (annotations on the PR diff).

``::error file=paper.md,line=42,col=4,title=RC101::author 3 …``. Values are escaped as the
runner expects (``%``, CR, LF in messages; also ``:`` and ``,`` in properties), otherwise a
DOI with a comma would cut the annotation short.
"""

from __future__ import annotations

from collections.abc import Sequence

from refcheck.model import Report, Status
from refcheck.report.common import (
    GITHUB_COMMAND,
    file_location,
    location,
    ref_number,
    status_phrase,
)
from refcheck.report.safe import one_line, printable
from refcheck.report.text import finding_detail, summary_line


def escape_data(text: str) -> str:
    """As the Actions toolkit's ``escapeData``, after dropping other control characters."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, path: str, line: int | None, col: int | None, title: str, message: str) -> str:
    props = [f"file={escape_property(path)}"]
    if line is not None:
        props.append(f"line={line}")
    if col is not None:
        props.append(f"col={col}")
    props.append(f"title={escape_property(title)}")
    return f"::{name} {','.join(props)}::{escape_data(message)}"


def render(reports: Sequence[Report]) -> str:
    """Annotations in list order (status notice, then findings), file-level last, then a summary."""
    lines: list[str] = []
    for report in reports:
        for i, ref in enumerate(report.references):
            number = ref_number(ref, i)
            if ref.status in (Status.UNCHECKED, Status.AMBIGUOUS, Status.NOT_FOUND) and not ref.findings:
                word, detail = status_phrase(ref)
                line, col = location(ref)
                name = "notice" if ref.status is Status.UNCHECKED else "warning"
                lines.append(command(name, report.file, line, col, word, f"reference {number}: {word}{detail}"))
            for f in ref.findings:
                line, col = location(ref, f)
                lines.append(command(GITHUB_COMMAND[f.severity], report.file, line, col, f.code,
                                     f"reference {number}: {f.message}{finding_detail(f)}"))
        for f in report.findings:
            where: tuple[int | None, int | None] = file_location(f) or (None, None)
            lines.append(command(GITHUB_COMMAND[f.severity], report.file, *where, f.code,
                                 f"{f.message}{finding_detail(f)}"))
        # A plain line: a file name holding "\n::warning ..." must not start a workflow command.
        lines.append(summary_line(one_line(report.file), report.summary()).replace("::", ": :"))
    return "\n".join(lines) + "\n"
