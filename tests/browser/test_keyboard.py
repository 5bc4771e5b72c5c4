"""Keyboard only: reach the search, type, reach a result, open it; tab through an entry page;
tick a checklist box. No mouse event is used."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest

from .support import ACTIVE, Site, tab_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def wait_for_results(page: Any) -> list[str]:
    """The result links, once material has answered the last keystroke (the list stays the same
    for half a second; material answers each keystroke within milliseconds)."""
    read = "links => links.map(a => a.getAttribute('href'))"
    results = page.locator(".md-search-result__item > .md-search-result__link")
    previous: list[str] = []
    for _ in range(40):
        page.wait_for_timeout(500)
        current = results.evaluate_all(read)
        if current and current == previous:
            return current
        previous = current
    raise AssertionError(f"no stable search results: {previous}")


def test_tab_to_the_search_type_arrow_down_to_a_result_and_enter_opens_it(page: Any, mini_site: Site) -> None:
    page.goto(mini_site.url)
    tab_until(page, ".md-search__input")
    page.keyboard.type("reclamation")
    results = wait_for_results(page)
    assert len(results) >= 2
    page.keyboard.press("ArrowDown")
    assert page.evaluate(f"() => ({ACTIVE})().getAttribute('href')") == results[0]
    page.keyboard.press("ArrowDown")  # down the list (sections, "more" toggles, next pages) and back
    assert page.evaluate(f"() => ({ACTIVE})().getAttribute('href')") != results[0]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(f"() => ({ACTIVE})().getAttribute('href')") == results[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path(page.url) == path(results[0]) == "/notions/paradoxe-reclamation/"


def test_enter_in_the_search_box_opens_the_best_result(page: Any, mini_site: Site) -> None:
    page.goto(mini_site.url + "cas/coolblue/")
    tab_until(page, ".md-search__input")
    page.keyboard.type("plainte")
    results = wait_for_results(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path(page.url) == path(results[0]) == "/notions/paradoxe-reclamation/"


def test_tab_reaches_every_link_and_box_of_an_entry_page_in_order_with_a_visible_focus(
    page: Any, mini_site: Site
) -> None:
    page.goto(mini_site.url + "lois/loi-temkin-4/")
    targets = page.evaluate("""() => {
        const els = [...document.querySelectorAll('article a[href], article input, article button, article summary')]
            .filter((el) => el.checkVisibility());  // what a reader sees (a folded path box is not)
        els.forEach((el, i) => el.dataset.pbTab = String(i));
        return els.length;
    }""")
    assert targets >= 12  # kind, collection, sections, body links, checklist, links, source, tags...
    reached: list[int] = []
    outlines = set()
    for _ in range(targets + 60):
        page.keyboard.press("Tab")
        index = page.evaluate(f"() => ({ACTIVE})().dataset.pbTab")
        if index is not None:
            reached.append(int(index))
            outlines.add(page.evaluate(f"() => getComputedStyle(({ACTIVE})()).outlineStyle"))
        if len(reached) == targets:
            break
    assert reached == list(range(targets))
    assert "none" not in outlines


def test_checklist_boxes_are_named_by_their_text_and_tick_with_space(page: Any, mini_site: Site) -> None:
    page.goto(mini_site.url + "lois/loi-temkin-4/")
    for text in ["Former les équipes au contact client", "Donner des outils qui facilitent le travail"]:
        assert page.get_by_role("checkbox", name=text, exact=True).count() == 1
    tab_until(page, "input.pb-checkbox")
    assert page.evaluate(f"() => ({ACTIVE})().checked") is False
    page.keyboard.press("Space")
    assert page.evaluate(f"() => ({ACTIVE})().checked") is True
    page.keyboard.press("Space")
    assert page.evaluate(f"() => ({ACTIVE})().checked") is False


def test_a_shortcut_reaches_the_search_and_a_filter_is_set_from_the_keyboard(page: Any, mini_site: Site) -> None:
    page.goto(mini_site.url + "cas/coolblue/")
    page.keyboard.press("/")
    assert page.evaluate(f"() => ({ACTIVE})().matches('.md-search__input')")
    assert page.evaluate("() => document.getElementById('__search').checked")  # the search panel is open
    page.keyboard.type("client")
    everything = wait_for_results(page)
    assert any("/cas/" not in href for href in everything)
    tab_until(page, ".pb-search__filters-toggle", limit=5)
    page.keyboard.press("Enter")  # unfold « Filtrer les résultats »
    tab_until(page, "select[name=pb-kind]", limit=3)
    page.keyboard.type("Cas")  # the option starting with what is typed, as in any select
    assert page.evaluate(f"() => ({ACTIVE})().selectedOptions[0].textContent") == "Cas"
    cases = wait_for_results(page)
    assert cases and all("/cas/" in href for href in cases), cases
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
