"""``make pdf``: print every checklist and trainer kit of a built site to PDF with headless Chromium.

The site lists its printable pages in ``exports/imprimables.json`` (written by the plugin). This
module serves the built site on 127.0.0.1, opens each page in the system's Chromium through
Playwright, prints it with the site's own print styles (A4, from the CSS ``@page`` rule) and
writes ``<pdf dir>/<path>.pdf`` plus ``<pdf dir>/manifest.json`` (PDF → fingerprint of the page
it was printed from). The next ``mkdocs build`` publishes each PDF and links it from its page
while the page still has that fingerprint. PDFs of pages that no longer exist are removed.

Playwright drives the Chromium installed by the system (``/usr/bin/chromium`` by default, or
``$PLAYBOOK_CHROMIUM``); it never downloads a browser.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core.render.pdf_downloads import PDF_MANIFEST, PRINT_MODES, Printed, pdf_digest, read_manifest, write_downloads
from .core.render.urls import MANIFEST_URI

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class PdfError(RuntimeError):
    """Something `make pdf` cannot do; the message says what and how to fix it."""


@dataclass(frozen=True)
class Document:
    """One entry of the site's ``exports/imprimables.json``."""

    page: str
    pdf: str
    mode: str
    title: str
    role: str
    fingerprint: str


def read_documents(site: Path) -> list[Document]:
    manifest = site / MANIFEST_URI
    if not manifest.is_file():
        raise PdfError(f"{manifest} not found: build the site first (make build)")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        docs = [Document(**{k: d[k] for k in Document.__dataclass_fields__}) for d in data["documents"]]
    except (ValueError, KeyError, TypeError) as error:
        raise PdfError(f"{manifest}: unreadable ({error}); rebuild the site") from None
    for doc in docs:
        if (
            doc.mode not in PRINT_MODES
            or not doc.pdf.endswith(".pdf")
            or ".." in Path(doc.pdf).parts
            or Path(doc.pdf).is_absolute()
        ):
            raise PdfError(f"{manifest}: unexpected document {doc}")
    return docs


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def browser(executable: str = CHROMIUM) -> Iterator[BrowserContext]:
    """A headless Chromium (the system's) with a fresh profile, through Playwright."""
    if not Path(executable).is_file():
        raise PdfError(f"Chromium not found at {executable}: install it (make system-deps) or set PLAYBOOK_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="playbook-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_ARGS),
            viewport={"width": 1280, "height": 900},
            locale="fr-FR",
        )
        try:
            yield context
        finally:
            context.close()


def print_page(page: Page, url: str, *, mode: str = "page", print_background: bool = True) -> bytes:
    """Open ``url`` and print it as the "Imprimer" button does: A4 from the page's ``@page`` rule,
    print media, in ``mode`` ("sheet": only the page's checklist block)."""
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate(
        "mode => mode === 'sheet' ? document.documentElement.setAttribute('data-pb-print', 'sheet')"
        " : document.documentElement.removeAttribute('data-pb-print')",
        mode,
    )
    page.emulate_media(media="print")
    try:
        return page.pdf(format="A4", prefer_css_page_size=True, print_background=print_background)
    finally:
        page.emulate_media(media="screen")


def make_pdfs(site: Path, out: Path, *, executable: str = CHROMIUM) -> dict[str, str]:
    """Print every document of ``site`` into ``out``; returns PDF path → fingerprint.

    The manifest is rewritten (atomically) after each PDF, with the PDF's own digest: a run cut
    short leaves each PDF either with the record of its bytes or with a record that does not match
    them (then it is not published), never an old record trusted over new bytes."""
    documents = read_documents(site)
    out.mkdir(parents=True, exist_ok=True)
    records = dict(read_manifest(out))
    printed: dict[str, str] = {}
    with serve(site) as base, browser(executable) as context:
        page = context.new_page()
        for doc in documents:
            data = print_page(page, base + doc.page, mode=doc.mode)
            target = out / doc.pdf
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".pdf.part")
            partial.write_bytes(data)
            partial.replace(target)  # never a half-written PDF under its real name
            records[doc.pdf] = Printed(doc.fingerprint, pdf_digest(data))
            write_downloads(out, records)
            printed[doc.pdf] = doc.fingerprint
    for old in sorted(out.rglob("*.pdf")):
        if old.relative_to(out).as_posix() not in printed:
            old.unlink()
    write_downloads(out, {pdf: records[pdf] for pdf in printed})
    return printed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make_pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--out", type=Path, default=Path("pdf"), help="where PDFs go (default: pdf)")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"Chromium executable (default: {CHROMIUM})")
    args = parser.parse_args(argv)
    try:
        printed = make_pdfs(args.site, args.out, executable=args.chromium)
    except PdfError as error:
        print(f"make_pdf: {error}", file=sys.stderr)
        return 1
    print(
        f"make_pdf: {len(printed)} PDF(s) in {args.out}/ ({PDF_MANIFEST} lists them); rebuild the site to publish them"
    )
    return 0
