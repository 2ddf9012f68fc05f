"""CrossrefSource against the local fake Crossref."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from refcheck.errors import SourceUnavailable
from refcheck.model import Author, Citation
from refcheck.sources.crossref import CrossrefSource, bibliographic_query, encode_doi
from tests.fakes.crossref import FakeCrossref


def _first_records(shared_data: Path, n: int) -> list[dict]:
    out = []
    with gzip.open(shared_data / "crossref" / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("type") == "journal-article" and record.get("author") and record.get("title") \
                    and record.get("page") and record.get("volume"):
                out.append(record)
            if len(out) == n:
                break
    return out


def test_get_doi_is_one_call_and_case_insensitive(crossref: CrossrefSource, crossref_fake: FakeCrossref) -> None:
    work = crossref.get_doi("https://doi.org/10.1016/S0140-6736(97)11096-0")
    assert work is not None and work.doi == "10.1016/s0140-6736(97)11096-0"
    assert work.score is None  # records served as /works/{doi} carry no search score
    assert crossref_fake.count("/works/") == 1


def test_sici_doi_is_percent_encoded_on_the_wire(crossref: CrossrefSource, crossref_fake: FakeCrossref) -> None:
    doi = "10.1002/(sici)1097-4636(199706)35:4<439::aid-jbm4>3.0.co;2-n"
    crossref_fake.add({"DOI": doi, "title": ["SICI test"], "type": "journal-article"})
    work = crossref.get_doi(doi)
    assert work is not None and work.title == "SICI test"
    raw = crossref_fake.requests[-1].raw_path
    assert "<" not in raw and ";" not in raw and "%3C" in raw.upper()
    assert encode_doi(doi).startswith("10.1002/")


def test_unknown_doi_is_none_after_agency_check(crossref: CrossrefSource, crossref_fake: FakeCrossref) -> None:
    assert crossref.get_doi("10.9999/does-not-exist") is None
    assert [r.path for r in crossref_fake.requests] == ["/works/10.9999/does-not-exist",
                                                         "/works/10.9999/does-not-exist/agency"]


def test_datacite_doi_is_recorded_as_such(crossref: CrossrefSource, crossref_fake: FakeCrossref) -> None:
    crossref_fake.set_agency("10.5284/1011335", "datacite")
    assert crossref.get_doi("10.5284/1011335") is None
    assert crossref.agencies == {"10.5284/1011335": "datacite"}


def test_crossref_doi_that_404s_is_unavailable_not_unknown() -> None:
    """An index incident (agency says Crossref, record 404s) must not be reported as a wrong DOI."""
    with FakeCrossref(records=[], agencies={"10.1001/archderm.100.1.1": "crossref"}) as fake:
        source = CrossrefSource(fake.url, backoff_base=0.001, limits=(1000.0, 1000.0, 1))
        with pytest.raises(SourceUnavailable, match="not served"):
            source.get_doi("10.1001/archderm.100.1.1")


def test_search_finds_the_record_from_its_reference_string(crossref: CrossrefSource, shared_data: Path) -> None:
    for record in _first_records(shared_data, 15)[::3]:
        author = record["author"][0]
        text = (f"{author.get('family', '')} {author.get('given', '')[:1]}. {record['title'][0]}. "
                f"{(record.get('short-container-title') or record.get('container-title') or [''])[0]}. "
                f"{record['issued']['date-parts'][0][0]};{record['volume']}:{record['page']}.")
        works = crossref.search(Citation(text=text), rows=3)
        assert works[0].doi == record["DOI"].lower()
        assert works[0].score is not None and works[0].score >= (works[1].score or 0)


def test_search_hits_are_cached_as_works(crossref_fake: FakeCrossref, cache) -> None:  # type: ignore[no-untyped-def]
    crossref_fake.reset()
    source = CrossrefSource(crossref_fake.url, cache=cache, backoff_base=0.001, limits=(1000.0, 1000.0, 3))
    hits = source.search(Citation(text="Cawley EP. Hemochromatosis and the skin. Arch Dermatol. 1969;100:1-6."))
    assert hits
    before = crossref_fake.count()
    assert source.get_doi(hits[0].doi or "") is not None
    assert crossref_fake.count() == before  # no second request for a search hit


def test_bibliographic_query_drops_identifiers_and_falls_back_to_fields() -> None:
    text = "Smith J. A title here. J Test. 2001;1:2-3. doi:10.1/abc https://x.org/y PMID: 123"
    query = bibliographic_query(Citation(text=text))
    assert "10.1/abc" not in query and "https" not in query and "123" not in query.split()[-1:]
    fallback = bibliographic_query(Citation(text="", title="Some title", authors=[Author(family="Doe")], year=1999))
    assert fallback == "Doe Some title 1999"


def test_429_retry_after_is_honoured(crossref: CrossrefSource, crossref_fake: FakeCrossref) -> None:
    crossref_fake.faults.retry_after = "0.3"
    try:
        crossref_fake.fail_next("429")
        import time

        start = time.monotonic()
        assert crossref.get_doi("10.1001/archderm.100.1.1") is not None
        assert time.monotonic() - start >= 0.29
        assert crossref_fake.count() == 2
    finally:
        crossref_fake.faults.retry_after = "0"


@pytest.mark.parametrize("fault", ["500", "504", "drop", "timeout"])
def test_transient_failures_are_retried(crossref_fake: FakeCrossref, fault: str) -> None:
    crossref_fake.reset()
    source = CrossrefSource(crossref_fake.url, backoff_base=0.001, timeout=0.3, limits=(1000.0, 1000.0, 1))
    crossref_fake.faults.slow_seconds = 0.6
    crossref_fake.fail_next(fault, 2)
    assert source.get_doi("10.1001/archderm.100.1.1") is not None
    crossref_fake.fail_next(fault, 2)
    assert source.search_text("Hemochromatosis skin Cawley", rows=2)
    assert crossref_fake.faults_served[fault] == 4


def test_persistent_failure_is_unavailable_not_none(crossref_fake: FakeCrossref) -> None:
    crossref_fake.reset()
    source = CrossrefSource(crossref_fake.url, backoff_base=0.001, max_retries=2, limits=(1000.0, 1000.0, 1))
    crossref_fake.fail_next("500", 3)
    with pytest.raises(SourceUnavailable, match="HTTP 500"):
        source.get_doi("10.1001/archderm.100.1.1")
    crossref_fake.fail_next("504", 3)
    with pytest.raises(SourceUnavailable):
        source.search_text("anything at all", rows=2)


def test_error_budget_stops_the_run(crossref_fake: FakeCrossref) -> None:
    crossref_fake.reset()
    source = CrossrefSource(crossref_fake.url, backoff_base=0.001, max_retries=0, error_min_requests=5,
                            limits=(1000.0, 1000.0, 1))
    crossref_fake.fail_next("500", 5)
    for _ in range(5):
        with pytest.raises(SourceUnavailable):
            source.get_doi("10.1001/archderm.100.1.1")
    before = crossref_fake.count()
    with pytest.raises(SourceUnavailable, match="stopped asking"):
        source.get_doi("10.1001/archderm.100.1.1")
    assert crossref_fake.count() == before  # no more requests once the budget tripped


def test_public_and_polite_pools() -> None:
    polite = CrossrefSource("http://127.0.0.1:9", mailto="me@example.org")
    public = CrossrefSource("http://127.0.0.1:9")
    assert (polite.single_limiter.rate, polite.list_limiter.rate, polite.max_concurrency) == (10.0, 3.0, 3)
    assert (public.single_limiter.rate, public.list_limiter.rate, public.max_concurrency) == (5.0, 1.0, 1)
    assert "mailto:me@example.org" in polite.user_agent


def test_unreachable_registry_is_unavailable() -> None:
    source = CrossrefSource("http://127.0.0.1:9", backoff_base=0.001, max_retries=1, timeout=0.5)
    with pytest.raises(SourceUnavailable):
        source.get_doi("10.1/x")
    with pytest.raises(SourceUnavailable):
        source.search_text("a b c")


def test_search_without_hits_is_empty_and_cached_as_negative(crossref_fake: FakeCrossref, cache) -> None:  # type: ignore[no-untyped-def]
    crossref_fake.reset()
    source = CrossrefSource(crossref_fake.url, cache=cache, backoff_base=0.001, limits=(1000.0, 1000.0, 3))
    assert source.search_text("qqqzzzxxyy wwvvuu", rows=2) == []
    assert source.search_text("qqqzzzxxyy wwvvuu", rows=2) == []
    assert crossref_fake.count("/works") == 1
    groups = cache.info()["groups"]
    assert [g["negative"] for g in groups if g["kind"] == "search"] == [True]
