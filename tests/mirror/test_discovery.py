"""Mirror discovery: the per-user mirror and REFCHECK_MIRROR are found from any directory, and
``mirror build`` / ``mirror info`` say where the mirror is and how ``check`` finds it.
Real ``python -m refcheck`` processes, each with its own per-user cache (XDG_CACHE_HOME)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

from refcheck.config import Settings
from refcheck.mirror import locate
from tests.shared import CROSSREF_RECORDS, REPO


def _run(cwd: Path, xdg: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("REFCHECK_")}
    base.update({"XDG_CACHE_HOME": str(xdg), "PYTHONPATH": str(REPO), "NO_COLOR": "1", **env})
    return subprocess.run([sys.executable, "-m", "refcheck", *args], cwd=cwd, env=base, capture_output=True,
                          text=True, timeout=120, check=False)


def _paper(folder: Path) -> Path:
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        record = json.loads(fh.readline())
    folder.mkdir(parents=True, exist_ok=True)
    records = folder / "records.jsonl"
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    paper = folder / "paper.md"
    paper.write_text(f"# P\n\n## References\n\n1. {record['title'][0]}. doi:{record['DOI']}\n", encoding="utf-8")
    return paper


def test_per_user_mirror_is_built_and_found_from_any_directory(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    paper = _paper(tmp_path / "a")
    built = _run(tmp_path / "a", xdg, "mirror", "build", "records.jsonl", "-q")
    assert built.returncode == 0, built.stderr
    user_mirror = xdg / "refcheck" / "mirror.sqlite"
    assert f"mirror: {user_mirror}" in built.stdout
    assert "found by refcheck check as: the per-user mirror, found from any directory" in built.stdout

    project = tmp_path / "b"  # another project, with its own cache/ directory (and no mirror in it)
    (project / "cache").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (project / "paper.md").write_text(paper.read_text(encoding="utf-8"), encoding="utf-8")
    checked = _run(project, xdg, "check", "paper.md", "--offline", "--format", "json")
    report = json.loads(checked.stdout)
    assert "mirror" in report["sources"], checked.stdout
    assert report["references"][0]["match"]["source"] == "mirror"  # identified from the per-user mirror
    info = _run(project, xdg, "mirror", "info")
    assert f"mirror: {user_mirror}" in info.stdout and "coverage" in info.stdout


def test_refcheck_mirror_variable_wins_from_anywhere(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    _paper(tmp_path / "a")
    elsewhere = tmp_path / "shared-mirror.sqlite"
    built = _run(tmp_path / "a", xdg, "mirror", "build", "records.jsonl", "-q", REFCHECK_MIRROR=str(elsewhere))
    assert built.returncode == 0 and f"mirror: {elsewhere}" in built.stdout
    assert "set by --mirror, REFCHECK_MIRROR or config 'mirror'" in built.stdout
    assert not (xdg / "refcheck" / "mirror.sqlite").exists()
    checked = _run(tmp_path, xdg, "check", str(tmp_path / "a" / "paper.md"), "--offline", "--format", "json",
                   REFCHECK_MIRROR=str(elsewhere))
    assert json.loads(checked.stdout)["references"][0]["match"]["source"] == "mirror"


def test_locate_order(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache = tmp_path / "project-cache"
    found = locate(Settings(), cache)
    assert not found.exists and found.path == tmp_path / "xdg" / "refcheck" / "mirror.sqlite"
    assert locate(Settings(cache_dir=cache), cache).path == cache / "mirror.sqlite"  # an explicit cache dir
    cache.mkdir()
    (cache / "mirror.sqlite").write_bytes(b"")
    in_cache = locate(Settings(), cache)
    assert in_cache.exists and in_cache.path == cache / "mirror.sqlite" and "REFCHECK_MIRROR" in in_cache.how
    explicit = locate(Settings(mirror_path=tmp_path / "m.sqlite"), cache)
    assert explicit.path == tmp_path / "m.sqlite" and not explicit.exists
