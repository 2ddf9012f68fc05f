"""Input robustness: what is refused, and how odd encodings are decoded."""

from __future__ import annotations

import codecs
import io
import sys

import pytest

from refcheck.errors import InputError
from refcheck.extract.reader import bom_encoding, decode, is_binary, read_bytes, sniff_utf16


def test_missing_file_names_the_path(tmp_path):
    path = tmp_path / "nope.md"
    with pytest.raises(InputError, match=r"nope\.md: no such file"):
        read_bytes(str(path))


def test_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_bytes(str(tmp_path))


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty file"):
        read_bytes(str(path))


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match="too large"):
        read_bytes(str(path), max_bytes=1024)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"hello refs")))
    assert read_bytes("-") == b"hello refs"


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"%PDF-1.4\n\x00\x01binary", True),
        (bytes(range(1, 32)) * 20, True),
        ("Plain text, caf\u00e9\n\tindented\r\n".encode(), False),
        (b"a text with one stray \x07 bell", False),
    ],
)
def test_binary_sniff(data, binary):
    assert is_binary(data) is binary


def test_binary_decode_raises():
    with pytest.raises(InputError, match="binary file, not a manuscript"):
        decode(b"\x00\x01\x02\x03 some \x00 data" * 10, "x.txt")


def test_utf8_decodes_silently():
    text, encoding, notes = decode("Müller J. Título.".encode())
    assert (text, encoding, notes) == ("Müller J. Título.", "utf-8", [])


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_marks(bom, codec):
    data = bom + "References\n1. Müller J.".encode(codec)
    assert bom_encoding(data) is not None
    text, encoding, notes = decode(data)
    assert text == "References\n1. Müller J."
    assert notes == []
    assert encoding.startswith("utf-")


def test_bomless_utf16_is_recognised_not_called_binary():
    data = "References\n1. Smith J. Title. J 2001;1:2.\n".encode("utf-16-le")
    assert sniff_utf16(data) == "utf-16-le"
    text, _, _ = decode(data)
    assert text.startswith("References")


def test_invalid_utf8_is_sniffed_and_noted():
    source = "References\n\n1. Müller J, Gómez A. Étude des données. Rev Méd 2001;12:3-4.\n" * 3
    text, encoding, notes = decode(source.encode("cp1252"))
    assert "Müller" in text and "Gómez" in text
    assert len(notes) == 1 and encoding in notes[0] and "not valid UTF-8" in notes[0]


def test_fallbacks_when_sniffing_fails(monkeypatch):
    import charset_normalizer

    def broken(*args, **kwargs):
        raise RuntimeError("sniffer failure")

    monkeypatch.setattr(charset_normalizer, "from_bytes", broken)
    _, encoding, notes = decode("Caf\u00e9 \u2013 r\u00e9f".encode("cp1252"))
    assert encoding == "cp1252" and "cp1252" in notes[0]
    text, encoding, _ = decode(b"R\xe9f\x81rences")  # 0x81 is undefined in cp1252
    assert encoding == "iso8859-1" and text == "R\u00e9f\u0081rences"
