"""The mirror file's format: one embedded SQLite file with the raw records and an FTS5 index.

Schema (``SCHEMA_VERSION`` 1)::

    works(id INTEGER PRIMARY KEY, source, doi, pmid, type, year, volume, first_page,
          indexed, data BLOB)          -- one row per registry record; data = zlib(JSON|XML)
    works_fts(title, authors, container, year)   -- FTS5, contentless, rowid = works.id
    meta(key PRIMARY KEY, value)       -- schema version, zlib dictionary, build history

Records are compressed with zlib and a *preset dictionary* (sampled from the first records
ingested and kept in ``meta``): Crossref records repeat the same keys and boilerplate, and a
shared dictionary roughly halves their compressed size compared with compressing each alone.
Both the writer (:mod:`refcheck.mirror.store`) and the reader (:mod:`refcheck.mirror.query`)
open the file through :func:`connect`, which refuses another schema version.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

SCHEMA_VERSION = 1
ZLEVEL = 1  # level 6 saves ~15% more space for ~50% more build CPU
ZDICT_SAMPLE = 16_000  # bytes of sample records in the preset dictionary (must fit the window)
# A 16 KiB window and memLevel 7 instead of zlib's 32 KiB / 8: the record (~1.4 KB) and the
# dictionary both fit, the compressor state each record copies halves (256 -> 128 KiB), and
# compression takes ~13 % less CPU for < 1 % more bytes (measured on the benchmark corpus).
# The output is an ordinary zlib stream: any reader (``decompressobj(zdict=...)``, window 32
# KiB) decompresses both these records and those written with the defaults by older builds.
ZWBITS = 14
ZMEMLEVEL = 7

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS works(
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    doi TEXT,
    pmid TEXT,
    type TEXT,
    year INTEGER,
    volume TEXT,
    first_page TEXT,
    indexed INTEGER NOT NULL DEFAULT 0,
    data BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS works_fts USING fts5(
    title, authors, container, year,
    content='', tokenize='unicode61 remove_diacritics 2'
);
"""
# The DOI/PMID indexes also serve the upsert's "is it stored already?" probe during a build.
INDEXES = """
CREATE INDEX IF NOT EXISTS works_doi ON works(doi);
CREATE INDEX IF NOT EXISTS works_pmid ON works(pmid) WHERE pmid IS NOT NULL;
CREATE INDEX IF NOT EXISTS works_vol_page ON works(volume, first_page) WHERE volume IS NOT NULL;
"""
DROP_INDEXES = "DROP INDEX IF EXISTS works_doi; DROP INDEX IF EXISTS works_pmid; DROP INDEX IF EXISTS works_vol_page;"


class MirrorError(Exception):
    """The file is not a refcheck mirror, or has another schema version."""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a mirror DB; read-only connections may be shared by many reader processes."""
    if readonly:
        if not path.is_file():
            raise MirrorError(f"{path}: no such mirror (run `refcheck mirror build` first)")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=False)
    try:
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise MirrorError(f"{path}: not a refcheck mirror ({exc})") from exc
    if has_meta:
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row and int(row[0]) != SCHEMA_VERSION:
            conn.close()
            raise MirrorError(f"{path}: mirror schema {row[0]}, this refcheck reads {SCHEMA_VERSION}; rebuild it")
    elif readonly:
        conn.close()
        raise MirrorError(f"{path}: not a refcheck mirror")
    return conn


def get_meta(conn: sqlite3.Connection, key: str) -> bytes | str | None:
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: object) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


class Codec:
    """zlib with the mirror's preset dictionary (one per DB, fixed at its first build).

    The dictionary is loaded once into a template compressor that each record copies:
    re-priming zlib with a 24 KB dictionary per record would cost more than compressing it.
    """

    def __init__(self, zdict: bytes | None) -> None:
        self.zdict = zdict or b""
        self._template = (zlib.compressobj(ZLEVEL, zlib.DEFLATED, ZWBITS, ZMEMLEVEL, zdict=self.zdict)
                          if self.zdict else None)

    def compress(self, data: bytes) -> bytes:
        if self._template is None:
            return zlib.compress(data, ZLEVEL)
        c = self._template.copy()
        return c.compress(data) + c.flush()

    def decompress(self, blob: bytes) -> bytes:
        if not self.zdict:
            return zlib.decompress(blob)
        d = zlib.decompressobj(zdict=self.zdict)
        return d.decompress(blob) + d.flush()


def make_zdict(payloads: Iterable[bytes]) -> bytes:
    """A preset dictionary from sample records (the most common content should come last)."""
    sample = bytearray()
    for payload in payloads:
        if len(sample) + len(payload) > ZDICT_SAMPLE:
            break
        sample += payload
    return bytes(sample)
