"""check_file_level: duplicates (RC711/RC712) and per-file ignores."""

from __future__ import annotations

from refcheck.checks import check_file_level
from refcheck.config import Settings
from refcheck.model import CheckedReference, Document, Finding, Match, RawEntry, Severity, Span, Status
from tests.checks.helpers import cite, work


def _doc(n: int, path: str = "paper.md") -> Document:
    return Document(path=path, text="", format="markdown",
                    entries=[RawEntry(number=i + 1, text="x", span=Span(i + 1, 1)) for i in range(n)])


def _ref(number: int, text: str, doi: str | None, matched: bool = True, year: int = 1998) -> CheckedReference:
    c = cite(number=number, text=text, doi=doi, year=year, span=Span(number, 1))
    m = Match(Status.VERIFIED, work=work(doi=doi), source="crossref") if matched else Match(Status.UNCHECKED)
    return CheckedReference(c, m)


def test_same_work_under_two_numbers() -> None:
    refs = [_ref(1, "Doe J. A first paper. 1998.", "10.1038/abc"),
            _ref(2, "Roe P. Another. 2001.", "10.1038/def"),
            _ref(3, "Doe J, Roe P. The same paper cited differently. 1998.", "10.1038/ABC")]
    found = [f for f in check_file_level(refs, _doc(3), Settings()) if f.field == "duplicate"]
    assert [f.code for f in found] == ["RC711"]
    assert "1 and 3" in found[0].message and found[0].span == Span(3, 1)


def test_unmatched_references_compared_by_cited_identifier() -> None:
    refs = [_ref(1, "Doe J. A. 1998.", "10.1038/abc", matched=False),
            _ref(2, "Doe J. B. 1998.", "10.1038/abc", matched=False)]
    assert [f.code for f in check_file_level(refs, _doc(2), Settings()) if f.field == "duplicate"] == ["RC711"]


def test_near_identical_citations() -> None:
    text = "Doe JF, Roe JP, Fukumoto T, et al. Tumour necrosis factor and sepsis. Mod Pathol. 1998;11(8):728-34."
    refs = [_ref(4, "4. " + text, None, matched=False), _ref(9, "9. " + text.replace("728-34", "728-35"), None,
                                                             matched=False)]
    found = [f for f in check_file_level(refs, _doc(9), Settings()) if f.field == "duplicate"]
    assert [f.code for f in found] == ["RC712"] and "4 and 9" in found[0].message


def test_distinct_references_are_not_duplicates() -> None:
    refs = [_ref(1, "Doe J. Tumour necrosis factor. Mod Pathol. 1998;11:728-34.", "10.1038/abc"),
            _ref(2, "Doe J. Tumour necrosis factor II. Mod Pathol. 1999;12:1-9.", "10.1038/abd", year=1999)]
    assert [f for f in check_file_level(refs, _doc(2), Settings()) if f.field == "duplicate"] == []


def test_per_file_ignores_filter_reference_findings() -> None:
    ref = _ref(1, "x", "10.1038/abc")
    ref.findings = [Finding("RC401", "year", "mismatch", Severity.ERROR, "m")]
    check_file_level([ref], _doc(1, "drafts/a.md"), Settings(per_file_ignores={"drafts/*": ["RC4"]}))
    assert ref.findings == []
