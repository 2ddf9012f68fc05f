"""`refcheck batch` over a directory of generated manuscripts in local worker processes."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from refcheck.batch import local
from refcheck.batch.inputs import collect
from refcheck.batch.runner import run_batch
from refcheck.batch.task import JobSpec, check_one
from refcheck.cli import main
from tests.batch.conftest import mirror_flags

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "refcheck" / "report" / "schema-1.json").read_text())


def _rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]


def test_directory_batch_in_two_processes(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    flags = mirror_flags(mirror, tmp_path)
    result = CliRunner().invoke(main, ["batch", str(corpus), "-o", str(out), "-j", "2", *flags])
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert [r["id"] for r in rows] == [f"{d}__paper-{n:05d}.md" for d in "ab" for n in range(12)]
    assert all(r["outcome"] == "ok" and r["reason"] is None and r["seconds"] > 0 for r in rows)
    for row in rows:
        report = json.loads((out / "reports" / f"{row['id']}.json").read_text(encoding="utf-8"))
        jsonschema.validate(report, SCHEMA)
        assert report["file"] == row["path"]
        assert row["references"] == len(report["references"]) >= 5
        assert sum(row["statuses"].values()) == row["references"]
        assert row["errors"] == sum(row["errors_by_rule"].values()) == report["summary"]["errors"]
    total = sum(r["references"] for r in rows)
    # Every cited record is in the mirror: most references verify, planted errors show as findings.
    assert sum(r["statuses"]["verified"] for r in rows) >= 0.8 * total
    assert any(r["errors_by_rule"] for r in rows)
    table = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [t["id"] for t in table] == [r["id"] for r in rows]
    assert [int(t["status_verified"]) for t in table] == [r["statuses"]["verified"] for r in rows]
    assert "summary.csv" in result.output and "24 manuscripts" in result.output


def test_batch_report_equals_refcheck_check(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    paper = corpus / "a" / "paper-00003.md"
    flags = mirror_flags(mirror, tmp_path)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["batch", str(paper), "-o", str(out), "-j", "1", *flags]).exit_code == 0
    single = CliRunner().invoke(main, ["check", str(paper), "-f", "json", "--fail-on", "never", *flags])
    assert json.loads((out / "reports" / "paper-00003.md.json").read_text(encoding="utf-8")) == json.loads(single.output)


def test_corrupt_manuscripts_do_not_stop_the_batch(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(corpus / "a", src)
    (src / "broken.docx").write_bytes(b"PK\x03\x04\x00 not really a zip")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (src / "binary.md").write_bytes(bytes(range(256)) * 8)
    (src / "notes.md").write_text("# Notes\n\nNo references here.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "-j", "2", "--progress",
                                       *mirror_flags(mirror, tmp_path)])
    assert result.exit_code == 2, result.output
    assert "checking 16 manuscripts" in result.output  # the progress bar (with ETA) on stderr
    assert "Traceback" not in result.output
    rows = {r["id"]: r for r in _rows(out)}
    assert len(rows) == 16
    assert rows["broken.docx"]["outcome"] == "failed" and "docx" in rows["broken.docx"]["reason"]
    assert rows["broken.pdf"]["outcome"] == "failed" and "PDF" in rows["broken.pdf"]["reason"]
    assert rows["binary.md"]["outcome"] == "failed" and "binary" in rows["binary.md"]["reason"]
    assert rows["notes.md"]["outcome"] == "no-references"
    assert sorted(p.name for p in (out / "reports").iterdir()) == [f"paper-{n:05d}.md.json" for n in range(12)]
    assert "2 failed" not in result.output and "3 failed, 1 without a reference list" in result.output


def test_no_manuscripts_and_bad_arguments_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "empty"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no manuscripts found" in result.output
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "missing.md")])
    assert result.exit_code == 2 and "no such file or directory" in result.output


def _dies_on_poison(item, spec):  # type: ignore[no-untyped-def]
    """check_one, except that a manuscript named 'poison' kills its worker (as the OOM killer would)."""
    if "poison" in item.path:
        os.kill(os.getpid(), signal.SIGKILL)
    return check_one(item, spec)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="the patch reaches workers by fork")
def test_a_manuscript_that_kills_its_worker_fails_alone(corpus: Path, mirror: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    shutil.copytree(corpus / "a", src)
    shutil.copy(src / "paper-00000.md", src / "paper-00005-poison.md")
    monkeypatch.setattr(local, "check_one", _dies_on_poison)  # forked workers inherit the patch
    flags = {"sources": ("mirror",), "mirror_path": mirror, "cache_dir": tmp_path / "cache"}
    result = run_batch(collect([str(src)]), JobSpec(str(tmp_path / "out"), flags), tmp_path / "out",
                       lambda items, spec: local.run_processes(items, spec, 2, shared_budget=False))
    outcomes = {r["id"]: (r["outcome"], r["reason"]) for r in result.rows}
    assert len(outcomes) == 13
    assert outcomes.pop("paper-00005-poison.md") == ("failed", "worker process died while checking it")
    assert set(outcomes.values()) == {("ok", None)}  # the manuscripts in flight with it were checked again


def test_batch_works_without_dask_and_says_so_when_asked_for_it(corpus: Path, mirror: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the [dask] extra were not installed
    monkeypatch.delitem(sys.modules, "refcheck.batch.cluster", raising=False)
    paper, flags = str(corpus / "a" / "paper-00000.md"), mirror_flags(mirror, tmp_path)
    result = CliRunner().invoke(main, ["batch", paper, "-o", str(tmp_path / "o"), "--dask-local", "2", *flags])
    assert result.exit_code == 2
    assert "need Dask: pip install 'refcheck-biomed[dask]'" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["batch", paper, "-o", str(tmp_path / "o"), "-j", "1", *flags])
    assert result.exit_code == 0, result.output
