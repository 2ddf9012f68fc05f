"""Stage 3, sources: registries behind one interface (:mod:`refcheck.sources.base`).

:func:`open_sources` decides, once per run, which registries to consult: the live ones named
in ``settings.sources`` (with the persistent cache in front of them), or the local mirror when
it is asked for, when running ``--offline``, or when the live registries cannot be reached.
Adding a registry is adding a module (a :class:`~refcheck.sources.base.Source` declaring its
capabilities and role) and one entry in :data:`SOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from refcheck.config import Settings
from refcheck.paths import default_cache_dir
from refcheck.sources.base import Source
from refcheck.sources.cache import Cache, open_cache

PROBE_TIMEOUT = 2.0
MIRROR_FILE = "mirror.sqlite"

SourceFactory = Callable[[Settings, "Cache | None", bool], Source]


def _crossref(settings: Settings, cache: Cache | None, offline: bool) -> Source:
    from refcheck.sources.crossref import CrossrefSource

    return CrossrefSource(settings.crossref_url, mailto=settings.mailto, cache=cache, offline=offline,
                          timeout=settings.timeout, max_retries=settings.max_retries)


def _pubmed(settings: Settings, cache: Cache | None, offline: bool) -> Source:
    from refcheck.sources.pubmed import PubMedSource

    return PubMedSource(settings.eutils_url, email=settings.mailto, api_key=settings.ncbi_api_key, cache=cache,
                        offline=offline, timeout=settings.timeout, max_retries=settings.max_retries)


# name -> factory(settings, cache, offline); "mirror" is special-cased (it needs a file).
SOURCES: dict[str, SourceFactory] = {"crossref": _crossref, "pubmed": _pubmed}


def mirror_path(settings: Settings, cache_dir: Path) -> Path:
    """The mirror database to use: ``settings.mirror_path``, ``<cache dir>/mirror.sqlite`` or the
    per-user mirror (:func:`refcheck.mirror.locate`)."""
    from refcheck.mirror import locate

    return locate(settings, cache_dir).path


def registries_reachable(url: str, timeout: float = PROBE_TIMEOUT) -> bool:
    """One quick request to a registry base URL: any HTTP answer means the network works."""
    import requests

    try:
        requests.head(url, timeout=timeout, allow_redirects=False)
    except requests.RequestException:
        return False
    return True


UNREACHABLE_MEMO = "unreachable.json"
UNREACHABLE_TTL = 300.0  # seconds a failed probe is trusted: a pre-commit run every few seconds waits once


def reachable_now(url: str, cache_dir: Path, *, refresh: bool = False) -> bool:
    """:func:`registries_reachable`, remembering a failure for :data:`UNREACHABLE_TTL` seconds.

    On a network that drops packets the probe costs its whole timeout; a hook that runs on
    every commit would pay it each time. Only failures are remembered (a success is free to
    re-check and must not hide an outage), keyed by URL, in the cache directory; ``--refresh``
    probes again. An unreadable or unwritable memo just means probing."""
    import json
    import time

    memo = cache_dir / UNREACHABLE_MEMO
    try:
        failures = json.loads(memo.read_text(encoding="utf-8"))
        failures = failures if isinstance(failures, dict) else {}
    except (OSError, ValueError):
        failures = {}
    failed_at = failures.get(url)
    if not refresh and isinstance(failed_at, int | float) and 0 <= time.time() - failed_at < UNREACHABLE_TTL:
        return False
    if registries_reachable(url):
        return True
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        memo.write_text(json.dumps({**failures, url: time.time()}), encoding="utf-8")
    except OSError:
        pass
    return False


def _guard(sources: list[Source], settings: Settings, cache_dir: Path) -> list[str]:
    """Give the live sources this run's circuit breaker and deadline; notes for registries
    remembered down from an earlier run (they are not asked again for a few minutes)."""
    from refcheck.sources.breaker import RunGuard

    urls = {s.name: s.base_url for s in sources if s.base_url}
    guard = RunGuard(urls, cache_dir, deadline=settings.deadline, refresh=settings.refresh)
    for source in sources:
        source.use_guard(guard)
    return [] if settings.offline else [f"{name}: {why}" for name, why in guard.remembered.items()]


def _open_mirror(path: Path, requested: tuple[str, ...]) -> list[Source]:
    """The mirror standing in for the registries requested: both by default, so an offline run
    gets the same PubMed cross-checks (retractions, expressions of concern) as a live one."""
    from refcheck.sources.mirror import MirrorSource, mirror_sources

    if "crossref" in requested and "pubmed" not in requested:
        return [MirrorSource(path, registries=("crossref",))]
    return mirror_sources(path)


def open_sources(settings: Settings, project_dir: Path) -> tuple[list[Source], list[str]]:
    """The registries to consult for this run, and notes for the report."""
    from refcheck.errors import ConfigError, SourceUnavailable

    notes: list[str] = []
    cache_dir = default_cache_dir(project_dir, settings.cache_dir)
    cache, note = open_cache(cache_dir, offline=settings.offline, refresh=settings.refresh)
    if note:
        notes.append(note)
    unknown = [n for n in settings.sources if n not in SOURCES and n != "mirror"]
    if unknown:
        raise ConfigError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join([*SOURCES, 'mirror'])}")
    live_names = [n for n in settings.sources if n in SOURCES]
    mirror = mirror_path(settings, cache_dir)
    has_mirror = mirror.is_file()

    use_mirror = "mirror" in settings.sources
    live_offline = settings.offline
    if use_mirror and not has_mirror:
        notes.append(f"mirror requested but {mirror} does not exist (build it with 'refcheck mirror build')")
        use_mirror = False
    elif not use_mirror and has_mirror and live_names:
        if settings.offline:
            use_mirror = True
            notes.append(f"offline: checked against the cache and the local mirror {mirror}")
        elif not reachable_now(settings.crossref_url, cache_dir, refresh=settings.refresh):
            use_mirror = True
            live_names = []
            notes.append(f"registries unreachable: checked against the local mirror {mirror}")
    elif settings.offline and not has_mirror:
        notes.append("offline: only cached answers were used")

    sources: list[Source] = [SOURCES[name](settings, cache, live_offline) for name in live_names]
    notes.extend(_guard(sources, settings, cache_dir))
    if use_mirror:
        try:
            mirror_list = _open_mirror(mirror, tuple(settings.sources))
        except SourceUnavailable as exc:
            notes.append(f"local mirror unusable: {exc.reason}")
        else:
            # Asked for explicitly: in the order given; as a fallback: after the cached registries.
            order = list(settings.sources)
            position = min(order.index("mirror") if "mirror" in order else len(sources), len(sources))
            sources[position:position] = mirror_list
    return sources, notes


__all__ = ["SOURCES", "Source", "mirror_path", "open_sources", "reachable_now",
           "registries_reachable"]
