"""extract_file: dispatch by suffix/content, and the fallback for formats not available."""

from __future__ import annotations

import io
import sys

import pytest

from refcheck.errors import InputError
from refcheck.extract import extract_bytes, extract_file, sniff_suffix

LIST = "Body [1].\n\nReferences\n\n1. Smith J. A title. J Foo 2001;1:2-3.\n2. Doe A. B title. J 2002;3:4.\n"


@pytest.mark.parametrize("name", ["paper.md", "paper.markdown", "paper.txt", "paper.text", "paper.weird", "README"])
def test_text_like_files(tmp_path, name):
    path = tmp_path / name
    path.write_text(LIST, encoding="utf-8")
    doc = extract_file(str(path))
    assert [e.number for e in doc.entries] == [1, 2]
    assert doc.path == str(path) and doc.encoding == "utf-8"
    assert doc.format == ("markdown" if name.endswith(("md", "markdown")) else "text")


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LIST.encode())))
    doc = extract_file("-")
    assert doc.path == "-" and len(doc.entries) == 2


def test_cp1252_file_notes_the_encoding(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(LIST.replace("Smith", "Müller").encode("cp1252"))
    doc = extract_file(str(path))
    assert doc.entries[0].text.startswith("Müller J.")
    assert doc.encoding and doc.encoding != "utf-8"
    assert any(doc.encoding in note for note in doc.notes)





def test_binary_with_text_suffix(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(InputError, match="binary file, not a manuscript"):
        extract_file(str(path))


@pytest.mark.parametrize(
    ("head", "suffix"),
    [
        (b"%PDF-1.7\n", ".pdf"),
        (b"PK\x03\x04", ".docx"),
        (b"% comment\n@article{key,\n title={x}}", ".bib"),
        (b'<?xml version="1.0"?>\n<article xmlns="x">', ".xml"),
        (b"TY  - JOUR\nAU  - Smith", ".ris"),
        (b"\\documentclass{article}", ".tex"),
        (b'[\n  {"id": "a", "type": "article-journal"}]', ".json"),
        (b"[Title](http://x) and text", None),
        (LIST.encode(), None),
    ],
)
def test_sniff_suffix(head, suffix):
    assert sniff_suffix(head) == suffix


def test_suffix_wins_over_content_for_text_files():
    # A .txt manuscript that happens to start like RIS is still read as text.
    doc = extract_bytes("paper.txt", b"TY  - not really\n\n" + LIST.encode())
    assert doc.format == "text" and len(doc.entries) == 2
