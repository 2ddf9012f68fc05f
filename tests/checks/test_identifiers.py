"""RC5xx: DOI and PMID rules, reading the matcher's reason codes (match contract)."""

from __future__ import annotations

import pytest

from refcheck.model import Reason, ReasonCode, Severity, Status
from tests.checks.helpers import check, cite, codes, only, work


@pytest.mark.parametrize("doi", ["10.1038modpathol.3880200", "10.10/abc", "doi: 10.1038/mod pathol"])
def test_malformed_doi_suggests_the_registered_doi(doi: str) -> None:
    assert only(check(cite(doi=doi)), "RC501").suggestion == "10.1038/modpathol.3880200"


@pytest.mark.parametrize("doi", ["https://doi.org/10.1038/MODPATHOL.3880200", "doi:10.1038/modpathol.3880200"])
def test_doi_forms_and_case_are_equal(doi: str) -> None:
    assert check(cite(doi=doi)) == []


@pytest.mark.parametrize("pmid", ["95-00320", "PMC123456", "0123"])
def test_malformed_pmid(pmid: str) -> None:
    assert "RC511" in codes(check(cite(pmid=pmid)))


def test_doi_pointing_to_another_work_proposes_the_right_doi() -> None:
    pointed = work(doi="10.1016/s0140-6736(17)30001-1", title="Another paper", year=2017)
    found = check(cite(doi="10.1016/S0140-6736(17)30001-1"), work(), status=Status.MISMATCH, method="search",
                  candidates=[pointed], reasons=(Reason(ReasonCode.DOI_OTHER_WORK, "doi 10.1016/s0140-6736(17)30001-1 points to another work"),))
    f = only(found, "RC503")
    assert (f.kind, f.severity, f.suggestion) == ("wrong_work", Severity.ERROR, "10.1038/modpathol.3880200")
    assert "Another paper" in f.message


def test_wrong_doi_without_the_right_work_still_reported() -> None:
    pointed = work(doi="10.1234/x", title="Another paper")
    found = check(cite(doi="10.1234/x"), None, status=Status.NOT_FOUND, work=None, candidates=[pointed],
                  reasons=(Reason(ReasonCode.DOI_OTHER_WORK, "doi 10.1234/x points to another work"),))
    assert {"RC503", "RC801"} <= set(codes(found))
    assert only(found, "RC503").suggestion is None


def test_unregistered_doi() -> None:
    found = check(cite(doi="10.1038/modpathol.9999999"), status=Status.MISMATCH, method="search",
                  reasons=(Reason(ReasonCode.DOI_NOT_REGISTERED, "crossref has no record for doi 10.1038/modpathol.9999999"),))
    assert only(found, "RC502").suggestion == "10.1038/modpathol.3880200"


def test_missing_doi_is_info_with_the_identifier() -> None:
    f = only(check(cite(doi=None)), "RC504")
    assert f.severity is Severity.INFO and f.suggestion == "doi:10.1038/modpathol.3880200"


def test_pmid_pointing_to_another_work() -> None:
    pubmed = work(source="pubmed", pmid="9500320")
    pointed = work(source="pubmed", pmid="9500321", title="Neighbour")
    found = check(cite(pmid="9500321"), other={"pubmed": pubmed}, candidates=[pointed], status=Status.MISMATCH,
                  reasons=(Reason(ReasonCode.PMID_OTHER_WORK, "PMID 9500321 points to another work: Neighbour"),))
    f = only(found, "RC513")
    assert f.kind == "wrong_work" and f.suggestion == "9500320"


def test_doi_and_pmid_disagree() -> None:
    pubmed = work(source="pubmed", pmid="9500320")
    f = only(check(cite(pmid="12345678"), other={"pubmed": pubmed}), "RC515")
    assert f.suggestion == "9500320"


def test_pmid_missing_is_off_by_default_and_can_be_enabled() -> None:
    from refcheck.config import Settings

    pubmed = work(source="pubmed", pmid="9500320")
    assert "RC514" not in codes(check(cite(), other={"pubmed": pubmed}))
    enabled = check(cite(), other={"pubmed": pubmed}, settings=Settings(severity={"RC514": "info"}))
    assert only(enabled, "RC514").suggestion == "PMID: 9500320"


def test_registries_filing_different_dois_is_info() -> None:
    pubmed = work(source="pubmed", doi="10.1038/modpathol.3880999", pmid="9500320")
    follows_crossref = check(cite(), other={"pubmed": pubmed})
    assert codes(follows_crossref) == ["RC001"] and follows_crossref[0].field == "doi"
    follows_pubmed = check(cite(doi="10.1038/modpathol.3880999"), other={"pubmed": pubmed})
    assert codes(follows_pubmed) == ["RC001"] and follows_pubmed[0].severity is Severity.INFO
