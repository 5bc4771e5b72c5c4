"""``make book``: print the playbook's books (« Le playbook complet », one per collection) to PDF.

The books' HTML comes from the core (:mod:`playbook.core.book`), made by the site's own build: this
module loads ``mkdocs.yml`` and runs the plugins' ``on_config`` (MkDocs' public API), which gives
the same outputs as ``mkdocs build`` (site name and address, edition, template overrides), then
prints each book with **WeasyPrint** in its PDF/UA-1 mode: tagged, ``/Lang fr``, titled, with an
outline, the page number at the foot of each page as an artifact, and the table of contents' and
cross-references' page numbers from CSS ``target-counter()``. Chromium ignores ``target-counter()``
and can only number pages in margin boxes it leaves outside the structure tree; the measurement
that chose WeasyPrint is in BENCHMARKS.md (« the books' engine »).

Each PDF is finished like every PDF of the playbook (:func:`playbook.pdf_finish.finish`), its table
of contents is read back and checked against the pages where its chapters start
(:func:`toc_problems`), and it is recorded in the PDF folder's manifest with the fingerprint of its
HTML: the next build publishes it under ``pdf/livres/`` and links it from « Imprimables » only while
that HTML is unchanged.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .core.render.pdf_downloads import record_pdf, replace_downloads
from .core.render.urls import BOOKS_FOLDER
from .pdf_finish import Finish, accessibility_problems, finish

if TYPE_CHECKING:
    from .core.book import BookSource


class BookError(RuntimeError):
    """Something ``make book`` cannot do; the message says what and how to fix it."""


@dataclass(frozen=True)
class PrintedBook:
    pdf: str
    pages: int
    size: int
    seconds: float


def load_books(config_file: Path) -> tuple[list[BookSource], Path, str]:
    """The books the site's build makes, its PDF folder and its public address ("" for none)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, PluginError

    from .mkdocs_plugin.plugin import PlaybookPlugin

    try:
        config = load_config(str(config_file))
        config = config.plugins.on_config(config)
    except (ConfigurationError, PluginError) as error:
        raise BookError(f"{config_file}: {error}") from None
    plugin = config.plugins.get("playbook")
    if not isinstance(plugin, PlaybookPlugin) or plugin.build is None:
        raise BookError(f"{config_file}: the playbook plugin is not enabled")
    outputs = plugin.build.outputs
    return outputs.books, outputs.options.pdf_dir, config.site_url or ""


#: Anchors of a book (chapters, entries, sources): the only names put in CSS by :func:`_pinned`.
_ANCHOR = re.compile(r"[a-z0-9][a-z0-9-]*")
#: Layouts tried at most: the first with ``target-counter()``, then with the pages it found.
MAX_PASSES = 4


def _anchor_pages(document: object) -> dict[str, int]:
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):  # type: ignore[attr-defined]
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def _pinned(pages: dict[str, int]) -> str:
    """The page numbers of the table of contents and the cross-references, written out."""
    rules = []
    for name, page in sorted(pages.items()):
        if _ANCHOR.fullmatch(name):
            rules.append(f'.book-toc a[href="#{name}"]::after {{ content: leader(dotted) " {page}" !important; }}')
            rules.append(
                f'a.book-xref[href="#{name}"]::after, .book-entry__body a[href="#{name}"]::after '
                f'{{ content: " (p. {page})" !important; }}'
            )
    return "\n".join(rules)


def print_book(book: BookSource, public_base: str = "") -> bytes:
    """The book's PDF: WeasyPrint, PDF/UA-1, then finished (title, link descriptions).

    WeasyPrint resolves ``target-counter()`` while it lays pages out, and a heading it later moves to
    the next page (to keep it with what follows) keeps the number of the page it left: 2 of 70 wrong
    in « Le playbook complet ». So the pages where the anchors landed are read from the layout and
    written into the style sheet, and the book laid out again until they no longer move."""
    import weasyprint

    html = weasyprint.HTML(string=book.html)
    document = html.render()
    pages = _anchor_pages(document)
    for _ in range(MAX_PASSES - 1):
        document = html.render(stylesheets=[weasyprint.CSS(string=_pinned(pages))])
        found = _anchor_pages(document)
        if found == pages:
            break
        pages = found
    else:
        raise BookError(f"{book.pdf}: the page numbers still move after {MAX_PASSES} layouts")
    data = document.write_pdf(pdf_variant="pdf/ua-1")
    if data is None:
        raise BookError(f"{book.pdf}: WeasyPrint wrote nothing")
    return finish(data, Finish(title=book.title, public_base=public_base))


# -- reading a printed book's table of contents back -----------------------------------------------
_TOC_LINE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\.?\s+(?P<title>.*?)[\s.…]*?(?P<page>\d+)$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def page_texts(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


@dataclass(frozen=True)
class TocLine:
    number: str  #: "3" (a chapter) or "3.2" (an entry)
    title: str
    page: int  #: as printed in the table of contents
    actual: int | None  #: the page where that chapter or entry starts (None: not found)


def read_toc(pdf: bytes) -> list[TocLine]:
    """Each line of the table of contents (« Sommaire »), with the page it names and the page where
    that chapter (« Chapitre N » at the top of a page) or entry (its numbered heading) starts."""
    pages = [_norm(t) for t in page_texts(pdf)]
    lines_by_page = [[_norm(line) for line in t.splitlines() if line.strip()] for t in page_texts(pdf)]
    first = next((i for i, t in enumerate(pages) if t.startswith("Sommaire")), None)
    body = next((i for i, t in enumerate(pages) if "Chapitre 1 " in t and i != first), None)
    if first is None or body is None:
        return []
    toc: list[TocLine] = []
    pending = ""
    for index in range(first, body):
        for line in lines_by_page[index]:
            if line == "Sommaire" or (not pending and re.fullmatch(r"\d+", line)):
                continue  # the title, the page number at the foot
            pending = f"{pending} {line}".strip()
            if not re.search(r"[.\s]\d+$", pending):
                continue  # a title wrapped onto the next line
            match = _TOC_LINE.match(pending)
            if match:
                number, title = match["number"], match["title"].rstrip(" .")
                toc.append(TocLine(number, title, int(match["page"]), _start(lines_by_page, body, number, title)))
            pending = ""
    return toc


def _start(lines_by_page: list[list[str]], body: int, number: str, title: str) -> int | None:
    """The first page after the table of contents with that chapter's or entry's numbered heading."""
    wanted = f"Chapitre {number} {title[:24]}" if "." not in number else f"{number} {title[:24]}"
    for index in range(body, len(lines_by_page)):
        if wanted in " ".join(lines_by_page[index]):
            return index + 1
    return None


def toc_problems(pdf: bytes) -> list[str]:
    """Where the table of contents names another page than the one its chapter or entry starts on."""
    toc = read_toc(pdf)
    if not toc:
        return ["no table of contents found"]
    return [
        f"{line.number} {line.title}: page {line.page} in the table of contents, {line.actual} in the book"
        for line in toc
        if line.page != line.actual
    ]


# -- make book --------------------------------------------------------------------------------------
def make_books(config_file: Path, out: Path | None = None) -> list[PrintedBook]:
    books, pdf_dir, public_base = load_books(config_file)
    out = out or pdf_dir
    out.mkdir(parents=True, exist_ok=True)
    printed: list[PrintedBook] = []
    fingerprints: dict[str, str] = {}
    for book in books:
        start = time.perf_counter()
        data = print_book(book, public_base)
        seconds = time.perf_counter() - start
        problems = accessibility_problems(data) + toc_problems(data)
        if problems:
            raise BookError(f"{book.pdf}: " + "; ".join(problems))
        record_pdf(out, book.pdf, data, book.fingerprint)
        fingerprints[book.pdf] = book.fingerprint
        printed.append(PrintedBook(book.pdf, len(page_texts(data)), len(data), seconds))
    replace_downloads(out, fingerprints, BOOKS_FOLDER)  # the PDFs of `make pdf` stay
    return printed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make_book", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    parser.add_argument("--out", type=Path, default=None, help="where PDFs go (default: the plugin's pdf_dir)")
    args = parser.parse_args(argv)
    try:
        printed = make_books(args.config, args.out)
    except BookError as error:
        print(f"make_book: {error}", file=sys.stderr)
        return 1
    for book in printed:
        print(f"make_book: {book.pdf}: {book.pages} pages, {book.size / 1024:.0f} KiB, {book.seconds:.1f} s")
    print(f"make_book: {len(printed)} book(s); rebuild the site to publish them")
    return 0
