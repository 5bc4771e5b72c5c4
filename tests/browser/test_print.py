"""Printing in real headless Chromium (the system's, through Playwright): collection checklists on
one A4 page with visible empty boxes and no theme chrome, entry sheets, kits, `make pdf`, and
the boxes remembered by the browser. A missing Chromium fails these tests; it never skips them."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MINI_LAWS, MINI_MKDOCS_YML, REPO, run_mkdocs
from corpus import write_collection
from pdftools import (
    A4_PT,
    Located,
    accessibility_findings,
    assert_boxes,
    box_left_of,
    norm,
    page_sizes,
    page_texts,
    raster,
    squash,
)
from playbook.pdf_printer import PdfError, browser, print_document, print_page, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Synthetic collections of 30 items (shapes: items per member), besides the mini corpus's.
SHAPES = {
    "trente-dix": ([3] * 10, 100, 60),  # like the ten commandments, longer items
    "trente-un": ([1] * 30, 90, 60),  # thirty members of one item each
    "trente-seul": ([30], 100, 60),  # one member, thirty items
    "trente-six": ([5] * 6, 120, 80),  # six members of five long items
}
CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-search, .md-top, .md-skip"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("print")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    config = MINI_MKDOCS_YML.replace(
        "      edit_url: https://github.com/example/playbook/edit/main/\n",
        "      edit_url: https://github.com/example/playbook/edit/main/\n      version: '2025.1'\n"
        "      date: 2025-06-01\n",
    )
    config += textwrap.dedent("""\
        nav:
          - Accueil: index.md
          - Lois: lois/index.md
          - Collections: collections/index.md
          - Imprimables: imprimables/index.md
        """)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(MINI_LAWS, root / "laws")
    for name, (shape, length, title_length) in SHAPES.items():
        write_collection(root / "laws", name, shape, item_length=length, title_length=title_length)
    result = run_mkdocs(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serve(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def context(base: str):
    with browser() as ctx:
        yield ctx


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


def checklist_items(project: Path, collection: str) -> list[str]:
    """Every item of a collection's checklist, in page order, from the published JSON export."""
    document = json.loads((project / "site" / "exports" / "playbook.json").read_text(encoding="utf-8"))
    members = sorted((e for e in document["entries"] if e.get("collection") == collection), key=lambda e: e["order"])
    return [item for member in members for item in member.get("checklist", [])]


def chrome_lines(page, url: str) -> list[str]:
    """Text lines of the theme's chrome on ``url`` that are not also part of the page's content."""
    page.goto(url)
    lines = page.evaluate(
        """sel => Array.from(document.querySelectorAll(sel)).flatMap(e => e.textContent.split('\\n'))""", CHROME
    )
    content = norm(page.evaluate("() => document.querySelector('article').textContent"))
    return sorted({norm(line) for line in lines if len(norm(line)) > 2 and norm(line) not in content})


@pytest.mark.parametrize("collection", ["lois-temkin", *SHAPES])
def test_collection_checklist_prints_on_one_clean_a4_page(project: Path, base: str, page, collection: str) -> None:
    url = f"{base}listes/{collection}/"
    chrome = chrome_lines(page, url)
    assert len(chrome) >= 3, chrome  # there is chrome on screen to leave out
    pdf = print_page(page, url, print_background=False)
    assert page_sizes(pdf) == [pytest.approx(A4_PT, abs=1)], "one A4 page"
    (text,) = page_texts(pdf)
    words = norm(text)
    for line in chrome:
        assert line not in words, f"theme chrome printed: {line!r}"
    assert "¶" not in text and "Effacer les coches" not in text and "Imprimer" not in text
    items = checklist_items(project, collection)
    assert len(items) == (2 if collection == "lois-temkin" else 30)
    for item in items:
        assert squash(item) in squash(words), f"item missing from the PDF text: {item!r}"
    # on paper the exact version follows the date, in small print, for whoever traces the sheet
    assert f"listes/{collection}/" in words and "édition du 1er juin 2025 · version 2025.1" in words
    assert "Notes" in words
    assert_boxes(pdf, items)


def test_box_detection_can_fail(project: Path, base: str, page) -> None:
    """The raster check finds no box before text that has none (the page title)."""
    pdf = print_page(page, f"{base}listes/trente-dix/")
    located = Located(pdf)
    (title,) = located.find_all_in_order(["Liste de contrôle"])
    assert title is not None
    assert box_left_of(raster(located.document[0]), title) is None


def test_chrome_detection_can_fail(base: str, page) -> None:
    """The chrome check sees the theme's header and navigation when a page does print them."""
    url = f"{base}listes/lois-temkin/"
    chrome = chrome_lines(page, url)
    page.goto(url)
    page.add_style_tag(
        content="@media print { .md-header, .md-sidebar--primary, .md-sidebar--primary * "
        "{ display: block !important; visibility: visible !important; } }"
    )
    page.emulate_media(media="print")
    words = norm(" ".join(page_texts(page.pdf(format="A4"))))
    page.emulate_media(media="screen")
    assert [line for line in chrome if line in words], "chrome printed but not detected"


def test_ticked_boxes_print_empty_even_with_backgrounds(project: Path, base: str, page) -> None:
    url = f"{base}listes/trente-dix/"
    page.goto(url)
    boxes = page.locator("article input.pb-checkbox")
    assert boxes.count() == 30
    for i in range(boxes.count()):
        boxes.nth(i).check()
    tick = "b => getComputedStyle(b, '::before').transform"
    assert page.evaluate(
        f"() => Array.from(document.querySelectorAll('article input.pb-checkbox')).every(b => "
        f"b.checked && ({tick})(b) === 'matrix(1, 0, 0, 1, 0, 0)')"
    )
    pdf = print_page(page, url, print_background=True)  # reloads: the ticks come back from storage
    assert page.locator("article input.pb-checkbox:checked").count() == 30
    assert len(page_texts(pdf)) == 1
    assert_boxes(pdf, checklist_items(project, "trente-dix"))


def test_no_page_of_a_kit_is_blank_and_it_holds_questions_and_cases(project: Path, base: str, page) -> None:
    url = f"{base}kits/lois-temkin/"
    chrome = chrome_lines(page, url)
    pdf = print_page(page, url)
    texts = page_texts(pdf)
    located = Located(pdf)
    for number, text in enumerate(texts):
        assert norm(text), f"page {number + 1} has no text"
        assert raster(located.document[number], scale=1).dark_count() > 500, f"page {number + 1} is blank"
    words = norm(" ".join(texts))
    for part in (
        "Kit du formateur",
        "Questions à discuter",
        "Que décidez-vous en cas de conflit d’intérêts ?",
        "Cas à discuter",
        "Coolblue et la livraison en retard",
        "Former les équipes au contact client",
        "kits/lois-temkin/",
        "version 2025.1",
    ):
        assert norm(part) in words, part
    for line in chrome:
        assert line not in words, line
    assert_boxes(pdf, checklist_items(project, "lois-temkin"))


def test_an_entry_prints_its_checklist_alone_as_a_sheet(project: Path, base: str, page) -> None:
    url = f"{base}lois/loi-temkin-4/"
    sheet = print_page(page, url, mode="sheet")
    (text,) = page_texts(sheet)
    words = norm(text)
    for part in (
        "Liste de contrôle : Des employés non impliqués ne font pas des clients impliqués",
        "loi-temkin-4",
        "Source : Bruce Temkin",
        "Former les équipes au contact client",
        "Notes",
        "lois/loi-temkin-4/",
        "version 2025.1",
    ):
        assert norm(part) in words, part
    assert "soignez ceux qui les servent" not in words and "Citations" not in words and "Walt Disney" not in words
    assert_boxes(sheet, ["Former les équipes au contact client", "Donner des outils qui facilitent le travail"])
    long_sheet = print_page(page, f"{base}lois/trente-seul-loi-1/", mode="sheet")
    assert len(page_sizes(long_sheet)) == 1, "an entry's 30 items fit one page too"
    assert_boxes(long_sheet, checklist_items(project, "trente-seul"))
    whole = norm(" ".join(page_texts(print_page(page, url, mode="page"))))
    assert "soignez ceux qui les servent" in whole and "Former les équipes au contact client" in whole
    assert "version 2025.1" in whole and "Notes" not in whole


def test_boxes_stay_ticked_after_reload_until_reset(base: str, page) -> None:
    url = f"{base}listes/lois-temkin/"
    page.goto(url)
    boxes = page.locator("article input.pb-checkbox")
    assert [boxes.nth(i).is_checked() for i in range(2)] == [False, False]
    boxes.nth(1).check()
    page.reload()
    boxes = page.locator("article input.pb-checkbox")
    assert [boxes.nth(i).is_checked() for i in range(2)] == [False, True]
    assert page.evaluate("() => localStorage.getItem('playbook:coches:liste-lois-temkin')") == '["loi-temkin-4:2"]'
    # another page's list of the same entry is remembered apart
    page.goto(f"{base}lois/loi-temkin-4/")
    assert page.locator("article input.pb-checkbox:checked").count() == 0
    page.locator("article input.pb-checkbox").nth(0).check()
    page.goto(url)
    assert [page.locator("article input.pb-checkbox").nth(i).is_checked() for i in range(2)] == [False, True]
    page.get_by_role("button", name="Effacer les coches").click()
    assert page.locator("article input.pb-checkbox:checked").count() == 0
    page.reload()
    assert page.locator("article input.pb-checkbox:checked").count() == 0
    assert page.evaluate("() => localStorage.getItem('playbook:coches:liste-lois-temkin')") is None
    page.goto(f"{base}lois/loi-temkin-4/")  # reset on one page leaves the other's ticks alone
    assert page.locator("article input.pb-checkbox:checked").count() == 1


def test_clearing_the_ticks_can_be_undone_until_the_next_tick(base: str, page) -> None:
    """« Effacer les coches » says what it took away and « Annuler » puts it back, in storage too."""
    from playwright.sync_api import expect

    key = "() => localStorage.getItem('playbook:coches:liste-lois-temkin')"
    page.goto(f"{base}listes/lois-temkin/")
    boxes = page.locator("article input.pb-checkbox")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Effacer les coches").click()
    status = page.get_by_role("status").filter(has_text="coches")
    expect(status).to_have_text("2 coches effacées.")
    undo = page.get_by_role("button", name="Annuler")
    expect(undo).to_be_focused()
    assert page.locator("article input.pb-checkbox:checked").count() == 0
    assert page.evaluate(key) is None
    undo.click()
    expect(undo).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="rétablies")).to_have_text("Coches rétablies.")
    page.reload()
    assert [page.locator("article input.pb-checkbox").nth(i).is_checked() for i in range(2)] == [True, True]
    # after a new tick, the cleared ones are gone for good: no « Annuler » left to press
    page.get_by_role("button", name="Effacer les coches").click()
    page.locator("article input.pb-checkbox").nth(1).check()
    expect(page.get_by_role("button", name="Annuler")).to_be_hidden()
    assert page.evaluate(key) == '["loi-temkin-4:2"]'


def test_print_buttons_print_the_page_or_the_sheet(base: str, page) -> None:
    spy = (
        "() => { window.__printed = []; window.print = () => window.__printed.push("
        "document.documentElement.getAttribute('data-pb-print') || 'page'); }"
    )
    page.goto(f"{base}lois/loi-temkin-4/")
    page.evaluate(spy)
    page.get_by_role("button", name="Imprimer la liste").click()
    assert page.evaluate("() => window.__printed") == ["sheet"]
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("() => document.documentElement.getAttribute('data-pb-print')") is None
    page.goto(f"{base}listes/lois-temkin/")
    page.evaluate(spy)
    page.get_by_role("button", name="Imprimer", exact=True).click()
    assert page.evaluate("() => window.__printed") == ["page"]


def test_make_pdf_prints_every_checklist_and_kit_and_the_next_build_links_them(mini_project: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      edit_url: https://github.com/example/playbook/edit/main/\n",
            "      edit_url: https://github.com/example/playbook/edit/main/\n      version: '2025.1'\n",
        ),
        encoding="utf-8",
    )
    write_collection(mini_project / "laws", "trente-dix", [3] * 10, item_length=100)
    result = run_mkdocs(mini_project, "--strict")
    assert result.returncode == 0, result.stderr
    site, out = mini_project / "site", mini_project / "pdf"
    (out / "listes").mkdir(parents=True)
    (out / "listes" / "disparue.pdf").write_bytes(b"%PDF-1.4 old\n")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_pdf.py"), "--site", str(site), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    documents = json.loads((site / "exports" / "imprimables.json").read_text(encoding="utf-8"))["documents"]
    assert f"make_pdf: {len(documents)} PDF(s) in {out}/" in result.stdout
    assert {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")} == {d["pdf"] for d in documents}
    assert {d["role"] for d in documents} == {"checklist", "kit", "entry-checklist", "cards"}
    # two collections, eleven entries with a checklist, the cases' cards to cut out
    assert len(documents) == 2 * 2 + 1 + 10 + 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == {
        d["pdf"]: {"fingerprint": d["fingerprint"], "sha256": hashlib.sha256((out / d["pdf"]).read_bytes()).hexdigest()}
        for d in documents
    }
    for doc in documents:
        pdf = (out / doc["pdf"]).read_bytes()
        sizes = page_sizes(pdf)
        assert sizes and all(s == pytest.approx(A4_PT, abs=1) for s in sizes), doc["pdf"]
        if doc["role"] != "kit":
            assert len(sizes) == 1, doc["pdf"]
        assert "version 2025.1" in norm(" ".join(page_texts(pdf))), doc["pdf"]
        # accessible: tagged, French, titled, with an outline, nothing outside the tags, pdfua clean
        assert accessibility_findings(out / doc["pdf"]) == [], doc["pdf"]
        assert b"127.0.0.1" not in pdf  # no link to the machine that printed it (the site has no site_url)
    assert_boxes((out / "listes" / "trente-dix.pdf").read_bytes(), checklist_items(mini_project, "trente-dix"))

    result = run_mkdocs(mini_project, "--strict")
    assert result.returncode == 0, result.stderr
    for doc in documents:
        assert (site / "pdf" / doc["pdf"]).read_bytes() == (out / doc["pdf"]).read_bytes()
    html = (site / "listes" / "trente-dix" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/listes/trente-dix.pdf" download' in html
    entry = (site / "lois" / "loi-temkin-4" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/lois/loi-temkin-4.pdf" download' in entry


def figures_alt(pdf: bytes) -> list[str]:
    """The alternative text of every /Figure of a tagged PDF's structure tree."""
    import io

    import pikepdf

    found: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    found.append(str(node.get("/Alt", "")))
                kids = node.get("/K")
                if kids is not None:
                    stack.append(kids)
    return found


def test_the_qr_code_of_a_printed_sheet_has_its_alternative_text(mini_project: Path, page) -> None:
    # The module's Chromium (``page``) prints: Playwright's sync API allows one instance at a time,
    # and the module-scoped browser is alive whenever an earlier test of this module used a page.
    config = mini_project / "mkdocs.yml"
    text = "site_url: https://example.org/playbook/\n" + config.read_text(encoding="utf-8")
    config.write_text(text, encoding="utf-8")
    assert run_mkdocs(mini_project, "--strict").returncode == 0
    with serve(mini_project / "site") as base:
        pdf = print_document(page, base, "lois/loi-temkin-4/", mode="sheet", title="Liste")
    assert figures_alt(pdf) == ["Code QR de l’adresse https://example.org/playbook/lois/loi-temkin-4/"]
    # the public address (in the alternative text above), never the local one, in either encoding of
    # PDF strings (the alt text's typographic apostrophe makes it UTF-16)
    assert b"127.0.0.1" not in pdf and "127.0.0.1".encode("utf-16-be") not in pdf


def test_make_pdf_without_a_built_site_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_pdf.py"),
            "--site",
            str(tmp_path / "site"),
            "--out",
            str(tmp_path / "pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "build the site first (make build)" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "pdf").exists()


def test_a_missing_chromium_is_an_error_not_a_skip(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="Chromium not found"), browser(str(tmp_path / "no-chromium")):
        pass
