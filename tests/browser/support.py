"""Browser test support: a local static server, the system Chromium, the pinned Node tools.

Nothing here downloads anything. Chromium is Debian's ``/usr/bin/chromium``; axe-core, the Nu
Html Checker (vnu.jar) and Lighthouse come from ``node_modules/`` (``npm ci`` from the committed
``package-lock.json``, run by ``make test``). A missing tool is a test failure, never a skip.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import socketserver
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium"))
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def offline_args(proxy: BlockingProxy) -> list[str]:
    """Every request not to 127.0.0.1 goes to ``proxy``, which refuses and records it: the browser is
    offline, and any attempt to reach another host (from a page, a worker, a style sheet) is seen."""
    return [f"--proxy-server=http://127.0.0.1:{proxy.port}", "--proxy-bypass-list=127.0.0.1"]


class BlockingProxy:
    """A proxy that answers 403 to everything and remembers which hosts were asked for."""

    def __init__(self) -> None:
        self.hosts: list[str] = []
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _handler(self) -> type[socketserver.StreamRequestHandler]:
        hosts = self.hosts

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(4096).decode("latin-1").split()
                if len(line) >= 2:  # "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1"
                    target = line[1]
                    hosts.append(urllib.parse.urlsplit(target).hostname or target.rsplit(":", 1)[0])
                self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

        return Handler

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def require(path: Path, what: str, hint: str) -> Path:
    if not path.is_file():
        pytest.fail(f"{what} is missing ({path}); {hint}", pytrace=False)
    return path


def require_command(name: str, hint: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"'{name}' is not installed; {hint}", pytrace=False)
    return found


def load_axe(page: Any, axe: Path) -> None:
    """axe-core in ``page``, evaluated by the browser's debugging protocol as a browser extension
    would: a ``<script>`` tag with its text would be refused by the page's Content-Security-Policy."""
    page.evaluate(axe.read_text(encoding="utf-8"))


#: Nothing moves on the page: no CSS transition or animation running (material's buttons fade
#: their colours in 125 ms when focused; its search panel and drawer slide in).
SETTLED_JS = "() => document.getAnimations().every(a => a.playState !== 'running')"


def settle(page: Any) -> None:
    """Wait until the page rests as a reader looks at it: nothing moving, its fonts loaded."""
    page.wait_for_function(SETTLED_JS)
    page.evaluate("() => document.fonts.ready.then(() => true)")


def run_axe(page: Any, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """axe-core's results for the page as a reader sees it once it rests (loaded with
    :func:`load_axe`): a colour still fading after a focus would be measured half way."""
    settle(page)
    result: dict[str, Any] = page.evaluate("o => axe.run(document, o)", options or {"resultTypes": ["violations"]})
    return result


NPM_HINT = "run `make test` (it installs the pinned Node tools with `npm ci`)"
DEBIAN_HINT = "run `bash scripts/install-system-deps.sh` (or `make test`)"


# -- a static server, like any static host: directory index pages, gzip for text -----------------
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urllib.parse.urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.server.gzip and accepts_gzip and os.path.isfile(path) and ctype.startswith(_COMPRESSIBLE):
            data = gzip.compress(Path(path).read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()

    def send_response(self, code: int, message: str | None = None) -> None:
        if code >= 400:
            self.server.errors.append(f"{code} {self.path}")
        super().send_response(code, message)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    gzip = False
    errors: list[str]


@dataclass
class Site:
    """A built site served on 127.0.0.1 at a random port."""

    root: Path
    url: str
    errors: list[str] = field(default_factory=list)  #: 4xx/5xx answers the server gave

    def page_url(self, path: Path | str) -> str:
        rel = Path(path).relative_to(self.root).as_posix() if Path(path).is_absolute() else str(path)
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        return self.url + rel

    def file_for(self, url: str) -> Path | None:
        """The file a same-site URL serves, or None for another host."""
        parts = urllib.parse.urlsplit(url)
        if not url.startswith(self.url):
            return None
        path = self.root / urllib.parse.unquote(parts.path).lstrip("/")
        return path / "index.html" if path.is_dir() else path


@contextmanager
def serve(root: Path, *, compress: bool = False) -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    server.gzip = compress
    server.errors = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}/", server.errors)
    finally:
        server.shutdown()
        server.server_close()


# -- search -------------------------------------------------------------------------------------
ACTIVE = "() => document.activeElement"


def tab_until(page: Any, selector: str, limit: int = 200, key: str = "Tab") -> int:
    """Press Tab (or ``key``: "Shift+Tab") until the focused element matches ``selector``; how
    many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate(f"s => ({ACTIVE})().matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never got the focus in {limit} presses of {key}")


def search(page: Any, query: str) -> list[str]:
    """Type ``query`` in material's search box; the result pages' paths, best first.

    The box is cleared first (material then shows its placeholder), so the first results shown
    afterwards are those of ``query``: material sends one query per distinct value."""
    box = page.locator(".md-search__input")
    placeholder = page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
    )
    meta = "() => document.querySelector('.md-search-result__meta').textContent.trim()"
    box.focus()
    box.fill("")
    box.press("End")
    page.wait_for_function(f"p => ({meta})() === p", arg=placeholder, timeout=10_000)
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"p => ({meta})() !== p", arg=placeholder, timeout=10_000)
    return list(
        page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)"
        )
    )
