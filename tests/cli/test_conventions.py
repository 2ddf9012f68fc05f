"""CLI conventions: directories, .gitignore, --select/--ignore/--exit-zero/--quiet, colour."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main

PAPER = """# Paper

Text cites (1) and (2).

## References

1. Weill A, Chiras J, Simon JM. Spinal metastases: percutaneous injection of acrylic surgical cement. Radiology. 1996;199:241-7.
3. Müller J, Wójcik Ł. MRI of GIST after imatinib. Eur J Radiol. 2005;54(1):118-23.
"""


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs" / "drafts").mkdir(parents=True)
    (tmp_path / "docs" / "paper.md").write_text(PAPER, encoding="utf-8")
    (tmp_path / "docs" / "drafts" / "old.md").write_text(PAPER, encoding="utf-8")
    (tmp_path / "docs" / "notes.png").write_bytes(b"\x89PNG")
    (tmp_path / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def _run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", *args, "--no-lookup"], env=env)


def test_directory_argument_recurses_and_honours_gitignore(tree: Path) -> None:
    result = _run("docs")
    assert result.exit_code == 1
    assert "docs/paper.md:" in result.output and "old.md" not in result.output and "png" not in result.output


def test_select_ignore_quiet_and_exit_zero(tree: Path) -> None:
    everything = _run("docs", "-q").output.splitlines()
    assert {line.split()[1] for line in everything} == {"RC701", "RC703", "RC704"}  # codes on every line
    only = _run("docs", "--select", "RC70", "--ignore", "RC704,RC701", "-q")
    assert [line.split()[1] for line in only.output.splitlines()] == ["RC703"] and only.exit_code == 1
    warnings = _run("docs", "--select", "RC701")
    assert warnings.exit_code == 0 and "summary" not in warnings.output
    assert _run("docs", "--exit-zero").exit_code == 0


def test_color_forced_off_and_by_environment(tree: Path) -> None:
    assert "\x1b[" in _run("docs", "--color").output  # forced even though the output is not a terminal
    assert "\x1b[" not in _run("docs").output
    assert "\x1b[" in _run("docs", env={"FORCE_COLOR": "1"}).output
    assert "\x1b[" not in _run("docs", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).output
    assert "\x1b[" not in _run("docs", "--no-color", env={"FORCE_COLOR": "1"}).output


def test_json_everywhere_and_one_library_option(tree: Path) -> None:
    import json

    runner = CliRunner()
    assert json.loads(runner.invoke(main, ["rule", "RC101", "-f", "json"]).stdout)["name"] == "author-typo"
    info = runner.invoke(main, ["cache", "info", "-f", "json", "--cache-dir", str(tree / "cache")])
    assert json.loads(info.stdout)["entries"] == 0
    (tree / "refs.bib").write_text("@article{a,\n  title = {A title},\n  year = {2001},\n}\n", encoding="utf-8")
    for command in (["tidy", "--check"], ["dedupe"], ["list"]):
        result = runner.invoke(main, [*command, "--library", str(tree / "refs.bib")])
        assert result.exit_code in (0, 1) and "No such option" not in result.output, (command, result.output)


def test_misspelt_config_key_gets_a_suggestion(tree: Path) -> None:
    (tree / ".refcheck.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    result = _run("docs")
    assert result.exit_code == 2
    assert "did you mean 'fail-on'?" in result.output
