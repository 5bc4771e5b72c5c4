"""Trainers and learners, in real headless Chromium on the real content built with a ``site_url``:
QR codes on printed sheets decoded back to their page's address, « Ma séance » built by clicking,
reordered, kept, shared to a fresh profile and printed, YAML sessions printed, reading paths
followed with previous/next and progress, keyboard-only use, axe on the new pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp

from conftest import copy_real_project, run_mkdocs
from pdftools import A4_PT, Located, box_left_of, norm, page_sizes, page_texts, raster
from playbook.pdf_printer import print_page

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
    search,
    serve,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE_URL = "https://playbook.example.org/formation/"
CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top, .md-skip"
SESSION = ["procedure-1-vision-confiance", "procedure-2-souvenir-agreable", "procedure-3-experience-humaine"]


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_real_project(tmp_path_factory.mktemp("trainers"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if re.search(r"^site_url:", config, flags=re.M):
        config = re.sub(r"^site_url:.*$", f"site_url: {SITE_URL}", config, count=1, flags=re.M)
    else:
        config = config.replace("site_name:", f"site_url: {SITE_URL}\nsite_name:", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Iterator[Site]:
    with serve(site_dir) as served:
        yield served


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory, proxy: BlockingProxy) -> Iterator[Any]:
    """A factory of Chromium contexts, each on a fresh profile, offline."""
    require(CHROMIUM, "Chromium", DEBIAN_HINT)
    from playwright.sync_api import sync_playwright

    contexts = []
    with sync_playwright() as playwright:

        def fresh() -> Any:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path_factory.mktemp("profile")),
                executable_path=str(CHROMIUM),
                headless=True,
                args=[*CHROMIUM_ARGS, *offline_args(proxy)],
                viewport={"width": 1280, "height": 900},
                locale="fr-FR",
            )
            contexts.append(context)
            return context

        try:
            yield fresh
        finally:
            for context in contexts:
                context.close()


@pytest.fixture(scope="module")
def context(chromium: Any) -> Any:
    return chromium()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert errors == []


def qr_codes(pdf: bytes) -> list[str]:
    """The QR codes found on each page of a PDF (rasterised at 288 dpi), decoded."""
    document = pdfium.PdfDocument(pdf)
    found = []
    for index in range(len(document)):
        bitmap = document[index].render(scale=4, grayscale=True)
        view = memoryview(bytes(bitmap.buffer)).cast("B", (bitmap.height, bitmap.stride))
        found += [code.text for code in zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)]
    return found


# -- QR codes ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "mode"),
    [
        ("listes/lois-temkin/", "page"),
        ("kits/lois-temkin/", "page"),
        ("kits/seance-accueil-reclamation/", "page"),
        ("lois/loi-temkin-1/", "sheet"),
    ],
)
def test_each_printed_sheet_carries_a_qr_code_of_its_address(site: Site, page: Any, path: str, mode: str) -> None:
    pdf = print_page(page, site.url + path, mode=mode, print_background=False)
    assert qr_codes(pdf) == [SITE_URL + path]
    page.emulate_media(media="print")  # the code is on paper, not on screen: read it there
    image = page.locator("img.pb-qr")
    assert image.count() == 1 and image.get_attribute("alt") == f"Code QR de l’adresse {SITE_URL}{path}"


def test_a_collection_checklist_with_its_qr_code_still_fits_one_page(site: Site, page: Any) -> None:
    pdf = print_page(page, site.url + "listes/dix-commandements/", print_background=False)
    assert page_sizes(pdf) == [pytest.approx(A4_PT, abs=1)]
    assert qr_codes(pdf) == [SITE_URL + "listes/dix-commandements/"]


def test_the_qr_code_is_vector_art(site_dir: Path) -> None:
    svg = (site_dir / "qr" / "listes" / "lois-temkin.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<path" in svg and "<image" not in svg and "<script" not in svg


def test_no_qr_code_without_a_site_url(real_site_dir: Path) -> None:
    """The repository's own mkdocs.yml has no site_url: sheets then print the relative address only."""
    assert not (real_site_dir / "qr").exists()
    assert "pb-qr" not in (real_site_dir / "listes" / "lois-temkin" / "index.html").read_text(encoding="utf-8")


def test_the_qr_decoder_can_fail(site: Site, page: Any) -> None:
    """A printed page without a sheet has no QR code to find."""
    assert qr_codes(print_page(page, site.url + "ma-seance/", print_background=False)) == []


# -- « Ma séance » -------------------------------------------------------------------------------
def listed(page: Any) -> list[str]:
    page.wait_for_selector(".pb-builder--loaded")
    return page.eval_on_selector_all(
        ".pb-builder__list li code.pb-id, .pb-builder__groups .pb-group__title code",
        "els => els.map(e => e.textContent)",
    )


def session_ids(page: Any) -> list[str]:
    page.wait_for_selector(".pb-builder--loaded")
    return page.eval_on_selector_all(
        ".pb-builder__list li[data-pb-entry]", "els => els.map(e => e.getAttribute('data-pb-entry'))"
    )


def add_by_clicking(page: Any, site: Site, entries: list[str]) -> None:
    for entry_id in entries:
        folder = "procedures" if entry_id.startswith("procedure") else "lois"
        page.goto(f"{site.url}{folder}/{entry_id}/")
        button = page.get_by_role("button", name="Ajouter à ma séance")
        button.click()
        assert page.get_by_role("button", name="Retirer de ma séance").get_attribute("aria-pressed") == "true"


def test_build_reorder_reload_share_and_print_a_session(
    site: Site, site_dir: Path, chromium: Any, context: Any
) -> None:
    page = context.new_page()
    add_by_clicking(page, site, [SESSION[1], SESSION[0], SESSION[2]])
    page.goto(site.url + "ma-seance/")
    assert session_ids(page) == [SESSION[1], SESSION[0], SESSION[2]]
    page.get_by_role(
        "button", name=f"Descendre : {page.locator('.pb-builder__list li a').first.text_content()}"
    ).click()
    assert session_ids(page) == SESSION
    page.get_by_label("Titre de la séance").fill("Atelier confiance <b>")
    page.reload()
    assert session_ids(page) == SESSION, "kept in this browser"
    assert page.locator(".pb-builder__sheet-title").text_content() == "Atelier confiance <b>"  # text, not markup
    link = page.locator(".pb-builder__share-link").get_attribute("href")
    assert link.startswith(site.url + "ma-seance/#e=") and page.url == link

    other = chromium().new_page()  # another machine: a fresh profile, nothing stored
    other.goto(site.url + "ma-seance/")
    assert session_ids(other) == []
    other.goto(link)
    other.reload()  # the fragment alone: the same session, now stored there too
    assert session_ids(other) == SESSION
    assert other.locator(".pb-builder__sheet-title").text_content() == "Atelier confiance <b>"

    # the kit: each entry's checklist, the related questions and cases, notes, no chrome, one A4 sheet
    checklists = other.eval_on_selector_all(".pb-builder__groups .pb-checklist__text", "e => e.map(x => x.textContent)")
    questions = other.eval_on_selector_all(".pb-builder__questions li a", "e => e.map(x => x.textContent)")
    records = {r["id"]: r for r in json.loads((site_dir / "exports" / "seance.json").read_text("utf-8"))["entries"]}
    assert checklists == [item["text"] for entry_id in SESSION for item in records[entry_id]["checklist"]]
    assert questions and len(checklists) >= 10
    # printed whole: the fiche d'animation, then the support participant on a sheet of its own
    pdf = print_page(other, link, print_background=False)
    assert page_sizes(pdf) == [pytest.approx(A4_PT, abs=1)] * 2, "a collection-sized session: one sheet each"
    plan, words = norm(page_texts(pdf)[0]), norm(page_texts(pdf)[1])
    assert "FICHE D’ANIMATION" in plan.upper() and "9 h 00 – 9 h 15" in plan and "Questions à discuter" not in plan
    assert "Atelier confiance" in words and "Questions à discuter" in words and "Notes" in words
    for text in (
        "Copier le lien",
        "Vider la séance",
        "Monter",
        "Descendre",
        "Retirer",
        "Rechercher",
        "Ma séance Composez",
        "Minutes",
        "Imprimer",
    ):
        assert text not in plan and text not in words, text
    located = Located(pdf)
    image = raster(located.document[1])
    for item, where in zip(checklists, located.find_all_in_order(checklists), strict=True):
        assert where is not None, item
        box = box_left_of(image, where)
        assert box is not None and min(box.sides_dark) >= 0.95 and box.inside_dark == 0, (item, box)
    page.close()
    other.close()


def test_add_from_a_list_page(site: Site, chromium: Any) -> None:
    page = chromium().new_page()
    page.goto(site.url + "procedures/")
    row = page.locator("article li").filter(has_text="Procédure 3")
    row.get_by_role("button", name="Ajouter à ma séance").click()
    assert row.get_by_role("button", name="Retirer de ma séance").get_attribute("aria-pressed") == "true"
    page.goto(site.url + "etiquettes/")
    page.goto(site.url + "ma-seance/")
    assert session_ids(page) == [SESSION[2]]


def test_add_from_search_results_in_one_click(site: Site, chromium: Any) -> None:
    """Issue #23: a result of the search an entry « Ma séance » can hold has its « Ajouter à ma
    séance » button; a source, which a séance cannot hold, has none."""
    from playwright.sync_api import expect

    page = chromium().new_page()
    page.goto(site.url)
    paths = search(page, "familiarité alignement")
    assert "/lois/loi-temkin-3/" in paths
    result = page.locator(".md-search-result__item").filter(has=page.locator('a[href$="/lois/loi-temkin-3/"]'))
    button = result.get_by_role("button", name="Ajouter à ma séance")
    expect(button).to_be_visible()
    button.click()
    expect(result.get_by_role("button", name="Retirer de ma séance")).to_have_attribute("aria-pressed", "true")
    search(page, "Consumerist Nordstrom")
    sources = page.locator(".md-search-result__item").filter(has=page.locator('a[href*="/sources/"]'))
    assert sources.count() and sources.first.get_by_role("button").count() == 0
    page.goto(site.url + "ma-seance/")
    assert session_ids(page) == ["loi-temkin-3"]


def test_a_question_of_the_session_is_printed_once(site: Site, chromium: Any) -> None:
    """Issue #23: a question the trainer added was printed twice (as an entry and among the
    questions to discuss). It is printed once, with its actions; related questions not in the
    session are still listed."""
    page = chromium().new_page()
    page.goto(f"{site.url}ma-seance/#e=loi-temkin-1,question-resoudre-ou-enqueter")
    assert session_ids(page) == ["loi-temkin-1", "question-resoudre-ou-enqueter"]
    title = page.locator('.pb-builder__list li[data-pb-entry="question-resoudre-ou-enqueter"] a').first.text_content()
    support = page.locator(".pb-sheet--builder")
    assert support.get_by_role("link", name=title, exact=True).count() == 1
    listed = support.locator(".pb-builder__questions li a").all_text_contents()
    assert listed and title not in listed


def test_the_builder_works_from_the_offline_copy(offline_site_dir: Path, chromium: Any) -> None:
    """Opened from disk (``make offline``), where ``fetch`` is refused: the data loads as a script."""
    page = chromium().new_page()
    page.goto((offline_site_dir / "ma-seance" / "index.html").as_uri() + f"#e={','.join(SESSION)}")
    assert session_ids(page) == SESSION
    link = page.locator(".pb-builder__groups .pb-group__title a").first.evaluate("a => a.href")
    assert link.startswith("file://") and link.endswith("/procedures/procedure-1-vision-confiance.html")


def test_hostile_fragment_and_storage_are_ignored(site: Site, chromium: Any) -> None:
    page = chromium().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site.url + "ma-seance/#e=<img src=x onerror=alert(1)>,loi-temkin-1,loi-temkin-1,inconnue&t=%3Cscript%3E")
    assert session_ids(page) == ["loi-temkin-1"]
    assert page.locator(".pb-builder script, .pb-builder img").count() == 0
    page.evaluate("() => localStorage.setItem('playbook:seance', '{\"ids\": 3, \"title\": {}}')")
    page.goto(site.url + "ma-seance/")
    page.reload()
    assert session_ids(page) == [] and errors == []


def test_the_session_builder_works_with_the_keyboard_only(site: Site, chromium: Any) -> None:
    page = chromium().new_page()
    page.goto(f"{site.url}ma-seance/#e={','.join(SESSION)}")
    page.wait_for_selector(".pb-builder--loaded")
    first = page.locator(".pb-builder__list li a").first.text_content()
    page.locator(".pb-builder__title-input").focus()
    for _ in range(25):  # the title, audience and start fields, the print buttons, the block's fields...
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == f"Descendre\u00a0: {first}":
            break
    else:
        pytest.fail("the first entry's « Descendre » button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert session_ids(page) == [SESSION[1], SESSION[0], SESSION[2]]
    # the focus follows the moved entry: Enter again moves it further
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == f"Descendre\u00a0: {first}"
    page.keyboard.press("Enter")
    assert session_ids(page) == [SESSION[1], SESSION[2], SESSION[0]]
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == f"Monter\u00a0: {first}"
    status = page.locator(".pb-builder__status")
    assert "position 3" in status.text_content() and status.get_attribute("role") == "status"


def test_a_yaml_session_is_published_and_printable(site: Site, page: Any) -> None:
    page.goto(site.url + "seances/seance-accueil-reclamation/")
    page.get_by_role("link", name="Fiche d’animation à imprimer").click()
    page.wait_for_url(site.url + "kits/seance-accueil-reclamation/")  # the new page loaded, as a reader waits for it
    used = page.eval_on_selector_all(".pb-plan__entries a", "e => e.map(x => new URL(x.href).pathname)")
    titles = [path.rstrip("/").rsplit("/", 1)[-1] for path in used]
    assert titles == [
        "loi-temkin-1",
        "coolblue-retard-livraison",
        "paradoxe-reclamation",
        "question-resoudre-ou-enqueter",
        "mise-en-situation-machine-a-cafe",
    ]
    pdf = print_page(page, page.url, print_background=False)
    texts = page_texts(pdf)
    assert all(text.strip() for text in texts), "no blank page"
    assert all(size == pytest.approx(A4_PT, abs=1) for size in page_sizes(pdf))
    words = norm(" ".join(texts))
    assert "90 minutes" in words and "Objectifs" in words and "Déroulé" in words
    chrome = page.eval_on_selector_all(".md-header, .md-sidebar", "e => e.length")
    assert chrome and "Rechercher" not in words
    add_by_clicking(page, site, ["loi-temkin-2"])  # a session of one's own: the link asks before replacing it
    page.goto(site.url + "seances/seance-accueil-reclamation/")
    page.get_by_role("link", name="Ouvrir dans « Ma séance »").click()
    page.get_by_role("dialog").get_by_role("button", name="Remplacer ma séance").click()
    assert session_ids(page) == titles
    assert page.locator(".pb-builder__sheet-title").text_content() == "Transformer une réclamation en confiance"


# -- reading paths -------------------------------------------------------------------------------
def test_follow_a_path_with_previous_next_and_progress(site: Site, chromium: Any) -> None:
    from playwright.sync_api import expect

    page = chromium().new_page()
    page.goto(site.url + "parcours/parcours-manager/")
    progress = page.locator(".pb-path__progress")
    assert progress.text_content() == "Progression\u00a0: 0 étape faite sur 8."
    page.locator(".pb-path__steps a").first.click()
    page.wait_for_url(site.url + "lois/loi-temkin-4/")  # the new page loaded, as a reader waits for it
    nav = page.get_by_role("navigation", name="Parcours : Parcours du manager")
    assert "étape 1 sur 8" in nav.text_content() and nav.locator("a.pb-path-nav__previous").count() == 0
    nav.get_by_label("Étape faite").check()
    nav.locator("a.pb-path-nav__next").click()
    page.wait_for_url(site.url + "lois/loi-temkin-5/")  # the new page loaded, as a reader waits for it
    nav = page.get_by_role("navigation", name="Parcours : Parcours du manager")
    assert "étape 2 sur 8" in nav.text_content()
    nav.get_by_label("Étape faite").check()
    nav.locator("a.pb-path-nav__previous").click()
    page.wait_for_url(site.url + "lois/loi-temkin-4/")  # the new page loaded, as a reader waits for it
    assert (
        page.get_by_role("navigation", name="Parcours : Parcours du manager").get_by_label("Étape faite").is_checked()
    )
    page.goto(site.url + "parcours/parcours-manager/")
    assert progress.text_content() == "Progression\u00a0: 2 étapes faites sur 8."
    boxes = page.locator(".pb-path__steps input")
    assert [boxes.nth(i).is_checked() for i in range(8)] == [True, True, False, False, False, False, False, False]
    boxes.nth(0).uncheck()
    expect(progress).to_have_text("Progression\u00a0: 1 étape faite sur 8.")  # updated once the tick is kept
    page.reload()
    assert progress.text_content() == "Progression\u00a0: 1 étape faite sur 8."


# -- accessibility of the new pages ----------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        f"ma-seance/#e={','.join(SESSION)}",
        "seances/seance-accueil-reclamation/",
        "kits/seance-accueil-reclamation/",
        "parcours/parcours-manager/",
        "parcours/",
        "lois/loi-temkin-4/",
        "auto-diagnostic/lois-temkin/",
        "auto-diagnostic/",
    ],
)
def test_new_pages_have_no_serious_accessibility_violation(site: Site, page: Any, path: str) -> None:
    axe = require(AXE_JS, "axe-core", NPM_HINT)
    page.goto(site.url + path)
    if path.startswith("ma-seance"):
        page.wait_for_selector(".pb-builder--loaded")
    if path == "auto-diagnostic/lois-temkin/":
        page.wait_for_selector(".pb-diagnostic--ready")
        page.locator("select.pb-diagnostic__select").first.select_option("4")
    load_axe(page, axe)
    result = run_axe(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_builder_page_says_it_needs_javascript(site_dir: Path) -> None:
    """Without the script, the page explains itself and links to the data instead of staying blank."""
    html = (site_dir / "ma-seance" / "index.html").read_text(encoding="utf-8")
    assert "Cette page a besoin de JavaScript" in html and 'href="../exports/seance.json"' in html
    assert '"id":"loi-temkin-1"' in (site_dir / "exports" / "seance.json").read_text(encoding="utf-8")


# -- « Auto-diagnostic » ------------------------------------------------------------------------
LAWS = [f"loi-temkin-{n}" for n in range(1, 7)]


def rate(page: Any, scores: dict[str, int]) -> None:
    for entry_id, score in scores.items():
        row = page.locator("li.pb-diagnostic__entry", has=page.locator(f"code:text-is('{entry_id}')"))
        row.get_by_role("combobox").select_option(str(score))


def chart_bars(page: Any) -> list[float]:
    return page.eval_on_selector_all(".pb-diagnostic__svg rect", "rs => rs.map(r => r.getBBox().width)")


def test_rate_a_collection_see_the_chart_and_the_weakest_then_export(site: Site, chromium: Any, tmp_path: Path) -> None:
    page = chromium().new_page()
    page.goto(site.url + "auto-diagnostic/lois-temkin/")
    page.wait_for_selector(".pb-diagnostic--ready")
    assert chart_bars(page) == []
    scores = dict(zip(LAWS, [7, 3, 9, 2, 5, 8], strict=True))
    rate(page, scores)
    widths = chart_bars(page)
    assert len(widths) == 6 and [round(w / widths[0] * 7) for w in widths] == list(scores.values())
    svg = page.locator(".pb-diagnostic__svg")
    assert svg.get_attribute("role") == "img"
    description = norm(page.locator(".pb-diagnostic__svg desc").evaluate("e => e.textContent"))  # screen readers
    assert "Loi 2 : les gens sont instinctivement centrés sur eux-mêmes : 3 sur 10" in description
    weakest = page.eval_on_selector_all(".pb-diagnostic__weak-title", "e => e.map(x => x.textContent)")
    assert [norm(w).split(" : ")[0] for w in weakest] == ["Loi 4", "Loi 2", "Loi 5"]
    actions = page.locator(".pb-diagnostic__weak").first.locator(".pb-diagnostic__actions li")
    assert actions.count() >= 3  # the weakest law's checklist

    page.reload()  # kept in this browser
    page.wait_for_selector(".pb-diagnostic--ready")
    assert [round(w / chart_bars(page)[0] * 7) for w in chart_bars(page)] == list(scores.values())

    page.get_by_role("button", name="Exporter mes notes (CSV)").click()
    page.get_by_role("dialog").get_by_label("Votre nom ou vos initiales").fill("Camille")
    with page.expect_download() as download:
        page.get_by_role("dialog").get_by_role("button", name="Exporter", exact=True).click()
    path = tmp_path / "mine.csv"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    lines = [norm(line) for line in data.decode("utf-8-sig").splitlines()]
    assert lines[0] == "collection;identifiant;titre;note;participant;moment;date"
    assert lines[4].startswith(
        "lois-temkin;loi-temkin-4;Loi 4 : des employés non impliqués ne créent pas de clients impliqués;2;Camille;;"
    )

    pdf = print_page(page, page.url, print_background=False)
    texts = page_texts(pdf)
    assert all(text.strip() for text in texts), "no blank page"
    words = norm(" ".join(texts))
    assert "À travailler en priorité" in words and "Exporter" not in words
    page.get_by_role("button", name="Effacer mes notes").click()
    assert chart_bars(page) == []
    page.reload()
    page.wait_for_selector(".pb-diagnostic--ready")
    assert (
        chart_bars(page) == []
        and page.evaluate("() => localStorage.getItem('playbook:diagnostic:lois-temkin')") is None
    )


def test_import_two_exports_to_see_the_team_spread(site: Site, chromium: Any, tmp_path: Path) -> None:
    header = "\ufeffcollection;identifiant;titre;note\r\n"
    first = tmp_path / "alice.csv"
    first.write_text(
        header + "".join(f"lois-temkin;{i};x;{s}\r\n" for i, s in zip(LAWS, [2, 4, 6, 8, 10, 1], strict=True)),
        encoding="utf-8",
    )
    second = tmp_path / "bruno.csv"
    second.write_text(
        header
        + "".join(f'lois-temkin;{i};"a;b";{s}\r\n' for i, s in zip(LAWS, [4, 4, 9, 1, 10, 3], strict=True))
        + "dix-commandements;commandement-1-marque;x;5\r\nlois-temkin;loi-temkin-1;x;=1+1\r\n",
        encoding="utf-8",
    )
    hostile = tmp_path / "autre.csv"
    hostile.write_text("<img src=x onerror=alert(1)>;note\r\n1;2\r\n", encoding="utf-8")
    page = chromium().new_page()
    page.goto(site.url + "auto-diagnostic/lois-temkin/")
    page.wait_for_selector(".pb-diagnostic--ready")
    page.locator("input.pb-diagnostic__import").set_input_files([str(first), str(second), str(hostile)])
    page.wait_for_selector(".pb-diagnostic__team-table")
    rows = page.eval_on_selector_all(
        ".pb-diagnostic__team-table tbody tr", "rs => rs.map(r => Array.from(r.cells).map(c => c.textContent))"
    )
    assert [row[1:] for row in rows] == [
        ["2", "2", "3", "4"],
        ["2", "4", "4", "4"],
        ["2", "6", "7,5", "9"],
        ["2", "1", "4,5", "8"],
        ["2", "10", "10", "10"],
        ["2", "1", "2", "3"],
    ]
    assert norm(page.locator(".pb-diagnostic__status").text_content()) == (
        "2 exports chargés, 1 fichier refusé (détails sous « L’équipe »). L’équipe : 2 participants."
    )
    assert page.locator(".pb-diagnostic img").count() == 0
    assert "équipe (2) : de 1 à 8, médiane 4,5" in norm(
        page.locator(".pb-diagnostic__svg desc").evaluate("e => e.textContent")  # what a screen reader hears
    )
    assert page.locator(".pb-diagnostic__svg .pb-diagnostic__range").count() == 6


def test_the_pages_as_the_scripts_leave_them_are_valid_html(site: Site, chromium: Any, tmp_path: Path) -> None:
    """The Nu checker on the DOM the scripts built: a filled session, a rated collection with a
    team loaded, a path with progress (the static pages are checked by test_html_valid.py)."""
    from .test_html_valid import vnu

    page = chromium().new_page()
    export = tmp_path / "equipe.csv"
    export.write_text("collection;identifiant;note\r\nlois-temkin;loi-temkin-1;4\r\n", encoding="utf-8")
    pages = {
        "ma-seance": f"ma-seance/#e={','.join(SESSION)}&t=Atelier",
        "diagnostic": "auto-diagnostic/lois-temkin/",
        "parcours": "parcours/parcours-manager/",
        "etape": "lois/loi-temkin-4/",
    }
    for name, path in pages.items():
        page.goto(site.url + path)
        if name == "ma-seance":
            page.wait_for_selector(".pb-builder--loaded")
        if name == "diagnostic":
            page.wait_for_selector(".pb-diagnostic--ready")
            rate(page, {"loi-temkin-1": 6, "loi-temkin-2": 3})
            page.locator("input.pb-diagnostic__import").set_input_files([str(export)])
            page.wait_for_selector(".pb-diagnostic__team-table")
        html = page.evaluate("() => '<!DOCTYPE html>' + document.documentElement.outerHTML")
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    assert vnu(*(tmp_path / f"{name}.html" for name in pages)) == []


def test_lists_are_lists(site_dir: Path) -> None:
    """One list item per entry on a kind's index and per collection on the printables' hub (a line
    ending with a Jinja block tag used to swallow the line break that separates them)."""
    laws = (site_dir / "lois" / "index.html").read_text(encoding="utf-8")
    assert laws.count('data-pb-entry="loi-temkin-') == 6
    assert len(re.findall(r"<li>n°\xa0\d — <a ", laws)) == 6
    hub = (site_dir / "imprimables" / "index.html").read_text(encoding="utf-8")
    assert hub.split('id="par-collection"', 1)[1].split("<h2", 1)[0].count("<li><strong>") == 6  # after the books
