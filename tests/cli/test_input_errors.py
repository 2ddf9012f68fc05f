"""`refcheck parse` on bad input: one line on stderr, a documented exit code, no traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from refcheck.cli import main
from refcheck.errors import EXIT_NO_REFERENCES, EXIT_OK, EXIT_USAGE

ENTRIES = "1. Smith J, Doe A. A first title. J Foo 2001;1:2-3.\n2. Roe B. A second title. J Bar 2002;4:5-6.\n"


def run(*args: str):
    result = CliRunner().invoke(main, ["parse", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("refcheck: error: ")
    return lines[0]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    result = run(str(path))
    assert result.exit_code == EXIT_USAGE
    assert "empty file" in error_line(result) and str(path) in result.stderr


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 16)
    result = run(str(path))
    assert result.exit_code == EXIT_USAGE
    assert "binary file, not a manuscript" in error_line(result)


def test_invalid_utf8_succeeds_and_notes_the_encoding(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(("Body.\n\nRéférences\n\n" + ENTRIES.replace("Smith", "Müller")).encode("cp1252"))
    result = run(str(path))
    assert result.exit_code == EXIT_OK
    assert "note: decoded as cp1252 (not valid UTF-8)" in result.stderr
    assert "Müller" in result.stdout


def test_invalid_utf8_json_reports_encoding(tmp_path):
    import json

    path = tmp_path / "legacy.txt"
    path.write_bytes(("References\n\n" + ENTRIES.replace("Doe", "Doé")).encode("latin-1"))
    result = run(str(path), "--format", "json")
    assert result.exit_code == EXIT_OK
    payload = json.loads(result.stdout)
    assert payload["encoding"] == "cp1252" and payload["notes"]
    assert len(payload["references"]) == 2


def test_no_reference_section(tmp_path):
    path = tmp_path / "prose.md"
    path.write_text("# A paper\n\nProse only, published in 2004 with 800 mg (Fig 1).\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == EXIT_NO_REFERENCES
    assert "no reference list found" in error_line(result)


@pytest.mark.parametrize("name", ["missing.md", "no/such/dir/paper.txt"])
def test_missing_path(tmp_path, name):
    path = tmp_path / name
    result = run(str(path))
    assert result.exit_code == EXIT_USAGE
    assert str(path) in error_line(result)


def test_directory(tmp_path):
    result = run(str(tmp_path))
    assert result.exit_code == EXIT_USAGE
    assert "directory" in error_line(result)


def test_fifty_megabyte_text_file(tmp_path):
    block = ("Body text citing [1] and (2), with doses (800 mg) and years (2004). " * 15 + "\n\n") * 1000
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < 50_000_000:
            handle.write(block)
        handle.write("\nReferences\n\n" + ENTRIES)
    result = run(str(path))
    assert result.exit_code in (EXIT_OK, EXIT_USAGE)
    if result.exit_code == EXIT_OK:
        assert "2 references" in result.stderr
    else:
        error_line(result)


def test_too_large_file_is_a_clean_error(tmp_path, monkeypatch):
    import refcheck.extract.reader as reader

    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("References\n\n" + ENTRIES * 20, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == EXIT_USAGE
    assert "too large" in error_line(result)


def test_standard_input():
    result = CliRunner().invoke(main, ["parse", "-"], input="Body.\n\nReferences\n\n" + ENTRIES)
    assert result.exit_code == EXIT_OK, result.output
    assert "2 references" in result.stderr


def test_empty_standard_input():
    result = CliRunner().invoke(main, ["parse", "-"], input="")
    assert result.exit_code == EXIT_USAGE
    assert "-: empty file" in error_line(result)


def test_broken_bib_says_why_nothing_was_found(tmp_path):
    """A .bib whose only entry cannot be parsed: exit 4, and the message names the broken block."""
    path = tmp_path / "refs.bib"
    path.write_text("@article{x, title={A}\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == EXIT_NO_REFERENCES
    line = error_line(result)
    assert "no reference list found" in line and "line 1: could not parse BibTeX entry" in line
