"""Word input: typed numbers, automatic numbering (style and numPr), reference-manager fields."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from refcheck.errors import InputError
from refcheck.extract import extract_file
from refcheck.extract.docx import docx_lines
from refcheck.extract.docx_body import Numbering
from refcheck.parse import parse_entry
from tests.extract.formats_seed import (
    add_notes_part,
    first_citation_order,
    key_fields,
    note_mark,
    notes_xml,
    seed,
    write_docx,
    write_docx_notes,
)


@pytest.mark.parametrize("numbering", ["typed", "style", "numpr", "zotero"])
def test_docx_gives_the_same_references_as_text(tmp_path: Path, numbering: str) -> None:
    doc = extract_file(str(write_docx(tmp_path / f"seed-{numbering}.docx", numbering)))
    assert doc.format == "docx"
    got = [key_fields(parse_entry(e)) for e in doc.entries]
    assert got == [key_fields(c) for c in seed().citations]
    assert first_citation_order(doc) == first_citation_order(seed().doc)


def test_automatic_numbers_are_written_into_the_lines(tmp_path: Path) -> None:
    lines = docx_lines(write_docx(tmp_path / "auto.docx", "numpr").read_bytes())
    refs = seed().references
    numbered = [ln for ln in lines if any(ln.endswith(r) for r in refs)]
    assert [ln.split(".", 1)[0] for ln in numbered] == [str(n) for n in range(1, len(refs) + 1)]


def test_zotero_field_instruction_is_not_text(tmp_path: Path) -> None:
    lines = docx_lines(write_docx(tmp_path / "z.docx", "zotero").read_bytes())
    assert not any("ZOTERO_BIBL" in ln or "CSL_BIBLIOGRAPHY" in ln for ln in lines)
    assert sum(1 for ln in lines if ln[:2] == "1.") == 1


def _numbering_xml(body: str) -> object:
    from docx.oxml import parse_xml

    return parse_xml(f'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{body}</w:numbering>')


def test_numbering_honours_start_override_format_and_bullets() -> None:
    el = _numbering_xml(
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="[%1]"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>'
        '</w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/>'
        '</w:lvlOverride></w:num><w:num w:numId="8"><w:abstractNumId w:val="1"/></w:num>')
    numbering = Numbering.from_part(el)
    assert [numbering.label("7", 0) for _ in range(3)] == ["[10]", "[11]", "[12]"]
    assert numbering.label("7", 1) is None  # bullets carry no number
    assert numbering.label("8", 0) == "[1]"  # another list instance counts on its own
    assert numbering.label("0", 0) is None  # numId 0 means "numbering removed"


def test_not_a_docx_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError, match=r"broken\.docx"):
        extract_file(str(bad))


def test_deleted_tracked_changes_are_not_text() -> None:
    import docx

    document = docx.Document()
    p = document.add_paragraph("1. Smith J. Kept. ")
    from docx.oxml import parse_xml

    p._p.append(parse_xml('<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                          'w:id="1" w:author="x"><w:r><w:delText>Deleted words</w:delText></w:r></w:del>'))
    buf = io.BytesIO()
    document.save(buf)
    assert docx_lines(buf.getvalue()) == ["1. Smith J. Kept. "]


# --- reference lists kept as Word endnotes / footnotes ---------------------------------------------

def _plain_docx(path: Path, paragraphs: list[list[str | int]], kind: str = "endnote") -> Path:
    """A .docx whose paragraphs mix text (str) and note marks (int: the note id)."""
    import docx

    document = docx.Document()
    for items in paragraphs:
        p = document.add_paragraph()
        for item in items:
            if isinstance(item, int):
                p._p.append(note_mark(kind, item))
            else:
                p.add_run(item)
    document.save(str(path))
    return path


@pytest.mark.parametrize("kind", ["endnote", "footnote"])
def test_notes_give_the_same_references_as_text(tmp_path: Path, kind: str) -> None:
    doc = extract_file(str(write_docx_notes(tmp_path / f"seed-{kind}s.docx", kind)))
    assert doc.format == "docx"
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    assert [e.text for e in doc.entries] == seed().references
    assert any(f"{kind}s" in note for note in doc.notes)
    # the notes come after the body, so their lines do too
    assert min(e.span.line for e in doc.entries) > len(seed().body)


def test_body_list_wins_over_explanatory_footnotes(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "body-list.docx", "typed")
    import docx

    document = docx.Document(str(path))
    document.paragraphs[0]._p.append(note_mark("footnote", 1))
    document.save(str(path))
    add_notes_part(path, "footnote", notes_xml("footnote", [(1, "See the supplementary material.")]))
    doc = extract_file(str(path))
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    assert not any("footnotes" in note for note in doc.notes)


def test_separators_are_skipped_and_numbers_follow_the_marks(tmp_path: Path) -> None:
    refs = seed().references[:3]
    # ids 7, 3, 5 cited in that order; the part holds them by id (3, 5, 7) after the separators
    path = _plain_docx(tmp_path / "order.docx", [["First claim", 7, "."], ["Second", 3, " and third", 5, "."]])
    add_notes_part(path, "endnote", notes_xml("endnote", [(3, refs[1]), (5, refs[2]), (7, refs[0])]))
    doc = extract_file(str(path))
    assert [(e.number, e.text) for e in doc.entries] == [(1, refs[0]), (2, refs[1]), (3, refs[2])]


def test_endnotes_win_over_footnotes_and_unmarked_notes_follow_in_part_order(tmp_path: Path) -> None:
    refs = seed().references[:3]
    path = _plain_docx(tmp_path / "both.docx", [["Claim", 4, "."]])
    add_notes_part(path, "endnote", notes_xml("endnote", [(2, refs[1]), (4, refs[0]), (9, refs[2])]))
    add_notes_part(path, "footnote", notes_xml("footnote", [(1, "An explanatory remark.")]))
    doc = extract_file(str(path))
    assert [(e.number, e.text) for e in doc.entries] == [(1, refs[0]), (2, refs[1]), (3, refs[2])]
    assert any("endnotes" in note for note in doc.notes)


def test_an_empty_note_gives_no_entry_and_is_reported(tmp_path: Path) -> None:
    refs = seed().references[:2]
    path = _plain_docx(tmp_path / "empty.docx", [["A", 1, " B", 2, " C", 3, "."]])
    add_notes_part(path, "endnote", notes_xml("endnote", [(1, refs[0]), (2, "   "), (3, refs[1])]))
    doc = extract_file(str(path))
    assert [e.text for e in doc.entries] == refs  # no entry, and no merged entry, for note 2
    assert any("empty endnote 2 skipped" in note for note in doc.notes)


def test_a_damaged_notes_part_is_a_note_not_a_traceback(tmp_path: Path) -> None:
    path = _plain_docx(tmp_path / "damaged.docx", [["Claim", 1, "."]])
    add_notes_part(path, "endnote", b"<w:endnotes><w:endnote w:id='1'>truncated")
    doc = extract_file(str(path))
    assert doc.entries == []
    assert any("endnotes part could not be read" in note for note in doc.notes)


def test_docx_without_list_or_notes_still_has_no_references(tmp_path: Path) -> None:
    doc = extract_file(str(_plain_docx(tmp_path / "plain.docx", [["Just a paragraph."]])))
    assert doc.entries == []
    assert doc.notes == []


def test_check_cli_reads_an_endnote_list(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from refcheck.cli import main

    path = write_docx_notes(tmp_path / "cli-endnotes.docx", "endnote")
    result = CliRunner().invoke(main, ["check", str(path), "--no-lookup", "--format", "json"])
    assert result.exit_code != 4, result.output
    report = json.loads(result.stdout)
    assert any("endnotes" in note for note in report["notes"])
    assert [r["number"] for r in report["references"]] == list(range(1, len(seed().references) + 1))


def test_notes_after_an_empty_references_heading(tmp_path: Path) -> None:
    """Authors often type a 'References' heading at the end of the body, where Word prints the endnotes."""
    refs = seed().references[:3]
    path = _plain_docx(tmp_path / "heading.docx", [["Claim", 1, " and", 2, ", then", 3, "."], ["References"]])
    add_notes_part(path, "endnote", notes_xml("endnote", [(1, refs[0]), (2, refs[1]), (3, refs[2])]))
    doc = extract_file(str(path))
    assert [(e.number, e.text) for e in doc.entries] == [(1, refs[0]), (2, refs[1]), (3, refs[2])]


def test_a_note_whose_mark_is_a_tracked_deletion_is_left_out(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    refs = seed().references[:3]
    path = _plain_docx(tmp_path / "tracked.docx", [["Claim", 1, " and", 3, "."]])
    document = docx.Document(str(path))
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "90")
    deletion.set(qn("w:author"), "Reviewer")
    deletion.append(note_mark("endnote", 2))
    document.paragraphs[0]._p.append(deletion)
    document.save(str(path))
    add_notes_part(path, "endnote", notes_xml("endnote", [(1, refs[0]), (2, refs[1]), (3, refs[2])]))
    doc = extract_file(str(path))
    assert [(e.number, e.text) for e in doc.entries] == [(1, refs[0]), (2, refs[2])]


def test_explanatory_footnotes_alone_are_no_reference_list(tmp_path: Path) -> None:
    """A paper with only explanatory footnotes must not have them checked as references."""
    from refcheck.errors import NoReferencesError
    from refcheck.pipeline import load

    path = _plain_docx(tmp_path / "explains.docx", [["Incidence rose", 1, " and fell", 2, "."]])
    add_notes_part(path, "footnote", notes_xml("footnote", [
        (1, "Data from the Ministry of Health, Annual Report 2019, Table 3."),
        (2, "Smith J, personal communication, 12 March 2020.")]))
    doc = extract_file(str(path))
    assert doc.entries == []
    assert any("do not read as references" in note for note in doc.notes)
    with pytest.raises(NoReferencesError, match="do not read as references"):  # what the CLI says, exit 4
        load(str(path))
