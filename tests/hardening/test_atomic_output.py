"""Issue #17 items 5 and 8: every output file is written atomically, with a backup, through symlinks."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck import fileio
from refcheck.cli import main
from refcheck.errors import EXIT_USAGE

PAPER = "References\n1. Smith J. Title of it. J Med. 2001;1:1-2.\n2. Roe B. Another title. J Bar. 2002;4:5-6.\n"


def _disk_full(monkeypatch: pytest.MonkeyPatch, errno_code: int = errno.ENOSPC) -> None:
    """Every fsync fails as on a full (or read-only) disk: after the data was partly written."""

    def fail(fd: int) -> None:
        raise OSError(errno_code, os.strerror(errno_code))

    monkeypatch.setattr(fileio.os, "fsync", fail)


def _paper(tmp_path: Path) -> Path:
    paper = tmp_path / "paper.txt"
    paper.write_text(PAPER, encoding="utf-8")
    return paper


@pytest.mark.parametrize("command", [["bib", "--no-lookup"], ["check", "--no-lookup"]])
def test_o_replaces_an_existing_file_atomically_with_a_backup(tmp_path: Path, command: list[str]) -> None:
    paper, out = _paper(tmp_path), tmp_path / "out.txt"
    out.write_text("the user's own file\n")
    result = CliRunner().invoke(main, [command[0], str(paper), *command[1:], "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert "2 references" in out.read_text() or "Smith" in out.read_text()
    assert (tmp_path / "out.txt.bak").read_text() == "the user's own file\n"
    assert not list(tmp_path.glob(".out.txt.*"))  # no temporary debris


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize("command", [["bib", "--no-lookup"], ["check", "--no-lookup"]])
def test_o_on_a_full_or_read_only_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str],
                                       code: int) -> None:
    paper, out = _paper(tmp_path), tmp_path / "refs.bib"
    out.write_text("@article{keep, title = {kept}}\n")
    _disk_full(monkeypatch, code)
    result = CliRunner().invoke(main, [command[0], str(paper), *command[1:], "-o", str(out)])
    assert result.exit_code == EXIT_USAGE  # the user's condition, not exit 70
    errors = [line for line in result.stderr.splitlines() if line.startswith("refcheck: error:")]
    assert len(errors) == 1 and os.strerror(code) in errors[0] and "Traceback" not in result.output
    assert out.read_text() == "@article{keep, title = {kept}}\n"  # untouched, never truncated
    assert not (tmp_path / "refs.bib.bak").exists()  # no partial backup either
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_export_o_goes_through_the_atomic_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "library.bib"
    library.write_text("@article{smith2001, author = {Smith, J.}, title = {Title}, journal = {J Med}, year = {2001}}\n")
    out = tmp_path / "export.ris"
    out.write_text("old export\n")
    result = CliRunner().invoke(main, ["export", "--library", str(library), "-f", "ris", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Smith" in out.read_text() and (tmp_path / "export.ris.bak").read_text() == "old export\n"
    _disk_full(monkeypatch)
    result = CliRunner().invoke(main, ["export", "--library", str(library), "-f", "ris", "-o", str(out)])
    assert result.exit_code == EXIT_USAGE and "Smith" in out.read_text()


def test_a_failed_backup_leaves_no_partial_bak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "paper.md"
    target.write_text("original\n")
    _disk_full(monkeypatch)
    with pytest.raises(fileio.OutputError, match="No space left"):
        fileio.atomic_write(target, "new\n")
    assert target.read_text() == "original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.md"]


# -- item 8: symlinks ------------------------------------------------------------------------------
def test_a_write_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "paper.md"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "paper.md"
    link.symlink_to(real)
    saved = fileio.atomic_write(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert saved == real.with_name("paper.md.bak") and saved.read_text() == "old\n"


def test_bib_o_to_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared.bib"
    real.write_text("% old\n")
    link = tmp_path / "refs.bib"
    link.symlink_to(real.name)
    result = CliRunner().invoke(main, ["bib", str(_paper(tmp_path)), "--no-lookup", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "@article" in real.read_text()


def test_library_add_to_a_symlinked_library(tmp_path: Path) -> None:
    from refcheck.library.store import load_library, save_library

    real = tmp_path / "lib" / "library.bib"
    real.parent.mkdir()
    real.write_text("@article{a2001, author = {A, B}, title = {T}, journal = {J}, year = {2001}}\n")
    link = tmp_path / "library.bib"
    link.symlink_to(real)
    save_library(load_library(link), link)
    assert link.is_symlink() and real.read_text().startswith("@article")


def test_a_symlink_loop_as_output_is_one_clear_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop.bib"
    loop.symlink_to(loop)
    result = CliRunner().invoke(main, ["bib", str(_paper(tmp_path)), "--no-lookup", "-o", str(loop)])
    assert result.exit_code == EXIT_USAGE and "symlink loop" in result.stderr


def test_fix_write_through_a_symlink(tmp_path: Path) -> None:
    """`fix --write` on a linked manuscript rewrites the target and keeps the link (was replaced by a file)."""
    from tests.fakes.crossref import FakeCrossref
    from tests.fakes.eutils import FakeEutils
    from tests.fix.test_plan import _E2E, _RECORD

    real = tmp_path / "drafts" / "paper.md"
    real.parent.mkdir()
    real.write_text(_E2E, encoding="utf-8")
    link = tmp_path / "paper.md"
    link.symlink_to(real)
    empty = tmp_path / "pubmed"
    empty.mkdir()
    with FakeCrossref(records=[_RECORD]) as cr, FakeEutils(pubmed_xml_dir=empty) as eu:
        opts = ["--crossref-url", cr.url, "--eutils-url", eu.url, "--cache-dir", str(tmp_path / "cache"),
                "--source", "crossref"]
        result = CliRunner().invoke(main, ["fix", str(link), "--write", *opts])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "2005;26(3):493-5." in real.read_text(encoding="utf-8")
    assert (real.parent / "paper.md.bak").read_text(encoding="utf-8") == _E2E
