"""Reading and writing the project library (a BibTeX file) without ever losing it.

Writes go to a temporary file in the same directory, are flushed and fsynced, then renamed
over the target (atomic on POSIX), so an interrupted write leaves the previous file intact.
Every write of an existing file first keeps a backup copy (``library.bib.bak``, or
``library.bib.bak.1``… when that exists), because "nothing in the library is ever lost".
"""

from __future__ import annotations

from pathlib import Path

import bibtexparser
from bibtexparser.library import Library

from refcheck.errors import InputError
from refcheck.fileio import atomic_write

DEFAULT_LIBRARY = Path("bib") / "library.bib"


class LibraryWriteError(InputError):
    """The library could not be written (exit 2); the previous file is left as it was."""


def load_library(path: Path, *, missing_ok: bool = True) -> Library:
    """Parse ``path`` (BibTeX, UTF-8); an absent file is an empty library when ``missing_ok``."""
    if not path.exists():
        if missing_ok:
            return Library()
        raise InputError(f"{path}: no such library")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: library is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read library: {exc.strerror}") from exc
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        first = library.failed_blocks[0]
        raise InputError(
            f"{path}: {len(library.failed_blocks)} BibTeX block(s) could not be parsed "
            f"(first at line {(first.start_line or 0) + 1}); fix them before refcheck rewrites the file"
        )
    return library


def atomic_write_text(path: Path, text: str, *, backup: bool = True) -> Path | None:
    """Replace ``path`` with ``text`` atomically (UTF-8); returns the backup made (if any)."""
    return atomic_write(path, text, "utf-8", backup=backup)


def dump_library(library: Library) -> str:
    """Serialise a library the way refcheck always writes it (stable, diff-friendly)."""
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    fmt.trailing_comma = True
    text = bibtexparser.write_string(library, bibtex_format=fmt)
    return text.strip() + "\n" if text.strip() else ""


def read_text_or_none(path: Path) -> str | None:
    """The file's current text (None when absent): what ``save_library(expected=...)`` compares."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""


def save_library(library: Library, path: Path, *, backup: bool = True,
                 expected: str | object | None = ...) -> Path | None:
    """Write ``library`` to ``path`` atomically, keeping a backup of the previous file.

    ``expected`` is the file's text when the library was read (None: it did not exist). When
    given and the file changed since — the author saved it in an editor while refcheck was
    looking things up — nothing is written, so their edit is not overwritten.
    A failed write (disk full, permissions) is a one-line user error that says the previous
    file is intact — which :func:`atomic_write_text` guarantees.
    """
    if expected is not ... and read_text_or_none(path) != expected:
        raise LibraryWriteError(f"{path}: the file changed on disk while refcheck was working; "
                                "nothing written (run the command again)")
    try:
        return atomic_write_text(path, dump_library(library), backup=backup)
    except OSError as exc:
        intact = "; the previous version is intact" if path.exists() else ""
        raise LibraryWriteError(f"{path}: cannot write the library ({exc.strerror or exc}){intact}") from exc
