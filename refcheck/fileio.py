"""Writing a user's file without ever losing it: one implementation for every file refcheck writes.

``fix --write``, the library (``add --to``, ``tidy``...) and every ``-o`` output (``check``,
``bib``, ``export``) go through :func:`atomic_write` (the CLI through :func:`write_output`):

* the new content goes to a temporary file in the target's directory, is flushed and fsynced,
  then renamed over the target (atomic on POSIX), and the directory entry is fsynced too; an
  interrupted or failed write (disk full, read-only) leaves the previous file intact;
* before an existing file is replaced a backup is kept - ``FILE.bak`` (``FILE.bak.N`` when that
  exists, or overwritten with ``backup="replace"``) - and the backup is itself written to a
  temporary file and renamed, so a full disk cannot leave a partial ``.bak`` (issue #17);
* a symlink is followed: its *target* is rewritten and the link stays a link; a symlink loop
  or a target that is not a regular file is refused with a clear message;
* any OS error becomes :class:`OutputError` (one line, exit 2): a full or read-only disk is the
  user's condition, not a bug.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Literal

from refcheck.errors import RefcheckError

Backup = bool | Literal["replace"]


class OutputError(RefcheckError, OSError):
    """An output file cannot be written (disk full, read-only, permission, symlink loop).

    Also an OSError, so callers that already handled write failures keep doing so."""


def backup_path(path: Path) -> Path:
    """``FILE.bak``, or the first free ``FILE.bak.N``."""
    candidate = path.with_name(path.name + ".bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return candidate


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` must replace: a symlink's final target (loops refused)."""
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # a dangling link: create its target
        return Path(os.path.realpath(path))
    except OSError as exc:
        if exc.errno == errno.ELOOP or "loop" in str(exc).lower():
            raise OutputError(f"{path}: symlink loop") from exc
        raise OutputError(f"{path}: {exc.strerror or exc}") from exc


def atomic_write(path: Path, text: str, encoding: str = "utf-8", *, backup: Backup = True) -> Path | None:
    """Replace ``path`` (or its symlink target) with ``text`` exactly as given; return the backup made."""
    path = Path(path)
    try:
        return _replace(resolve_target(path), text.encode(encoding), backup)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_output(output: str, text: str, *, backup: Backup = "replace", color: bool | None = None) -> Path | None:
    """``-o`` of a command: standard output for ``-``, else :func:`atomic_write` (newline-exact).

    ``color``: click's decision for standard output (None: keep colour codes on a terminal only;
    True: ``--color`` forces them into a pipe too); a file gets ``text`` exactly as rendered."""
    if output == "-":
        import click

        click.echo(text, nl=False, color=color)
        return None
    return atomic_write(Path(output), text, backup=backup)


def _replace(target: Path, data: bytes, backup: Backup) -> Path | None:
    target.parent.mkdir(parents=True, exist_ok=True)
    exists = target.exists()
    if exists and not target.is_file():
        raise OutputError(f"{target}: not a regular file")
    saved: Path | None = None
    if backup and exists:
        saved = target.with_name(target.name + ".bak") if backup == "replace" else backup_path(target)
        _copy_atomically(target, saved)
    _write_new(target, data, mode_from=target if exists else None)
    return saved


def _copy_atomically(source: Path, dest: Path) -> None:
    """``dest`` becomes a full copy of ``source`` or is left as it was (never partial)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_new(target: Path, data: bytes, mode_from: Path | None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode_from is not None:
            shutil.copymode(mode_from, tmp)
        else:  # a new file gets the usual umask-based mode, not mkstemp's 0600
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, stat.S_IMODE(0o666 & ~umask))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
