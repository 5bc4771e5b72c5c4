"""Search as employees ask (issue 22), typed into the built site's box and read as a reader sees it:
partial results with the words set aside, the thesaurus, real suggestions, « loi 5 », text saved
in decomposed Unicode, passages with the words found marked (never markup), and « Signaler cette
recherche ».

The site: the mini corpus, the search fixtures, ``fixtures/words`` (an entry saved in NFD, a small
thesaurus) and a repository (``repo_url``), so that the report link exists. The ranks of the real
playbook (« loi 5 ») are checked on the real site.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import make_mini_project

from .conftest import MINI_EXTRA, build
from .support import AXE_JS, NPM_HINT, BlockingProxy, Site, require, run_axe, search, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORDS = Path(__file__).parent / "fixtures" / "words"
REPO_URL = "https://github.com/example/playbook"


@pytest.fixture(scope="session")
def words_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = make_mini_project(tmp_path_factory.mktemp("words"), home="# Accueil\n\nLe playbook de test.\n")
    shutil.copytree(MINI_EXTRA, project / "laws", dirs_exist_ok=True)
    shutil.copytree(WORDS / "laws", project / "laws", dirs_exist_ok=True)
    shutil.copy(WORDS / "thesaurus.yaml", project / "thesaurus.yaml")
    config = project / "mkdocs.yml"
    config.write_text(f"repo_url: {REPO_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    with serve(build(project)) as site:
        yield site


@pytest.fixture
def box(page: Any, words_site: Site) -> Any:
    page.goto(words_site.url)
    return page


def note(page: Any) -> Any:
    return page.locator(".pb-search__note")


def settled(page: Any) -> None:
    """Waits until the box has done everything for its query (suggestions come after the count):
    the same query run again through the box's hook, awaited to its end."""
    page.evaluate("() => window.playbookSearch.query(document.querySelector('.md-search__input').value)")


def open_filters(page: Any) -> None:
    """The filters, as a reader opens them (folded under « Filtrer les résultats » when folded)."""
    toggle = page.get_by_text("Filtrer les résultats")
    if toggle.count() and toggle.is_visible() and not page.locator("select[name=pb-kind]").is_visible():
        toggle.click()


def test_a_word_no_entry_has_is_set_aside_and_the_others_still_find(box: Any) -> None:
    """Every word used to be required: « réclamation xylophone » found nothing."""
    found = search(box, "réclamation xylophone")
    assert found and found[0] in ("/notions/paradoxe-reclamation/", "/cas/coolblue/"), found
    shown = note(box)
    shown.wait_for(state="visible")
    expected = "Résultats pour une partie de vos mots\u00a0: «\u00a0xylophone\u00a0» mis de côté."
    assert shown.inner_text().startswith(expected)
    assert box.locator(".pb-search__suggest").is_hidden()


def test_entries_with_every_word_come_before_those_with_some(box: Any) -> None:
    """« client réclamation livraison »: the Coolblue case has the three words; the complaint
    paradox only two of them."""
    found = search(box, "réclamation livraison Kim")
    assert found[0] == "/cas/coolblue/", found
    assert "/notions/paradoxe-reclamation/" in found  # a partial match, further down
    assert note(box).is_hidden() or "partie" not in note(box).inner_text()


def test_the_thesaurus_leads_from_the_customers_words_to_the_playbooks(box: Any) -> None:
    """« furieux » is in no entry; the thesaurus leads it to « réclamation »."""
    found = search(box, "client furieux")
    assert found[:1] in (["/notions/paradoxe-reclamation/"], ["/cas/coolblue/"]), found
    assert note(box).is_hidden()  # every word found: no word set aside
    assert set(search(box, "en colère")) >= {"/notions/paradoxe-reclamation/", "/cas/coolblue/"}
    # both ways in a group: « doléance » finds what says « plainte », below what says « doléance »
    assert "/notions/paradoxe-reclamation/" in search(box, "doléances")


def test_a_suggestion_is_a_word_of_the_playbook_that_finds_something(box: Any) -> None:
    """« plianet » is two typos from « plainte » (one typo is found without asking)."""
    assert search(box, "plianet") == []
    suggestion = box.locator(".pb-search__suggest")
    suggestion.wait_for(state="visible")
    assert suggestion.inner_text() == "Vouliez-vous dire plainte\u202f?"
    suggestion.get_by_role("button", name="plainte").click()
    box.wait_for_function("() => document.querySelectorAll('.md-search-result__link').length > 0")
    assert box.locator(".md-search__input").input_value() == "plainte"
    assert suggestion.is_hidden()


def test_no_suggestion_when_nothing_near_finds_anything(box: Any) -> None:
    """The old suggestion offered the nearest word two typos away, whatever it was (« client
    caler » for « client colère »); now a word must be near enough and its search must find."""
    assert search(box, "zyxwvu") == []
    settled(box)
    assert box.locator(".pb-search__suggest").is_hidden()
    # with a filter that leaves nothing, « plainte » would find nothing: it is not offered
    open_filters(box)
    box.locator("select[name=pb-kind]").select_option(label="Loi")
    assert search(box, "plianet") == []
    settled(box)
    assert box.locator(".pb-search__suggest").is_hidden()


def test_text_saved_in_decomposed_unicode_is_found_by_every_spelling(box: Any) -> None:
    for query in ("sérénité", "serenite", "Sérénité du conseiller", "se\u0301re\u0301nite\u0301"):
        assert search(box, query)[:1] == ["/notions/serenite-decomposee/"], query
    title = box.locator(".md-search-result__item .pb-search__title").first.inner_text()
    assert title.startswith("La sérénité du conseiller") and "\u0301" not in title  # composed, as shown


def test_a_passage_shows_where_the_words_are_marked(box: Any) -> None:
    """« carte postale » is in the Coolblue case's text only (not its title or summary)."""
    assert search(box, "carte postale")[0] == "/cas/coolblue/"
    first = box.locator(".md-search-result__item").first
    passage = first.locator(".pb-search__passage")
    assert passage.is_visible()
    assert "carte postale" in passage.inner_text()
    assert first.locator(".pb-search__passage mark").all_inner_texts() == ["carte", "postale"]


def test_a_passage_never_becomes_markup(box: Any) -> None:
    """The entry's text holds `<img src=x onerror=...>` in code: the passage shows it as text."""
    search(box, "exécuté")
    first = box.locator(".md-search-result__item").first
    assert "<img src=x onerror=alert(1)>" in first.locator(".pb-search__passage").inner_text()
    assert box.locator(".md-search-result__list img").count() == 0
    assert box.evaluate("() => window.__pwned === undefined")


def test_a_search_that_found_little_can_be_reported_in_one_click(box: Any, proxy: BlockingProxy) -> None:
    hosts_before = list(proxy.hosts)
    search(box, "réclamation xylophone")
    link = box.get_by_role("link", name="Signaler cette recherche")
    link.wait_for(state="visible")
    href = link.get_attribute("href")
    parts = urllib.parse.urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/example/playbook/issues/new")
    form = urllib.parse.parse_qs(parts.query)
    assert form["title"] == ["Recherche sans bonne réponse : « réclamation xylophone »"]
    body = form["body"][0]
    assert "Recherche : « réclamation xylophone »" in body and "mis de côté\u00a0: xylophone" in body
    assert re.search(r"^Page : http://127\.0\.0\.1:\d+/$", body, re.M)
    # nothing is sent: the reader opens the form, or not (Chromium's own background calls aside)
    assert not [h for h in proxy.hosts[len(hosts_before) :] if "github" in h]
    # the link is reached from the keyboard, like the results
    box.locator(".md-search__input").focus()
    for _ in range(6):
        box.keyboard.press("Tab")
        if box.evaluate("() => document.activeElement.classList.contains('pb-search__report')"):
            break
    assert box.evaluate("() => document.activeElement.textContent") == "Signaler cette recherche"


def test_the_report_address_names_the_page_without_its_parameters_and_stays_under_8_kb(
    page: Any, words_site: Site
) -> None:
    """Issue 27, item 1, for the search's report link: a page opened with a long query string (here
    36 KB, from a shared link) made an address GitHub refuses; the page is named by its path, and
    the address stays under 8,000 characters; replacement patterns are quoted as they are."""
    page.goto(words_site.url + "?x=" + "%F0%9F%98%80" * 3000 + "&y=$'$`$&")
    query = "xylophone $' $` $& " + "😀𝄞" * 80
    search(page, query)
    link = page.get_by_role("link", name="Signaler cette recherche")
    link.wait_for(state="visible")
    href = link.get_attribute("href")
    assert len(href) <= 8000, len(href)
    form = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    body = form["body"][0]
    assert re.search(r"^Page : http://127\.0\.0\.1:\d+/$", body, re.M), body[-300:]
    typed = page.locator(".md-search__input").input_value()  # as the box's maxlength kept it
    assert typed.startswith("xylophone $' $` $& 😀𝄞") and len(typed) > 100
    assert f"Recherche : « {typed} »" in body and form["title"][0].endswith(f"« {typed} »")


def test_a_search_that_found_enough_has_no_report_link(box: Any) -> None:
    assert len(search(box, "client")) >= 3
    settled(box)
    assert box.get_by_role("link", name="Signaler cette recherche").count() == 0


def test_without_a_repository_there_is_no_report_link(page: Any, mini_site: Site) -> None:
    page.goto(mini_site.url)
    search(page, "xylophone")
    settled(page)
    assert page.get_by_role("link", name="Signaler cette recherche").count() == 0


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("loi 5", "/lois/loi-temkin-5/"),
        ("la loi n° 5", "/lois/loi-temkin-5/"),
        ("cinquième loi", "/lois/loi-temkin-5/"),
        ("commandement 3", "/commandements/commandement-3-management/"),
        ("procédure 2", "/procedures/procedure-2-souvenir-agreable/"),
        ("règle 2", "/regles/regle-temkin-2-verifier-regulierement/"),
    ],
)
def test_a_rank_typed_as_people_say_it_lists_that_entry_first(
    page: Any, real_site: Site, query: str, entry: str
) -> None:
    page.goto(real_site.url)
    assert search(page, query)[:1] == [entry], query


@pytest.mark.parametrize("query", ["tarif", "calme", "merci", "stress", "gâteau"])
def test_no_nonsense_suggestion_on_the_real_playbook(page: Any, real_site: Site, query: str) -> None:
    """Words the playbook does not use: the old suggestion offered the nearest word two typos
    away whatever it was (« tarif » → « mari », « calme » → « cadre », « gâteau » → « plateau »,
    and the issue's « colère » → « caler »); a suggestion now keeps one typo under 6 letters and
    the first letter for two."""
    page.goto(real_site.url)
    assert search(page, query) == []
    settled(page)
    assert page.locator(".pb-search__suggest").is_hidden(), page.locator(".pb-search__suggest").inner_text()


def _axe_serious(page: Any) -> list[tuple[str, str, list[object]]]:
    """axe-core's serious and critical violations on the page as it is now (evaluated through the
    debugging protocol, as a page's Content-Security-Policy refuses an injected script)."""
    axe = require(AXE_JS, "axe-core", NPM_HINT)
    page.evaluate(axe.read_text(encoding="utf-8") + "\n;undefined")
    result = run_axe(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("query", ["réclamation xylophone", "plianet", "carte postale"])
def test_the_open_search_is_accessible_and_valid_html(box: Any, tmp_path: Path, query: str) -> None:
    """With the dialog open and each new part shown (the words set aside and the report link, the
    suggestions, a passage with marks), axe finds no serious violation and the Nu checker no error."""
    from .test_html_valid import vnu

    search(box, query)
    settled(box)
    assert box.locator(".pb-search__note, .pb-search__suggest, .pb-search__passage").first.is_visible()
    assert _axe_serious(box) == []
    snapshot = tmp_path / "search.html"
    html = box.evaluate("() => document.documentElement.outerHTML")
    snapshot.write_text("<!doctype html>\n" + html, encoding="utf-8")
    assert [m["message"] for m in vnu(snapshot)] == []


@pytest.mark.parametrize(
    "query",
    [
        "expérience client",
        "relation client",
        "paradoxe de la réclamation",
        "appeler le client",
        "comment s'excuser auprès d'un client",
    ],
)
def test_everyday_words_find_the_content_before_the_sources(page: Any, real_site: Site, query: str) -> None:
    """A source's words count for a quarter (its citation in full): « expérience client » listed
    Temkin's English article first (« Customer Experience » in its title and aliases). Prepositions
    are stop words: « auprès » (in a source's text only) listed that source first for « comment
    s'excuser auprès d'un client »."""
    page.goto(real_site.url)
    top = search(page, query)[:3]
    assert top and not [p for p in top if p.startswith("/sources/")], top


@pytest.mark.parametrize(
    ("query", "source"),
    [
        ("Reichheld", "reichheld-one-number-2003"),
        ("Kotler", "kotler-keller-marketing-management"),
        ("Marketing Management", "kotler-keller-marketing-management"),
        ("Forrester", "temkin-six-lois-2008"),
        ("Schwab", "schwab-revolution-relation-client"),
    ],
)
def test_a_source_is_found_by_its_author_publication_or_title(
    page: Any, real_site: Site, query: str, source: str
) -> None:
    page.goto(real_site.url)
    assert search(page, query)[:1] == [f"/sources/{source}/"]


def test_livrer_finds_deliveries_not_the_photo_book(page: Any, real_site: Site) -> None:
    """Snowball stems « livre » and « livrer » alike: « livrer » listed the smartphoto photo book
    first. The thesaurus keeps « livre » apart; « livrer » finds the delivery, « livre photo » the book."""
    page.goto(real_site.url)
    found = search(page, "livrer")
    assert found[0] == "/cas/coolblue-retard-livraison/", found[:3]
    assert "/cas/smartphoto-livre-photo/" not in found[:5], found[:5]
    assert search(page, "livre photo")[0] == "/cas/smartphoto-livre-photo/"
