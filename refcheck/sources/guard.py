"""Reading a registry's answer defensively: size cap, deadlines, same-host redirects, sane bodies.

``requests`` reads a whole body into memory, however large, waits forever on a server that
drips one byte at a time under its read timeout, and follows redirects to any host. A captive
portal's HTML page or a truncated body served with status 200 used to be cached for 30 days
(issue #17). This module is the one place that:

* streams a body and stops at :attr:`HttpLimits.max_bytes` *decoded* bytes (a gzip bomb counts
  at its inflated size) - an endless chunked answer ends there too;
* stops a request after :attr:`HttpLimits.request_seconds` in total, and every request once the
  run has used :attr:`HttpLimits.run_seconds` (when set);
* refuses a redirect to a host other than the one asked (same-host redirects are followed, at
  most :data:`MAX_REDIRECTS`);
* offers validators (:func:`crossref_work_payload`, :func:`crossref_agency_payload`) that the sources pass as
  ``accept`` to :func:`~refcheck.sources.http.call_with_retries` and to the cache, so that an
  answer is checked *before* it is stored and a bad cached one is treated as a miss.

Every refusal is a :class:`~refcheck.sources.http.TransportError`: retried, counted by the error
budget and finally an outage ("unchecked"), never a verdict about the reference.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from refcheck.sources.http import Reply, TransportError

MAX_REDIRECTS = 3
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass
class HttpLimits:
    """Caps on one source's HTTP answers (shared by all of its requests in one run)."""

    max_bytes: int = 32 * 1024 * 1024  # the largest EFetch batch seen is ~4 MB
    request_seconds: float = 60.0  # wall time for one request, headers to last byte
    run_seconds: float | None = None  # all requests of the run; None: no run deadline
    started: float = field(default_factory=time.monotonic)

    def deadline(self) -> float:
        """The monotonic time by which the next request must be finished."""
        end = time.monotonic() + self.request_seconds
        if self.run_seconds is not None:
            end = min(end, self.started + self.run_seconds)
        return end


def guarded_request(session: Any, method: str, url: str, limits: HttpLimits, **kwargs: Any) -> Reply:
    """One HTTP request through ``session`` (requests) under ``limits``; redirects kept on host."""
    import requests

    if time.monotonic() >= limits.deadline():
        raise TransportError("run deadline reached")
    host = urlsplit(url).netloc.lower()
    for _ in range(MAX_REDIRECTS + 1):
        try:
            resp = session.request(method, url, stream=True, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            raise TransportError(type(exc).__name__) from exc
        with resp:
            if resp.status_code not in _REDIRECTS:
                return Reply(resp.status_code, resp.headers, read_capped(resp.raw, limits))
            target = urljoin(url, resp.headers.get("Location", ""))
        if urlsplit(target).netloc.lower() != host:
            raise TransportError(f"redirect to another host refused ({urlsplit(target).netloc or 'no host'})")
        url = target
        if resp.status_code == 303:
            method, kwargs = "GET", {k: v for k, v in kwargs.items() if k != "data"}
    raise TransportError(f"more than {MAX_REDIRECTS} redirects")


def read_capped(raw: Any, limits: HttpLimits) -> bytes:
    """The decoded body from a urllib3 response, or TransportError past the size or time cap."""
    import urllib3

    deadline = limits.deadline()
    parts: list[bytes] = []
    size = 0
    # read1 (urllib3 >= 2) returns what has arrived, so a drip is seen between bytes; urllib3 1.x
    # read(amt) waits for amt bytes, so small reads keep the deadline checks frequent there.
    read1 = getattr(raw, "read1", None)
    try:
        while True:
            chunk = read1(_CHUNK, decode_content=True) if read1 else raw.read(1024, decode_content=True)
            if not chunk:  # end of body (a cut-off one raises instead: urllib3 checks Content-Length)
                break
            size += len(chunk)
            if size > limits.max_bytes:
                raise TransportError(f"answer larger than {limits.max_bytes // (1024 * 1024)} MB")
            parts.append(chunk)
            if time.monotonic() > deadline:
                raise TransportError(f"answer took longer than {limits.request_seconds:.0f} s")
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise TransportError(f"answer cut off ({type(exc).__name__})") from exc
    return b"".join(parts)


# -- validators: is this 200 body worth keeping? ------------------------------------------------------
def crossref_work_payload(payload: bytes | None, doi: str) -> bool:
    """True when ``payload`` is a Crossref work for ``doi`` (the case of the DOI does not matter)."""
    data = _json_object(payload)
    if data is None:
        return False
    message = data.get("message", data)
    if not isinstance(message, dict):
        return False
    got = message.get("DOI")
    return isinstance(got, str) and got.strip().lower() == doi.strip().lower()


def crossref_agency_payload(payload: bytes | None) -> bool:
    """True when ``payload`` is a ``work-agency`` answer with an agency id."""
    data = _json_object(payload)
    message = data.get("message") if data else None
    agency = message.get("agency") if isinstance(message, dict) else None
    return isinstance(agency, dict) and isinstance(agency.get("id"), str)


def _json_object(payload: bytes | None) -> dict | None:  # type: ignore[type-arg]
    if not payload or payload.lstrip()[:1] != b"{":
        return None
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
