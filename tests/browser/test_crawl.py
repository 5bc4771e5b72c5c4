"""A crawl of the whole real site in Chromium, offline: every page loads cleanly, stays on this
host, passes axe-core without a violation at any level, and every internal link and
#anchor resolves.

The site is the repository's own (mkdocs.yml + docs/ + laws/), built in a temp dir; the browser
reaches nothing but the local server (see ``offline_args``), and every attempt to reach another
host is recorded by the refusing proxy.
"""

from __future__ import annotations

import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .support import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DEBIAN_HINT,
    NPM_HINT,
    BlockingProxy,
    Site,
    load_axe,
    offline_args,
    require,
    run_axe,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: axe-core impacts that fail the test: all of them (a moderate landmark or a minor one included).
FAILING_IMPACTS = ("critical", "serious", "moderate", "minor")


@dataclass
class Visit:
    url: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    other_hosts: list[str] = field(default_factory=list)
    search_state: str = ""
    requests: list[str] = field(default_factory=list)
    search_loaded_early: list[str] = field(default_factory=list)
    search_placeholder: str = "?"
    links: list[tuple[str, str]] = field(default_factory=list)  #: (absolute href, text)
    ids: set[str] = field(default_factory=set)
    violations: list[dict[str, Any]] = field(default_factory=list)
    lang: str = ""
    title: str = ""


@dataclass
class Crawl:
    site: Site
    visits: dict[str, Visit]  #: by page path ("/lois/loi-temkin-4/")
    proxied_hosts: list[str]  #: what the refusing proxy saw (Chromium's own services included)


def page_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"), key=lambda p: p.relative_to(root).as_posix())


def visit_pages(site: Site, files: list[Path], profile: Path, proxy: BlockingProxy, axe: Path) -> list[Visit]:
    """Load each page in a Chromium of its own (offline), run axe-core, then search."""
    from playwright.sync_api import sync_playwright

    origin = site.url.rstrip("/")
    visits = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[*CHROMIUM_ARGS, *offline_args(proxy)],
            viewport={"width": 1280, "height": 900},
            locale="fr-FR",
        )
        page = context.new_page()
        current = Visit("")
        page.on("console", lambda m: current.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: current.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: current.failed_requests.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: current.bad_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("request", lambda r: current.requests.append(r.url))
        page.on(
            "request",
            lambda r: (
                current.other_hosts.append(r.url)
                if not r.url.startswith((origin + "/", "data:", "blob:", "about:"))
                else None
            ),
        )
        try:
            for file in files:
                current = Visit(site.page_url(file))
                response = page.goto(current.url, wait_until="load")
                current.status = response.status if response else None
                load_axe(page, axe)
                result = run_axe(page)
                current.violations = result["violations"]
                # no search file before a search starts; then a query answers from every page
                current.search_loaded_early = [u for u in current.requests if "/search/" in u]
                current.search_placeholder = page.evaluate(
                    "() => JSON.parse(document.getElementById('__config').textContent)"
                    ".translations['search.result.placeholder']"
                )
                page.locator(".md-search__input").fill("clients")
                page.wait_for_function(
                    "p => document.querySelector('.md-search-result__meta').textContent.trim() !== p",
                    arg=current.search_placeholder,
                    timeout=20_000,
                )
                current.search_state = page.locator(".md-search-result__meta").text_content().strip()
                current.links = [
                    tuple(x)
                    for x in page.eval_on_selector_all(
                        "a[href]",
                        "links => links.map(a => [new URL(a.getAttribute('href'), document.baseURI).href,"
                        " a.textContent.trim()])",
                    )
                ]  # getAttribute: an SVG link's .href is not a string
                current.ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
                current.lang = page.evaluate("() => document.documentElement.lang")
                current.title = page.title()
                visits.append(current)
        finally:
            context.close()
    return visits


@pytest.fixture(scope="module")
def crawl(real_site: Site, proxy: BlockingProxy, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """Every page, in two browsers side by side (two cores)."""
    require(CHROMIUM, "Chromium", DEBIAN_HINT)
    axe = require(AXE_JS, "axe-core", NPM_HINT)
    files = page_files(real_site.root)
    shards = [files[0::2], files[1::2]]
    with ThreadPoolExecutor(max_workers=len(shards)) as pool:
        jobs = [
            pool.submit(visit_pages, real_site, shard, tmp_path_factory.mktemp("crawl-profile"), proxy, axe)
            for shard in shards
        ]
        visits = [visit for job in jobs for visit in job.result()]
    return Crawl(real_site, {urllib.parse.urlsplit(v.url).path: v for v in visits}, list(proxy.hosts))


def test_the_crawl_covers_every_page_of_the_site(crawl: Crawl) -> None:
    files = page_files(crawl.site.root)
    assert len(crawl.visits) == len(files) >= 20
    for must in ["/", "/lois/", "/cas/", "/vues/matrice/", "/vues/carte/", "/404.html"]:
        assert must in crawl.visits


def test_every_page_loads_without_error(crawl: Crawl) -> None:
    problems = {}
    for path, visit in crawl.visits.items():
        found = {
            "status": [] if visit.status == 200 else [visit.status],
            "console errors": visit.console_errors,
            "script errors": visit.page_errors,
            "failed requests": visit.failed_requests,
            "error responses": visit.bad_responses,
        }
        found = {k: v for k, v in found.items() if v}
        if found:
            problems[path] = found
    assert problems == {}
    assert crawl.site.errors == []  # the server answered every request of the crawl


def test_no_request_leaves_the_host(crawl: Crawl) -> None:
    """No font, script, style sheet or beacon from another host, from the pages or their workers
    (Playwright reports the search worker's requests on its page; see test_offline.py). The proxy's
    own log is not asserted: Chromium's background services knock on it too."""
    assert {p: v.other_hosts for p, v in crawl.visits.items() if v.other_hosts} == {}


def test_the_search_works_offline_on_every_page(crawl: Crawl) -> None:
    """A page view loads no search file; a query typed on any page (at any depth) loads the
    index from the site and answers ("N documents trouvés"), not an error."""
    assert {p: v.search_loaded_early for p, v in crawl.visits.items() if v.search_loaded_early} == {}
    answered = re.compile(r"^(\d+ documents trouvés|1 document trouvé)$")
    assert {p: v.search_state for p, v in crawl.visits.items() if not answered.match(v.search_state)} == {}


def test_every_page_is_french_and_titled(crawl: Crawl) -> None:
    assert {p for p, v in crawl.visits.items() if v.lang != "fr" or not v.title} == set()


#: Fragments that carry a page's state rather than point at an anchor: « Ma séance » reads the
#: session from ``#e=id,id&t=titre`` (assets/trainers.js), so that a link alone rebuilds it.
STATE_FRAGMENTS = ("e=",)


def test_every_internal_link_and_anchor_resolves(crawl: Crawl) -> None:
    broken = []
    checked = 0
    for path, visit in crawl.visits.items():
        for href, text in visit.links:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme not in ("http", "https") or not href.startswith(crawl.site.url):
                continue
            checked += 1
            target = crawl.site.file_for(href)
            if target is None or not target.is_file():
                broken.append(f"{path}: {text!r} → {href} (no such file)")
                continue
            if parts.fragment:
                fragment = urllib.parse.unquote(parts.fragment)
                target_visit = crawl.visits.get(parts.path)
                if target_visit is None:
                    broken.append(f"{path}: {text!r} → {href} (#{fragment} in a file that is not a page)")
                elif fragment not in target_visit.ids and not fragment.startswith(STATE_FRAGMENTS):
                    broken.append(f"{path}: {text!r} → {href} (no #{fragment})")
    assert checked > 10 * len(crawl.visits)
    assert broken == []


def test_no_accessibility_violation_at_any_level(crawl: Crawl) -> None:
    found = {}
    for path, visit in crawl.visits.items():
        bad = [
            f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']})"
            for v in visit.violations
            if v["impact"] in FAILING_IMPACTS
        ]
        if bad:
            found[path] = bad
    assert found == {}
