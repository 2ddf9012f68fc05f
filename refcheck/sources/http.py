"""HTTP plumbing shared by the registry clients: rate limiting, retries, error budget.

Crossref (since Dec 2025) and NCBI both throttle per IP and expect clients to pace themselves,
back off on 429/5xx and stop when things go badly (Crossref etiquette: stop the run when 10% of
requests fail). None of that exists in habanero or requests, so it lives here, once, for every
source:

* :class:`RateLimiter` - a start-time scheduler (token bucket with a burst of one) plus a
  concurrency semaphore; ``penalise()`` pushes every caller back after a 429 ``Retry-After``;
  ``adopt_headers()`` lowers the rate when the server advertises a lower
  ``X-Rate-Limit-Limit``/``X-Rate-Limit-Interval``.
* :class:`RetryPolicy` - bounded retries with exponential backoff and full jitter.
* :class:`ErrorBudget` - trips once at least ``min_requests`` were made and the failure share
  reaches ``threshold``; from then on the source answers :class:`SourceUnavailable` at once.
* :func:`call_with_retries` - runs one *attempt* function under all three and turns the final
  failure into :class:`SourceUnavailable` (never into a "not found").

``REFCHECK_NO_RATE_LIMIT=1`` disables the pacing (not the concurrency cap); benchmarks use it
against the local fakes when measuring anything but the rate-limit floor.
"""

from __future__ import annotations

import email.utils
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from refcheck.errors import SourceUnavailable
from refcheck.sources.breaker import RunGuard
from refcheck.sources.breaker import failed as breaker_failed

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


def rate_limiting_disabled() -> bool:
    return os.environ.get("REFCHECK_NO_RATE_LIMIT", "").lower() in {"1", "true", "yes"}


# One rate budget shared by several processes (``refcheck batch``): called with the source name
# and its limiter before every request start, after the limiter's own pacing. None: no sharing.
SharedGate = Callable[[str, "RateLimiter"], None]
_shared_gate: SharedGate | None = None


def set_shared_gate(gate: SharedGate | None) -> None:
    """Install (or remove, with None) the process-wide shared rate gate."""
    global _shared_gate
    _shared_gate = gate


class RateLimiter:
    """At most ``rate`` request starts per second and ``concurrency`` requests in flight."""

    def __init__(self, rate: float, concurrency: int = 1, *, semaphore: threading.BoundedSemaphore | None = None,
                 enabled: bool | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate = rate
        self._clock = clock
        self._sleep = sleep
        self.configured_rate = rate
        self.enabled = (not rate_limiting_disabled()) if enabled is None else enabled
        self._semaphore = semaphore or threading.BoundedSemaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next = 0.0  # monotonic time of the next allowed start

    def wait_turn(self) -> float:
        """Block until this caller may start a request; returns the reserved start time."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            if self.enabled and self.rate > 0:
                self._next = start + 1.0 / self.rate
            else:
                self._next = max(self._next, now)
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return start

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a concurrency slot and a rate slot for the duration of one request."""
        with self._semaphore:
            self.wait_turn()
            yield

    def penalise(self, seconds: float) -> None:
        """Nobody starts a request for ``seconds`` (a 429 ``Retry-After`` applies to the client)."""
        with self._lock:
            self._next = max(self._next, self._clock() + max(0.0, seconds))

    def adopt_headers(self, headers: Mapping[str, str]) -> None:
        """Follow a lower advertised limit (``X-Rate-Limit-Limit: 5``, ``X-Rate-Limit-Interval: 1s``)."""
        limit = headers.get("X-Rate-Limit-Limit") or headers.get("x-rate-limit-limit")
        interval = headers.get("X-Rate-Limit-Interval") or headers.get("x-rate-limit-interval")
        if not limit or not interval:
            return
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", interval)
        try:
            count = float(limit)
        except ValueError:
            return
        if not m or count <= 0:
            return
        seconds = float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]
        if seconds <= 0:
            return
        with self._lock:
            self.rate = min(self.configured_rate, count / seconds)


def parse_retry_after(value: str | None, default: float = 1.0) -> float:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if value is None or not value.strip():
        return default
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


@dataclass
class RetryPolicy:
    """Bounded retries with exponential backoff and full jitter."""

    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 20.0
    max_retry_after: float = 60.0  # a longer Retry-After makes the source unavailable instead
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        """Sleep before retry number ``attempt`` (0-based): uniform in [b*2^a/2, b*2^a]."""
        cap = min(self.backoff_max, self.backoff_base * (2 ** attempt))
        return cap / 2 + self.rng.random() * cap / 2


class ErrorBudget:
    """Trips when failures reach ``threshold`` of requests (after ``min_requests``)."""

    def __init__(self, threshold: float = 0.10, min_requests: int = 20) -> None:
        self.threshold = threshold
        self.min_requests = min_requests
        self.requests = 0
        self.failures = 0
        self.tripped_reason: str | None = None
        self._lock = threading.Lock()

    def record(self, ok: bool) -> None:
        with self._lock:
            self.requests += 1
            if not ok:
                self.failures += 1
            if (self.tripped_reason is None and self.requests >= self.min_requests
                    and self.failures / self.requests >= self.threshold):
                share = 100 * self.failures / self.requests
                self.tripped_reason = (f"stopped asking: {self.failures} of {self.requests} requests failed "
                                       f"({share:.0f}% >= {100 * self.threshold:.0f}%)")

    @property
    def tripped(self) -> bool:
        return self.tripped_reason is not None


@dataclass
class Reply:
    """What one HTTP attempt produced (status, headers, body or parsed JSON)."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    data: object = None  # parsed payload when the transport already parsed it (habanero)


class TransportError(Exception):
    """No HTTP answer at all: timeout, refused or dropped connection."""


def call_with_retries(
    source: str,
    attempt: Callable[[], Reply],
    *,
    limiter: RateLimiter,
    policy: RetryPolicy,
    budget: ErrorBudget,
    answers: frozenset[int] = frozenset({200, 404}),
    accept: Callable[[Reply], bool] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    guard: RunGuard | None = None,
) -> Reply:
    """Run ``attempt`` until it yields a status in ``answers``; else raise SourceUnavailable.

    429 -> everybody waits ``Retry-After``; 5xx / timeouts / drops -> backoff and retry; other
    statuses (400, 403...) are not retried (asking again would not help). ``accept`` vets a
    200 body (e.g. NCBI's HTML error page served with status 200): a rejected body is retried
    like a 5xx. ``guard`` (the run's :class:`~refcheck.sources.breaker.RunGuard`) fails fast:
    a registry down, the run deadline or Ctrl-C raise before an attempt, and a connection-level
    failure trips the breaker instead of being retried.
    """
    last = "no attempt made"
    for number in range(policy.max_retries + 1):
        if budget.tripped:
            raise SourceUnavailable(source, budget.tripped_reason or "error budget exhausted")
        if guard is not None:
            guard.check(source)
        try:
            with limiter.slot():
                if _shared_gate is not None and limiter.enabled:
                    _shared_gate(source, limiter)
                if guard is not None:
                    guard.check(source)  # the wait for a rate slot may have outlasted the outage news
                reply = attempt()
        except TransportError as exc:
            budget.record(False)
            if (down := breaker_failed(guard, source, exc)) is not None:
                raise SourceUnavailable(source, down) from exc
            last = f"no answer ({exc})"
        else:
            if guard is not None:
                guard.answered(source)
            limiter.adopt_headers(reply.headers)
            if reply.status in answers and (accept is None or reply.status != 200 or accept(reply)):
                budget.record(True)
                return reply
            budget.record(False)
            if reply.status in answers:
                last = "an unreadable answer (HTML/garbage instead of data)"
                if number < policy.max_retries:
                    sleep(policy.delay(number))
                continue
            last = f"HTTP {reply.status}"
            if reply.status == 429:
                wait = parse_retry_after(reply.headers.get("Retry-After") or reply.headers.get("retry-after"),
                                         default=policy.delay(number))
                if wait > policy.max_retry_after:
                    raise SourceUnavailable(source, f"rate limited (HTTP 429, Retry-After {wait:.0f} s)")
                limiter.penalise(wait)
                last = "rate limited (HTTP 429)"
                continue  # the limiter makes this thread (and every other) wait
            if reply.status not in RETRYABLE_STATUS:
                raise SourceUnavailable(source, f"unexpected answer HTTP {reply.status}")
        if number < policy.max_retries:
            sleep(policy.delay(number))
    raise SourceUnavailable(source, f"{last} after {policy.max_retries + 1} attempts")
