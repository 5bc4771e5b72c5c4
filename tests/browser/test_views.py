"""The relation views of the real site, in the browser and on paper: reachable from the nav, true
to the data (every illustration is a mark, every link a curve), printable on A4 without chrome
or blank sheets."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from playbook.core import Playbook, check
from playbook.core.render.view_layout import MAP_KINDS, MAP_LEFT, MAP_RIGHT, MATRIX_KINDS, MATRIX_RELATION
from playbook.core.typography import french_typography

from .support import REPO, Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    result = check(REPO / "laws")
    assert result.playbook is not None
    return result.playbook


def path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def heading(page: Any) -> str:
    """The page's h1, without its permalink sign, spaces made plain."""
    text = page.locator("article h1").inner_text().rstrip("¶").strip()
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def entry_path(href: str) -> str:
    """'/cas/coolblue-retard-livraison/' → 'coolblue-retard-livraison'."""
    return path(href).rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    ("label", "target"),
    [
        ("Cas × lois et commandements", "/vues/matrice/"),
        ("Carte des relations", "/vues/carte/"),
    ],
)
def test_the_views_are_in_the_navigation(page: Any, real_site: Site, label: str, target: str) -> None:
    """A reader opens « Vues », waits until its link shows, follows it and sees the view's title.
    Each step waits on what the reader waits on (the link visible, the address, the heading), never
    on a navigation event or a snapshot taken while the section is still opening."""
    from playwright.sync_api import expect

    page.goto(real_site.url)
    section = page.locator("nav.md-nav--primary label.md-nav__link", has_text="Vues")
    expect(section).to_be_visible()
    section.click()  # open the section
    link = page.locator("nav.md-nav--primary a.md-nav__link", has_text=label)
    expect(link).to_have_count(1)
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    # the view's page is shown (its first word: the title's spaces may be typographic ones)
    expect(page.locator("article h1")).to_contain_text(label.split(" ", maxsplit=1)[0])
    assert path(page.url) == target
    assert heading(page) == label


def test_the_matrix_marks_exactly_the_illustrations(page: Any, real_site: Site, playbook: Playbook) -> None:
    page.goto(real_site.url + "vues/matrice/")
    shown = set()
    for table in page.locator("table.pb-matrix").all():
        columns = [entry_path(h) for h in table.locator("thead th a").evaluate_all("as => as.map(a => a.href)")]
        for row in table.locator("tbody tr").all():
            case = entry_path(row.locator("th a").get_attribute("href"))
            cells = row.locator("td").all()
            assert len(cells) == len(columns)
            shown |= {(case, columns[i]) for i, cell in enumerate(cells) if cell.locator(".pb-matrix__mark").count()}
    expected = {
        (case.id, target)
        for case in playbook.by_kind["case"]
        for target in case.relations.get(MATRIX_RELATION, [])
        if playbook[target].kind.name in MATRIX_KINDS
    }
    assert expected, "the content has no case illustrating a law or a commandment"
    assert shown == expected
    headers = page.locator("table.pb-matrix thead th a").evaluate_all("as => as.map(a => a.href)")
    listed = {entry_path(h) for h in headers}
    assert listed <= {e.id for kind in MATRIX_KINDS for e in playbook.by_kind[kind]}


def test_the_map_draws_every_link_and_each_box_opens_its_entry(page: Any, real_site: Site, playbook: Playbook) -> None:
    page.goto(real_site.url + "vues/carte/")
    expected = sum(
        1
        for kind, relations in (MAP_LEFT, MAP_RIGHT)
        for entry in playbook.by_kind[kind]
        for target in {t for r in relations for t in entry.relations.get(r, []) if playbook[t].kind.name in MAP_KINDS}
    )
    assert expected > 0
    assert page.locator("svg.pb-map__svg path.pb-map__edge").count() == expected
    nodes = page.locator("svg.pb-map__svg a.pb-map__node")
    ids = {entry_path(h) for h in nodes.evaluate_all("as => as.map(a => a.getAttribute('href'))")}
    assert ids <= set(playbook.entries)
    first = nodes.first
    name = first.locator("title").text_content()
    target = entry_path(first.get_attribute("href"))
    with page.expect_navigation():
        first.click()
    assert entry_path(page.url) == target
    assert name.replace("\u202f", " ").replace("\u00a0", " ").endswith(": " + heading(page))


@pytest.mark.parametrize("view", ["vues/matrice/", "vues/carte/"])
def test_the_views_print_on_a4_without_chrome_nor_blank_pages(
    page: Any, real_site: Site, playbook: Playbook, view: str, tmp_path: Path
) -> None:
    page.goto(real_site.url + view)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # an A4 sheet's printable width at 96 dpi
    overflow = page.evaluate("""() => [...document.querySelectorAll('.pb-matrix__scroll, .pb-map__scroll')]
        .filter(box => box.scrollWidth > box.clientWidth + 1).length""")
    assert overflow == 0
    pdf = tmp_path / "view.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    texts = [p.extract_text() or "" for p in PdfReader(pdf).pages]
    assert all(t.strip() for t in texts), f"blank page in {[len(t) for t in texts]}"
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(texts)))  # NFKC: "ﬀ" ligatures → "ff"
    for chrome in ["Rechercher", "Tabledesmatières", "MadewithMaterial"]:
        assert chrome not in flat
    title = "Casxloisetcommandements" if "matrice" in view else "Cartedesrelations"
    assert title.replace("x", "×") in flat
    if "matrice" in view:
        cases = [
            c
            for c in playbook.by_kind["case"]
            if any(playbook[t].kind.name in MATRIX_KINDS for t in c.relations.get(MATRIX_RELATION, []))
        ]
        shown = {
            c.id: unicodedata.normalize("NFKC", french_typography(c.title)) for c in cases
        }  # as the page prints it
        missing = [c.id for c in cases if re.sub(r"\s+", "", shown[c.id]) not in flat]
        assert missing == []
