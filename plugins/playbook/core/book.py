"""The books' HTML, from the same data as the site: « Le playbook complet » and one per collection.

:func:`render_books` turns each :class:`~.render.book_layout.BookPlan` into one HTML document
(``templates/playbook/book/book.html.j2`` and its style sheet ``book.css.j2``, overridable from the
theme's ``custom_dir`` like every template): a cover with the edition, a table of contents, the
numbered chapters, each entry once with its relations and ``[[id]]`` links as cross-references to
its section in the book, its checklist with boxes, and the sources at the end. Page numbers are the
printer's: the style sheet asks for them with ``target-counter()``, which ``make book``'s engine
(WeasyPrint) resolves; see ``playbook/book_printer.py``.

Bodies are converted from Markdown here (Python-Markdown, the site's extensions that matter on
paper) and cleaned by :func:`~.sanitize.clean_html`, as on the site. Nothing here imports MkDocs.
The fingerprint of a book is a hash of its HTML: a book printed from other HTML is stale, and the
site neither links nor publishes it (as the PDFs of ``make pdf``, :mod:`.render.pdf_downloads`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import markdown
from markupsafe import Markup

from .edition import Edition
from .markdown_refs import clean_attr_lists, expand_refs, guard_markdown
from .model import Entry, Playbook
from .render.book_layout import BookPlan, anchor, book_plans
from .render.escape import md_escape
from .render.pdf_downloads import Downloads, fingerprint
from .render.renderer import BookLink, Renderer
from .render.urls import HOME_URI
from .sanitize import clean_html
from .typography import french_typography_markdown

TEMPLATE = "playbook/book/book.html.j2"
#: Python-Markdown extensions of the site that change what a body looks like on paper.
EXTENSIONS = ("tables", "sane_lists", "admonition", "attr_list")
_HEADING = re.compile(r"<(/?)h([1-6])\b")
#: A body's link to a page of the site (``../ma-seance/index.md``): no such page in a book.
_SITE_LINK = re.compile(r'<a href="(?!#|[a-zA-Z][a-zA-Z0-9+.-]*:)[^"]*">(.*?)</a>', re.DOTALL)
#: A link that a body's ``[[id]]`` became (:func:`_body_html`): its anchor, its label.
_OWN_LINK = re.compile(r'<a href="#(entree-[a-z0-9-]+)">(.*?)</a>', re.DOTALL)
_CONVERTER = markdown.Markdown(extensions=list(EXTENSIONS))


@lru_cache(maxsize=1 << 12)
def _body_html(body: str, targets: tuple[tuple[str, str, str], ...]) -> str:
    """A body as HTML, every ``[[id]]`` a link to ``#<anchor>`` (``targets``: id as written, anchor,
    title). The same for every book: converted once per build, and again only when it changes."""
    table = {ref: (target, title) for ref, target, title in targets}

    def link(ref: str, label: str | None) -> str:
        target, title = table[ref]
        return f"[{md_escape(label or title)}](#{target})"

    text = french_typography_markdown(guard_markdown(expand_refs(clean_attr_lists(body), link)))
    _CONVERTER.reset()
    html = _SITE_LINK.sub(r"\1", clean_html(_CONVERTER.convert(text)))
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 3, 6)}", html)


def _outside(label: str) -> str:
    return f'{label} <span class="book-outside">(hors de ce livre)</span>'


class BookSource:
    """One book to print: its plan, its HTML and the fingerprint of that HTML.

    The HTML is made when first asked for: a build only needs a book's fingerprint when a PDF of
    that book exists (is it still current?), so a site without the books' PDFs, and every edit under
    ``mkdocs serve``, renders no book; ``make book`` renders each once.
    """

    def __init__(self, plan: BookPlan, make: Callable[[], str]):
        self.plan = plan
        self._make = make

    @cached_property
    def _raw(self) -> str:
        return self._make()

    @property
    def html(self) -> str:
        return self._raw + "\n"

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint(self._raw, "book")

    @property
    def pdf(self) -> str:
        return self.plan.pdf

    @property
    def title(self) -> str:
        return self.plan.title

    def current_in(self, downloads: Downloads) -> bool:
        """Whether ``downloads`` holds this book's PDF as it prints now (rendered only if it holds one)."""
        return self.pdf in downloads.available and downloads.current(self.pdf, self.fingerprint)


@dataclass(frozen=True)
class Ref:
    """A cross-reference: the entry's title, and its anchor when it is in this book."""

    title: str
    anchor: str | None
    why: str = ""


class _Book:
    """What the templates of one book need to say about its entries."""

    def __init__(self, playbook: Playbook, plan: BookPlan):
        self.playbook = playbook
        self.plan = plan
        self.numbers = plan.numbers()
        self.inside = {e.id for e in plan.entries()}
        self.inside_anchors = {anchor(e) for e in plan.entries()}

    def ref(self, entry: Entry, why: str = "") -> Ref:
        return Ref(entry.title, anchor(entry) if entry.id in self.inside else None, why)

    def body(self, entry: Entry) -> Markup:
        """The entry's body as HTML: ``[[id]]`` to the entry's section when it is in this book, its
        title and « (hors de ce livre) » otherwise; headings below the entry's."""
        if not entry.body.strip():
            return Markup("")
        targets = []
        for ref in entry.inline_refs:
            if ref in self.playbook.entries or ref in self.playbook.former:
                target = self.playbook.resolve(ref)
                targets.append((ref, anchor(target), target.title))
        html = _body_html(entry.body, tuple(targets))
        return Markup(_OWN_LINK.sub(lambda m: m[0] if m[1] in self.inside_anchors else _outside(m[2]), html))

    def view(self, entry: Entry) -> dict[str, Any]:
        links = [
            {"label": group.label, "refs": [self.ref(e, why) for e, why in group.items]}
            for group in self.playbook.links(entry.id)
        ]
        members = self.playbook.members.get(entry.id, [])
        return {
            "entry": entry,
            "number": self.numbers.get(entry.id, ""),
            "anchor": anchor(entry),
            "body": self.body(entry),
            "links": links,
            "members": [self.ref(m) for m in members],
            "sources": [self.ref(self.playbook.entries[s]) for s in entry.sources if s in self.playbook.entries],
            "session_entries": [self.ref(self.playbook.resolve(i)) for i in entry.entries],
            "steps": [(self.ref(self.playbook.resolve(s.entry)), s.goal) for s in entry.steps],
            "cited_by": [self.ref(e) for e in self.playbook.cited_by.get(entry.id, [])],
        }


def render_book(renderer: Renderer, playbook: Playbook, plan: BookPlan, edition: Edition) -> BookSource:
    """The book of ``plan``, rendered when its HTML or fingerprint is first asked for."""
    return BookSource(plan, lambda: _book_html(renderer, playbook, plan, edition))


def _book_html(renderer: Renderer, playbook: Playbook, plan: BookPlan, edition: Edition) -> str:
    book = _Book(playbook, plan)
    chapters = [
        {
            "chapter": chapter,
            "intro": book.view(chapter.intro) if chapter.intro is not None else None,
            "entries": [book.view(e) for e in chapter.entries],
        }
        for chapter in plan.chapters
    ]
    html = str(
        renderer.fragment(
            TEMPLATE,
            plan=plan,
            chapters=chapters,
            sources=[book.view(s) for s in plan.sources],
            edition=edition,
            site=renderer.site,
            address=renderer.site.public_url(HOME_URI) if renderer.site.url else "",
        )
    )
    return html


def book_links(books: list[BookSource], downloads: Downloads) -> tuple[BookLink, ...]:
    """What « Imprimables » says of each book: its title, and its PDF while it matches the book."""
    return tuple(BookLink(b.title, b.plan.subtitle, b.pdf, b.current_in(downloads)) for b in books)


def render_books(renderer: Renderer, playbook: Playbook, edition: Edition) -> list[BookSource]:
    """Every book of the playbook (see :func:`~.render.book_layout.book_plans`)."""
    return [render_book(renderer, playbook, plan, edition) for plan in book_plans(playbook)]
