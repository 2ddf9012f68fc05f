"""Rate limiter, Retry-After parsing, backoff and error budget (no network)."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from refcheck.errors import SourceUnavailable
from refcheck.sources.http import (
    ErrorBudget,
    RateLimiter,
    Reply,
    RetryPolicy,
    TransportError,
    call_with_retries,
    parse_retry_after,
)


class FakeClock:
    """A frozen clock: the limiter's *reserved* start times are checked, never wall-clock time."""

    def __init__(self) -> None:
        self.now = 100.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        """No-op: the schedule, not the waiting, is under test."""


def test_limiter_reserves_evenly_spaced_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFCHECK_NO_RATE_LIMIT", raising=False)
    clock = FakeClock()
    limiter = RateLimiter(50.0, 4, clock=clock, sleep=clock.sleep)
    starts: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            start = limiter.wait_turn()
            with lock:
                starts.append(start)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    gaps = [round(b - a, 9) for a, b in itertools.pairwise(starts)]
    assert len(starts) == 20 and set(gaps) == {round(1 / 50, 9)}


def test_disabled_limiter_does_not_space(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFCHECK_NO_RATE_LIMIT", "1")
    clock = FakeClock()
    limiter = RateLimiter(1.0, 1, clock=clock, sleep=clock.sleep)
    assert {limiter.wait_turn() for _ in range(5)} == {100.0}


def test_limiter_caps_concurrency() -> None:
    limiter = RateLimiter(1000.0, 2)
    active, peak = 0, 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal active, peak
        with limiter.slot():
            with lock:
                active += 1
                peak = max(peak, active)
            time.sleep(0.02)
            with lock:
                active -= 1

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= peak <= 2  # the cap holds (overlap itself depends on the scheduler)


def test_limiter_adopts_lower_advertised_limit_only() -> None:
    limiter = RateLimiter(10.0, 1)
    limiter.adopt_headers({"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"})
    assert limiter.rate == 10.0
    limiter.adopt_headers({"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Interval": "1s"})
    assert limiter.rate == 5.0
    limiter.adopt_headers({"X-Rate-Limit-Limit": "nonsense", "X-Rate-Limit-Interval": "1s"})
    assert limiter.rate == 5.0


def test_penalise_delays_everybody() -> None:
    limiter = RateLimiter(1000.0, 1)
    limiter.penalise(0.1)
    start = time.monotonic()
    limiter.wait_turn()
    assert time.monotonic() - start >= 0.09


@pytest.mark.parametrize(("value", "expected"), [("3", 3.0), ("0", 0.0), ("1.5", 1.5), (None, 7.0), ("", 7.0)])
def test_parse_retry_after_seconds(value: str | None, expected: float) -> None:
    assert parse_retry_after(value, default=7.0) == expected


def test_parse_retry_after_http_date() -> None:
    import email.utils

    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= parse_retry_after(future) <= 31


def test_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=8.0)
    for attempt in range(6):
        cap = min(8.0, 2.0 ** attempt)
        assert cap / 2 <= policy.delay(attempt) <= cap


def _run(replies: list[Reply | Exception], **kw: object) -> tuple[Reply, list[float]]:
    sleeps: list[float] = []
    items = iter(replies)

    def attempt() -> Reply:
        item = next(items)
        if isinstance(item, Exception):
            raise item
        return item

    reply = call_with_retries("x", attempt, limiter=RateLimiter(1000.0, 1), sleep=sleeps.append,
                              policy=RetryPolicy(max_retries=4, backoff_base=0.001),
                              budget=ErrorBudget(1.0, 1000), **kw)  # type: ignore[arg-type]
    return reply, sleeps


def test_retries_5xx_and_transport_errors_then_succeeds() -> None:
    reply, sleeps = _run([Reply(500), TransportError("timeout"), Reply(504), Reply(200, body=b"ok")])
    assert reply.body == b"ok" and len(sleeps) == 3


def test_404_is_an_answer_and_400_is_not_retried() -> None:
    assert _run([Reply(404)])[0].status == 404
    with pytest.raises(SourceUnavailable, match="HTTP 400"):
        _run([Reply(400), Reply(200)])


def test_gives_up_after_bounded_retries() -> None:
    with pytest.raises(SourceUnavailable, match="5 attempts"):
        _run([Reply(503)] * 5)


def test_long_retry_after_makes_source_unavailable_at_once() -> None:
    with pytest.raises(SourceUnavailable, match="429"):
        _run([Reply(429, {"Retry-After": "3600"}), Reply(200)])


def test_error_budget_trips_at_ten_percent() -> None:
    budget = ErrorBudget(0.10, min_requests=10)
    for _ in range(9):
        budget.record(True)
    budget.record(False)
    assert budget.tripped and "1 of 10" in (budget.tripped_reason or "")
    with pytest.raises(SourceUnavailable, match="stopped asking"):
        call_with_retries("x", lambda: Reply(200), limiter=RateLimiter(1000.0, 1), policy=RetryPolicy(),
                          budget=budget)
