"""RC4xx: year, volume, issue, supplement, pages."""

from __future__ import annotations

import pytest

from refcheck.checks.numbers import page_equal, split_issue
from refcheck.model import Severity
from tests.checks.helpers import check, cite, codes, only, serious, work


def test_year_mismatch_is_an_error_with_the_registered_year() -> None:
    f = only(check(cite(year=1999)), "RC401")
    assert f.severity is Severity.ERROR and f.suggestion == "1998"


def test_online_first_year_is_info_only() -> None:
    w = work(year=2019, year_online=2019, year_print=2020)
    found = check(cite(year=2020), w)
    assert codes(found) == ["RC402"] and serious(found) == []
    assert check(cite(year=2019), w) == []


def test_year_from_the_other_registry_is_registries_disagree() -> None:
    pubmed = work(source="pubmed", year=1999)
    found = check(cite(year=1999), work(), other={"pubmed": pubmed})
    assert codes(found) == ["RC001"] and found[0].field == "year"


def test_volume_mismatch() -> None:
    f = only(check(cite(volume="12")), "RC403")
    assert f.severity is Severity.ERROR and f.suggestion == "11"


@pytest.mark.parametrize("volume", ["Vol. 11", "011", "11 ", "n° 11", "Nº 11"])
def test_volume_labels_and_padding_are_ignored(volume: str) -> None:
    assert check(cite(volume=volume)) == []


def test_issue_mismatch_and_missing_issue() -> None:
    assert only(check(cite(issue="9")), "RC404").severity is Severity.ERROR
    f = only(check(cite(issue=None)), "RC405")
    assert f.severity is Severity.INFO and f.suggestion == "8"


def test_part_of_a_combined_issue_is_a_warning() -> None:
    assert only(check(cite(issue="1"), work(issue="1-2")), "RC404").severity is Severity.WARNING


@pytest.mark.parametrize(
    ("cited_volume", "cited_issue", "supplement", "reg_volume", "reg_issue"),
    [
        ("42", None, "Suppl 2", "42", "Suppl 2"),
        ("23", "1 Suppl 2", None, "23", "1 Suppl 2"),
        ("102", "Suppl 1", None, "102", "Supplement_1"),
        ("25", "2 Suppl", None, "25", "2"),  # supplement named on one side only
        ("42 Suppl 2", None, None, "42", "S2"),
    ],
)
def test_supplements_compared_sensibly(cited_volume: str, cited_issue: str | None, supplement: str | None,
                                       reg_volume: str, reg_issue: str) -> None:
    c = cite(volume=cited_volume, issue=cited_issue, supplement=supplement)
    assert serious(check(c, work(volume=reg_volume, issue=reg_issue))) == []


def test_different_supplement_is_reported() -> None:
    found = check(cite(volume="42", issue=None, supplement="Suppl 2"), work(volume="42", issue="Suppl 1"))
    assert only(found, "RC409").severity is Severity.WARNING


def test_split_issue() -> None:
    assert split_issue("1 Suppl 2") == ("1", "2", None)
    assert split_issue("S2") == (None, "2", None)
    assert split_issue("986 Pt 1") == ("986", None, "1")
    assert split_issue("No. 08") == ("8", None, None)


@pytest.mark.parametrize(
    ("cited", "registered"),
    [("728-34", "728-734"), ("1199-205", "1199-1205"), ("728-734", "728-34"), ("S93-9", "S93-S99")],
)
def test_elided_page_ranges_are_equal(cited: str, registered: str) -> None:
    assert check(cite(pages=cited, first_page=None, last_page=None),
                 work(pages=registered, first_page=None, last_page=None)) == []


def test_wrong_first_page_is_an_error() -> None:
    f = only(check(cite(pages="782-90", first_page=None, last_page=None)), "RC406")
    assert f.severity is Severity.ERROR and f.suggestion == "728-734"


def test_wrong_last_page_is_a_warning() -> None:
    f = only(check(cite(pages="728-36", first_page=None, last_page=None)), "RC407")
    assert f.severity is Severity.WARNING


@pytest.mark.parametrize(
    ("cited", "registered_pages", "article_number"),
    [("e297", None, "e297"), ("e0297", "e297", None), ("297", None, "e297"), ("ECR32", "ECR32", None),
     ("e1002297", "e1002297", "e1002297")],
)
def test_article_numbers_with_padding_and_prefix(cited: str, registered_pages: str | None,
                                                 article_number: str | None) -> None:
    w = work(pages=registered_pages, first_page=None, last_page=None, article_number=article_number)
    assert serious(check(cite(pages=cited, first_page=None, last_page=None), w)) == []


def test_wrong_article_number() -> None:
    w = work(pages=None, first_page=None, last_page=None, article_number="e297")
    assert "RC406" in codes(check(cite(pages="e279", first_page=None, last_page=None), w))


def test_missing_pages_is_info_with_the_registered_pages() -> None:
    f = only(check(cite(pages=None, first_page=None, last_page=None)), "RC408")
    assert f.severity is Severity.INFO and f.suggestion == "728-734"


def test_page_equal() -> None:
    assert page_equal("e0123", "123") and page_equal("E123", "e123") and not page_equal("123", "124")


@pytest.mark.parametrize(("cited", "first", "last"), [("1-4, 12", "1", "4"), ("1-4, 12", None, None),
                                                      ("1–3, 8-11", None, None)])
def test_non_contiguous_pages_compare_the_first_range(cited: str, first: str | None, last: str | None) -> None:
    w = work(pages=cited.replace("–", "-"), first_page=None, last_page=None)
    assert check(cite(pages=cited, first_page=first, last_page=last), w) == []
    assert "RC406" in codes(check(cite(pages="2-4, 12", first_page=None, last_page=None), w))


def test_numero_label_does_not_hide_a_wrong_volume() -> None:
    assert "RC403" in codes(check(cite(volume="n° 12")))
