"""A local fake Crossref REST API: real HTTP on 127.0.0.1 serving the recorded Crossref records.

Quick start::

    from tests.fakes.crossref import FakeCrossref

    with FakeCrossref() as cr:
        settings = Settings(crossref_url=cr.url, ...)
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
    ``boost[doi] = factor`` scales a record's search score (look-alikes, :mod:`tests.fakes.lookalikes`).

Latency, faults and the request log: :mod:`tests.fakes.server`. Error bodies are the byte-exact
recordings from ``shared/data/crossref/responses/errors/``.
"""

from __future__ import annotations

import json
from collections import ChainMap
from collections.abc import Iterable
from typing import Any

from tests.fakes.data import CROSSREF_ERRORS, crossref_records
from tests.fakes.search import SearchIndex, bm25, default_index
from tests.fakes.server import FakeServer, FaultPlan, Response, param


class FakeCrossref(FakeServer):
    """A Crossref REST API stand-in (see the module docstring)."""

    def __init__(self, records: Iterable[dict] | None = None, latency: float = 0.0,
                 faults: FaultPlan | None = None, *, agencies: dict[str, str] | None = None,
                 rate_limit: tuple[int, str] = (50, "1s"),
                 rate_limit_enforce: tuple[int, float] | None = None) -> None:
        super().__init__(latency, faults, rate_limit_enforce)
        self.errors_dir = CROSSREF_ERRORS
        self.rate_limit = rate_limit
        self._agencies = {k.lower(): v for k, v in (agencies or {}).items()}
        self._extra: dict[str, dict] = {}
        self._removed: set[str] = set()
        self._extra_index = SearchIndex()
        # DOI -> factor on its search score (look-alikes ranked as Crossref ranks them: see lookalikes.py)
        self.boost: dict[str, float] = {}
        if records is None:
            self._base: dict[str, dict] = crossref_records()
            self._use_default_index = True  # the shared index, built on first search
        else:
            self._base = {}
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
        layers = [default_index()] if self._use_default_index else []
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
        rows_text = param(query, "rows", "20") or "20"
        offset_text = param(query, "offset", "0") or "0"
        if not rows_text.isdigit() or not offset_text.isdigit():
            return Response(400, self._error_body("400_rows-not-integer.validation-failure.json"),
                            "application/json;charset=utf-8")
        rows, offset = min(int(rows_text), 1000), int(offset_text)
        text = " ".join(v for k, vs in query.items() if k == "query" or k.startswith("query.") for v in vs)
        hits = self._search(text) if text.strip() else []
        select = [s for s in (param(query, "select") or "").split(",") if s]
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
