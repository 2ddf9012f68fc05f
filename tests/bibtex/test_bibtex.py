"""refcheck.bibtex: entries from registered records and from parsed citations."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from refcheck.bibtex import assign_keys, records, to_bibtex
from refcheck.bibtex.latex import format_name, protect_title
from refcheck.bibtex.write import bibtex_format
from refcheck.model import LOOKUPS_DISABLED, Author, CheckedReference, Citation, Match, Status, Work
from refcheck.text.case import needs_protection
from tests.report.sample import sample_report


def _entries(text: str) -> list:
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    return lib.entries


def _fields(entry) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.key: f.value for f in entry.fields}


def _matched(work: Work, number: int = 1) -> CheckedReference:
    return CheckedReference(Citation(text="x", number=number), Match(Status.VERIFIED, work=work, source=work.source))


def _unicode_work() -> Work:
    return Work(
        source="crossref", type="journal-article", year=2021, month=11, volume="7", issue="2", pages="101-9",
        authors=[Author(family="Müller", given="Jürgen"), Author(family="Ñúñez", given="José Luis"),
                 Author(family="Wójcik", given="Łukasz"), Author(family="van der Berg", given="Kees"),
                 Author(group="Alf-One Study Group")],
        title="MRI and CT of GIST: mRNA markers in T2-weighted images & 50% of cases",
        container="Journal of Magnetic Resonance Imaging", container_abbrevs=["J Magn Reson Imaging"],
        doi="10.1002/jmri.12_34", pmid="34000001", retrieved="2026-01-02T03:04:05Z",
    )


def test_roundtrip_through_bibtexparser_is_unchanged() -> None:
    refs = [*sample_report().references, _matched(_unicode_work(), 6)]
    text = to_bibtex(refs, header="refcheck bib paper.md")
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    assert bibtexparser.write_string(lib, bibtex_format=bibtex_format()) == text


def test_entries_in_list_order_with_registered_values() -> None:
    entries = _entries(to_bibtex(sample_report().references))
    assert [e.key for e in entries] == [
        "fukumoto2005percutaneous", "diabetes2002hypertension", "nobody2019paper", "smith2010imaging",
        "nunez2001tecnica",
    ]
    first = _fields(entries[0])
    # registered spelling, not the manuscript's "Fukumot"
    assert first["author"] == 'Fukumoto, Takashi and M{\\"u}ller, Anna-Lena'
    assert first["pages"] == "493--495" and first["journal"] == "American Journal of Neuroradiology"
    assert first["doi"] == "10.3174/ajnr.a0001" and first["pmid"] == "15760855" and first["month"] == "mar"
    assert "refcheck" not in first
    assert _fields(entries[2])["refcheck"] == "unverified"


def test_non_ascii_names_and_acronyms_latex_encoded() -> None:
    entry = _entries(to_bibtex([_matched(_unicode_work())]))[0]
    f = _fields(entry)
    assert f["author"] == ('M{\\"u}ller, J{\\"u}rgen and {\\~N}{\\\'u}{\\~n}ez, Jos{\\\'e} Luis and '
                           "W{\\'o}jcik, {\\L}ukasz and van der Berg, Kees and {Alf-One Study Group}")
    assert f["title"] == ("{MRI} and {CT} of {GIST}: {mRNA} markers in {T2}-weighted images {\\&} 50{\\%} "
                          "of cases")
    assert f["doi"] == "10.1002/jmri.12_34"  # identifiers are not escaped
    assert f["pages"] == "101--109"
    assert all(ord(ch) < 128 for ch in to_bibtex([_matched(_unicode_work())]))


def test_utf8_option_keeps_characters() -> None:
    f = _fields(_entries(to_bibtex([_matched(_unicode_work())], utf8=True))[0])
    assert f["author"].startswith("Müller, Jürgen and Ñúñez, José Luis and Wójcik, Łukasz")
    assert f["title"].endswith("images \\& 50\\% of cases")


def test_abbrev_option_uses_nlm_abbreviation() -> None:
    f = _fields(_entries(to_bibtex([_matched(_unicode_work())], abbrev=True))[0])
    assert f["journal"] == "J Magn Reson Imaging"


def test_provenance_comment_per_entry() -> None:
    text = to_bibtex([_matched(_unicode_work(), 4)], checked="2026-11-21")
    assert "% [4] crossref doi:10.1002/jmri.12_34 pmid:34000001, retrieved 2026-01-02\n" in text
    undated = _unicode_work()
    undated.retrieved = None
    assert "pmid:34000001, checked 2026-11-21\n" in to_bibtex([_matched(undated, 4)], checked="2026-11-21")


@pytest.mark.parametrize(
    ("work_type", "entry_type", "container_field"),
    [("journal-article", "article", "journal"), ("book-chapter", "incollection", "booktitle"),
     ("proceedings-article", "inproceedings", "booktitle"), ("book", "book", None)],
)
def test_entry_types(work_type: str, entry_type: str, container_field: str | None) -> None:
    work = Work(source="crossref", type=work_type, title="A title", container="Container", year=2000,
                publisher="Springer", authors=[Author(family="Doe", given="Jane")])
    entry = _entries(to_bibtex([_matched(work)]))[0]
    assert entry.entry_type == entry_type
    f = _fields(entry)
    if container_field:
        assert f[container_field] == "Container"
    if entry_type != "article":
        assert f["publisher"] == "Springer"


def test_keys_deduplicated_and_numbered() -> None:
    work = Work(source="crossref", title="The liver in disease", year=1999, authors=[Author(family="Lee", given="A")])
    refs = [_matched(work, n) for n in (1, 2, 3)]
    recs = records(refs)
    assert assign_keys(recs) == ["lee1999liver", "lee1999livera", "lee1999liverb"]
    assert assign_keys(recs, "number") == ["ref1", "ref2", "ref3"]
    with pytest.raises(ValueError):
        assign_keys(recs, "title")


def test_name_helpers() -> None:
    assert format_name(Author(family="Smith", initials="JA", suffix="Jr")) == "Smith, Jr, J. A."
    assert format_name(Author(group="Research and Development Group")) == "{Research and Development Group}"
    assert needs_protection("pH") and needs_protection("COVID") and not needs_protection("Liver")
    assert protect_title("CT-guided biopsy") == "{CT}-guided biopsy"


@pytest.mark.parametrize(
    "title, expected",
    [
        # sentence case: capitals inside the title are proper nouns and keep their case
        ("Pulmonary embolism in patients with Crohn disease: a Danish cohort study",
         "Pulmonary embolism in patients with {Crohn} disease: a {Danish} cohort study"),
        ("Effect of aspirin in older adults. The ASPREE trial", "Effect of aspirin in older adults. The {ASPREE} trial"),
        # Title Case: every word is capitalised, nothing marks a proper noun
        ("The Detection of Motion by Blind Subjects with the Epiretinal Prosthesis",
         "The Detection of Motion by Blind Subjects with the Epiretinal Prosthesis"),
        ("Gout", "Gout"),
    ],
)
def test_proper_nouns_in_sentence_case_titles_are_braced(title: str, expected: str) -> None:
    assert protect_title(title) == expected


def test_unverified_entry_from_citation_fields() -> None:
    cit = Citation(text="x", number=9, authors=[Author(family="Roe", initials="JP")], et_al=True,
                   title="Something new", container="Eur Radiol", year=1998, volume="8", issue="1",
                   supplement="2", pages="123-9", doi="10.1007/s003300050351")
    entry = _entries(to_bibtex([CheckedReference(cit, Match(Status.UNCHECKED, reasons=(LOOKUPS_DISABLED,)))]))[0]
    f = _fields(entry)
    assert entry.entry_type == "article"
    assert f == {"author": "Roe, J. P. and others", "title": "Something new", "journal": "Eur Radiol", "year": "1998",
                 "volume": "8", "number": "1 Suppl 2", "pages": "123--129", "doi": "10.1007/s003300050351",
                 "refcheck": "unverified"}


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex not installed (Debian texlive-binaries)")
def test_classic_bibtex_accepts_the_output(tmp_path: Path) -> None:
    refs = [*sample_report().references, _matched(_unicode_work(), 6)]
    text = to_bibtex(refs)
    (tmp_path / "refs.bib").write_text(text, encoding="ascii")
    keys = [e.key for e in _entries(text)]
    (tmp_path / "doc.aux").write_text(
        "\\relax\n" + "".join(f"\\citation{{{k}}}\n" for k in keys) + "\\bibstyle{plain}\n\\bibdata{refs}\n",
        encoding="ascii",
    )
    proc = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    log = proc.stdout + (tmp_path / "doc.blg").read_text(errors="replace")
    if "couldn't open style file" in log:
        pytest.skip("plain.bst missing (Debian texlive-base)")
    assert proc.returncode == 0, log
    assert "error message" not in log and "Warning--" not in log.replace("Warning--empty", ""), log
    bbl = (tmp_path / "doc.bbl").read_text()
    assert bbl.count("\\bibitem") == len(keys)


def test_editors_only_for_edited_volumes_and_hyphenated_key_word() -> None:
    chapter = Work(source="crossref", type="book-chapter", title="Pre-Columbian rhinoscleroma", year=1979,
                   container="Skin Diseases", authors=[Author(family="Goldman", given="Leon")],
                   editors=[Author(family="Ed", given="Ann")])
    article = Work(source="crossref", type="journal-article", title="X", year=2014, container="PLoS ONE",
                   authors=[Author(family="Bruno", given="A")], editors=[Author(family="Silman", given="Israel")])
    entries = _entries(to_bibtex([_matched(chapter, 1), _matched(article, 2)]))
    assert _fields(entries[0])["editor"] == "Ed, Ann"
    assert "editor" not in _fields(entries[1])
    assert entries[0].key == "goldman1979precolumbian"
