"""One rate budget for a whole batch, shared by every worker process (local or on a cluster).

Each registry client already paces itself (:class:`refcheck.sources.http.RateLimiter`), but
that limiter lives in one process: N batch workers would ask Crossref N times as fast as it
allows. A batch therefore installs a *shared gate* (:func:`refcheck.sources.http.set_shared_gate`)
in each worker. Before each request starts, the gate asks one coordinator for a start slot:

* local ``--jobs N``: a :class:`multiprocessing.managers.BaseManager` server process started by
  the batch (:func:`start_local_budget`);
* Dask: the scheduler itself, through a scheduler plugin
  (:class:`refcheck.batch.cluster.RateBudgetPlugin`) that adds one handler; nothing else needs
  to be deployed.

The coordinator keeps, per budget key, the time of the next free start and answers with a
*delay* measured on its own clock, so worker clocks never need to agree. Starts are spaced
``1 / (rate * HEADROOM)`` apart, so the messages' variable latency cannot push two starts
closer together than the registry's limit allows. A registry's single-record and list routes
have different limits; the key is the source name plus the limiter's configured rate, so each
gets its own budget. With a local mirror no HTTP request is made and the gate is never asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from multiprocessing.managers import BaseManager
from typing import Any

from refcheck.sources.http import RateLimiter, set_shared_gate

HEADROOM = 0.95  # pace at 95% of the limit: coordinator->worker latency jitter stays under the limit
HANDLER = "refcheck_rate_reserve"


class Pacer:
    """Start-time scheduler over several budgets (a token bucket with a burst of one)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self.granted = 0

    def reserve(self, key: str, interval: float) -> float:
        """Reserve the next start for ``key``; returns how long the caller must wait first."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(key, 0.0))
            self._next[key] = start + max(0.0, interval)
            self.granted += 1
        return start - now


def budget_key(source: str, limiter: RateLimiter) -> str:
    """One budget per registry route: the source name and the limiter's configured rate."""
    return f"{source}@{limiter.configured_rate:g}"


def interval_for(limiter: RateLimiter) -> float:
    """Seconds between starts for the whole batch (follows a lower advertised server limit)."""
    return 1.0 / (limiter.rate * HEADROOM) if limiter.rate > 0 else 0.0


def make_gate(reserve: Callable[[str, float], float],
              sleep: Callable[[float], None] = time.sleep) -> Callable[[str, RateLimiter], None]:
    """A shared gate for :func:`set_shared_gate` that asks ``reserve`` and sleeps its answer.

    ``requests`` is imported here, not on the first request: the clients import it lazily,
    after the gate, and that import (~0.1-0.3 s on a busy machine) would make each worker's
    first request late and bunch it with the next worker's, above the limit at the server."""
    import requests  # noqa: F401

    def gate(source: str, limiter: RateLimiter) -> None:
        delay = reserve(budget_key(source, limiter), interval_for(limiter))
        if delay > 0:
            sleep(delay)

    return gate


# ---------------------------------------------------------------------------- local processes

_PACER = Pacer()


def _pacer() -> Pacer:
    return _PACER


class BudgetManager(BaseManager):
    """Serves one :class:`Pacer` to the batch's worker processes."""


BudgetManager.register("pacer", callable=_pacer)


def start_local_budget() -> tuple[BudgetManager, Any]:
    """Start the coordinator process; returns it (shut it down at the end) and a pacer proxy."""
    manager = BudgetManager()
    manager.start()
    return manager, manager.pacer()  # type: ignore[attr-defined]


def install_proxy_gate(pacer: Any) -> None:
    """Worker initializer: route every request start of this process through ``pacer``.

    Proxies are not thread-safe (one connection each); the matcher's threads share one
    proxy, so calls are serialised by a lock - they wait for the same budget anyway."""
    lock = threading.Lock()

    def reserve(key: str, interval: float) -> float:
        with lock:
            return float(pacer.reserve(key, interval))

    set_shared_gate(make_gate(reserve))


def install_client_gate(client: Any) -> None:
    """In a Dask task: route this worker process's request starts through the scheduler's budget
    (the handler :class:`refcheck.batch.cluster.RateBudgetPlugin` adds)."""

    def reserve(key: str, interval: float) -> float:
        return float(client.sync(getattr(client.scheduler, HANDLER), key=key, interval=interval))

    set_shared_gate(make_gate(reserve))
