"""The two real manuscripts in shared/seeds, read at test time (never copied)."""

from __future__ import annotations

import re

import pytest

from refcheck.extract import extract_file
from tests.shared import SEED_000, SEED_004


@pytest.fixture(scope="module")
def seed000():
    if not SEED_000.is_file():
        pytest.skip("shared seeds not available")
    return extract_file(str(SEED_000))


@pytest.fixture(scope="module")
def seed004():
    if not SEED_004.is_file():
        pytest.skip("shared seeds not available")
    return extract_file(str(SEED_004))


def test_seed000_has_eight_numbered_entries(seed000):
    assert [e.number for e in seed000.entries] == list(range(1, 9))
    assert seed000.heading == "References"
    last = seed000.entries[-1]
    assert "Fukumot T" in last.text and "ECR32" in last.text


def test_seed000_markdown_emphasis_removed_and_lines_exact(seed000):
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    for entry in seed000.entries:
        assert "*" not in entry.text
        assert lines[entry.span.line - 1].startswith(f"{entry.number}. ")
        assert entry.span.column == 1
    assert "Mod Pathol 1998;11" in seed000.entries[0].text


def test_seed000_in_text_citations(seed000):
    cited = {n for c in seed000.in_text for n in c.numbers}
    assert cited == set(range(1, 9))
    assert all(c.span.line < seed000.section.line for c in seed000.in_text)


def test_seed004_one_line_list_splits_into_nineteen(seed004):
    assert [e.number for e in seed004.entries] == list(range(1, 20))
    for entry in seed004.entries:
        assert entry.text.split()[0][0].isupper()  # starts with the first author, not a number
    # the traps named in the issue stay inside their entries
    assert "Radiology 1996;199:241–247" in seed004.entries[1].text
    assert seed004.entries[9].text.endswith("2000;8:510")
    assert seed004.entries[18].text.startswith("Pommersheim W")
    # trailing matter after the last entry is not part of it
    assert "Received" not in seed004.entries[18].text
    assert "Copyright" not in seed004.entries[18].text


def test_seed004_identifiers_from_link_debris(seed004):
    with_pmid = {e.number for e in seed004.entries if "pmid" in e.identifiers}
    with_doi = {e.number for e in seed004.entries if "doi" in e.identifiers}
    assert with_pmid == set(range(1, 10)) | set(range(11, 19))
    assert with_doi == {9, 11, 12, 14, 16, 18}
    for entry in seed004.entries:
        if "pmid" in entry.identifiers:  # the value is the one in the entry's own link
            assert f"access_num={entry.identifiers['pmid']}&link_type=MED" in entry.source_text
        if "doi" in entry.identifiers:
            assert f"access_num={entry.identifiers['doi']}&link_type=DOI" in entry.source_text
        assert "](" not in entry.text and "PubMed" not in entry.text and "Web of Science" not in entry.text
    sici = seed004.entries[11].identifiers["doi"]
    assert sici == "10.1002/1097-0142(19891015)64:8<1753::AID-CNCR2820640833>3.0.CO;2-N"


def test_seed004_spans_point_into_the_file(seed004):
    text = SEED_004.read_text(encoding="utf-8")
    for entry in seed004.entries:
        assert entry.span.line == text.count("\n", 0, entry.span.start) + 1
        assert entry.source_text == text[entry.span.start : entry.span.end]
        assert re.match(rf"{entry.number}\. ", entry.source_text)
        line_start = text.rfind("\n", 0, entry.span.start) + 1
        assert entry.span.column == entry.span.start - line_start + 1


def test_seed004_in_text_citations_cover_every_entry(seed004):
    cited = {n for c in seed004.in_text for n in c.numbers}
    assert cited == set(range(1, 20))
    ranges = [c.numbers for c in seed004.in_text if c.text.startswith("(1–11")]
    assert ranges and ranges[0] == list(range(1, 12))
    assert [1, 17] in [c.numbers for c in seed004.in_text]
