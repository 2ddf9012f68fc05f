"""The HTTP plumbing both fake registries share: a threaded server on 127.0.0.1, a request log,
latency and fault injection.

Registry tests must never touch the network, yet a client is only tested if it speaks real HTTP
(status codes, headers, keep-alive, dropped sockets); :class:`FakeServer` runs a small
:class:`http.server.ThreadingHTTPServer` in a background thread and hands each request to its
subclass's ``route`` (:mod:`tests.fakes.crossref`, :mod:`tests.fakes.eutils`).

``FaultPlan(rate=0.0, kinds=("429", "500", "504", "timeout", "drop"), seed=0, retry_after="0",
slow_seconds=1.0, paths=None)``
    Each request is faulted with probability ``rate`` (``random.Random(seed)``, deterministic
    for a given request order). Kinds: ``"429"`` (``Retry-After: <retry_after>``), ``"500"`` and
    ``"504"`` (recorded bodies), ``"timeout"`` (sleep ``slow_seconds`` then answer; a client
    with a shorter timeout gives up), ``"drop"`` (close the socket without a response) and
    ``"html"`` (E-utilities: 200 with the recorded HTML page instead of XML). ``paths``
    restricts faults to request paths containing one of the given strings.
    ``fake.fail_next("429", n=2)`` forces the next ``n`` requests to fail that way regardless of
    ``rate``. ``fake.faults_served`` counts injected faults by kind.

Observability for tests and benchmarks: ``requests`` (list of :class:`RequestRecord`),
``count(substring)``, ``reset()``, ``max_in_flight`` (peak concurrent requests) and
``peak_rate(window=1.0, contains=None)`` (most requests started in any ``window`` seconds).
With ``rate_limit_enforce=(n, seconds)`` a fake answers 429 when a client exceeds ``n``
requests per ``seconds`` (what the real services do), which benchmarks use to prove that the
client-side limiter works.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.data import read_bytes

# --------------------------------------------------------------------------------------------
# Faults and request log


@dataclass
class FaultPlan:
    """Which requests fail and how (see the module docstring)."""

    rate: float = 0.0
    kinds: Sequence[str] = ("429", "500", "504", "timeout", "drop")
    seed: int = 0
    retry_after: str = "0"
    slow_seconds: float = 1.0
    paths: Sequence[str] | None = None
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self, path: str) -> str | None:
        """The fault for this request, or None (call with the server's lock held)."""
        if self.paths is not None and not any(p in path for p in self.paths):
            return None
        if self.rate <= 0 or not self.kinds:
            return None
        if self._rng.random() < self.rate:
            return self._rng.choice(list(self.kinds))
        return None


@dataclass(frozen=True)
class RequestRecord:
    """One request the fake received."""

    method: str
    path: str  # percent-decoded path
    query: dict[str, list[str]]  # GET query merged with a POST form body
    started: float  # time.monotonic()
    fault: str | None = None
    raw_path: str = ""  # as sent on the wire (to check percent-encoding)

    def __iter__(self):  # type: ignore[no-untyped-def]
        """Unpacks as ``(method, path, query)`` for terse assertions."""
        return iter((self.method, self.path, self.query))


# --------------------------------------------------------------------------------------------
# Server plumbing shared by both fakes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real services
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def do_GET(self) -> None:
        self.server.owner._handle(self, "GET")

    def do_POST(self) -> None:
        self.server.owner._handle(self, "POST")

    def do_HEAD(self) -> None:
        self.server.owner._handle(self, "HEAD")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FakeServer


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


# peak_rate counts requests when they arrive, not when the client's limiter let them start: on a loaded
# machine two paced requests can arrive closer than 1/rate, so one extra arrival in a window is transport
# jitter, not a client over its rate.
ARRIVAL_JITTER = 1


class FakeServer:
    """Threaded HTTP server with request log, latency and fault injection."""

    url_suffix = ""
    errors_dir: Path

    def __init__(self, latency: float = 0.0, faults: FaultPlan | None = None,
                 rate_limit_enforce: tuple[int, float] | None = None) -> None:
        self.latency = latency
        self.faults = faults or FaultPlan()
        self.rate_limit_enforce = rate_limit_enforce
        self.requests: list[RequestRecord] = []
        self.faults_served: Counter[str] = Counter()
        self.max_in_flight = 0
        self._in_flight = 0
        self._forced: list[str] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> FakeServer:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.owner = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start the fake first (use it as a context manager)"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.url_suffix}"

    # -- observability --------------------------------------------------------------------------
    def count(self, contains: str = "") -> int:
        """Requests whose decoded path contains ``contains`` (all requests for "")."""
        with self._lock:
            return sum(1 for r in self.requests if contains in r.path)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.faults_served.clear()
            self.max_in_flight = 0

    def fail_next(self, kind: str, n: int = 1) -> None:
        """Force the next ``n`` requests to fail with ``kind``."""
        with self._lock:
            self._forced.extend([kind] * n)

    def peak_rate(self, window: float = 1.0, contains: str | None = None) -> int:
        """The most requests started within any ``window`` seconds."""
        with self._lock:
            times = sorted(r.started for r in self.requests if contains is None or contains in r.path)
        best, lo = 0, 0
        for hi, t in enumerate(times):
            while t - times[lo] >= window:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

    # -- request handling -----------------------------------------------------------------------
    def _handle(self, handler: _Handler, method: str) -> None:
        split = urlsplit(handler.path)
        path = unquote(split.path)
        query = parse_qs(split.query, keep_blank_values=True)
        if method == "POST":
            length = int(handler.headers.get("Content-Length") or 0)
            form = handler.rfile.read(length).decode("utf-8", "replace") if length else ""
            for k, v in parse_qs(form, keep_blank_values=True).items():
                query.setdefault(k, []).extend(v)
        now = time.monotonic()
        with self._lock:
            fault = self._forced.pop(0) if self._forced else self.faults.draw(path)
            if fault is None and self._over_limit(now):
                fault = "429"
            self.requests.append(RequestRecord(method, path, query, now, fault, split.path))
            if fault:
                self.faults_served[fault] += 1
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            if self.latency:
                time.sleep(self.latency)
            self._respond(handler, method, path, query, fault)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _over_limit(self, now: float) -> bool:
        if not self.rate_limit_enforce:
            return False
        limit, window = self.rate_limit_enforce
        recent = sum(1 for r in self.requests[-(limit + 1):] if now - r.started < window and r.fault is None)
        return recent >= limit

    def _respond(self, handler: _Handler, method: str, path: str, query: dict[str, list[str]],
                 fault: str | None) -> None:
        if fault == "drop":
            handler.close_connection = True
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "timeout":
            time.sleep(self.faults.slow_seconds)
            fault = None
        response = self._fault_response(fault) if fault else None
        if response is None:
            try:
                response = self.route(method, path, query)
            except Exception as exc:  # a bug in the fake must not hang the client
                response = Response(500, f"fake registry error: {exc!r}".encode(), "text/plain")
        self._send(handler, method, response)

    def _fault_response(self, fault: str) -> Response | None:
        if fault == "429":
            return Response(429, b"Too Many Requests", "text/plain",
                            {"Retry-After": self.faults.retry_after})
        if fault == "500":
            return Response(500, self._error_body("500_works-cursor-5.exception.json"), "application/json")
        if fault == "504":
            return Response(504, self._error_body("504_gateway-timeout.html"), "text/html")
        return self.special_fault(fault)

    def special_fault(self, fault: str) -> Response | None:
        return None

    def _error_body(self, name: str) -> bytes:
        """The recorded body; a minimal stand-in when shared/data is not next to the repo."""
        try:
            return read_bytes(self.errors_dir / name)
        except OSError:
            return _FALLBACK_BODIES.get(name, b"error")

    def _send(self, handler: _Handler, method: str, response: Response) -> None:
        handler.send_response(response.status)
        handler.send_header("Content-Type", response.content_type)
        handler.send_header("Content-Length", str(len(response.body)))
        for name, value in {**self.default_headers(), **response.headers}.items():
            handler.send_header(name, value)
        handler.end_headers()
        if method != "HEAD":
            try:
                handler.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):  # client gave up (timeout)
                handler.close_connection = True

    def default_headers(self) -> dict[str, str]:
        return {}

    def route(self, method: str, path: str, query: dict[str, list[str]]) -> Response:
        raise NotImplementedError


_FALLBACK_BODIES = {
    "404_works-unknown-doi.txt": b"Resource not found.",
    "504_gateway-timeout.html": b"<html><body><h1>504 Gateway Time-out</h1></body></html>",
    "500_works-cursor-5.exception.json": b'{"status":"error","message-type":"exception","message":{}}',
}


def param(query: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    """The first value of a query parameter (what the real services read)."""
    values = query.get(name)
    return values[0] if values else default
