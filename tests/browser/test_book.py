"""The books of ``make book``: « Le playbook complet » and one per collection, printed by WeasyPrint.

Read back as a reader reads them: the table of contents gives the page where each chapter starts
(checked against the pages, text extracted with PDFium), entries are numbered and appear once,
cross-references give pages (never addresses), checklists have boxes, sources come last; every
PDF is tagged, French, titled, with an outline, and passes pdfua. Then the build publishes the
books while they match the entries, and never once an entry changed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, copy_real_project, make_mini_project, run_mkdocs
from pdftools import accessibility_findings, assert_boxes, book_chapter_pages, norm, pdfium_page_texts
from playbook.book_printer import print_book, toc_problems
from playbook.core.book import render_books
from playbook.core.build import Options, build_outputs
from playbook.core.typography import french_typography

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def make_book(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_book.py"), "--config", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", **__import__("os").environ},
    )


@pytest.fixture(scope="module")
def real_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, object]:
    """« Le playbook complet » of the repository's own entries, printed as `make book` does."""
    project = copy_real_project(tmp_path_factory.mktemp("real-book"))
    outputs = build_outputs(
        Options(project / "laws", project, project / "pdf", version="2026.12", date="2026-12-06", history=False)
    )
    (complete,) = [
        b
        for b in render_books(outputs.renderer, outputs.playbook, outputs.edition)
        if b.plan.slug == "playbook-complet"
    ]
    ids = [e.id for e in complete.plan.entries()]
    assert sorted(ids) == sorted(outputs.playbook.entries)  # every entry of the playbook, once
    return print_book(complete), complete


def test_the_table_of_contents_gives_the_pages_where_the_chapters_start(real_book: tuple[bytes, object]) -> None:
    pdf, book = real_book
    listed, starts = book_chapter_pages(pdf)
    assert len(listed) == len(book.plan.chapters) >= 8  # type: ignore[attr-defined]
    assert listed == starts
    assert toc_problems(pdf) == []  # the entries' lines too, by make book's own reading


def test_the_complete_book_holds_every_entry_once_numbered_with_page_references(
    real_book: tuple[bytes, object],
) -> None:
    pdf, book = real_book
    texts = [norm(t) for t in pdfium_page_texts(pdf)]
    whole = " ".join(texts)
    plan = book.plan  # type: ignore[attr-defined]
    assert (
        "Le playbook complet" in texts[0] and "édition du 6 décembre 2026 · version 2026.12" in texts[0]
    )  # cover: date, then version (paper is traced)
    for entry, number in ((e, plan.numbers().get(e.id)) for e in plan.entries() if e not in plan.sources):
        # the kind · id line under each entry, once (« · autonomie-des-employes » is not the term's
        # « · autonomie-des-employes-terme »)
        assert len(re.findall(rf"· {re.escape(entry.id)}(?![a-z0-9-])", whole)) == 1, entry.id
        if number and "." in number:
            assert f"{number} {norm(french_typography(entry.title))[:20]}" in whole, entry.id
    assert re.search(r"\(p\. \d+\)", whole)  # cross-references give pages
    assert "http://127.0.0.1" not in whole and "/lois/loi-temkin" not in whole  # never a site address
    last_chapter = max(i for i, t in enumerate(texts) if t.startswith("Chapitre "))
    assert any(t.startswith("Sources") for t in texts[last_chapter + 1 :])  # the sources close the book


def test_checklists_print_with_a_box_per_item(real_book: tuple[bytes, object]) -> None:
    _, book = real_book
    plan = book.plan  # type: ignore[attr-defined]
    with_checklists = [e for e in plan.entries() if e.checklist]
    assert len(with_checklists) > 10
    pdf, _ = real_book
    for entry in with_checklists[:3]:
        assert_boxes(pdf, [french_typography(text) for text in entry.checklist])


def test_the_complete_book_is_accessible(real_book: tuple[bytes, object], tmp_path: Path) -> None:
    pdf, _ = real_book
    path = tmp_path / "playbook-complet.pdf"
    path.write_bytes(pdf)
    assert accessibility_findings(path) == []


def test_make_book_prints_every_book_and_the_next_build_publishes_them_while_current(tmp_path: Path) -> None:
    project = make_mini_project(tmp_path)
    assert run_mkdocs(project, "--strict").returncode == 0
    hub = (project / "site" / "imprimables" / "index.html").read_text(encoding="utf-8")
    assert "Le playbook complet" in hub and "pas encore imprimé" in hub and "livres/" not in hub
    result = make_book(project)
    assert result.returncode == 0, result.stderr
    books = sorted(p.relative_to(project / "pdf").as_posix() for p in (project / "pdf" / "livres").glob("*.pdf"))
    assert books == ["livres/lois-temkin.pdf", "livres/playbook-complet.pdf"]
    assert "make_book: 2 book(s)" in result.stdout
    for book in books:
        pdf = (project / "pdf" / book).read_bytes()
        assert accessibility_findings(project / "pdf" / book) == [], book
        listed, starts = book_chapter_pages(pdf)
        assert listed and listed == starts, book

    assert run_mkdocs(project, "--strict").returncode == 0
    site = project / "site"
    for book in books:
        assert (site / "pdf" / book).read_bytes() == (project / "pdf" / book).read_bytes()
    hub = (site / "imprimables" / "index.html").read_text(encoding="utf-8")
    assert 'href="../pdf/livres/playbook-complet.pdf"' in hub and 'href="../pdf/livres/lois-temkin.pdf"' in hub

    law = project / "laws" / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("title: ", "title: Nouveau titre, ", 1), encoding="utf-8")
    assert run_mkdocs(project, "--strict").returncode == 0
    assert not (site / "pdf" / "livres").exists()  # both books show that entry: stale, not published
    hub = (site / "imprimables" / "index.html").read_text(encoding="utf-8")
    assert "livres/" not in hub
