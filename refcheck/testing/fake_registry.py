"""Local fake registries: real HTTP on 127.0.0.1 serving the recorded Crossref and PubMed data.

Registry tests must never touch the network, yet a client is only tested if it speaks real HTTP
(status codes, headers, keep-alive, dropped sockets). These fakes are small
:class:`http.server.ThreadingHTTPServer` instances run in a background thread and serve the real
records from ``../shared/data`` (7,995 Crossref records, 372 PubMed records) plus anything a test
adds. Error bodies are the byte-exact recordings from ``shared/data/crossref/responses/errors/``.

Quick start::

    from refcheck.testing import FakeCrossref, FakeEutils, FaultPlan

    with FakeCrossref() as cr, FakeEutils() as eu:
        settings = Settings(crossref_url=cr.url, eutils_url=eu.url, ...)
        ...
        assert cr.count("/works/") == 1           # request counters
        cr.requests[-1]                           # RequestRecord(method, path, query, ...)

``FakeCrossref(records=None, latency=0.0, faults=None, agencies=None, rate_limit=(50, "1s"))``
    ``records``: iterable of Crossref ``message`` dicts (default: every record of
    ``crossref/records.jsonl.gz``; pass ``[]`` for an empty registry). ``.url`` is the base URL
    (``http://127.0.0.1:<port>``) to use as ``crossref_url``. Routes:

    * ``GET|HEAD /works/{doi}`` (DOI percent-decoded, case-insensitive): work envelope, ``score``
      removed; unknown -> 404 ``text/plain`` ``Resource not found.``; any ``query.*`` parameter ->
      the recorded 400 validation failure.
    * ``GET /works?query.bibliographic=...&rows=N&offset=K`` (also ``query=``, ``select=``): a real
      BM25 ranking over title, subtitle, authors, container titles, year, volume, issue and pages of
      the loaded records; ``work-list`` envelope with ``score`` on each item and ``total-results``.
      A non-integer ``rows`` gives the recorded 400 body.
    * ``GET /works/{doi}/agency``: ``crossref`` for loaded records, the agency given in
      ``agencies={doi: "datacite"}`` for others, else 404.
    * Every response carries ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` (``rate_limit``).

    ``add(record)`` / ``remove(doi)`` change the corpus at run time; ``set_agency(doi, id)``;
    ``boost[doi] = factor`` scales a record's search score (look-alikes, ``refcheck/testing/lookalikes.py``).

``FakeEutils(pubmed_xml_dir=None, latency=0.0, faults=None, extra_xml=(), rate_limit=None)``
    Loads every ``PubmedArticle``/``PubmedBookArticle`` in ``ncbi/pubmed-xml/`` (``.xml`` and
    ``.xml.gz``; first record wins per PMID). ``.url`` ends in ``/entrez/eutils`` like the real base.

    * ``efetch.fcgi`` (GET or POST form; ``db=pubmed&id=1,2,3``): a ``PubmedArticleSet`` of the known
      ids in request order (unknown ids are left out; none known -> empty set).
    * ``esearch.fcgi`` ``term=<doi>[aid]`` / ``[doi]`` / ``<pmid>[pmid]`` / ``PMC…[pmcid]`` (quotes optional), or an
      ``AND`` of field-tagged clauses (``word[ti]``, ``smith[1au]``/``[au]``, ``2001[dp]``,
      ``"J Biol Chem"[ta]``, ``[vi]``, ``[ip]``, ``[pg]``), newest PMID first:
      ``retmode=json`` -> ``{"header":..., "esearchresult": {"count","idlist",...}}``, else
      eSearchResult XML (``<ErrorList><PhraseNotFound>`` when nothing matched).
    * ``esummary.fcgi`` ``id=...&retmode=json``: minimal ``result`` objects (title, source,
      pubdate, volume, issue, pages, authors, articleids).
    * ``ecitmatch.cgi`` ``bdata=journal|year|volume|first_page|author|key|`` lines (CR or LF
      separated): each line echoed with the PMID, ``AMBIGUOUS`` or ``NOT_FOUND``. Like the real
      service it matches on journal (full title, ISO abbreviation or MedlineTA, folded) + volume +
      first page and **ignores author and year**, so clients must verify hits.

    ``add_xml(data)`` registers every record of an EFetch document (bytes).

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
import gzip
import json
import math
import os
import random
import re
import socket
import threading
import time
from collections import ChainMap, Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from refcheck.sources.pubmed_record import (
    article_elements,
    parse_pubmed_xml,
    work_from_pubmed_element,
)
from refcheck.text.fold import key, words

ET.register_namespace("mml", "http://www.w3.org/1998/Math/MathML")

_PUBMED_DOCTYPE = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def shared_data_dir() -> Path:
    """``<repo>/../shared/data`` (override with ``REFCHECK_SHARED=<dir containing data/>``)."""
    env = os.environ.get("REFCHECK_SHARED")
    if env:
        return Path(env) / "data"
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


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
    owner: _FakeServer


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


class _FakeServer:
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
    def start(self) -> _FakeServer:
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
            return _read_bytes(self.errors_dir / name)
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


@lru_cache(maxsize=64)
def _read_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _param(query: dict[str, list[str]], name: str, default: str | None = None) -> str | None:
    values = query.get(name)
    return values[0] if values else default


# --------------------------------------------------------------------------------------------
# Crossref


BM25_K1 = 1.2
BM25_B = 0.75


def record_tokens(record: dict) -> list[str]:
    """The searchable tokens of a Crossref record (what query.bibliographic covers)."""
    parts: list[str] = []
    for name in ("title", "subtitle", "container-title", "short-container-title", "original-title"):
        value = record.get(name)
        parts.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    for author in record.get("author") or []:
        if isinstance(author, dict):
            parts.extend(str(author.get(k)) for k in ("family", "given", "name") if author.get(k))
    issued = (record.get("issued") or {}).get("date-parts") or [[None]]
    if issued and issued[0] and issued[0][0]:
        parts.append(str(issued[0][0]))
    for name in ("volume", "issue", "page", "article-number", "DOI"):
        if isinstance(record.get(name), str):
            parts.append(record[name])
    return words(" ".join(parts))


class _SearchIndex:
    """An incremental BM25 inverted index over Crossref records."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[str, int]] = defaultdict(dict)  # token -> {doi: tf}
        self.lengths: dict[str, int] = {}
        self.total_length = 0

    def add(self, doi: str, record: dict) -> None:
        self.remove(doi)
        tokens = record_tokens(record)
        for tok, tf in Counter(tokens).items():
            self.postings[tok][doi] = tf
        self.lengths[doi] = len(tokens)
        self.total_length += len(tokens)

    def remove(self, doi: str) -> None:
        if doi not in self.lengths:
            return
        self.total_length -= self.lengths.pop(doi)
        for docs in self.postings.values():
            docs.pop(doi, None)



def bm25(query: str, layers: Sequence[_SearchIndex]) -> dict[str, float]:
    """BM25 over several indexes as one corpus (shared N, df, avgdl); later layers override."""
    n = max(sum(len(layer.lengths) for layer in layers), 1)
    total = sum(layer.total_length for layer in layers)
    avgdl = total / n if total else 1.0
    per_layer: list[dict[str, float]] = [defaultdict(float) for _ in layers]
    for tok in set(words(query)):
        postings = [layer.postings.get(tok) or {} for layer in layers]
        df = sum(len(p) for p in postings)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for layer, docs, scores in zip(layers, postings, per_layer, strict=True):
            for doi, tf in docs.items():
                norm = tf + BM25_K1 * (1 - BM25_B + BM25_B * layer.lengths[doi] / avgdl)
                scores[doi] += idf * tf * (BM25_K1 + 1) / norm
    merged: dict[str, float] = {}
    for layer, scores in zip(layers, per_layer, strict=True):
        for doi in layer.lengths.keys() & scores.keys():
            merged[doi] = scores[doi]
        for doi in layer.lengths.keys() - scores.keys():
            merged.pop(doi, None)  # overridden by a later layer and no longer matching
    return merged


@lru_cache(maxsize=1)
def _default_crossref_records() -> dict[str, dict]:
    path = shared_data_dir() / "crossref" / "records.jsonl.gz"
    out: dict[str, dict] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            out[str(record["DOI"]).lower()] = record
    return out


_DEFAULT_INDEX: _SearchIndex | None = None
_DEFAULT_INDEX_LOCK = threading.Lock()


def _default_index() -> _SearchIndex:
    global _DEFAULT_INDEX
    with _DEFAULT_INDEX_LOCK:
        if _DEFAULT_INDEX is None:
            index = _SearchIndex()
            for doi, record in _default_crossref_records().items():
                index.add(doi, record)
            _DEFAULT_INDEX = index
        return _DEFAULT_INDEX


class FakeCrossref(_FakeServer):
    """A Crossref REST API stand-in (see the module docstring)."""

    def __init__(self, records: Iterable[dict] | None = None, latency: float = 0.0,
                 faults: FaultPlan | None = None, *, agencies: dict[str, str] | None = None,
                 rate_limit: tuple[int, str] = (50, "1s"),
                 rate_limit_enforce: tuple[int, float] | None = None) -> None:
        super().__init__(latency, faults, rate_limit_enforce)
        self.errors_dir = shared_data_dir() / "crossref" / "responses" / "errors"
        self.rate_limit = rate_limit
        self._agencies = {k.lower(): v for k, v in (agencies or {}).items()}
        self._extra: dict[str, dict] = {}
        self._removed: set[str] = set()
        self._extra_index = _SearchIndex()
        # DOI -> factor on its search score (look-alikes ranked as Crossref ranks them: see lookalikes.py)
        self.boost: dict[str, float] = {}
        if records is None:
            self._base: dict[str, dict] = _default_crossref_records()
            self._base_index: _SearchIndex | None = None  # built lazily on first search
            self._use_default_index = True
        else:
            self._base = {}
            self._base_index = None
            self._use_default_index = False
            for record in records:
                self.add(record)

    # -- corpus ----------------------------------------------------------------------------------
    @property
    def records(self) -> ChainMap[str, dict]:
        return ChainMap(self._extra, self._base)

    def add(self, record: dict) -> None:
        """Serve ``record`` (a Crossref ``message``) from now on (replaces a same-DOI record)."""
        doi = str(record["DOI"]).lower()
        with self._lock:
            self._extra[doi] = record
            self._removed.discard(doi)
            self._extra_index.add(doi, record)

    def remove(self, doi: str) -> None:
        """Make ``doi`` unknown (404) from now on."""
        with self._lock:
            doi = doi.lower()
            self._extra.pop(doi, None)
            self._extra_index.remove(doi)
            self._removed.add(doi)

    def set_agency(self, doi: str, agency: str) -> None:
        self._agencies[doi.lower()] = agency

    def get(self, doi: str) -> dict | None:
        doi = doi.lower()
        if doi in self._removed:
            return None
        return self._extra.get(doi) or self._base.get(doi)

    def _search(self, text: str) -> list[tuple[str, float]]:
        layers = [_default_index()] if self._use_default_index else []
        scored = bm25(text, [*layers, self._extra_index])  # extras override same-DOI base records
        hits = [(d, s * self.boost.get(d, 1.0)) for d, s in scored.items() if d not in self._removed]
        return sorted(hits, key=lambda item: (-item[1], item[0]))

    # -- HTTP ------------------------------------------------------------------------------------
    def default_headers(self) -> dict[str, str]:
        limit, interval = self.rate_limit
        return {"X-Rate-Limit-Limit": str(limit), "X-Rate-Limit-Interval": interval,
                "Access-Control-Allow-Origin": "*"}

    def _json(self, payload: Any, status: int = 200) -> Response:
        return Response(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                        "application/json;charset=utf-8")

    def _not_found(self, content_type: str = "text/plain") -> Response:
        return Response(404, self._error_body("404_works-unknown-doi.txt"), content_type)

    def route(self, method: str, path: str, query: dict[str, list[str]]) -> Response:
        if path.rstrip("/") == "/works":
            return self._works_list(query)
        if path.startswith("/works/"):
            doi = path[len("/works/"):]
            if doi.endswith("/agency"):
                return self._agency(doi[: -len("/agency")])
            if any(k.startswith("query") for k in query):
                return Response(400, self._error_body("400_works-doi-with-query-param.validation-failure.json"),
                                "application/json;charset=utf-8")
            record = self.get(doi)
            if record is None:
                return self._not_found()
            message = {k: v for k, v in record.items() if k != "score"}
            return self._json({"status": "ok", "message-type": "work", "message-version": "1.0.0",
                               "message": message})
        return self._not_found()

    def _agency(self, doi: str) -> Response:
        doi = doi.lower()
        agency = "crossref" if self.get(doi) is not None else self._agencies.get(doi)
        if agency is None:
            return self._not_found("application/json;charset=utf-8")
        labels = {"crossref": "Crossref", "datacite": "DataCite", "medra": "mEDRA", "jalc": "JaLC"}
        return self._json({"status": "ok", "message-type": "work-agency", "message-version": "1.0.0",
                           "message": {"DOI": doi, "agency": {"id": agency, "label": labels.get(agency, agency)}}})

    def _works_list(self, query: dict[str, list[str]]) -> Response:
        rows_text = _param(query, "rows", "20") or "20"
        offset_text = _param(query, "offset", "0") or "0"
        if not rows_text.isdigit() or not offset_text.isdigit():
            return Response(400, self._error_body("400_rows-not-integer.validation-failure.json"),
                            "application/json;charset=utf-8")
        rows, offset = min(int(rows_text), 1000), int(offset_text)
        text = " ".join(v for k, vs in query.items() if k == "query" or k.startswith("query.") for v in vs)
        hits = self._search(text) if text.strip() else []
        select = [s for s in (_param(query, "select") or "").split(",") if s]
        items = []
        for doi, score in hits[offset: offset + rows]:
            record = dict(self.get(doi) or {})
            record["score"] = round(score, 4)
            if select:
                record = {k: v for k, v in record.items() if k in select}
            items.append(record)
        return self._json({"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                           "message": {"facets": {}, "total-results": len(hits), "items": items,
                                       "items-per-page": rows,
                                       "query": {"start-index": offset, "search-terms": text or None}}})


# --------------------------------------------------------------------------------------------
# NCBI E-utilities


@dataclass
class _PubmedEntry:
    pmid: str
    xml: bytes  # the serialised PubmedArticle / PubmedBookArticle element
    doi: str | None
    journals: set[str]  # folded keys of full title, ISO abbreviation, MedlineTA
    volume: str | None
    first_page: str | None
    summary: dict[str, Any]
    fields: dict[str, set[str]] = field(default_factory=dict)  # search tag -> folded values


def _entries_from_xml(data: bytes) -> list[_PubmedEntry]:
    root = parse_pubmed_xml(data)
    out = []
    for node in article_elements(root):
        work = work_from_pubmed_element(node)
        if not work.pmid:
            continue  # the "missing PMID" negative fixture
        journals = {key(j) for j in [work.container or "", *work.container_abbrevs] if j}
        summary = {
            "uid": work.pmid, "title": work.title or "", "source": (work.container_abbrevs or [""])[-1],
            "fulljournalname": work.container or "", "pubdate": str(work.year or ""),
            "volume": work.volume or "", "issue": work.issue or "", "pages": work.pages or "",
            "elocationid": f"doi: {work.doi}" if work.doi else "",
            "authors": [{"name": a.display(), "authtype": "CollectiveName" if a.is_group else "Author"}
                        for a in work.authors],
            "articleids": [{"idtype": "pubmed", "value": work.pmid}]
            + ([{"idtype": "doi", "value": work.doi}] if work.doi else []),
        }
        families = [key(a.family or a.group or "") for a in work.authors]
        fields = {
            "ti": set(words(" ".join(work.titles or [work.title or ""]))),
            "au": {f for f in families if f},
            "1au": {families[0]} if families and families[0] else set(),
            "dp": {str(y) for y in (work.year, work.year_print, work.year_online) if y},
            "ta": journals,
            "vi": {work.volume.lower()} if work.volume else set(),
            "ip": {work.issue.lower()} if work.issue else set(),
            "pg": {work.first_page.lower()} if work.first_page else set(),
            # PubMed Central id, with and without its version suffix (PMC3706072.1)
            "pmcid": {work.pmcid.upper(), work.pmcid.upper().split(".")[0]} if work.pmcid else set(),
        }
        out.append(_PubmedEntry(work.pmid, ET.tostring(node, encoding="utf-8"), work.doi, journals,
                                work.volume, work.first_page, summary, fields))
    return out


@lru_cache(maxsize=4)
def _load_pubmed_dir(directory: Path) -> tuple[_PubmedEntry, ...]:
    entries: list[_PubmedEntry] = []
    for path in sorted(directory.iterdir()):
        if path.name.endswith((".xml", ".xml.gz")):
            entries.extend(_entries_from_xml(path.read_bytes()))
    return tuple(entries)


_TERM = re.compile(r'^\s*+"?(?P<value>.+?)"?\s*+\[(?P<tag>aid|doi|pmid|uid|lid|pmcid)\]\s*+$', re.IGNORECASE)


_FIELD_TERM = re.compile(r'"?(?P<value>[^"\[]+?)"?\s*\[(?P<tag>ti|au|1au|dp|ta|vi|ip|pg)\]', re.IGNORECASE)


def _field_matches(entry: _PubmedEntry, value: str, tag: str) -> bool:
    """One field-tagged clause, matched the lenient way PubMed does (author = family prefix)."""
    values = entry.fields.get(tag, set())
    if tag == "ti":
        return all(w in values for w in words(value))
    if tag in ("au", "1au"):
        family = key(value.split()[0]) if value.split() else ""
        return any(v == family or v.startswith(family + " ") for v in values)
    if tag == "ta":
        return key(value) in values
    return value.strip().lower() in values


class FakeEutils(_FakeServer):
    """An NCBI E-utilities stand-in for db=pubmed (see the module docstring)."""

    url_suffix = "/entrez/eutils"

    def __init__(self, pubmed_xml_dir: Path | None = None, latency: float = 0.0,
                 faults: FaultPlan | None = None, *, extra_xml: Iterable[bytes] = (),
                 rate_limit_enforce: tuple[int, float] | None = None) -> None:
        super().__init__(latency, faults, rate_limit_enforce)
        data = shared_data_dir()
        self.errors_dir = data / "crossref" / "responses" / "errors"
        self.html_error = data / "ncbi" / "errors" / "efetch_html-page-instead-of-xml.html"
        self.by_pmid: dict[str, _PubmedEntry] = {}
        directory = pubmed_xml_dir if pubmed_xml_dir is not None else data / "ncbi" / "pubmed-xml"
        if directory and Path(directory).is_dir():
            for entry in _load_pubmed_dir(Path(directory)):
                self.by_pmid.setdefault(entry.pmid, entry)
        for blob in extra_xml:
            self.add_xml(blob)

    def add_xml(self, data: bytes) -> list[str]:
        """Register every record of an EFetch document; returns their PMIDs."""
        entries = _entries_from_xml(data)
        with self._lock:
            for entry in entries:
                self.by_pmid[entry.pmid] = entry
        return [e.pmid for e in entries]

    def remove(self, pmid: str) -> None:
        with self._lock:
            self.by_pmid.pop(pmid, None)

    def special_fault(self, fault: str) -> Response | None:
        if fault == "html":
            return Response(200, _read_bytes(self.html_error), "text/html; charset=UTF-8")
        return None

    def route(self, method: str, path: str, query: dict[str, list[str]]) -> Response:
        name = path.rstrip("/").rsplit("/", 1)[-1]
        handlers = {"efetch.fcgi": self._efetch, "esearch.fcgi": self._esearch,
                    "esummary.fcgi": self._esummary, "ecitmatch.cgi": self._ecitmatch}
        if name not in handlers:
            return Response(404, b"<html><body>Not Found</body></html>", "text/html")
        db = _param(query, "db", "pubmed")
        if db != "pubmed":
            return Response(200, f"<eSearchResult><ERROR>Invalid db name specified: {escape(db or '')}"
                                 "</ERROR></eSearchResult>".encode(), "text/xml; charset=UTF-8")
        return handlers[name](query)

    def _ids(self, query: dict[str, list[str]]) -> list[str]:
        return [i.strip() for v in query.get("id", []) for i in v.split(",") if i.strip()]

    def _efetch(self, query: dict[str, list[str]]) -> Response:
        parts = [_PUBMED_DOCTYPE.encode(), b"<PubmedArticleSet>\n"]
        for pmid in self._ids(query):
            entry = self.by_pmid.get(pmid)
            if entry is not None:
                parts += [entry.xml, b"\n"]
        parts.append(b"</PubmedArticleSet>\n")
        return Response(200, b"".join(parts), "text/xml; charset=UTF-8")

    def _find(self, term: str) -> list[str]:
        """PMIDs for ``<doi>[aid]``, ``<pmid>[pmid]`` or an AND of field-tagged terms."""
        m = _TERM.match(term)
        if m:
            value, tag = m.group("value").strip(), m.group("tag").lower()
            if tag in ("pmid", "uid"):
                return [value] if value in self.by_pmid else []
            if tag == "pmcid":
                return [e.pmid for e in self.by_pmid.values() if value.upper() in e.fields.get("pmcid", ())]
            wanted = value.lower()
            return [e.pmid for e in self.by_pmid.values() if e.doi == wanted]
        clauses = [_FIELD_TERM.fullmatch(part.strip()) for part in re.split(r"\s+AND\s+", term) if part.strip()]
        if not clauses or any(c is None for c in clauses):
            return []
        hits = []
        for entry in self.by_pmid.values():
            if all(_field_matches(entry, c.group("value"), c.group("tag").lower()) for c in clauses if c):
                hits.append(entry.pmid)
        return sorted(hits, key=int, reverse=True)  # PubMed's default order: most recent first

    def _esearch(self, query: dict[str, list[str]]) -> Response:
        term = _param(query, "term", "") or ""
        ids = self._find(term)
        if (_param(query, "retmode") or "xml").lower() == "json":
            payload = {"header": {"type": "esearch", "version": "0.3"},
                       "esearchresult": {"count": str(len(ids)), "retmax": str(len(ids)), "retstart": "0",
                                         "idlist": ids, "translationset": [], "querytranslation": term}}
            return Response(200, json.dumps(payload).encode(), "application/json; charset=UTF-8")
        id_xml = "".join(f"<Id>{i}</Id>" for i in ids)
        errors = "" if ids else f"<ErrorList><PhraseNotFound>{escape(term)}</PhraseNotFound></ErrorList>"
        body = ('<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch '
                '20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
                f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(ids)}</RetMax><RetStart>0</RetStart>"
                f"<IdList>{id_xml}</IdList><TranslationSet/><QueryTranslation>{escape(term)}</QueryTranslation>"
                f"{errors}</eSearchResult>\n")
        return Response(200, body.encode(), "text/xml; charset=UTF-8")

    def _esummary(self, query: dict[str, list[str]]) -> Response:
        ids = [i for i in self._ids(query) if i in self.by_pmid]
        result: dict[str, Any] = {"uids": ids}
        for pmid in ids:
            result[pmid] = self.by_pmid[pmid].summary
        payload = {"header": {"type": "esummary", "version": "0.3"}, "result": result}
        return Response(200, json.dumps(payload, ensure_ascii=False).encode(), "application/json; charset=UTF-8")

    def _ecitmatch(self, query: dict[str, list[str]]) -> Response:
        bdata = _param(query, "bdata", "") or ""
        lines = [line for line in re.split(r"[\r\n]+", bdata) if line.strip()]
        out = []
        for line in lines:
            fields = line.split("|")
            fields += [""] * (6 - len(fields))
            journal, _year, volume, page = (f.strip() for f in fields[:4])
            hits = [e.pmid for e in self.by_pmid.values()
                    if key(journal) in e.journals and volume and e.volume == volume
                    and page and (e.first_page or "").lower() == page.lower()] if journal else []
            result = hits[0] if len(hits) == 1 else ("AMBIGUOUS" if hits else "NOT_FOUND")
            out.append("|".join(fields[:6]) + "|" + result)
        return Response(200, ("\n".join(out) + "\n").encode(), "text/plain; charset=UTF-8")
