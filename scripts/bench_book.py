#!/usr/bin/env python3
"""Measure the two ways to print a book with page numbers: WeasyPrint (what ``make book`` uses) and
a two-pass print in Chromium (the engine of ``make pdf``), on the real playbook's books.

Usage: ``python scripts/bench_book.py [--books playbook-complet,regles-temkin] [--runs 2]``.

For each engine and book: the time of the whole print (best of ``--runs``, alternated between the
engines), the PDF's size and pages, whether every line of the table of contents names the page its
chapter or entry starts on (``book_printer.toc_problems``), the findings of ``pdfua`` (PyPI's
PDF/UA-1 triage checker) and whether the pages carry their number.

Chromium ignores ``target-counter()`` and ``leader()``: its first pass prints placeholders
(« 000 ») and an outline, the outline gives the page of every heading, the numbers replace the
placeholders and it prints again (and again while a number moves). It numbers pages only in
``@page`` margin boxes, which it paints outside the structure tree; the variant « no margin
boxes » leaves them out (then the pages have no number).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf

from playbook.book_printer import load_books, page_texts, print_book, toc_problems
from playbook.core.book import BookSource
from playbook.pdf_finish import Finish, finish
from playbook.pdf_printer import browser

ROOT = Path(__file__).resolve().parent.parent

#: Placeholders after each cross-reference and table-of-contents line (same width as a number).
ADD_PLACEHOLDERS = """() => {
  const links = [...document.querySelectorAll('.book-toc a, a.book-xref, .book-entry__body a[href^="#"]')];
  for (const a of links) {
    const span = document.createElement('span');
    span.className = 'pb-page';
    span.dataset.target = a.getAttribute('href').slice(1);
    span.textContent = a.closest('.book-toc') ? ' ... 000' : ' (p. 000)';
    a.after(span);
  }
  // every heading, in order, with the anchor it stands for (its own id, or its section's)
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h =>
    h.id && !h.id.endsWith('-titre') ? h.id : (h.closest('section[id]') || {}).id || '');
}"""
FILL = """pages => { for (const span of document.querySelectorAll('.pb-page')) {
  const page = pages[span.dataset.target] || '?';
  span.textContent = span.textContent.startsWith(' ...') ? ' ... ' + page : ' (p. ' + page + ')';
} }"""
NO_MARGIN_BOXES = "@page { @bottom-center { content: none; } }"


def outline_pages(pdf: bytes, headings: list[str]) -> dict[str, int]:
    """Heading anchor → page, from Chromium's outline (one item per heading, in document order)."""
    with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
        numbers = {page.obj.objgen: i for i, page in enumerate(document.pages, start=1)}
        flat: list[int] = []
        with document.open_outline() as outline:

            def walk(items: list[pikepdf.OutlineItem]) -> None:
                for item in items:
                    destination = item.destination
                    if destination is None and item.action is not None:
                        destination = item.action.get("/D")
                    flat.append(numbers.get(destination[0].objgen, 0) if destination is not None else 0)
                    walk(item.children)

            walk(outline.root)
    if len(flat) != len(headings):
        raise RuntimeError(f"outline has {len(flat)} items for {len(headings)} headings")
    pages: dict[str, int] = {}
    for anchor, page in zip(headings, flat, strict=True):
        if anchor:
            pages.setdefault(anchor, page)
    return pages


def chromium_two_pass(book: BookSource, *, margin_boxes: bool) -> tuple[bytes, int]:
    with browser() as context:
        page = context.new_page()
        page.set_content(book.html, wait_until="load")
        if not margin_boxes:
            page.add_style_tag(content=NO_MARGIN_BOXES)
        page.emulate_media(media="print")
        headings = page.evaluate(ADD_PLACEHOLDERS)
        options = {"format": "A4", "prefer_css_page_size": True, "tagged": True, "outline": True}
        pdf = page.pdf(**options)
        pages = outline_pages(pdf, headings)
        passes, found = 1, {}
        while found != pages and passes < 5:
            pages = found or pages
            page.evaluate(FILL, pages)
            pdf = page.pdf(**options)
            passes += 1
            found = outline_pages(pdf, headings)
    return finish(pdf, Finish(title=book.title)), passes


def pdfua_findings(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as handle:
        handle.write(pdf)
    try:
        result = subprocess.run(
            [str(Path(sys.executable).with_name("pdfua")), "check", "--format", "json", handle.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return int(json.loads(result.stdout)["summary"]["findings"])
    finally:
        os.unlink(handle.name)


def numbered_pages(pdf: bytes) -> bool:
    """Whether every page after the cover shows its own number (as its first or last line)."""
    texts = [[line.strip() for line in t.strip().splitlines()] for t in page_texts(pdf)]
    return all(str(n) in (lines[0], lines[-1]) for n, lines in enumerate(texts, start=1) if n > 1 and lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_book", description=__doc__.split("\n\n")[0])
    parser.add_argument("--books", default="playbook-complet,regles-temkin")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    books, _, _ = load_books(ROOT / "mkdocs.yml")
    chosen = [b for b in books if b.plan.slug in args.books.split(",")]
    engines: dict[str, Callable[[BookSource], tuple[bytes, int]]] = {
        "WeasyPrint (PDF/UA-1)": lambda b: (print_book(b), 0),  # layouts: see print_book (0: not counted)
        "Chromium, two passes": lambda b: chromium_two_pass(b, margin_boxes=True),
        "Chromium, two passes, no margin boxes": lambda b: chromium_two_pass(b, margin_boxes=False),
    }
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print(
        "| book | engine | time (best) | size | pages | layouts | TOC lines wrong | pdfua findings | pages numbered |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for book in chosen:
        best: dict[str, float] = {}
        results: dict[str, tuple[bytes, int]] = {}
        for _ in range(args.runs):
            for name, engine in engines.items():
                start = time.perf_counter()
                results[name] = engine(book)
                best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
        for name, (pdf, layouts) in results.items():
            wrong, size, pages = len(toc_problems(pdf)), len(pdf) / 1024, len(page_texts(pdf))
            print(
                f"| {book.plan.slug} | {name} | {best[name]:.1f} s | {size:.0f} KiB | {pages} "
                f"| {layouts} | {wrong} | {pdfua_findings(pdf)} | {'yes' if numbered_pages(pdf) else 'no'} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
