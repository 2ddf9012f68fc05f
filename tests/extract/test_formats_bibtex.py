"""BibTeX input: one structured entry per @entry, with its line, key and decoded fields."""

from __future__ import annotations

from pathlib import Path

from refcheck.extract import extract_file
from refcheck.extract.bibtex_file import fields_from_bibtex, split_names
from refcheck.parse import parse_entry
from tests.extract.formats_seed import key_fields, seed, write_bib


def test_bib_gives_the_same_references_as_text(tmp_path: Path) -> None:
    path = write_bib(tmp_path / "seed.bib")
    doc = extract_file(str(path))
    assert doc.format == "bibtex"
    assert [key_fields(parse_entry(e)) for e in doc.entries] == [key_fields(c) for c in seed().citations]
    lines = path.read_text().splitlines()
    for entry in doc.entries:
        assert lines[entry.span.line - 1].startswith(f"@article{{{entry.key},")
        assert entry.fields["authors"] and entry.text  # structured fields and a display line


def test_names_particles_groups_and_others() -> None:
    authors, et_al = split_names(r"van der Berg, Jan and M{\"u}ller, Hans-Peter and {World Health Organization}"
                                 " and Ludwig von Mises and others")
    assert et_al
    assert [(a.family, a.initials, a.group) for a in authors] == [
        ("van der Berg", "J", None), ("Müller", "HP", None), (None, None, "World Health Organization"),
        ("von Mises", "L", None)]


def test_fields_are_citation_names_with_expanded_pages_and_bare_doi() -> None:
    fields = fields_from_bibtex("article", {
        "Author": "Smith, J. A.", "Title": "{CD117}: a marker.", "Journal": "Mod Pathol", "Year": "1998",
        "Volume": "11", "Number": "7", "Pages": "728--34", "DOI": "https://doi.org/10.1038/MODPATHOL.1",
        "eprint": "9694568", "eprinttype": "pubmed"})
    assert fields["title"] == "CD117: a marker"
    assert (fields["pages"], fields["first_page"], fields["last_page"]) == ("728-34", "728", "734")
    assert fields["doi"] == "10.1038/modpathol.1" and fields["pmid"] == "9694568"
    assert (fields["issue"], fields["year"], fields["kind"]) == ("7", 1998, "article")


def test_broken_entry_becomes_a_note_and_the_others_survive(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("@article{ok, author={A, B}, title={T}, journal={J}, year={2001}}\n\n@article{bad, title={x\n",
                    encoding="utf-8")
    doc = extract_file(str(path))
    assert [e.key for e in doc.entries] == ["ok"]
    assert any("could not parse" in n for n in doc.notes)


def test_duplicate_key_is_kept_for_the_numbering_check(tmp_path: Path) -> None:
    from refcheck.checks.numbering import numbering_findings

    path = tmp_path / "refs.bib"
    path.write_text("@article{smith, author={Smith, J}, title={One}, journal={J}, year={2001}}\n"
                    "@article{jones, author={Jones, K}, title={Two}, journal={J}, year={2002}}\n"
                    "@article{smith, author={Smith, J}, title={Three}, journal={J}, year={2003}}\n", encoding="utf-8")
    doc = extract_file(str(path))
    assert [(e.key, e.span.line) for e in doc.entries] == [("smith", 1), ("jones", 2), ("smith", 3)]
    findings = numbering_findings(doc)
    assert [(f.code, f.span.line if f.span else None) for f in findings] == [("RC706", 3)]
