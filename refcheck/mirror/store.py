"""Writing the mirror database (:class:`MirrorWriter`); the file format is :mod:`refcheck.mirror.db`.

A work known to both registries keeps two rows (``source`` crossref and pubmed) so that each
converts with its own registry's converter, exactly as the live path does.

Why contentless FTS5: the text is already in ``data``; storing it again would double the
index size. The price is that deleting an FTS row needs the indexed text back, which
:func:`refcheck.mirror.keys` re-derives from the stored record (see ``MirrorWriter._replace``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from itertools import count
from operator import add, itemgetter
from pathlib import Path

from refcheck.mirror.db import (
    DROP_INDEXES,
    INDEXES,
    SCHEMA,
    SCHEMA_VERSION,
    Codec,
    MirrorError,
    connect,
    get_meta,
    set_meta,
)
from refcheck.mirror.jsonio import loads
from refcheck.mirror.keys import INDEX_VERSION, IndexFields, crossref_fields, pubmed_fields

BATCH = 5000


def index_fields(source: str, payload: bytes) -> IndexFields:
    """Re-derive the index fields of a stored record (used to delete its FTS row)."""
    if source == "crossref":
        return crossref_fields(loads(payload))
    from defusedxml.ElementTree import fromstring

    return pubmed_fields(fromstring(payload))


@dataclass
class BuildStats:
    """What one ``refcheck mirror build`` did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0  # an older or equal copy of a record already stored
    files: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)  # reason -> paths
    skipped_records: int = 0
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def skip(self, reason: str, path: str, records: int = 0) -> None:
        self.skipped.setdefault(reason, []).append(path)
        self.skipped_records += records


# What a parse worker hands the writer for one record: the ``works`` columns after ``id``
# followed by the FTS text (plain tuples pickle several times faster than IndexFields).
Row = tuple[str, str | None, str | None, str | None, int | None, str | None, str | None, int, bytes,
            str, str, str, str]
BULK_BATCH = 20_000  # rows per transaction when bulk-loading (memory: ~20 MB of rows)
_WORKS_COLUMNS = itemgetter(slice(0, 9))
_FTS_COLUMNS = itemgetter(slice(9, 13))


def to_row(f: IndexFields, blob: bytes) -> Row:
    return (f.source, f.doi, f.pmid, f.type, f.year, f.volume, f.first_page, f.indexed, blob, *f.fts_row())


def from_row(row: Row) -> tuple[IndexFields, bytes]:
    source, doi, pmid, kind, year, volume, first_page, indexed, blob, title, authors, container, _ = row
    return IndexFields(source, doi, pmid, kind, year, volume, first_page, title, authors, container,
                       indexed), blob


class MirrorWriter:
    """Writes records into the mirror, in one of two modes chosen when the file is opened.

    * **bulk** (the DB is new or empty): rows are appended without asking whether each is
      stored already, and the B-tree indexes are created once at the end, where SQLite sorts
      the keys once instead of inserting each into a random leaf. Duplicate keys within the
      build are resolved at :meth:`close` with the same "newest wins" rule as the upsert.
      The rollback journal is kept in memory: a crash mid-load leaves a file marked
      ``bulk_load`` in ``meta``, which the next build refuses (delete it and rebuild).
    * **upsert** (the DB holds records): each batch probes the DOI/PMID index and replaces
      a stored record only with a newer copy (WAL journal, so readers may keep reading).
    """

    def __init__(self, path: Path, *, bulk: bool | None = None) -> None:
        self.path = path
        self.conn = connect(path)
        self.conn.executescript(SCHEMA)
        if get_meta(self.conn, "bulk_load") is not None:
            self.conn.close()
            raise MirrorError(f"{path}: an earlier first build was interrupted; delete the file and rebuild")
        empty = self.conn.execute("SELECT 1 FROM works LIMIT 1").fetchone() is None
        self.bulk = empty if bulk is None else (bulk and empty)
        journal = "MEMORY" if self.bulk else "WAL"
        self.conn.executescript(
            f"PRAGMA journal_mode={journal}; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;"
            "PRAGMA cache_size=-65536;"
        )
        set_meta(self.conn, "schema_version", SCHEMA_VERSION)
        zdict = get_meta(self.conn, "zdict")
        self.codec = Codec(zdict if isinstance(zdict, bytes) and zdict else None)
        if self.bulk:
            self.conn.executescript(DROP_INDEXES)
            with self.conn:
                set_meta(self.conn, "bulk_load", 1)
        else:
            self.conn.executescript(INDEXES)
        if empty:
            set_meta(self.conn, "index_version", INDEX_VERSION)
        self._check_index_version()
        self.conn.commit()
        self.next_id = (self.conn.execute("SELECT max(id) FROM works").fetchone()[0] or 0) + 1
        self.stats = BuildStats()
        self._pending: dict[tuple[str, str], tuple[IndexFields, bytes]] = {}
        self._rows: list[Row] = []

    def _check_index_version(self) -> None:
        version = get_meta(self.conn, "index_version")
        if version is not None and int(version) != INDEX_VERSION:
            self.rebuild_fts()
        set_meta(self.conn, "index_version", INDEX_VERSION)

    def set_zdict(self, zdict: bytes) -> Codec:
        """Fix the preset dictionary (first build only; later builds keep the stored one)."""
        if not self.codec.zdict and zdict:
            self.codec = Codec(zdict)
            set_meta(self.conn, "zdict", zdict)
        return self.codec

    def add_rows(self, rows: list[Row]) -> None:
        """Queue parsed records (``to_row`` tuples) in input order."""
        if not self.bulk:
            for row in rows:
                self.add(*from_row(row))
            return
        self._rows.extend(row for row in rows if (row[1] if row[0] == "crossref" else row[2]))
        if len(self._rows) >= BULK_BATCH:
            self.flush()

    def add(self, fields: IndexFields, blob: bytes) -> None:
        """Queue one compressed record; the newest copy of a key within a batch wins."""
        if self.bulk:
            self.add_rows([to_row(fields, blob)])
            return
        key = fields.key
        if not key:
            return
        ident = (fields.source, key)
        old = self._pending.get(ident)
        if old is None or _newer(fields, len(blob), old[0], len(old[1])):
            self._pending[ident] = (fields, blob)
        if old is not None:
            self.stats.unchanged += 1
        if len(self._pending) >= BATCH:
            self.flush()

    def _flush_bulk(self) -> None:
        rows, self._rows = self._rows, []
        first = self.next_id
        self.next_id += len(rows)
        # (id,) + row[:9] and (id,) + row[9:] built by map/zip/add in C: a generator expression
        # here costs the single writer ~1 µs per record.
        with self.conn:
            self.conn.executemany("INSERT INTO works VALUES (?,?,?,?,?,?,?,?,?,?)",
                                  map(add, zip(count(first)), map(_WORKS_COLUMNS, rows)))
            self.conn.executemany(
                "INSERT INTO works_fts(rowid, title, authors, container, year) VALUES (?,?,?,?,?)",
                map(add, zip(count(first)), map(_FTS_COLUMNS, rows)))
        self.stats.inserted += len(rows)

    def _finish_bulk(self) -> None:
        """Create the indexes, then keep one row per key exactly as the upsert would have:
        the first copy's id with the newest copy's content (see ``_newer``)."""
        self.conn.executescript(INDEXES)
        with self.conn:
            for source, column, index in (("crossref", "doi", "works_doi"), ("pubmed", "pmid", "works_pmid")):
                # Keys stored more than once in *any* source, from the index alone (filtering
                # on `source` here would read every row of the table: 3x slower at 1M rows);
                # a DOI held once by Crossref and once by PubMed is then no merge (one row).
                dups = [k for (k,) in self.conn.execute(
                    f"SELECT {column} FROM works INDEXED BY {index} WHERE {column} IS NOT NULL "
                    f"GROUP BY {column} HAVING count(*) > 1")]
                for key in dups:
                    self._merge_copies(source, column, key)
            self.conn.execute("DELETE FROM meta WHERE key='bulk_load'")

    def _merge_copies(self, source: str, column: str, key: str) -> None:
        rows = self.conn.execute(f"SELECT id, indexed, data FROM works WHERE source=? AND {column}=? ORDER BY id",
                                 (source, key)).fetchall()
        if len(rows) < 2:
            return
        winner = rows[0]
        for row in rows[1:]:
            newer = _newer(IndexFields(source, indexed=row[1]), len(row[2]),
                           IndexFields(source, indexed=winner[1]), len(winner[2]))
            winner = row if newer else winner
            # counted as the upsert counts copies met within one batch: "unchanged"
            self.stats.inserted -= 1
            self.stats.unchanged += 1
        for rid, _, data in rows:
            old = index_fields(source, self.codec.decompress(data))
            self.conn.execute("INSERT INTO works_fts(works_fts, rowid, title, authors, container, year) "
                              "VALUES ('delete', ?, ?, ?, ?, ?)", (rid, *old.fts_row()))
        keep = rows[0][0]
        f = index_fields(source, self.codec.decompress(winner[2]))
        f.indexed = winner[1]
        self.conn.execute("DELETE FROM works WHERE source=? AND " + column + "=? AND id<>?", (source, key, keep))
        self.conn.execute(
            "UPDATE works SET doi=?, pmid=?, type=?, year=?, volume=?, first_page=?, indexed=?, data=? "
            "WHERE id=?",
            (f.doi, f.pmid, f.type, f.year, f.volume, f.first_page, f.indexed, winner[2], keep))
        self.conn.execute("INSERT INTO works_fts(rowid, title, authors, container, year) VALUES (?,?,?,?,?)",
                          (keep, *f.fts_row()))

    def flush(self) -> None:
        if self.bulk:
            if self._rows:
                self._flush_bulk()
            return
        if not self._pending:
            return
        records = list(self._pending.values())
        self._pending.clear()
        with self.conn:
            existing = self._existing([f for f, _ in records])
            inserts, fts = [], []
            for f, blob in records:
                old = existing.get((f.source, f.key))
                if old is not None:
                    self._replace(old, f, blob)
                    continue
                rid = self.next_id
                self.next_id += 1
                inserts.append((rid, f.source, f.doi, f.pmid, f.type, f.year, f.volume, f.first_page,
                                f.indexed, blob))
                fts.append((rid, *f.fts_row()))
            self.conn.executemany("INSERT INTO works VALUES (?,?,?,?,?,?,?,?,?,?)", inserts)
            self.conn.executemany(
                "INSERT INTO works_fts(rowid, title, authors, container, year) VALUES (?,?,?,?,?)", fts)
            self.stats.inserted += len(inserts)

    def _existing(self, records: list[IndexFields]) -> dict[tuple[str, str | None], tuple[int, bytes, int]]:
        """Stored rows with the same identity: (source, key) -> (id, data, indexed)."""
        found: dict[tuple[str, str | None], tuple[int, bytes, int]] = {}
        for source, column in (("crossref", "doi"), ("pubmed", "pmid")):
            keys = [f.key for f in records if f.source == source]
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.conn.execute(
                    f"SELECT id, {column}, data, indexed FROM works WHERE source=? AND {column} IN ({marks})",
                    (source, *chunk))
                for rid, key, data, indexed in rows:
                    found[(source, key)] = (rid, data, indexed)
        return found

    def _replace(self, old: tuple[int, bytes, int], f: IndexFields, blob: bytes) -> None:
        rid, data, indexed = old
        if data == blob or not _newer(f, len(blob), IndexFields(f.source, indexed=indexed), len(data)):
            self.stats.unchanged += 1
            return
        payload = self.codec.decompress(data)
        old_fields = index_fields(f.source, payload)
        self.conn.execute("INSERT INTO works_fts(works_fts, rowid, title, authors, container, year) "
                          "VALUES ('delete', ?, ?, ?, ?, ?)", (rid, *old_fields.fts_row()))
        self.conn.execute(
            "UPDATE works SET doi=?, pmid=?, type=?, year=?, volume=?, first_page=?, indexed=?, data=? "
            "WHERE id=?",
            (f.doi, f.pmid, f.type, f.year, f.volume, f.first_page, f.indexed, blob, rid))
        self.conn.execute("INSERT INTO works_fts(rowid, title, authors, container, year) VALUES (?,?,?,?,?)",
                          (rid, *f.fts_row()))
        self.stats.updated += 1

    def rebuild_fts(self) -> None:
        """Re-index every stored record (after an index-format change), streaming the rows."""
        with self.conn:
            self.conn.execute("INSERT INTO works_fts(works_fts) VALUES ('delete-all')")
            rows = self.conn.cursor().execute("SELECT id, source, data FROM works")
            self.conn.executemany(
                "INSERT INTO works_fts(rowid, title, authors, container, year) VALUES (?,?,?,?,?)",
                ((rid, *index_fields(source, self.codec.decompress(data)).fts_row()) for rid, source, data in rows))

    def close(self, paths: list[str]) -> BuildStats:
        """Flush, create indexes, record the build in ``meta`` and checkpoint the WAL."""
        self.flush()
        if self.bulk:
            self._finish_bulk()
        with self.conn:
            history = json.loads(get_meta(self.conn, "builds") or "[]")
            history.append({
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "paths": paths,
                "inserted": self.stats.inserted,
                "updated": self.stats.updated,
                "unchanged": self.stats.unchanged,
                "skipped_records": self.stats.skipped_records,
                "seconds": round(self.stats.seconds, 2),
            })
            set_meta(self.conn, "builds", json.dumps(history[-50:]))
        self.conn.execute("INSERT INTO works_fts(works_fts) VALUES ('optimize')")
        self.conn.commit()
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("PRAGMA journal_mode=DELETE")
        self.conn.execute("ANALYZE")
        self.conn.close()
        return self.stats


def _newer(new: IndexFields, new_size: int, old: IndexFields, old_size: int) -> bool:
    """Keep the copy the registry indexed last; on a tie (or no date) the richer one."""
    if new.indexed != old.indexed:
        return new.indexed > old.indexed
    return new_size >= old_size
