"""The real playbook as its readers see it, on a phone (390 × 844, touch) and on a desk (1366 × 900).

The site is the repository's own, built where it lives (so « Historique » reads the real git
history, English commit messages included) and published as GitHub publishes it: with the
repository's address and edit links. Every check measures what is shown (layout boxes, Playwright's
visibility and actionability, axe-core on the page as it is), never what the markup claims:

- every control is at least 24 × 24 CSS px, and no page scrolls sideways except inside a named
  region with a visible hint, on every page, at both sizes;
- an entry's text starts within the first phone screen, after its title and summary; its relations
  are one tap away; a reading path's box shows only to readers who follow that path;
- search: each result's kind, title and summary are distinct lines (and distinct to a screen reader),
  typeset as the pages are; the filters are readable and aligned;
- with the search open (results, no result, filters) and the phone's menu open, axe-core finds
  nothing at any level, contrast included, and the controls stay 24 × 24;
- readers never meet developer artefacts: commit messages, hashes, owners, English aliases,
  « Made with Material for MkDocs », an English 404; « Signaler une erreur » and « Modifier cette
  page » are seen and followed.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import REPO
from playbook.core.spec import KINDS

from .conftest import build
from .reading import (
    BODY_TOP_JS,
    DEVICES,
    MIN_TARGET,
    SIDEWAYS_JS,
    SMALL_TARGETS_JS,
    axe_violations,
    open_search,
    settle,
    tap,
)
from .support import AXE_JS, NPM_HINT, Site, require, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO_URL = "https://github.com/example/playbook"
SIZES = list(DEVICES)
PHONE_SIZE: dict[str, int] = DEVICES["phone"]["viewport"]  # type: ignore[assignment]
PHONE_HEIGHT = PHONE_SIZE["height"]


@pytest.fixture(scope="module")
def published_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's playbook built in its own checkout, as the CI workflow publishes it (served
    from 127.0.0.1: no other address)."""
    site = tmp_path_factory.mktemp("published") / "site"
    return build(
        REPO, site=site, PLAYBOOK_REPO_URL=REPO_URL, PLAYBOOK_EDIT_URI="edit/main/docs/", PLAYBOOK_SITE_URL=None
    )


@pytest.fixture(scope="module")
def published(published_dir: Path) -> Iterator[Site]:
    with serve(published_dir) as site:
        yield site


@pytest.fixture(scope="module")
def chromium(sized_browser: Callable[[str], Any]) -> Callable[[str], Any]:
    return sized_browser


def open_page(chromium: Callable[[str], Any], size: str, url: str) -> Any:
    page = chromium(size).new_page()
    page.goto(url)
    settle(page)
    return page


# -- every page, both sizes -----------------------------------------------------------------------
@dataclass
class Look:
    small: dict[str, list[str]] = field(default_factory=dict)  #: page → controls under 24 × 24
    sideways: dict[str, list[str]] = field(default_factory=dict)  #: page → what scrolls sideways
    body_top: dict[str, tuple[float, str]] = field(default_factory=dict)  #: entry page → (top, text)
    texts: dict[str, str] = field(default_factory=dict)  #: page → the text a reader sees


#: Every kind's folder, from the one list of kinds (a kind added later is checked too).
ENTRY_FOLDERS = tuple(kind.folder for kind in KINDS)


def is_entry(rel: str) -> bool:
    parts = rel.split("/")
    return len(parts) == 3 and parts[0] in ENTRY_FOLDERS and parts[2] == "index.html" and parts[1] != ""


@pytest.fixture(scope="module", params=SIZES)
def look(request: pytest.FixtureRequest, published: Site, chromium: Callable[[str], Any]) -> tuple[str, Look]:
    """Every page of the site at one size: its small targets, what scrolls sideways, where an
    entry's text starts and the text a reader sees."""
    size = request.param
    page = chromium(size).new_page()
    found = Look()
    files = sorted(published.root.rglob("*.html"), key=lambda p: p.relative_to(published.root).as_posix())
    for file in files:
        rel = file.relative_to(published.root).as_posix()
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8")[:2000]:
            continue  # a renamed entry's redirect
        page.goto(published.page_url(file))
        settle(page)
        if small := page.evaluate(SMALL_TARGETS_JS):
            found.small[rel] = small
        if sideways := page.evaluate(SIDEWAYS_JS):
            found.sideways[rel] = sideways
        if is_entry(rel) and (top := page.evaluate(BODY_TOP_JS)):
            found.body_top[rel] = (top["top"], top["text"])
        found.texts[rel] = page.locator("body").inner_text()
    page.close()
    assert len(found.texts) >= 100
    return size, found


def test_every_control_is_at_least_24_px(look: tuple[str, Look]) -> None:
    assert look[1].small == {}


def test_no_page_scrolls_sideways_except_inside_a_named_region_with_a_hint(look: tuple[str, Look]) -> None:
    assert look[1].sideways == {}


#: The next frame drawn: the layout, material's size observers and their changes are done by then.
NEXT_FRAME_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_a_wide_code_block_stays_a_region_the_keyboard_reaches_when_a_phone_is_turned(
    published: Site, chromium: Callable[[str], Any]
) -> None:
    """Material takes a code block's tabindex away on a touch screen each time it measures the
    block again: turned sideways and back, the format reference's YAML blocks stay named regions
    with a hint that a keyboard (a tablet's) reaches."""
    page = open_page(chromium, "phone", published.url + "reference/format/")
    width, height = PHONE_SIZE["width"], PHONE_SIZE["height"]
    for viewport in ({"width": height, "height": width}, {"width": width, "height": height}):
        page.set_viewport_size(viewport)
        settle(page)
        page.evaluate(NEXT_FRAME_JS)
        assert page.evaluate(SIDEWAYS_JS) == []
    assert page.locator("pre > code.pb-scroll--wide[tabindex='0'][role='region']").count() >= 10
    page.close()


@pytest.mark.parametrize("look", ["phone"], indirect=True)  # the desk shows more of a page, never less
def test_an_entry_text_starts_within_the_first_phone_screen(look: tuple[str, Look]) -> None:
    found = look[1]
    assert len(found.body_top) >= 60
    late = {rel: top for rel, top in found.body_top.items() if top[0] >= PHONE_HEIGHT}
    assert late == {}


#: Words only developers write: commit messages of this repository, the build's jargon.
DEVELOPER_WORDS = re.compile(
    r"\b(maintainers|wip|fix typo|commit|Made with|Material for MkDocs|make pdf|CONTRIBUTING\.md|version [0-9a-f]{7})\b"
)
#: A git hash as a word (7 to 40 hexadecimal digits with at least one letter and one digit).
HASH = re.compile(r"(?<![\w-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}(?![\w-])")
#: Pages for contributors, in the « Contribuer » corner: they may name files, ids and owners.
CONTRIBUTOR_PAGES = ("contribuer/", "reference/")


def test_readers_meet_no_developer_artefact(look: tuple[str, Look], published: Site) -> None:
    found = {}
    for rel, text in look[1].texts.items():
        if rel.startswith(CONTRIBUTOR_PAGES):
            continue
        bad = DEVELOPER_WORDS.findall(text) + HASH.findall(text)
        if bad:
            found[rel] = sorted(set(bad))
    assert found == {}
    subjects = subprocess.run(
        ["git", "-C", str(REPO), "log", "-50", "--format=%s", "--", "laws"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    subjects = [s for s in subjects if len(s) > 25]
    assert subjects, "the repository's history of laws/ is needed to check this"
    leaked = {rel for rel, text in look[1].texts.items() for s in subjects if s in text}
    assert leaked == set()


# -- an entry on a phone ---------------------------------------------------------------------------
ENTRY = "lois/loi-temkin-5/"


def test_an_entry_reads_title_summary_then_text_and_its_relations_are_one_tap_away(
    published: Site, chromium: Callable[[str], Any]
) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, "phone", published.url + ENTRY)
    title, summary = page.locator("article h1"), page.locator(".md-content .pb-summary")
    top = page.evaluate(BODY_TOP_JS)
    assert title.bounding_box()["y"] < summary.bounding_box()["y"] < top["top"] < PHONE_HEIGHT
    for furniture in ("Identifiant", "Mots-clés", "maintainers", "Relu le", "Parcours du manager"):
        expect(page.get_by_text(furniture).first).to_be_hidden()
    jump = page.get_by_role("navigation", name="Sur cette page").get_by_role("link", name=re.compile("^Illustré par"))
    assert jump.bounding_box()["y"] + jump.bounding_box()["height"] < PHONE_HEIGHT  # on the first screen
    tap(jump)
    heading = page.get_by_role("heading", name="Illustré par")
    expect(heading).to_be_in_viewport()
    add = page.get_by_role("button", name="Ajouter à ma séance")
    box = add.bounding_box()
    assert MIN_TARGET <= box["height"] <= 36, box  # compact, yet a finger's size


def test_a_path_box_shows_only_to_readers_following_that_path(published: Site, chromium: Callable[[str], Any]) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, "phone", published.url + ENTRY)
    boxes = page.locator("nav.pb-path-nav")
    assert boxes.count() >= 1
    for i in range(boxes.count()):
        expect(boxes.nth(i)).to_be_hidden()  # a reader who follows no path reads the entry itself
    page.goto(published.url + "parcours/parcours-manager/")
    step = page.locator(".pb-path__steps a", has_text="Loi 5")
    tap(step)
    page.wait_for_url("**/" + ENTRY)
    box = page.get_by_role("navigation", name="Parcours : Parcours du manager")
    expect(box).to_be_visible()
    expect(box).to_contain_text(re.compile(r"étape 2 sur \d+"))
    done = box.get_by_label("Étape faite")
    expect(done).to_be_visible()
    assert box.locator(".pb-path-nav__done label").bounding_box()["height"] >= MIN_TARGET
    tap(box.get_by_role("button", name="Ne plus suivre ce parcours"))
    expect(box).to_be_hidden()
    page.reload()
    expect(page.get_by_role("navigation", name="Parcours : Parcours du manager")).to_be_hidden()
    page.goto(published.url + "parcours/parcours-manager/")
    tap(page.get_by_role("button", name="Suivre ce parcours"))
    expect(page.get_by_role("button", name="Ne plus suivre ce parcours")).to_be_visible()
    page.goto(published.url + ENTRY)
    expect(page.get_by_role("navigation", name="Parcours : Parcours du manager")).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_the_report_link_is_seen_and_opens_a_prefilled_issue(
    published: Site, chromium: Callable[[str], Any], size: str
) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, size, published.url + ENTRY)
    opened: list[str] = []
    page.route("https://github.com/**", lambda route: (opened.append(route.request.url), route.fulfill(body="ok")))
    link = page.get_by_role("link", name="Signaler une erreur")
    expect(link).to_be_visible()
    tap(link)
    page.wait_for_url("https://github.com/**")
    parts = urlsplit(opened[0])
    assert parts.path == "/example/playbook/issues/new"
    query = parse_qs(parts.query)
    assert "Loi 5" in query["title"][0] and "loi-temkin-5" in query["title"][0]
    assert re.search(r"Édition : édition du \d+\S* \w+ \d{4} · version \S+", query["body"][0])


@pytest.mark.parametrize("size", SIZES)
def test_history_tells_when_and_the_edit_link_opens_the_entry_file(
    published: Site, chromium: Callable[[str], Any], size: str
) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, size, published.url + ENTRY)
    history = page.locator(".pb-history")
    expect(history).to_contain_text(re.compile(r"Entrée ajoutée le \d+\S* \w+ \d{4}"))
    expect(history).to_contain_text("Cette page est tirée de l’ du guide.")  # the date comes from edition.css:
    edition = history.locator(".pb-trace__edition").evaluate("e => getComputedStyle(e, '::after').content")
    assert re.fullmatch(r'"édition du \d+\S* \w+ \d{4}"', edition), edition  # a date, no version
    everything = history.get_by_role("link", name="Toutes ses modifications sur le dépôt")
    expect(everything).to_have_attribute("href", f"{REPO_URL}/commits/HEAD/laws/lois/loi-temkin-5.yaml")
    cite = history.get_by_text("Citer cette entrée")
    expect(history.get_by_text("loi-temkin-5", exact=True)).to_be_hidden()  # folded
    tap(cite)
    expect(history.get_by_text("loi-temkin-5", exact=True)).to_be_visible()
    edit = page.get_by_role("link", name="Modifier cette page")
    expect(edit).to_be_visible()
    expect(edit).to_have_attribute("href", f"{REPO_URL}/edit/main/laws/lois/loi-temkin-5.yaml")


def test_english_aliases_stay_for_search_but_off_the_page(published: Site, chromium: Callable[[str], Any]) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, "desktop", published.url + ENTRY)
    expect(page.get_by_text("employees do what is measured")).to_have_count(0)
    open_search(page, "employees incented celebrated")
    first = page.locator(".md-search-result__link").first
    expect(first).to_have_attribute("href", re.compile(ENTRY + "$"))


def test_french_404_page_and_no_generator_line(published: Site, chromium: Callable[[str], Any]) -> None:
    from playwright.sync_api import expect

    page = chromium("phone").new_page()
    page.goto(published.url + "404.html")  # what GitHub Pages serves for an address that leads nowhere
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.get_by_text("Not found")).to_have_count(0)
    tap(page.get_by_role("link", name="Revenir à l’accueil"))
    page.wait_for_url(published.url)
    expect(page.get_by_text("Made with")).to_have_count(0)


def test_an_index_without_collections_has_no_lone_heading(published: Site, chromium: Callable[[str], Any]) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, "phone", published.url + "cas/")
    expect(page.get_by_role("heading", name="Autres")).to_have_count(0)
    buttons = page.get_by_role("button", name="Ajouter à ma séance")
    expect(buttons.first).to_be_visible()
    assert buttons.first.bounding_box()["height"] >= MIN_TARGET


def test_the_format_reference_is_in_the_contributors_corner(published: Site, chromium: Callable[[str], Any]) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, "desktop", published.url)
    nav = page.locator(".md-sidebar--primary")
    expect(nav.get_by_role("link", name="Format des entrées")).to_be_hidden()  # folded under « Contribuer »
    tap(nav.locator("label.md-nav__link", has_text="Contribuer"))
    tap(nav.get_by_role("link", name="Format des entrées"))
    page.wait_for_url("**/reference/format/")
    page.goto(published.url + "contribuer/suivi/")
    expect(page.locator("article")).to_contain_text("loi-temkin-5")  # ids and owners live here


# -- the search, the menu: dialogs open --------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
def test_search_results_show_kind_title_and_summary_apart(
    published: Site, chromium: Callable[[str], Any], size: str
) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, size, published.url)
    open_search(page, "livraison")
    link = page.locator(".md-search-result__link").first
    kind, title, summary = (link.locator(f".pb-search__{part}") for part in ("kind", "title", "summary"))
    for part in (kind, title, summary):
        expect(part).to_be_visible()
    boxes = [part.bounding_box() for part in (kind, title, summary)]
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 1
    assert boxes[1]["y"] + boxes[1]["height"] <= boxes[2]["y"] + 1  # three lines, in that order
    assert title.evaluate("e => parseInt(getComputedStyle(e).fontWeight)") >= 600
    # a screen reader hears them apart too: « Cas : <titre>. <résumé> » (the shown text of each part,
    # found words marked included, without the punctuation said to screen readers only)
    shown_text = "e => [...e.childNodes].filter(n => !(n.nodeType === 1 && n.matches('.pb-sr-only')))"
    shown_text += ".map(n => n.textContent).join('')"
    kind_text, title_text = kind.evaluate(shown_text), title.evaluate(shown_text)
    expect(link).to_have_accessible_name(
        re.compile(
            rf"^{re.escape(kind_text)}\s*:\s*{re.escape(title_text)}\s*\.?\s+{re.escape(summary.text_content()[:40])}",
            re.IGNORECASE,
        )
    )
    texts = " ".join(page.locator(".md-search-result__list").all_inner_texts())
    assert "’" in texts and "'" not in texts  # typeset as the pages are


@pytest.mark.parametrize("size", SIZES)
def test_the_search_filters_are_readable_and_aligned(
    published: Site, chromium: Callable[[str], Any], size: str
) -> None:
    from playwright.sync_api import expect

    page = open_page(chromium, size, published.url)
    open_search(page, "client")
    toggle = page.get_by_text("Filtrer les résultats")
    tap(toggle)
    selects = [page.get_by_role("combobox", name=name, exact=True) for name in ("Type", "Collection", "Étiquette")]
    for select in selects:
        expect(select).to_be_visible()
    boxes = [s.bounding_box() for s in selects]
    if size == "desktop":
        assert len({round(b["y"]) for b in boxes}) == 1 and len({round(b["height"]) for b in boxes}) == 1
    else:
        assert len({round(b["x"]) for b in boxes}) == 1 and len({round(b["width"]) for b in boxes}) == 1
    for label in ("Type", "Collection", "Étiquette"):
        size_px = page.locator(".pb-search__filter-label", has_text=label).evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size_px >= 12, (label, size_px)
    selects[0].select_option(label="Cas")
    expect(toggle).to_contain_text("(1 actif)")
    assert axe_violations(page, str(require(AXE_JS, "axe-core", NPM_HINT))) == []
    assert page.evaluate(SMALL_TARGETS_JS) == []


#: What a reader opens over a page: the search's answers (some, none) at both sizes, the menu of a
#: phone (a desk shows its menu at all times: checked with the page).
OPEN = [
    ("results", "phone"),
    ("results", "desktop"),
    ("nothing found", "phone"),
    ("nothing found", "desktop"),
    ("menu", "phone"),
]


@pytest.mark.parametrize(("state", "size"), OPEN)
def test_with_a_dialog_or_menu_open_axe_finds_nothing_and_controls_stay_24_px(
    published: Site, chromium: Callable[[str], Any], size: str, state: str
) -> None:
    """axe-core at every level (colour contrast included) on what the reader sees now."""
    from playwright.sync_api import expect

    axe = str(require(AXE_JS, "axe-core", NPM_HINT))
    page = open_page(chromium, size, published.url + ENTRY)
    if state == "results":
        open_search(page, "réclamation")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
    elif state == "nothing found":
        open_search(page, "rekkamation")
        expect(page.locator(".md-search-result__meta")).to_have_text("Aucun document trouvé")
        expect(page.locator(".pb-search__again")).to_be_visible()
    else:
        tap(page.locator("label.md-header__button[for=__drawer]"))
        expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
        settle(page)
    assert axe_violations(page, axe) == []
    assert page.evaluate(SMALL_TARGETS_JS) == []


def test_the_page_with_search_results_shown_is_valid_html(
    published: Site, chromium: Callable[[str], Any], tmp_path: Path
) -> None:
    """The Nu Html Checker on the page as the search script leaves it: results, filters unfolded."""
    from .test_html_valid import vnu

    page = open_page(chromium, "desktop", published.url + ENTRY)
    open_search(page, "réclamation")
    tap(page.get_by_text("Filtrer les résultats"))
    page.get_by_role("combobox", name="Type", exact=True).select_option(label="Cas")
    page.locator(".md-search-result__item").first.wait_for()
    html = tmp_path / "recherche.html"
    html.write_text("<!DOCTYPE html>" + page.evaluate("() => document.documentElement.outerHTML"), encoding="utf-8")
    assert [f"{m.get('lastLine')}: {m['message']}" for m in vnu(html)] == []
