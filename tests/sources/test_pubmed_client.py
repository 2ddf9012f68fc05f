"""PubMedSource against the local fake E-utilities."""

from __future__ import annotations

import pytest

from refcheck.errors import SourceUnavailable
from refcheck.model import Author, Citation
from refcheck.sources.pubmed import BATCH, PubMedSource, ecitmatch_line, search_term
from tests.fakes.eutils import FakeEutils


def test_get_pmid_sends_tool_email_and_key(eutils_fake: FakeEutils) -> None:
    eutils_fake.reset()
    source = PubMedSource(eutils_fake.url, email="me@example.org", api_key="KEY", backoff_base=0.001)
    work = source.get_pmid("27797938")
    assert work is not None and work.pmid == "27797938" and work.source == "pubmed"
    query = eutils_fake.requests[-1].query
    assert query["tool"] == ["refcheck"] and query["email"] == ["me@example.org"] and query["api_key"] == ["KEY"]
    assert source.limiter.rate == 10.0
    assert PubMedSource(eutils_fake.url).limiter.rate == 3.0


def test_unknown_pmid_is_none(pubmed: PubMedSource) -> None:
    assert pubmed.get_pmid("1") is None


def test_batches_of_at_most_200_and_post_for_long_lists(pubmed: PubMedSource, eutils_fake: FakeEutils) -> None:
    pmids = sorted(eutils_fake.by_pmid)[:250]
    found = pubmed.get_pmids([*pmids, "1"])
    assert sum(w is not None for w in found.values()) == 250 and found["1"] is None
    fetches = [r for r in eutils_fake.requests if r.path.endswith("efetch.fcgi")]
    sizes = [len(r.query["id"][0].split(",")) for r in fetches]
    assert max(sizes) <= BATCH and sum(sizes) == 251 and len(fetches) == 2
    eutils_fake.reset()
    assert len(pubmed._efetch(pmids)) == 250  # above ~200 ids NCBI wants a POST
    assert [r.method for r in eutils_fake.requests] == ["POST"]


def test_doi_goes_through_esearch_aid(pubmed: PubMedSource, eutils_fake: FakeEutils) -> None:
    entry = next(e for e in eutils_fake.by_pmid.values() if e.doi)
    work = pubmed.get_doi(entry.doi.upper() if entry.doi else "")
    assert work is not None and work.pmid == entry.pmid
    term = next(r for r in eutils_fake.requests if r.path.endswith("esearch.fcgi")).query["term"][0]
    assert term.endswith("[aid]")
    assert pubmed.get_doi("10.9999/nothing-here") is None


def test_ecitmatch_hits_are_candidates_even_with_wrong_author(pubmed: PubMedSource, eutils_fake: FakeEutils) -> None:
    work = pubmed.get_pmid("27797938")
    assert work is not None
    cited = Citation(text="", container=work.container_abbrevs[0], volume=work.volume, first_page=work.first_page,
                     year=1900, authors=[Author(family="Husain", initials="M")])
    unknown = Citation(text="", container="No Such Journal", volume="1", first_page="1")
    assert pubmed.citation_match([cited, unknown, Citation(text="no fields")]) == {0: "27797938"}


def test_html_page_instead_of_xml_is_unavailable(eutils_fake: FakeEutils) -> None:
    eutils_fake.reset()
    source = PubMedSource(eutils_fake.url, backoff_base=0.001, max_retries=1, rate=1000.0)
    eutils_fake.fail_next("html", 2)
    with pytest.raises(SourceUnavailable, match="unreadable"):
        source.get_pmid("27797938")
    eutils_fake.fail_next("html", 1)
    assert source.get_pmid("27797938") is not None  # retried past one HTML page


def test_search_uses_fielded_terms(pubmed: PubMedSource) -> None:
    citation = Citation(text="", title="Leucocyte telomere length and risk of pancreatic cancer",
                        authors=[Author(family="Bao")], year=2017)
    term = search_term(citation)
    assert "telomere[ti]" in term and "bao[1au]" in term and "2017[dp]" in term
    assert [w.pmid for w in pubmed.search(citation)] == ["27797938"]
    assert search_term(Citation(text="x")) == ""
    wrong_year = Citation(text="", title=citation.title, authors=citation.authors, year=1990)
    assert pubmed.search(wrong_year) == []


def test_ecitmatch_line_format() -> None:
    citation = Citation(text="", container="Proc. Natl Acad Sci U S A", volume="88", pages="3248-51", year=1991,
                        authors=[Author(family="Mann", initials="BJ")])
    assert ecitmatch_line(citation, 4) == "proc natl acad sci u s a|1991|88|3248|mann bj|4|"
    assert ecitmatch_line(Citation(text="", container="J"), 0) is None
