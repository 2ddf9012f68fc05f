"""A misbehaving registry on 127.0.0.1 for the hardening tests (issue #17 item 3).

``HostileServer(mode)`` answers every request the same hostile way:

* ``huge``      - 200 with a body of ``size`` bytes (JSON-looking, streamed)
* ``endless``   - 200, chunked transfer encoding, chunks forever (until the client hangs up)
* ``drip``      - 200 with a Content-Length, one byte every ``interval`` seconds
* ``redirect``  - 302 to ``http://localhost:<port>`` of the same server (another host name)
* ``html``      - 200 ``text/html``: a captive portal's login page
* ``truncated`` - 200 announcing 1,000 bytes, sending 20 and closing
* ``good``      - a valid Crossref work envelope for the DOI in the path

``hits`` counts requests. Used as a context manager; the thread stops on exit.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

PORTAL = b"<!DOCTYPE html><html><head><title>Hotel WiFi</title></head><body>Please log in</body></html>"


class HostileServer:
    def __init__(self, mode: str, *, size: int = 4 * 1024 * 1024, interval: float = 0.2) -> None:
        self.mode, self.size, self.interval = mode, size, interval
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                outer.hits += 1
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    getattr(outer, "_" + outer.mode)(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- modes ----------------------------------------------------------------------------------
    @staticmethod
    def _head(h: BaseHTTPRequestHandler, status: int, ctype: str, length: int | None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        if length is None:
            h.send_header("Transfer-Encoding", "chunked")
        else:
            h.send_header("Content-Length", str(length))
        h.end_headers()

    def _huge(self, h: BaseHTTPRequestHandler) -> None:
        self._head(h, 200, "application/json", self.size)
        block = b'{"message": "' + b"x" * 65000
        sent = 0
        while sent < self.size:
            part = block[: self.size - sent]
            h.wfile.write(part)
            sent += len(part)

    def _endless(self, h: BaseHTTPRequestHandler) -> None:
        self._head(h, 200, "application/json", None)
        chunk = b"x" * 65536
        while True:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    def _drip(self, h: BaseHTTPRequestHandler) -> None:
        self._head(h, 200, "application/json", 10_000)
        for _ in range(10_000):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(self.interval)

    def _redirect(self, h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", f"http://localhost:{self.port}{h.path}")
        h.send_header("Content-Length", "0")
        h.end_headers()

    def _html(self, h: BaseHTTPRequestHandler) -> None:
        self._head(h, 200, "text/html", len(PORTAL))
        h.wfile.write(PORTAL)

    def _truncated(self, h: BaseHTTPRequestHandler) -> None:
        self._head(h, 200, "application/json", 1000)
        h.wfile.write(b'{"status":"ok","mes')
        h.wfile.flush()
        h.close_connection = True

    def _good(self, h: BaseHTTPRequestHandler) -> None:
        doi = unquote(h.path.split("/works/", 1)[-1])
        body = json.dumps({"status": "ok", "message-type": "work",
                           "message": {"DOI": doi, "title": ["A healthy answer"], "type": "journal-article",
                                       "issued": {"date-parts": [[2001]]}}}).encode()
        self._head(h, 200, "application/json", len(body))
        h.wfile.write(body)
