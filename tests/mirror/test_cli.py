"""``refcheck mirror build`` / ``refcheck mirror info`` through the real click entry point."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from refcheck.cli import main
from refcheck.errors import EXIT_USAGE


def test_build_then_info(tmp_path: Path, crossref_records: list[dict], pubmed_dir: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.jsonl.gz").write_bytes(gzip.compress("".join(json.dumps(m) + "\n" for m in crossref_records[:25]).encode()))
    (corpus / "p.xml").write_bytes((pubmed_dir / "pmid-11618220.xml").read_bytes())
    (corpus / "readme.md").write_text("# not records")
    db = tmp_path / "m.sqlite"
    runner = CliRunner()
    result = runner.invoke(main, ["mirror", "build", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "26 new" in result.output
    assert "not a record file (.md): readme.md" in result.output

    result = runner.invoke(main, ["mirror", "info", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0
    info = json.loads(result.output)
    assert info["by_source"] == {"crossref": 25, "pubmed": 1}
    text = runner.invoke(main, ["mirror", "info", "--db", str(db)]).output
    assert "records: 26" in text and "crossref: 25" in text and str(corpus) in text


def test_build_into_cache_dir(tmp_path: Path, crossref_records: list[dict]) -> None:
    corpus = tmp_path / "r.jsonl"
    corpus.write_text(json.dumps(crossref_records[0]) + "\n")
    result = CliRunner().invoke(main, ["mirror", "build", str(corpus), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c" / "mirror.sqlite").is_file()


def test_user_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["mirror", "build", str(tmp_path / "nope")])
    assert result.exit_code == EXIT_USAGE
    assert result.output.strip().startswith("refcheck: error: no such file or directory")
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database" * 200)
    result = runner.invoke(main, ["mirror", "info", "--db", str(bogus)])
    assert result.exit_code == EXIT_USAGE and "not a refcheck mirror" in result.output
    assert "Traceback" not in result.output
