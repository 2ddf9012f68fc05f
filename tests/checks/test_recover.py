"""Registry-guided byline recovery on real Crossref records whose names no style foresees."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from refcheck.checks import linked_citation, run_checks
from refcheck.checks.recover import recover_byline
from refcheck.config import Settings
from refcheck.model import Match, Severity, Status, Work
from refcheck.parse import parse_reference
from refcheck.sources.crossref_record import work_from_crossref

CASES = {
    # publisher deposited as the only (group) author
    "10.1007/s15002-013-0459-8": "Urban & Vogel. Praxisnahe Fortbildung wird groß geschrieben. Orthop Rheuma. "
                                 "2013;16(5):61.",
    # a mononym
    "10.1007/bf00118278": "Govindjee. Publications of Warren L. Butler on photosynthesis. Photosynthesis "
                          "Research. 1986;10(3):151-61.",
    # a given name in capitals taken for initials
    "10.1001/archsurg.1937.01190120036003": "LEWIS DEAN. SCLEROSING SARCOMA OF BONE. Archives of Surgery. "
                                            "1937;34(6):1010.",
    # a surname cut at the first letter, with the author-date year before the title
    "10.1001/archderm.100.3.297": "aterson, K. W. (1969). Developmental arteriovenous malformation with "
                                  "secondary angiodermatitis. Report of a case. Archives of Dermatology, "
                                  "100(3), 297–302.",
    # unsplit natural-order names among ordinary ones
    "10.1109/jsen.2014.2321167": "Chun-Li Chang, Jalal SI, Wanfeng Huang, Mahmood A, Matei DE, Savran CA. "
                                 "High-Throughput Immunomagnetic Cell Detection Using a Microaperture Chip "
                                 "System. IEEE Sensors Journal. 2014;14(9):3008-13.",
}


@pytest.fixture(scope="module")
def works(shared_data: Path) -> dict[str, Work]:
    out: dict[str, Work] = {}
    with gzip.open(shared_data / "crossref" / "records.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["DOI"].lower() in CASES:
                out[record["DOI"].lower()] = work_from_crossref(record)
    assert len(out) == len(CASES)
    return out


@pytest.mark.parametrize("doi", sorted(CASES))
def test_registered_byline_is_recovered_and_the_reference_verifies(doi: str, works: dict[str, Work]) -> None:
    work = works[doi]
    cited = parse_reference(CASES[doi])
    assert cited.authors == []  # what the parser alone makes of it
    recovered = recover_byline(cited, work)
    assert recovered is not None
    assert [a.family or a.group for a in recovered.authors] == [a.family or a.group for a in work.authors]
    assert recovered.title is not None and recovered.title.casefold() in {
        t.casefold() for t in [work.title or "", *work.titles]}
    match = Match(Status.VERIFIED, work=work, source="crossref", method="search")
    serious = [f for f in run_checks(cited, match, Settings()) if f.severity.rank >= Severity.WARNING.rank]
    assert serious == []
    assert any("byline read with the help" in n for n in linked_citation(cited, match).notes)


def test_a_prefix_word_that_is_no_registered_name_is_not_recovered(works: dict[str, Work]) -> None:
    """Someone else's name before the title stays a finding: the record does not vouch for it."""
    work = works["10.1007/bf00118278"]
    cited = parse_reference("Govindjee Smithson. Publications of Warren L. Butler on photosynthesis. "
                            "Photosynthesis Research. 1986;10(3):151-61.")
    assert recover_byline(cited, work) is None


def test_nothing_is_recovered_when_the_parser_found_authors(works: dict[str, Work]) -> None:
    work = works["10.1109/jsen.2014.2321167"]
    cited = parse_reference("Jalal SI, Savran CA. Chun-Li Chang High-Throughput Immunomagnetic Cell Detection "
                            "Using a Microaperture Chip System. IEEE Sensors Journal. 2014;14(9):3008-13.")
    assert cited.authors and recover_byline(cited, work) is None


def test_et_al_in_the_recovered_byline(works: dict[str, Work]) -> None:
    work = works["10.1109/jsen.2014.2321167"]
    cited = parse_reference("Chun-Li Chang, Jalal SI, Wanfeng Huang et al High-Throughput Immunomagnetic Cell "
                            "Detection Using a Microaperture Chip System. IEEE Sensors Journal. 2014;14(9):3008-13.")
    cited.authors = []  # whatever the parser made of it, the recovery starts from an empty byline
    cited.title = ("Chun-Li Chang, Jalal SI, Wanfeng Huang et al High-Throughput Immunomagnetic Cell Detection "
                   "Using a Microaperture Chip System")
    recovered = recover_byline(cited, work)
    assert recovered is not None and recovered.et_al
    assert [a.family for a in recovered.authors] == ["Chun-Li Chang", "Jalal", "Wanfeng Huang"]


def test_no_record_or_no_prefix_means_no_recovery(works: dict[str, Work]) -> None:
    cited = parse_reference(CASES["10.1007/bf00118278"])
    assert recover_byline(cited, None) is None
    exact = parse_reference("Publications of Warren L. Butler on photosynthesis. Photosynthesis Research. "
                            "1986;10(3):151-61.")
    assert recover_byline(exact, works["10.1007/bf00118278"]) is None


def _three_author_work() -> Work:
    from refcheck.model import Author

    return Work(source="crossref", title="Praxisnahe Fortbildung in der Kardiologie", container="Herz", year=2001,
                authors=[Author(family="Urban", given="Hans", initials="H"),
                         Author(family="Vogel", given="Anna", initials="A"),
                         Author(family="Klein", given="Paul", initials="PA")])


@pytest.mark.parametrize("byline", [
    "URBAN Paul, VOGEL Hans, KLEIN Anna",  # every given name belongs to someone else
    "Hans Paul Urban Vogel Klein",  # the words are all registered, the people are not
    "Urban H, Vogel A, Klein A. P.",  # Klein's initials in the wrong order
    "Urban H, Klein PA, Vogel A",  # authors in the wrong order
])
def test_a_byline_with_the_registered_words_in_the_wrong_places_is_not_recovered(byline: str) -> None:
    cited = parse_reference(f"{byline}. Praxisnahe Fortbildung in der Kardiologie. Herz. 2001;26:1-5.")
    cited.authors = []  # as if the parser had missed the byline
    cited.title = f"{byline}. Praxisnahe Fortbildung in der Kardiologie"
    assert recover_byline(cited, _three_author_work()) is None


def test_the_same_byline_printed_right_is_recovered() -> None:
    cited = parse_reference("Urban H, Vogel A, Klein P. A. Praxisnahe Fortbildung in der Kardiologie. Herz. 2001;26:1-5.")
    cited.authors = []
    cited.title = "Urban H, Vogel A, Klein P. A. Praxisnahe Fortbildung in der Kardiologie"
    recovered = recover_byline(cited, _three_author_work())
    assert recovered is not None and [a.family for a in recovered.authors] == ["Urban", "Vogel", "Klein"]


def test_the_byline_is_recovered_once_per_reference(works: dict[str, Work], monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline reads the citation (``linked_citation``) then checks it (``run_checks``):
    the recovery runs in the first step only, and the checks see the recovered byline."""
    import refcheck.checks as checks

    calls: list[str] = []

    def counted(citation: object, work: Work | None) -> object:
        calls.append(str(work.doi if work else None))
        return recover_byline(citation, work)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "recover_byline", counted)
    work = works["10.1007/bf00118278"]
    match = Match(Status.VERIFIED, work=work, source="crossref", method="search")
    settings = Settings()
    read = linked_citation(parse_reference(CASES["10.1007/bf00118278"]), match, settings)
    findings = run_checks(read, match, settings)
    assert calls == [work.doi]
    assert read.authors and not [f for f in findings if f.field == "authors"]
