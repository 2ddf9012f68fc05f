"""Numbered in-text citations, and the look-alikes that are not citations."""

from __future__ import annotations

import pytest

from refcheck.extract.intext import expand, find_in_text_citations


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("as shown [1].", [[1]]),
        ("as shown [2-4].", [[2, 3, 4]]),
        ("as shown [5,7].", [[5, 7]]),
        ("as shown [4–6].", [[4, 5, 6]]),
        ("as shown (1).", [[1]]),
        ("as shown (1–11).", [list(range(1, 12))]),
        ("as shown (1, 17).", [[1, 17]]),
        ("as shown [1, 3-5; 8].", [[1, 3, 4, 5, 8]]),
        ("as shown<sup>2,3</sup>.", [[2, 3]]),
        ("as shown^4^.", [[4]]),
        ("see [3](#ref-3).", [[3]]),
        ("IEEE style [1]–[3] and [5], [7].", [[1, 2, 3], [5], [7]]),
    ],
)
def test_citation_forms(text, numbers):
    assert [c.numbers for c in find_in_text_citations(text, 20)] == numbers


@pytest.mark.parametrize(
    "text",
    [
        "published (2004) in",
        "see (Fig 1) and (Fig. 2)",
        "a dose of (800 mg) daily",
        "in 36 of 37 patients (97.3%)",
        "Figure (1) shows",
        "Table [2] lists",
        "cited [21] beyond the list",
        "[0] is not a reference",
        "a reversed range (9-3)",
        "an absurd range [1-900]",
        "a link [Fig 1.](http://x/F1)",
        "items: (1) first, (2) second",
    ],
)
def test_false_positives(text):
    assert find_in_text_citations(text, 20) == []


def test_without_max_number_years_are_still_excluded():
    assert find_in_text_citations("in (2004) and [3]") and [c.numbers for c in find_in_text_citations("in (2004) and [3]")] == [[3]]


def test_spans_and_end_bound():
    text = "Line one [1].\nLine two (2, 3).\nReferences\n1. X"
    found = find_in_text_citations(text, 3, end=text.index("References"))
    assert [(c.span.line, c.span.column, c.text) for c in found] == [(1, 10, "[1]"), (2, 10, "(2, 3)")]
    assert text[found[1].span.start : found[1].span.end] == "(2, 3)"


def test_limit_bounds_memory():
    assert len(find_in_text_citations("[1] " * 50, 5, limit=10)) == 10


def test_expand():
    assert expand("1, 3-5") == [1, 3, 4, 5]
    assert expand("5-3") is None


def test_bracketed_group_past_the_list_is_kept_for_cited_not_listed() -> None:
    """``[7, 8]`` with 7 entries cites a missing reference 8: keep it so RC703 can report it."""
    found = find_in_text_citations("as shown [7, 8] and in [40] and (8)", max_number=7)
    assert [c.numbers for c in found] == [[7, 8]]
