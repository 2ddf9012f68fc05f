"""One file through ``refcheck fix``: plan, then show (diff / check lines) or write."""

from __future__ import annotations

from pathlib import Path

import click

from refcheck.fileio import atomic_write
from refcheck.fix import WRITABLE_FORMATS, FixError, apply_edits, make_plan, read_original, unified_diff
from refcheck.model import Document, Report, Severity


def fix_file(path: str, doc: Document, report: Report, *, apply: bool, check_only: bool, style: str | None,
             restyle: str | None, min_severity: Severity) -> int:
    """Fix one file; the number of references that changed (or would change)."""
    if doc.format not in WRITABLE_FORMATS:
        raise FixError(f"{path}: refcheck fix rewrites text, Markdown and LaTeX files, not {doc.format}")
    result = make_plan(doc, report, style=style, restyle=restyle, min_severity=min_severity)
    for number, finding in result.unplaced:
        click.echo(f"{path}: reference {number}: {finding.code} not fixed: its {finding.field} could not be "
                   "located in the text (fix it by hand)", err=True)
    edits = result.edits
    if not edits:
        click.echo(f"refcheck: {path}: nothing to fix", err=True)
        return 0
    original = read_original(Path(path), doc.encoding)
    fixed = apply_edits(original, edits)
    if apply:
        saved = atomic_write(Path(path), fixed, doc.encoding or "utf-8")
        click.echo(f"refcheck: rewrote {len(edits)} reference(s) in {path} (backup: {saved})", err=True)
        return len(edits)
    if check_only:
        for edit in edits:
            click.echo(f"{path}: reference {edit.number} would change ({', '.join(edit.codes) or edit.strategy})")
    else:
        click.echo(unified_diff(path, original, fixed), nl=False)
    click.echo(f"refcheck: {path}: {len(edits)} reference(s) would change; run with --write to apply", err=True)
    return len(edits)
