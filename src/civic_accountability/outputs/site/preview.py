"""Serve a built site on loopback and drive Debian's Chromium: for the browser test
and the screenshot script, so both look at the site exactly as a reader would.

Nothing here downloads a browser: Playwright is pointed at the system Chromium
(``apt-get install chromium``), started with networking features switched off.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM = Path(os.environ.get("CIVIC_ACCOUNTABILITY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


#: What static hosts typically compress (GitHub Pages, Netlify, nginx's gzip_types).
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".csv", ".md", ".txt")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass


class _GzipHandler(_QuietHandler):
    """Text files gzipped (level 6, nginx's and most hosts' choice) when the browser
    accepts it, as a static host serves them, so transfer sizes and times are a host's."""

    def send_head(self):
        path = self.translate_path(self.path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        import gzip
        import io

        with open(path, "rb") as f:
            body = gzip.compress(f.read(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a page mid-download (a cancelled request) is no error."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path, *, gzip: bool = False) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port, its text files gzipped if asked
    (as a static host does); yields the base URL."""
    handler = functools.partial(_GzipHandler if gzip else _QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright):
    """Debian's Chromium, headless, with background networking off."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
