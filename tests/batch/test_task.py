"""One manuscript as a task: rows, reports returned or written, manuscripts sent as bytes."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from refcheck.batch import task
from refcheck.batch.task import Item, JobSpec, check_one, complete_report


def _spec(mirror: Path, tmp_path: Path, out_dir: str | None) -> JobSpec:
    return JobSpec(out_dir, {"sources": ("mirror",), "mirror_path": mirror, "cache_dir": tmp_path / "cache"})


def test_manuscript_sent_as_bytes_is_reported_under_its_own_path(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    paper = corpus / "b" / "paper-00001.md"
    on_disk = check_one(Item("p", str(paper)), _spec(mirror, tmp_path, None))
    shipped = check_one(Item("p", "/elsewhere/paper-00001.md", paper.read_bytes()), _spec(mirror, tmp_path, None))
    first, second = json.loads(on_disk.pop("report_json")), json.loads(shipped.pop("report_json"))
    assert second["file"] == "/elsewhere/paper-00001.md"
    assert {**second, "file": str(paper)} == first
    assert shipped["references"] == on_disk["references"] >= 5


def test_failure_reason_names_the_manuscript_not_the_temporary_copy(mirror: Path, tmp_path: Path) -> None:
    row = check_one(Item("x", "/corpus/broken.docx", b"PK\x03\x04 not a zip"), _spec(mirror, tmp_path, None))
    assert row["outcome"] == "failed"
    assert row["reason"].startswith("/corpus/broken.docx: cannot read the .docx file")
    assert "report_json" not in row


def test_written_report_is_complete_and_a_torn_one_is_not(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    row = check_one(Item("p", str(corpus / "a" / "paper-00002.md")), _spec(mirror, tmp_path, str(tmp_path / "o")))
    written = tmp_path / "o" / "reports" / "p.json"
    assert complete_report(written)["summary"]["references"] == row["references"]
    assert [p.name for p in written.parent.iterdir()] == ["p.json"]  # no temporary file left behind
    written.write_text(written.read_text()[:200])
    assert complete_report(written) is None


def test_a_manuscript_over_the_time_limit_fails_and_the_next_one_runs(corpus: Path, mirror: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    real = task._report

    def stuck_on_slow(item: Item, spec: JobSpec) -> dict:
        if "slow" in item.path:
            time.sleep(30)  # a parser stuck on a pathological file
        return real(item, spec)

    monkeypatch.setattr(task, "_report", stuck_on_slow)
    spec = JobSpec(None, _spec(mirror, tmp_path, None).flags, timeout=0.5)
    slow = check_one(Item("s", "/corpus/slow.md"), spec)
    assert (slow["outcome"], slow["reason"]) == ("failed", "timed out after 0.5 s")  # not the 30 s sleep's end
    assert check_one(Item("p", str(corpus / "a" / "paper-00004.md")), spec)["outcome"] == "ok"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left armed
