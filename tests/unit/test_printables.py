"""Printable pages from the core alone: collection sheets, their layout density, download links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINI_LAWS
from corpus import write_collection
from playbook.core import check
from playbook.core.pages import render_all
from playbook.core.render.pdf_downloads import (
    Downloads,
    DownloadsError,
    Printed,
    pdf_digest,
    read_downloads,
    write_downloads,
)
from playbook.core.render.renderer import Renderer
from playbook.core.render.sheet_layout import DENSITIES, TEXT_HEIGHT_MM, collection_sheets, density, estimated_height_mm
from playbook.core.render.urls import SiteInfo, relative_url
from playbook.core.sanitize import clean_html


def _playbook(laws: Path):
    result = check(laws)
    assert result.ok, [p.format() for p in result.problems]
    return result.playbook


def test_mini_collection_sheet_gathers_items_questions_cases_and_source() -> None:
    (sheet,) = collection_sheets(_playbook(MINI_LAWS))
    assert sheet.collection.id == "lois-temkin"
    assert [(g.entry.id, [i.key for i in g.items]) for g in sheet.groups] == [
        ("loi-temkin-4", ["loi-temkin-4:1", "loi-temkin-4:2"])
    ]
    assert [q.id for q in sheet.questions] == ["question-conflit"]
    assert [(c.case.id, [e.id for e in c.about]) for c in sheet.cases] == [("coolblue", ["loi-temkin-4"])]
    assert [s.id for s in sheet.sources] == ["article-temkin"]
    assert sheet.density == "normal" and sheet.item_count == 2


def test_collections_without_checklist_items_get_no_sheet(tmp_path: Path) -> None:
    laws = tmp_path / "laws"
    write_collection(laws, "avec", [2])
    write_collection(laws, "vide", [])
    assert [s.collection.id for s in collection_sheets(_playbook(laws))] == ["avec"]


def test_density_tightens_as_text_grows_and_30_ordinary_items_fit(tmp_path: Path) -> None:
    laws = tmp_path / "laws"
    write_collection(laws, "petite", [3, 3])
    write_collection(laws, "moyenne", [4] * 6)
    write_collection(laws, "grande", [3] * 10, item_length=100)
    write_collection(laws, "longue", [1] * 30, item_length=240, title_length=150)
    sheets = {s.collection.id: s for s in collection_sheets(_playbook(laws))}
    names = [d.name for d in DENSITIES]
    order = [names.index(sheets[c].density) for c in ("petite", "moyenne", "grande")]
    assert order == sorted(order) and order[0] == 0 and order[-1] > 0
    fits = [
        estimated_height_mm(sheets["grande"].collection.title, 100, sheets["grande"].groups, d) <= TEXT_HEIGHT_MM
        for d in DENSITIES
    ]
    assert fits[-1] and not fits[0]
    # beyond what one page holds: the tightest setting (and a second page)
    assert sheets["longue"].density == DENSITIES[-1].name
    assert density("x", 10, ()) == "normal"


def test_every_printable_page_has_a_fingerprint_and_a_pdf_path() -> None:
    pages = render_all(Renderer(), _playbook(MINI_LAWS))
    printable = {p.src_uri: (p.printable.pdf, p.printable.mode, p.printable.role) for p in pages if p.printable}
    assert printable == {
        "listes/lois-temkin.md": ("listes/lois-temkin.pdf", "page", "checklist"),
        "kits/lois-temkin.md": ("kits/lois-temkin.pdf", "page", "kit"),
        "lois/loi-temkin-4.md": ("lois/loi-temkin-4.pdf", "sheet", "entry-checklist"),
        "cartes/cas.md": ("cartes/cas.pdf", "page", "cards"),
    }
    uris = {p.src_uri for p in pages}
    assert {"listes/lois-temkin.md", "kits/lois-temkin.md", "imprimables/index.md"} <= uris
    # entries without a checklist are not printables and get no extra page
    assert sum(1 for p in pages if p.role == "entry") == 6


def test_a_pdf_is_linked_only_while_it_matches_its_page() -> None:
    playbook = _playbook(MINI_LAWS)
    first = {p.src_uri: p for p in render_all(Renderer(), playbook)}
    checklist = first["listes/lois-temkin.md"]
    assert "Télécharger le PDF" not in checklist.markdown
    current = Downloads({"listes/lois-temkin.pdf": checklist.printable.fingerprint})
    linked = {p.src_uri: p for p in render_all(Renderer(downloads=current), playbook)}
    page = linked["listes/lois-temkin.md"]
    assert (
        '<a class="md-button pb-action pb-action--pdf" href="../../pdf/listes/lois-temkin.pdf" download>'
        in page.markdown
    )
    assert page.printable.fingerprint == checklist.printable.fingerprint  # the link does not change it
    assert "../pdf/listes/lois-temkin.pdf" in linked["imprimables/index.md"].markdown
    assert "Télécharger le PDF" not in linked["kits/lois-temkin.md"].markdown
    stale = Downloads({"listes/lois-temkin.pdf": "0" * 20})
    assert (
        "Télécharger le PDF"
        not in {p.src_uri: p for p in render_all(Renderer(downloads=stale), playbook)}["listes/lois-temkin.md"].markdown
    )


def test_fingerprint_follows_the_content() -> None:
    playbook = _playbook(MINI_LAWS)
    before = {p.src_uri: p.printable.fingerprint for p in render_all(Renderer(), playbook) if p.printable}
    assert before == {p.src_uri: p.printable.fingerprint for p in render_all(Renderer(), playbook) if p.printable}
    playbook.entries["loi-temkin-4"].checklist[0] = "Un autre élément"
    after = {p.src_uri: p.printable.fingerprint for p in render_all(Renderer(), playbook) if p.printable}
    assert all(after[k] != before[k] for k in before if k != "cartes/cas.md")  # every sheet with that list
    assert after["cartes/cas.md"] == before["cartes/cas.md"]  # the case cards show no checklist


def test_the_sheet_prints_the_page_address_from_site_url() -> None:
    playbook = _playbook(MINI_LAWS)
    site = SiteInfo("Mon playbook", "https://exemple.org/playbook/")
    page = {p.src_uri: p for p in render_all(Renderer(site=site), playbook)}["listes/lois-temkin.md"]
    assert '<span class="pb-trace__site">Mon playbook</span>' in page.markdown
    assert '<span class="pb-trace__url">https://exemple.org/playbook/listes/lois-temkin/</span>' in page.markdown


@pytest.mark.parametrize(
    ("here", "target", "directory_urls", "expected"),
    [
        ("listes/x.md", "pdf/listes/x.pdf", True, "../../pdf/listes/x.pdf"),
        ("imprimables/index.md", "pdf/listes/x.pdf", True, "../pdf/listes/x.pdf"),
        ("index.md", "kits/x/", True, "kits/x/"),
        ("listes/x.md", "kits/x/", True, "../../kits/x/"),
        ("listes/x.md", "kits/x.html", False, "../kits/x.html"),
    ],
)
def test_relative_urls(here: str, target: str, directory_urls: bool, expected: str) -> None:
    assert relative_url(here, target, directory_urls) == expected


def test_pdf_manifest_round_trip_and_errors(tmp_path: Path) -> None:
    assert read_downloads(tmp_path / "absent") == Downloads()
    (tmp_path / "listes").mkdir()
    (tmp_path / "listes" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    digest = pdf_digest(b"%PDF-1.4\n")
    write_downloads(
        tmp_path,
        {
            "listes/a.pdf": Printed("abc", digest),
            "listes/missing.pdf": Printed("def", digest),
            "../outside.pdf": Printed("x", digest),
        },
    )
    assert read_downloads(tmp_path).available == {"listes/a.pdf": "abc"}
    (tmp_path / "listes" / "a.pdf").write_bytes(b"%PDF-1.4 other bytes\n")  # not the PDF recorded
    assert read_downloads(tmp_path).available == {}
    assert read_downloads(tmp_path).mismatched == 1
    # An older make pdf's manifest (no digests): nothing is trusted as current.
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": {"listes/a.pdf": "abc"}}), encoding="utf-8")
    assert read_downloads(tmp_path) == Downloads()
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": ["listes/a.pdf"]}), encoding="utf-8")
    with pytest.raises(DownloadsError, match="relancez `make pdf`"):
        read_downloads(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DownloadsError, match="ce n'est pas un manifeste de PDF"):
        read_downloads(tmp_path)


def test_sanitizer_keeps_the_sheet_buttons_but_nothing_active() -> None:
    html = (
        '<button type="submit" class="pb-action" onclick="alert(1)">Imprimer</button>'
        '<a href="x.pdf" download onmouseover="x()">PDF</a>'
    )
    cleaned = clean_html(html)
    assert '<button type="button" class="pb-action">Imprimer</button>' in cleaned
    assert '<a href="x.pdf" download="">PDF</a>' in cleaned
    assert "onclick" not in cleaned and "onmouseover" not in cleaned and "submit" not in cleaned
