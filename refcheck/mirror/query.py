"""Read-side queries on a mirror: identifiers, FTS5 candidate retrieval, volume/page blocking.

Returns stored rows (:class:`Row`: source, identifiers, block keys, raw payload); turning
them into :class:`~refcheck.model.Work` is :mod:`refcheck.sources.mirror`'s job, with the
live path's converters.

Candidate retrieval follows biblio-glutton's split between *blocking* and *validation*: the
FTS5 query only has to put the right record among a handful of candidates (bm25 over title
words OR first-author surname), and the matcher's pairwise validation decides. A second,
exact blocking key — (volume, first page), what ECitMatch keys on — catches citations whose
title is garbled but whose locator is right.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from refcheck.mirror.db import Codec, connect, get_meta
from refcheck.text.fold import words

# Words too common to help bm25 pick a record (they only slow the OR query down).
STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on", "or", "the", "to", "with", "without"]
)
MAX_TERMS = 12
# Title words kept per query: the rarest ones. An OR over common words makes FTS5 score every
# record that has any of them (tens of thousands at 1M records); the few rarest words carry
# nearly all the identity and keep each query to short posting lists.
RARE_TERMS = 5
# bm25 column weights: title, authors, container, year (year is ranked in Python instead).
BM25_WEIGHTS = (1.0, 1.5, 0.3, 0.0)
_META = "id, source, doi, pmid, year, volume, first_page"
_COLUMNS = _META + ", data"


@dataclass(slots=True)
class Row:
    """One stored record, decompressed."""

    id: int
    source: str
    doi: str | None
    pmid: str | None
    year: int | None
    volume: str | None
    first_page: str | None
    payload: bytes = b""  # empty until loaded (search ranks on the other columns first)
    rank: float = 0.0  # bm25 relevance, higher is better (0 for identifier/blocking hits)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


TermFilter = Callable[[list[str]], list[str]]


def _terms(text: str | None) -> list[str]:
    return [w for w in dict.fromkeys(words(text or "")) if w not in STOPWORDS and len(w) > 1]


def _any(column: str, terms: Sequence[str]) -> str:
    return f"{column} : (" + " OR ".join(_quote(w) for w in terms) + ")"


def fts_queries(title: str | None, first_author: str | None, container: str | None = None,
                *, select: TermFilter | None = None) -> list[str]:
    """FTS5 MATCH expressions for a citation, strictest first (empty: nothing to search on).

    Tokens are quoted (so ``OR``/``NOT``/``NEAR`` in a title are words, not operators).

    * strict (when the title has 3+ usable words): any *two* of the rarest title words, or the
      first author with any title word. Requiring a pair cuts the records FTS5 must score with
      bm25 (its costly part: one document-size read per match) about tenfold, yet survives a
      typo or a missing word, and a garbled title still matches through the author;
    * broad: any title word or the author (or, with no title, journal words) — used when the
      strict form finds fewer records than asked for.

    ``select`` narrows the words (the reader keeps the rarest known ones: ``MirrorReader.rarest``).
    """
    title_terms = _terms(title)[:MAX_TERMS]
    author_terms = [w for w in words(first_author or "") if len(w) > 1][:3]
    if select is not None:
        title_terms = select(title_terms) if title_terms else []
        author_terms = select(author_terms) if author_terms else []
    queries: list[str] = []
    if len(title_terms) >= 3:
        pairs = " OR ".join(f"({_quote(a)} AND {_quote(b)})" for a, b in combinations(title_terms, 2))
        strict = f"title : ({pairs})"
        if author_terms:
            strict += f" OR ({_any('authors', author_terms)} AND {_any('title', title_terms)})"
        queries.append(strict)
    broad = [_any("title", title_terms)] if title_terms else []
    if author_terms:
        broad.append(_any("authors", author_terms))
    if not title_terms and container:  # no title (some styles omit it): journal words help a little
        terms = _terms(container)[:6]
        if terms:
            broad.append(_any("container", terms))
    if broad:
        queries.append(" OR ".join(broad))
    return queries


def fts_query(title: str | None, first_author: str | None, container: str | None = None) -> str | None:
    """The broad query alone (any title word or the author), for callers without a reader."""
    queries = fts_queries(title, first_author, container)
    return queries[-1] if queries else None


def container_query(container: str | None) -> str | None:
    """Records whose journal title holds every word of ``container`` as a prefix
    (``Arch Intern Med`` ~ ``Archives of Internal Medicine``), or None without usable words."""
    terms = [w for w in _terms(container) if w.isalnum()][:6]
    return "container : (" + " AND ".join(f"{w}*" for w in terms) + ")" if terms else None


def _attach_vocab(conn: sqlite3.Connection) -> None:
    """The FTS5 vocabulary as a TEMP table (works on read-only files, no schema change)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.works_vocab USING fts5vocab(main, works_fts, 'row')")


class MirrorReader:
    """Thread-safe read-only access: one SQLite connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        conn = connect(path, readonly=True)  # validates the file once, up front
        _attach_vocab(conn)
        zdict = get_meta(conn, "zdict")
        self.codec = Codec(zdict if isinstance(zdict, bytes) and zdict else None)
        self._local = threading.local()
        self._local.conn = conn
        self._all: list[sqlite3.Connection] = [conn]
        self._lock = threading.Lock()
        self._df: dict[str, int] = {}  # document frequency per term (FTS5 vocabulary), cached

    def doc_freq(self, term: str) -> int:
        """How many records contain ``term`` (0 for a typo or unknown word); cached per reader."""
        df = self._df.get(term)
        if df is None:
            row = self.conn.execute("SELECT doc FROM temp.works_vocab WHERE term = ?", (term,)).fetchone()
            df = self._df[term] = row[0] if row else 0
            if len(self._df) > 200_000:
                self._df.clear()
        return df

    def rarest(self, terms: list[str]) -> list[str]:
        """The ``RARE_TERMS`` rarest of ``terms`` that occur at all (unknown words are typos)."""
        known = [(self.doc_freq(t), i, t) for i, t in enumerate(terms)]
        return [t for df, _, t in sorted(k for k in known if k[0] > 0)[:RARE_TERMS]]

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, readonly=True)
            _attach_vocab(conn)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()

    def _rows(self, sql: str, params: Sequence[object]) -> list[Row]:
        return [Row(r[0], r[1], r[2], r[3], r[4], r[5], r[6], self.codec.decompress(r[7])) for r in self.conn.execute(sql, params)]

    def by_doi(self, doi: str) -> list[Row]:
        return self._rows(f"SELECT {_COLUMNS} FROM works WHERE doi = ?", (doi.lower(),))

    def by_pmid(self, pmid: str) -> list[Row]:
        return self._rows(f"SELECT {_COLUMNS} FROM works WHERE pmid = ?", (pmid,))

    def by_pmids(self, pmids: Sequence[str]) -> list[Row]:
        out: list[Row] = []
        for start in range(0, len(pmids), 500):
            chunk = list(pmids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            out += self._rows(f"SELECT {_COLUMNS} FROM works WHERE pmid IN ({marks})", chunk)
        return out

    def by_ids(self, ids: Iterable[int]) -> dict[int, Row]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {r.id: r for r in self._rows(f"SELECT {_COLUMNS} FROM works WHERE id IN ({marks})", ids)}

    def by_volume_page(self, volume: str, first_page: str) -> list[Row]:
        return self._rows(f"SELECT {_COLUMNS} FROM works WHERE volume = ? AND first_page = ?",
                          (volume, first_page))

    def search(self, query: str, limit: int) -> list[Row]:
        """Best ``limit`` records for an FTS5 expression, by weighted bm25 (payloads not loaded)."""
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        try:
            hits = self.conn.execute(
                f"SELECT rowid, bm25(works_fts, {weights}) AS r FROM works_fts WHERE works_fts MATCH ? "
                "ORDER BY r LIMIT ?", (query, limit)).fetchall()
        except sqlite3.OperationalError:  # a query FTS5 cannot parse: no candidates, not a crash
            return []
        if not hits:
            return []
        marks = ",".join("?" * len(hits))
        rows = {r[0]: Row(*r) for r in self.conn.execute(
            f"SELECT {_META} FROM works WHERE id IN ({marks})", [rid for rid, _ in hits])}
        out = []
        for rid, rank in hits:
            row = rows.get(rid)
            if row is not None:
                row.rank = -rank
                out.append(row)
        return out

    def load(self, rows: Sequence[Row]) -> list[Row]:
        """Fill in the payloads of rows returned by :meth:`search`."""
        missing = [r.id for r in rows if not r.payload]
        if missing:
            marks = ",".join("?" * len(missing))
            data = dict(self.conn.execute(f"SELECT id, data FROM works WHERE id IN ({marks})", missing))
            for row in rows:
                if not row.payload and row.id in data:
                    row.payload = self.codec.decompress(data[row.id])
        return [r for r in rows if r.payload]
