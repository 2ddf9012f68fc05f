"""The fake registries behave like the recorded services."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from refcheck.sources.pubmed_record import works_from_pubmed_xml
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils
from tests.fakes.server import FaultPlan


@pytest.fixture(scope="module")
def crossref() -> FakeCrossref:
    with FakeCrossref() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture(scope="module")
def eutils() -> FakeEutils:
    with FakeEutils() as fake:
        yield fake  # type: ignore[misc]


def test_work_envelope_without_score_and_rate_headers(crossref: FakeCrossref) -> None:
    response = requests.get(crossref.url + "/works/10.1001/ARCHDERM.100.1.1", timeout=5)
    body = response.json()
    assert response.status_code == 200 and body["message-type"] == "work" and body["status"] == "ok"
    assert "score" not in body["message"]
    assert response.headers["X-Rate-Limit-Limit"] and response.headers["X-Rate-Limit-Interval"].endswith("s")


def test_unknown_doi_is_the_recorded_plain_text_404(crossref: FakeCrossref, shared_data: Path) -> None:
    response = requests.get(crossref.url + "/works/10.9999/none", timeout=5)
    recorded = (shared_data / "crossref" / "responses" / "errors" / "404_works-unknown-doi.txt").read_bytes()
    assert response.status_code == 404 and response.content == recorded
    assert response.headers["Content-Type"].startswith("text/plain")


def test_query_on_single_work_route_is_a_400(crossref: FakeCrossref) -> None:
    response = requests.get(crossref.url + "/works/10.1001/archderm.100.1.1", params={"query.title": "x"}, timeout=5)
    assert response.status_code == 400 and response.json()["message-type"] == "validation-failure"


def test_search_ranks_and_scores(crossref: FakeCrossref) -> None:
    record = crossref.get("10.1001/archderm.100.1.1")
    assert record is not None
    query = f"{record['author'][0]['family']} {record['title'][0]} {record['container-title'][0]} 1969"
    body = requests.get(crossref.url + "/works", params={"query.bibliographic": query, "rows": "3"}, timeout=5).json()
    items = body["message"]["items"]
    assert body["message-type"] == "work-list" and len(items) == 3
    assert items[0]["DOI"] == "10.1001/archderm.100.1.1"
    assert items[0]["score"] > items[1]["score"] >= items[2]["score"]
    assert body["message"]["total-results"] >= 3


def test_added_and_removed_records(crossref: FakeCrossref) -> None:
    crossref.add({"DOI": "10.5555/Fake.1", "title": ["Zyxwvut quasar telemetry"], "type": "journal-article"})
    body = requests.get(crossref.url + "/works", params={"query.bibliographic": "zyxwvut quasar"}, timeout=5).json()
    assert body["message"]["items"][0]["DOI"] == "10.5555/Fake.1"
    crossref.remove("10.5555/fake.1")
    assert requests.get(crossref.url + "/works/10.5555/fake.1", timeout=5).status_code == 404


def test_agency_route(crossref: FakeCrossref) -> None:
    crossref.set_agency("10.5284/1011335", "datacite")
    answer = requests.get(crossref.url + "/works/10.5284/1011335/agency", timeout=5).json()
    assert answer["message"]["agency"]["id"] == "datacite"
    assert requests.get(crossref.url + "/works/10.9/x/agency", timeout=5).status_code == 404


def test_forced_faults(crossref: FakeCrossref, shared_data: Path) -> None:
    crossref.faults.retry_after = "2"
    crossref.fail_next("429")
    response = requests.get(crossref.url + "/works/10.1001/archderm.100.1.1", timeout=5)
    assert response.status_code == 429 and response.headers["Retry-After"] == "2"
    crossref.faults.retry_after = "0"
    crossref.fail_next("504")
    response = requests.get(crossref.url + "/works/10.1001/archderm.100.1.1", timeout=5)
    assert response.status_code == 504
    assert response.content == (shared_data / "crossref" / "responses" / "errors" / "504_gateway-timeout.html").read_bytes()
    crossref.fail_next("drop")
    with pytest.raises(requests.ConnectionError):
        requests.get(crossref.url + "/works/10.1001/archderm.100.1.1", timeout=5)


def test_fault_plan_is_deterministic() -> None:
    first = FaultPlan(rate=0.5, seed=42)
    second = FaultPlan(rate=0.5, seed=42)
    assert [first.draw("/works") for _ in range(50)] == [second.draw("/works") for _ in range(50)]
    assert FaultPlan(rate=1.0, paths=("/works/",)).draw("/other") is None


def test_rate_limit_enforcement_answers_429() -> None:
    with FakeCrossref(records=[], rate_limit_enforce=(3, 1.0)) as fake:
        statuses = [requests.get(fake.url + "/works/10.1/x", timeout=5).status_code for _ in range(5)]
    assert statuses[:3] == [404, 404, 404] and 429 in statuses[3:]


def test_efetch_get_and_post(eutils: FakeEutils) -> None:
    some = sorted(eutils.by_pmid)[:3]
    got = requests.get(eutils.url + "/efetch.fcgi", params={"db": "pubmed", "id": ",".join([*some, "1"])}, timeout=5)
    assert [w.pmid for w in works_from_pubmed_xml(got.content)] == some
    posted = requests.post(eutils.url + "/efetch.fcgi", data={"db": "pubmed", "id": ",".join(some)}, timeout=5)
    assert posted.content == got.content
    empty = requests.get(eutils.url + "/efetch.fcgi", params={"db": "pubmed", "id": "1"}, timeout=5)
    assert works_from_pubmed_xml(empty.content) == []


def test_esearch_by_doi_json_and_xml(eutils: FakeEutils) -> None:
    entry = next(e for e in eutils.by_pmid.values() if e.doi)
    js = requests.get(eutils.url + "/esearch.fcgi", params={"db": "pubmed", "term": f'"{entry.doi}"[aid]',
                                                             "retmode": "json"}, timeout=5).json()
    assert js["esearchresult"]["idlist"] == [entry.pmid]
    xml = requests.get(eutils.url + "/esearch.fcgi", params={"db": "pubmed", "term": "10.9/none[doi]"}, timeout=5)
    assert b"<Count>0</Count>" in xml.content and b"PhraseNotFound" in xml.content


def test_ecitmatch_ignores_author_and_year_like_the_real_service(eutils: FakeEutils) -> None:
    entry = next(e for e in eutils.by_pmid.values() if e.volume and e.first_page and e.journals)
    journal = sorted(entry.journals)[0]
    bdata = f"{journal}|1800|{entry.volume}|{entry.first_page}|wrong a|k1|\rnone|1|1|1|x|k2|"
    lines = requests.get(eutils.url + "/ecitmatch.cgi", params={"db": "pubmed", "retmode": "xml", "bdata": bdata},
                         timeout=5).text.splitlines()
    assert lines[0].endswith(f"|k1|{entry.pmid}") or lines[0].endswith("|k1|AMBIGUOUS")
    assert lines[1].endswith("|k2|NOT_FOUND")


def test_html_fault_serves_the_recorded_page(eutils: FakeEutils, shared_data: Path) -> None:
    eutils.fail_next("html")
    page = requests.get(eutils.url + "/efetch.fcgi", params={"db": "pubmed", "id": "1"}, timeout=5)
    assert page.status_code == 200
    assert page.content == (shared_data / "ncbi" / "errors" / "efetch_html-page-instead-of-xml.html").read_bytes()


def test_extra_xml_records(eutils: FakeEutils, shared_data: Path) -> None:
    data = (shared_data / "ncbi" / "pubmed-xml" / "pmid-19129924_bare-PubmedArticle.xml").read_bytes()
    assert eutils.add_xml(data) == ["19129924"]
    assert eutils.count() >= 0 and eutils.peak_rate() >= 0


def test_esearch_fielded_and_query(eutils: FakeEutils) -> None:
    entry = next(e for e in eutils.by_pmid.values() if e.fields["1au"] and e.fields["dp"] and len(e.fields["ti"]) > 3)
    word = sorted(entry.fields["ti"], key=len)[-1]
    family = next(iter(entry.fields["1au"]))
    year = sorted(entry.fields["dp"])[0]
    term = f"{word}[ti] AND {family}[1au] AND {year}[dp]"
    found = requests.get(eutils.url + "/esearch.fcgi", params={"db": "pubmed", "term": term, "retmode": "json"},
                         timeout=5).json()["esearchresult"]["idlist"]
    assert entry.pmid in found
    assert requests.get(eutils.url + "/esearch.fcgi", params={"db": "pubmed", "term": f"{term} AND 1[vi]x",
                                                              "retmode": "json"}, timeout=5).json()[
        "esearchresult"]["idlist"] == []
