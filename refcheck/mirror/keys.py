"""The few fields the mirror indexes, pulled out of a raw Crossref or PubMed record.

The mirror stores every record *raw* (compressed JSON or XML) and converts it to a
:class:`~refcheck.model.Work` only when it is read, with the same converters as the live path
(``refcheck.sources.crossref_record`` / ``refcheck.sources.pubmed_record``). That keeps one
definition of "what a record says" and makes mirror and live reports identical. Building the
index, however, needs only identifiers and a handful of text fields; extracting those here
is much cheaper than a full conversion and runs once per record at build time.

The extraction must be deterministic: the contentless FTS5 table can only delete a row when
given back exactly the text that was indexed, so an upsert re-derives the old row's keys from
its stored record with these same functions (``INDEX_VERSION`` guards against changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from refcheck.text.fold import dashes
from refcheck.text.identifiers import normalize_doi
from refcheck.text.locators import number_field, page_range
from refcheck.text.pages import expand_pages
from refcheck.text.repair import strip_markup

# Bump when the extraction below changes: a DB built with another version gets its FTS rebuilt.
INDEX_VERSION = 1

_YEAR = re.compile(r"(1[5-9]\d\d|2[01]\d\d)")


@dataclass(slots=True)
class IndexFields:
    """Identifiers, block keys and FTS text of one record."""

    source: str  # crossref | pubmed
    doi: str | None = None
    pmid: str | None = None
    type: str | None = None
    year: int | None = None
    volume: str | None = None
    first_page: str | None = None
    title: str = ""
    authors: str = ""  # family names (and group names), space separated
    container: str = ""  # full and abbreviated journal titles
    indexed: int = 0  # version stamp (Crossref `indexed` ms; PubMed DateRevised YYYYMMDD): newest wins

    @property
    def key(self) -> str | None:
        """The identity a record is upserted under: DOI for Crossref, PMID for PubMed."""
        return self.doi if self.source == "crossref" else self.pmid

    def fts_row(self) -> tuple[str, str, str, str]:
        return (self.title, self.authors, self.container, str(self.year or ""))


def _first(values: Any) -> str | None:
    if isinstance(values, list):
        for value in values:
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None
    return values.strip() if isinstance(values, str) and values.strip() else None


def _date_year(message: dict[str, Any], *names: str) -> int | None:
    for name in names:
        parts = (message.get(name) or {}).get("date-parts") or []
        if parts and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def _short(value: Any, limit: int = 32) -> str | None:
    """Block keys (volume, first page) are short; anything longer is debris, not a key."""
    if value is None:
        return None
    text = str(value).strip()
    return text[:limit] if text else None


def _registered_doi(value: object) -> str | None:
    """The DOI as registered, lower-cased (not ``normalize_doi``: that trims a trailing ')'
    which is part of some registered DOIs, e.g. ``10.35609/gcbssproceeding.2022.1(2)``)."""
    return value.strip().lower() or None if isinstance(value, str) else None


def _first_page(pages: str) -> str | None:
    """First page of a registered range: the same answer as ``expand_pages(pages)[0]``, which
    only needs the part before the dash (the last page is never a block key), at a fraction of
    its cost on the build's hot path."""
    first = dashes(pages).strip().strip(".,;").split("-", 1)[0].strip()
    return first or None


def crossref_fields(message: dict[str, Any]) -> IndexFields:
    """Index fields of a Crossref ``message`` (a /works/{doi} message or a data-file item)."""
    page = message.get("page")
    # The converter's rules for placeholder pages and labelled volumes ("no-no", "Volume 13"),
    # applied only off the common all-digits path to keep the build fast.
    if isinstance(page, str) and not page[:1].isdigit():
        page = page_range(page)
    first_page = _first_page(page) if isinstance(page, str) else None
    volume = message.get("volume")
    if not (isinstance(volume, str) and volume[:1].isdigit()):
        volume = number_field(volume)
    if not first_page:
        first_page = _first(message.get("article-number"))
    authors = []
    for person in message.get("author") or []:
        if isinstance(person, dict):
            name = person.get("family") or person.get("name")
            if isinstance(name, str):
                authors.append(name)
    # Entities and inline tags ("&amp;", "<i>") would index as words ("amp", "i"); decoded as the
    # converter does (two substring tests when there are none, the usual case).
    titles = [strip_markup(t) for key in ("title", "subtitle") for t in (message.get(key) or []) if isinstance(t, str)]
    containers = [
        strip_markup(t) for key in ("container-title", "short-container-title")
        for t in (message.get(key) or []) if isinstance(t, str)
    ]
    indexed = (message.get("indexed") or {}).get("timestamp")
    return IndexFields(
        source="crossref",
        doi=_registered_doi(message.get("DOI")),
        type=message.get("type") if isinstance(message.get("type"), str) else None,
        year=_date_year(message, "issued", "published-print", "published-online", "published"),
        volume=_short(volume),
        first_page=_short(first_page),
        title=" ".join(titles),
        authors=" ".join(authors),
        container=" ".join(dict.fromkeys(containers)),
        indexed=indexed if isinstance(indexed, int) else 0,
    )


def _text(elem: Element | None) -> str:
    return "".join(elem.itertext()).strip() if elem is not None else ""


def pubmed_fields(elem: Element) -> IndexFields:
    """Index fields of one ``<PubmedArticle>`` or ``<PubmedBookArticle>`` element."""
    pmid = _text(elem.find("MedlineCitation/PMID")) or _text(elem.find("BookDocument/PMID"))
    doi = None
    for aid in elem.iterfind("PubmedData/ArticleIdList/ArticleId"):
        if aid.get("IdType") == "doi":
            doi = normalize_doi(_text(aid))
            break
    article = elem.find("MedlineCitation/Article")
    if article is None:
        article = elem.find("BookDocument")
    if doi is None and article is not None:
        for loc in article.iterfind("ELocationID"):
            if loc.get("EIdType") == "doi":
                doi = normalize_doi(_text(loc))
                break
    revised = "".join(_text(elem.find(f"MedlineCitation/DateRevised/{part}")).zfill(2)
                      for part in ("Year", "Month", "Day"))
    fields = IndexFields(source="pubmed", pmid=pmid or None, doi=doi, type="journal-article",
                         indexed=int(revised) if revised.isdigit() else 0)  # YYYYMMDD: newest revision wins
    if article is None:
        return fields
    if elem.tag == "PubmedBookArticle":
        fields.type = "book"
    issue = article.find("Journal/JournalIssue")
    if issue is not None:
        fields.volume = _short(_text(issue.find("Volume")))
        year = _text(issue.find("PubDate/Year")) or _text(issue.find("PubDate/MedlineDate"))
        match = _YEAR.search(year)
        fields.year = int(match.group(1)) if match else None
    if fields.year is None:
        match = _YEAR.search(_text(article.find("ArticleDate/Year")) or _text(article.find("Book/PubDate/Year")))
        fields.year = int(match.group(1)) if match else None
    start = _text(article.find("Pagination/StartPage"))
    if not start:
        # "1234-5; discussion 1236-7": the article itself is the first range (as the converter reads it)
        medline = re.split(r"[;,]", _text(article.find("Pagination/MedlinePgn")))[0]
        start = expand_pages(medline or None)[0] or ""
    fields.first_page = _short(start)
    titles = [_text(article.find("ArticleTitle")), _text(article.find("VernacularTitle")),
              _text(article.find("BookTitle")) if elem.tag == "PubmedBookArticle" else ""]
    fields.title = " ".join(t for t in titles if t)
    names = []
    for author in article.iterfind("AuthorList/Author"):
        name = _text(author.find("LastName")) or _text(author.find("CollectiveName"))
        if name:
            names.append(name)
    fields.authors = " ".join(names)
    journals = [_text(article.find("Journal/Title")), _text(article.find("Journal/ISOAbbreviation")),
                _text(elem.find("MedlineCitation/MedlineJournalInfo/MedlineTA"))]
    fields.container = " ".join(dict.fromkeys(j for j in journals if j))
    return fields
