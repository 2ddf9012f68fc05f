"""What a batch checks: manuscripts named by files, directories, list files and manifests.

``refcheck batch PATH...`` accepts, in any mix:

* a manuscript file (any format ``refcheck check`` reads);
* a directory, walked recursively for files with a manuscript extension (hidden entries skipped);
* a list file, ``@FILE`` or a ``.list``/``.lst`` file: one path per line (blank lines and
  ``#`` comments skipped), relative paths taken from the list file's directory;
* a JSON-lines manifest (``.jsonl``/``.ndjson``): one object per line with ``path`` and
  optionally ``id`` (the report's name), relative paths taken from the manifest's directory.

Each manuscript gets an ``id`` that names its report: the manifest's, else its path relative to
the directory it was found in (or its file name), made file-name safe. Ids are deterministic,
so a second run with the same arguments (``--resume``) finds the same reports.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from refcheck.batch.task import Item
from refcheck.errors import InputError

MANUSCRIPT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".tex", ".bib", ".docx", ".xml", ".nxml",
                                 ".pdf", ".ris", ".json", ".html", ".htm", ".rst"})
LIST_SUFFIXES = frozenset({".list", ".lst"})
MANIFEST_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(text: str) -> str:
    """A file-name-safe report name: path separators become ``__``, other odd characters ``_``."""
    parts = [_UNSAFE.sub("_", p).strip("._") or "_" for p in re.split(r"[\\/]+", text) if p]
    return "__".join(parts)[:180] or "manuscript"


def _walk(directory: Path) -> Iterator[tuple[str, Path]]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in MANUSCRIPT_SUFFIXES:
                yield safe_id(str(path.relative_to(directory))), path


def _list_file(path: Path) -> Iterator[tuple[str | None, Path]]:
    for line in _read_lines(path):
        text = line.strip()
        if text and not text.startswith("#"):
            yield None, _relative_to(path, text)


def _manifest(path: Path) -> Iterator[tuple[str | None, Path]]:
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or not entry["path"]:
            raise InputError(f'{path}:{number}: each manifest line needs a "path" string')
        item_id = entry.get("id")
        if item_id is not None and not isinstance(item_id, str | int):
            raise InputError(f'{path}:{number}: "id" must be a string')
        yield (safe_id(str(item_id)) if item_id is not None else None), _relative_to(path, entry["path"])


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None


def _relative_to(listing: Path, text: str) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else listing.parent / path


def _expand(arg: str) -> Iterator[tuple[str | None, Path]]:
    """(id or None, path) pairs named by one command-line argument."""
    if arg.startswith("@"):
        yield from _list_file(Path(arg[1:]))
        return
    path = Path(arg)
    if path.is_dir():
        yield from _walk(path)
    elif not path.exists():
        raise InputError(f"{arg}: no such file or directory")
    elif path.suffix.lower() in LIST_SUFFIXES:
        yield from _list_file(path)
    elif path.suffix.lower() in MANIFEST_SUFFIXES:
        yield from _manifest(path)
    else:
        yield None, path


def collect(args: list[str] | tuple[str, ...]) -> list[Item]:
    """Every manuscript the arguments name, once each, in order, with unique ids.

    A path listed in a list file or manifest that does not exist is kept: its row will say so,
    like any other manuscript that cannot be read."""
    items: list[Item] = []
    seen_paths: set[str] = set()
    used: set[str] = set()
    for arg in args:
        for item_id, path in _expand(arg):
            key = os.path.abspath(path)
            if key in seen_paths:
                continue
            seen_paths.add(key)
            base = item_id or safe_id(path.name)
            unique, n = base, 2
            while unique in used:
                unique, n = f"{base}-{n}", n + 1
            used.add(unique)
            items.append(Item(unique, str(path)))
    return items
