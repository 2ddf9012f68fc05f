"""Numbering rules RC701-RC706 on hand-built documents and on edited copies of the seed."""

from __future__ import annotations

from pathlib import Path

from refcheck.checks.numbering import numbering_findings
from refcheck.checks.registry import RULES
from refcheck.extract import extract_file
from refcheck.model import Document, InTextCitation, RawEntry, Span
from tests.shared import SEED_000


def _doc(numbers: list[int | None], cited: list[list[int]], fmt: str = "text",
         keys: list[str | None] | None = None, cited_keys: list[list[str]] | None = None) -> Document:
    entries = [RawEntry(number=n, text=f"Ref {n}", span=Span(100 + i, 1, 1000 + 10 * i, 1009 + 10 * i),
                        key=(keys[i] if keys else None)) for i, n in enumerate(numbers)]
    groups = cited_keys or [[] for _ in cited]
    in_text = [InTextCitation(numbers=nums, span=Span(1 + i, 1, 10 * i, 10 * i + 3), text=str(nums), keys=ks)
               for i, (nums, ks) in enumerate(zip(cited or [[] for _ in groups], groups, strict=True))]
    return Document(path="x.md", text="", format=fmt, entries=entries, in_text=in_text)


def _codes(doc: Document) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.cited) for f in numbering_findings(doc))


def test_consistent_document_has_no_findings() -> None:
    assert _codes(_doc([1, 2, 3], [[1], [2, 3], [3]])) == []


def test_gap_is_reported_once_per_run() -> None:
    assert _codes(_doc([1, 2, 5, 6, 8], [])) == [("RC701", "3-4"), ("RC701", "7")]


def test_duplicate_number_and_key() -> None:
    doc = _doc([1, 2, 2], [], keys=["a", "b", "a"])
    assert _codes(doc) == [("RC702", "2"), ("RC706", "a")]


def test_cited_missing_and_listed_uncited() -> None:
    assert _codes(_doc([1, 2, 3], [[1], [2, 7]])) == [("RC703", "7"), ("RC704", "3")]


def test_citation_order_reports_the_minimal_misplaced_set() -> None:
    # 1, 5, 2, 3, 4: only 5 is out of place (not 2, 3 and 4 as well)
    findings = numbering_findings(_doc([1, 2, 3, 4, 5], [[1], [5], [2], [3], [4]]))
    assert [(f.code, f.cited) for f in findings] == [("RC705", "5")]
    assert findings[0].span is not None and findings[0].span.line == 2  # at the first citation of 5


def test_without_in_text_citations_only_list_rules_run() -> None:
    assert _codes(_doc([1, 2, 4], [])) == [("RC701", "3")]


def test_structured_formats_have_no_gap_or_order_rules() -> None:
    doc = _doc([1, 3], [[3], [1]], fmt="bibtex")
    assert _codes(doc) == []


def test_keys_are_matched_by_name() -> None:
    doc = _doc([1, 2], [[1], []], keys=["smith", "jones"], cited_keys=[["smith"], ["nobody"]])
    assert _codes(doc) == [("RC703", "nobody"), ("RC704", "2")]


def test_author_year_list_is_not_checked_against_numbers() -> None:
    assert _codes(_doc([None, None], [[1], [2]])) == []


def test_every_numbering_rule_is_registered() -> None:
    for code in ("RC701", "RC702", "RC703", "RC704", "RC705", "RC706"):
        assert RULES[code].field == "numbering" and RULES[code].doc


def _edited_seed(tmp_path: Path, edit) -> Document:  # type: ignore[no-untyped-def]
    text = SEED_000.read_text(encoding="utf-8")
    path = tmp_path / "paper.md"
    path.write_text(edit(text), encoding="utf-8")
    return extract_file(str(path))


def test_seed_is_consistent(tmp_path: Path) -> None:
    assert numbering_findings(_edited_seed(tmp_path, lambda t: t)) == []


def test_seed_with_a_reference_cited_too_early(tmp_path: Path) -> None:
    # The very first citation [1] becomes [1, 8]: reference 8 is now first cited second.
    doc = _edited_seed(tmp_path, lambda t: t.replace("[1]", "[1, 8]", 1))
    assert _codes(doc) == [("RC705", "8")]
