"""JATS, RIS and CSL-JSON input: the same references as the text version, plus format details."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refcheck.errors import InputError
from refcheck.extract import extract_file
from refcheck.extract.ris import parse_records
from refcheck.parse import parse_entry
from tests.extract.formats_seed import (
    first_citation_order,
    key_fields,
    seed,
    write_csl,
    write_jats,
    write_ris,
)


@pytest.mark.parametrize("mixed", [False, True], ids=["element-citation", "mixed-citation"])
def test_jats_gives_the_same_references_as_text(tmp_path: Path, mixed: bool) -> None:
    doc = extract_file(str(write_jats(tmp_path / "seed.xml", mixed=mixed)))
    assert doc.format == "jats" and doc.heading == seed().heading
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    assert first_citation_order(doc) == first_citation_order(seed().doc)


@pytest.mark.parametrize("writer", [write_ris, write_csl], ids=["ris", "csl-json"])
def test_tagged_exports_give_the_same_references_as_text(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    doc = extract_file(str(writer(tmp_path / ("seed.ris" if writer is write_ris else "seed.json"))))
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    assert [e.key for e in doc.entries] == [f"ref{c.number}" for c in seed().citations]
    lines = Path(doc.path).read_text().splitlines()
    first_lines = [lines[e.span.line - 1] for e in doc.entries]
    assert all(("TY  -" in ln) or ("{" in ln) for ln in first_lines)


def test_jats_pub_ids_collab_and_etal(tmp_path: Path) -> None:
    xml = tmp_path / "a.xml"
    xml.write_text(
        '<article><back><ref-list><ref id="r1"><label>1.</label><element-citation publication-type="journal">'
        "<person-group><collab>GIST Study Group</collab><name><surname>Blay</surname><given-names>Jean-Yves"
        "</given-names></name><etal/></person-group><article-title>T</article-title><source>Bull Cancer</source>"
        '<year>2001</year><volume>88</volume><elocation-id>e12</elocation-id>'
        '<pub-id pub-id-type="doi">10.1000/ABC</pub-id><pub-id pub-id-type="pmid">123456</pub-id>'
        "</element-citation></ref></ref-list></back></article>", encoding="utf-8")
    entry = extract_file(str(xml)).entries[0]
    f = entry.fields
    assert [(a.group, a.family, a.initials) for a in f["authors"]] == [("GIST Study Group", None, None),
                                                                       (None, "Blay", "JY")]
    assert f["et_al"] and f["doi"] == "10.1000/abc" and f["pmid"] == "123456" and f["first_page"] == "e12"
    assert entry.identifiers == {"doi": "10.1000/abc", "pmid": "123456"}


def test_jats_rejects_entity_expansion(tmp_path: Path) -> None:
    xml = tmp_path / "bomb.xml"
    xml.write_text('<?xml version="1.0"?><!DOCTYPE article [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
                   "<article>&b;</article>", encoding="utf-8")
    with pytest.raises(InputError, match=r"bomb\.xml"):
        extract_file(str(xml))


def test_jats_with_an_unknown_declared_encoding_is_a_clear_input_error(tmp_path: Path) -> None:
    """Found by `bench/fuzz_bench.py --seed 20261207`: expat raised LookupError (exit 70)."""
    xml = tmp_path / "paper.xml"
    xml.write_text('<?xml version="1.0" encoding="UT-8"?><article><back><ref-list><ref><mixed-citation>'
                   "Doe J. A title. J Foo. 2001;1:1-2.</mixed-citation></ref></ref-list></back></article>",
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"paper\.xml: the XML declaration names an unknown encoding: UT-8"):
        extract_file(str(xml))


def test_ris_continuation_lines_and_missing_er() -> None:
    records = parse_records("TY  - JOUR\nTI  - A long title\n  that wraps\nAU  - Smith, J\nER  - \n"
                            "TY  - BOOK\nTI  - Unterminated\n")
    assert [r[3]["TI"] for r in records] == [["A long title that wraps"], ["Unterminated"]]
    assert [r[0] for r in records] == [1, 6]


def test_csl_single_object_and_non_csl_json(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "x", "type": "article-journal", "title": "T", "PMID": "42",
                               "author": [{"family": "Smith", "given": "John A"}, {"literal": "WHO"}],
                               "issued": {"date-parts": [[2020, 5]]}}), encoding="utf-8")
    entry = extract_file(str(one)).entries[0]
    assert entry.fields["year"] == 2020 and entry.fields["pmid"] == "42"
    assert [(a.family, a.initials, a.group) for a in entry.fields["authors"]] == [("Smith", "JA", None),
                                                                                  (None, None, "WHO")]
    bad = tmp_path / "bad.json"
    bad.write_text('"just a string"', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json"):
        extract_file(str(bad))
