"""Adding a registry is one file: an OpenAlex-like HTTP source, defined here and served by a
local fake, is used by the matcher and by ``refcheck add`` for look-ups and searches with no
change to the engine, library/resolve or the other sources, and links what Crossref lacks.

The class below is the whole of what a new HTTP registry needs: declare ``name`` and
``capabilities``, give a rate limiter, write the routes and the converter; the session,
retries, error budget, run guard and cache come from :class:`HttpSource`.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

from refcheck.config import Settings
from refcheck.library.inputs import UserInput
from refcheck.library.resolve import resolve_with
from refcheck.match import match_citations, reason_codes
from refcheck.model import Author, Citation, Status, Work
from refcheck.sources import SOURCES, open_sources
from refcheck.sources.base import Capability
from refcheck.sources.cache import Cache
from refcheck.sources.client import HttpSource
from refcheck.sources.http import RateLimiter
from refcheck.text.fold import words
from refcheck.text.identifiers import normalize_doi
from tests.match.memory import MemorySource, complete_articles

RECORD = {
    "doi": "https://doi.org/10.9999/oa.2021.512",
    "title": "Soil microbiome shifts after wildfire in boreal forests",
    "publication_year": 2021,
    "type": "article",
    "authorships": [{"author": {"display_name": "Ngozi Okafor"}}, {"author": {"display_name": "Björn Lindqvist"}}],
    "primary_location": {"source": {"display_name": "Ecology Letters"}},
    "biblio": {"volume": "24", "issue": "3", "first_page": "512", "last_page": "520"},
}
CITED = Citation(
    text="Okafor N, Lindqvist B. Soil microbiome shifts after wildfire in boreal forests. "
         "Ecol Lett. 2021;24(3):512-520.",
    title="Soil microbiome shifts after wildfire in boreal forests", container="Ecol Lett", year=2021,
    volume="24", issue="3", pages="512-520", first_page="512",
    authors=[Author(family="Okafor", initials="N"), Author(family="Lindqvist", initials="B")],
)


# --------------------------------------------------------------------------- the one file


class OpenAlexSource(HttpSource):
    """DOI look-ups and searches against an OpenAlex-like ``/works`` API."""

    name = "openalex"
    capabilities = frozenset({Capability.LOOKUP_DOI, Capability.SEARCH})
    user_agent = "refcheck (+test)"

    def __init__(self, base_url: str, *, cache: Cache | None = None) -> None:
        super().__init__(base_url, cache=cache, max_retries=1)
        self.limiter = RateLimiter(10.0, self.max_concurrency)

    def _fetch(self, path: str) -> tuple[int, bytes | None]:
        reply = self._retrying(lambda: self._attempt("GET", self.base_url + path), self.limiter)
        return (404, None) if reply.status == 404 else (200, reply.body)

    def get_doi(self, doi: str) -> Work | None:
        clean = normalize_doi(doi) or doi.strip().lower()
        _, payload = self._cached("work", clean, lambda: self._fetch("/works/doi:" + quote(clean, safe="/")))
        return _work(json.loads(payload)) if payload else None

    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        query = quote(citation.text[:300])
        _, payload = self._cached("search", f"{rows}|{citation.text}",
                                  lambda: self._fetch(f"/works?search={query}&per-page={rows}"))
        return [_work(item) for item in json.loads(payload)["results"]] if payload else []


def _work(item: dict) -> Work:
    """An OpenAlex work as a refcheck Work (what a real converter module would hold)."""
    biblio = item.get("biblio") or {}
    names = [a["author"]["display_name"].rsplit(" ", 1) for a in item.get("authorships", [])]
    first, last = biblio.get("first_page"), biblio.get("last_page")
    return Work(
        source="openalex", type="journal-article", title=item.get("title"), year=item.get("publication_year"),
        authors=[Author(family=n[-1], given=n[0] if len(n) > 1 else None) for n in names],
        container=((item.get("primary_location") or {}).get("source") or {}).get("display_name"),
        volume=biblio.get("volume"), issue=biblio.get("issue"), first_page=first, last_page=last,
        pages=f"{first}-{last}" if first and last else first, doi=normalize_doi(item.get("doi")),
    )


# --------------------------------------------------------------------------- a local fake registry


class _Handler(BaseHTTPRequestHandler):
    records: tuple[dict, ...] = (RECORD,)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/works/doi:"):
            doi = unquote(url.path.removeprefix("/works/doi:")).lower()
            hits = [r for r in self.records if r["doi"].endswith("/" + doi) or r["doi"].endswith(doi)]
            self._send(200 if hits else 404, hits[0] if hits else {"error": "not found"})
        elif url.path == "/works":
            query = set(words(parse_qs(url.query).get("search", [""])[0]))
            hits = [r for r in self.records if len(query & set(words(r["title"]))) >= 3]
            self._send(200, {"results": hits})
        else:
            self._send(404, {})

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def openalex_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- the proof


def test_the_matcher_links_by_search_what_crossref_lacks(openalex_url: str) -> None:
    crossref = MemorySource(complete_articles()[:50])
    openalex = OpenAlexSource(openalex_url)
    [m] = match_citations([CITED], [crossref, openalex], Settings())
    assert m.status is Status.VERIFIED and m.source == "openalex" and m.method == "search"
    assert m.work is not None and m.work.doi == "10.9999/oa.2021.512"
    assert crossref.calls["search"] >= 1 and openalex.calls >= 1  # asked Crossref first, in order


def test_the_matcher_links_a_cited_doi_only_it_has(openalex_url: str) -> None:
    crossref = MemorySource(complete_articles()[:50])
    cited = dataclasses.replace(CITED, doi="10.9999/oa.2021.512")
    [m] = match_citations([cited], [crossref, OpenAlexSource(openalex_url)], Settings())
    assert m.status is Status.VERIFIED and m.source == "openalex" and m.method == "doi"
    assert "doi_not_registered" not in reason_codes(m)  # Crossref's 404 was a gap, not a verdict


def test_refcheck_add_resolves_its_doi(openalex_url: str) -> None:
    sources = [MemorySource(complete_articles()[:50]), OpenAlexSource(openalex_url)]
    [res] = resolve_with([UserInput("doi", "10.9999/oa.2021.512")], sources, Settings())
    assert res.status is Status.VERIFIED and res.work is not None and res.work.source == "openalex"


def test_registered_by_one_entry_it_is_opened_by_name(openalex_url: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SOURCES, "openalex", lambda settings, cache, offline: OpenAlexSource(openalex_url, cache=cache))
    settings = Settings(sources=("openalex",), cache_dir=tmp_path)
    sources, _ = open_sources(settings, tmp_path)
    try:
        assert [s.name for s in sources] == ["openalex"]
        [m] = match_citations([CITED], sources, settings)
        assert m.status is Status.VERIFIED and m.source == "openalex"
    finally:
        for source in sources:
            source.close()

