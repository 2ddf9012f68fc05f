"""Issue #17 items 2 and 3: hostile registry answers are outages, never cached, never unbounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.errors import SourceUnavailable
from refcheck.sources.cache import Cache
from refcheck.sources.crossref import CrossrefSource
from refcheck.sources.guard import HttpLimits
from tests.fakes.hostile import HostileServer

DOI = "10.1000/hostile.1"


def _source(url: str, cache: Cache | None = None, **limits: float) -> CrossrefSource:
    source = CrossrefSource(url, cache=cache, max_retries=1, backoff_base=0.001, check_agency=False,
                            limits=(1000.0, 1000.0, 3), timeout=2.0)
    source.limits = HttpLimits(**limits)  # type: ignore[arg-type]
    return source


@pytest.mark.parametrize("mode", ["html", "truncated"])
def test_a_bad_200_is_unchecked_and_not_cached(mode: str, tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with HostileServer(mode) as bad, pytest.raises(SourceUnavailable):
        _source(bad.url, cache).get_doi(DOI)
        assert bad.hits == 2  # asked again once (max_retries=1), then an outage
    assert cache.get("crossref", "work", DOI) is None
    with HostileServer("good") as good:  # the next run, against a healthy server, is not poisoned
        work = _source(good.url, Cache(tmp_path)).get_doi(DOI)
        assert work is not None and work.title == "A healthy answer"


def test_a_poisoned_entry_already_in_the_cache_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("crossref", "work", DOI, 200, b"<html>Please log in</html>")
    with HostileServer("good") as good:
        work = _source(good.url, cache).get_doi(DOI)
        assert good.hits == 1
    assert work is not None and work.doi == DOI
    entry = cache.get("crossref", "work", DOI)
    assert entry is not None and entry.payload is not None and entry.payload.startswith(b"{")


def test_an_answer_for_another_doi_is_rejected(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with HostileServer("good") as good:
        source = _source(good.url, cache)
        with pytest.raises(SourceUnavailable):
            source._cached("work", "10.1000/other", lambda: (200, b'{"message": {"DOI": "10.1000/x"}}'),
                           lambda body: False)
    assert cache.get("crossref", "work", "10.1000/other") is None


def test_a_huge_body_stops_at_the_size_cap_and_is_not_cached(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with HostileServer("huge", size=8 * 1024 * 1024) as bad, pytest.raises(SourceUnavailable, match="larger than 1 MB"):
        _source(bad.url, cache, max_bytes=1024 * 1024).get_doi(DOI)
    assert cache.get("crossref", "work", DOI) is None


def test_an_endless_chunked_body_stops_at_the_size_cap() -> None:
    with HostileServer("endless") as bad, pytest.raises(SourceUnavailable, match="larger than 2 MB"):
        _source(bad.url, max_bytes=2 * 1024 * 1024).get_doi(DOI)


def test_a_dripping_server_is_cut_off_at_the_request_deadline() -> None:
    with HostileServer("drip", interval=0.05) as bad, pytest.raises(SourceUnavailable, match="longer than"):
        _source(bad.url, request_seconds=0.5).get_doi(DOI)


def test_the_run_deadline_stops_every_request() -> None:
    with HostileServer("good") as good:
        source = _source(good.url, run_seconds=0.0)
        with pytest.raises(SourceUnavailable, match="run deadline"):
            source.get_doi(DOI)
        assert good.hits == 0


def test_a_redirect_to_another_host_is_refused() -> None:
    with HostileServer("redirect") as bad, pytest.raises(SourceUnavailable, match="another host"):
        _source(bad.url).get_doi(DOI)
        assert bad.hits == 2  # never the localhost target
