"""Small HTML helpers for tests (standard library only): article text, links, headings."""

from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.headings: list[tuple[str, str, str]] = []  # (tag, id, text)
        self.ids: set[str] = set()
        self._a: list[str] | None = None
        self._href = ""
        self._h: list[str] | None = None
        self._htag = ""
        self._hid = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href") is not None:
            self._a, self._href = [], a["href"] or ""
        if re.fullmatch(r"h[1-6]", tag):
            self._h, self._htag, self._hid = [], tag, a.get("id") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._a is not None:
            self.links.append((self._href, _squash("".join(self._a))))
            self._a = None
        if tag == self._htag and self._h is not None:
            self.headings.append((tag, self._hid, _squash("".join(self._h)).rstrip("¶").strip()))
            self._h = None

    def handle_data(self, data: str) -> None:
        if self._a is not None:
            self._a.append(data)
        if self._h is not None:
            self._h.append(data)


def _squash(value: str) -> str:
    """Fold ASCII white space only: non-breaking spaces are part of French typography."""
    return re.sub(r"[ \t\r\n]+", " ", value).strip()


def article(page_html: str) -> str:
    """The page's main content (mkdocs-material's <article>), without theme chrome."""
    start = page_html.index("<article")
    return page_html[start : page_html.index("</article>", start)]


def collect(fragment: str) -> _Collector:
    parser = _Collector()
    parser.feed(fragment)
    return parser


def text(fragment: str) -> str:
    fragment = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", fragment)
    fragment = re.sub(
        r"(?i)</?(?:p|div|li|ul|ol|h[1-6]|br|tr|td|th|figure|figcaption|blockquote|label)\b[^>]*>", " ", fragment
    )
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The file an internal href points at, and its #fragment."""
    href, _, fragment = href.partition("#")
    if not href:
        return page, fragment
    base = posixpath.dirname(page.relative_to(site).as_posix())
    target = posixpath.normpath(posixpath.join(base, href))
    path = site / target
    if href.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, fragment


def h1(page: Path) -> str:
    headings = collect(article(page.read_text(encoding="utf-8"))).headings
    return next(t for tag, _, t in headings if tag == "h1")
