"""MirrorSource: look-ups give the live converters' Works; search and ECitMatch-style blocking find
the right record for citations rendered from the real records."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from refcheck.errors import SourceUnavailable
from refcheck.model import Author, Citation, Work
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.sources.mirror import MirrorSource, PubmedMirrorSource, journal_compatible, mirror_sources
from refcheck.sources.pubmed_record import works_from_pubmed_xml

PATH_FIELDS = ("request", "score", "retrieved")


@pytest.fixture(scope="module")
def source(shared_mirror: Path):  # type: ignore[no-untyped-def]
    src = MirrorSource(shared_mirror)
    yield src
    src.close()


def _same(a: Work, b: Work) -> None:
    da, db = a.to_dict(), b.to_dict()
    for name in PATH_FIELDS:
        da.pop(name), db.pop(name)
    assert da == db


def _journal_articles(records: list[dict], n: int, seed: int) -> list[dict]:
    usable = [m for m in records if m.get("type") == "journal-article" and m.get("title") and m.get("author")
              and m["author"][0].get("family") and m.get("volume") and m.get("page")]
    return random.Random(seed).sample(usable, n)


def test_get_doi_gives_the_live_converters_work(source: MirrorSource, crossref_records: list[dict]) -> None:
    for message in random.Random(1).sample(crossref_records, 200):
        got = source.get_doi(message["DOI"])
        assert got is not None and got.source == "crossref"
        assert got.request == f"mirror:crossref/doi/{message['DOI'].lower()}"
        _same(got, work_from_crossref(message))


def test_get_doi_forms_and_misses(source: MirrorSource) -> None:
    assert source.get_doi("https://doi.org/10.1001/ARCHDERM.100.1.1").doi == "10.1001/archderm.100.1.1"
    assert source.get_doi("doi:10.1001/archderm.100.1.1") is not None
    assert source.get_doi("10.1001/no-such-doi-anywhere") is None


def test_get_pmid_and_batch(source: MirrorSource, pubmed_dir: Path) -> None:
    expected = works_from_pubmed_xml((pubmed_dir / "pmid-11618220.xml").read_bytes())[0]
    got = source.get_pmid("11618220")
    assert got is not None and got.source == "pubmed"
    _same(got, expected)
    batch = source.get_pmids(["11618220", "19129924", "99999999999"])
    assert batch["99999999999"] is None
    assert batch["19129924"] is not None and batch["19129924"].pmid == "19129924"


def _citation(m: dict, *, typo: bool = False, wrong_page: bool = False, drop_title_word: bool = False) -> Citation:
    """A citation as a Vancouver parser would produce it from a reference written from ``m``."""
    first = m["author"][0]
    family = first["family"][:-1] if typo and len(first["family"]) > 4 else first["family"]
    title = m["title"][0]
    if drop_title_word:
        title = " ".join(title.split()[1:]) or title
    pages = m["page"]
    if wrong_page and pages.split("-")[0].isdigit():
        pages = str(int(pages.split("-")[0]) + 7)
    year = (m.get("issued", {}).get("date-parts") or [[None]])[0][0]
    journal = (m.get("short-container-title") or m.get("container-title") or [None])[0]
    return Citation(text="", authors=[Author(family=family)], title=title.lower(), container=journal,
                    year=year, volume=m["volume"], pages=pages, first_page=pages.split("-")[0])


@pytest.mark.parametrize("variant", ["exact", "typo", "wrong_page", "drop_title_word"])
def test_search_finds_the_record(source: MirrorSource, crossref_records: list[dict], variant: str) -> None:
    sample = _journal_articles(crossref_records, 150, seed=len(variant))
    found = 0
    for m in sample:
        citation = _citation(m, typo=variant == "typo", wrong_page=variant == "wrong_page",
                             drop_title_word=variant == "drop_title_word")
        hits = source.search(citation, rows=5)
        found += m["DOI"].lower() in {w.doi for w in hits}
    # Blocking recall: the right record must be among the candidates the matcher validates.
    assert found / len(sample) >= 0.97, f"{variant}: {found}/{len(sample)}"


def test_search_without_title_uses_volume_and_page(source: MirrorSource, crossref_records: list[dict]) -> None:
    m = _journal_articles(crossref_records, 1, seed=4)[0]
    citation = _citation(m)
    citation.title = None
    assert m["DOI"].lower() in {w.doi for w in source.search(citation)}


def test_citation_match_like_ecitmatch(source: MirrorSource) -> None:
    work = source.get_pmid("11618220")
    assert work is not None
    hit = Citation(text="", container=work.container_abbrevs[0], volume=work.volume, first_page=work.first_page)
    other_journal = Citation(text="", container="Lancet", volume=work.volume, first_page=work.first_page)
    no_page = Citation(text="", container="Toung Pao", volume=work.volume)
    assert source.citation_match([hit, other_journal, no_page]) == {0: "11618220"}


def test_journal_compatible() -> None:
    assert journal_compatible("Arch Dermatol", ["Archives of Dermatology"])
    assert journal_compatible("J Am Acad Dermatol", ["Journal of the American Academy of Dermatology"])
    assert journal_compatible("JAMA", ["JAMA"])
    assert not journal_compatible("Lancet", ["Archives of Dermatology"])
    assert not journal_compatible("Arch Intern Med", ["Archives of Dermatology"])


def test_registry_views(shared_mirror: Path) -> None:
    crossref, pubmed = mirror_sources(shared_mirror)
    try:
        assert (crossref.name, pubmed.name, pubmed.registry) == ("mirror", "mirror", "pubmed")
        assert isinstance(pubmed, PubmedMirrorSource)
        assert crossref.get_pmid("11618220") is None  # Crossref-only view
        assert pubmed.get_pmid("11618220") is not None
        assert pubmed.get_doi("10.1001/archderm.100.1.1") is None  # PubMed-only view
    finally:
        crossref.close()
        pubmed.close()


def test_threads_share_one_source(source: MirrorSource, crossref_records: list[dict]) -> None:
    dois = [m["DOI"] for m in crossref_records[:400]]
    with ThreadPoolExecutor(4) as pool:
        works = list(pool.map(source.get_doi, dois))
    assert [w.doi for w in works] == [d.lower() for d in dois]


def test_missing_mirror_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable):
        MirrorSource(tmp_path / "none.sqlite")
