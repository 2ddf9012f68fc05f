"""End to end: refcheck as a real pre-commit hook in a throw-away Git repository.

The hook repository is a Git snapshot of this working tree (``.pre-commit-hooks.yaml``,
``pyproject.toml``, ``refcheck/``) committed in a temporary directory, and the manuscript
repository's ``.pre-commit-config.yaml`` names it with a real ``repo:`` path and ``rev:`` commit,
exactly as a user's config names GitHub. Snapshotting (instead of pointing at this repository's
HEAD) tests the code under test, whatever has been committed so far; in CI the two are the same.
pre-commit then builds its own virtualenv and pip-installs the snapshot (from PyPI for the
dependencies), so the test covers the packaging too.

The registry is :class:`FakeCrossref` serving one real recorded Crossref record on 127.0.0.1;
the reference is built from that record at run time. Scenarios: a wrong volume rejects the
commit; an inline ignore with a reason accepts it from the cache; the fixed reference is accepted
(with a staged README without references skipped); with the registry down nothing is checked and
the hook fails with the "nothing was checked" message (never a bare "Passed"), ``SKIP=refcheck``
commits once, and ``allow-unchecked = true`` in the project's config passes with the message shown;
``pre-commit autoupdate`` pins the newest commit id (the docs' way to update ``rev:``).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.crossref import FakeCrossref
from tests.shared import CROSSREF_RECORDS, REPO

pytestmark = pytest.mark.slow

SNAPSHOT_FILES = (".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "LICENSE")


def _git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _env(tmp_path: Path) -> dict[str, str]:
    """A hermetic environment: own PRE_COMMIT_HOME, no user/system git config, no REFCHECK_* leaks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFCHECK_", "GIT_", "PRE_COMMIT"))}
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    env.update({
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "refcheck test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "refcheck test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
    })
    return env


def _snapshot_hook_repo(dest: Path, env: dict[str, str]) -> str:
    """Commit the hook definition and the package into ``dest``; return the commit id."""
    if not (REPO / ".pre-commit-hooks.yaml").is_file():
        pytest.skip(".pre-commit-hooks.yaml is missing from the repository")
    dest.mkdir()
    for name in SNAPSHOT_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "refcheck", dest / "refcheck",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "hook snapshot")):
        result = _git(dest, *args, env=env)
        assert result.returncode == 0, result.stderr
    return _git(dest, "rev-parse", "HEAD", env=env).stdout.strip()


def _record() -> dict[str, Any]:
    """A real recorded journal article with a plain DOI, numeric volume and a page range."""
    with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            authors = r.get("author") or []
            if (r.get("type") == "journal-article" and re.fullmatch(r"10\.\d{4,9}/[a-z0-9][\w.-]+", r["DOI"].lower())
                    and str(r.get("volume", "")).isdigit() and re.fullmatch(r"\d+-\d+", r.get("page", ""))
                    and 1 <= len(authors) <= 3 and all(a.get("family") and a.get("given") for a in authors)
                    and r.get("short-container-title") and r.get("title") and r.get("issued")):
                return r
    pytest.fail("no suitable Crossref record in the shared data")


def _manuscript(record: dict[str, Any], volume: str, comment: str = "") -> str:
    """A Markdown manuscript citing the record in Vancouver style, with the given volume."""
    authors = ", ".join(
        f"{a['family']} {''.join(part[0] for part in a['given'].replace('-', ' ').split())}" for a in record["author"])
    year = record["issued"]["date-parts"][0][0]
    issue = f"({record['issue']})" if record.get("issue") else ""
    return (f"# A short paper\n\nAs shown before [1].\n\n## References\n\n"
            f"1. {authors}. {record['title'][0]}. {record['short-container-title'][0]}. "
            f"{year};{volume}{issue}:{record['page']}. doi:{record['DOI']}{comment}\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(hook_repo: Path, rev: str, crossref_url: str, cache: Path) -> str:
    args = ["--source", "crossref", "--crossref-url", crossref_url, "--cache-dir", str(cache), "--no-color"]
    return (f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: refcheck\n"
            f"        args: {json.dumps(args)}\n        verbose: true\n")  # show the report even when it passes


def _commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    assert _git(repo, "add", "-A", env=env).returncode == 0
    return _git(repo, "commit", "-m", message, env=env)


def test_hook_rejects_a_wrong_reference_and_accepts_the_fix(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = _env(tmp_path)
    rev = _snapshot_hook_repo(tmp_path / "hook-repo", env)
    record = _record()
    repo = tmp_path / "paper-repo"
    repo.mkdir()
    assert _git(repo, "init", "-q", env=env).returncode == 0
    paper = repo / "paper.md"

    with FakeCrossref(records=[record]) as crossref:
        (repo / ".pre-commit-config.yaml").write_text(
            _config(tmp_path / "hook-repo", rev, crossref.url, tmp_path / "cache"), encoding="utf-8")
        install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                                 capture_output=True, text=True, check=False)
        assert install.returncode == 0, install.stdout + install.stderr

        wrong_volume = str(int(record["volume"]) + 3)
        paper.write_text(_manuscript(record, wrong_volume), encoding="utf-8")
        rejected = _commit(repo, env, "add paper with a wrong volume")
        output = rejected.stdout + rejected.stderr
        assert rejected.returncode != 0, output
        assert "paper.md:7:" in output and record["volume"] in output, output
        assert _git(repo, "rev-parse", "--verify", "HEAD", env=env).returncode != 0  # nothing committed

        # An inline ignore with a reason accepts the finding (cached answer: no new request).
        requests_before = crossref.count("/works/")
        paper.write_text(_manuscript(record, wrong_volume, " <!-- refcheck: ignore[RC4] volume as printed -->"),
                         encoding="utf-8")
        ignored = _commit(repo, env, "add paper, volume accepted as printed")
        assert ignored.returncode == 0, ignored.stdout + ignored.stderr
        assert crossref.count("/works/") == requests_before

        # The fix, with a README that has no reference list staged alongside: it is skipped.
        paper.write_text(_manuscript(record, record["volume"]), encoding="utf-8")
        (repo / "README.md").write_text("# Notes\n\nNo references here.\n", encoding="utf-8")
        accepted = _commit(repo, env, "fix the volume")
        assert accepted.returncode == 0, accepted.stdout + accepted.stderr
        assert "README.md: no reference list, skipped" in accepted.stdout + accepted.stderr

    # Registry down (nothing listens on the port) and nothing cached for this new reference:
    # nothing was checked, so the hook fails and says why and the three ways on.
    down = f"http://127.0.0.1:{_free_port()}"
    (repo / ".pre-commit-config.yaml").write_text(
        _config(tmp_path / "hook-repo", rev, down, tmp_path / "cache-empty"), encoding="utf-8")
    paper.write_text(_manuscript(record, wrong_volume), encoding="utf-8")
    offline = _commit(repo, env, "edit paper while the registry is down")
    output = offline.stdout + offline.stderr
    assert offline.returncode != 0, output
    assert "NOTHING WAS CHECKED" in output and "crossref: unreachable (connection refused)" in output, output
    assert "SKIP=refcheck" in output and "allow-unchecked = true" in output and "mirror build" in output, output
    assert "Passed" not in output

    # Skipping once, as the message says, commits.
    skipped = _git(repo, "commit", "-m", "edit paper, skip refcheck once", env={**env, "SKIP": "refcheck"})
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr

    # A project that accepts unchecked references: the hook passes, and still prints the message.
    (repo / ".refcheck.toml").write_text("allow-unchecked = true\n", encoding="utf-8")
    paper.write_text(_manuscript(record, wrong_volume) + "\nEdited again.\n", encoding="utf-8")
    allowed = _commit(repo, env, "edit paper, unchecked allowed by the project")
    output = allowed.stdout + allowed.stderr
    assert allowed.returncode == 0, output
    assert "NOTHING WAS CHECKED" in output and "unchecked" in output, output

    # docs/pre-commit.md: with no release tags, `pre-commit autoupdate` pins the newest commit id.
    hook_repo = tmp_path / "hook-repo"
    assert _git(hook_repo, "commit", "-q", "--allow-empty", "-m", "a newer hook commit", env=env).returncode == 0
    newest = _git(hook_repo, "rev-parse", "HEAD", env=env).stdout.strip()
    update = subprocess.run([sys.executable, "-m", "pre_commit", "autoupdate"], cwd=repo, env=env,
                            capture_output=True, text=True, check=False)
    assert update.returncode == 0, update.stdout + update.stderr
    config = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"rev: {newest}" in config and rev not in config
