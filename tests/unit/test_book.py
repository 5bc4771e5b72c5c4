"""The books' HTML from the pure core (core/book.py, core/render/book_layout.py), without printing:
every entry once, every cross-reference to a section of the same book, overridable templates, and
a fingerprint that follows the content."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import MINI_LAWS, REPO
from playbook.core.book import render_books
from playbook.core.build import Options, build_outputs


def books_of(laws: Path, project: Path, **options: object) -> dict[str, str]:
    outputs = build_outputs(Options(laws, project, project / "pdf", history=False, **options))  # type: ignore[arg-type]
    return {b.plan.slug: b for b in render_books(outputs.renderer, outputs.playbook, outputs.edition)}  # type: ignore[misc]


@pytest.fixture(scope="module")
def real_books() -> dict:
    return books_of(REPO / "laws", REPO)


def test_the_complete_book_holds_every_entry_once(real_books: dict) -> None:
    html = real_books["playbook-complet"].html
    ids = re.findall(r'id="entree-([a-z0-9-]+)"', html)
    laws = sorted(p.stem for p in (REPO / "laws").rglob("*.yaml"))
    assert sorted(ids) == laws


def test_every_cross_reference_leads_to_a_section_of_the_same_book(real_books: dict) -> None:
    for slug, book in real_books.items():
        ids = set(re.findall(r'id="([^"]+)"', book.html))
        assert [h for h in re.findall(r'href="#([^"]+)"', book.html) if h not in ids] == [], slug
        assert "http://" not in book.html.replace("http://www.w3.org", "")  # no page address of the site


def test_a_collection_book_has_its_members_then_what_they_relate_to(real_books: dict) -> None:
    plan = real_books["lois-temkin"].plan
    assert [c.title for c in plan.chapters][1:] == ["Pour aller plus loin"]
    assert [e.id for e in plan.chapters[0].entries] == [f"loi-temkin-{n}" for n in range(1, 7)]
    assert plan.chapters[0].intro.id == "lois-temkin"
    assert "(hors de ce livre)" in real_books["lois-temkin"].html  # a link to an entry it leaves out


def test_the_book_templates_are_overridable_and_the_fingerprint_follows_the_content(tmp_path: Path) -> None:
    shutil.copytree(MINI_LAWS, tmp_path / "laws")
    before = books_of(tmp_path / "laws", tmp_path)["playbook-complet"]
    overrides = tmp_path / "overrides" / "playbook" / "book"
    overrides.mkdir(parents=True)
    (overrides / "book.css.j2").write_text("/* house style */\n", encoding="utf-8")
    styled = books_of(tmp_path / "laws", tmp_path, override_dirs=(tmp_path / "overrides",))["playbook-complet"]
    assert "/* house style */" in styled.html and styled.fingerprint != before.fingerprint
    law = tmp_path / "laws" / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("title: ", "title: Autre, ", 1), encoding="utf-8")
    changed = books_of(tmp_path / "laws", tmp_path)["playbook-complet"]
    assert changed.fingerprint != before.fingerprint and "Autre, " in changed.html
    assert books_of(tmp_path / "laws", tmp_path)["playbook-complet"].html == changed.html  # reproducible


def test_make_pdf_and_make_book_keep_each_others_pdfs(tmp_path: Path) -> None:
    from playbook.core.render.pdf_downloads import read_downloads, record_pdf, replace_downloads

    for name in ("listes/a.pdf", "listes/old.pdf", "livres/playbook-complet.pdf", "livres/old.pdf"):
        record_pdf(tmp_path, name, f"%PDF-1.7 {name}\n".encode(), f"printed-{name}")  # saved with its record
    replace_downloads(tmp_path, {"livres/playbook-complet.pdf": "b1"}, "livres")  # make book
    assert not (tmp_path / "livres/old.pdf").exists() and (tmp_path / "listes/old.pdf").exists()
    replace_downloads(tmp_path, {"listes/a.pdf": "p1"}, None)  # make pdf
    assert not (tmp_path / "listes/old.pdf").exists() and (tmp_path / "livres/playbook-complet.pdf").exists()
    assert read_downloads(tmp_path).available == {
        "listes/a.pdf": "printed-listes/a.pdf",
        "livres/playbook-complet.pdf": "printed-livres/playbook-complet.pdf",
    }


def test_a_build_renders_a_book_only_when_its_pdf_exists(tmp_path: Path) -> None:
    """Without the books' PDFs (a contributor's `mkdocs serve`, every edit), no book is rendered;
    with one, that book is, to tell whether the PDF still matches it."""
    from playbook.core.render.pdf_downloads import Downloads

    shutil.copytree(MINI_LAWS, tmp_path / "laws")
    outputs = build_outputs(Options(tmp_path / "laws", tmp_path, tmp_path / "pdf", history=False))
    assert outputs.books
    assert not any("_raw" in vars(b) for b in outputs.books), "a book was rendered with no PDF to compare"
    book = outputs.books[0]
    assert not book.current_in(Downloads()) and "_raw" not in vars(book)
    assert not book.current_in(Downloads(available={book.pdf: "printed-from-older-content"}))
    assert "_raw" in vars(book)
    assert book.current_in(Downloads(available={book.pdf: book.fingerprint}))
