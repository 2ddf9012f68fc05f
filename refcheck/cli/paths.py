"""Command-line path arguments: a directory stands for the supported files under it.

As with ``ruff check .`` or ``black .``, ``refcheck check docs/`` recurses, keeps the files
refcheck can read (by suffix), and skips what ``.gitignore`` files (at the directory and
below, and in the enclosing git work tree) exclude, plus hidden directories. Matching uses
``pathspec``'s gitignore semantics rather than a hand-written glob engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pathspec

from refcheck.errors import InputError
from refcheck.extract import FORMATS

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
#: Suffixes a directory walk picks up (every format refcheck reads).
SUPPORTED = frozenset(FORMATS) | TEXT_SUFFIXES
#: Suffixes ``fix`` can rewrite in place.
WRITABLE = TEXT_SUFFIXES | {".tex", ".ltx"}


def _git_root(start: Path) -> Path:
    """The enclosing git work tree's root (or ``start`` itself outside git)."""
    for parent in (start, *start.parents):
        if (parent / ".git").exists():
            return parent
    return start


def _ignore_specs(root: Path, directory: Path) -> list[tuple[Path, pathspec.PathSpec]]:
    """The ``.gitignore`` files that apply to ``directory``: from the git root down to it."""
    chain = [directory, *directory.parents]
    chain = chain[: chain.index(root) + 1] if root in chain else [directory]
    specs = []
    for base in reversed(chain):
        spec = _read_spec(base)
        if spec is not None:
            specs.append((base, spec))
    return specs


def _read_spec(base: Path) -> pathspec.PathSpec | None:
    ignore = base / ".gitignore"
    if not ignore.is_file():
        return None
    lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(path: Path, specs: list[tuple[Path, pathspec.PathSpec]], is_dir: bool) -> bool:
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def walk(directory: Path, suffixes: frozenset[str] = SUPPORTED) -> Iterator[Path]:
    """Supported files under ``directory`` in sorted order, .gitignore and hidden dirs skipped."""
    directory = directory.resolve()
    specs = _ignore_specs(_git_root(directory), directory)
    yield from _walk(directory, specs, suffixes)


def _walk(directory: Path, specs: list[tuple[Path, pathspec.PathSpec]],
          suffixes: frozenset[str]) -> Iterator[Path]:
    own = _read_spec(directory)
    if own is not None and (not specs or specs[-1][0] != directory):
        specs = [*specs, (directory, own)]
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith(".") or _ignored(entry, specs, entry.is_dir()):
            continue
        if entry.is_dir():
            yield from _walk(entry, specs, suffixes)
        elif entry.suffix.lower() in suffixes and not entry.name.endswith((".bak",)):
            yield entry


def expand_paths(args: Iterable[str], *, writable: bool = False) -> list[str]:
    """Each argument as given, a directory replaced by the supported files under it."""
    out: list[str] = []
    for arg in args:
        path = Path(arg)
        if arg != "-" and path.is_dir():
            found = list(walk(path, WRITABLE if writable else SUPPORTED))
            if not found:
                raise InputError(f"{arg}: no supported files in this directory")
            out.extend(str(p.relative_to(Path.cwd())) if p.is_relative_to(Path.cwd()) else str(p) for p in found)
        else:
            out.append(arg)
    return out
