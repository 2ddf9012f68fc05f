"""`--resume` after a real kill of a real batch process (and its workers)."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from refcheck.cli import main
from tests.batch.conftest import mirror_flags

REPO = Path(__file__).resolve().parents[2]


def _lines(path: Path) -> int:
    try:
        return len(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return 0


def _kill_midway(cmd: list[str], summary: Path, after_rows: int) -> None:
    """Start ``cmd`` in its own process group; SIGKILL the group once ``after_rows`` rows are logged."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while _lines(summary) < after_rows and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the batch ended before it could be killed"


def test_resume_after_kill(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    flags = mirror_flags(mirror, tmp_path)
    cmd = [sys.executable, "-m", "refcheck", "batch", str(corpus), "-o", str(out), "-j", "2", "--no-progress", *flags]
    _kill_midway(cmd, out / "summary.jsonl", after_rows=3)

    reports = out / "reports"
    before = {p.name: p.stat().st_mtime_ns for p in reports.glob("*.json")}
    assert 3 <= len(before) < 24
    assert not (out / "summary.csv").exists()  # the kill left no time to write the table
    # A report cut short (a crash of another tool, a full disk) is not complete: checked again.
    victim = sorted(before)[0]
    (reports / victim).write_text('{"schema": 1, "file": "x", "refer', encoding="utf-8")

    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(out), "-j", "2", "--resume", *flags])
    assert result.exit_code == 0, result.output
    assert f"{len(before) - 1} resumed, {24 - len(before) + 1} checked" in result.output
    after = {p.name: p.stat().st_mtime_ns for p in reports.glob("*.json")}
    assert len(after) == 24
    kept = [name for name in before if name != victim]
    assert all(after[name] == before[name] for name in kept)  # not checked twice
    assert after[victim] != before[victim]
    json.loads((reports / victim).read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"{d}__paper-{n:05d}.md" for d in "ab" for n in range(12)]
    assert all(r["outcome"] == "ok" for r in rows)
    assert len((out / "summary.csv").read_text(encoding="utf-8").splitlines()) == 25


def test_sigterm_writes_the_summary_of_what_finished(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "refcheck", "batch", str(corpus), "-o", str(out), "-j", "2", "--no-progress",
           *mirror_flags(mirror, tmp_path)]
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while _lines(out / "summary.jsonl") < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)  # the parent only, as a batch system's time limit does first
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert b"re-run with --resume" in err and b"Traceback" not in err
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert 3 <= len(rows) < 24
    # Manuscripts already running in the workers may still finish (whole reports, not yet in the
    # table); every row has its report, and --resume completes the rest.
    reports = {p.name for p in (out / "reports").glob("*.json")}
    assert {f"{r['id']}.json" for r in rows} <= reports
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(out), "-j", "2", "--resume",
                                       *mirror_flags(mirror, tmp_path)])
    assert result.exit_code == 0, result.output
    resumed = int(re.search(r"\((\d+) resumed", result.output).group(1))
    assert len(reports) <= resumed < 24
