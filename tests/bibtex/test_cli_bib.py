"""``refcheck bib`` end to end on a small manuscript, offline (``--no-lookup``)."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
from click.testing import CliRunner

from refcheck.cli import main

MANUSCRIPT = """# A case report

Text citing (1, 2).

## References

1. Müller J, Ñúñez JL, Wójcik Ł. MRI of GIST after imatinib. Eur J Radiol. 2005;54(1):118-23.
2. Weill A, Chiras J, Simon JM, et al. Spinal metastases: indications for and results of percutaneous injection of acrylic surgical cement. Radiology. 1996;199:241-7.
"""


def _run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    src = tmp_path / "paper.md"
    src.write_text(MANUSCRIPT, encoding="utf-8")
    out = tmp_path / "out.bib"
    result = CliRunner().invoke(main, ["bib", str(src), "-o", str(out), "--no-lookup", *args])
    return result.exit_code, out.read_text(encoding="utf-8") if out.exists() else "", result.output


def test_bib_no_lookup_writes_unverified_entries(tmp_path: Path) -> None:
    code, text, output = _run(tmp_path)
    assert code == 0, output
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    entries = lib.entries
    assert [e.key for e in entries] == ["muller2005mri", "weill1996spinal"]
    first = {f.key: f.value for f in entries[0].fields}
    assert first["author"].startswith('M{\\"u}ller, J. and')
    assert first["title"] == "{MRI} of {GIST} after imatinib"
    assert first["pages"] == "118--123" and first["refcheck"] == "unverified"
    second = {f.key: f.value for f in entries[1].fields}
    assert second["author"].endswith(" and others")
    assert "wrote 2 entries" in output
    assert all(ord(ch) < 128 for ch in text)


def test_bib_options(tmp_path: Path) -> None:
    code, text, output = _run(tmp_path, "--keys", "number", "--utf8")
    assert code == 0, output
    entries = bibtexparser.parse_string(text).entries
    assert [e.key for e in entries] == ["ref1", "ref2"]
    assert "Müller, J. and Ñúñez, J. L. and Wójcik, Ł." in text


def test_bib_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bib", str(tmp_path / "nope.md"), "--no-lookup"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "error" in result.output
