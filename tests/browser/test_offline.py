"""Privacy and offline use: the site references nothing on another host; the test browser really is
offline and really sees any attempt to leave the host (so the crawl's checks can fail); and the
offline build (`make offline`) works from disk, search included."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from htmltools import collect, resolve

from .support import ACTIVE, BlockingProxy, search, serve, tab_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Attributes that make a browser fetch something by itself (links to click are not fetched).
FETCHING = {
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
    ("use", "href"),
    ("form", "action"),
}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in FETCHING and value:
                if tag == "link" and dict(attrs).get("rel") in ("canonical", "alternate"):
                    continue  # not fetched
                self.urls.append(value)
            if name == "style" and value:
                self.urls += CSS_URL.findall(value)


def external_references(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Fetches()
        parser.feed(page.read_text(encoding="utf-8"))
        styles = re.findall(r"(?is)<style\b[^>]*>(.*?)</style>", page.read_text(encoding="utf-8"))
        urls = parser.urls + [u for css in styles for u in CSS_URL.findall(css)]
        bad = [u for u in urls if EXTERNAL.match(u)]
        if bad:
            found[str(page.relative_to(site))] = bad
    for sheet in sorted(site.rglob("*.css")):
        bad = [u for u in CSS_URL.findall(sheet.read_text(encoding="utf-8")) if EXTERNAL.match(u)]
        if bad:
            found[str(sheet.relative_to(site))] = bad
    return found


def test_no_page_or_style_sheet_fetches_from_another_host(real_site_dir: Path, tmp_path: Path) -> None:
    assert external_references(real_site_dir) == {}
    # the check itself catches what material does with its default settings (Google Fonts)
    (tmp_path / "page.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://example.org/">',
        encoding="utf-8",
    )
    (tmp_path / "style.css").write_text("@font-face { src: url(//fonts.gstatic.com/x.woff2) }", encoding="utf-8")
    assert external_references(tmp_path) == {
        "page.html": ["https://fonts.googleapis.com/css?family=Roboto"],
        "style.css": ["//fonts.gstatic.com/x.woff2"],
    }


def test_the_test_browser_is_offline_and_sees_attempts_from_pages_and_workers(
    page: Any, tmp_path: Path, proxy: BlockingProxy
) -> None:
    """On a page of its own: the site's Content-Security-Policy would stop these attempts before
    they reach the network (tests/browser/test_csp.py); here the network itself is checked."""
    (tmp_path / "index.html").write_text("<!doctype html><title>Sans politique</title>\n", encoding="utf-8")
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    with serve(tmp_path) as bare:
        page.goto(bare.url)
        failed = page.evaluate("""async () => {
        const attempts = [];
        try { await fetch('https://fonts.googleapis.com/css?family=Roboto'); attempts.push('page fetch succeeded'); }
        catch (e) { attempts.push('page fetch failed'); }
        const code = "try { importScripts('https://cdn.example.org/lib.js'); postMessage('worker import succeeded') }"
                   + " catch (e) { postMessage('worker import failed') }";
        const worker = new Worker(URL.createObjectURL(new Blob([code], {type: 'text/javascript'})));
        attempts.push(await new Promise(resolve => worker.onmessage = m => resolve(m.data)));
        return attempts;
    }""")
    assert failed == ["page fetch failed", "worker import failed"]
    assert "https://fonts.googleapis.com/css?family=Roboto" in seen  # the crawl would report it
    assert "https://cdn.example.org/lib.js" in seen
    assert "fonts.googleapis.com" in proxy.hosts and "cdn.example.org" in proxy.hosts


def test_the_offline_build_refers_to_files_and_to_no_other_host(offline_site_dir: Path) -> None:
    assert external_references(offline_site_dir) == {}  # not even unpkg.com for the worker shim
    assert (offline_site_dir / "search" / "meta.js").is_file()
    broken = []
    # 404.html links from the site root ("/index.html"): only a server shows it, at any address
    pages = [p for p in sorted(offline_site_dir.rglob("*.html")) if p.name != "404.html"]
    assert len(pages) >= 20
    for page in pages:
        for href, _text in collect(page.read_text(encoding="utf-8")).links:
            if re.match(r"^[a-z]+:", href) or href.startswith("#"):
                continue
            target, _ = resolve(offline_site_dir, page, href)
            if (
                not href.split("#")[0].endswith(
                    (".html", ".css", ".js", ".xml", ".png", ".svg", ".csv", ".json", ".pdf", ".md")
                )
                and href.split("#")[0]
            ):
                broken.append(f"{page.relative_to(offline_site_dir)}: {href} (a folder: no page from disk)")
            elif not target.is_file():
                broken.append(f"{page.relative_to(offline_site_dir)}: {href} (missing)")
    assert broken == []


def watch(page: Any) -> list[str]:
    """What goes wrong on ``page`` from now on: console errors, script errors, failed requests and
    any request that is not for a file (the offline copy needs nothing else)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))
    page.on(
        "request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:")) else problems.append(r.url)
    )
    return problems


def test_the_offline_build_works_from_disk_with_its_search(page: Any, offline_site_dir: Path) -> None:
    problems = watch(page)
    page.goto((offline_site_dir / "index.html").as_uri())
    with page.expect_navigation():
        page.locator("nav.md-nav--primary a.md-nav__link", has_text="Cas d’entreprise").click()
    assert page.url.endswith("/cas/index.html")
    with page.expect_navigation():
        page.locator("article a[href$='.html']").first.click()
    assert page.locator("article h1").count() == 1
    # the whole search from disk: stems, one typo, files loaded with <script> (fetch is refused there)
    assert search(page, "Nordstorm")[0].endswith("/cas/nordstrom-regle-unique.html")
    found = search(page, "reclamation")
    assert any(path.endswith("/notions/paradoxe-reclamation.html") for path in found), found
    with page.expect_navigation():
        page.locator(".md-search-result__item > .md-search-result__link").first.click()
    assert page.url.split("?")[0].endswith(found[0])
    assert problems == []


def test_the_offline_copy_from_disk_gives_partial_results_filters_and_keyboard_use(
    page: Any, offline_site_dir: Path
) -> None:
    """Issue 22 keeps the offline copy's search whole: from `file://`, by keyboard only, a query
    with a word of the thesaurus and a word no entry has (the words set aside), a filter chosen
    from the keyboard, a result opened with the arrows and Enter."""
    problems = watch(page)
    page.goto((offline_site_dir / "index.html").as_uri())
    page.keyboard.press("/")
    assert page.evaluate(f"() => ({ACTIVE})().matches('.md-search__input')")
    page.keyboard.type("client mécontent xylophone")
    note = page.locator(".pb-search__note")
    note.filter(has_text="«\u00a0xylophone\u00a0» mis de côté").wait_for(state="visible")
    # « mécontent » finds entries (and the thesaurus leads it further): only « xylophone » is set aside
    assert note.inner_text().startswith("Résultats pour une partie de vos mots\u00a0: «\u00a0xylophone\u00a0» mis")
    links = ".md-search-result__item > .md-search-result__link"
    tab_until(page, ".pb-search__filters-toggle", limit=8)
    page.keyboard.press("Enter")  # unfold « Filtrer les résultats »
    tab_until(page, "select[name=pb-kind]", limit=3)
    page.keyboard.type("Cas")
    assert page.evaluate(f"() => ({ACTIVE})().selectedOptions[0].textContent") == "Cas"
    page.wait_for_function(
        "s => { const a = [...document.querySelectorAll(s)];"
        " return a.length > 0 && a.every(l => l.href.includes('/cas/')); }",
        arg=links,
    )
    tab_until(page, ".md-search__input", limit=12, key="Shift+Tab")
    page.keyboard.press("ArrowDown")
    first = page.evaluate(f"() => ({ACTIVE})().href")
    assert "/cas/" in first and first.endswith(".html"), first
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == first and page.locator("article h1").count() == 1
    assert problems == []
