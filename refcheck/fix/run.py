"""One file through ``refcheck fix``: plan, then show (diff, check lines or JSON) or write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from refcheck.fileio import atomic_write
from refcheck.fix import (
    WRITABLE_FORMATS,
    FixError,
    FixPlan,
    apply_edits,
    make_plan,
    read_original,
    unified_diff,
)
from refcheck.model import Document, Report, Severity


def fix_file(path: str, doc: Document, report: Report, *, apply: bool, check_only: bool, style: str | None,
             restyle: str | None, min_severity: Severity, fmt: str = "diff") -> tuple[int, dict[str, Any]]:
    """Fix one file: (references that changed or would change, the JSON record of what was done)."""
    if doc.format not in WRITABLE_FORMATS:
        raise FixError(f"{path}: refcheck fix rewrites text, Markdown and LaTeX files, not {doc.format}")
    result = make_plan(doc, report, style=style, restyle=restyle, min_severity=min_severity)
    payload = _payload(path, result, written=apply)
    quiet = fmt == "json"
    for number, finding in result.unplaced:
        if not quiet:
            click.echo(f"{path}: reference {number}: {finding.code} not fixed: its {finding.field} could not be "
                       "located in the text (fix it by hand)", err=True)
    edits = result.edits
    if not edits:
        if not quiet:
            click.echo(f"refcheck: {path}: nothing to fix", err=True)
        return 0, payload
    original = read_original(Path(path), doc.encoding)
    fixed = apply_edits(original, edits)
    if apply:
        saved = atomic_write(Path(path), fixed, doc.encoding or "utf-8")
        payload["backup"] = str(saved)
        if not quiet:
            click.echo(f"refcheck: rewrote {len(edits)} reference(s) in {path} (backup: {saved})", err=True)
        return len(edits), payload
    if quiet:
        payload["diff"] = unified_diff(path, original, fixed)
    elif check_only:
        for edit in edits:
            click.echo(f"{path}: reference {edit.number} would change ({', '.join(edit.codes) or edit.strategy})")
    else:
        click.echo(unified_diff(path, original, fixed), nl=False)
    if not quiet:
        click.echo(f"refcheck: {path}: {len(edits)} reference(s) would change; run with --write to apply", err=True)
    return len(edits), payload


def _payload(path: str, result: FixPlan, *, written: bool) -> dict[str, Any]:
    return {
        "file": path,
        "written": written and bool(result.edits),
        "edits": [{"number": e.number, "strategy": e.strategy, "codes": e.codes, "old": e.old, "new": e.new}
                  for e in result.edits],
        "unplaced": [{"number": n, "code": f.code, "field": f.field} for n, f in result.unplaced],
    }
