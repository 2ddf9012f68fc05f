"""``refcheck add`` end to end: every identifier kind, free text, refusals, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.styles.render import render_reference
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils
from tests.library.conftest import RunCli
from tests.library.helpers import crossref_message, entries, journal_articles

LIB = "bib/library.bib"


@pytest.fixture(scope="module")
def pubmed_record(fakes: tuple[FakeCrossref, FakeEutils]):  # type: ignore[no-untyped-def]
    """A real PubMed record that has a DOI, a PMCID and a complete locator."""
    from refcheck.sources.pubmed_record import works_from_pubmed_xml

    _, eu = fakes
    for pmid in sorted(eu.by_pmid):
        work = works_from_pubmed_xml(b"<PubmedArticleSet>" + eu.by_pmid[pmid].xml + b"</PubmedArticleSet>")[0]
        if work.doi and work.pmcid and work.pmcid[3:].isdigit() and work.volume and work.first_page and work.authors:
            return work
    raise AssertionError("no PubMed record with DOI and PMCID in the shared data")


@pytest.mark.parametrize("form", ["{doi}", "https://doi.org/{doi_upper}", "doi:{doi}"])
def test_add_by_doi_forms(run_cli: RunCli, crossref_records: list[dict], form: str) -> None:
    work = journal_articles(crossref_records, 1)[0]
    result = run_cli("add", form.format(doi=work.doi, doi_upper=(work.doi or "").upper()), "--to", LIB)
    assert result.exit_code == 0, result.output
    [(key, fields)] = entries(Path(LIB)).items()
    assert fields["doi"] == work.doi
    assert fields["refcheck-source"] == "crossref" and fields["refcheck-checked"]
    assert key.startswith((work.authors[0].family or "").lower()[:3]) and str(work.year) in key
    assert f"added    {key}" in result.output


@pytest.mark.parametrize("form", ["{pmid}", "PMID: {pmid}", "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"])
def test_add_by_pmid_forms(run_cli: RunCli, pubmed_record, form: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("add", form.format(pmid=pubmed_record.pmid), "--to", LIB)
    assert result.exit_code == 0, result.output
    [fields] = entries(Path(LIB)).values()
    assert fields["pmid"] == pubmed_record.pmid
    assert fields["doi"] == pubmed_record.doi  # the PubMed record's DOI comes along


@pytest.mark.parametrize("form", ["{pmcid}", "https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/"])
def test_add_by_pmcid(run_cli: RunCli, pubmed_record, form: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("add", form.format(pmcid=pubmed_record.pmcid), "--to", LIB)
    assert result.exit_code == 0, result.output
    [fields] = entries(Path(LIB)).values()
    assert (fields["pmid"], fields["pmcid"]) == (pubmed_record.pmid, pubmed_record.pmcid)


def test_add_free_text_rendered_from_real_records(run_cli: RunCli, crossref_records: list[dict]) -> None:
    works = journal_articles(crossref_records, 3, skip=1)
    texts = [render_reference(w, style) for w, style in zip(works, ["vancouver", "ama", "apa"], strict=True)]
    result = run_cli("add", *texts, "--to", LIB)
    assert result.exit_code == 0, result.output
    got = {f["doi"] for f in entries(Path(LIB)).values()}
    assert got == {w.doi for w in works}


def test_unmatched_string_is_refused_with_candidates(run_cli: RunCli, crossref_records: list[dict]) -> None:
    work = journal_articles(crossref_records, 1, skip=2)[0]
    lib = Path(LIB)
    # The real byline, journal and locator, but a title the record does not have.
    wrong = render_reference(work, "vancouver").replace(work.title or "", "Completely unrelated words about gardening")
    result = run_cli("add", wrong, "--to", LIB)
    assert result.exit_code == 1
    assert "refused" in result.output
    assert f"candidate: {work.authors[0].display()}" in result.output and (work.doi or "") in result.output
    assert not lib.exists()  # nothing written


def test_add_reference_list_from_file_is_split_by_the_extractor(run_cli: RunCli, crossref_records: list[dict],
                                                                tmp_path: Path) -> None:
    works = journal_articles(crossref_records, 3, skip=3)
    lines = ["References", ""]
    for i, w in enumerate(works, 1):
        words = render_reference(w, "vancouver").split()
        half = len(words) // 2  # each entry wrapped over two lines, as in a manuscript
        lines += [f"{i}. {' '.join(words[:half])}", f"   {' '.join(words[half:])}"]
    refs = tmp_path / "refs.txt"
    refs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("add", "--from", str(refs), "--to", LIB)
    assert result.exit_code == 0, result.output
    assert {f["doi"] for f in entries(Path(LIB)).values()} == {w.doi for w in works}


def test_add_identifiers_from_stdin_one_per_line(run_cli: RunCli, crossref_records: list[dict]) -> None:
    works = journal_articles(crossref_records, 2, skip=4)
    result = run_cli("add", "--from", "-", "--to", LIB, input="# my list\n" + "\n".join(w.doi or "" for w in works))
    assert result.exit_code == 0, result.output
    assert len(entries(Path(LIB))) == 2


def test_doi_then_pmid_of_the_same_work_is_one_entry(run_cli: RunCli, fakes, pubmed_record) -> None:  # type: ignore[no-untyped-def]
    cr, _ = fakes
    cr.add(crossref_message(pubmed_record))
    try:
        first = run_cli("add", pubmed_record.doi, "--to", LIB, "--source", "crossref")  # Crossref only: no PMID
        assert first.exit_code == 0, first.output
        [(key, fields)] = entries(Path(LIB)).items()
        assert "pmid" not in fields
        second = run_cli("add", f"PMID: {pubmed_record.pmid}", "--to", LIB)
        assert second.exit_code == 0, second.output
        assert f"merged   {key}" in second.output  # the user is told which entry it went into
        [(key2, fields)] = entries(Path(LIB)).items()
        assert key2 == key and fields["doi"] == pubmed_record.doi and fields["pmid"] == pubmed_record.pmid
        assert run_cli("tidy", "--check", LIB).exit_code == 0  # merged fields land in their canonical place
        third = run_cli("add", pubmed_record.doi, "--to", LIB)
        assert third.exit_code == 0 and "exists" in third.output and len(entries(Path(LIB))) == 1
    finally:
        cr.remove(pubmed_record.doi)


def test_doi_add_picks_up_pmid_from_pubmed(run_cli: RunCli, fakes, pubmed_record) -> None:  # type: ignore[no-untyped-def]
    cr, _ = fakes
    cr.add(crossref_message(pubmed_record))
    try:
        result = run_cli("add", pubmed_record.doi, "--to", LIB)
        assert result.exit_code == 0, result.output
        [fields] = entries(Path(LIB)).values()
        assert fields["refcheck-source"] == "crossref"
        assert (fields["pmid"], fields["pmcid"]) == (pubmed_record.pmid, pubmed_record.pmcid)
    finally:
        cr.remove(pubmed_record.doi)


def test_near_duplicate_citation_merges_into_existing_key(run_cli: RunCli, crossref_records: list[dict]) -> None:
    work = journal_articles(crossref_records, 1, skip=5)[0]
    lib = Path(LIB)
    lib.parent.mkdir()
    first = work.authors[0]
    # The author's own hand-made entry: no DOI, title in other case with a trailing period.
    lib.write_text(
        f"@article{{mykey,\n  author = {{{first.family}, {first.initials or first.given}}},\n"
        f"  title = {{{(work.title or '').upper()}.}},\n  journal = {{{work.container}}},\n"
        f"  year = {{{work.year}}},\n}}\n", encoding="utf-8")
    result = run_cli("add", work.doi or "", "--to", LIB)
    assert result.exit_code == 0, result.output
    assert "merged   mykey" in result.output
    [(key, fields)] = entries(lib).items()
    assert key == "mykey" and fields["doi"] == work.doi
    assert fields["title"].endswith(".")  # existing values are never silently changed by add
    assert Path(LIB + ".bak").read_text(encoding="utf-8").startswith("@article{mykey")


def test_keys_are_unique_and_stable(run_cli: RunCli, crossref_records: list[dict]) -> None:
    works = journal_articles(crossref_records, 2, skip=6)
    assert run_cli("add", works[0].doi or "", "--to", LIB).exit_code == 0
    before = entries(Path(LIB))
    assert run_cli("add", works[1].doi or "", "--to", LIB).exit_code == 0
    after = entries(Path(LIB))
    assert set(before) <= set(after) and len(after) == 2
    for key in before:
        assert after[key] == before[key]


def test_nothing_to_add_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("add", "--to", LIB)
    assert result.exit_code == 2 and "nothing to add" in result.output


def test_keep_unverified_adds_the_cited_text_marked(run_cli: RunCli, crossref_records: list[dict]) -> None:
    result = run_cli("add", "--keep-unverified", "--to", LIB,
                     "Nobody A, Nowhere B. A paper no registry has about zebra stripes. J Nothing. 2020;1:1-9.")
    assert result.exit_code == 0, result.output
    assert "marked refcheck = {unverified}" in result.output
    [(key, fields)] = entries(Path(LIB)).items()
    assert key == "nobody2020paper" and fields["refcheck"] == "unverified" and fields["pages"] == "1--9"
    assert "refcheck-source" not in fields  # nothing here came from a registry
    bare = run_cli("add", "--keep-unverified", "--to", LIB, "10.9999/not-registered")
    assert bare.exit_code == 1 and "refused" in bare.output  # a bare identifier has no text to keep


def test_pubmed_source_resolves_pmcids(fakes, pubmed_record) -> None:  # type: ignore[no-untyped-def]
    from refcheck.sources.pubmed import PubMedSource

    _, eu = fakes
    source = PubMedSource(eu.url, email="test@example.org", rate=1000.0)
    try:
        assert source.get_pmcid(pubmed_record.pmcid).pmid == pubmed_record.pmid  # type: ignore[union-attr]
        assert source.get_pmcid(pubmed_record.pmcid.lower() + ".1").pmid == pubmed_record.pmid  # type: ignore[union-attr]
        assert source.get_pmcid("PMC999999999") is None
    finally:
        source.close()
