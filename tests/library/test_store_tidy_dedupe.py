"""Library storage (atomic, backed up), tidy (idempotent) and dedupe (DOI/PMID/near-identical)."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from refcheck.errors import InputError
from refcheck.library.dedupe import dedupe, find_duplicates
from refcheck.library.inputs import classify, split_items
from refcheck.library.store import atomic_write_text, dump_library, load_library, save_library
from refcheck.library.tidy import protect_acronyms, tidy_library, tidy_pages

UNTIDY = """@Article{vanel2007,
  Title = {Imatinib-induced bone marrow necrosis detected on MRI},
  Pages = {1083-1086},
  Author = {Vanel, D. and Bonvalot, S.},
  Year = 2007,
  Journal = {Skeletal Radiology},
  DOI = {https://doi.org/10.1007/s00256-007-0338-z},
}

@article{mueller2001,
  author = {Müller, Anna},
  title = {Ñúñez and the CT scan},
  journal = {Radiology},
  year = {2001},
  pages = {12–19},
}
"""


def test_tidy_is_idempotent_and_normalises(tmp_path: Path) -> None:
    once = dump_library(tidy_library(bibtexparser.parse_string(UNTIDY)))
    twice = dump_library(tidy_library(bibtexparser.parse_string(once)))
    assert once == twice
    assert "pages = {1083--1086}" in once and "pages = {12--19}" in once
    assert "doi = {10.1007/s00256-007-0338-z}" in once
    assert "{MRI}" in once and "{CT}" in once
    assert 'M{\\"u}ller' in once  # classic BibTeX: LaTeX-encoded
    # canonical field order: author before title before journal before year
    entry = once.split("@article{vanel2007,")[1]
    assert entry.index("author") < entry.index("title") < entry.index("journal") < entry.index("year")


def test_tidy_utf8_keeps_unicode() -> None:
    out = dump_library(tidy_library(bibtexparser.parse_string(UNTIDY), utf8=True))
    assert "Müller" in out and "Ñúñez" in out


def test_tidy_sort_by_key() -> None:
    out = tidy_library(bibtexparser.parse_string(UNTIDY), sort="key")
    assert [e.key for e in out.entries] == ["mueller2001", "vanel2007"]


@pytest.mark.parametrize(("raw", "expected"), [("728-734", "728--734"), ("728–734", "728--734"),
                                               ("S93--S99", "S93--S99"), ("ECR32", "ECR32")])
def test_tidy_pages(raw: str, expected: str) -> None:
    assert tidy_pages(raw) == expected


def test_acronyms_not_double_braced() -> None:
    assert protect_acronyms("{MRI} and MRI") == "{MRI} and {MRI}"
    assert protect_acronyms("Normal words only") == "Normal words only"


def test_atomic_write_keeps_backup_and_survives_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "library.bib"
    target.write_text("old\n", encoding="utf-8")
    backup = atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n" and backup is not None and backup.read_text() == "old\n"
    second = atomic_write_text(target, "newer\n")
    assert second is not None and second != backup and second.read_text() == "new\n"

    import os

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "lost?\n")
    assert target.read_text() == "newer\n"  # the previous file is intact
    assert not list(tmp_path.glob(".library.bib.*.tmp"))  # no temp debris


def test_load_rejects_broken_library(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{x, title = {unclosed\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_library(bad)
    assert load_library(tmp_path / "absent.bib").entries == []


def test_save_roundtrip(tmp_path: Path) -> None:
    lib = tidy_library(bibtexparser.parse_string(UNTIDY))
    path = tmp_path / "bib" / "library.bib"
    save_library(lib, path)
    assert [e.key for e in load_library(path).entries] == ["vanel2007", "mueller2001"]


DUPES = """@article{a2004, author = {Tamura, T.}, title = {Massive bone marrow necrosis in a patient}, year = {2004}, doi = {10.1234/ABC}}
@article{b2004, author = {Tamura, T.}, title = {Other}, year = {2004}, doi = {10.1234/abc}, pmid = {15}}
@article{c2004, author = {Tamura, T.}, title = {Massive bone-marrow necrosis in a patient.}, year = {2004}}
@article{d2004, author = {Tamura, T.}, title = {A different paper on leukemia}, year = {2004}}
@article{e2005, author = {Smith, J.}, title = {Same PMID}, year = {2005}, pmid = {99}}
@article{f2005, author = {Smith, J.}, title = {Same PMID, other title}, year = {2005}, pmid = {99}, doi = {10.5678/y}}
"""


def test_dedupe_by_doi_pmid_and_near_identical_citation() -> None:
    entries = bibtexparser.parse_string(DUPES).entries
    groups = [[e.key for e in g] for g in find_duplicates(entries)]
    assert ["a2004", "b2004", "c2004"] in groups  # DOI case-insensitive + near-identical title
    assert ["e2005", "f2005"] in groups  # same PMID, one with a DOI
    kept, merged = dedupe(entries)
    assert [e.key for e in kept] == ["a2004", "d2004", "e2005"]
    assert ("a2004", ["b2004", "c2004"]) in merged
    e = next(x for x in kept if x.key == "e2005")
    assert e.fields_dict["doi"].value == "10.5678/y"  # nothing lost in the merge
    assert e.fields_dict["refcheck-merged"].value == "f2005"


@pytest.mark.parametrize(("item", "kind", "value"), [
    ("10.1007/s00256-007-0338-z", "doi", "10.1007/s00256-007-0338-z"),
    ("https://doi.org/10.1007/S00256-007-0338-Z", "doi", "10.1007/s00256-007-0338-z"),
    ("doi:10.1038/ng.590", "doi", "10.1038/ng.590"),
    ("PMID: 2593110", "pmid", "2593110"),
    ("2593110", "pmid", "2593110"),
    ("https://pubmed.ncbi.nlm.nih.gov/9500320/", "pmid", "9500320"),
    ("PMC2883744", "pmcid", "PMC2883744"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2883744/", "pmcid", "PMC2883744"),
    ("Choi H. Critical issues. Curr Oncol Rep 2005;7:307-311.", "text",
     "Choi H. Critical issues. Curr Oncol Rep 2005;7:307-311."),
])
def test_classify(item: str, kind: str, value: str) -> None:
    got = classify(item)
    assert (got.kind, got.value) == (kind, value)


def test_split_items_identifiers_one_per_line() -> None:
    items = split_items("# my refs\n10.1234/a\n\n  PMID: 3\nPMC2883744\n")
    assert [(i.kind, i.value) for i in items] == [("doi", "10.1234/a"), ("pmid", "3"), ("pmcid", "PMC2883744")]


def test_split_items_numbered_list_goes_through_the_extractor() -> None:
    text = ("1. Choi H. Critical issues in response evaluation on computed\n   tomography. Curr Oncol Rep."
            " 2005;7:307-11.\n2. Vanel D, Bonvalot S. Imatinib-induced bone marrow\n   necrosis. Skeletal Radiol."
            " 2007;36:1083-6.\n")
    items = split_items(text)
    assert [i.kind for i in items] == ["citation", "citation"]  # two entries, not four lines
    assert [i.citation.first_page for i in items if i.citation] == ["307", "1083"]


def test_split_items_one_reference_per_line_without_numbers() -> None:
    text = "Choi H. Critical issues. Curr Oncol Rep. 2005;7:307-11.\n10.1007/s00256-007-0338-z\n"
    assert [i.kind for i in split_items(text)] == ["text", "doi"]


def test_tidy_keeps_comments_strings_and_preambles_in_place() -> None:
    text = ("% my notes\n@preamble{\"\\newcommand{\\x}{y}\"}\n@comment{do not lose me}\n"
            "@article{b2001, title = {Second}, year = 2001}\n\nA stray line\n@article{a2000, title = {First}}\n")
    out = dump_library(tidy_library(bibtexparser.parse_string(text), sort="key"))
    for kept in ("% my notes", "@comment{do not lose me}", "@preamble", "A stray line"):
        assert kept in out
    assert out.index("@article{a2000") < out.index("A stray line") < out.index("@article{b2001")
