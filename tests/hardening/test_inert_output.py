"""Issue #17 item 4: untrusted text cannot inject BibTeX fields, workflow commands, bad XML or
terminal escapes into refcheck's outputs."""

from __future__ import annotations

import shutil
import subprocess
import xml.dom.minidom
from pathlib import Path

import bibtexparser
import pytest
from click.testing import CliRunner

from refcheck.bibtex.write import brace_safe
from refcheck.cli import main
from refcheck.model import Report
from refcheck.report import github, junit, text
from refcheck.report.safe import one_line, printable, xml_safe

INJECTION = (
    "References\n"
    "1. Mallory M. Innocent title}, note = {INJECTED-NOTE. Fake J. 2004;5:6-7.\n"
    "2. Smith J. Title of it. J Med. 2001;1:1-2. doi:10.1000/abc},note={DOI-INJECTED\n"
)


def _bib(tmp_path: Path, manuscript: str, *flags: str) -> str:
    paper = tmp_path / "paper.txt"
    paper.write_text(manuscript, encoding="utf-8")
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(main, ["bib", str(paper), "--no-lookup", "-o", str(out), *flags])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("flags", [(), ("--utf8",)])
def test_bibtex_values_cannot_close_their_field(tmp_path: Path, flags: tuple[str, ...]) -> None:
    bib = _bib(tmp_path, INJECTION, *flags)
    library = bibtexparser.parse_string(bib)
    assert len(library.entries) == 2 and not library.failed_blocks
    for entry in library.entries:
        assert "note" not in entry.fields_dict, entry.fields_dict
        assert entry.fields_dict["refcheck"].value == "unverified"  # the last field survived
    assert "INJECTED" in library.entries[0]["title"]  # the text is kept, as text


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="real bibtex not installed")
def test_real_bibtex_prints_no_injected_note(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(_bib(tmp_path, INJECTION), encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n")
    run = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout
    bbl = (tmp_path / "doc.bbl").read_text()
    blocks = [b for b in bbl.split("\\newblock") if "INJECTED" in b]
    assert len(blocks) == 1 and "Innocent title" in blocks[0]  # only inside the title sentence


def test_brace_safe_never_lets_depth_go_below_zero() -> None:
    for value in ["a}b", "{{x", "}{", r"x{\}}y", r"{\{}", "10.1000/abc},note={X", "ok {A} ok"]:
        depth = 0
        for ch in brace_safe(value):
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, value
        assert depth == 0, value
    assert brace_safe("ok {A} ok") == "ok {A} ok"


def _report(file: str, reference: str) -> Report:
    """One unchecked reference whose reason and finding both carry the untrusted text."""
    from refcheck import model as m

    cit = m.Citation(number=1, text=reference, span=m.Span(2, 1), title=reference)
    finding = m.Finding("RC101", "title", "typo", m.Severity.WARNING, f"title differs: {reference}", cited=reference)
    reasons = (m.Reason(m.ReasonCode.NOTE, reference),)
    checked = m.CheckedReference(citation=cit, match=m.Match(m.Status.UNCHECKED, reasons=reasons), findings=[finding])
    return Report(file=file, references=[checked])


def test_github_file_name_cannot_start_a_workflow_command() -> None:
    out = github.render([_report("paper.md\n::warning file=x.md::pwned", "Smith J.")])
    for line in out.splitlines():
        assert not line.startswith("::warning file=x.md"), line
    assert all(line.startswith("::") or line.startswith("paper.md") for line in out.splitlines())


def test_junit_with_an_escape_character_is_well_formed() -> None:
    out = junit.render([_report("paper.md", "Smith J. \x1b[31mRed\x1b[0m title\x00\x0b.")])
    xml.dom.minidom.parseString(out)  # raises on ill-formed XML
    assert "\x1b" not in out


def test_text_report_strips_control_characters_from_file_names_and_text() -> None:
    out = text.render([_report("pa\x1b]0;owned\x07per.md", "Smith J. \x1b[2J title.")])
    assert "\x1b" not in out and "\x07" not in out and "paper.md" in out.replace("]0;owned", "")


def test_parse_table_prints_no_terminal_escapes(tmp_path: Path) -> None:
    paper = tmp_path / "esc.txt"
    paper.write_text("References\n1. Smith J. Title \x1b[31mRED\x1b[0m of it \u202eevil. J Med. 2001;1:1-2.\n")
    result = CliRunner().invoke(main, ["parse", str(paper)])
    assert result.exit_code == 0 and "RED" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


def test_helpers() -> None:
    assert printable("a\x1b[1mb\tc\nd\x9be\u2066") == "a[1mb\tc\nde"
    assert one_line("a\nb\r\nc\td") == "a b  c d"
    assert xml_safe("a\x00b\x1bc\ufffe\U0001f600") == "abc\U0001f600"


@pytest.mark.parametrize("command", [["list"], ["show", "evil2020"], ["search", "Innocent"]])
def test_library_commands_print_no_terminal_escapes_from_entries(tmp_path: Path, command: list[str]) -> None:
    """A library entry (imported from anywhere) cannot drive the terminal through list/show/search."""
    library = tmp_path / "lib.bib"
    library.write_text("@article{evil2020,\n  author = {Mallory, M.},\n"
                       "  title = {Innocent \x1b[2J\x1b]0;pwned\x07 title},\n  journal = {Fake J},\n"
                       "  year = {2020},\n}\n", encoding="utf-8")
    result = CliRunner().invoke(main, [*command, "-l", str(library)])
    assert result.exit_code == 0, result.output
    assert "Innocent" in result.output and "pwned" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
