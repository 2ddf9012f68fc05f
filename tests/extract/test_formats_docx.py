"""Word input: typed numbers, automatic numbering (style and numPr), reference-manager fields."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from refcheck.errors import InputError
from refcheck.extract import extract_file
from refcheck.extract.docx import Numbering, docx_lines
from refcheck.parse import parse_entry
from tests.extract.formats_seed import first_citation_order, key_fields, seed, write_docx


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
