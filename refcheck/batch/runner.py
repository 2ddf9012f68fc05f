"""A whole batch: resume, run on an executor, keep the summary table, report progress.

Output directory layout::

    OUT/reports/<id>.json   one schema-1 report per checked manuscript (written atomically)
    OUT/summary.jsonl       one row per manuscript, appended as each finishes (survives a kill)
    OUT/summary.csv         the same rows as a table, written at the end (and after an interrupt)

``--resume`` keeps every manuscript whose report is complete (whole, schema 1) and checks the
others again, failures included (a registry outage or a full disk should not stick). Rows of
kept manuscripts come from the old ``summary.jsonl`` when it has them, else from the report.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refcheck.batch.task import Item, JobSpec, complete_report, report_path, row_from_report, write_atomically
from refcheck.model import Status

SUMMARY_JSONL = "summary.jsonl"
SUMMARY_CSV = "summary.csv"
CSV_COLUMNS = ["id", "path", "outcome", "references", *(f"status_{s.value}" for s in Status), "errors",
               "warnings", "errors_by_rule", "seconds", "reason"]

Executor = Callable[[list[Item], JobSpec], Iterator[dict[str, Any]]]
Progress = Callable[[int, int], None]  # (manuscripts finished, manuscripts to check)


@dataclass
class BatchResult:
    """What a batch did, for the closing line and the exit code."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    resumed: int = 0
    checked: int = 0
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r["outcome"] == outcome)

    @property
    def references_checked(self) -> int:
        """References in the manuscripts checked by this run (not the resumed ones)."""
        return sum(r["references"] for r in self.rows[-self.checked:]) if self.checked else 0


def read_rows(path: Path) -> dict[str, dict[str, Any]]:
    """Rows of an earlier ``summary.jsonl`` by id; a line cut short by a kill is ignored."""
    rows: dict[str, dict[str, Any]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return rows
    for line in lines:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            rows[row["id"]] = row
    return rows


def resumable(items: list[Item], out_dir: Path) -> dict[str, dict[str, Any]]:
    """Rows of the manuscripts whose report is already complete in ``out_dir``."""
    old = read_rows(out_dir / SUMMARY_JSONL)
    kept: dict[str, dict[str, Any]] = {}
    for item in items:
        report = complete_report(report_path(out_dir, item.id))
        if report is None:
            continue
        row = old.get(item.id)
        if row is None or row.get("outcome") != "ok" or row.get("path") != item.path:
            row = row_from_report(item, report, None)
        kept[item.id] = row
    return kept


def csv_text(rows: list[dict[str, Any]]) -> str:
    """The summary as CSV: statuses as columns, errors by rule as ``RC101:2;RC203:1``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        flat = {k: row.get(k) for k in ("id", "path", "outcome", "references", "errors", "warnings", "seconds",
                                        "reason")}
        flat.update({f"status_{k}": v for k, v in row.get("statuses", {}).items()})
        flat["errors_by_rule"] = ";".join(f"{k}:{v}" for k, v in row.get("errors_by_rule", {}).items())
        writer.writerow(flat)
    return buffer.getvalue()


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def run_batch(items: list[Item], spec: JobSpec, out_dir: Path, executor: Executor, *, resume: bool = False,
              progress: Progress | None = None) -> BatchResult:
    """Run ``items`` through ``executor``; reports and summary end up in ``out_dir``.

    ``progress(done, total)`` follows the manuscripts this run checks (resumed ones excluded). An interrupt
    (^C, a kill signal turned into an exception) still leaves a consistent summary of what
    finished."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    kept = resumable(items, out_dir) if resume else {}
    todo = [item for item in items if item.id not in kept]
    for item in todo:  # a stale report from an earlier run must not outlive a failure now
        report_path(out_dir, item.id).unlink(missing_ok=True)
    result = BatchResult(resumed=len(kept))
    done: dict[str, dict[str, Any]] = dict(kept)
    write_atomically(out_dir / SUMMARY_JSONL, _jsonl([done[i.id] for i in items if i.id in done]))
    if progress is not None:
        progress(0, len(todo))
    try:
        with open(out_dir / SUMMARY_JSONL, "a", encoding="utf-8") as log:
            for row in executor(todo, spec):
                text = row.pop("report_json", None)
                if text is not None:  # a cluster that returned the report instead of writing it
                    write_atomically(report_path(out_dir, row["id"]), text)
                done[row["id"]] = row
                result.checked += 1
                log.write(json.dumps(row, ensure_ascii=False) + "\n")
                log.flush()
                if progress is not None:
                    progress(result.checked, len(todo))
    finally:
        checked_ids = [i.id for i in todo if i.id in done]
        result.rows = [done[i.id] for i in items if i.id in kept] + [done[i] for i in checked_ids]
        ordered = [done[i.id] for i in items if i.id in done]
        write_atomically(out_dir / SUMMARY_JSONL, _jsonl(ordered))
        write_atomically(out_dir / SUMMARY_CSV, csv_text(ordered))
        result.seconds = time.perf_counter() - started
    return result
