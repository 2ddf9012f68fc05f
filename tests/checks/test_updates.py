"""RC6xx: retraction, partial retraction, expression of concern, correction are distinct."""

from __future__ import annotations

from refcheck.model import Severity, UpdateNotice
from tests.checks.helpers import check, cite, codes, only, work


def _notice(kind: str, doi: str = "10.1016/s0140-6736(10)60175-4", source: str = "retraction-watch") -> UpdateNotice:
    return UpdateNotice(kind=kind, doi=doi, source=source)


def test_retraction_is_an_error() -> None:
    f = only(check(cite(), work(updates=[_notice("retraction")])), "RC601")
    assert (f.severity, f.kind, f.field) == (Severity.ERROR, "retracted", "retraction")
    assert "retraction-watch" in f.message


def test_correction_is_never_labelled_a_retraction() -> None:
    found = check(cite(), work(updates=[_notice("correction", doi="10.1016/s0140-6736(04)15715-2")]))
    assert codes(found) == ["RC604"] and found[0].severity is Severity.INFO
    assert found[0].kind == "correction" and found[0].message.startswith("the work has been corrected")


def test_expression_of_concern_is_a_warning() -> None:
    assert only(check(cite(), work(updates=[_notice("expression_of_concern")])), "RC603").severity is Severity.WARNING


def test_partial_retraction() -> None:
    assert only(check(cite(), work(updates=[_notice("partial_retraction")])), "RC602").severity is Severity.ERROR


def test_retraction_and_correction_both_reported_and_deduplicated_across_registries() -> None:
    crossref = work(updates=[_notice("retraction"), _notice("correction", doi="10.1/c")])
    pubmed = work(source="pubmed", updates=[_notice("Retraction", source="pubmed")])
    found = check(cite(), crossref, other={"pubmed": pubmed})
    assert sorted(codes(found)) == ["RC601", "RC604"]


def test_citing_a_notice_itself_is_info() -> None:
    w = work(update_to=[UpdateNotice(kind="retraction", doi="10.1016/s0140-6736(97)11096-0")])
    f = only(check(cite(), w), "RC605")
    assert f.severity is Severity.INFO and "10.1016/s0140-6736(97)11096-0" in f.message


def test_preprint_with_published_version() -> None:
    w = work(type="posted-content", relations={"is-preprint-of": ["10.1038/s41586-020-2012-7"]})
    assert only(check(cite(), w), "RC606").suggestion == "doi:10.1038/s41586-020-2012-7"
