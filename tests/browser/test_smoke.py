"""Smoke tests of a built playbook, whichever generator and theme built it: MkDocs or ProperDocs,
mkdocs-material or MaterialX (``make compat``, and the CI's compatibility jobs, build the site
with each and point ``PLAYBOOK_SMOKE_SITE`` at it). Without that variable they run on the real
playbook built by MkDocs and mkdocs-material, like the rest of the suite.

What a reader does first: open the home page, an entry, a checklist; search and open a result;
open the menu on a phone; tick a box and find it ticked again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import Site, search, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ("", "lois/", "lois/loi-temkin-1/", "listes/lois-temkin/", "imprimables/", "cas/")


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    given = os.environ.get("PLAYBOOK_SMOKE_SITE")
    root = Path(given) if given else request.getfixturevalue("real_site_dir")
    assert (root / "index.html").is_file(), f"no built site in {root}"
    with serve(root) as served:
        yield served


def open_page(page: Any, url: str) -> list[str]:
    """Open ``url`` as a reader does; the console errors and failed requests on the way."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"script: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.document$ !== undefined")  # the theme's scripts started
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_the_page_loads_with_the_theme_and_the_playbook(page: Any, site: Site, path: str) -> None:
    assert open_page(page, site.url + path) == []
    assert page.locator("header.md-header").is_visible()
    assert page.locator(".pb-search").count() == 1  # the playbook's search box, in the theme's header
    assert page.locator("article.md-typeset h1").first.is_visible()
    layout = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position")
    assert layout in ("sticky", "fixed")  # the theme's stylesheet applies
    assert site.errors == []


def test_a_search_finds_an_entry_and_its_result_opens_it(page: Any, site: Site) -> None:
    open_page(page, site.url)
    assert page.locator(".md-search__input").is_visible()
    results = search(page, "loi 1 de Temkin")  # « Temkin » alone: some 40 entries name him
    assert any(path.endswith("/lois/loi-temkin-1/") for path in results), results
    page.locator(".md-search-result__link[href$='lois/loi-temkin-1/']").first.click()
    page.wait_for_url("**/lois/loi-temkin-1/")
    assert "Loi 1" in page.locator("h1").first.inner_text()


def test_the_menu_opens_on_a_phone(page: Any, site: Site) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, site.url + "lois/")
    menu = page.locator("label.md-header__button[for='__drawer']")
    assert menu.is_visible()
    menu.click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    link = page.locator(".md-sidebar--primary").get_by_role("link", name="Imprimables").first
    link.wait_for(state="visible")
    # the drawer slides in: wait until the link is within the screen, as a reader does
    link.evaluate(
        "a => new Promise(done => { const f = () => a.getBoundingClientRect().left >= 0 ? done() : "
        "requestAnimationFrame(f); f(); })"
    )
    box = link.bounding_box()
    assert box is not None and 0 <= box["x"] < 390


def test_a_ticked_box_is_still_ticked_after_a_reload(page: Any, site: Site) -> None:
    open_page(page, site.url + "lois/loi-temkin-1/")
    box = page.locator(".pb-checkbox").first
    box.click()
    assert box.is_checked()
    page.reload(wait_until="load")
    assert page.locator(".pb-checkbox").first.is_checked()
