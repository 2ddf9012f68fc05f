"""Matcher behaviour on real Crossref/PubMed records served from memory (no HTTP)."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from pathlib import Path

import pytest

from refcheck.config import Settings
from refcheck.match import match_citations, reason_codes
from refcheck.model import Author, Citation, Status, Work
from refcheck.sources.pubmed_record import works_from_pubmed_xml
from refcheck.styles.render import render_reference
from tests.match.memory import MemorySource, complete_articles, crossref_works
from tests.shared import DATA

SETTINGS = Settings()


def cite(work: Work, style: str = "vancouver", **changes: object) -> Citation:
    """A citation as a parser would produce it from ``work`` rendered in ``style``, then edited.

    ``changes`` alter the Work before rendering (so the string carries the error too).
    """
    altered = dataclasses.replace(work, **changes) if changes else work
    return Citation(
        text=render_reference(altered, style),
        authors=[dataclasses.replace(a) for a in altered.authors],
        title=altered.title,
        container=altered.container_abbrevs[0] if altered.container_abbrevs else altered.container,
        year=altered.year,
        volume=altered.volume,
        issue=altered.issue,
        pages=altered.pages,
        first_page=altered.first_page,
        last_page=altered.last_page,
    )


@pytest.fixture(scope="module")
def articles() -> list[Work]:
    works = complete_articles()
    rng = random.Random(7)
    return rng.sample(works, 40)


@pytest.fixture(scope="module")
def crossref() -> MemorySource:
    return MemorySource(crossref_works())


@pytest.fixture(scope="module")
def pubmed_works() -> list[Work]:
    works: list[Work] = []
    for path in sorted((DATA / "ncbi" / "pubmed-xml").glob("*.xml")):
        works += works_from_pubmed_xml(Path(path).read_bytes())
    return [w for w in works if w.authors and w.title and w.volume and w.first_page and w.year and w.container]


def test_cited_doi_verified_without_search(articles: list[Work]) -> None:
    source = MemorySource(articles)
    work = articles[0]
    citation = dataclasses.replace(cite(work), doi=work.doi)
    [m] = match_citations([citation], [source], SETTINGS)
    assert (m.status, m.method, m.work.doi) == (Status.VERIFIED, "doi", work.doi)
    assert source.calls["search"] == 0
    assert m.reason is None


def test_doi_to_another_work_proposes_the_right_one(crossref: MemorySource, articles: list[Work]) -> None:
    right, wrong = articles[1], articles[2]
    citation = dataclasses.replace(cite(right), doi=wrong.doi)
    [m] = match_citations([citation], [crossref], SETTINGS)
    assert m.status is Status.MISMATCH
    assert m.work.doi == right.doi and m.method == "search"
    assert [c.doi for c in m.candidates] == [wrong.doi]
    assert reason_codes(m) == {"doi_other_work"}


def test_doi_to_another_work_and_right_one_unknown(articles: list[Work]) -> None:
    right, wrong = articles[3], articles[4]
    source = MemorySource([w for w in articles if w is not right])
    citation = dataclasses.replace(cite(right), doi=wrong.doi)
    [m] = match_citations([citation], [source], SETTINGS)
    assert m.status is Status.NOT_FOUND and m.work is None
    assert m.candidates[0].doi == wrong.doi
    assert "doi_other_work" in reason_codes(m)


def test_unregistered_and_malformed_doi_fall_back_to_search(crossref: MemorySource, articles: list[Work]) -> None:
    work = articles[5]
    unregistered = dataclasses.replace(cite(work), doi="10.9999/not-registered.123")
    malformed = dataclasses.replace(cite(work), doi="doi:10.10/x")
    m1, m2 = match_citations([unregistered, malformed], [crossref], SETTINGS)
    assert m1.work.doi == work.doi and reason_codes(m1) == {"doi_not_registered"}
    assert m1.status is Status.MISMATCH
    assert m2.work.doi == work.doi and reason_codes(m2) == {"doi_malformed"}


@pytest.mark.parametrize("style", ["vancouver", "ama", "apa", "harvard", "ieee"])
def test_search_links_clean_references(crossref: MemorySource, articles: list[Work], style: str) -> None:
    sample = articles[6:26]
    matches = match_citations([cite(w, style) for w in sample], [crossref], SETTINGS)
    linked = [m.work.doi if m.work else None for m in matches]
    assert linked == [w.doi for w in sample]
    assert all(m.method == "search" and m.status is Status.VERIFIED for m in matches)


def _typo(text: str) -> str:
    """Drop one inner letter (``Fukumoto`` -> ``Fukumto``)."""
    i = len(text) // 2
    return text[:i] + text[i + 1:]


@pytest.mark.parametrize("error", ["author_typo", "wrong_year", "wrong_page", "wrong_volume", "title_typo"])
def test_single_field_error_still_linked(crossref: MemorySource, articles: list[Work], error: str) -> None:
    sample = [w for w in articles[6:26] if len(w.authors[0].family or "") >= 5]
    citations = []
    for w in sample:
        if error == "author_typo":
            authors = [dataclasses.replace(w.authors[0], family=_typo(w.authors[0].family)), *w.authors[1:]]
            citations.append(cite(w, authors=authors))
        elif error == "wrong_year":
            citations.append(cite(w, year=w.year + 3))
        elif error == "wrong_page":
            first = str(int(w.first_page) + 11) if w.first_page.isdigit() else w.first_page + "9"
            citations.append(cite(w, first_page=first, pages=first, last_page=None))
        elif error == "wrong_volume":
            vol = str(int(w.volume) + 5) if w.volume.isdigit() else w.volume + "1"
            citations.append(cite(w, volume=vol))
        else:
            citations.append(cite(w, title=_typo(w.title)))
    matches = match_citations(citations, [crossref], SETTINGS)
    assert [m.work.doi if m.work else None for m in matches] == [w.doi for w in sample]


def _same_title_groups() -> list[list[Work]]:
    groups: dict[str, list[Work]] = defaultdict(list)
    for w in complete_articles():
        groups[(w.title or "").lower()].append(w)
    return [g for g in groups.values() if len(g) >= 2]


def test_same_title_other_work_is_not_linked() -> None:
    groups = _same_title_groups()
    assert groups
    checked = 0
    for group in groups[:25]:
        target, siblings = group[0], group[1:]
        if any({target.year, target.volume, target.first_page} & {s.year, s.volume, s.first_page} for s in siblings):
            continue  # keep clearly different locators only (another year, volume and page)
        citation = cite(target)
        [without] = match_citations([citation], [MemorySource(siblings)], SETTINGS)
        assert without.work is None, (target.doi, without.work.doi)
        [with_target] = match_citations([citation], [MemorySource(group)], SETTINGS)
        assert with_target.work is not None and with_target.work.doi == target.doi
        checked += 1
    assert checked >= 5


def test_two_indistinguishable_records_are_ambiguous(articles: list[Work]) -> None:
    work = articles[30]
    duplicate = dataclasses.replace(work, doi=work.doi + ".dup")  # a publisher's double deposit
    [m] = match_citations([cite(work)], [MemorySource([work, duplicate])], SETTINGS)
    assert m.status is Status.AMBIGUOUS and m.work is None
    assert {c.doi for c in m.candidates} == {work.doi, duplicate.doi}


def test_fabricated_reference_not_found(crossref: MemorySource) -> None:
    citation = Citation(
        text="Quorvath ZT, Plimsoll AB. Lunar tides and dermal zinc transport in axolotls. "
             "Arch Dermatol. 1987;123(4):411-9.",
        authors=[Author(family="Quorvath", initials="ZT"), Author(family="Plimsoll", initials="AB")],
        title="Lunar tides and dermal zinc transport in axolotls",
        container="Arch Dermatol", year=1987, volume="123", issue="4", pages="411-9",
        first_page="411", last_page="419",
    )
    [m] = match_citations([citation], [crossref], SETTINGS)
    assert m.status is Status.NOT_FOUND and m.work is None
    assert "rejected" in reason_codes(m) or "no_candidate" in reason_codes(m)


def test_outage_is_unchecked_never_not_found(articles: list[Work]) -> None:
    down = MemorySource(articles, down=True)
    citations = [cite(articles[0]), dataclasses.replace(cite(articles[1]), doi=articles[1].doi)]
    matches = match_citations(citations, [down], SETTINGS)
    assert [m.status for m in matches] == [Status.UNCHECKED, Status.UNCHECKED]
    assert all("unavailable" in reason_codes(m) for m in matches)


def test_pubmed_outage_does_not_undo_a_crossref_link(articles: list[Work]) -> None:
    crossref = MemorySource(articles)
    pubmed = MemorySource([], name="pubmed", down=True)
    [m] = match_citations([cite(articles[0])], [crossref, pubmed], SETTINGS)
    assert m.status is Status.VERIFIED and m.work.doi == articles[0].doi


def test_cited_pmid_and_ecitmatch_hit_verified(pubmed_works: list[Work]) -> None:
    a, b = pubmed_works[0], pubmed_works[1]
    pubmed = MemorySource(pubmed_works, name="pubmed")
    pubmed.ecitmatch = {1: b.pmid}  # index in the batch of citations ECitMatch can use
    with_pmid = dataclasses.replace(cite(a), pmid=a.pmid)
    matches = match_citations([with_pmid, cite(b)], [pubmed], SETTINGS)
    assert [(m.method, m.work.pmid) for m in matches] == [("pmid", a.pmid), ("ecitmatch", b.pmid)]
    assert pubmed.calls["pmids"] == 1  # one batch for both


def test_wrong_ecitmatch_pmid_rejected_after_verification(pubmed_works: list[Work]) -> None:
    target = pubmed_works[2]
    other = next(w for w in pubmed_works if w.authors[0].family != target.authors[0].family
                 and w.year != target.year)
    pubmed = MemorySource([w for w in pubmed_works if w is not target], name="pubmed")
    pubmed.ecitmatch = {0: other.pmid}
    [m] = match_citations([cite(target)], [pubmed], SETTINGS)
    assert m.work is None or m.work.pmid != other.pmid
    assert m.status is Status.NOT_FOUND


def test_pmid_to_another_work_is_reported(pubmed_works: list[Work]) -> None:
    target, other = pubmed_works[3], pubmed_works[4]
    pubmed = MemorySource(pubmed_works, name="pubmed")
    [m] = match_citations([dataclasses.replace(cite(target), pmid=other.pmid)], [pubmed], SETTINGS)
    assert "pmid_other_work" in reason_codes(m)
    assert m.candidates[0].pmid == other.pmid
    assert m.work is not None and m.work.pmid == target.pmid and m.status is Status.MISMATCH


def test_pubmed_record_attached_as_other(articles: list[Work]) -> None:
    work = articles[0]
    pm_record = dataclasses.replace(work, source="pubmed", pmid="99999999")
    crossref = MemorySource(articles)
    pubmed = MemorySource([pm_record], name="pubmed")
    pubmed.ecitmatch = {0: "99999999"}
    [m] = match_citations([cite(work)], [crossref, pubmed], SETTINGS)
    assert m.source == "crossref" and m.work.doi == work.doi
    assert m.other["pubmed"].pmid == "99999999"


def test_progress_reports_every_reference(crossref: MemorySource, articles: list[Work]) -> None:
    calls: list[tuple[int, int]] = []
    match_citations([cite(w) for w in articles[:7]], [crossref], SETTINGS, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (7, 7) and len(calls) == 7


def test_no_source_is_unchecked() -> None:
    [m] = match_citations([Citation(text="x")], [], SETTINGS)
    assert m.status is Status.UNCHECKED


def test_pubmed_outage_with_nothing_found_is_unchecked(crossref: MemorySource) -> None:
    fabricated = Citation(text="Zyxwv Q. Nonexistent study of nothing at all. Imaginary J. 2001;1:1-2.",
                          title="Nonexistent study of nothing at all", year=2001, volume="1", first_page="1")
    pubmed = MemorySource([], name="pubmed", down=True)
    [m] = match_citations([fabricated], [crossref, pubmed], SETTINGS)
    assert m.status is Status.UNCHECKED and "unavailable" in reason_codes(m)


def test_ecitmatch_hit_with_doi_fetches_crossref_by_doi_not_search(articles: list[Work]) -> None:
    work = articles[8]
    crossref = MemorySource(articles)
    pubmed = MemorySource([dataclasses.replace(work, source="pubmed", pmid="424242")], name="pubmed")
    pubmed.ecitmatch = {0: "424242"}
    [m] = match_citations([cite(work)], [crossref, pubmed], SETTINGS)
    assert (m.source, m.work.doi, m.method) == ("crossref", work.doi, "ecitmatch")
    assert m.other["pubmed"].pmid == "424242"
    assert crossref.calls["search"] == 0 and crossref.calls["doi"] == 1


def test_second_structured_query_only_when_the_first_finds_nothing(articles: list[Work]) -> None:
    work = articles[9]
    citation = cite(work)
    # bury the string in debris so the whole-string search ranks other records first
    noisy = dataclasses.replace(citation, text=" ".join(["dermatology archives skin patient case"] * 12))
    source = MemorySource(articles)
    [m] = match_citations([noisy], [source], SETTINGS)
    assert source.calls["search"] == 2
    assert m.work is not None and m.work.doi == work.doi
    source.calls.clear()
    match_citations([citation], [source], SETTINGS)
    assert source.calls["search"] == 1


def test_compact_query_needs_a_title() -> None:
    from refcheck.match.choice import compact_query

    assert compact_query(Citation(text="Smith J. 2001;3:4.", authors=[Author(family="Smith")])) is None
    q = compact_query(Citation(text="x", title="A title", authors=[Author(family="Smith")], year=2001))
    assert q is not None and q.text == "Smith A title 2001"


def test_doi_of_another_agency_is_unchecked_not_wrong(articles: list[Work]) -> None:
    source = MemorySource(articles)
    source.agencies = {"10.5061/dryad.abc123": "datacite"}  # what CrossrefSource records after /agency
    data = Citation(text="Smith J. Data from: a study. Dryad. 2019. doi:10.5061/dryad.abc123",
                    title="Data from: a study", year=2019, doi="10.5061/dryad.abc123")
    [m] = match_citations([data], [source], SETTINGS)
    assert m.status is Status.UNCHECKED and "doi_other_agency" in reason_codes(m)
    assert "doi_not_registered" not in reason_codes(m)
