"""NCBI E-utilities client for PubMed (:class:`PubMedSource`).

* ``get_pmid`` / ``get_pmids``: EFetch XML, batched (<= 200 ids per request, HTTP POST when
  a batch is larger or its URL would be long, as NCBI asks).
* ``get_doi``: ESearch ``"<doi>"[aid]`` (the documented Article Identifier field) -> PMID ->
  EFetch; the record is only returned if its DOI really is the one asked for.
* ``search``: ESearch with field tags (title words, first author, year, journal) -> EFetch.
* ``citation_match``: ECitMatch in batches. Its hits are *candidates* (it ignores author and
  year, field notes §2.3); the matcher verifies them against the fetched record.

Every request carries ``tool``/``email`` (and the user's ``api_key``); pacing is 3 requests/s
without a key and 10/s with one. An HTML page where XML was expected (NCBI does that under
load) is an outage -> ``SourceUnavailable``, never a crash and never "not found".
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree as ET

from refcheck.config import EUTILS_URL, TOOL_NAME
from refcheck.errors import SourceUnavailable
from refcheck.model import Citation, Work
from refcheck.sources.base import Capability, Role
from refcheck.sources.cache import Cache
from refcheck.sources.client import Fetch, HttpSource
from refcheck.sources.http import RateLimiter, Reply
from refcheck.sources.pubmed_record import (
    PubmedXmlError,
    article_elements,
    parse_pubmed_xml,
    work_from_pubmed_element,
    works_from_pubmed_xml,
)
from refcheck.text.fold import fold, words
from refcheck.text.identifiers import doi_key

BATCH = 200
ECITMATCH_BATCH = 50


class PubMedSource(HttpSource):
    """PubMed via E-utilities as a :class:`~refcheck.sources.base.Source` (thread-safe)."""

    name = "pubmed"
    role = Role.CROSS_CHECK
    capabilities = frozenset({Capability.LOOKUP_DOI, Capability.LOOKUP_PMID, Capability.LOOKUP_PMCID,
                              Capability.SEARCH, Capability.BATCH_PMID, Capability.CITATION_MATCH})
    user_agent = f"{TOOL_NAME} (+E-utilities client)"

    def __init__(
        self,
        base_url: str = EUTILS_URL,
        *,
        email: str | None = None,
        api_key: str | None = None,
        cache: Cache | None = None,
        offline: bool = False,
        timeout: float = 10.0,
        max_retries: int = 4,
        backoff_base: float = 0.5,
        error_threshold: float = 0.10,
        error_min_requests: int = 20,
        rate: float | None = None,
    ) -> None:
        super().__init__(base_url, cache=cache, offline=offline, timeout=timeout, max_retries=max_retries,
                         backoff_base=backoff_base, error_threshold=error_threshold,
                         error_min_requests=error_min_requests)
        self.email = email
        self.api_key = api_key
        self.max_concurrency = 3
        self.limiter = RateLimiter(rate or (10.0 if api_key else 3.0), self.max_concurrency)

    # -- transport -------------------------------------------------------------------------------
    def _params(self, extra: dict[str, str]) -> dict[str, str]:
        params = {"tool": TOOL_NAME, **extra}
        if self.email:
            params["email"] = self.email
        if self.api_key:
            params["api_key"] = self.api_key
        return params

    def _call(self, endpoint: str, extra: dict[str, str], *, post: bool = False) -> bytes:
        params = self._params(extra)
        url = f"{self.base_url}/{endpoint}"

        def attempt() -> Reply:
            if post:
                return self._attempt("POST", url, data=params)
            return self._attempt("GET", url, params=params)

        return self._retrying(attempt, self.limiter, answers=frozenset({200}), accept=_not_html).body

    def _payload(self, kind: str, key: str, fetch: Fetch) -> bytes | None:
        return self._cached(kind, key, fetch)[1]

    # -- EFetch ---------------------------------------------------------------------------------
    def _efetch(self, pmids: Sequence[str]) -> dict[str, tuple[Work, bytes]]:
        """Records for ``pmids`` (one request) with their own XML; unknown ids are absent."""
        post = len(pmids) > BATCH or len(",".join(pmids)) > 1800
        body = self._call("efetch.fcgi", {"db": "pubmed", "id": ",".join(pmids), "retmode": "xml"}, post=post)
        try:
            nodes = article_elements(parse_pubmed_xml(body))
            out: dict[str, tuple[Work, bytes]] = {}
            for node in nodes:
                work = work_from_pubmed_element(node)
                if work.pmid:
                    work.source = self.name
                    work.request = f"efetch db=pubmed id={work.pmid}"
                    out.setdefault(work.pmid, (work, ET.tostring(node, encoding="utf-8")))
            return out
        except PubmedXmlError as exc:
            raise SourceUnavailable(self.name, f"EFetch answered with something else than PubMed XML ({exc})") from exc

    def get_pmid(self, pmid: str) -> Work | None:
        return self.get_pmids([pmid]).get(str(pmid).strip())

    def get_pmids(self, pmids: Sequence[str]) -> dict[str, Work | None]:
        wanted = [p for p in dict.fromkeys(str(p).strip() for p in pmids) if p.isdigit()]
        out: dict[str, Work | None] = {str(p).strip(): None for p in pmids}
        missing: list[str] = []
        for pmid in wanted:
            entry = self._from_cache(pmid)
            if entry is _MISS:
                missing.append(pmid)
            else:
                out[pmid] = entry  # type: ignore[assignment]
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            found = self._efetch(batch)
            for pmid in batch:
                work, xml = found.get(pmid, (None, None))
                out[pmid] = work
                self._store(pmid, xml)
        return out

    def _cache_entry(self, kind: str, key: str, *, count: bool = False):  # type: ignore[no-untyped-def]
        """The cached entry, or ``_MISS`` when the registry must be asked; offline misses raise.

        ``count`` updates the cache's hit/miss counters (PMID records only, as before).
        """
        if self.cache is None:
            if self.offline:
                raise SourceUnavailable(self.name, "offline, not in cache")
            return _MISS
        if self.cache.refresh and not self.cache.offline:
            return _MISS
        entry = self.cache.get(self.name, kind, key, ignore_ttl=self.cache.offline)
        if entry is None:
            if self.cache.offline:
                raise SourceUnavailable(self.name, "offline, not in cache")
            if count:
                self.cache.misses += 1
            return _MISS
        if count:
            self.cache.hits += 1
        return entry

    def _from_cache(self, pmid: str) -> Work | object | None:
        entry = self._cache_entry("pmid", pmid, count=True)
        if entry is _MISS:
            return _MISS
        if entry.negative or not entry.payload:
            return None
        works = works_from_pubmed_xml(entry.payload, source=self.name)
        if not works:
            return None
        works[0].request = f"efetch db=pubmed id={pmid}"
        return works[0]

    def _store(self, pmid: str, xml: bytes | None) -> None:
        """Cache one record as its own PubmedArticle XML (re-parsed on read), or a negative."""
        if self.cache is None:
            return
        with contextlib.suppress(Exception):
            self.cache.put(self.name, "pmid", pmid, 200 if xml else 404, xml)

    # -- DOI -> PMID ----------------------------------------------------------------------------
    def pmids_for_doi(self, doi: str) -> list[str]:
        """PMIDs whose article identifier is ``doi`` (ESearch ``[aid]``)."""
        clean = doi_key(doi)
        return self._esearch_pmids("esearch-doi", clean, f'"{clean}"[aid]')

    def _esearch_pmids(self, kind: str, key: str, term: str) -> list[str]:
        """PMIDs an ESearch ``term`` finds (cached under ``kind``/``key``; no hit is a negative entry)."""

        def fetch() -> tuple[int, bytes | None]:
            body = self._call("esearch.fcgi", {"db": "pubmed", "term": term, "retmode": "json", "retmax": "5"})
            ids = _esearch_ids(body, self.name)
            return (200, json.dumps(ids).encode()) if ids else (404, None)

        payload = self._payload(kind, key, fetch)
        return json.loads(payload) if payload else []

    def get_doi(self, doi: str) -> Work | None:
        clean = doi_key(doi)
        pmids = self.pmids_for_doi(clean)
        if not pmids:
            return None
        works = self.get_pmids(pmids)
        for work in works.values():
            if work is not None and work.doi == clean:
                return work
        return None

    # -- PMCID -> PMID --------------------------------------------------------------------------
    def pmids_for_pmcid(self, pmcid: str) -> list[str]:
        """PMIDs of a PubMed Central id (ESearch ``PMC2883744[pmcid]``)."""
        clean = _pmcid(pmcid)
        return self._esearch_pmids("esearch-pmcid", clean, f"{clean}[pmcid]")

    def get_pmcid(self, pmcid: str) -> Work | None:
        """The PubMed record of a PubMed Central article, or None (used by ``refcheck add PMC…``).

        The record must carry that PMCID; a single hit without any PMCID in its record is
        accepted too, as ESearch's ``[pmcid]`` index is the authority for the link.
        """
        clean = _pmcid(pmcid)
        pmids = self.pmids_for_pmcid(clean)
        works = [w for w in self.get_pmids(pmids).values() if w is not None] if pmids else []
        for work in works:
            if work.pmcid and _pmcid(work.pmcid) == clean:
                return work
        return works[0] if len(works) == 1 and not works[0].pmcid else None

    # -- search ---------------------------------------------------------------------------------
    def search(self, citation: Citation, rows: int = 5) -> list[Work]:
        term = search_term(citation)
        if not term:
            return []

        def fetch() -> tuple[int, bytes | None]:
            body = self._call("esearch.fcgi", {"db": "pubmed", "term": term, "retmode": "json",
                                               "retmax": str(rows)})
            return 200, json.dumps(_esearch_ids(body, self.name)).encode()

        payload = self._payload("esearch", f"{rows}|{fold(term)}", fetch)
        pmids = json.loads(payload or b"[]")[:rows]
        found = self.get_pmids(pmids)
        return [w for p in pmids if (w := found.get(p)) is not None]

    # -- ECitMatch ------------------------------------------------------------------------------
    def citation_match(self, citations: Iterable[Citation]) -> dict[int, str]:
        lines: dict[int, str] = {}
        for index, citation in enumerate(citations):
            line = ecitmatch_line(citation, index)
            if line:
                lines[index] = line
        out: dict[int, str] = {}
        todo: list[tuple[int, str]] = []
        for index, line in lines.items():
            cached = self._ecit_cached(line)
            if cached is _MISS:
                todo.append((index, line))
            elif cached:
                out[index] = cached  # type: ignore[assignment]
        for start in range(0, len(todo), ECITMATCH_BATCH):
            batch = todo[start:start + ECITMATCH_BATCH]
            body = self._call("ecitmatch.cgi", {"db": "pubmed", "retmode": "xml",
                                                "bdata": "\r".join(line for _, line in batch)})
            answers = _parse_ecitmatch(body)
            for index, line in batch:
                pmid = answers.get(str(index))
                if pmid:
                    out[index] = pmid
                if self.cache is not None:
                    self.cache.put(self.name, "ecitmatch", _ecit_key(line), 200 if pmid else 404,
                                   pmid.encode() if pmid else None)
        return out

    def _ecit_cached(self, line: str) -> str | object | None:
        entry = self._cache_entry("ecitmatch", _ecit_key(line))
        if entry is _MISS:
            return _MISS
        return entry.payload.decode() if entry.payload else None


_MISS = object()


def _pmcid(value: str) -> str:
    """``pmc2883744``/``2883744``/``PMC2883744.1`` -> ``PMC2883744``."""
    text = value.strip().upper().split(".")[0]
    return text if text.startswith("PMC") else f"PMC{text}"


def _not_html(reply: Reply) -> bool:
    """NCBI sometimes answers 200 with an HTML page under load; that is not an answer."""
    head = reply.body[:300].lstrip().lower()
    return not head.startswith((b"<!doctype html", b"<html"))


def _esearch_ids(body: bytes, source: str) -> list[str]:
    """PMIDs from an ESearch answer (JSON, or XML from older proxies)."""
    try:
        data = json.loads(body)
        ids = data["esearchresult"]["idlist"]
        return [str(i) for i in ids]
    except (ValueError, KeyError, TypeError):
        pass
    text = body.decode("utf-8", "replace")
    if "<eSearchResult" in text:
        return re.findall(r"<Id>(\d+)</Id>", text)
    raise SourceUnavailable(source, "ESearch answered with something else than JSON/XML")


def search_term(citation: Citation) -> str:
    """A fielded ESearch term: distinctive title words + first author + year (+ journal)."""
    parts: list[str] = []
    if citation.title:
        title_words = [w for w in words(citation.title) if len(w) > 3][:8]
        parts += [f"{w}[ti]" for w in title_words]
    first = citation.authors[0] if citation.authors else None
    if first and first.family:
        parts.append(f"{fold(first.family)}[1au]")
    if citation.year:
        parts.append(f"{citation.year}[dp]")
    if len(parts) < 2 and citation.container:
        parts.append(f'"{citation.container}"[ta]')
    return " AND ".join(parts) if len(parts) >= 2 else ""


def ecitmatch_line(citation: Citation, index: int) -> str | None:
    """``journal|year|volume|first_page|author|key|`` or None when too little is known."""
    page = citation.first_page or (citation.pages or "").split("-")[0].strip()
    if not (citation.container and citation.volume and page):
        return None
    author = ""
    if citation.authors and citation.authors[0].family:
        first = citation.authors[0]
        author = f"{fold(first.family or '')} {(first.initials or '').lower()}".strip()
    journal = re.sub(r"[|\r\n]", " ", fold(citation.container)).replace(".", "")
    fields = [journal, str(citation.year or ""), citation.volume, page, author, str(index)]
    return "|".join(f.replace("|", " ") for f in fields) + "|"


def _ecit_key(line: str) -> str:
    """Cache key: the line without the caller's key field (index)."""
    fields = line.split("|")
    return "|".join(fields[:5])


def _parse_ecitmatch(body: bytes) -> dict[str, str]:
    """key -> PMID for matched lines (``NOT_FOUND``/``AMBIGUOUS`` lines are skipped)."""
    out: dict[str, str] = {}
    for line in body.decode("utf-8", "replace").splitlines():
        fields = line.split("|")
        if len(fields) >= 7 and fields[6].strip().isdigit():
            out[fields[5].strip()] = fields[6].strip()
    return out
