"""Configuration: defaults < config file < environment < flags, validation, and file discovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.config import Settings, load_settings
from refcheck.errors import EXIT_USAGE, ConfigError

ENV = ("REFCHECK_MAILTO", "CROSSREF_MAILTO", "REFCHECK_CROSSREF_URL", "REFCHECK_FAIL_ON", "REFCHECK_STRICT",
       "REFCHECK_SOURCES", "REFCHECK_OFFLINE", "REFCHECK_CACHE_DIR", "REFCHECK_EUTILS_URL", "NCBI_API_KEY",
       "REFCHECK_MIRROR")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def _project(tmp_path: Path, body: str, name: str = ".refcheck.toml") -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    sub = tmp_path / "paper" / "chapters"
    sub.mkdir(parents=True)
    return sub


def test_precedence_defaults_file_env_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start = _project(tmp_path, 'mailto = "file@example.org"\nfail-on = "warning"\net-al-after = 3\n'
                               'crossref-url = "http://file"\n')
    defaults = Settings()
    s = load_settings(start)
    assert (s.mailto, s.fail_on, s.et_al_after, s.crossref_url) == ("file@example.org", "warning", 3, "http://file")
    assert s.timeout == defaults.timeout and s.config_file == tmp_path / ".refcheck.toml"
    monkeypatch.setenv("REFCHECK_MAILTO", "env@example.org")
    monkeypatch.setenv("REFCHECK_FAIL_ON", "info")
    s = load_settings(start)
    assert (s.mailto, s.fail_on, s.et_al_after) == ("env@example.org", "info", 3)
    s = load_settings(start, mailto="flag@example.org", fail_on=None, et_al_after=6)
    assert (s.mailto, s.fail_on, s.et_al_after) == ("flag@example.org", "info", 6)  # None = flag not given


def test_pyproject_tool_table_and_relative_paths(tmp_path: Path) -> None:
    start = _project(tmp_path, '[project]\nname = "x"\n\n[tool.refcheck]\ncache-dir = "cache"\n'
                               'ignore = "RC302"\nsources = ["crossref"]\n'
                               '[tool.refcheck.ignore-refs]\n"12" = ["RC101"]\n'
                               '[tool.refcheck.per-file-ignores]\n"drafts/*.md" = ["RC7"]\n', name="pyproject.toml")
    s = load_settings(start)
    assert s.cache_dir == tmp_path / "cache"
    assert s.ignore == ["RC302"]  # a bare string is read as a one-item list
    assert s.sources == ("crossref",)
    assert s.ignore_refs == {12: ["RC101"]} and s.per_file_ignores == {"drafts/*.md": ["RC7"]}


def test_pyproject_without_tool_refcheck_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".refcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_settings(inner).fail_on == "never"


def test_env_sources_and_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFCHECK_SOURCES", "crossref, mirror")
    monkeypatch.setenv("REFCHECK_STRICT", "1")
    s = load_settings(tmp_path)
    assert s.sources == ("crossref", "mirror") and s.strict


@pytest.mark.parametrize("body, message", [
    ('colour = "red"\n', "unknown config key 'colour'"),
    ('fail_on = "warning"\n', "unknown config key 'fail_on' in \\[tool.refcheck\\]; did you mean 'fail-on'\\?"),
    ('ingore = ["RC101"]\n', "did you mean 'ignore'"),
    ('per-file-ignore = {}\n', "did you mean 'per-file-ignores'"),
    ('et-al-after = "six"\n', "must be int"),
    ('fail-on = "sometimes"\n', "fail-on must be"),
    ('sources = ["scholar"]\n', "unknown source 'scholar'"),
    ('[ignore-refs]\nfirst = ["RC101"]\n', "reference numbers"),
    ('ignore = [1.5]\n', "list of strings"),
    ('severity = "error"\n', "must be a table"),
    ('fail-on = \n', "cannot read configuration"),
])
def test_invalid_config_is_a_config_error(tmp_path: Path, body: str, message: str) -> None:
    start = _project(tmp_path, body)
    with pytest.raises(ConfigError, match=message):
        load_settings(start)


def test_cli_reports_a_bad_config_on_one_line(tmp_path: Path) -> None:
    start = _project(tmp_path, 'colour = "red"\n')
    paper = start / "paper.md"
    paper.write_text("References\n\n1. Smith J. Title. J Clin 2001;1:1-2.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-lookup", str(paper)])
    assert result.exit_code == EXIT_USAGE
    assert "unknown config key 'colour'" in result.output and "Traceback" not in result.output


def test_fail_on_precedence_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning-level numbering finding (RC705) gates the exit code as each layer decides."""
    start = _project(tmp_path, 'fail-on = "never"\n')
    paper = start / "paper.md"
    paper.write_text("Text cites [2] first, then [1].\n\nReferences\n\n"
                     "1. Smith J. A first title. J Clin Oncol. 2001;19(2):100-10.\n"
                     "2. Brown A. A second title. Lancet. 2002;359(9302):11-20.\n", encoding="utf-8")
    runner = CliRunner()

    def exit_code(*flags: str) -> int:
        return runner.invoke(main, ["check", "--no-lookup", "--no-color", *flags, str(paper)]).exit_code

    assert exit_code() == 0  # file: never
    monkeypatch.setenv("REFCHECK_FAIL_ON", "warning")
    assert exit_code() == 1  # env beats file
    assert exit_code("--fail-on", "error") == 0  # flag beats env
