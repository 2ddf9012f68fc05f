"""Fail fast, once: a per-registry circuit breaker, a run deadline and Ctrl-C, for one run.

Without this, a registry that cannot be reached cost every reference its own retries: with
connections refused a 100-reference check took 23 s, with a black-holed network (connections
accepted, never answered) 15 references took 285 s, and Ctrl-C waited 87 s for the worker
threads (``bench/outage_bench.py`` on the code before; docs/benchmarks.md).

* **Breaker.** The first *connection-level* failure of a registry (refused, DNS, connect
  timeout; a read timeout or a connection closed without an answer while the registry has not
  answered anything yet in this run) marks that registry down for the rest of the run: every
  later request fails at once with the same reason (``crossref: unreachable (connection
  refused)``), so the report can say it once.
  HTTP errors (429, 5xx) are not connection failures; :mod:`refcheck.sources.http` keeps
  retrying those under its error budget.
* **Memory across runs.** A trip is written to ``unreachable.json`` in the cache directory (the
  same memo :func:`refcheck.sources.reachable_now` keeps), and a registry remembered down less
  than :data:`MEMO_TTL` seconds ago starts the next run already open: a pre-commit hook that
  runs on every commit waits once, not every time. ``--refresh`` forgets it.
* **Deadline.** ``--timeout`` bounds a manuscript's registry time; what is not asked by then
  is *unchecked* (``run time limit reached``), never a verdict.
* **Cancel.** Ctrl-C cancels the guard, so worker threads stop at their next request.

One :class:`RunGuard` per run, made by :func:`refcheck.sources.open_sources` and handed to each
live source (``source.guard``); :func:`refcheck.sources.http.call_with_retries` consults it
before every attempt (:meth:`RunGuard.check`) and reports transport failures to it
(:func:`failed`). No global state: two runs in one process (tests, the library manager) do
not see each other's outages except through the memo file of a shared cache directory.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

from refcheck.errors import SourceUnavailable

MEMO_FILE = "unreachable.json"  # shared with refcheck.sources.reachable_now (url -> time of failure)
MEMO_REASONS = "_reasons"  # url -> why, kept beside the timestamps
MEMO_TTL = 300.0  # seconds a registry is remembered down across runs
CONNECT_TIMEOUT = 3.05  # seconds to open a TCP connection (a reachable registry needs < 0.5 s)
DEFAULT_DEADLINE = 120.0  # seconds of registry time per manuscript (--timeout), at least ...
PER_REFERENCE = 2.0  # ... and this much per reference: Crossref's public pool allows 1 search/s


class RunGuard:
    """Which registries are down, the run's deadline and whether it was cancelled."""

    def __init__(self, urls: dict[str, str], memo_dir: Path | None = None, *, deadline: float | None = None,
                 refresh: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        self.urls = dict(urls)
        self.memo_dir = memo_dir
        self.limit = deadline
        self._clock = clock
        self._ends = clock() + deadline if deadline and deadline > 0 else None
        self._down: dict[str, str] = {}
        self._answered: set[str] = set()
        self._lock = threading.Lock()
        self.cancelled = False
        self.remembered: dict[str, str] = {} if refresh else self._read_memo()
        self._down.update(self.remembered)

    # -- memo ----------------------------------------------------------------------------------
    def _memo(self) -> dict:
        if self.memo_dir is None:
            return {}
        try:
            data = json.loads((self.memo_dir / MEMO_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _read_memo(self) -> dict[str, str]:
        """Registries whose failure is recent enough to trust, with why and until when."""
        data = self._memo()
        kept = data.get(MEMO_REASONS)
        reasons: dict[str, str] = kept if isinstance(kept, dict) else {}
        out: dict[str, str] = {}
        now = time.time()
        for name, url in self.urls.items():
            failed_at = data.get(url)
            if isinstance(failed_at, int | float) and 0 <= now - failed_at < MEMO_TTL:
                why = reasons.get(url) or "unreachable"
                retry = time.strftime("%H:%M:%S", time.localtime(failed_at + MEMO_TTL))
                out[name] = f"{why}; remembered from an earlier run, not asked again before {retry} (--refresh asks now)"
        return out

    def _remember(self, name: str, reason: str) -> None:
        url = self.urls.get(name)
        if self.memo_dir is None or url is None:
            return
        data = self._memo()
        kept = data.get(MEMO_REASONS)
        reasons: dict[str, str] = kept if isinstance(kept, dict) else {}
        data[url] = time.time()
        data[MEMO_REASONS] = {**reasons, url: reason}
        try:
            self.memo_dir.mkdir(parents=True, exist_ok=True)
            tmp = self.memo_dir / f".{MEMO_FILE}.{threading.get_ident()}"
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(self.memo_dir / MEMO_FILE)
        except OSError:
            pass  # an unwritable cache only means the next run probes again

    # -- run state -----------------------------------------------------------------------------
    def down(self, name: str) -> str | None:
        """Why ``name`` is not asked any more in this run, or None."""
        return self._down.get(name)

    def check(self, name: str) -> None:
        """Raise SourceUnavailable when ``name`` must not be asked now (down, late, cancelled)."""
        if self.cancelled:
            raise SourceUnavailable(name, "interrupted")
        if (why := self._down.get(name)) is not None:
            raise SourceUnavailable(name, why)
        if self._ends is not None and self._clock() >= self._ends:
            raise SourceUnavailable(name, f"run time limit reached (--timeout {self.limit:g} s)")

    def remaining(self) -> float | None:
        return None if self._ends is None else max(0.0, self._ends - self._clock())

    def trip(self, name: str, reason: str) -> str:
        """Mark ``name`` down for the run (and the next runs); returns the reason kept."""
        with self._lock:
            if name in self._down:
                return self._down[name]
            self._down[name] = reason
        self._remember(name, reason)
        return reason

    def answered(self, name: str) -> None:
        """``name`` gave an HTTP answer: it is reachable, a later timeout is a hiccup to retry."""
        self._answered.add(name)

    def has_answered(self, name: str) -> bool:
        return name in self._answered

    def cancel(self) -> None:
        self.cancelled = True


def connection_failure(exc: BaseException) -> str | None:
    """Why ``exc`` means the registry could not be reached at all, or None for other errors.

    Walks the exception chain (TransportError <- requests/httpx <- urllib3 <- OSError) and
    names the cause in words a user can act on.
    """
    seen: set[int] = set()
    current_exc: BaseException | None = exc
    names: list[str] = []
    texts: list[str] = []
    while current_exc is not None and id(current_exc) not in seen:
        seen.add(id(current_exc))
        names.append(type(current_exc).__name__)
        texts.append(str(current_exc))
        current_exc = current_exc.__cause__ or current_exc.__context__
    blob = " ".join(names + texts).lower()
    if isinstance(exc, ConnectionRefusedError) or "refused" in blob:
        return "connection refused"
    if "nameresolution" in blob or "name or service not known" in blob or "getaddrinfo" in blob \
            or "temporary failure in name resolution" in blob or "nodename nor servname" in blob:
        return "DNS lookup failed"
    if "connecttimeout" in blob or "connect timeout" in blob or "connecttimeouterror" in blob:
        return "connection timed out"
    if "readtimeout" in blob or "read timed out" in blob or "timeoutexception" in blob:
        return "read timed out, no answer"
    if "remotedisconnected" in blob or "remoteprotocolerror" in blob or "connection aborted" in blob \
            or "connectionreset" in blob or "connection reset" in blob:
        return "connection closed without an answer"
    if "connectionerror" in blob or "connecterror" in blob or "networkunreachable" in blob \
            or "network is unreachable" in blob or "no route to host" in blob:
        return "network unreachable"
    return None


# Failures that say nothing about reachability once the registry has answered in this run
# (a slow query, a keep-alive connection the server closed): those are retried as before.
_TRANSIENT = frozenset({"read timed out, no answer", "connection closed without an answer"})


def failed(guard: RunGuard | None, name: str, exc: BaseException) -> str | None:
    """The HTTP layer's hook after a transport failure: trip the breaker on a connection-level
    failure and return the reason (the caller raises it instead of retrying), else None.

    Without a guard (a client used outside a run) nothing trips: the old retry behaviour."""
    why = connection_failure(exc)
    if guard is None or why is None or (why in _TRANSIENT and guard.has_answered(name)):
        return None
    return guard.trip(name, f"unreachable ({why})")


def default_deadline(references: int) -> float:
    """The run deadline when ``--timeout`` is not given: 120 s, or 2 s per reference for long
    lists, so that a cold check of a 300-reference review at the public pool's pace is not cut
    short while a black-holed registry (which the breaker stops anyway) still cannot hang a run."""
    return max(DEFAULT_DEADLINE, PER_REFERENCE * references)


def connect_timeout(timeout: float) -> float:
    """Seconds allowed to open a connection: short (:data:`CONNECT_TIMEOUT`), never above the
    read timeout. A registry that cannot accept a connection in 3 s is not going to answer."""
    return min(CONNECT_TIMEOUT, timeout)
