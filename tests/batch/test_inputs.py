"""Manuscripts named by files, directories, list files and JSON-lines manifests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refcheck.batch.inputs import collect, safe_id
from refcheck.errors import InputError


def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_directory_is_walked_recursively_skipping_hidden_and_other_files(tmp_path: Path) -> None:
    _touch(tmp_path / "a.md")
    _touch(tmp_path / "sub" / "b.docx")
    _touch(tmp_path / "sub" / "notes.csv")
    _touch(tmp_path / ".git" / "c.md")
    _touch(tmp_path / ".hidden.md")
    items = collect([str(tmp_path)])
    assert [i.id for i in items] == ["a.md", "sub__b.docx"]
    assert items[1].path == str(tmp_path / "sub" / "b.docx")


def test_list_file_and_manifest_resolve_relative_paths(tmp_path: Path) -> None:
    a, b = _touch(tmp_path / "m" / "a.md"), _touch(tmp_path / "m" / "b.tex")
    _touch(tmp_path / "m" / "batch.list", "# corpus\na.md\n\n" + str(b) + "\n")
    assert [i.path for i in collect([str(tmp_path / "m" / "batch.list")])] == [str(a), str(b)]
    _touch(tmp_path / "m" / "plain.txt", "a.md\n")
    assert [i.path for i in collect(["@" + str(tmp_path / "m" / "plain.txt")])] == [str(a)]
    manifest = tmp_path / "m" / "batch.jsonl"
    manifest.write_text(json.dumps({"path": "a.md", "id": "MS-2026/001"}) + "\n\n" + json.dumps({"path": "b.tex"})
                        + "\n", encoding="utf-8")
    items = collect([str(manifest)])
    assert [(i.id, i.path) for i in items] == [("MS-2026__001", str(a)), ("b.tex", str(b))]


def test_ids_are_unique_and_paths_deduplicated(tmp_path: Path) -> None:
    a1, a2 = _touch(tmp_path / "x" / "paper.md"), _touch(tmp_path / "y" / "paper.md")
    items = collect([str(a1), str(a2), str(a1)])
    assert [i.id for i in items] == ["paper.md", "paper.md-2"]


@pytest.mark.parametrize("line, message", [
    ("{not json", "batch.jsonl:1: not a JSON object"),
    ('{"id": "x"}', 'batch.jsonl:1: each manifest line needs a "path" string'),
])
def test_bad_manifest_line_is_one_clear_error(tmp_path: Path, line: str, message: str) -> None:
    manifest = _touch(tmp_path / "batch.jsonl", line + "\n")
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        collect([str(manifest)])


def test_missing_argument_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        collect([str(tmp_path / "nope")])


def test_safe_id() -> None:
    assert safe_id("sub dir/ä paper (v2).md") == "sub_dir__paper_v2_.md"
    assert safe_id("../../etc/passwd") == "______etc__passwd"  # never a path out of the reports directory
