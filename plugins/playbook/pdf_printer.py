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

from .core.render.pdf_downloads import PRINT_MODES, record_pdf, replace_downloads
from .core.render.urls import MANIFEST_URI, PDF_MANIFEST
from .pdf_finish import Finish, finish

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


#: Text that CSS generates (``content: "..."`` on ``::before`` / ``::after``, e.g. the edition at
#: the foot of every sheet, which comes from ``edition.css``) is painted by Chromium outside the
#: structure tree: a screen reader would never hear it. Before printing, each such text becomes a
#: real ``<span>`` in its place and the pseudo-element is switched off.
MATERIALIZE_GENERATED_TEXT = r"""() => {
  const unquote = c => c.slice(1, -1).replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/g,
    (_, hex, ch) => hex ? String.fromCodePoint(parseInt(hex, 16)) : ch);
  let count = 0;
  for (const el of document.querySelectorAll("body *")) {
    for (const where of ["before", "after"]) {
      const style = getComputedStyle(el, "::" + where);
      const content = style.content;
      if (style.display === "none" || !/^".*"$/s.test(content) || content === '""') continue;
      const span = document.createElement("span");
      span.className = "pb-generated-text";
      span.textContent = unquote(content);
      if (where === "before") el.prepend(span); else el.append(span);
      el.setAttribute("data-pb-generated-" + where, "");
      count += 1;
    }
  }
  const off = document.createElement("style");
  off.textContent = "[data-pb-generated-before]::before, [data-pb-generated-after]::after"
    + " { content: none !important; }";
  document.head.append(off);
  return count;
}"""

#: The page's public address (``<link rel="canonical">``, there when the site has a ``site_url``).
CANONICAL = "() => { const link = document.querySelector('link[rel=canonical]'); return link ? link.href : ''; }"


def print_page(page: Page, url: str, *, mode: str = "page", print_background: bool = True) -> bytes:
    """Open ``url`` and print it as the "Imprimer" button does: A4 from the page's ``@page`` rule,
    print media, in ``mode`` ("sheet": only the page's checklist block); a tagged PDF (structure
    tree, ``/Lang`` from the page's ``lang``) with an outline of its headings, as printed by
    Chromium (see :func:`print_document` for the finished file)."""
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.evaluate(
        "mode => mode === 'sheet' ? document.documentElement.setAttribute('data-pb-print', 'sheet')"
        " : document.documentElement.removeAttribute('data-pb-print')",
        mode,
    )
    page.emulate_media(media="print")
    try:
        page.evaluate(MATERIALIZE_GENERATED_TEXT)
        return page.pdf(
            format="A4",
            prefer_css_page_size=True,
            print_background=print_background,
            display_header_footer=False,  # page furniture outside the structure tree: never
            tagged=True,
            outline=True,
        )
    finally:
        page.emulate_media(media="screen")


def print_document(page: Page, base: str, path: str, *, mode: str, title: str) -> bytes:
    """The PDF of the page at ``base + path``, finished for assistive technology: its title, the
    PDF/UA claim, link descriptions, and links to the site's public address (never ``base``)."""
    data = print_page(page, base + path, mode=mode)
    canonical = page.evaluate(CANONICAL)
    public = canonical[: len(canonical) - len(path)] if canonical.endswith(path) else ""
    return finish(data, Finish(title=title, local_base=base, public_base=public))


def make_pdfs(site: Path, out: Path, *, executable: str = CHROMIUM) -> dict[str, str]:
    """Print every document of ``site`` into ``out``; returns PDF path → fingerprint.

    The manifest is rewritten (atomically) after each PDF, with the PDF's own digest: a run cut
    short leaves each PDF either with the record of its bytes or with a record that does not match
    them (then it is not published), never an old record trusted over new bytes."""
    documents = read_documents(site)
    out.mkdir(parents=True, exist_ok=True)
    printed: dict[str, str] = {}
    with serve(site) as base, browser(executable) as context:
        page = context.new_page()
        for doc in documents:
            data = print_document(page, base, doc.page, mode=doc.mode, title=doc.title)
            record_pdf(out, doc.pdf, data, doc.fingerprint)
            printed[doc.pdf] = doc.fingerprint
    replace_downloads(out, printed, None)  # the books of `make book` (livres/) stay
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
