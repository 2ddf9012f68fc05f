"""works_from_pubmed_xml on every recorded EFetch file."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from refcheck.sources.pubmed_record import PubmedXmlError, works_from_pubmed_xml


def _xml(shared_data: Path, name: str) -> bytes:
    return (shared_data / "ncbi" / "pubmed-xml" / name).read_bytes()


def test_every_file_parses_and_counts_match_the_readme(shared_data: Path) -> None:
    files = sorted((shared_data / "ncbi" / "pubmed-xml").iterdir())
    works = [w for f in files for w in works_from_pubmed_xml(f.read_bytes())]
    assert len(works) == 375  # README: 375 PubmedArticle/PubmedBookArticle records
    assert sum(1 for w in works if w.doi) == 263  # README: 263 carry the article DOI
    assert all(w.source == "pubmed" and w.title for w in works)
    assert sum(1 for w in works if not w.pmid) == 1  # the 'missing PMID' negative fixture


def test_pmid_and_doi_come_from_the_article_not_the_reference_list(shared_data: Path) -> None:
    for path in sorted((shared_data / "ncbi" / "pubmed-xml").glob("pmid-3*.xml"))[:40]:
        data = path.read_bytes()
        for work in works_from_pubmed_xml(data):
            assert work.pmid and work.pmid in path.name
            if work.doi:
                assert work.doi.encode() in data.lower()


def test_inline_italic_titles_get_their_spaces_back(shared_data: Path) -> None:
    spaced = works_from_pubmed_xml(_xml(shared_data, "pmid-27797938_inline-i-tag-in-title.xml"))[0]
    squashed = works_from_pubmed_xml(_xml(shared_data, "pmid-27797938_inline-i-tag-in-title_no-spaces.xml"))[0]
    assert "the TERT gene" in (spaced.title or "")
    assert spaced.title == squashed.title


def test_mathml_title_is_flattened_text(shared_data: Path) -> None:
    work = works_from_pubmed_xml(_xml(shared_data, "pmid-30108519_mathml-and-i-tag-in-title.xml"))[0]
    assert work.title and "<" not in work.title and '"Blood Relationship"' in work.title


def test_bare_article_empty_set_and_gzip(shared_data: Path) -> None:
    bare = works_from_pubmed_xml(_xml(shared_data, "pmid-19129924_bare-PubmedArticle.xml"))
    assert [w.pmid for w in bare] == ["19129924"]
    assert works_from_pubmed_xml(_xml(shared_data, "pmid-37909814_empty-set.xml")) == []
    packed = _xml(shared_data, "baseline-style_pmid-729652_4-records.xml.gz")
    assert len(works_from_pubmed_xml(packed)) == len(works_from_pubmed_xml(gzip.decompress(packed))) == 4


def test_book_record(shared_data: Path) -> None:
    book = works_from_pubmed_xml(_xml(shared_data, "pmid-20301295_PubmedBookArticle_2012.xml"))[0]
    assert book.type == "book" and book.pmid == "20301295"
    assert book.title == "GeneReviews™" and book.year == 1993
    assert book.publisher == "University of Washington, Seattle"
    assert book.editors and not book.authors


def test_translated_titles_keep_vernacular_and_bracketed_forms(shared_data: Path) -> None:
    data = _xml(shared_data, "medline-baseline-2019-sample_176-records.xml")
    translated = [w for w in works_from_pubmed_xml(data) if len(w.titles) > 1]
    assert translated
    for work in translated:
        assert not (work.title or "").startswith("[")
        assert any(t.startswith("[") for t in work.titles)


def test_retractions_and_notices(shared_data: Path) -> None:
    data = _xml(shared_data, "medline-baseline-2019-sample_176-records.xml")
    works = works_from_pubmed_xml(data)
    retracted = [w for w in works if any(u.kind == "retraction" for u in w.updates)]
    assert retracted and all(u.source == "pubmed" for w in retracted for u in w.updates)
    assert all(any(u.pmid for u in w.updates if u.kind == "retraction") for w in retracted)
    notices = [w for w in works if any(u.kind == "retraction" for u in w.update_to)]
    assert notices
    # A retraction and its notice point at each other when both are in the sample.
    by_pmid = {w.pmid: w for w in works}
    pairs = [(w, by_pmid[u.pmid]) for w in retracted for u in w.updates if u.pmid in by_pmid]
    for work, notice in pairs:
        assert any(u.pmid == work.pmid for u in notice.update_to)


def test_medline_date_and_pages(shared_data: Path) -> None:
    data = _xml(shared_data, "medline-baseline-2019-sample_176-records.xml")
    with_medline_date = [w for w in works_from_pubmed_xml(data) if w.year is not None]
    assert len(with_medline_date) == 176
    work = next(w for w in works_from_pubmed_xml(data) if w.pages and "-" in w.pages)
    assert work.first_page and work.last_page and int(work.last_page) >= int(work.first_page)


def test_incomplete_author_lists_are_flagged(shared_data: Path) -> None:
    works = [w for f in (shared_data / "ncbi" / "pubmed-xml").iterdir() for w in works_from_pubmed_xml(f.read_bytes())]
    incomplete = [w for w in works if not w.authors_complete]
    assert incomplete  # CompleteYN="N" occurs in the recorded data
    assert all(w.authors for w in incomplete)


@pytest.mark.parametrize("name", ["efetch_html-page-instead-of-xml.html"])
def test_html_page_is_an_error_not_a_crash(shared_data: Path, name: str) -> None:
    with pytest.raises(PubmedXmlError):
        works_from_pubmed_xml((shared_data / "ncbi" / "errors" / name).read_bytes())
    with pytest.raises(PubmedXmlError):
        works_from_pubmed_xml(b"<eSearchResult><Count>0</Count></eSearchResult>")
    with pytest.raises(PubmedXmlError):
        works_from_pubmed_xml(b"not xml at all")
