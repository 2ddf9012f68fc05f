"""PDF input (best effort): a hand-built multi-page PDF of the seed gives the same references."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.errors import InputError
from refcheck.extract import extract_file
from refcheck.extract.pdf import pages_to_text, split_columns
from refcheck.parse import parse_entry
from tests.extract.formats_seed import first_citation_order, key_fields, seed, write_pdf


def test_pdf_gives_the_same_references_as_text(tmp_path: Path) -> None:
    doc = extract_file(str(write_pdf(tmp_path / "seed.pdf")))
    assert doc.format == "pdf"
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    assert first_citation_order(doc) == first_citation_order(seed().doc)


def test_reference_list_split_across_pages_stays_whole(tmp_path: Path) -> None:
    # Short pages force page breaks inside the reference list (and inside single references).
    doc = extract_file(str(write_pdf(tmp_path / "short.pdf", lines_per_page=7)))
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]


def test_page_number_lines_are_dropped() -> None:
    text = pages_to_text(["Body text\n12", "References\n1. Smith J. Title. J 2001;1:1-2.\n 13 "])
    assert "12" not in text.split() and "13" not in text.split()
    assert "1. Smith J." in text


def test_damaged_pdf_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf body\n")
    with pytest.raises(InputError, match=r"bad\.pdf"):
        extract_file(str(bad))


@pytest.mark.parametrize("interleave", [False, True], ids=["column-by-column", "row-by-row"])
def test_two_column_pdf_gives_the_same_references(tmp_path: Path, interleave: bool) -> None:
    path = write_pdf(tmp_path / "two.pdf", columns=2, lines_per_page=45, interleave=interleave)
    doc = extract_file(str(path))
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    assert first_citation_order(doc) == first_citation_order(seed().doc)


def test_split_columns_reads_left_then_right_and_leaves_one_column_alone() -> None:
    rows = [(f"left line {i:02d} words", f"right line {i:02d} words") for i in range(10)]
    layout = "\n".join(f"{a:<40}{b}" for a, b in rows)
    text = split_columns(layout)
    assert text is not None
    lines = [ln for ln in text.splitlines() if ln]
    assert lines == [a for a, _ in rows] + [b for _, b in rows]
    one_column = "\n".join(f"a full-width line of justified body text number {i:02d} here" for i in range(10))
    assert split_columns(one_column) is None
