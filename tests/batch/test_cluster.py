"""The same batch as Dask tasks on a LocalCluster started in the test (skipped without Dask)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from refcheck.batch.cluster import run_dask
from refcheck.batch.inputs import collect
from refcheck.batch.local import run_in_process
from refcheck.batch.runner import run_batch
from refcheck.batch.task import JobSpec
from refcheck.sources.crossref import POLITE_LIMITS
from tests.fakes.crossref import FakeCrossref
from tests.fakes.manuscripts import write_manuscripts
from tests.fakes.server import ARRIVAL_JITTER


def _flags(mirror: Path, tmp_path: Path) -> dict:
    return {"sources": ("mirror",), "mirror_path": mirror, "cache_dir": tmp_path / "cache"}


def _without_timing(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


@pytest.mark.parametrize("no_shared_fs", [False, True])
def test_dask_local_cluster_matches_local_run(corpus: Path, mirror: Path, tmp_path: Path,
                                              no_shared_fs: bool) -> None:
    items = collect([str(corpus / "a")])
    local = run_batch(items, JobSpec(str(tmp_path / "local"), _flags(mirror, tmp_path)), tmp_path / "local",
                      run_in_process)
    out = tmp_path / "dask"
    spec = JobSpec(None if no_shared_fs else str(out), _flags(mirror, tmp_path))
    dask = run_batch(items, spec, out, lambda i, s: run_dask(i, s, local_workers=2, shared_budget=False,
                                                             processes=False))
    assert _without_timing(dask.rows) == _without_timing(local.rows)
    assert [r["outcome"] for r in dask.rows] == ["ok"] * 12
    for row in dask.rows:
        name = f"{row['id']}.json"
        assert json.loads((out / "reports" / name).read_text()) == json.loads((tmp_path / "local" / "reports" / name)
                                                                              .read_text())


def test_dask_workers_share_the_scheduler_rate_budget(records: list[dict], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFCHECK_NO_RATE_LIMIT", raising=False)
    corpus = tmp_path / "ms"
    write_manuscripts(records, corpus, 4, refs=(8, 8), seed=4, error_share=0.0, with_doi=True)
    with FakeCrossref(records=records) as crossref:
        flags = {"sources": ("crossref",), "crossref_url": crossref.url, "mailto": "batch-test@example.org",
                 "cache_dir": tmp_path / "cache"}
        result = run_batch(collect([str(corpus)]), JobSpec(str(tmp_path / "out"), flags), tmp_path / "out",
                           lambda i, s: run_dask(i, s, local_workers=4, shared_budget=True, processes=False))
    assert sum(r["statuses"]["verified"] for r in result.rows) == 32
    assert crossref.count("/works/") >= 25  # a DOI cited twice may come from the shared cache
    assert crossref.peak_rate(1.0, "/works/") <= POLITE_LIMITS[0] + ARRIVAL_JITTER
    from refcheck.sources import http

    assert http._shared_gate is None  # the in-process workers' gate does not outlive the cluster


def test_cli_on_a_scheduler_address_without_a_shared_file_system(corpus: Path, mirror: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from distributed import LocalCluster

    from refcheck.cli import main

    out = tmp_path / "out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        result = CliRunner().invoke(main, ["batch", str(corpus / "b"), "-o", str(out), "--scheduler",
                                           cluster.scheduler_address, "--no-shared-fs", "--source", "mirror",
                                           "--mirror", str(mirror), "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [f"paper-{n:05d}.md" for n in range(12)]
    assert all(json.loads((out / "reports" / f"{r['id']}.json").read_text())["file"] == r["path"] for r in rows)
