"""Issue #17 items 1, 6 and 7: hostile input ends quickly, in one line and a documented exit code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from tests.fakes.bombs import docx_bomb, pdf_bomb


def parse(path: Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["parse", str(path)], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_error(result) -> str:  # type: ignore[no-untyped-def]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("refcheck: error: "), result.stderr
    return lines[0]


# -- item 1: inputs that made a regex backtrack (each took 6-38 s before) ------------------------
def test_heading_followed_by_a_long_blank_run(tmp_path: Path) -> None:
    for blank in (" " * 160, "\t" * 128):
        paper = tmp_path / "h.txt"
        paper.write_text("References" + blank + "12\n1. Smith J. Title of it. J Med. 2001;1:1-2.\n")
        result = parse(paper)
        assert result.exit_code in (EXIT_OK, 4)


def test_a_line_of_4096_spaces(tmp_path: Path) -> None:
    paper = tmp_path / "s.txt"
    paper.write_text("Text.\n" + " " * 4096 + "x\nReferences\n1. Smith J. Title of it. J Med. 2001;1:1-2.\n")
    result = parse(paper)
    assert result.exit_code == EXIT_OK and "Smith J" in result.stdout


def test_latin_extended_letters_in_both_case_classes(tmp_path: Path) -> None:
    paper = tmp_path / "u.txt"
    paper.write_text("References\n1. " + "Š" * 40 + ")\n", encoding="utf-8")
    result = parse(paper)
    assert result.exit_code == EXIT_OK and "ŠŠŠŠ" in result.stdout


def test_twenty_thousand_capitals(tmp_path: Path) -> None:
    paper = tmp_path / "a.txt"
    paper.write_text("References\n1. " + "A" * 20_000 + "\n")
    result = parse(paper)
    assert result.exit_code == EXIT_OK


def test_an_overlong_entry_is_parsed_on_its_start_with_a_note() -> None:
    from refcheck.model import RawEntry, Span
    from refcheck.parse import parse_entry
    from refcheck.parse.entry import MAX_ENTRY_CHARS

    text = "Smith J. Title of it. J Med. 2001;1:1-2. " + "x " * MAX_ENTRY_CHARS
    cit = parse_entry(RawEntry(number=1, text=text, span=Span(1, 1)))
    assert cit.year == 2001 and any("only its start" in note for note in cit.notes)


# -- item 6: special files and bombs ---------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    result = parse(fifo)  # used to block forever waiting for a writer
    assert result.exit_code == EXIT_USAGE and "not a regular file (a named pipe)" in one_error(result)


def test_a_device_is_refused(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    result = parse(Path("/dev/zero"))
    assert result.exit_code == EXIT_USAGE and "character device" in one_error(result)


def test_a_symlink_loop_is_named_as_such(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = parse(loop)
    assert result.exit_code == EXIT_USAGE and "symlink loop" in one_error(result)


def test_a_docx_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bomb(200 * 1024 * 1024))  # ~200 KB on disk, 200 MB document.xml
    assert bomb.stat().st_size < 1024 * 1024
    result = parse(bomb)
    assert result.exit_code == EXIT_USAGE and "would unpack to 200 MB" in one_error(result)


def test_a_pdf_flate_bomb_is_an_input_error(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_bomb(128 * 1024 * 1024))
    result = parse(bomb)
    assert result.exit_code == EXIT_USAGE and "inflates past the size limit" in one_error(result)


def test_deeply_nested_csl_json(tmp_path: Path) -> None:
    deep = tmp_path / "refs.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    result = parse(deep)
    assert result.exit_code == EXIT_USAGE and "nested more than" in one_error(result)


# -- item 7: exit codes ----------------------------------------------------------------------------
def test_ris_with_an_empty_author_line(tmp_path: Path) -> None:
    ris = tmp_path / "e.ris"
    ris.write_text("TY  - JOUR\nAU  - \nAU  - Smith, John\nTI  - A title\nPY  - 2001\nER  - \n")
    for env in (None, {"REFCHECK_DEBUG": "1"}):
        result = parse(ris, env)
        assert result.exit_code == EXIT_OK and "Smith" in result.stdout


def test_debug_never_changes_the_exit_code_of_a_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import refcheck.pipeline

    def bug(*args: object, **kwargs: object) -> None:
        raise IndexError("a bug")

    monkeypatch.setattr(refcheck.pipeline, "extract_file", bug)
    paper = tmp_path / "p.txt"
    paper.write_text("References\n1. Smith J. Title. J Med. 2001;1:1-2.\n")
    quiet = parse(paper)
    loud = parse(paper, {"REFCHECK_DEBUG": "1"})
    assert quiet.exit_code == loud.exit_code == EXIT_INTERNAL
    assert "Traceback" in loud.stderr and "Traceback" not in quiet.stderr


# -- found by bench/fuzz_bench.py ------------------------------------------------------------------
def test_page_numbers_of_thousands_of_digits(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{k, author = {Smith, J}, title = {T}, journal = {J}, year = {2001}, pages = {"
                   + "1" * 5000 + "--" + "2" * 5000 + "}}\n")
    result = parse(bib)  # int() of a 5,000-digit string raised ValueError (exit 70)
    assert result.exit_code == EXIT_OK


def test_a_long_blank_run_in_pages_is_linear() -> None:
    from refcheck.text.fold import tight_dashes
    from refcheck.text.pages import expand_pages

    assert tight_dashes("12 " + " " * 50_000 + "-- 15") == "12-15"  # was quadratic: 1.6 s at 8 KB
    assert expand_pages("12" + " " * 50_000 + "x") == ("12" + " " * 50_000 + "x", None)


def test_a_zip_that_zipfile_cannot_read_is_an_input_error(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<x/>")
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")
    data[central + 6] = 81  # "version needed to extract" 8.1: zipfile raises NotImplementedError
    docx = tmp_path / "odd.docx"
    docx.write_bytes(bytes(data))
    result = parse(docx)
    assert result.exit_code == EXIT_USAGE and one_error(result)
