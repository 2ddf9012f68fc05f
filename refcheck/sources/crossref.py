"""Crossref REST API client (:class:`CrossrefSource`).

Transport choice (why two HTTP paths):

* **Bibliographic search goes through habanero** (``Crossref.works(query_bibliographic=...,
  limit=rows)``), as the project requires: habanero builds and validates the field query.
* **Single-record routes (``/works/{doi}``, ``/works/{doi}/agency``) use a pooled
  ``requests.Session``.** habanero cannot serve them safely: it concatenates the DOI into the
  path without percent-encoding (SICI DOIs with ``<>;()#`` break), returns parsed JSON without
  the response headers (so ``X-Rate-Limit-*`` cannot be read), opens a new connection per call
  (no keep-alive: a TLS handshake per DOI) and raises a ``KeyError`` on Crossref's 500 body.

Around both paths this module owns what habanero lacks (field notes §1.6): per-pool and
per-class rate limits (polite with ``mailto``: 10/s single records, 3/s lists, 3 in flight;
public: 5/s, 1/s, 1 in flight), 429 ``Retry-After``, exponential backoff with jitter on
5xx/timeouts/dropped connections, bounded retries, the 10% error budget, and the cache.
habanero errors are classified by walking the exception chain to the underlying
``httpx2`` response or transport error.

A plain-text 404 means "no such record" (``None``). Before saying so, the DOI's registration
agency is checked: a DataCite/mEDRA DOI is recorded in :attr:`CrossrefSource.agencies` (the
matcher can say "registered with DataCite, not Crossref"), and a DOI whose agency *is* Crossref
but whose record 404s is an index incident, so it raises ``SourceUnavailable`` rather than
calling the DOI wrong.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from refcheck import __version__
from refcheck.config import CROSSREF_URL, TOOL_NAME
from refcheck.errors import SourceUnavailable
from refcheck.model import Citation, Work
from refcheck.sources.base import Capability
from refcheck.sources.breaker import connect_timeout
from refcheck.sources.cache import Cache
from refcheck.sources.client import HttpSource
from refcheck.sources.crossref_record import work_from_crossref
from refcheck.sources.guard import (
    crossref_agency_payload,
    crossref_work_payload,
)
from refcheck.sources.http import (
    RateLimiter,
    Reply,
    TransportError,
)
from refcheck.text.fold import fold
from refcheck.text.identifiers import DOI_START, doi_key

# (single-record rate, list rate, concurrency) per pool; Crossref blog 2025-11-05.
POLITE_LIMITS = (10.0, 3.0, 3)
PUBLIC_LIMITS = (5.0, 1.0, 1)
_ID_NOISE = re.compile(rf"(https?://\S+|doi:\s*\S+|\b{DOI_START}\S+|pmid:?\s*\d+|pmcid:?\s*pmc\d+)", re.IGNORECASE)


def encode_doi(doi: str) -> str:
    """Percent-encode a DOI for a URL path, keeping the prefix/suffix ``/`` literal.

    ``10.1002/(SICI)1097-4636(199706)35:4<439::AID-JBM4>3.0.CO;2-N`` keeps working, and the
    ``/`` inside suffixes stays a path separator like the README examples.
    """
    return quote(doi, safe="/")


def bibliographic_query(citation: Citation) -> str:
    """The ``query.bibliographic`` string for a citation.

    Crossref recommends sending the reference as printed; identifiers are removed because a
    cited identifier we are searching around is suspect, and URLs only add noise.
    """
    text = _ID_NOISE.sub(" ", citation.text or "")
    text = re.sub(r"\s+", " ", text).strip()
    if len(re.findall(r"\w+", text)) < 3:
        parts = [a.family or a.group or "" for a in citation.authors[:3]]
        parts += [citation.title or "", citation.container or "", str(citation.year or ""),
                  citation.volume or "", citation.first_page or citation.pages or ""]
        text = " ".join(p for p in parts if p)
    return text[:400]


class CrossrefSource(HttpSource):
    """Crossref as a :class:`~refcheck.sources.base.Source` (thread-safe)."""

    name = "crossref"
    capabilities = frozenset({Capability.LOOKUP_DOI, Capability.SEARCH, Capability.RELATIONS,
                              Capability.DOI_AGENCY})

    def __init__(
        self,
        base_url: str = CROSSREF_URL,
        *,
        mailto: str | None = None,
        cache: Cache | None = None,
        offline: bool = False,
        timeout: float = 10.0,
        max_retries: int = 4,
        backoff_base: float = 0.5,
        check_agency: bool = True,
        error_threshold: float = 0.10,
        error_min_requests: int = 20,
        limits: tuple[float, float, int] | None = None,
    ) -> None:
        super().__init__(base_url, cache=cache, offline=offline, timeout=timeout, max_retries=max_retries,
                         backoff_base=backoff_base, error_threshold=error_threshold,
                         error_min_requests=error_min_requests)
        self.mailto = mailto
        self.check_agency = check_agency
        single, listing, concurrency = limits or (POLITE_LIMITS if mailto else PUBLIC_LIMITS)
        self.max_concurrency = concurrency
        pool = threading.BoundedSemaphore(concurrency)
        self.single_limiter = RateLimiter(single, concurrency, semaphore=pool)
        self.list_limiter = RateLimiter(listing, concurrency, semaphore=pool)
        self.agencies: dict[str, str] = {}  # DOI -> registration agency, for 404s outside Crossref
        # Crossref etiquette: identify the tool and, for the polite pool, a contact address.
        self.user_agent = f"{TOOL_NAME}/{__version__}" + (f" (mailto:{mailto})" if mailto else "")
        self._habanero: Any = None
        self._habanero_lock = threading.Lock()
        self._ua_for_habanero = f"{TOOL_NAME}/{__version__}"  # habanero adds "(mailto:...)" itself

    # -- transport -----------------------------------------------------------------------------
    def _request(self, path: str, limiter: RateLimiter, valid: Any = None) -> Reply:
        """One single-record GET (size-capped, deadline, same-host redirects); ``valid(body)`` vets
        a 200 answer before anyone caches it; a bad one is retried, then an outage."""
        accept = None if valid is None else (lambda reply: valid(reply.body))
        return self._retrying(lambda: self._attempt("GET", self.base_url + path), limiter, accept=accept)

    def _crossref(self) -> Any:
        with self._habanero_lock:
            if self._habanero is None:
                import httpx2
                from habanero import Crossref

                timeout = httpx2.Timeout(self.timeout, connect=connect_timeout(self.timeout))
                self._habanero = Crossref(base_url=self.base_url, mailto=self.mailto,
                                          ua_string=self._ua_for_habanero, timeout=timeout)
            return self._habanero

    def _search_attempt(self, query: str, rows: int) -> Reply:
        """One habanero search attempt, its failures mapped onto a status or a transport error."""
        self.calls += 1
        try:
            data = self._crossref().works(query_bibliographic=query, limit=rows)
        except Exception as exc:
            return _classify_habanero_error(exc)
        return Reply(200, {}, b"", data)

    # -- Source API -----------------------------------------------------------------------------
    def get_doi(self, doi: str) -> Work | None:
        clean = doi_key(doi)

        def fetch() -> tuple[int, bytes | None]:
            reply = self._request("/works/" + encode_doi(clean), self.single_limiter,
                                  lambda body: crossref_work_payload(body, clean))
            if reply.status == 404:
                return 404, None
            return 200, reply.body

        status, payload = self._cached("work", clean, fetch, lambda body: crossref_work_payload(body, clean))
        if status == 404 or payload is None:
            self._after_404(clean)
            return None
        return self._work(payload, f"GET /works/{clean}")

    def _after_404(self, doi: str) -> None:
        """Ask the agency route before calling a DOI unknown (field notes §1.4)."""
        if not self.check_agency:
            return
        agency = self.doi_agency(doi)
        if agency == "crossref":
            raise SourceUnavailable(self.name, f"{doi} is a Crossref DOI but its record is not served "
                                               "(indexing delay?)")
        if agency:
            self.agencies[doi] = agency

    def agency_of(self, doi: str) -> str | None:
        return self.agencies.get(doi)

    def doi_agency(self, doi: str) -> str | None:
        """The registration agency id (``crossref``, ``datacite``, ``medra``...) or None if unknown."""
        clean = doi_key(doi)

        def fetch() -> tuple[int, bytes | None]:
            reply = self._request("/works/" + encode_doi(clean) + "/agency", self.single_limiter,
                                  crossref_agency_payload)
            return (404, None) if reply.status == 404 else (200, reply.body)

        status, payload = self._cached("agency", clean, fetch, crossref_agency_payload)
        if status != 200 or not payload:
            return None
        try:
            return str(json.loads(payload)["message"]["agency"]["id"]).lower()
        except (ValueError, KeyError, TypeError):
            return None

    def _work(self, payload: bytes, request: str) -> Work:
        try:
            data = json.loads(payload)
            message = data["message"] if isinstance(data, dict) and "message" in data else data
            if not isinstance(message, dict):
                raise TypeError("message is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            raise SourceUnavailable(self.name, f"unreadable answer to {request}: {exc}") from exc
        work = work_from_crossref(message, source=self.name)
        work.request = request
        return work

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        query = bibliographic_query(citation)
        if not query:
            return []
        return self.search_text(query, rows)

    def search_text(self, query: str, rows: int = 5) -> list[Work]:
        """``query.bibliographic`` search; items are full records, cached as works too."""

        def fetch() -> tuple[int, bytes | None]:
            reply = self._retrying(lambda: self._search_attempt(query, rows), self.list_limiter,
                                   answers=frozenset({200}))
            if not isinstance(reply.data, dict) or not isinstance(reply.data.get("message"), dict):
                raise SourceUnavailable(self.name, "search answer is not a Crossref work-list")
            if not reply.data["message"].get("items"):
                return 404, None  # no hit: a negative answer, kept for the short TTL only
            return 200, json.dumps(reply.data, ensure_ascii=False).encode("utf-8")

        status, payload = self._cached("search", f"{rows}|{fold(query)}", fetch)
        if status == 404 or payload is None:
            return []
        try:
            data = json.loads(payload or b"{}")
            items = data["message"]["items"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SourceUnavailable(self.name, f"unreadable search answer: {exc}") from exc
        works = []
        for item in items:
            if not isinstance(item, dict):
                continue
            work = work_from_crossref(item, source=self.name)
            work.request = f"GET /works?query.bibliographic={query[:80]}"
            works.append(work)
            self._remember(item)
        return works

    def _remember(self, item: dict) -> None:
        """Store a search hit as a work too: a later get_doi for it costs no request."""
        if self.cache is None or self.cache.offline or not item.get("DOI"):
            return
        doi = str(item["DOI"]).lower()
        if self.cache.get(self.name, "work", doi) is not None:
            return
        message = {k: v for k, v in item.items() if k != "score"}
        envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}
        with contextlib.suppress(Exception):
            self.cache.put(self.name, "work", doi, 200, json.dumps(envelope, ensure_ascii=False).encode("utf-8"))


def _classify_habanero_error(exc: BaseException) -> Reply:
    """Map what habanero raised onto a Reply (HTTP status) or a TransportError."""
    import httpx2
    from habanero import RequestError

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, httpx2.HTTPStatusError):
            response = current.response
            return Reply(response.status_code, _headers(response.headers), response.content)
        if isinstance(current, httpx2.HTTPError):
            raise TransportError(type(current).__name__) from exc
        if isinstance(current, RequestError):
            try:
                status = int(current.status_code)
            except (TypeError, ValueError):
                break
            # A 2xx that is not JSON (a proxy's HTML page) is a broken answer: retry it.
            return Reply(status if status >= 400 else 502, {}, str(current.error).encode())
        current = current.__cause__ or current.__context__
    raise TransportError(f"{type(exc).__name__}: {exc}") from exc


def _headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k): str(v) for k, v in headers.items()}
