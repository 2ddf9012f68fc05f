"""Mirror coverage (refcheck.mirror.coverage): declared at build time, honoured by the verdicts.

A mirror built from a subset answers "absent" nowhere: a reference it lacks is ``unchecked``.
Declared complete (the whole of what the registry holds), its absence is a verdict again.
With a complete live registry consulted too, that registry's answer decides.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.config import Settings
from refcheck.errors import InputError
from refcheck.mirror.build import build_mirror, mirror_info
from refcheck.mirror.coverage import Coverage, Declared, merge
from refcheck.model import Status
from refcheck.pipeline import check_path
from tests.fakes.crossref import FakeCrossref
from tests.shared import CROSSREF_RECORDS


def test_declarations_parse_and_accumulate() -> None:
    d = Declared.parse(["crossref:prefix=10.1016,10.1001", "crossref:years=2000-2004,2003-2010", "pubmed"],
                       as_of="2025-04-30")
    assert d.complete["crossref"].prefixes == ["10.1001", "10.1016"]
    assert d.complete["crossref"].years == [[2000, 2010]]
    assert d.complete["pubmed"].complete and d.complete["pubmed"].as_of == "2025-04-30"
    merged = merge({"crossref": Coverage(prefixes=["10.1038"])}, d, {"crossref": 5, "pubmed": 2})
    assert merged["crossref"].prefixes == ["10.1001", "10.1016", "10.1038"] and merged["crossref"].records == 5
    for bad in (["datacite"], ["crossref:prefix=1016"], ["crossref:years=2010-2000"], ["crossref:issn=1"]):
        with pytest.raises(InputError):
            Declared.parse(bad)
    with pytest.raises(InputError):
        Declared.parse(["crossref"], as_of="April")


def test_gap_is_none_only_within_coverage() -> None:
    assert Coverage(complete=True).gap(doi="10.1/x") is None
    prefix = Coverage(prefixes=["10.1001"], records=3)
    assert prefix.gap(doi="10.1001/jama.1") is None
    assert "complete for DOI prefix 10.1001" in (prefix.gap(doi="10.1056/nejm.1") or "")
    years = Coverage(years=[[2000, 2005]])
    assert years.gap(year=2003) is None and years.gap(year=2010) is not None
    # A DOI missing from one decade (or one journal) may be registered elsewhere: no verdict.
    assert years.gap(doi="10.1/x", year=2003) is not None
    journal = Coverage(issns=["0098-7484"])
    assert journal.gap(journal_issns=frozenset({"0098-7484"})) is None and journal.gap() is not None
    assert Coverage(records=7995).gap(doi="10.1/x") == "not in the local mirror's coverage (a subset of 7,995 records)"


def _records(n: int) -> list[dict]:
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        return [json.loads(next(fh)) for _ in range(n)]


def _jsonl(folder: Path, n: int) -> Path:
    path = folder / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _records(n)) + "\n", encoding="utf-8")
    return path


FABRICATED = ("# Paper\n\n## References\n\n"
              "1. Quixote D, Panza S. Windmill-induced lance fractures in La Mancha knights: a cohort study. "
              "Arch Intern Med. 2006;166(4):411-9.\n"
              "2. Quixote D. Errant chivalry and tilting injuries revisited. Arch Intern Med. 2006;166(4):420-5. "
              "doi:10.1001/archinte.9999.4.420\n")


def _check(tmp_path: Path, db: Path) -> list:
    paper = tmp_path / "paper.md"
    paper.write_text(FABRICATED, encoding="utf-8")
    settings = Settings(sources=("mirror",), mirror_path=db, cache_dir=tmp_path / "cache")
    return check_path(str(paper), settings).references


def test_subset_mirror_says_unchecked_complete_mirror_says_not_found(tmp_path: Path, shared_data: Path) -> None:
    records = _jsonl(tmp_path, 50)
    subset, complete = tmp_path / "subset.sqlite", tmp_path / "complete.sqlite"
    build_mirror([records], subset)
    build_mirror([records], complete, declared=Declared.parse(["crossref"], as_of="2026-01-01"))

    refs = _check(tmp_path, subset)
    assert [r.status for r in refs] == [Status.UNCHECKED, Status.UNCHECKED]
    assert all("not in the local mirror's coverage" in (r.match.reason or "") for r in refs)
    assert not {f.code for r in refs for f in r.findings} & {"RC801", "RC502"}

    refs = _check(tmp_path, complete)
    assert [r.status for r in refs] == [Status.NOT_FOUND, Status.NOT_FOUND]
    codes = {f.code for r in refs for f in r.findings}
    assert {"RC801", "RC502"} <= codes  # fabricated, and the DOI is not registered

    info = mirror_info(complete)["coverage"]["crossref"]
    assert info["complete"] and info["describe"] == "complete as of 2026-01-01"


def test_journal_scoped_mirror_decides_searches_in_that_journal_only(tmp_path: Path) -> None:
    records = _jsonl(tmp_path, 50)  # 9 Archives of Internal Medicine (0003-9926) records, then JAMA
    db = tmp_path / "aim.sqlite"
    build_mirror([records], db, declared=Declared.parse(["crossref:issn=0003-9926"]))
    other_journal = FABRICATED + ("3. Quixote D. Sancho's ledger of windmill encounters. Lancet. 2006;367:1001-9.\n")
    paper = tmp_path / "paper.md"
    paper.write_text(other_journal, encoding="utf-8")
    settings = Settings(sources=("mirror",), mirror_path=db, cache_dir=tmp_path / "cache")
    refs = check_path(str(paper), settings).references
    assert [r.status for r in refs] == [Status.NOT_FOUND, Status.NOT_FOUND, Status.UNCHECKED]
    codes = {f.code for r in refs for f in r.findings}
    assert "RC801" in codes and "RC502" not in codes  # the cited DOI may be registered in another journal


def test_a_complete_live_registry_decides_next_to_a_subset_mirror(tmp_path: Path) -> None:
    records = _jsonl(tmp_path, 20)
    subset = tmp_path / "subset.sqlite"
    build_mirror([records], subset)
    paper = tmp_path / "paper.md"
    paper.write_text(FABRICATED, encoding="utf-8")
    with FakeCrossref(records=_records(20)) as crossref:
        settings = Settings(sources=("mirror", "crossref"), mirror_path=subset, crossref_url=crossref.url,
                            cache_dir=tmp_path / "cache", mailto="tests@example.org", timeout=5, max_retries=1)
        refs = check_path(str(paper), settings).references
    assert [r.status for r in refs] == [Status.NOT_FOUND, Status.NOT_FOUND]  # Crossref answered


def test_cli_build_declares_and_info_shows_coverage(tmp_path: Path) -> None:
    records = _jsonl(tmp_path, 10)
    db = tmp_path / "m.sqlite"
    runner = CliRunner()
    built = runner.invoke(main, ["mirror", "build", str(records), "--db", str(db)])
    assert built.exit_code == 0, built.output
    assert "coverage: crossref: a subset of 10 records" in built.output
    assert "found by refcheck check as: given with --db" in built.output
    again = runner.invoke(main, ["mirror", "build", str(records), "--db", str(db),
                                 "--complete", "crossref:prefix=10.1001", "--as-of", "2026-01-31"])
    assert again.exit_code == 0, again.output
    info = runner.invoke(main, ["mirror", "info", "--db", str(db)])
    assert "crossref: complete for DOI prefix 10.1001 as of 2026-01-31" in info.output, info.output
    bad = runner.invoke(main, ["mirror", "build", str(records), "--db", str(db), "--complete", "wikidata"])
    assert bad.exit_code == 2 and "registry must be crossref or pubmed" in bad.output
