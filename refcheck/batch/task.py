"""One manuscript of a batch: check it, write its schema-1 report, return its summary row.

This is the unit of work every executor runs (in-process, a local worker process, a Dask
task), so it takes and returns only plain picklable values. A manuscript that cannot be
checked yields a row saying why (``outcome`` ``no-references`` or ``failed``) instead of an
exception: one bad file never stops a batch.
"""

from __future__ import annotations

import contextlib
import json
import signal
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refcheck.errors import NoReferencesError, RefcheckError
from refcheck.fileio import atomic_write
from refcheck.model import Status

REPORTS_DIR = "reports"
OUTCOMES = ("ok", "no-references", "failed")


@dataclass(frozen=True)
class Item:
    """A manuscript to check: ``id`` names its report (unique within the batch).

    ``data``: the file's bytes, sent along when the worker cannot read ``path`` (a cluster that
    shares no file system with the client); the worker checks a temporary copy."""

    id: str
    path: str
    data: bytes | None = None


@dataclass(frozen=True)
class JobSpec:
    """What every task needs besides its item (sent once per task, so kept small)."""

    out_dir: str | None  # reports written here by the worker; None: returned in the row
    flags: dict[str, Any] = field(default_factory=dict)  # the check options, as `refcheck check` takes them
    lookups: bool = True
    timeout: float | None = None  # seconds per manuscript (worker main threads only: local runs)


def report_path(out_dir: str | Path, item_id: str) -> Path:
    return Path(out_dir) / REPORTS_DIR / f"{item_id}.json"


def write_atomically(path: Path, text: str) -> None:
    """A report or summary through the project's one atomic writer (temp file, fsync, rename):
    a killed worker never leaves half a report; no backup, a re-run replaces its own output."""
    atomic_write(path, text, backup=False)


def errors_by_rule(report: dict[str, Any]) -> dict[str, int]:
    """Error-severity findings per rule code, over the references and the file-level findings."""
    findings = [f for ref in report.get("references", []) for f in ref.get("findings", [])]
    findings += report.get("findings", [])
    counts = Counter(f.get("code", "?") for f in findings if f.get("severity") == "error")
    return dict(sorted(counts.items()))


def row_from_report(item: Item, report: dict[str, Any], seconds: float | None) -> dict[str, Any]:
    """The summary row of a checked manuscript, computed from its schema-1 report alone
    (so ``--resume`` can rebuild the row of a report written before a kill)."""
    summary = report.get("summary", {})
    return {
        "id": item.id,
        "path": item.path,
        "outcome": "ok",
        "references": summary.get("references", 0),
        "statuses": {s.value: summary.get(s.value, 0) for s in Status},
        "errors": summary.get("errors", 0),
        "warnings": summary.get("warnings", 0),
        "errors_by_rule": errors_by_rule(report),
        "seconds": None if seconds is None else round(seconds, 4),
        "reason": None,
    }


def failed_row(item: Item, outcome: str, reason: str, seconds: float | None) -> dict[str, Any]:
    """The row of a manuscript that produced no report, with the one-line reason."""
    return {"id": item.id, "path": item.path, "outcome": outcome, "references": 0,
            "statuses": {s.value: 0 for s in Status}, "errors": 0, "warnings": 0, "errors_by_rule": {},
            "seconds": None if seconds is None else round(seconds, 4), "reason": reason}


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class ManuscriptTimeout(Exception):
    """Raised in the worker's main thread when a manuscript overruns ``--timeout``."""


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt a manuscript that takes longer than ``seconds`` (a pathological PDF, a parser
    stuck on one odd entry) so that the worker moves on. Uses SIGALRM, so only where the task
    runs in the main thread (local workers and ``--jobs 1``); elsewhere it is a no-op."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ManuscriptTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check(path: str, spec: JobSpec) -> dict[str, Any]:
    from refcheck.cli.check import settings_for
    from refcheck.pipeline import check_path
    from refcheck.report.jsonout import report_dict

    return report_dict(check_path(path, settings_for(path, **spec.flags), lookups=spec.lookups))


def _report(item: Item, spec: JobSpec) -> dict[str, Any]:
    """The schema-1 report of ``item``, checked in place or from a temporary copy of its bytes."""
    if item.data is None:
        return _check(item.path, spec)
    with tempfile.TemporaryDirectory(prefix="refcheck-batch-") as tmp:
        copy = Path(tmp) / (Path(item.path).name or "manuscript")
        copy.write_bytes(item.data)
        try:
            report = _check(str(copy), spec)
        except RefcheckError as exc:  # name the manuscript, not the temporary copy
            raise type(exc)(str(exc).replace(str(copy), item.path)) from None
    report["file"] = item.path
    return report


def check_one(item: Item, spec: JobSpec) -> dict[str, Any]:
    """Check one manuscript; write its report (or return it as ``row["report_json"]``)."""
    started = time.perf_counter()
    try:
        with _time_limit(spec.timeout):
            report = _report(item, spec)
    except ManuscriptTimeout:
        return failed_row(item, "failed", f"timed out after {spec.timeout:g} s", time.perf_counter() - started)
    except NoReferencesError as exc:
        return failed_row(item, "no-references", _one_line(str(exc)), time.perf_counter() - started)
    except RefcheckError as exc:
        return failed_row(item, "failed", _one_line(str(exc)), time.perf_counter() - started)
    except Exception as exc:  # a parser bug on one odd file must not stop the other 9,999
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return failed_row(item, "failed", _one_line(reason), time.perf_counter() - started)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    row = row_from_report(item, report, time.perf_counter() - started)
    if spec.out_dir is None:
        row["report_json"] = text
    else:
        write_atomically(report_path(spec.out_dir, item.id), text)
    return row


def complete_report(path: Path) -> dict[str, Any] | None:
    """The report at ``path`` if it is a whole schema-1 report (``--resume`` skips those)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != 1 or not isinstance(data.get("summary"), dict):
        return None
    if not isinstance(data.get("references"), list):
        return None
    return data
