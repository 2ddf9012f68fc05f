"""Under heavy faults every lookup ends in a Work, None (truly absent) or SourceUnavailable.

The property that matters: an outage is never a verdict. A DOI that exists must never come
back as None ("not found") however badly the registry behaves.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from refcheck.errors import SourceUnavailable
from refcheck.model import Work
from refcheck.sources.crossref import CrossrefSource
from refcheck.sources.pubmed import PubMedSource
from tests.fakes.crossref import FakeCrossref
from tests.fakes.data import crossref_records
from tests.fakes.eutils import FakeEutils
from tests.fakes.server import FaultPlan

MIXED = ("429", "500", "504", "timeout", "drop")


def _outcome(call, arg):  # type: ignore[no-untyped-def]
    try:
        return call(arg)
    except SourceUnavailable as exc:
        return exc


def test_crossref_thirty_percent_faults_never_turn_into_not_found() -> None:
    existing = sorted(crossref_records())[:40]
    missing = [f"10.9999/missing-{i}" for i in range(10)]
    plan = FaultPlan(rate=0.3, kinds=MIXED, seed=7, slow_seconds=0.3)
    with FakeCrossref(faults=plan) as fake:
        source = CrossrefSource(fake.url, backoff_base=0.001, timeout=0.15, max_retries=4,
                                error_threshold=1.0, limits=(1000.0, 1000.0, 3))
        with ThreadPoolExecutor(3) as pool:
            results = dict(zip(existing + missing, pool.map(lambda d: _outcome(source.get_doi, d),
                                                           existing + missing), strict=True))
        faults = sum(fake.faults_served.values())
    assert faults >= 10, "the plan must actually inject faults"
    for doi in existing:
        result = results[doi]
        assert result is not None, f"{doi} exists but was reported as not found"
        assert isinstance(result, Work | SourceUnavailable)
        if isinstance(result, Work):
            assert result.doi == doi
    for doi in missing:
        assert results[doi] is None or isinstance(results[doi], SourceUnavailable)
    assert sum(isinstance(r, Work) for r in results.values()) >= 0.8 * len(existing)


def test_crossref_search_under_faults_returns_hits_or_unavailable() -> None:
    plan = FaultPlan(rate=0.3, kinds=MIXED, seed=3, slow_seconds=0.3)
    with FakeCrossref(faults=plan) as fake:
        source = CrossrefSource(fake.url, backoff_base=0.001, timeout=0.15, error_threshold=1.0,
                                limits=(1000.0, 1000.0, 3))
        outcomes = [_outcome(lambda q: source.search_text(q, rows=2), q)
                    for q in ("hemochromatosis skin", "lancet colitis children", "dermatology psoriasis")]
    for outcome in outcomes:
        assert isinstance(outcome, SourceUnavailable) or (isinstance(outcome, list) and outcome)


def test_pubmed_thirty_percent_faults_never_turn_into_not_found() -> None:
    plan = FaultPlan(rate=0.3, kinds=(*MIXED, "html"), seed=11, slow_seconds=0.3)
    with FakeEutils(faults=plan) as fake:
        pmids = sorted(fake.by_pmid)[:30]
        dois = [e.doi for e in fake.by_pmid.values() if e.doi][:10]
        source = PubMedSource(fake.url, backoff_base=0.001, timeout=0.15, error_threshold=1.0, rate=1000.0)
        by_pmid = {p: _outcome(source.get_pmid, p) for p in pmids}
        by_doi = {d: _outcome(source.get_doi, d) for d in dois}
        faults = sum(fake.faults_served.values())
    assert faults >= 5
    for pmid, result in by_pmid.items():
        assert result is not None, f"PMID {pmid} exists but was reported as not found"
        assert isinstance(result, SourceUnavailable) or result.pmid == pmid
    for doi, result in by_doi.items():
        assert result is not None, f"{doi} exists but was reported as not found"
        assert isinstance(result, SourceUnavailable) or result.doi == doi
