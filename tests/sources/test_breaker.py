"""The run guard: circuit breaker, memo across runs, deadline, cancel (refcheck.sources.breaker)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import requests

from refcheck.errors import SourceUnavailable
from refcheck.sources.breaker import MEMO_FILE, RunGuard, connection_failure, failed
from refcheck.sources.crossref import CrossrefSource
from refcheck.sources.http import (
    ErrorBudget,
    RateLimiter,
    Reply,
    RetryPolicy,
    TransportError,
    call_with_retries,
)
from tests.fakes.crossref import FakeCrossref
from tests.fakes.outage import BlackHole, refused_url
from tests.shared import CROSSREF_RECORDS


def _real_error(url: str, timeout: float = 0.5) -> BaseException:
    try:
        requests.get(url, timeout=timeout)
    except requests.RequestException as exc:
        return exc
    raise AssertionError("expected a failure")


def test_real_refused_and_black_hole_errors_are_named() -> None:
    assert connection_failure(_real_error(refused_url())) == "connection refused"
    with BlackHole() as hole:
        assert connection_failure(_real_error(hole.url + "/works")) == "read timed out, no answer"


def test_http_errors_are_not_connection_failures() -> None:
    assert connection_failure(ValueError("HTTP 503")) is None
    assert failed(RunGuard({}), "crossref", ValueError("boom")) is None


def test_refused_trips_after_one_attempt_and_later_calls_fail_at_once(tmp_path: Path) -> None:
    url = refused_url()
    guard = RunGuard({"crossref": url}, tmp_path)
    attempts = []

    def attempt() -> Reply:
        attempts.append(1)
        try:
            requests.get(url, timeout=1)
        except requests.RequestException as exc:
            raise TransportError(type(exc).__name__) from exc
        raise AssertionError("unreachable")

    kwargs = dict(limiter=RateLimiter(100, 2, enabled=False), policy=RetryPolicy(max_retries=4, backoff_base=0.01),
                  budget=ErrorBudget(), guard=guard, sleep=lambda s: None)
    with pytest.raises(SourceUnavailable, match=r"unreachable \(connection refused\)"):
        call_with_retries("crossref", attempt, **kwargs)
    assert len(attempts) == 1  # no retries for a refused connection
    with pytest.raises(SourceUnavailable, match="connection refused"):
        call_with_retries("crossref", attempt, **kwargs)
    assert len(attempts) == 1  # the breaker answered without a request
    memo = json.loads((tmp_path / MEMO_FILE).read_text())
    assert url in memo and "connection refused" in memo["_reasons"][url]


def test_memo_opens_the_next_run_and_refresh_forgets_it(tmp_path: Path) -> None:
    url = refused_url()
    RunGuard({"crossref": url}, tmp_path).trip("crossref", "unreachable (connection refused)")
    later = RunGuard({"crossref": url, "pubmed": "http://127.0.0.1:1"}, tmp_path)
    assert "remembered from an earlier run" in (later.down("crossref") or "")
    assert later.down("pubmed") is None
    with pytest.raises(SourceUnavailable, match="remembered"):
        later.check("crossref")
    assert RunGuard({"crossref": url}, tmp_path, refresh=True).down("crossref") is None
    # Old failures are not trusted.
    memo = json.loads((tmp_path / MEMO_FILE).read_text())
    memo[url] -= 10_000
    (tmp_path / MEMO_FILE).write_text(json.dumps(memo))
    assert RunGuard({"crossref": url}, tmp_path).down("crossref") is None


def test_a_timeout_after_an_answer_is_retried_not_tripped() -> None:
    guard = RunGuard({"crossref": "http://x"})
    exc = TransportError("ReadTimeout")
    exc.__cause__ = requests.ReadTimeout("Read timed out.")
    assert failed(guard, "crossref", exc) == "unreachable (read timed out, no answer)"
    guard2 = RunGuard({"crossref": "http://x"})
    guard2.answered("crossref")
    assert failed(guard2, "crossref", exc) is None
    assert guard2.down("crossref") is None


def test_deadline_and_cancel() -> None:
    now = [100.0]
    guard = RunGuard({}, deadline=5, clock=lambda: now[0])
    guard.check("crossref")
    now[0] = 105.5
    with pytest.raises(SourceUnavailable, match=r"run time limit reached \(--timeout 5 s\)"):
        guard.check("crossref")
    other = RunGuard({})
    other.cancel()
    with pytest.raises(SourceUnavailable, match="interrupted"):
        other.check("pubmed")


def test_a_source_with_a_guard_stops_asking_a_black_hole(tmp_path: Path) -> None:
    with BlackHole() as hole:
        source = CrossrefSource(hole.url, timeout=0.5, max_retries=4, check_agency=False)
        source.guard = RunGuard({"crossref": hole.url}, tmp_path)
        for doi in ("10.1000/a", "10.1000/b", "10.1000/c"):
            with pytest.raises(SourceUnavailable, match="read timed out"):
                source.get_doi(doi)
        assert hole.accepted == 1  # one connection, then the breaker


def test_a_working_registry_is_unaffected(tmp_path: Path) -> None:
    with FakeCrossref() as crossref:
        source = CrossrefSource(crossref.url, timeout=5, check_agency=False)
        source.guard = RunGuard({"crossref": crossref.url}, tmp_path)
        with gzip.open(CROSSREF_RECORDS, "rt", encoding="utf-8") as fh:
            doi = json.loads(fh.readline())["DOI"]
        work = source.get_doi(doi)
        assert work is not None and work.doi.lower() == doi.lower()
        assert source.get_doi("10.9999/not-there") is None
        assert source.guard.down("crossref") is None and not (tmp_path / MEMO_FILE).exists()


def test_connect_timeout_is_short() -> None:
    from refcheck.sources.breaker import CONNECT_TIMEOUT, connect_timeout

    assert connect_timeout(10.0) == CONNECT_TIMEOUT < 10
    assert connect_timeout(1.0) == 1.0


def test_default_deadline_scales_with_the_list_and_settings_validate() -> None:
    from refcheck.config import load_settings
    from refcheck.errors import ConfigError
    from refcheck.sources.breaker import DEFAULT_DEADLINE, default_deadline

    assert default_deadline(10) == DEFAULT_DEADLINE and default_deadline(300) == 600
    assert load_settings(Path("/"), deadline=5.0).deadline == 5.0
    with pytest.raises(ConfigError, match="deadline"):
        load_settings(Path("/"), deadline=-1.0)


def test_timeout_variable_must_be_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    from refcheck.config import load_settings
    from refcheck.errors import ConfigError

    monkeypatch.setenv("REFCHECK_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match="REFCHECK_TIMEOUT must be a number"):
        load_settings(Path("/"))
    monkeypatch.setenv("REFCHECK_TIMEOUT", "30")
    assert load_settings(Path("/")).deadline == 30.0
