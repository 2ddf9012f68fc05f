"""RC8xx matching outcomes, RC9xx parse-level, RC001 registries disagree."""

from __future__ import annotations

from refcheck.config import Settings
from refcheck.model import LOOKUPS_DISABLED, Citation, Reason, ReasonCode, Severity, Status
from tests.checks.helpers import authors, check, cite, codes, only, serious, work


def test_not_found_is_an_error_saying_possibly_fabricated() -> None:
    f = only(check(cite(), None, status=Status.NOT_FOUND, work=None, reasons=(Reason(ReasonCode.NO_CANDIDATE, "nothing"),)), "RC801")
    assert f.severity is Severity.ERROR and "possibly fabricated" in f.message


def test_not_found_book_is_info() -> None:
    found = check(cite(kind="book", container=None), None, status=Status.NOT_FOUND, work=None)
    assert only(found, "RC801").severity is Severity.INFO


def test_ambiguous_lists_both_candidates() -> None:
    a, b = work(doi="10.1/a"), work(doi="10.1/b")
    f = only(check(cite(), None, status=Status.AMBIGUOUS, work=None, candidates=[a, b]), "RC802")
    assert "10.1/a" in f.message and "10.1/b" in f.message and f.severity is Severity.WARNING


def test_unchecked_is_info_never_error() -> None:
    found = check(cite(), None, status=Status.UNCHECKED, work=None, reasons=(Reason(ReasonCode.UNAVAILABLE, "crossref: HTTP 503"),))
    f = only(found, "RC803")
    assert f.severity is Severity.INFO and "HTTP 503" in f.message


def test_no_lookup_reports_parse_level_only() -> None:
    c = Citation(text="3. Doe J. Mod Pathol. 11(8):728-34.", number=3, authors=authors("Doe J"),
                 container="Mod Pathol", volume="11")
    found = check(c, None, status=Status.UNCHECKED, work=None, reasons=(LOOKUPS_DISABLED,))
    assert sorted(codes(found)) == ["RC901", "RC902"]


def test_unparseable_entry() -> None:
    found = check(Citation(text="see supplementary material", number=4), None, status=Status.UNCHECKED,
                  work=None, reasons=(LOOKUPS_DISABLED,))
    assert codes(found) == ["RC905"]


def test_missing_year_suggests_the_registered_year() -> None:
    # (a year printed in the text is read from it against the record: tests/checks/test_align.py)
    no_year = "1. Doe JF, Roe JP, Fukumoto T, et al. Tumour necrosis factor-alpha ... Mod Pathol. 11(8):728-34."
    assert only(check(cite(year=None, text=no_year)), "RC902").suggestion == "1998"


def test_registries_disagree_on_authors_is_info() -> None:
    crossref = work(authors=authors("Roe JP", "Fukumoto T"))  # Crossref byline missing its first author
    pubmed = work(source="pubmed", authors=authors("Doe JF", "Roe JP", "Fukumoto T"))
    found = check(cite(authors=authors("Doe JF", "Roe JP", "Fukumoto T"), et_al=False), crossref,
                  other={"pubmed": pubmed})
    assert codes(found) == ["RC001"] and serious(found) == [] and found[0].field == "authors"


def test_severity_override_and_ignore_apply_to_every_rule() -> None:
    s = Settings(severity={"RC401": "warning"}, ignore=["RC4"])
    assert check(cite(year=1999), settings=s) == []
    s = Settings(severity={"year-mismatch": "warning"})
    assert only(check(cite(year=1999), settings=s), "RC401").severity is Severity.WARNING


def test_identifier_only_entry_gets_the_missing_fields_suggested() -> None:
    c = Citation(text="7. doi:10.1038/modpathol.3880200", number=7, doi="10.1038/modpathol.3880200")
    found = check(c)
    assert "RC905" not in codes(found)
    assert only(found, "RC901").suggestion == work().title
    assert only(found, "RC903").suggestion == "Mod Pathol"
