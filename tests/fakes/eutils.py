"""A local fake NCBI E-utilities (db=pubmed): real HTTP on 127.0.0.1 serving recorded PubMed XML.

Quick start::

    from tests.fakes.eutils import FakeEutils

    with FakeEutils() as eu:
        settings = Settings(eutils_url=eu.url, ...)

``FakeEutils(pubmed_xml_dir=None, latency=0.0, faults=None, extra_xml=(), rate_limit_enforce=None)``
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

Latency, faults (including ``"html"``: a 200 with the recorded HTML page instead of XML) and the
request log: :mod:`tests.fakes.server`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from refcheck.sources.pubmed_record import (
    article_elements,
    parse_pubmed_xml,
    work_from_pubmed_element,
)
from refcheck.text.fold import key, words
from tests.fakes.data import CROSSREF_ERRORS, EUTILS_HTML_ERROR, PUBMED_XML, read_bytes
from tests.fakes.server import FakeServer, FaultPlan, Response, param

ET.register_namespace("mml", "http://www.w3.org/1998/Math/MathML")

_PUBMED_DOCTYPE = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


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


class FakeEutils(FakeServer):
    """An NCBI E-utilities stand-in for db=pubmed (see the module docstring)."""

    url_suffix = "/entrez/eutils"

    def __init__(self, pubmed_xml_dir: Path | None = None, latency: float = 0.0,
                 faults: FaultPlan | None = None, *, extra_xml: Iterable[bytes] = (),
                 rate_limit_enforce: tuple[int, float] | None = None) -> None:
        super().__init__(latency, faults, rate_limit_enforce)
        self.errors_dir = CROSSREF_ERRORS
        self.html_error = EUTILS_HTML_ERROR
        self.by_pmid: dict[str, _PubmedEntry] = {}
        directory = pubmed_xml_dir if pubmed_xml_dir is not None else PUBMED_XML
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
            return Response(200, read_bytes(self.html_error), "text/html; charset=UTF-8")
        return None

    def route(self, method: str, path: str, query: dict[str, list[str]]) -> Response:
        name = path.rstrip("/").rsplit("/", 1)[-1]
        handlers = {"efetch.fcgi": self._efetch, "esearch.fcgi": self._esearch,
                    "esummary.fcgi": self._esummary, "ecitmatch.cgi": self._ecitmatch}
        if name not in handlers:
            return Response(404, b"<html><body>Not Found</body></html>", "text/html")
        db = param(query, "db", "pubmed")
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
        term = param(query, "term", "") or ""
        ids = self._find(term)
        if (param(query, "retmode") or "xml").lower() == "json":
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
        bdata = param(query, "bdata", "") or ""
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
