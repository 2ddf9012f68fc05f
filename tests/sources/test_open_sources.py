"""open_sources: live registries with the cache, or the local mirror when asked/offline/unreachable."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.config import Settings
from refcheck.errors import ConfigError
from refcheck.sources import SOURCES, open_sources
from refcheck.sources.crossref import CrossrefSource
from refcheck.sources.pubmed import PubMedSource
from tests.fakes.crossref import FakeCrossref
from tests.fakes.eutils import FakeEutils

UNREACHABLE = "http://127.0.0.1:9"


def _close(sources: list) -> None:  # type: ignore[type-arg]
    for source in sources:
        source.close()


def test_live_sources_share_one_cache(crossref_fake: FakeCrossref, eutils_fake: FakeEutils, tmp_path: Path) -> None:
    settings = Settings(crossref_url=crossref_fake.url, eutils_url=eutils_fake.url, cache_dir=tmp_path / "c",
                        mailto="me@example.org")
    sources, notes = open_sources(settings, tmp_path)
    try:
        assert [type(s) for s in sources] == [CrossrefSource, PubMedSource]
        assert notes == []
        assert sources[0].cache is sources[1].cache  # type: ignore[attr-defined]
        assert (tmp_path / "c" / "lookups.sqlite").is_file()
    finally:
        _close(sources)


def test_registry_dict_is_the_extension_point() -> None:
    assert {"crossref", "pubmed"} <= set(SOURCES)


def test_unknown_source_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown source"):
        open_sources(Settings(sources=("scopus",), cache_dir=tmp_path), tmp_path)


def test_missing_mirror_is_noted(tmp_path: Path) -> None:
    sources, notes = open_sources(Settings(sources=("mirror",), cache_dir=tmp_path), tmp_path)
    assert sources == [] and "does not exist" in notes[0]


def _fake_mirror(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[Path]:
    """Stand in for MirrorSource (another engineer's module): record what was opened."""
    opened: list[Path] = []

    class StubMirror:
        name = "mirror"

        def close(self) -> None:
            pass

    def open_mirror(p: Path, requested: tuple[str, ...]):  # type: ignore[no-untyped-def]
        opened.append(p)
        return [StubMirror()]

    monkeypatch.setattr("refcheck.sources._open_mirror", open_mirror)
    path.write_bytes(b"")
    return opened


def test_unreachable_registries_fall_back_to_the_mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = tmp_path / "mirror.sqlite"
    opened = _fake_mirror(monkeypatch, mirror)
    sources, notes = open_sources(Settings(crossref_url=UNREACHABLE, cache_dir=tmp_path), tmp_path)
    assert [s.name for s in sources] == ["mirror"] and opened == [mirror]
    assert notes == [f"registries unreachable: checked against the local mirror {mirror}"]


def test_offline_uses_cache_and_mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = tmp_path / "m.sqlite"
    _fake_mirror(monkeypatch, mirror)
    settings = Settings(crossref_url=UNREACHABLE, cache_dir=tmp_path, mirror_path=mirror, offline=True)
    sources, notes = open_sources(settings, tmp_path)
    try:
        assert [s.name for s in sources] == ["crossref", "pubmed", "mirror"]
        assert all(getattr(s, "offline", True) for s in sources)
        assert "offline" in notes[0]
    finally:
        _close(sources)


def test_reachable_registries_do_not_use_the_mirror(crossref_fake: FakeCrossref, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    opened = _fake_mirror(monkeypatch, tmp_path / "mirror.sqlite")
    sources, notes = open_sources(Settings(crossref_url=crossref_fake.url, cache_dir=tmp_path), tmp_path)
    try:
        assert [s.name for s in sources] == ["crossref", "pubmed"] and opened == [] and notes == []
    finally:
        _close(sources)


def test_explicit_mirror_keeps_the_requested_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_mirror(monkeypatch, tmp_path / "mirror.sqlite")
    sources, _ = open_sources(Settings(sources=("mirror", "crossref"), cache_dir=tmp_path), tmp_path)
    try:
        assert [s.name for s in sources] == ["mirror", "crossref"]
    finally:
        _close(sources)


def test_a_failed_probe_is_remembered_for_a_while(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A hook run every few seconds pays the probe's timeout once, not on every commit."""
    import refcheck.sources as sources_mod

    calls: list[str] = []

    def probe(url: str, timeout: float = 2.0) -> bool:
        calls.append(url)
        return False

    monkeypatch.setattr(sources_mod, "registries_reachable", probe)
    assert not sources_mod.reachable_now(UNREACHABLE, tmp_path)
    assert not sources_mod.reachable_now(UNREACHABLE, tmp_path)
    assert calls == [UNREACHABLE]
    assert not sources_mod.reachable_now(UNREACHABLE, tmp_path, refresh=True)  # --refresh probes again
    assert not sources_mod.reachable_now("http://127.0.0.1:8", tmp_path)  # another URL is probed
    assert len(calls) == 3
    monkeypatch.setattr(sources_mod, "UNREACHABLE_TTL", 0.0)
    assert not sources_mod.reachable_now(UNREACHABLE, tmp_path)  # an expired memo is probed again
    assert len(calls) == 4


def test_a_successful_probe_is_not_remembered(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import refcheck.sources as sources_mod

    answers = iter([True, False])
    monkeypatch.setattr(sources_mod, "registries_reachable", lambda url, timeout=2.0: next(answers))
    assert sources_mod.reachable_now(UNREACHABLE, tmp_path)
    assert not sources_mod.reachable_now(UNREACHABLE, tmp_path)  # an outage right after is seen


def test_failures_of_two_urls_are_both_remembered(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import refcheck.sources as sources_mod

    calls: list[str] = []
    monkeypatch.setattr(sources_mod, "registries_reachable", lambda url, timeout=2.0: calls.append(url) or False)
    for url in (UNREACHABLE, "http://127.0.0.1:8", UNREACHABLE, "http://127.0.0.1:8"):
        assert not sources_mod.reachable_now(url, tmp_path)
    assert calls == [UNREACHABLE, "http://127.0.0.1:8"]
