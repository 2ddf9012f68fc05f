"""Unit tests of the library's pure pieces: MEDLINE reading, keys, merging works, sync diffs."""

from __future__ import annotations

import bibtexparser
import pytest

from refcheck.formats.medline import medline_records, tag_values
from refcheck.library.medline import medline_citations
from refcheck.library.ops import cite_key, comparable, pinned_fields, synced_entry
from refcheck.library.resolve import combine
from refcheck.library.tidy import month_macro
from refcheck.model import Author, UpdateNotice, Work
from tests.shared import DATA

MEDLINE = DATA / "ncbi" / "medline"


def test_medline_record_fields_and_continuations() -> None:
    path = next(MEDLINE.glob("pmid-9500320_retracted-publication_RIN.txt"))
    [citation] = medline_citations(path)
    assert citation.pmid == "9500320"
    assert citation.doi == "10.1016/S0140-6736(97)11096-0"
    assert citation.title and citation.title.startswith("Ileal-lymphoid-nodular hyperplasia")
    assert citation.title.endswith("developmental disorder in children")  # wrapped TI line joined
    assert (citation.year, citation.volume, citation.issue) == (1998, "351", "9103")
    assert (citation.first_page, citation.last_page) == ("637", "641")  # "637-41" expanded
    assert citation.authors[0] == Author(family="Wakefield", initials="AJ")


def test_medline_multi_record_export_keeps_file_order() -> None:
    path = next(MEDLINE.glob("pmids-16403221+*"))
    pmids = [c.pmid for c in medline_citations(path)]
    assert pmids == path.name.split("_")[0].removeprefix("pmids-").split("+")
    assert all(tag_values(r).get("PMID") for r in medline_records(path.read_text(encoding="utf-8").splitlines()))


def test_medline_book_uses_book_title_and_editors() -> None:
    path = next(MEDLINE.glob("pmid-20301295_book*"))
    [citation] = medline_citations(path)
    assert citation.kind == "book" and citation.title and "GeneReviews" in citation.title
    assert citation.editors and citation.editors[0].family == "Adam"


@pytest.mark.parametrize(("title", "expected"), [
    ("RETRACTED: Ileal-lymphoid-nodular hyperplasia", "wakefield1998ileal"),
    ("The role of MRI in staging", "wakefield1998role"),
    ("", "wakefield1998"),
])
def test_cite_key_scheme(title: str, expected: str) -> None:
    work = Work(source="crossref", authors=[Author(family="Wakefield", initials="AJ")], title=title, year=1998)
    assert cite_key(work) == expected


def test_cite_key_folds_and_falls_back_to_editors() -> None:
    assert cite_key(Work(source="x", authors=[Author(family="Müller")], title="Über alles", year=2001)) \
        == "muller2001uber"
    assert cite_key(Work(source="x", editors=[Author(family="Pagon")], title="GeneReviews")) == "pagonndgenereviews"
    assert cite_key(Work(source="x")) == "anonnd"


def test_combine_adds_pubmed_ids_and_notices_only_for_the_same_doi() -> None:
    crossref = Work(source="crossref", doi="10.1/a", title="T", updates=[UpdateNotice("correction", doi="10.1/c")])
    pubmed = Work(source="pubmed", doi="10.1/a", pmid="123", pmcid="PMC9", title="T.",
                  updates=[UpdateNotice("retraction", pmid="456", source="pubmed")])
    merged = combine(crossref, pubmed)
    assert (merged.source, merged.title, merged.pmid, merged.pmcid) == ("crossref", "T", "123", "PMC9")
    assert [u.kind for u in merged.updates] == ["correction", "retraction"]
    assert crossref.pmid is None  # the inputs are not mutated
    other = Work(source="pubmed", doi="10.1/other", pmid="999")
    assert combine(crossref, other).pmid is None  # never mix identifiers of two works


@pytest.mark.parametrize(("raw", "macro"), [("feb", "feb"), ("February", "feb"), ("{2}", "feb"),
                                            ("12", "dec"), ("Spring", None), ("13", None)])
def test_month_macro(raw: str, macro: str | None) -> None:
    assert month_macro(raw) == macro


def test_comparable_ignores_spelling_not_meaning() -> None:
    assert comparable('M{\\"u}ller and the {MRI}') == comparable("Müller and the MRI")
    assert comparable("Wakefield, A. J. and Murch, S. H.", "author") == comparable("Wakefield, AJ and Murch, SH",
                                                                                    "author")
    assert comparable("Wakefield, AJ", "author") != comparable("Wakefield, AJ and Murch, SH", "author")
    assert comparable("637-641") == comparable("637--641")


ENTRY = """@article{smith2001trial,
  author = {Smith, J},
  title = {A trial},
  journal = {J Test},
  year = {2001},
  pages = {10--20},
  note = {my note},
  refcheck-keep = {pages title},
}
"""


def test_synced_entry_respects_pins_and_own_fields() -> None:
    old = bibtexparser.parse_string(ENTRY).entries[0]
    work = Work(source="crossref", authors=[Author(family="Smith", given="John", initials="J")],
                title="A randomised trial", container="J Test", year=2001, pages="10-21", first_page="10",
                last_page="21", doi="10.1/x", type="journal-article")
    assert pinned_fields(old, ["volume"]) == {"pages", "title", "volume"}
    new, change = synced_entry(old, work)
    assert new.key == "smith2001trial"
    assert set(change.pinned) == {"pages", "title"}  # disagreements still reported
    assert str(new.fields_dict["pages"].value) == "10--20" and str(new.fields_dict["title"].value) == "A trial"
    assert str(new.fields_dict["note"].value) == "my note"
    assert "doi" in change.changed and str(new.fields_dict["doi"].value) == "10.1/x"
    assert "author" not in change.changed  # "Smith, J" vs "Smith, John": same initials, same person
