"""RC3xx: journal rules and the bounded abbreviation matcher."""

from __future__ import annotations

import pytest

from refcheck.checks.journal import is_abbreviation, journal_forms
from refcheck.config import Settings
from refcheck.model import Severity
from tests.checks.helpers import check, cite, codes, only, work


def _abbr(a: str, f: str) -> bool:
    return is_abbreviation(journal_forms(a)[0], journal_forms(f)[0])


@pytest.mark.parametrize(
    ("abbr", "full"),
    [
        ("Mod Pathol", "Modern Pathology"),
        ("J Vasc Interv Radiol", "Journal of Vascular and Interventional Radiology"),
        ("N Engl J Med", "The New England Journal of Medicine"),
        ("J. Am. Coll. Cardiol.", "Journal of the American College of Cardiology"),
        ("Proc Natl Acad Sci", "Proceedings of the National Academy of Sciences"),
        ("Nat Genet", "Nature Genetics"),
        ("Radiology", "Radiology"),
        ("JAMA", "Journal of the American Medical Association"),
        ("AMA Arch Surg", "A.M.A. Archives of Surgery"),
        ("Graefes Arch Clin Exp Ophthalmol", "Graefe's Archive for Clinical and Experimental Ophthalmology"),
        ("Ann NY Acad Sci", "Annals of the New York Academy of Sciences"),
        ("Acta Crystallogr D Struct Biol", "Acta Crystallographica Section D Structural Biology"),
        ("Boll Unione Mat Ital", "Bollettino dell'Unione Matematica Italiana"),
        ("Am J Med Genet Pt B", "American Journal of Medical Genetics Part B"),
        ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences of the United States of America"),
        ("Phys Rev A", "Physical Review A"),
    ],
)
def test_valid_abbreviations(abbr: str, full: str) -> None:
    assert _abbr(abbr, full)


@pytest.mark.parametrize(
    ("abbr", "full"),
    [
        ("Nature", "Nature Genetics"),
        ("Ann Oncol", "Annals of Surgical Oncology"),
        ("Cancer", "Cancer Research"),
        ("Eur J Radiol", "European Radiology"),
        ("J Clin Oncol", "Journal of Clinical Oncology Research"),
        ("Phys Rev A", "Physical Review D"),
        ("Phys Rev A", "Physical Review Applied"),
        ("A&A", "Advances in Agriculture and Animal Health"),
        ("AJ", "Astrophysical Journal"),
        ("E-Journal of Chemistry", "Journal of Chemistry"),
    ],
)
def test_bounded_rule_rejects_sibling_serials(abbr: str, full: str) -> None:
    assert not _abbr(abbr, full)


@pytest.mark.parametrize(
    ("cited", "full", "abbrevs"),
    [
        ("Mod Pathol", "Modern Pathology", ["Mod Pathol"]),
        ("Modern Pathology", "Modern Pathology", ["Mod Pathol"]),
        ("Mod. Pathol.", "Modern Pathology", ["Mod Pathol"]),
        ("Modern pathology : an official journal", "Modern pathology : an official journal", ["Mod Pathol"]),
        ("Lancet", "Lancet (London, England)", ["Lancet"]),
        ("The Lancet", "Lancet", []),
        ("BMJ", "BMJ (Clinical research ed.)", ["BMJ"]),
        ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences", ["Proc. Natl. Acad. Sci."]),
        ("Modern Pathology", None, ["Mod Pathol"]),  # only an abbreviation registered
        ("J Vasc Interv Radiol", "Journal of Vascular and Interventional Radiology", []),
    ],
)
def test_abbreviation_vs_full_title_is_never_reported(cited: str, full: str | None, abbrevs: list[str]) -> None:
    assert check(cite(container=cited), work(container=full, container_abbrevs=abbrevs)) == []


@pytest.mark.parametrize(
    ("cited", "full", "abbrevs"),
    [
        ("Nature", "Nature Genetics", ["Nat Genet"]),
        ("Ann Oncol", "Annals of Surgical Oncology", ["Ann Surg Oncol"]),
        ("Annals of Oncology", "Annals of Surgical Oncology", ["Ann Surg Oncol"]),
        ("Nat Genet", "Nature", ["Nature"]),
    ],
)
def test_different_journal_is_an_error(cited: str, full: str, abbrevs: list[str]) -> None:
    f = only(check(cite(container=cited), work(container=full, container_abbrevs=abbrevs)), "RC301")
    assert f.severity is Severity.ERROR and f.suggestion == abbrevs[0]


def test_nonstandard_abbreviation_follows_policy() -> None:
    c, w = cite(container="J Clin Oncology"), work(container="Journal of Clinical Oncology",
                                                   container_abbrevs=["J Clin Oncol"])
    f = only(check(c, w), "RC302")
    assert f.severity is Severity.INFO and f.suggestion == "J Clin Oncol"
    assert only(check(c, w, Settings(journal_abbrev_policy="warning")), "RC302").severity is Severity.WARNING
    assert codes(check(c, w, Settings(journal_abbrev_policy="off"))) == []


def test_abbreviation_from_the_other_registry_is_accepted() -> None:
    pubmed = work(source="pubmed", container="Modern pathology", container_abbrevs=["Mod Pathol"])
    crossref = work(container="Modern Pathology", container_abbrevs=[])
    found = check(cite(container="Mod Pathol"), crossref, other={"pubmed": pubmed})
    assert found == []


def test_book_chapter_container_is_not_checked_as_a_journal() -> None:
    assert check(cite(container="Methods in Enzymology"), work(type="book-chapter")) == []


def test_subtitles_are_cut_on_one_side_only() -> None:
    w = work(container="Journal of Physics A: Mathematical and Theoretical", container_abbrevs=["J Phys A Math Theor"])
    assert "RC301" in codes(check(cite(container="J Phys: Condens Matter"), w))
    assert "RC301" in codes(check(cite(container="Journal of Physics: Condensed Matter"), w))
    assert check(cite(container="Journal of Physics A"), w) == []


def test_former_full_title_of_an_acronym_journal_is_accepted() -> None:
    w = work(container="JAMA", container_abbrevs=["JAMA"])
    assert check(cite(container="Journal of the American Medical Association"), w) == []
