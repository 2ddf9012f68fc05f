"""``refcheck cache info|clear``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from refcheck.cli import main
from refcheck.sources.cache import Cache


def test_info_and_clear(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("crossref", "work", "10.1/a", 200, b"{}")
    cache.put("pubmed", "pmid", "1", 404, None)
    cache.close()
    runner = CliRunner()
    result = runner.invoke(main, ["cache", "info", "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0 and "2 entries" in result.output and "pubmed pmid (not found)" in result.output
    data = json.loads(runner.invoke(main, ["cache", "info", "--json", "--cache-dir", str(tmp_path)]).output)
    assert data["entries"] == 2
    result = runner.invoke(main, ["cache", "clear", "--source", "pubmed", "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0 and "removed 1" in result.output
    assert runner.invoke(main, ["cache", "clear", "--cache-dir", str(tmp_path)]).output.startswith("removed 1")


def test_info_on_missing_cache_does_not_create_it(tmp_path: Path) -> None:
    target = tmp_path / "nothing"
    result = CliRunner().invoke(main, ["cache", "info", "--cache-dir", str(target)])
    assert result.exit_code == 0 and "nothing cached yet" in result.output and not target.exists()
