"""Local mirror: offline checking against a local copy of Crossref and PubMed metadata.

``refcheck mirror build PATH...`` streams Crossref public-data-file chunks, JSON-lines, REST
responses and PubMed XML into one SQLite file (:mod:`refcheck.mirror.store`);
:class:`refcheck.sources.mirror.MirrorSource` answers DOI/PMID look-ups, FTS5 candidate
searches and ECitMatch-style journal/volume/page matches from it, returning the same
:class:`~refcheck.model.Work` objects as the live registries. See ``docs/scaling.md``.
"""

from __future__ import annotations

from pathlib import Path

from refcheck.config import Settings

MIRROR_FILE = "mirror.sqlite"


def default_mirror_path(settings: Settings | None = None, start: Path | None = None) -> Path:
    """Where the mirror lives: ``settings.mirror_path``, else ``<cache dir>/mirror.sqlite``.

    Delegates to :mod:`refcheck.sources` so that ``refcheck mirror build`` writes exactly the
    file that ``refcheck check`` will open (cache dir: settings > env > project ``cache/`` >
    per-user directory).
    """
    from refcheck.sources import mirror_path
    from refcheck.sources.cache import default_cache_dir

    settings = settings or Settings()
    return mirror_path(settings, default_cache_dir(start or Path.cwd(), settings.cache_dir))


__all__ = ["MIRROR_FILE", "default_mirror_path"]
