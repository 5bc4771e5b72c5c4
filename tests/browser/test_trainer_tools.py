"""The trainer tools as a reader uses them, in real headless Chromium at phone size (390×844, touch)
and desktop size (1366×900), on the real content: nothing is lost in one click (a shared link or a
ready session over a session asks first; clearing, removing and erasing can be undone), « Ma
séance » does not move as it fills, shared links are checked (unknown ids counted, invisible
controls stripped from the title, a bare ``#e=`` changes nothing), ids named like JavaScript's
object machinery work, and « Auto-diagnostic » exports are named, carry who and when, and come
back in (commas, « 7,5 », every unusable line named), with a chart whose labels are whole and a
legend, and a team table in columns. Every control is clicked (tapped on the phone) only once it
is visible."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pdftools import norm
from playbook.core import spec

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

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
MINE = ["loi-temkin-1", "loi-temkin-2"]
SHARED = ["procedure-1-vision-confiance", "procedure-2-souvenir-agreable"]
LAWS = [f"loi-temkin-{n}" for n in range(1, 7)]
#: The cells of the shared vectors that get the guard (tests/vectors/csv-formula-guard.json).
FORMULA_CELLS = [
    c["cell"]
    for c in json.loads((Path(__file__).parents[1] / "vectors" / "csv-formula-guard.json").read_text("utf-8"))["cases"]
    if c["guarded"] != c["cell"] and not {"\n", "\r"} & set(c["cell"])  # an item or a name is one line
]

#: Layout shifts not caused by the reader (what CLS counts), gathered from the first paint on.
SHIFTS = """
window.__pbShifts = [];
window.__pbShiftObserver = new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__pbShifts.push(e.value); });
});
window.__pbShiftObserver.observe({type: "layout-shift", buffered: true});
"""
#: Their sum once two frames have been painted after the page filled (pending records taken too).
SHIFT_TOTAL = """() => new Promise(function (resolve) {
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    window.__pbShiftObserver.takeRecords().forEach(function (e) {
      if (!e.hadRecentInput) window.__pbShifts.push(e.value);
    });
    resolve(window.__pbShifts.reduce(function (a, b) { return a + b; }, 0));
  }); });
})"""


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory, proxy: BlockingProxy) -> Iterator[Any]:
    """A factory of Chromium contexts at a given size, each on a fresh profile, offline."""
    require(CHROMIUM, "Chromium", DEBIAN_HINT)
    from playwright.sync_api import sync_playwright

    contexts = []
    with sync_playwright() as playwright:

        def fresh(size: dict[str, Any]) -> Any:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path_factory.mktemp("profile")),
                executable_path=str(CHROMIUM),
                headless=True,
                args=[*CHROMIUM_ARGS, *offline_args(proxy)],
                locale="fr-FR",
                accept_downloads=True,
                **size,
            )
            contexts.append(context)
            return context

        try:
            yield fresh
        finally:
            for context in contexts:
                context.close()


class Reader:
    """One reader on one device: a page that collects script errors, and taps or clicks."""

    def __init__(self, context: Any, site: Site, phone: bool) -> None:
        self.context, self.site, self.phone = context, site, phone
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str) -> Any:
        self.page.goto(self.site.url + path)
        return self.page

    def press(self, control: Any) -> None:
        """Tap (phone) or click (desktop) a control the reader can see."""
        from playwright.sync_api import expect

        expect(control).to_be_visible()
        if self.phone:
            control.tap()
        else:
            control.click()

    def add(self, entry_ids: list[str]) -> None:
        for entry_id in entry_ids:
            folder = "procedures" if entry_id.startswith("procedure") else "lois"
            self.open(f"{folder}/{entry_id}/")
            self.press(self.page.get_by_role("button", name="Ajouter à ma séance"))
            assert self.page.get_by_role("button", name="Retirer de ma séance").get_attribute("aria-pressed") == "true"


@pytest.fixture
def phone(chromium: Any, real_site: Site) -> Iterator[Reader]:
    reader = Reader(chromium(PHONE), real_site, phone=True)
    yield reader
    assert reader.errors == []


@pytest.fixture
def desktop(chromium: Any, real_site: Site) -> Iterator[Reader]:
    reader = Reader(chromium(DESKTOP), real_site, phone=False)
    yield reader
    assert reader.errors == []


def session_ids(page: Any) -> list[str]:
    page.wait_for_selector(".pb-builder--loaded")
    return page.eval_on_selector_all(
        ".pb-builder__list li[data-pb-entry]", "els => els.map(e => e.getAttribute('data-pb-entry'))"
    )


def sheet_title(page: Any) -> str:
    return page.locator(".pb-builder__sheet-title").text_content()


def share_link(ids: list[str], title: str = "") -> str:
    from urllib.parse import quote

    return "ma-seance/#e=" + ",".join(ids) + (f"&t={quote(title, safe='')}" if title else "")


def dialog(page: Any) -> Any:
    return page.get_by_role("dialog", name="Ouvrir la séance de ce lien ?")


def status_line(page: Any, scope: str = ".pb-builder") -> Any:
    return page.locator(scope).get_by_role("status")


def undo_button(page: Any, scope: str) -> Any:
    return page.locator(scope).get_by_role("button", name="Annuler", exact=True)


# -- « Ma séance »: a shared link or a ready session never replaces a session silently --------------
def test_a_shared_link_over_a_session_asks_to_replace_add_or_keep(phone: Reader) -> None:
    from playwright.sync_api import expect

    page = phone.page
    phone.add(MINE)
    phone.open("ma-seance/")
    page.get_by_label("Titre de la séance").fill("Mon atelier")
    assert session_ids(page) == MINE
    link = share_link(SHARED, "Atelier partagé")

    phone.open(link)  # keep: nothing changes, and the address is the reader's own session again
    ask = dialog(page)
    expect(ask).to_be_visible()
    assert "Ce lien propose la séance « Atelier partagé », 2 entrées" in norm(ask.text_content())
    assert "Votre séance en cours, « Mon atelier », compte 2 entrées" in norm(ask.text_content())
    assert page.evaluate("() => document.activeElement.textContent") == "Garder ma séance telle quelle"
    phone.press(ask.get_by_role("button", name="Garder ma séance telle quelle"))
    expect(ask).to_be_hidden()
    assert session_ids(page) == MINE and sheet_title(page) == "Mon atelier"
    assert "#e=loi-temkin-1,loi-temkin-2&m=15,15&a=apport,apport&t=Mon%20atelier" in page.url
    assert "n’a pas changé" in status_line(page).text_content()

    phone.open("ma-seance/")  # nothing pending: the page opens as it was
    assert session_ids(page) == MINE
    expect(dialog(page)).to_be_hidden()

    phone.open(link)  # add: the shared entries after the reader's own, the reader's title kept
    phone.press(dialog(page).get_by_role("button", name="Ajouter ses entrées à ma séance"))
    assert session_ids(page) == MINE + SHARED and sheet_title(page) == "Mon atelier"
    assert "2 entrées ajoutées" in norm(status_line(page).text_content())
    phone.press(undo_button(page, ".pb-builder"))
    assert session_ids(page) == MINE

    phone.open(link)  # replace: the shared session and its title; the previous one can come back
    phone.press(dialog(page).get_by_role("button", name="Remplacer ma séance"))
    assert session_ids(page) == SHARED and sheet_title(page) == "Atelier partagé"
    phone.press(undo_button(page, ".pb-builder"))
    assert session_ids(page) == MINE and sheet_title(page) == "Mon atelier"
    page.reload()
    assert session_ids(page) == MINE and sheet_title(page) == "Mon atelier", "kept in this browser"
    expect(dialog(page)).to_be_hidden()


def test_opening_a_ready_session_asks_before_replacing_and_brings_its_title(desktop: Reader) -> None:
    from playwright.sync_api import expect

    page = desktop.page
    desktop.add(MINE)
    page = desktop.open("seances/seance-accueil-reclamation/")
    opener = page.get_by_role("link", name="Ouvrir dans « Ma séance »")
    blocks = re.search(r"#e=([^&]*)", opener.get_attribute("href"))
    assert blocks
    ready = [i for i in re.split(r"[,+]", blocks[1]) if i]  # the blocks' entries, in order
    desktop.press(opener)
    ask = dialog(page)
    expect(ask).to_be_visible()
    assert "Transformer une réclamation en confiance" in ask.text_content()
    desktop.press(ask.get_by_role("button", name="Remplacer ma séance"))
    assert session_ids(page) == ready and len(ready) >= 3
    assert sheet_title(page) == "Transformer une réclamation en confiance"


def test_a_bare_link_keeps_the_saved_session(desktop: Reader) -> None:
    """``#e=`` alone (an empty session's old address, a cut link) opens nothing and erases nothing."""
    page = desktop.page
    desktop.add(MINE)
    desktop.open("ma-seance/#e=")
    assert session_ids(page) == MINE
    desktop.open("ma-seance/#e=&t=Autre")
    assert session_ids(page) == MINE
    desktop.open("ma-seance/")
    assert session_ids(page) == MINE
    desktop.press(page.get_by_role("button", name="Vider la séance"))
    assert session_ids(page) == []
    assert "#" not in page.url, "an empty session's address carries no fragment to share"


def test_unknown_ids_are_dropped_and_counted_not_filling_the_cap(desktop: Reader) -> None:
    unknown = [f"entree-disparue-{n}" for n in range(40)]
    page = desktop.open(share_link([*unknown, "<b>", *SHARED]))
    assert session_ids(page) == SHARED
    assert "41 identifiants inconnus du playbook ont été ignorés" in norm(status_line(page).text_content())


def test_a_shared_title_is_printed_without_bidi_or_invisible_controls(desktop: Reader) -> None:
    hostile = "Atelier\u202e lanoitan\u200b\u2066i\u2069\ufeff\u200f\u061c\u00ad sur les \u200dclients\u2028fin"
    page = desktop.open(share_link(SHARED, hostile))
    assert session_ids(page) == SHARED
    assert sheet_title(page) == "Atelier lanoitani sur les clients fin"
    assert page.get_by_label("Titre de la séance").input_value() == "Atelier lanoitani sur les clients fin"


def test_a_session_built_here_prints_like_the_ready_session_sheet(desktop: Reader) -> None:
    """Opened in « Ma séance », a ready séance's support participant has the same actions (the
    séance's audience only, typeset alike, in the same order) as the one the site prints (F41)."""
    page = desktop.open("kits/seance-accueil-reclamation/support/")
    ready = page.eval_on_selector_all(".pb-support__tools .pb-checklist__text", "e => e.map(x => x.textContent)")
    assert ready
    desktop.open("seances/seance-accueil-reclamation/")
    desktop.press(page.get_by_role("link", name="Ouvrir dans « Ma séance »"))
    page.wait_for_selector(".pb-builder--loaded")
    built = page.eval_on_selector_all(".pb-builder__groups .pb-checklist__text", "e => e.map(x => x.textContent)")
    assert built == ready
    assert page.locator(".pb-builder__groups .pb-audience").count() == 0  # one audience: no label on each line


#: An element's HTML as the browser holds it, its links made absolute (a kit and « Ma séance » are
#: not in the same folder), the list key of its checklists left out (each sheet ticks its own), an
#: entry's summary line too (the builder's support adds it).
OUTER_HTML = """el => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('a[href]').forEach(a => a.setAttribute('href', a.href));
  copy.querySelectorAll('[data-pb-checklist]').forEach(ul => ul.removeAttribute('data-pb-checklist'));
  copy.querySelectorAll(':scope > p.pb-kit__summary-line').forEach(p => {
    const next = p.nextSibling;
    if (next && next.nodeType === Node.TEXT_NODE && !next.data.trim()) next.remove();
    p.remove();
  });
  return [el.querySelector('a').href, copy.outerHTML];
}"""


def printed(page: Any, sheet: str, selector: str) -> list[list[str]]:
    """(link, HTML) of each element of a sheet."""
    return page.locator(f"{sheet} {selector}").evaluate_all(f"els => els.map({OUTER_HTML})")


def test_the_builder_prints_the_entries_as_the_kit_does(desktop: Reader) -> None:
    """One template for both sheets (issue #25): a collection's laws chosen in « Ma séance », for
    every audience, print each law's heading and checklist, and each question and case around them,
    as the HTML the collection's trainer kit prints (the kit also lists those around the collection
    itself, and its questions in the playbook's order); a case line's « à propos de », filled in the
    builder (fragments/kit-about.html.j2), is the kit's for the same entries."""
    page = desktop.open("kits/lois-temkin/")
    kit = {part: printed(page, ".pb-sheet--kit", part) for part in (".pb-group", ".pb-kit__question", ".pb-kit__case")}
    assert len(kit[".pb-group"]) == len(LAWS) and "pb-audience" in str(kit[".pb-group"]), "items with their audience"
    desktop.open(share_link(LAWS))
    assert session_ids(page) == LAWS
    assert printed(page, ".pb-sheet--builder", ".pb-group") == kit[".pb-group"]
    assert page.locator(".pb-sheet--builder .pb-group > p.pb-kit__summary-line").count() == len(LAWS)
    for part in (".pb-kit__question", ".pb-kit__case"):
        built = printed(page, ".pb-sheet--builder", part)
        assert built and dict(built).items() <= dict(kit[part]).items(), part


#: A timetable block's HTML (fragments/plan-block.html.j2) with its title left out (the block's own
#: on a ready séance, the entry's on « Ma séance »), and what stands after it in the head and after
#: the head (a ready séance's notes for the trainer; « Ma séance »'s kind and summary line): the
#: box, clock times, minutes and activity, which both plans print alike. With the entry a ready
#: block uses (its link and text, kind included) and « Ma séance »'s title with its kind.
PLAN_BLOCK = """el => {
  const copy = el.cloneNode(true);
  const head = copy.querySelector(':scope > p.pb-plan__head');
  const title = head.querySelector(':scope > strong.pb-plan__title');
  const text = node => node.textContent.replace(/\\s+/g, ' ').trim();
  const used = el.querySelector('.pb-plan__entries li');
  const link = (used || title).querySelector('a');
  let titled = '';
  for (let node = title; node; node = node.nextSibling) titled += node.textContent;
  while (title.nextSibling) title.nextSibling.remove();
  while (head.nextSibling) head.nextSibling.remove();
  title.textContent = '';
  const usedText = used ? Array.from(used.childNodes).filter(n => n.nodeName !== 'OL').map(text).join(' ') : '';
  const summary = el.querySelector('.pb-plan__summary');
  return {html: copy.outerHTML, href: link ? link.href : '', entry: used ? text({textContent: usedText}) : '',
          title: text({textContent: titled}), summary: summary ? text(summary) : ''};
}"""


def test_the_builder_times_its_blocks_as_a_ready_seance_does(desktop: Reader) -> None:
    """One template for both timetables (issue #25): a ready séance opened in « Ma séance », started
    when its first block with an entry starts, prints each of those blocks in the box the ready
    séance's fiche d'animation prints (clock times, minutes, activity), titled by the block's entry
    (linked, with its kind, as the ready block lists it) and its summary line."""
    page = desktop.open("kits/seance-accueil-reclamation/")
    ready = page.locator(".pb-sheet--plan li.pb-plan__block").evaluate_all(f"els => els.map({PLAN_BLOCK})")
    used = [block for block in ready if block["entry"]]
    assert len(used) >= 4 and len(used) < len(ready), "blocks with one entry each, and blocks without"
    first = re.search(
        r"^(\d+)\u00a0h\u00a0(\d+)",
        page.locator(".pb-sheet--plan .pb-plan__clock").nth(ready.index(used[0])).text_content(),
    )
    assert first
    desktop.open("seances/seance-accueil-reclamation/")
    opener = page.get_by_role("link", name="Ouvrir dans « Ma séance »")
    desktop.open("ma-seance/" + opener.get_attribute("href").split("/")[-1] + f"&d={int(first[1]):02d}:{first[2]}")
    assert len(session_ids(page)) == len(used)
    page.emulate_media(media="print")  # the timetable is printed (the screen shows the editable list)
    built = page.locator(".pb-builder__plan li.pb-plan__block").evaluate_all(f"els => els.map({PLAN_BLOCK})")
    page.emulate_media(media="screen")
    assert [b["html"] for b in built] == [b["html"] for b in used]
    assert [(b["href"], b["title"]) for b in built] == [(b["href"], b["entry"]) for b in used]
    assert all(b["summary"] for b in built) and not any(b["summary"] for b in used)


def test_the_builder_fills_the_markup_the_build_rendered(desktop: Reader) -> None:
    """« Ma séance »'s timetable blocks and a case line's « à propos de » are the templates the build
    ships (exports/seance.js "templates", rendered from fragments/plan-block.html.j2 and
    kit-about.html.j2): the page only fills them, its words and punctuation are the templates'."""
    page = desktop.page

    def reworded(route: Any) -> None:
        response = route.fetch()
        prefix = "window.playbookSessionIndex = "
        data = json.loads(response.text()[len(prefix) :].rstrip().rstrip(";"))
        templates = data.get("templates", {})
        for activity, block in templates.get("plan", {}).items():
            templates["plan"][activity] = block.replace("&nbsp;min<", " minutes<").replace("</p>", " [bloc]</p>", 1)
        if "about" in templates:
            templates["about"] = (
                templates["about"].replace("à propos de&nbsp;:", "au sujet de").replace("\u202f;", " /")
            )
        route.fulfill(response=response, body=prefix + json.dumps(data) + ";\n")

    page.route("**/exports/seance.js", reworded)
    chosen = ["commandement-2-soutien", "commandement-5-connaissance-clients"]  # Amazon's case is about both
    desktop.open(share_link(chosen))
    assert session_ids(page) == chosen
    page.emulate_media(media="print")
    heads = page.locator(".pb-builder__plan .pb-plan__head").all_text_contents()
    abouts = page.locator(".pb-sheet--builder .pb-kit__about").all_text_contents()
    page.emulate_media(media="screen")
    assert len(heads) == 2 and all(
        re.match(r"9 h \d\d – 9 h \d\d 15 minutes \w+ .+ \(commandement\) \[bloc\]$", norm(h)) for h in heads
    ), heads
    assert abouts and all(a.startswith("(au sujet de ") for a in abouts), abouts
    assert "(au sujet de Tu chercheras du soutien / Tu connaîtras tes clients)" in [norm(a) for a in abouts], abouts


def test_remove_and_clear_can_be_undone_by_touch(phone: Reader) -> None:
    from playwright.sync_api import expect

    page = phone.page
    phone.add([*MINE, SHARED[0]])
    phone.open("ma-seance/")
    page.get_by_label("Titre de la séance").fill("Atelier du lundi")
    title = page.locator(".pb-builder__list li a").nth(1).text_content()
    phone.press(page.get_by_role("button", name=f"Retirer : {title}"))
    assert session_ids(page) == [MINE[0], SHARED[0]]
    status = status_line(page)
    assert norm(status.text_content()) == f"« {norm(title)} » retirée de la séance."
    undo = undo_button(page, ".pb-builder")
    expect(undo).to_be_visible()
    box = undo.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    phone.press(undo)
    assert session_ids(page) == [*MINE, SHARED[0]], "back in its place"
    assert status.text_content() == "Séance rétablie."
    expect(undo).to_be_hidden()

    phone.press(page.get_by_role("button", name="Vider la séance"))
    assert session_ids(page) == [] and sheet_title(page) == "Ma séance"
    page.reload()
    assert session_ids(page) == [], "cleared in storage too"
    phone.press(page.get_by_role("button", name="Vider la séance"))
    assert "déjà vide" in status.text_content()
    expect(undo).to_be_hidden()


def test_the_undo_is_announced_and_reachable_with_the_keyboard(desktop: Reader) -> None:
    page = desktop.page
    desktop.add(MINE)
    desktop.open("ma-seance/")
    assert session_ids(page) == MINE
    page.get_by_role("button", name="Vider la séance").focus()
    page.keyboard.press("Enter")
    assert session_ids(page) == []
    status = page.locator(".pb-builder [role=status]")
    assert norm(status.text_content()) == "Séance vidée (2 entrées)."
    assert status.get_by_role("button").count() == 0, "the button is not read as part of the message"
    assert page.evaluate("() => document.activeElement.textContent") == "Annuler", "the focus goes to the undo"
    page.keyboard.press("Enter")
    assert session_ids(page) == MINE
    assert page.evaluate("() => document.activeElement.textContent") == "Vider la séance"
    # « Retirer » with the keyboard: Tab from the title field reaches it, Enter removes, Enter undoes
    page.get_by_label("Titre de la séance").focus()
    first = page.locator(".pb-builder__list li a").first.text_content()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == f"Retirer\u00a0: {first}":
            break
    else:
        pytest.fail("« Retirer » is not reachable with Tab")
    page.keyboard.press("Enter")
    assert session_ids(page) == MINE[1:]
    page.keyboard.press("Enter")
    assert session_ids(page) == MINE


# -- « Ma séance » does not move as it fills -------------------------------------------------------
@pytest.mark.parametrize("opened", ["stored", "shared"])
def test_the_session_page_does_not_shift_as_it_fills(chromium: Any, real_site: Site, opened: str) -> None:
    reader = Reader(chromium(DESKTOP), real_site, phone=False)
    entries = [*MINE, *SHARED]
    if opened == "stored":
        reader.add(entries)
    reader.context.add_init_script(SHIFTS)
    page = reader.open("ma-seance/" if opened == "stored" else share_link(entries, "Atelier"))
    assert session_ids(page) == entries
    shift = page.evaluate(SHIFT_TOTAL)
    print(f"cumulative layout shift, {opened}: {shift:.4f}")
    assert shift < 0.01, f"cumulative layout shift {shift:.3f} (the target is under 0.1, ideally none)"
    assert reader.errors == []


# -- ids named like JavaScript's object machinery ------------------------------------------------
def test_ids_named_like_object_machinery_are_ids_like_any_other(desktop: Reader) -> None:
    """The validator refuses such ids (golden case reserved-script-ids); data that holds one anyway
    (an older export, another tool) must still work: the tools key Maps, not plain objects."""
    page = desktop.page
    assert sorted(page.evaluate("() => Object.getOwnPropertyNames(Object.prototype)")) == sorted(
        spec.SCRIPT_RESERVED_IDS
    ), "spec.SCRIPT_RESERVED_IDS is what browsers' objects answer to"

    def with_constructor_record(route: Any) -> None:
        response = route.fetch()
        prefix = "window.playbookSessionIndex = "
        data = json.loads(response.text()[len(prefix) :].rstrip().rstrip(";"))
        record = {"id": "constructor", "kind": "Notion", "title": "Le constructeur", "summary": "Un résumé."}
        data["entries"].append({**record, "url": "notions/x/", "checklist": [], "questions": [], "cases": []})
        route.fulfill(response=response, body=prefix + json.dumps(data) + ";\n")

    page.route("**/exports/seance.js", with_constructor_record)
    desktop.open(share_link(["constructor", "tostring", "__proto__", "loi-temkin-1"]))
    assert session_ids(page) == ["constructor", "loi-temkin-1"]
    assert "2 identifiants inconnus" in norm(status_line(page).text_content())
    desktop.press(page.get_by_role("button", name="Retirer : Le constructeur"))
    desktop.press(undo_button(page, ".pb-builder"))
    assert session_ids(page) == ["constructor", "loi-temkin-1"]

    def with_constructor_entry(route: Any) -> None:
        response = route.fetch()
        item = (
            '<li class="pb-diagnostic__entry"><p class="pb-diagnostic__name"><a href="../../lois/loi-temkin-1/">'
            'Le constructeur</a> <code class="pb-id pb-diagnostic__id">constructor</code></p></li>\n'
        )
        end = '</ol>\n<div class="pb-diagnostic__results">'
        assert end in response.text()
        route.fulfill(response=response, body=response.text().replace(end, item + end, 1))

    page.route("**/auto-diagnostic/lois-temkin/", with_constructor_entry)
    desktop.open("auto-diagnostic/lois-temkin/")
    rate(desktop, {"loi-temkin-1": 6})
    assert len(chart_bars(page)) == 1, "the unrated « constructor » has no bar"
    assert [norm(t) for t in weakest(page)] == [norm(page_title(page, "loi-temkin-1")) + " : 6 sur 10"]
    rate(desktop, {"constructor": 3})
    page.reload()
    assert stored_scores(page) == {"loi-temkin-1": 6, "constructor": 3}
    assert len(chart_bars(page)) == 2


# -- « Auto-diagnostic » --------------------------------------------------------------------------
def rate(reader: Reader, scores: dict[str, int]) -> None:
    page = reader.page
    page.wait_for_selector(".pb-diagnostic--ready")
    for entry_id, score in scores.items():
        row = page.locator("li.pb-diagnostic__entry", has=page.locator(f"code:text-is('{entry_id}')"))
        select = row.get_by_role("combobox")
        from playwright.sync_api import expect

        expect(select).to_be_visible()
        select.select_option(str(score))


def chart_bars(page: Any) -> list[float]:
    return page.eval_on_selector_all(".pb-diagnostic__svg rect", "rs => rs.map(r => r.getBBox().width)")


def weakest(page: Any) -> list[str]:
    return page.eval_on_selector_all(".pb-diagnostic__weak-title", "e => e.map(x => x.textContent)")


def page_title(page: Any, entry_id: str) -> str:
    row = page.locator("li.pb-diagnostic__entry", has=page.locator(f"code:text-is('{entry_id}')"))
    return row.locator(".pb-diagnostic__name a").text_content()


def stored_scores(page: Any) -> dict[str, int]:
    return json.loads(page.evaluate("() => localStorage.getItem('playbook:diagnostic:lois-temkin') || '{}'"))


def name_dialog(page: Any) -> Any:
    return page.get_by_role("dialog", name="Exporter mes notes")


def export(
    reader: Reader, tmp_path: Path, name: str | None = None, moment: str | None = None
) -> tuple[str, list[list[str]]]:
    """« Exporter mes notes (CSV) », then the dialog's « Exporter » (after typing ``name`` in it and
    choosing ``moment``, « Avant la formation » or « Après la formation », if given): the file's
    name and its rows."""
    from playwright.sync_api import expect

    reader.press(reader.page.get_by_role("button", name="Exporter mes notes (CSV)"))
    ask = name_dialog(reader.page)
    expect(ask).to_be_visible()
    field = ask.get_by_label("Votre nom ou vos initiales")
    assert reader.page.evaluate("() => document.activeElement.id") == field.get_attribute("id"), "asked for"
    if name is not None:
        field.fill(name)
    if moment is not None:
        reader.press(ask.get_by_label(moment))
    with reader.page.expect_download() as info:
        reader.press(ask.get_by_role("button", name="Exporter", exact=True))
    expect(ask).to_be_hidden()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    return download.suggested_filename, list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_an_export_is_named_and_carries_who_and_when_asked_once(desktop: Reader, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = desktop.open("auto-diagnostic/lois-temkin/")
    rate(desktop, dict(zip(LAWS, [7, 3, 9, 2, 5, 8], strict=True)))
    desktop.press(page.get_by_role("button", name="Exporter mes notes (CSV)"))
    ask = name_dialog(page)
    expect(ask).to_be_visible()
    assert ask.get_by_label("Votre nom ou vos initiales").input_value() == ""
    desktop.press(ask.get_by_role("button", name="Exporter", exact=True))  # no name: asked again, no file
    expect(ask.get_by_text("Indiquez un nom ou des initiales.")).to_be_visible()
    desktop.press(ask.get_by_role("button", name="Ne pas exporter"))
    expect(ask).to_be_hidden()
    before = dt.datetime.now().replace(second=0, microsecond=0)
    file_name, rows = export(desktop, tmp_path, name="Anne-Sophie Dupré")
    after = dt.datetime.now()
    match = re.fullmatch(
        r"auto-diagnostic-lois-temkin-anne-sophie-dupre-(\d{4}-\d\d-\d\d)-(\d\d)h(\d\d)\.csv", file_name
    )
    assert match, file_name
    when = dt.datetime.fromisoformat(f"{match[1]} {match[2]}:{match[3]}")
    assert before <= when <= after
    assert rows[0] == ["collection", "identifiant", "titre", "note", "participant", "moment", "date"]
    assert rows[4][:2] + rows[4][3:] == [
        "lois-temkin",
        "loi-temkin-4",
        "2",
        "Anne-Sophie Dupré",
        "",
        when.strftime("%Y-%m-%d %H:%M"),
    ]
    assert {row[4] for row in rows[1:]} == {"Anne-Sophie Dupré"} and len({row[6] for row in rows[1:]}) == 1

    page = desktop.open("auto-diagnostic/dix-commandements/")  # asked once: offered again, nothing to type
    rate(desktop, {"commandement-1-marque": 4})
    file_name, rows = export(desktop, tmp_path)
    assert file_name.startswith("auto-diagnostic-dix-commandements-anne-sophie-dupre-")
    assert rows[1][4] == "Anne-Sophie Dupré"


def test_a_participant_name_that_looks_like_a_formula_is_guarded(desktop: Reader, tmp_path: Path) -> None:
    """The same cells as the checklists' CSV (tests/vectors/csv-formula-guard.json) get the same guard."""
    page = desktop.open("auto-diagnostic/lois-temkin/")
    rate(desktop, {"loi-temkin-1": 5})
    for cell in FORMULA_CELLS:
        page.reload()  # a fresh page for each file: Chromium holds back a tab's tenth download
        file_name, rows = export(desktop, tmp_path, name=cell)
        assert rows[1][4] == "'" + cell.strip(), (cell, rows[1])
        assert re.fullmatch(r"auto-diagnostic-lois-temkin-[\w-]+\.csv", file_name), file_name


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_team_exports_are_read_with_commas_decimals_and_located_refusals(phone: Reader, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    files = [
        write(  # as an English spreadsheet saves it: commas, a decimal point, a quoted « 7,5 »
            tmp_path / "alice.csv",
            'collection,identifiant,titre,note\nlois-temkin,loi-temkin-1,"Loi 1, citée",7.5\n'
            'lois-temkin,loi-temkin-2,x,"7,5"\nlois-temkin,loi-temkin-3,x,8\n',
        ),
        write(  # as French Excel saves it: semicolons, Windows encoding
            tmp_path / "bruno.csv",
            "collection;identifiant;titre;note;participant;date\n"
            "lois-temkin;loi-temkin-1;x;4;Bruno Lefèvre;2026-12-01 10:00\n"
            "lois-temkin;loi-temkin-2;x;7,5;Bruno Lefèvre;2026-12-01 10:00\n"
            "lois-temkin;loi-temkin-3;x;=1+1;Bruno Lefèvre;2026-12-01 10:00\n"
            "lois-temkin;loi-temkin-4;x;11;Bruno Lefèvre;2026-12-01 10:00\n"
            "dix-commandements;commandement-1-marque;x;5;Bruno Lefèvre;2026-12-01 10:00\n"
            "lois-temkin;loi-temkin-9;x;5;Bruno Lefèvre;2026-12-01 10:00\n",
            encoding="cp1252",
        ),
        write(tmp_path / "autre.csv", "<img src=x onerror=alert(1)>;note\n1;2\n"),
        write(tmp_path / "une-colonne.csv", "identifiant\nloi-temkin-1\n"),
        write(
            tmp_path / "commandements.csv", "collection;identifiant;note\ndix-commandements;commandement-1-marque;5\n"
        ),
    ]
    page = phone.open("auto-diagnostic/lois-temkin/")
    page.wait_for_selector(".pb-diagnostic--ready")
    expect(page.get_by_text("Charger des exports (CSV)")).to_be_visible()
    page.locator("input.pb-diagnostic__import").set_input_files([str(f) for f in files])
    page.wait_for_selector(".pb-diagnostic__team-table")
    rows = page.eval_on_selector_all(
        ".pb-diagnostic__team-table tbody tr", "rs => rs.map(r => Array.from(r.cells).map(c => c.textContent))"
    )
    assert [row[1:] for row in rows] == [
        ["2", "4", "5,8", "7,5"],
        ["2", "7,5", "7,5", "7,5"],
        ["1", "8", "8", "8"],
        ["0", "—", "—", "—"],
        ["0", "—", "—", "—"],
        ["0", "—", "—", "—"],
    ]
    caption = norm(page.locator(".pb-diagnostic__team-table caption").text_content())
    assert caption == "Notes de l’équipe (2 participants : alice.csv, Bruno Lefèvre)"
    problems = [
        norm(p) for p in page.eval_on_selector_all(".pb-diagnostic__problems li", "e => e.map(x => x.textContent)")
    ]
    assert problems == [
        "bruno.csv, ligne 4 : note « =1+1 » illisible : écrivez un nombre de 1 à 10 (par exemple 7 ou 7,5) ; "
        "ligne ignorée.",
        "bruno.csv, ligne 5 : note « 11 » hors de l’échelle de 1 à 10 ; ligne ignorée.",
        "bruno.csv, ligne 7 : l’entrée « loi-temkin-9 » n’est pas dans cette collection ; ligne ignorée.",
        "bruno.csv : 1 ligne d’une autre collection ignorée (« dix-commandements »).",
        "autre.csv, ligne 1 : pas de colonne « identifiant » : ce n’est pas un export d’auto-diagnostic.",
        "une-colonne.csv : la ligne 1 n’a qu’une colonne ; un export d’auto-diagnostic sépare ses colonnes par des "
        "points-virgules (ou des virgules).",
        "commandements.csv : export de la collection « dix-commandements », pas de « lois-temkin » : chargez-le sur "
        "la page de sa collection.",
    ]
    assert norm(status_line(page, ".pb-diagnostic").text_content()) == (
        "2 exports chargés, 3 fichiers refusés (détails sous « L’équipe »). L’équipe : 2 participants."
    )
    assert page.locator(".pb-diagnostic img").count() == 0


def test_exports_before_and_after_the_training_show_the_change_per_entry(desktop: Reader, tmp_path: Path) -> None:
    """Issue #23: an export says whether it was made « avant » or « après » the training (in the
    file and its name); loaded together, the exports of both moments show each entry's median
    before, after, and the change. A person's two exports are both kept (one per moment)."""
    page = desktop.open("auto-diagnostic/lois-temkin/")
    rate(desktop, dict(zip(LAWS, [3, 4, 5, 6, 7, 8], strict=True)))
    anne_before, rows = export(desktop, tmp_path, name="Anne", moment="Avant la formation")
    assert re.fullmatch(r"auto-diagnostic-lois-temkin-anne-avant-[\d-]+h\d\d\.csv", anne_before), anne_before
    assert {row[5] for row in rows[1:]} == {"avant"}
    rate(desktop, dict(zip(LAWS, [6, 4, 7, 5, 7, 9], strict=True)))
    anne_after, rows = export(desktop, tmp_path, name="Anne", moment="Après la formation")
    assert re.fullmatch(r"auto-diagnostic-lois-temkin-anne-apres-[\d-]+h\d\d\.csv", anne_after), anne_after
    assert {row[5] for row in rows[1:]} == {"après"}
    _, rows = export(desktop, tmp_path, name="Anne")  # the moment is asked each time: none by default
    assert {row[5] for row in rows[1:]} == {""}
    bruno = write(
        tmp_path / "bruno.csv",
        "collection;identifiant;note;participant;moment\n"
        "lois-temkin;loi-temkin-1;5;Bruno;avant\nlois-temkin;loi-temkin-2;6;Bruno;avant\n",
    )
    bruno_after = write(  # typed by hand: « apres » without its accent is read too
        tmp_path / "bruno-apres.csv",
        "collection;identifiant;note;participant;moment\nlois-temkin;loi-temkin-1;9;Bruno;apres\n",
    )
    page.locator("input.pb-diagnostic__import").set_input_files(
        [str(tmp_path / anne_before), str(tmp_path / anne_after), str(bruno), str(bruno_after)]
    )
    page.wait_for_selector(".pb-diagnostic__change-table")
    caption = norm(page.locator(".pb-diagnostic__change-table caption").text_content())
    assert caption == "Avant et après la formation (2 exports « avant », 2 exports « après »)"
    rows = page.eval_on_selector_all(
        ".pb-diagnostic__change-table tbody tr", "rs => rs.map(r => Array.from(r.cells).map(c => c.textContent))"
    )
    assert [row[0] for row in rows] == [page_title(page, law) for law in LAWS]
    assert [row[1:] for row in rows] == [
        ["4", "7,5", "+3,5"],  # Anne 3 → 6, Bruno 5 → 9
        ["5", "4", "\u22121"],  # Anne 4 → 4, Bruno 6 → (not scored after)
        ["5", "7", "+2"],
        ["6", "5", "\u22121"],
        ["7", "7", "="],
        ["8", "9", "+1"],
    ]
    team = norm(page.locator(".pb-diagnostic__team-table caption").text_content())
    assert team == "Notes de l’équipe (2 participants : Anne (avant), Anne (après), Bruno (avant), Bruno (après))"


def test_erasing_my_scores_can_be_undone_by_touch(phone: Reader) -> None:
    from playwright.sync_api import expect

    page = phone.open("auto-diagnostic/lois-temkin/")
    rate(phone, {"loi-temkin-1": 7, "loi-temkin-2": 3})
    phone.press(page.get_by_role("button", name="Effacer mes notes"))
    assert chart_bars(page) == [] and stored_scores(page) == {}
    assert norm(status_line(page, ".pb-diagnostic").text_content()) == "Effacé : 2 notes."
    undo = undo_button(page, ".pb-diagnostic")
    assert page.evaluate("() => document.activeElement.textContent") == "Annuler"
    phone.press(undo)
    expect(undo).to_be_hidden()
    assert len(chart_bars(page)) == 2 and stored_scores(page) == {"loi-temkin-1": 7, "loi-temkin-2": 3}
    assert page.locator("select.pb-diagnostic__select").first.input_value() == "7"
    assert status_line(page, ".pb-diagnostic").text_content() == "Notes rétablies."


def label_boxes(page: Any) -> list[dict[str, Any]]:
    """Each chart label: its full text and the boxes of its lines, with the chart's and the window's."""
    return page.evaluate(
        """() => {
      const chart = document.querySelector('.pb-diagnostic__svg').getBoundingClientRect();
      return Array.from(document.querySelectorAll('.pb-diagnostic__svg text.pb-diagnostic__label')).map(t => ({
        text: Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' '),
        lines: Array.from(t.querySelectorAll('tspan')).map(s => s.getBoundingClientRect().toJSON()),
        chart: chart.toJSON(), width: window.innerWidth}));
    }"""
    )


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_chart_has_whole_readable_labels_and_a_legend(
    chromium: Any, real_site: Site, size: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    reader = Reader(chromium(PHONE if size == "phone" else DESKTOP), real_site, phone=size == "phone")
    page = reader.open("auto-diagnostic/dix-commandements/")
    page.wait_for_selector(".pb-diagnostic--ready")
    ids = page.eval_on_selector_all(".pb-diagnostic__id", "e => e.map(x => x.textContent)")
    titles = [norm(page_title(page, i)) for i in ids]
    rate(reader, {entry_id: n % 10 + 1 for n, entry_id in enumerate(ids)})
    labels = label_boxes(page)
    assert [norm(label["text"]) for label in labels] == titles, "every title whole, none cut short"
    for label in labels:
        for line in label["lines"]:
            inside = line["left"] >= label["chart"]["left"] - 0.5 and line["right"] <= label["chart"]["right"] + 0.5
            assert inside, (label["text"], line, label["chart"])
            assert line["left"] >= 0 and line["right"] <= label["width"], (label["text"], line)
            assert line["height"] >= 12, f"{label['text']!r} is {line['height']:.1f} px high: too small to read"
    legend = page.locator(".pb-diagnostic__legend")
    expect(legend).to_be_visible()
    assert [norm(t) for t in legend.locator("li").all_text_contents()] == [
        "Votre note, de 5 à 10",
        "Votre note, de 1 à 4 : à travailler en priorité",
    ]
    team = write(
        tmp_path / "equipe.csv",
        "collection;identifiant;note\n" + "".join(f"dix-commandements;{i};{n % 7 + 2}\n" for n, i in enumerate(ids)),
    )
    page.locator("input.pb-diagnostic__import").set_input_files([str(team)])
    page.wait_for_selector(".pb-diagnostic__team-table")
    assert [norm(t) for t in legend.locator("li").all_text_contents()][2:] == [
        "L’équipe, de la note la plus basse à la plus haute",
        "Médiane de l’équipe",
    ]
    assert page.locator(".pb-diagnostic__svg .pb-diagnostic__median").count() == len(ids)
    assert reader.errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_team_table_is_in_columns(chromium: Any, real_site: Site, size: str, tmp_path: Path) -> None:
    reader = Reader(chromium(PHONE if size == "phone" else DESKTOP), real_site, phone=size == "phone")
    page = reader.open("auto-diagnostic/dix-commandements/")
    page.wait_for_selector(".pb-diagnostic--ready")
    ids = page.eval_on_selector_all(".pb-diagnostic__id", "e => e.map(x => x.textContent)")
    files = [
        write(
            tmp_path / f"p{k}.csv",
            "collection;identifiant;note\n"
            + "".join(f"dix-commandements;{i};{(n * k) % 10 + 1}\n" for n, i in enumerate(ids)),
        )
        for k in (1, 3, 7)
    ]
    page.locator("input.pb-diagnostic__import").set_input_files([str(f) for f in files])
    page.wait_for_selector(".pb-diagnostic__team-table")
    edges = page.evaluate(
        """() => Array.from(document.querySelectorAll('.pb-diagnostic__team-table tr')).map(row =>
          Array.from(row.cells).map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const box = range.getBoundingClientRect();
            return [box.left, box.right];
          }))"""
    )
    titles_left = {round(row[0][0]) for row in edges}
    assert len(titles_left) == 1, f"titles start at {sorted(titles_left)}: not one column"
    for column in range(1, 5):
        rights = {round(row[column][1]) for row in edges}
        assert max(rights) - min(rights) <= 1, f"column {column} ends at {sorted(rights)}: numbers not aligned"
    region = page.get_by_role("region", name="Notes de l’équipe")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth + 1"), "the table fits, nothing to scroll sideways"
    assert reader.errors == []


# -- accessibility and valid markup with the new controls shown --------------------------------------
def test_the_dialog_the_undo_and_the_import_report_pass_axe_and_the_nu_checker(desktop: Reader, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from .test_html_valid import vnu

    axe = require(AXE_JS, "axe-core", NPM_HINT)
    page = desktop.page
    desktop.add(MINE)
    desktop.open(share_link(SHARED, "Atelier"))
    expect(dialog(page)).to_be_visible()
    snapshots = {"dialog": page.evaluate("() => '<!DOCTYPE html>' + document.documentElement.outerHTML")}
    findings = axe_findings(page, axe)
    desktop.press(dialog(page).get_by_role("button", name="Remplacer ma séance"))
    expect(undo_button(page, ".pb-builder")).to_be_visible()
    snapshots["undo"] = page.evaluate("() => '<!DOCTYPE html>' + document.documentElement.outerHTML")
    findings += axe_findings(page, axe)
    desktop.open("auto-diagnostic/lois-temkin/")
    rate(desktop, {"loi-temkin-1": 4})
    desktop.press(page.get_by_role("button", name="Exporter mes notes (CSV)"))
    expect(name_dialog(page)).to_be_visible()
    snapshots["name"] = page.evaluate("() => '<!DOCTYPE html>' + document.documentElement.outerHTML")
    findings += axe_findings(page, axe)
    page.keyboard.press("Escape")
    expect(name_dialog(page)).to_be_hidden()
    bad = write(
        tmp_path / "x.csv", "collection;identifiant;note\nlois-temkin;loi-temkin-1;11\nlois-temkin;loi-temkin-2;6\n"
    )
    page.locator("input.pb-diagnostic__import").set_input_files([str(bad)])
    page.wait_for_selector(".pb-diagnostic__problems")
    desktop.press(page.get_by_role("button", name="Effacer mes notes"))
    expect(undo_button(page, ".pb-diagnostic")).to_be_visible()
    desktop.press(undo_button(page, ".pb-diagnostic"))
    page.wait_for_selector(".pb-diagnostic__team-table")
    snapshots["diagnostic"] = page.evaluate("() => '<!DOCTYPE html>' + document.documentElement.outerHTML")
    findings += axe_findings(page, axe)
    assert findings == [], json.dumps(findings, ensure_ascii=False)
    for name, html in snapshots.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    messages = vnu(*(tmp_path / f"{name}.html" for name in snapshots))
    assert messages == [], json.dumps(messages, ensure_ascii=False)[:3000]


def axe_findings(page: Any, axe: Path) -> list[Any]:
    """axe-core's findings; loaded as the debugging protocol does (the pages' Content-Security-Policy
    refuses a <script> tag), so that the page's markup stays as the reader has it for the next snapshot."""
    load_axe(page, axe)
    result = run_axe(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
