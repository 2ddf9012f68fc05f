"""Persistent lookup cache: SQLite, safe under concurrent processes and hard kills.

Why SQLite in WAL mode: a pre-commit hook, an editor integration and a CI job may run refcheck
at the same time on one project, and a user may ^C (or the OS may kill) a run mid-write.
WAL gives readers that never block the writer, ``busy_timeout`` makes concurrent writers wait
instead of failing, every write is one short autocommit statement (atomic), and a killed writer
leaves at worst an un-checkpointed WAL that the next open recovers. Connections are per thread
(sqlite3 objects must not cross threads).

What is stored: the registry's raw answer (JSON/XML bytes, zlib-compressed), keyed by
``(source, kind, key)`` where ``key`` is the normalised request (lower-case DOI, PMID, folded
query). Raw bytes rather than converted Works mean a converter fix applies to cached data
too. Negative answers (404, no hit) are stored with a shorter TTL since records appear later.

``--offline`` answers from the cache only (expired entries included: stale is better than
nothing) and a miss raises ``SourceUnavailable("offline, not in cache")``; ``--refresh``
ignores what is cached but still stores the new answers.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from refcheck.errors import SourceUnavailable

DAY = 86400.0
RECORD_TTL = 30 * DAY
NEGATIVE_TTL = 2 * DAY
CACHE_FILE = "lookups.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    source  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    key     TEXT NOT NULL,
    status  INTEGER NOT NULL,   -- 200 positive answer, 404 negative answer
    payload BLOB,               -- zlib(raw response bytes), NULL for negatives
    fetched REAL NOT NULL,      -- unix time
    PRIMARY KEY (source, kind, key)
) WITHOUT ROWID;
"""


def _set_up(conn: sqlite3.Connection, attempts: int = 50) -> None:
    """Switch to WAL and create the schema, retrying while another process does the same.

    On a new database file, two processes starting at once (two pre-commit runs) race for the
    journal-mode change; SQLite can report "database is locked" there without going through
    the busy handler, so ``busy_timeout`` alone does not cover it.
    """
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


@dataclass(frozen=True)
class CacheEntry:
    status: int
    payload: bytes | None
    fetched: float

    @property
    def negative(self) -> bool:
        return self.status != 200


class Cache:
    """The lookup cache of one directory (``<dir>/lookups.sqlite``)."""

    def __init__(self, directory: Path, *, offline: bool = False, refresh: bool = False,
                 record_ttl: float = RECORD_TTL, negative_ttl: float = NEGATIVE_TTL) -> None:
        self.directory = Path(directory)
        self.path = self.directory / CACHE_FILE
        self.offline = offline
        self.refresh = refresh
        self.record_ttl = record_ttl
        self.negative_ttl = negative_ttl
        self.hits = 0
        self.misses = 0
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._conn()  # create the schema now: fail early, in the caller's thread

    # -- connections ----------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            _set_up(conn)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- raw access -------------------------------------------------------------------------------
    def get(self, source: str, kind: str, key: str, *, ignore_ttl: bool = False) -> CacheEntry | None:
        """The stored answer, or None when absent or expired."""
        row = self._conn().execute(
            "SELECT status, payload, fetched FROM entries WHERE source=? AND kind=? AND key=?",
            (source, kind, key),
        ).fetchone()
        if row is None:
            return None
        status, payload, fetched = row
        ttl = self.record_ttl if status == 200 else self.negative_ttl
        if not ignore_ttl and time.time() - fetched > ttl:
            return None
        return CacheEntry(status, zlib.decompress(payload) if payload is not None else None, fetched)

    def put(self, source: str, kind: str, key: str, status: int, payload: bytes | None) -> None:
        """Store one answer (one atomic statement)."""
        blob = zlib.compress(payload, 6) if payload is not None else None
        self._conn().execute(
            "INSERT OR REPLACE INTO entries (source, kind, key, status, payload, fetched) VALUES (?,?,?,?,?,?)",
            (source, kind, key, status, blob, time.time()),
        )

    # -- the one call sources use -----------------------------------------------------------------
    def fetch(self, source: str, kind: str, key: str, ask: Callable[[], tuple[int, bytes | None]],
              valid: Callable[[bytes | None], bool] | None = None) -> CacheEntry:
        """The cached answer, else ``ask()`` (status, payload) stored and returned.

        Offline: cache only, regardless of age; a miss raises SourceUnavailable. ``valid`` vets a
        positive payload: a stored one that fails it (poisoned by an older version: a captive
        portal's HTML, a truncated body) counts as a miss, and a fresh one that fails it is
        never stored (the sources also vet answers before returning them; this is the last gate).
        """
        if self.offline:
            entry = self._valid(self.get(source, kind, key, ignore_ttl=True), valid)
            if entry is None:
                self.misses += 1
                raise SourceUnavailable(source, "offline, not in cache")
            self.hits += 1
            return entry
        if not self.refresh:
            entry = self._valid(self.get(source, kind, key), valid)
            if entry is not None:
                self.hits += 1
                return entry
        self.misses += 1
        status, payload = ask()
        entry = CacheEntry(status, payload, time.time())
        if self._valid(entry, valid) is None:
            raise SourceUnavailable(source, "unreadable answer (not stored)")
        # A cache that cannot be written (disk full, locked too long) must not fail the run.
        with contextlib.suppress(sqlite3.Error):
            self.put(source, kind, key, status, payload)
        return entry

    @staticmethod
    def _valid(entry: CacheEntry | None, valid: Callable[[bytes | None], bool] | None) -> CacheEntry | None:
        """``entry`` unless it is a positive answer that ``valid`` rejects."""
        if entry is None or valid is None or entry.negative or valid(entry.payload):
            return entry
        return None

    # -- maintenance --------------------------------------------------------------------------------
    def info(self) -> dict[str, object]:
        rows = self._conn().execute(
            "SELECT source, kind, status, COUNT(*), SUM(LENGTH(payload)), MIN(fetched), MAX(fetched) "
            "FROM entries GROUP BY source, kind, status ORDER BY source, kind, status"
        ).fetchall()
        size = sum(p.stat().st_size for p in self.directory.glob(CACHE_FILE + "*") if p.is_file())
        return {
            "path": str(self.path),
            "bytes": size,
            "entries": sum(r[3] for r in rows),
            "groups": [
                {"source": r[0], "kind": r[1], "negative": r[2] != 200, "count": r[3],
                 "payload_bytes": r[4] or 0, "oldest": r[5], "newest": r[6]}
                for r in rows
            ],
        }

    def clear(self, source: str | None = None, *, expired_only: bool = False) -> int:
        """Delete entries (all, one source's, or only expired ones); returns how many."""
        conn = self._conn()
        clauses: list[str] = []
        params: list[object] = []
        if source:
            clauses.append("source = ?")
            params.append(source)
        if expired_only:
            now = time.time()
            clauses.append("((status = 200 AND fetched < ?) OR (status != 200 AND fetched < ?))")
            params += [now - self.record_ttl, now - self.negative_ttl]
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        count = conn.execute("DELETE FROM entries" + where, params).rowcount
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if not clauses:
            conn.execute("VACUUM")
        return int(count)


def open_cache(directory: Path, *, offline: bool = False, refresh: bool = False) -> tuple[Cache | None, str | None]:
    """A Cache, or (None, note) when the directory or database cannot be used (never fatal)."""
    try:
        return Cache(directory, offline=offline, refresh=refresh), None
    except (OSError, sqlite3.Error) as exc:
        return None, f"lookup cache disabled ({directory}: {exc})"
