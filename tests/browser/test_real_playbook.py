"""The real playbook (the repository's laws/): every collection checklist prints on one A4 page
with all its items and boxes, Temkin's six laws included; the exports cover all the content.

Skipped only while laws/ holds no entry at all; a missing Chromium fails these tests."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import REPO, copy_real_project, run_mkdocs
from pdftools import A4_PT, Located, box_left_of, norm, page_sizes, page_texts, raster, squash
from playbook.core.typography import french_typography
from playbook.pdf_printer import browser, print_page, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REAL_LAWS = REPO / "laws"
ENTRY_FILES = (
    sorted(p for p in REAL_LAWS.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")) if REAL_LAWS.is_dir() else []
)
pytestmark.append(pytest.mark.skipif(not ENTRY_FILES, reason="laws/ has no entry yet"))


def _real_entries() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in ENTRY_FILES]


def _collections_with_checklists() -> list[str]:
    entries = _real_entries() if ENTRY_FILES else []
    return sorted(
        {e["collection"] for e in entries if isinstance(e, dict) and e.get("collection") and e.get("checklist")}
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("real")
    copy_real_project(project)
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def page(site: Path) -> Iterator[object]:
    with serve(site) as base, browser() as context:
        page = context.new_page()
        page.base = base  # type: ignore[attr-defined]
        yield page


def test_temkin_six_laws_are_in_the_playbook() -> None:
    assert "lois-temkin" in _collections_with_checklists()


@pytest.mark.parametrize("collection", _collections_with_checklists())
def test_real_collection_checklist_fits_one_a4_page(site: Path, page, collection: str) -> None:
    document = json.loads((site / "exports" / "playbook.json").read_text(encoding="utf-8"))
    members = sorted((e for e in document["entries"] if e.get("collection") == collection), key=lambda e: e["order"])
    # as written ("text" or {text, audience}), then as the page shows it (French typography)
    items = [
        french_typography(item["text"] if isinstance(item, dict) else item)
        for m in members
        for item in m.get("checklist", [])
    ]
    assert 0 < len(items) <= 30
    pdf = print_page(page, f"{page.base}listes/{collection}/", print_background=False)
    assert page_sizes(pdf) == [pytest.approx(A4_PT, abs=1)], f"{collection}: not one A4 page"
    words = norm(page_texts(pdf)[0])
    for item in items:
        assert squash(item) in squash(words), item
    for m in members:
        assert m["id"] in squash(words)
    for chrome in ("Aller au contenu", "Rechercher", "Material for MkDocs", "¶", "Effacer les coches"):
        assert chrome not in words, chrome
    located = Located(pdf)
    image = raster(located.document[0])
    for item, where in zip(items, located.find_all_in_order(items), strict=True):
        assert where is not None, item
        box = box_left_of(image, where)
        assert box is not None and min(box.sides_dark) >= 0.95 and box.inside_dark == 0, (item, box)
        assert 2.3 <= box.width_mm <= 5 and abs(box.width_mm - box.height_mm) <= 0.5, (item, box)


def test_real_exports_cover_all_the_content(site: Path) -> None:
    entries = _real_entries()
    rows = list(
        csv.reader(
            io.StringIO((site / "exports" / "listes-de-controle.csv").read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    assert len(rows) - 1 == sum(len(e.get("checklist", [])) for e in entries)
    document = json.loads((site / "exports" / "playbook.json").read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in document["entries"]) == sorted(e["id"] for e in entries)
    validator = Draft7Validator(json.loads((site / "exports" / "entry.schema.json").read_text(encoding="utf-8")))
    assert all(not list(validator.iter_errors(e)) for e in document["entries"])


def test_a_trainer_can_show_one_audience_and_print_it(site: Path, page) -> None:
    """Items that say who they are for get filter buttons; the filter holds on screen and on paper."""
    document = json.loads((site / "exports" / "playbook.json").read_text(encoding="utf-8"))
    members = [e for e in document["entries"] if e.get("collection") == "lois-temkin"]
    written = [item for m in members for item in m.get("checklist", [])]
    by_audience = {
        who: [french_typography(i["text"]) for i in written if isinstance(i, dict) and i.get("audience") == who]
        for who in ("front-line", "managers", "leadership")
    }
    assert all(by_audience.values())
    page.goto(f"{page.base}listes/lois-temkin/")
    buttons = page.locator("button.pb-filter")
    assert buttons.all_inner_texts() == ["Toutes les actions", "Contact client", "Managers", "Direction"]

    def shown() -> list[str]:
        return [norm(t) for t in page.locator(".pb-checklist__item:visible .pb-checklist__text").all_inner_texts()]

    assert len(shown()) == len(written)
    page.get_by_role("button", name="Contact client").click()
    assert page.get_by_role("button", name="Contact client").get_attribute("aria-pressed") == "true"
    assert shown() == [norm(t) for t in by_audience["front-line"]]
    page.emulate_media(media="print")  # as the "Imprimer" button prints it: the page as it is now
    try:
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    finally:
        page.emulate_media(media="screen")
    words = squash(norm(" ".join(page_texts(pdf))))
    assert all(squash(t) in words for t in by_audience["front-line"])
    assert not any(squash(t) in words for t in by_audience["managers"] + by_audience["leadership"])
    page.get_by_role("button", name="Toutes les actions").click()
    assert len(shown()) == len(written)
