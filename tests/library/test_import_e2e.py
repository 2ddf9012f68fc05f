"""``refcheck import`` end to end: a manuscript, .bib, RIS, CSL-JSON and MEDLINE exports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from refcheck.model import Work
from refcheck.report.csljson import csl_item
from refcheck.styles.render import render_reference
from tests.library.conftest import WAKEFIELD_DOI, RunCli
from tests.library.helpers import entries, journal_articles
from tests.shared import DATA

LIB = "bib/library.bib"
MEDLINE = DATA / "ncbi" / "medline"


def _dois(path: str = LIB) -> set[str]:
    return {f["doi"] for f in entries(Path(path)).values() if "doi" in f}


def test_import_manuscript_numbered_list(run_cli: RunCli, crossref_records: list[dict], tmp_path: Path) -> None:
    works = journal_articles(crossref_records, 3, skip=7)
    body = "# A study\n\nAs shown before [1], and since [2,3].\n\n## References\n\n"
    body += "".join(f"{i}. {render_reference(w, 'vancouver')}\n" for i, w in enumerate(works, 1))
    paper = tmp_path / "paper.md"
    paper.write_text(body, encoding="utf-8")
    result = run_cli("import", str(paper), "--to", LIB)
    assert result.exit_code == 0, result.output
    assert _dois() == {w.doi for w in works}


def _bib_entry(key: str, w: Work) -> str:
    authors = " and ".join(f"{a.family}, {a.given or a.initials}" for a in w.authors)
    return (f"@article{{{key},\n  author = {{{authors}}},\n  title = {{{w.title}}},\n  journal = {{{w.container}}},\n"
            f"  year = {{{w.year}}},\n  volume = {{{w.volume}}},\n  pages = {{{w.first_page}--{w.last_page}}},\n}}\n")


def test_import_bib_resolves_each_entry_and_can_keep_keys(run_cli: RunCli, crossref_records: list[dict],
                                                          tmp_path: Path) -> None:
    works = journal_articles(crossref_records, 2, skip=8)
    other = tmp_path / "theirs.bib"
    other.write_text("\n".join(_bib_entry(f"their{i}", w) for i, w in enumerate(works)), encoding="utf-8")
    result = run_cli("import", str(other), "--to", LIB)
    assert result.exit_code == 0, result.output
    assert _dois() == {w.doi for w in works}  # the DOIs come from the registry, not the file
    kept = run_cli("import", str(other), "--to", "bib/kept.bib", "--keep-keys")
    assert kept.exit_code == 0, kept.output
    assert set(entries(Path("bib/kept.bib"))) == {"their0", "their1"}


def test_import_ris(run_cli: RunCli, crossref_records: list[dict], tmp_path: Path) -> None:
    works = journal_articles(crossref_records, 2, skip=9)
    lines: list[str] = []
    for w in works:
        lines += ["TY  - JOUR", *(f"AU  - {a.family}, {a.given or a.initials}" for a in w.authors),
                  f"TI  - {w.title}", f"JO  - {w.container}", f"PY  - {w.year}", f"VL  - {w.volume}",
                  f"SP  - {w.first_page}", f"EP  - {w.last_page}", "ER  - ", ""]
    ris = tmp_path / "export.ris"
    ris.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("import", str(ris), "--to", LIB)
    assert result.exit_code == 0, result.output
    assert _dois() == {w.doi for w in works}


def test_import_csl_json(run_cli: RunCli, crossref_records: list[dict], tmp_path: Path) -> None:
    works = journal_articles(crossref_records, 2, skip=10)
    items = [csl_item(w, f"item{i}") for i, w in enumerate(works)]
    for item in items:
        item.pop("DOI", None)  # found from the bibliographic fields alone
    csl = tmp_path / "refs.json"
    csl.write_text(json.dumps(items), encoding="utf-8")
    result = run_cli("import", str(csl), "--to", LIB)
    assert result.exit_code == 0, result.output
    assert _dois() == {w.doi for w in works}


def test_import_medline_export_served_by_pubmed(run_cli: RunCli, fakes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, eu = fakes
    served = [p for p in sorted(MEDLINE.iterdir())
              if (pmid := p.name.split("_")[0].removeprefix("pmid-")).isdigit() and pmid in eu.by_pmid]
    assert served, "no MEDLINE file whose PMID the fake PubMed serves"
    export = tmp_path / "pubmed-export.nbib"
    shutil.copy(served[0], export)
    result = run_cli("import", str(export), "--to", LIB)
    assert result.exit_code == 0, result.output
    [fields] = entries(Path(LIB)).values()
    assert fields["pmid"] == served[0].name.split("_")[0].removeprefix("pmid-")
    assert fields["refcheck-source"] == "pubmed"


def test_import_medline_export_falls_back_to_its_doi(run_cli: RunCli, tmp_path: Path) -> None:
    """PubMed (the fake) lacks PMID 9500320; the export's DOI still finds the Crossref record."""
    export = tmp_path / "wakefield.txt"
    shutil.copy(next(MEDLINE.glob("pmid-9500320_retracted-publication_RIN.txt")), export)
    result = run_cli("import", str(export), "--to", LIB)
    assert result.exit_code == 0, result.output
    [fields] = entries(Path(LIB)).values()
    assert fields["doi"] == WAKEFIELD_DOI
    assert "retraction" in fields["refcheck-updates"]
    assert "retraction" in result.output  # the user is warned at import time


def test_import_dedupes_within_the_file(run_cli: RunCli, crossref_records: list[dict], tmp_path: Path) -> None:
    work = journal_articles(crossref_records, 1, skip=11)[0]
    paper = tmp_path / "refs.md"
    paper.write_text("## References\n\n1. " + render_reference(work, "vancouver") + "\n2. "
                     + render_reference(work, "ama") + "\n", encoding="utf-8")
    result = run_cli("import", str(paper), "--to", LIB)
    assert result.exit_code == 0, result.output
    assert len(entries(Path(LIB))) == 1
    assert "exists" in result.output or "merged" in result.output


def test_import_medline_from_stdin(run_cli: RunCli) -> None:
    text = next(MEDLINE.glob("pmid-9500320_retracted-publication_RIN.txt")).read_text(encoding="utf-8")
    result = run_cli("import", "-", "--to", LIB, input=text)
    assert result.exit_code == 0, result.output
    assert _dois() == {WAKEFIELD_DOI}


def test_import_file_without_references_exits_4(run_cli: RunCli, tmp_path: Path) -> None:
    prose = tmp_path / "notes.md"
    prose.write_text("# Notes\n\nNothing cited here, just a paragraph of prose.\n", encoding="utf-8")
    result = run_cli("import", str(prose), "--to", LIB)
    assert result.exit_code == 4 and "no references" in result.output
    assert not Path(LIB).exists()
