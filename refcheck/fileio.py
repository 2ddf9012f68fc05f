"""Writing a user's file without ever losing it: one implementation for `fix --write` and the library.

The new content goes to a temporary file in the same directory, is flushed and fsynced, then
renamed over the target (atomic on POSIX), and the directory entry is fsynced too; an
interrupted write therefore leaves the previous file intact. Before replacing an existing file,
a backup copy is kept: ``FILE.bak``, or ``FILE.bak.1``, ``FILE.bak.2``… when that exists.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def backup_path(path: Path) -> Path:
    """``FILE.bak``, or the first free ``FILE.bak.N``."""
    candidate = path.with_name(path.name + ".bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return candidate


def atomic_write(path: Path, text: str, encoding: str = "utf-8", *, backup: bool = True) -> Path | None:
    """Replace ``path`` with ``text`` (newlines written exactly as given); return the backup made."""
    data = text.encode(encoding)
    path.parent.mkdir(parents=True, exist_ok=True)
    saved: Path | None = None
    if backup and path.exists():
        saved = backup_path(path)
        shutil.copy2(path, saved)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return saved


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
