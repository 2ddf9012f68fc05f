"""The base of every HTTP registry client: session, pacing, retries, error budget, run guard, cache.

Crossref and PubMed used to carry their own copies of this plumbing; a new HTTP registry
(DataCite, OpenAlex...) now subclasses :class:`HttpSource`, sets ``name``, ``capabilities`` and a
:class:`~refcheck.sources.http.RateLimiter`, and writes only its routes and its converter:

* :meth:`HttpSource._attempt` - one size-capped, deadline-bound request on a pooled keep-alive
  session (:func:`~refcheck.sources.guard.guarded_request`), counted in ``calls``;
* :meth:`HttpSource._retrying` - that attempt under the limiter, retry policy, error budget and
  the run's :class:`~refcheck.sources.breaker.RunGuard` (:func:`~refcheck.sources.http.call_with_retries`);
* :meth:`HttpSource._cached` - the persistent cache in front of a fetch, offline-aware.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from refcheck.errors import SourceUnavailable
from refcheck.sources.base import Source
from refcheck.sources.breaker import RunGuard, connect_timeout
from refcheck.sources.cache import Cache
from refcheck.sources.guard import HttpLimits, guarded_request
from refcheck.sources.http import ErrorBudget, RateLimiter, Reply, RetryPolicy, call_with_retries

Fetch = Callable[[], tuple[int, bytes | None]]


class HttpSource(Source):
    """A registry reached over HTTP (thread-safe; the session is created on first network use)."""

    base_url: str
    user_agent: str = "refcheck"
    guard: RunGuard | None = None  # the run's circuit breaker / deadline (open_sources gives it)

    def __init__(self, base_url: str, *, cache: Cache | None = None, offline: bool = False,
                 timeout: float = 10.0, max_retries: int = 4, backoff_base: float = 0.5,
                 error_threshold: float = 0.10, error_min_requests: int = 20) -> None:
        self.base_url = base_url.rstrip("/")
        self.cache = cache
        self.offline = offline
        self.timeout = timeout
        self.policy = RetryPolicy(max_retries=max_retries, backoff_base=backoff_base)
        self.budget = ErrorBudget(error_threshold, error_min_requests)
        self.calls = 0  # HTTP attempts made (benchmarks: API calls per reference)
        self.limits = HttpLimits(request_seconds=max(30.0, 3 * timeout))
        self._session: Any = None  # created on first network use: a warm (cached) run never imports requests
        self._session_lock = threading.Lock()

    def _http(self) -> Any:
        """The pooled keep-alive session (lazily: importing requests costs ~60 ms per process)."""
        with self._session_lock:
            if self._session is None:
                import requests

                session = requests.Session()
                session.headers["User-Agent"] = self.user_agent
                adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=self.max_concurrency + 2)
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                self._session = session
            return self._session

    def _attempt(self, method: str, url: str, **kwargs: Any) -> Reply:
        """One request attempt (size-capped, deadline, same-host redirects: :mod:`refcheck.sources.guard`)."""
        self.calls += 1
        return guarded_request(self._http(), method, url, self.limits,
                               timeout=(connect_timeout(self.timeout), self.timeout), **kwargs)

    def _retrying(self, attempt: Callable[[], Reply], limiter: RateLimiter, *,
                  answers: frozenset[int] = frozenset({200, 404}),
                  accept: Callable[[Reply], bool] | None = None) -> Reply:
        """``attempt`` until it answers (see :func:`~refcheck.sources.http.call_with_retries`);
        offline, no request is made and the miss is an outage."""
        if self.offline:
            raise SourceUnavailable(self.name, "offline, not in cache")
        return call_with_retries(self.name, attempt, limiter=limiter, policy=self.policy, budget=self.budget,
                                 answers=answers, accept=accept, guard=self.guard)

    def _cached(self, kind: str, key: str, fetch: Fetch,
                valid: Callable[[bytes | None], bool] | None = None) -> tuple[int, bytes | None]:
        """(status, payload) from the cache, else from ``fetch()`` (stored when ``valid``)."""
        if self.cache is None:
            if self.offline:
                raise SourceUnavailable(self.name, "offline, not in cache")
            return fetch()
        entry = self.cache.fetch(self.name, kind, key, fetch, valid=valid)
        return entry.status, entry.payload

    def use_guard(self, guard: RunGuard) -> None:
        self.guard = guard

    def cancel(self) -> None:
        if self.guard is not None:
            self.guard.cancel()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        if self.cache is not None:
            self.cache.close()
