"""Local mirror: offline checking against a local copy of Crossref and PubMed metadata.

``refcheck mirror build PATH...`` streams Crossref public-data-file chunks, JSON-lines, REST
responses and PubMed XML into one SQLite file (format :mod:`refcheck.mirror.db`, writer
:mod:`refcheck.mirror.store`);
:class:`refcheck.sources.mirror.MirrorSource` answers DOI/PMID look-ups, FTS5 candidate
searches and ECitMatch-style journal/volume/page matches from it, returning the same
:class:`~refcheck.model.Work` objects as the live registries. See ``docs/scaling.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refcheck.config import Settings

MIRROR_FILE = "mirror.sqlite"


@dataclass(frozen=True, slots=True)
class Located:
    """Where the mirror is (or would be built), and how ``refcheck check`` finds it."""

    path: Path
    how: str  # for messages: "set by --mirror, REFCHECK_MIRROR or config 'mirror'", ...
    exists: bool


def user_mirror() -> Path:
    """The per-user mirror: found from any directory (``~/.cache/refcheck/mirror.sqlite`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("refcheck")) / MIRROR_FILE


def locate(settings: Settings, cache_dir: Path) -> Located:
    """The mirror a run uses: explicit setting > ``<cache dir>/mirror.sqlite`` > per-user mirror.

    ``cache_dir`` is the run's cache directory (a project's ``cache/`` when it has one). A
    mirror built without any setting goes to the per-user location, so that it is found from
    every directory; one in a project's ``cache/`` is found only for files of that project.
    """
    if settings.mirror_path:
        path = Path(settings.mirror_path).expanduser()
        return Located(path, "set by --mirror, REFCHECK_MIRROR or config 'mirror'", path.is_file())
    in_cache = cache_dir / MIRROR_FILE
    user = user_mirror()
    if in_cache.is_file():
        how = ("the per-user mirror, found from any directory" if _same(in_cache, user)
               else f"in the cache directory {cache_dir}, found for files that use this cache "
                    "(elsewhere: --mirror PATH or REFCHECK_MIRROR=PATH)")
        return Located(in_cache, how, True)
    if user.is_file():
        return Located(user, "the per-user mirror, found from any directory", True)
    explicit_cache = settings.cache_dir is not None
    target = in_cache if explicit_cache else user
    how = (f"in the cache directory {cache_dir}" if explicit_cache
           else "the per-user mirror, found from any directory")
    return Located(target, how, False)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def default_mirror_path(settings: Settings | None = None, start: Path | None = None) -> Path:
    """Where the mirror lives (see :func:`locate`): the file ``refcheck mirror build`` writes is
    exactly the one ``refcheck check`` opens (cache dir: settings > env > project ``cache/`` >
    per-user directory)."""
    from refcheck.paths import default_cache_dir

    settings = settings or Settings()
    return locate(settings, default_cache_dir(start or Path.cwd(), settings.cache_dir)).path


__all__ = ["MIRROR_FILE", "Located", "default_mirror_path", "locate", "user_mirror"]
