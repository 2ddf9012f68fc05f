"""Record-guided reading (refcheck.checks.align): fields located in the raw text against the
linked record; a misplaced parse boundary is no finding, a real difference still is."""

from __future__ import annotations

from refcheck.checks import linked_citation, run_checks
from refcheck.checks.align import align_reference, local_align, recase_byline, tokenize
from refcheck.config import Settings
from refcheck.model import Author, Citation, Finding, Match, RawEntry, Span, Status, Work
from refcheck.parse import parse_entry

RECORD = Work(
    source="crossref", type="journal-article",
    authors=[Author(family="LeVine", given="Martin J.", initials="MJ"), Author(family="Parrish", initials="JA")],
    title="Outpatient phototherapy of psoriasis", container="Archives of Dermatology",
    container_abbrevs=["Arch Dermatol"], year=1980, volume="116", issue="5", pages="552-554",
    first_page="552", last_page="554", doi="10.1001/archderm.116.5.552",
)


def _read(text: str, work: Work = RECORD) -> tuple[Citation, list[Finding]]:
    parsed = parse_entry(RawEntry(number=1, text=text, span=Span(1, 1)))
    match = Match(Status.VERIFIED, work=work, source="crossref", method="search")
    settings = Settings()
    citation = linked_citation(parsed, match, settings)
    return citation, [f for f in run_checks(parsed, match, settings) if f.severity.rank >= 1]


def test_unpunctuated_title_and_journal_are_read_against_the_record() -> None:
    text = "LeVine MJ, Parrish JA. outpatient  phototherapy of psoriasis Archives of Dermatology.  1980 116(5):552-4."
    citation, serious = _read(text)
    assert serious == []
    assert citation.title == "outpatient  phototherapy of psoriasis"
    assert citation.container == "Archives of Dermatology"
    assert citation.reading["title"]["from"] == "alignment"
    assert citation.reading["journal"]["from"] == "alignment"
    # spans are offsets in the entry text (refcheck fix edits there)
    for name, value in (("title", citation.title), ("journal", citation.container)):
        span = citation.reading[name]
        assert text[span["start"]:span["end"]] == value


def test_a_parse_the_record_confirms_is_left_alone() -> None:
    citation, serious = _read("LeVine MJ, Parrish JA. Outpatient phototherapy of psoriasis. Arch Dermatol. "
                              "1980;116(5):552-4.")
    assert serious == [] and set(citation.reading) >= {"authors", "title", "journal", "year", "pages"}
    assert {r["from"] for r in citation.reading.values()} == {"parse"}


def test_a_typo_inside_the_located_title_is_still_reported() -> None:
    _, serious = _read("LeVine MJ, Parrish JA. outpatient phototherapy of psoraisis Archives of Dermatology "
                       "1980 116(5):552-4.")
    assert [(f.code, f.cited, f.registered) for f in serious] == [("RC201", "psoraisis", "psoriasis")]


def test_a_wrong_journal_run_into_the_title_is_the_cited_journal() -> None:
    citation, serious = _read("LeVine MJ, Parrish JA. outpatient phototherapy of psoriasis Journal of "
                              "Dermatologic Surgery 1980 116(5):552-4.")
    assert citation.container == "Journal of Dermatologic Surgery"
    assert [(f.code, f.field) for f in serious] == [("RC301", "journal")]
    assert serious[0].suggestion == "Arch Dermatol"


def test_a_lower_cased_byline_is_read_and_its_typo_reported() -> None:
    citation, serious = _read("levine mj, parish ja. outpatient phototherapy of psoriasis. archives of "
                              "dermatology. 1980 116(5):552-4.")
    assert [a.family for a in citation.authors] == ["Levine", "Parish"]
    assert citation.reading["authors"]["from"] == "alignment"
    assert [(f.field, f.suggestion) for f in serious] == [("authors", "Parrish JA")]


def test_the_registered_year_printed_before_an_unseparated_volume() -> None:
    citation, serious = _read("LeVine MJ, Parrish JA. Outpatient phototherapy of psoriasis. Arch Dermatol "
                              "1980 116(5):552-554.")
    assert citation.year == 1980 and serious == []


def test_a_wrong_year_is_not_read_away() -> None:
    _, serious = _read("LeVine MJ, Parrish JA. outpatient phototherapy of psoriasis Archives of Dermatology "
                       "1983 116(5):552-4.")
    assert [(f.field, f.suggestion) for f in serious] == [("year", "1980")]


def test_local_alignment_tolerates_typos_and_run_together_words() -> None:
    text = tokenize("Smith J. Therapeutic injections for malignant acetabularosteolyses. Radiographics 1999")
    hit = local_align(["therapeutic", "injections", "for", "malignant", "acetabular", "osteolyses"], text)
    assert hit is not None and text[hit.start].word == "therapeutic"
    assert text[hit.end - 1].word == "acetabularosteolyses" and hit.found == 6


def test_ligatures_and_line_breaks_are_layout() -> None:
    work = Work(source="crossref", title="Effect of the film structure on flow", container="Journal of Physics",
                year=2016, authors=[Author(family="Almoabadi", initials="A")])
    located = align_reference(Citation(text="Almoabadi A. eﬀect of the\n ﬁlm structure on ﬂow J Phys 2016"), work)
    assert located.fields["title"].value == "eﬀect of the\n ﬁlm structure on ﬂow"


def test_recase_byline() -> None:
    assert recase_byline("everett ed, szabo ms") == "Everett ED, Szabo MS"
    assert recase_byline("worsaae, n. and brennan, r.s.") == "Worsaae, N. and Brennan, R.S."
    assert recase_byline("ma j, yank v, et al") == "Ma J, Yank V, et al"
    assert recase_byline("EL-GOHARY TM") == "EL-GOHARY TM"
