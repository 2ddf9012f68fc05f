"""Where refcheck keeps its files: the project root and the cache directory.

Neutral ground: the live sources' cache, the mirror (whose default file sits in the cache
directory) and the CLI all need these, and none of them should import another for it.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root(start: Path) -> Path | None:
    """Nearest ancestor of ``start`` holding ``.git``, ``pyproject.toml`` or ``.refcheck.toml``."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.parents]:
        if any((candidate / marker).exists() for marker in (".git", "pyproject.toml", ".refcheck.toml")):
            return candidate
    return None


def default_cache_dir(project_dir: Path, configured: Path | None = None) -> Path:
    """Where the cache lives: settings/env, else ``<project root>/cache/`` if it exists, else per user.

    ``configured`` is ``settings.cache_dir`` (``load_settings`` already folds ``REFCHECK_CACHE_DIR``
    into it; the variable is read here too for hand-built Settings).
    """
    if configured is not None:
        return Path(configured).expanduser()
    if env := os.environ.get("REFCHECK_CACHE_DIR"):
        return Path(env).expanduser()
    root = project_root(project_dir)
    if root is not None and (root / "cache").is_dir():
        return root / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("refcheck"))
