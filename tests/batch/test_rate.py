"""One rate budget for the whole batch: requests per second measured at the fake registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.batch.inputs import collect
from refcheck.batch.local import run_processes
from refcheck.batch.rate import Pacer
from refcheck.batch.runner import run_batch
from refcheck.batch.task import JobSpec
from refcheck.sources.crossref import POLITE_LIMITS
from tests.fakes.crossref import FakeCrossref
from tests.fakes.manuscripts import write_manuscripts
from tests.fakes.server import ARRIVAL_JITTER

WORKERS = 4
LIMIT = POLITE_LIMITS[0]  # Crossref single-record route with a mailto: 10 requests/s


@pytest.fixture()
def doi_corpus(records: list[dict], tmp_path: Path) -> Path:
    """6 manuscripts whose 42 references carry DOIs: one GET /works/{doi} each, no searching."""
    write_manuscripts(records, tmp_path / "ms", 6, refs=(7, 7), seed=3, error_share=0.0, with_doi=True)
    return tmp_path / "ms"


def _run(corpus: Path, records: list[dict], tmp_path: Path, *, shared: bool) -> FakeCrossref:
    with FakeCrossref(records=records) as crossref:
        flags = {"sources": ("crossref",), "crossref_url": crossref.url, "mailto": "batch-test@example.org",
                 "cache_dir": tmp_path / f"cache-{shared}"}
        spec = JobSpec(out_dir=str(tmp_path / f"out-{shared}"), flags=flags)
        result = run_batch(collect([str(corpus)]), spec, tmp_path / f"out-{shared}",
                           lambda items, s: run_processes(items, s, WORKERS, shared_budget=shared))
    assert [r["outcome"] for r in result.rows] == ["ok"] * 6
    assert sum(r["statuses"]["verified"] for r in result.rows) == 42
    return crossref


def test_four_workers_share_one_rate_budget(doi_corpus: Path, records: list[dict], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFCHECK_NO_RATE_LIMIT", raising=False)
    shared = _run(doi_corpus, records, tmp_path, shared=True)
    assert shared.count("/works/") >= 35  # a DOI cited twice may come from the shared cache
    assert shared.peak_rate(1.0, "/works/") <= LIMIT + ARRIVAL_JITTER
    # The same batch without the shared budget: each worker keeps to the limit on its own, so
    # together they exceed it - the measurement above is not vacuous.
    alone = _run(doi_corpus, records, tmp_path, shared=False)
    assert alone.peak_rate(1.0, "/works/") > LIMIT + ARRIVAL_JITTER


def test_pacer_spaces_starts_per_budget() -> None:
    now = [100.0]
    pacer = Pacer(clock=lambda: now[0])
    assert [pacer.reserve("crossref@10", 0.1) for _ in range(3)] == pytest.approx([0.0, 0.1, 0.2])
    assert pacer.reserve("pubmed@3", 0.5) == 0.0  # another registry's budget is independent
    now[0] = 101.0
    assert pacer.reserve("crossref@10", 0.1) == 0.0  # idle time is not saved up (burst of one)
