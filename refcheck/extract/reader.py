"""Read a manuscript's bytes safely and decode them to text.

Everything a user can get wrong about the *file itself* (missing, a directory, empty, binary,
huge, not UTF-8) is decided here, once, so that every format extractor sees clean bytes or a
clean string and never has to raise its own I/O errors.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
from pathlib import Path

from refcheck.errors import InputError

#: Largest input accepted. A manuscript is rarely above a few MB; 200 MB leaves room for PDFs
#: with images while keeping memory bounded (the text is held once, plus one working copy).
MAX_BYTES = 200 * 1024 * 1024

# How much of the file the binary sniff looks at: enough to see a header and some body text,
# small enough to stay constant-time on a 200 MB file.
_SNIFF_BYTES = 64 * 1024

# C0 control bytes that never occur in a text manuscript (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}))

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: str, *, max_bytes: int | None = None) -> bytes:
    """Return the file's bytes ('-' = standard input), or raise InputError naming the path.

    The size is checked before reading so that a 5 GB file is refused without being loaded.
    """
    limit = MAX_BYTES if max_bytes is None else max_bytes
    data = sys.stdin.buffer.read(limit + 1) if path == "-" else _read_path(Path(path), path, limit)
    if len(data) > limit:
        raise InputError(f"{path}: file too large ({_mb(len(data))}+ MB; the limit is {_mb(limit)} MB)")
    if not data.strip():
        raise InputError(f"{path}: empty file")
    return data


def _read_path(file: Path, shown: str, limit: int) -> bytes:
    """Read a named file with one-line errors for the usual mistakes.

    The file is opened non-blocking and checked with ``fstat`` on the open descriptor: a FIFO,
    device or socket is refused at once (``mkfifo f.txt; refcheck parse f.txt`` blocked forever,
    issue #17) and cannot be swapped in between the check and the read.
    """
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise InputError(f"{shown}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{shown}: is a directory, not a file") from exc
    except PermissionError as exc:
        raise InputError(f"{shown}: permission denied") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{shown}: symlink loop") from exc
        raise InputError(f"{shown}: cannot read file ({exc.strerror or exc})") from exc
    try:
        _check_regular(fd, shown, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{shown}: cannot read file ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)


def _check_regular(fd: int, shown: str, limit: int) -> None:
    """Refuse directories, special files and oversized files by the open descriptor's status."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{shown}: is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{shown}: not a regular file ({_kind(info.st_mode)})")
    if info.st_size > limit:
        raise InputError(f"{shown}: file too large ({_mb(info.st_size)} MB; the limit is {_mb(limit)} MB)")


def _kind(mode: int) -> str:
    """What a special file is, for the error message."""
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def _mb(size: int) -> int:
    return max(1, round(size / (1024 * 1024)))


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def sniff_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from NULs sitting on every other byte (Windows 'Unicode' saves)."""
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def is_binary(data: bytes) -> bool:
    """True when the bytes are clearly not text: a NUL byte or many control bytes.

    Only the head of the file is sniffed (constant time); text files never contain NULs and
    at most a stray control character.
    """
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls > max(4, len(sample) // 100)


def decode(data: bytes, path: str = "-") -> tuple[str, str, list[str]]:
    """Decode text bytes: ``(text, encoding, notes)``.

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 decode silently. Anything else is
    sniffed with charset-normalizer (falling back to cp1252, then latin-1, which never fails),
    and a note says so: a wrongly guessed encoding garbles names, so the user must be told.
    """
    codec = bom_encoding(data) or sniff_utf16(data)
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: invalid {codec} text ({exc.reason})") from exc
        return text.lstrip("\ufeff"), codec.replace("-sig", ""), []
    if is_binary(data):
        raise InputError(f"{path}: binary file, not a manuscript")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    text, codec = _decode_guess(data)
    return text, codec, [f"decoded as {codec} (not valid UTF-8)"]


def _decode_guess(data: bytes) -> tuple[str, str]:
    """Best legacy decoding of non-UTF-8 bytes.

    charset-normalizer is unreliable on a manuscript with a handful of accented names (it
    calls a cp1252 'Müller' cp852, giving 'MŘller'), so its top guesses and cp1252 are each
    decoded and scored by :func:`_implausibility`; cp1252 wins ties, being what Western
    word processors write. latin-1 is the last resort, as it decodes any byte string.
    """
    candidates = ["cp1252"]
    try:
        from charset_normalizer import from_bytes

        for match in list(from_bytes(data[: 4 * _SNIFF_BYTES]))[:3]:
            if match.encoding and not match.encoding.startswith(("utf_16", "utf_32", "utf_8")):
                candidates.append(match.encoding)
    except Exception:  # a sniffing failure must never stop the check; cp1252/latin-1 remain
        pass
    sample = data[: 4 * _SNIFF_BYTES]
    scored = []
    for rank, codec in enumerate(candidates):
        try:
            scored.append((_implausibility(sample.decode(codec, errors="replace")), rank, codec))
        except LookupError:
            continue
    for _, _, codec in sorted(scored):
        try:
            return data.decode(codec), codecs.lookup(codec).name
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), codecs.lookup("latin-1").name


_COMMON_SYMBOLS = frozenset("\u00a0\u00a9\u00ae\u00b0\u00b1\u00b5\u00b7\u00d7\u00a7\u00b6\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u00a3\u2122")
_WORD = re.compile(r"[^\W\d_]{3,}")


def _implausibility(text: str) -> float:
    """How unlike real text a decoding looks (lower is better).

    Symbols and control characters where letters should be cost 1, rarer Latin letters a
    little, and a word made mostly of accented Latin letters (Cyrillic read as cp1252:
    'Ïðèâåò') costs 1: real Western words carry one or two accents at most.
    """
    cost = 0.0
    for ch in text:
        if ch < "\x80" or ch in _COMMON_SYMBOLS:
            continue
        code = ord(ch)
        if code < 0xA0 or ch == "\ufffd" or not ch.isalpha():
            cost += 1
        elif 0x100 <= code < 0x250:
            cost += 0.25
    for word in _WORD.findall(text):
        accented = sum(1 for ch in word if "\u00c0" <= ch <= "\u024f")
        if accented * 2 > len(word):
            cost += 1
    return cost
