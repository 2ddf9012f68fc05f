"""Unreachable registries on 127.0.0.1, for the outage tests and ``bench/outage_bench.py``.

Real sockets, no mocks, so that the whole client stack (requests/urllib3, habanero/httpx)
meets the failure a user's machine meets:

* :func:`refused_url` - a port nothing listens on: every connection is refused at once.
* :class:`BlackHole` - a socket that accepts connections and never answers (a firewall that
  drops replies, a hung proxy): every request waits for its read timeout.
* :func:`manuscript` - a Vancouver reference list of ``n`` real recorded Crossref articles
  (half with a DOI, half without, so both the DOI look-up and the search path are exercised).
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from tests.fakes.data import crossref_records


def free_port() -> int:
    """A port that was free a moment ago (bound and released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def refused_url() -> str:
    """A base URL whose connections are refused (nothing listens on the port)."""
    return f"http://127.0.0.1:{free_port()}"


class BlackHole:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte (until stopped).

    ``accepted`` counts connections, so a test can tell whether a client tried at all.
    """

    def __init__(self, port: int = 0) -> None:
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        self._sock.listen(128)
        self._sock.settimeout(0.2)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="black-hole", daemon=True)
        self.accepted = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted += 1
            self._held.append(conn)  # kept open, never read, never answered

    def __enter__(self) -> BlackHole:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self._held:
            conn.close()
        self._sock.close()


def articles(n: int) -> list[dict]:
    """The first ``n`` recorded journal articles with authors, title, journal, year and pages."""
    out: list[dict] = []
    for r in crossref_records().values():
        if (r.get("type") == "journal-article" and r.get("author") and r.get("title")
                and r.get("container-title") and r.get("issued", {}).get("date-parts", [[None]])[0][0]
                and r.get("page") and r.get("volume")):
            out.append(r)
            if len(out) == n:
                break
    return out


def manuscript(n: int, path: Path) -> Path:
    """Write a Markdown manuscript citing ``n`` real articles in Vancouver style to ``path``."""
    from refcheck.sources.crossref_record import work_from_crossref
    from refcheck.styles.render import render_reference

    lines = ["# Outage test manuscript", "", f"Text citing everything [1-{n}].", "", "## References", ""]
    for i, record in enumerate(articles(n), 1):
        work = work_from_crossref(record)
        lines.append(render_reference(work, "vancouver", i, include_doi=i % 2 == 0))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
