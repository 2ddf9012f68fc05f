"""Local mirror: offline checking against a local copy of Crossref and PubMed metadata.

``refcheck mirror build PATH...`` streams Crossref public-data-file chunks, JSON-lines, REST
responses and PubMed XML into one SQLite file (:mod:`refcheck.mirror.store`);
:class:`refcheck.sources.mirror.MirrorSource` answers DOI/PMID look-ups, FTS5 candidate
searches and ECitMatch-style journal/volume/page matches from it, returning the same
:class:`~refcheck.model.Work` objects as the live registries. See ``docs/scaling.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

from refcheck.config import Settings

MIRROR_FILE = "mirror.sqlite"


def project_cache_dir(start: Path | None = None) -> Path | None:
    """``<project root>/cache`` when it exists: the nearest ancestor with a ``cache/`` folder
    next to a ``pyproject.toml`` or ``.git`` (so a checkout keeps its state with it)."""
    start = (start or Path.cwd()).resolve()
    for folder in [start, *start.parents]:
        if (folder / "cache").is_dir() and ((folder / "pyproject.toml").is_file() or (folder / ".git").exists()):
            return folder / "cache"
    return None


def default_cache_dir(settings: Settings | None = None, start: Path | None = None) -> Path:
    """settings.cache_dir > ``$REFCHECK_CACHE_DIR`` > project ``cache/`` > per-user cache dir."""
    if settings is not None and settings.cache_dir is not None:
        return settings.cache_dir
    if env := os.environ.get("REFCHECK_CACHE_DIR"):
        return Path(env)
    found = project_cache_dir(start)
    if found is not None:
        return found
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("refcheck"))


def default_mirror_path(settings: Settings | None = None, start: Path | None = None) -> Path:
    """Where the mirror lives: settings.mirror_path, else ``<cache dir>/mirror.sqlite``."""
    if settings is not None and settings.mirror_path is not None:
        return settings.mirror_path
    return default_cache_dir(settings, start) / MIRROR_FILE


__all__ = ["MIRROR_FILE", "default_cache_dir", "default_mirror_path", "project_cache_dir"]
