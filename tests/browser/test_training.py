"""Training material in real headless Chromium, on the real content built with a ``site_url``, used
as a reader uses it (visible controls, clicked or tapped): a séance's fiche d'animation (clock
times from a start chosen on the page) and support participant printed on A4, blocks unsplit,
boxes visible, QR codes decoded to each page's address; a quiz taken, kept, reset and printed
with its answer key on a page of its own; case cards printed six per sheet with cut marks; a
situation to play labelled as fiction; screenshots of each new page at phone and desktop size."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from pdftools import A4_PT, Located, assert_boxes, box_left_of, norm, page_sizes, page_texts, raster, squash
from playbook.core import check
from playbook.pdf_printer import print_page

from .support import CHROMIUM, CHROMIUM_ARGS, DEBIAN_HINT, BlockingProxy, Site, offline_args, require, serve

# the fixture `site_dir` (the real site built with SITE_URL) is that of the trainers' tests
from .test_trainers import (
    SITE_URL,
    qr_codes,
    site_dir,  # noqa: F401
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSION = "seance-accueil-reclamation"
QUIZ = "quiz-lois-temkin"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def playbook() -> Any:
    result = check(Path(__file__).resolve().parents[2] / "laws")
    assert result.playbook is not None
    return result.playbook


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Iterator[Site]:  # noqa: F811
    with serve(site_dir) as served:
        yield served


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory, proxy: BlockingProxy) -> Iterator[Any]:
    """A factory of Chromium contexts, each on a fresh profile, offline: desktop or phone (touch)."""
    require(CHROMIUM, "Chromium", DEBIAN_HINT)
    from playwright.sync_api import sync_playwright

    contexts = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, *offline_args(proxy)]
        )

        def fresh(phone: bool = False) -> Any:
            context = browser.new_context(
                viewport=PHONE if phone else DESKTOP, has_touch=phone, is_mobile=phone, locale="fr-FR"
            )
            contexts.append(context)
            return context

        try:
            yield fresh
        finally:
            for context in contexts:
                context.close()
            browser.close()


def shown(text: str) -> str:
    """A text as the site typesets it (typographic apostrophes; spaces are folded by ``norm``)."""
    return norm(text.replace("'", "\u2019"))


def watched(context: Any) -> tuple[Any, list[str]]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


# -- a séance: fiche d'animation and support participant ------------------------------------------
def test_the_fiche_d_animation_prints_the_timed_plan_from_a_chosen_start(
    site: Site, chromium: Any, playbook: Any
) -> None:
    from playwright.sync_api import expect

    session = playbook.entries[SESSION]
    blocks = session.data["blocks"]
    page, errors = watched(chromium())
    page.goto(site.url + f"seances/{SESSION}/")
    page.get_by_role("link", name="Fiche d’animation à imprimer").click()
    page.wait_for_url(site.url + f"kits/{SESSION}/")  # the new page loaded, as a reader waits for it
    clocks = page.locator(".pb-plan__clock")
    expect(clocks.first).to_be_visible()  # the page as a reader waits for it (count() does not wait)
    assert clocks.count() == len(blocks)
    assert norm(clocks.first.text_content()) == "9 h 00 – 9 h 10"
    start = page.get_by_label("Début de la séance")
    start.fill("14:00")  # Playwright's fill of a time field sends « input » and « change », as a reader's entry does
    assert norm(clocks.first.text_content()) == "14 h 00 – 14 h 10"
    assert norm(clocks.last.text_content()) == "15 h 20 – 15 h 30"
    assert norm(page.locator(".pb-plan__end").text_content()) == "15 h 30"

    pdf = print_page(page, page.url, print_background=False)  # reloaded: the start is kept
    texts = page_texts(pdf)
    assert all(text.strip() for text in texts), "no blank page"
    assert all(size == pytest.approx(A4_PT, abs=1) for size in page_sizes(pdf))
    words = norm(" ".join(texts))
    assert "Rechercher" not in words and "Imprimer" not in words and "Début de la séance" not in words
    assert "14 h 00 – 14 h 10" in words and "Jeu de rôle" in words
    # every block on one page: its clock and its last line are printed on the same sheet
    located = Located(pdf)
    for block in blocks:
        last = (block.get("expected") or [block.get("participants") or block["title"]])[-1]
        first, end = located.find_all_in_order([shown(block["title"]), shown(last)])
        assert first is not None and end is not None, block["title"]
        assert first.page == end.page, f"block « {block['title']} » split across pages"
    assert qr_codes(pdf) == [SITE_URL + f"kits/{SESSION}/"]
    assert errors == []


def test_the_support_participant_prints_what_participants_use(site: Site, chromium: Any, playbook: Any) -> None:
    session = playbook.entries[SESSION]
    page, errors = watched(chromium())
    page.goto(site.url + f"kits/{SESSION}/")
    page.get_by_role("link", name="Support participant").click()
    page.wait_for_url(site.url + f"kits/{SESSION}/support/")  # the new page loaded, as a reader waits for it
    # only the actions for the séance's audience, and a heading only where there are some
    expected = [
        text
        for entry_id in dict.fromkeys(i for b in session.data["blocks"] for i in b.get("entries", ()))
        for text, who in playbook.entries[entry_id].checklist_items()
        if who == session.data["audience"]
    ]
    actions = page.eval_on_selector_all(".pb-support__tools .pb-checklist__text", "e => e.map(x => x.textContent)")
    assert [norm(t) for t in actions] == [shown(t) for t in expected]
    assert page.locator(".pb-support__actions").count() == page.locator(".pb-support__tools .pb-checklist").count()
    assert page.locator(".pb-audience").count() == 0  # one audience: no label on each line
    # the case's text, the observer's grid; the quiz answers and the trainer's notes are not there
    assert "Kim" in page.locator(".pb-support__item--case").first.text_content()
    assert page.locator("table.pb-grid").count() == 1
    assert page.get_by_text("L’animateur").count() == 0

    pdf = print_page(page, page.url, print_background=False)
    texts = page_texts(pdf)
    assert all(text.strip() for text in texts) and all(s == pytest.approx(A4_PT, abs=1) for s in page_sizes(pdf))
    assert "Rechercher" not in norm(" ".join(texts))
    # the boxes print: an outlined square left of each action
    located = Located(pdf)
    document = pdfium.PdfDocument(pdf)
    for found in located.find_all_in_order([shown(t) for t in expected]):
        assert found is not None
        assert box_left_of(raster(document[found.page]), found) is not None, "no visible box"
    assert qr_codes(pdf) == [SITE_URL + f"kits/{SESSION}/support/"]
    assert errors == []


# -- « Ma séance »: a timed séance built in the browser --------------------------------------------
#: window.print() replaced by a spy: which document a print button asked for (playbook.js forgets
#: the choice on « afterprint »).
PRINT_SPY = (
    "() => { window.__printed = []; window.print = () => window.__printed.push("
    "document.documentElement.getAttribute('data-pb-print') || 'page'); }"
)


def press(page: Any, control: Any, phone: bool) -> None:
    """Tap (phone) or click (desktop) a control once the reader can see it."""
    from playwright.sync_api import expect

    expect(control).to_be_visible()
    if phone:
        control.tap()
    else:
        control.click()


def print_document(page: Any, button: str, which: str, phone: bool) -> bytes:
    """What the print button ``button`` prints (it asks for the document ``which``), as Chromium
    prints it (A4 from the page's @page)."""
    page.evaluate(PRINT_SPY)
    press(page, page.get_by_role("button", name=button), phone)
    assert page.evaluate("() => window.__printed") == [which]
    page.emulate_media(media="print")
    try:
        return page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    finally:
        page.emulate_media(media="screen")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_build_a_timed_seance_choose_an_audience_and_print_both_documents(
    site: Site,
    site_dir: Path,  # noqa: F811
    chromium: Any,
    phone: bool,
) -> None:
    """Issue #23: « Ma séance » builds what a ready séance is: blocks with minutes and an activity,
    clock times from a start, an audience chosen once that the printed checklists follow (no
    heading over nothing, true counts), and both documents printed on A4, each with the full
    share link and a QR code that decodes to it; the link alone rebuilds the same séance."""
    from playwright.sync_api import expect

    records = {r["id"]: r for r in json.loads((site_dir / "exports" / "seance.json").read_text("utf-8"))["entries"]}
    page, errors = watched(chromium(phone))
    # entries added in one click each: from a list, and from an entry's page
    page.goto(site.url + "lois/")
    for law in ("loi-temkin-1", "loi-temkin-4"):
        row = page.locator("article li").filter(has=page.locator(f'button[data-pb-entry="{law}"]'))
        press(page, row.get_by_role("button", name="Ajouter à ma séance"), phone)
    page.goto(site.url + "cas/coolblue-retard-livraison/")
    press(page, page.get_by_role("button", name="Ajouter à ma séance"), phone)
    page.goto(site.url + "ma-seance/")
    page.wait_for_selector(".pb-builder--loaded")
    entries = ["loi-temkin-1", "loi-temkin-4", "coolblue-retard-livraison"]
    titles = [records[i]["title"] for i in entries]

    # minutes and activity per block, the audience and the start, each chosen once
    minutes = page.get_by_label(f"Minutes : {titles[0]}")
    expect(minutes).to_be_visible()
    minutes.fill("20")
    page.get_by_label(f"Activité : {titles[2]}").select_option(label="Discussion")
    page.get_by_label(f"Minutes : {titles[2]}").fill("25")
    page.get_by_label("Public de la séance").select_option(label="Contact client")
    page.get_by_label("Début de la séance").fill("14:00")
    clocks = [norm(t) for t in page.locator(".pb-builder__list .pb-builder__clock").all_text_contents()]
    assert clocks == ["14 h 00 – 14 h 20", "14 h 20 – 14 h 35", "14 h 35 – 15 h 00"]
    assert norm(page.locator(".pb-builder__plan-meta").text_content()) == (
        "Public : Contact client · 60 minutes, de 14 h 00 à 15 h 00"
    )
    # the support participant: only the front line's actions, no heading over nothing, true counts
    expected = {i: [c["text"] for c in records[i]["checklist"] if c["audience"] == "front-line"] for i in entries}
    shown_ids = page.eval_on_selector_all(
        ".pb-builder__groups .pb-group__title code.pb-id", "e => e.map(x => x.textContent)"
    )
    assert shown_ids == [i for i in entries if expected[i] or not records[i]["checklist"]]
    actions = page.eval_on_selector_all(".pb-builder__groups .pb-checklist__text", "e => e.map(x => x.textContent)")
    assert actions == [t for i in entries for t in expected[i]] and actions
    count = sum(len(v) for v in expected.values())
    assert norm(page.locator(".pb-builder__meta").text_content()) == (
        f"{len(shown_ids)} entrées, {count} actions « Contact client » à cocher"
    )
    link = page.locator(".pb-builder__share-link").get_attribute("href")
    assert page.url == link and "&m=20,15,25&" in link and "&p=front-line" in link and "&d=14:00" in link

    page.reload()  # kept in this browser: blocks, audience, start
    page.wait_for_selector(".pb-builder--loaded")
    assert page.get_by_label(f"Minutes : {titles[2]}").input_value() == "25"
    assert page.get_by_label(f"Activité : {titles[2]}").input_value() == "discussion"
    assert page.get_by_label("Public de la séance").input_value() == "front-line"
    assert page.url == link

    # the fiche d'animation alone: the timetable, blocks unsplit, the link and its QR code
    pdf = print_document(page, "Imprimer la fiche d’animation", "plan", phone)
    texts = page_texts(pdf)
    assert all(t.strip() for t in texts), "no blank page"
    assert all(size == pytest.approx(A4_PT, abs=1) for size in page_sizes(pdf))
    words = norm(" ".join(texts))
    for chrome in ("Rechercher", "Imprimer", "Minutes", "Monter", "Retirer", "Support participant"):
        assert chrome not in words, chrome
    assert "Fiche d’animation".upper() in words.upper()
    for clock in clocks:
        assert clock in words
    assert "Discussion" in words and "60 minutes" in words
    located = Located(pdf)
    for entry_id in entries:
        title, summary = located.find_all_in_order([records[entry_id]["title"], records[entry_id]["summary"]])
        assert title is not None and summary is not None and title.page == summary.page, entry_id
    assert qr_codes(pdf) == [link]
    assert link in squash(" ".join(texts)), "the full share link is printed"

    # the support participant alone: the front line's actions with visible boxes, the link, its QR code
    pdf = print_document(page, "Imprimer le support participant", "support", phone)
    texts = page_texts(pdf)
    assert all(t.strip() for t in texts) and all(s == pytest.approx(A4_PT, abs=1) for s in page_sizes(pdf))
    words = norm(" ".join(texts))
    assert "Déroulé" not in words and "14 h 00 – 14 h 20" not in words
    other = [c["text"] for i in entries for c in records[i]["checklist"] if c["audience"] != "front-line"]
    assert other and not any(norm(t)[:30] in words for t in other), "only the audience's actions"
    assert_boxes(pdf, actions)
    assert qr_codes(pdf) == [link]
    assert link in squash(" ".join(texts))

    # the link alone, on another machine, rebuilds the same séance
    elsewhere, more_errors = watched(chromium(phone))
    elsewhere.goto(link)
    elsewhere.wait_for_selector(".pb-builder--loaded")
    assert [norm(t) for t in elsewhere.locator(".pb-builder__list .pb-builder__clock").all_text_contents()] == clocks
    assert elsewhere.get_by_label("Public de la séance").input_value() == "front-line"
    assert elsewhere.url == link
    assert errors == [] and more_errors == []


def test_a_ready_seance_opens_in_ma_seance_with_its_timing(site: Site, chromium: Any, playbook: Any) -> None:
    """« Ouvrir dans « Ma séance » » of a ready séance brings its minutes, activities and audience;
    a block of several entries shares its minutes among them, so the length stays the same."""
    session = playbook.entries[SESSION]
    page, errors = watched(chromium())
    page.goto(site.url + f"seances/{SESSION}/")
    page.get_by_role("link", name="Ouvrir dans « Ma séance »").click()
    page.wait_for_selector(".pb-builder--loaded")
    with_entries = [b for b in session.data["blocks"] if b.get("entries")]
    total = sum(b["minutes"] for b in with_entries)  # the breaks stay out: « Ma séance » has a block per entry
    assert f"· {total} minutes, de 9 h 00 à " in norm(page.locator(".pb-builder__plan-meta").text_content())
    first = with_entries[0]
    assert page.locator(".pb-builder__activity").first.input_value() == first["activity"]
    assert page.get_by_label("Public de la séance").input_value() == session.data["audience"]
    assert errors == []


# -- a quiz -----------------------------------------------------------------------------------
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_take_a_quiz_keep_the_score_and_reset_it(site: Site, chromium: Any, playbook: Any, phone: bool) -> None:
    questions = playbook.entries[QUIZ].data["questions"]
    page, errors = watched(chromium(phone))
    page.goto(site.url + "quiz/")
    page.get_by_role("link", name=playbook.entries[QUIZ].title).click()
    page.wait_for_selector(".pb-quiz--ready")
    key = page.locator(".pb-quiz__key")
    assert not key.is_visible()  # the key opens after « Vérifier »
    items = page.locator("ol.pb-quiz__questions > li")
    # right answers to all questions but the first, which gets a wrong one
    for index, question in enumerate(questions):
        pick = question["answer"] - 1 if index else question["answer"] % len(question["choices"])
        label = items.nth(index).locator("label.pb-quiz__label").nth(pick)
        label.scroll_into_view_if_needed()
        label.tap() if phone else label.click()
    button = page.get_by_role("button", name="Vérifier mes réponses")
    button.tap() if phone else button.click()
    score = page.locator(".pb-quiz__score")
    assert norm(score.text_content()) == f"Score : {len(questions) - 1} sur {len(questions)}."
    assert key.is_visible()
    assert items.first.locator(".pb-quiz__verdict").text_content() == "Faux"
    assert items.first.locator(".pb-quiz__choice--wrong").count() == 1
    page.reload()
    page.wait_for_selector(".pb-quiz--ready")
    assert norm(score.text_content()) == f"Score : {len(questions) - 1} sur {len(questions)}."  # kept
    reset = page.get_by_role("button", name="Recommencer")
    reset.tap() if phone else reset.click()
    assert page.locator("input.pb-quiz__radio:checked").count() == 0
    assert not key.is_visible() and page.locator(".pb-quiz__verdict").count() == 0
    assert page.evaluate(f"() => localStorage.getItem('playbook:quiz:{QUIZ.removeprefix('quiz-')}')") is None
    page.reload()
    page.wait_for_selector(".pb-quiz--ready")
    assert page.locator("input.pb-quiz__radio:checked").count() == 0
    assert errors == []


def test_a_quiz_prints_with_its_answer_key_on_a_page_of_its_own(site: Site, chromium: Any, playbook: Any) -> None:
    quiz = playbook.entries[QUIZ]
    page, errors = watched(chromium())
    pdf = print_page(page, site.url + f"quiz/{QUIZ}/", print_background=False)
    texts = [norm(t) for t in page_texts(pdf)]
    key_pages = [i for i, t in enumerate(texts) if "Corrigé" in t]
    question_pages = [i for i, t in enumerate(texts) if shown(quiz.data["questions"][0]["question"])[:40] in t]
    assert key_pages and question_pages and min(key_pages) > max(question_pages), "the key shares a page"
    assert "Vérifier mes réponses" not in " ".join(texts)
    assert all(size == pytest.approx(A4_PT, abs=1) for size in page_sizes(pdf))
    assert errors == []


# -- case cards -----------------------------------------------------------------------------------
def test_print_case_cards_six_per_sheet_with_cut_marks(site: Site, chromium: Any, playbook: Any) -> None:
    cases = playbook.by_kind["case"]
    page, errors = watched(chromium())
    page.goto(site.url + "imprimables/")
    page.get_by_role("link", name="Cartes à découper : cas d’entreprise").click()
    page.wait_for_url(site.url + "cartes/cas/")  # the new page loaded, as a reader waits for it
    assert page.locator(".pb-card").count() == len(cases)
    pdf = print_page(page, page.url, print_background=False)
    sizes = page_sizes(pdf)
    assert len(sizes) == -(-len(cases) // 6) and all(s == pytest.approx(A4_PT, abs=1) for s in sizes)
    located = Located(pdf)
    for found, case in zip(located.find_all_in_order([shown(c.title) for c in cases]), cases, strict=True):
        assert found is not None, case.id
    # each card ends on the page it starts on: its address follows its title on the same sheet
    for case in cases:
        title, address = located.find_all_in_order([shown(case.title), f"{SITE_URL}cas/{case.id}/"])
        assert title is not None and address is not None and title.page == address.page, case.id
    # cut marks: an L at two corners of each card, drawn as borders so they print without backgrounds
    page.emulate_media(media="print")
    marks = page.evaluate(
        """() => [...document.querySelectorAll('.pb-card')].map(card => {
             const before = getComputedStyle(card, '::before'), after = getComputedStyle(card, '::after');
             return [before.borderTopWidth, before.borderLeftWidth, after.borderBottomWidth, after.borderRightWidth]
               .map(parseFloat);
           })"""
    )
    page.emulate_media(media="screen")
    assert marks and all(min(widths) > 0 for widths in marks), marks
    assert errors == []


# -- a situation to play ----------------------------------------------------------------------------
def test_a_situation_is_labelled_fiction_and_has_its_role_cards(site: Site, chromium: Any, playbook: Any) -> None:
    for scenario in playbook.by_kind["scenario"]:
        page, errors = watched(chromium())
        page.goto(site.url + f"mises-en-situation/{scenario.id}/")
        assert page.locator(".pb-fiction").first.is_visible()
        assert "Situation fictive" in page.locator(".pb-fiction").first.text_content()
        cards = page.locator(".pb-card--role")
        assert cards.count() == len(scenario.data["roles"]) + 1  # the observer's card is added
        assert page.locator("table.pb-grid tbody tr").count() == len(scenario.data["observation"])
        page.close()
        assert errors == []


# -- screenshots of each new page, phone and desktop --------------------------------------------
NEW_PAGES = [
    f"seances/{SESSION}/",
    f"kits/{SESSION}/",
    f"kits/{SESSION}/support/",
    "mises-en-situation/mise-en-situation-machine-a-cafe/",
    "guides/guide-coolblue-retard-livraison/",
    f"quiz/{QUIZ}/",
    "glossaire/",
    "glossaire/valeur-vie-client-terme/",
    "cartes/cas/",
]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_screenshots_of_the_new_pages(site: Site, chromium: Any, tmp_path: Path, phone: bool) -> None:
    """Each new page type at phone and desktop size: written where ``PLAYBOOK_SCREENSHOTS`` says (a
    folder to look at; the temporary folder otherwise), never wider than the screen, nothing blank."""
    out = Path(os.environ.get("PLAYBOOK_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    page, errors = watched(chromium(phone))
    for path in NEW_PAGES:
        page.goto(site.url + path, wait_until="load")
        if path.startswith("quiz/"):
            page.wait_for_selector(".pb-quiz--ready")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= (PHONE if phone else DESKTOP)["width"], f"{path} is wider than the screen: {width}"
        target = out / f"{path.strip('/').replace('/', '_')}-{'phone' if phone else 'desktop'}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    assert errors == []


# -- a collection's sheet filtered on one audience ---------------------------------------------------
@pytest.mark.parametrize("audience", ["Contact client", "Managers", "Direction"])
def test_a_filtered_sheet_has_no_empty_heading_and_true_counts(site: Site, chromium: Any, audience: str) -> None:
    """Issue #23: « Contact client » left 3 of the 21 actions of Temkin's laws under empty headings
    while the sheet still said « 21 actions ». Filtered, a sheet shows and prints only members with
    an action for that audience, and says how many."""
    page, errors = watched(chromium())
    for collection in ("lois-temkin", "dix-commandements"):
        page.goto(site.url + f"listes/{collection}/")
        page.get_by_role("button", name=audience, exact=True).click()
        groups = page.locator(".pb-group")
        visible = [i for i in range(groups.count()) if groups.nth(i).is_visible()]
        counts = [groups.nth(i).locator(".pb-checklist__item:visible").count() for i in visible]
        assert visible and all(counts), (collection, counts)
        expected = f"{len(visible)} entrée{'s' if len(visible) > 1 else ''}, {sum(counts)} action"
        expected += f"{'s' if sum(counts) > 1 else ''} « {audience} » à cocher"
        assert norm(page.locator(".pb-sheet__count").text_content()) == expected
        page.emulate_media(media="print")
        words = norm(" ".join(page_texts(page.pdf(format="A4", prefer_css_page_size=True))))
        page.emulate_media(media="screen")
        hidden = [i for i in range(groups.count()) if i not in visible]
        for i in hidden:  # hidden from the reader on purpose: read through the DOM, to look for it on paper
            title = groups.nth(i).locator(".pb-group__title a").evaluate("e => e.textContent")
            assert norm(title) not in words
        assert expected in words
    assert errors == []
