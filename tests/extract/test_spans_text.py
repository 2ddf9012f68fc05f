"""Spans and source_text refer to the original file, whatever its line endings."""

from __future__ import annotations

from refcheck.extract.spans import LineIndex, working_copy
from refcheck.extract.text import extract_text


def test_working_copy_keeps_length():
    text = "a\r\nb\rc\fd\ve"
    copy = working_copy(text)
    assert len(copy) == len(text)
    assert copy.split("\n") == ["a ", "b", "c d e"]


def test_line_index_in_and_out_of_order():
    text = "ab\ncd\nef"
    index = LineIndex(text)
    assert index.span(4) == index.span(4)
    assert (index.span(7).line, index.span(7).column) == (3, 2)
    assert (index.span(0).line, index.span(0).column) == (1, 1)


def test_crlf_file_spans_and_exact_source_text():
    text = "Intro [1].\r\n\r\nReferences\r\n\r\n1. Smith J. A\r\n   title. J 2001;1:2.\r\n2. Doe A. B title. J 2002;3:4.\r\n"
    doc = extract_text(text)
    first, second = doc.entries
    assert (first.span.line, first.span.column) == (5, 1)
    assert (second.span.line, second.span.column) == (7, 1)
    assert first.source_text == "1. Smith J. A\r\n   title. J 2001;1:2."
    assert first.text == "Smith J. A title. J 2001;1:2."
    assert doc.section.line == 3
    assert doc.in_text[0].span.line == 1


def test_span_offsets_slice_the_original():
    text = "Body.\n\n## References\n\n  1. Smith J. A title. J 2001;1:2.\n  2. Doe A. B title. J 2002;3:4.\n"
    doc = extract_text(text)
    for entry in doc.entries:
        assert text[entry.span.start : entry.span.end] == entry.source_text
        assert entry.span.column == 3
        assert entry.source_text.startswith(f"{entry.number}. ")
