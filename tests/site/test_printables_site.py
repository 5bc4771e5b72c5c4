"""Real builds: printable pages, exports, the edition stylesheet and PDF downloads."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from conftest import MINI_LAWS, build_in_process, page_scripts, read_search_index
from htmltools import article, text
from playbook.core.render.pdf_downloads import Printed, pdf_digest, write_downloads

pytestmark = pytest.mark.slow

EDITION = "      version: '2025.1'\n      date: 2025-06-01\n"


def configure(project: Path, extra: str = EDITION) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      edit_url: https://github.com/example/playbook/edit/main/\n",
            "      edit_url: https://github.com/example/playbook/edit/main/\n" + extra,
        ),
        encoding="utf-8",
    )


def build(project: Path) -> Path:
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_printable_pages_exports_and_edition(mini_project: Path) -> None:
    configure(mini_project)
    site = build(mini_project)
    checklist = (site / "listes" / "lois-temkin" / "index.html").read_text(encoding="utf-8")
    words = text(article(checklist))
    assert "Liste de contrôle\u00a0: Les 6 lois de Temkin" in words
    assert "Former les équipes au contact client" in words and "loi-temkin-4" in words
    assert "Source\u00a0: Bruce Temkin" in words and "Notes" in words
    assert '<span class="pb-trace__url">listes/lois-temkin/</span>' in checklist
    assert article(checklist).count('type="checkbox"') == 2
    assert (
        '<button type="button" class="md-button md-button--primary pb-action pb-action--print-page">Imprimer</button>'
        in checklist
    )
    assert "assets/playbook/edition.css" in checklist and "playbook.js" in page_scripts(site, checklist)
    css = (site / "assets" / "playbook" / "edition.css").read_text(encoding="utf-8")
    assert '.pb-trace__edition::after { content: "édition du 1er juin 2025"; }' in css
    assert '.pb-trace__version::after { content: " · version 2025.1"; }' in css  # printed small, for maintainers
    assert ':root { --pb-edition: "édition du 1er juin 2025 · version 2025.1"; }' in css  # for the report link

    kit = text(article((site / "kits" / "lois-temkin" / "index.html").read_text(encoding="utf-8")))
    for part in (
        "Kit du formateur",
        "Questions à discuter",
        "Que décidez-vous en cas de conflit",
        "Cas à discuter",
        "Coolblue et la livraison en retard",
        "Une réclamation bien traitée",
    ):
        assert part in kit, part
    entry = (site / "lois" / "loi-temkin-4" / "index.html").read_text(encoding="utf-8")
    assert "pb-action--print-sheet" in entry and 'class="pb-sheet pb-sheet--entry pb-density-normal"' in entry
    collection = text(article((site / "collections" / "lois-temkin" / "index.html").read_text(encoding="utf-8")))
    assert "Liste de contrôle de la collection" in collection and "Kit du formateur" in collection
    hub = text(article((site / "imprimables" / "index.html").read_text(encoding="utf-8")))
    assert "Les 6 lois de Temkin (2 actions)" in hub and "Télécharger" not in hub

    rows = list(
        csv.reader(
            io.StringIO((site / "exports" / "listes-de-controle.csv").read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    assert rows == [
        ["collection", "identifiant", "titre", "action", "public"],
        [
            "lois-temkin",
            "loi-temkin-4",
            "Des employés non impliqués ne font pas des clients impliqués",
            "Former les équipes au contact client",
            "",
        ],
        [
            "lois-temkin",
            "loi-temkin-4",
            "Des employés non impliqués ne font pas des clients impliqués",
            "Donner des outils qui facilitent le travail",
            "",
        ],
    ]
    document = json.loads((site / "exports" / "playbook.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "exports" / "entry.schema.json").read_text(encoding="utf-8"))
    validator = Draft7Validator(schema)
    assert sorted(e["id"] for e in document["entries"]) == sorted(p.stem for p in MINI_LAWS.rglob("*.yaml"))
    assert all(not list(validator.iter_errors(e)) for e in document["entries"])
    assert document["edition"] == {"version": "2025.1", "date": "2025-06-01"}
    manifest = json.loads((site / "exports" / "imprimables.json").read_text(encoding="utf-8"))
    assert [(d["page"], d["pdf"], d["mode"]) for d in manifest["documents"]] == [
        ("lois/loi-temkin-4/", "lois/loi-temkin-4.pdf", "sheet"),
        ("listes/lois-temkin/", "listes/lois-temkin.pdf", "page"),
        ("kits/lois-temkin/", "kits/lois-temkin.pdf", "page"),
        ("cartes/cas/", "cartes/cas.pdf", "page"),
    ]
    assert not (site / "pdf").exists()


def test_printable_outputs_are_identical_from_one_build_to_the_next(mini_project: Path, tmp_path: Path) -> None:
    configure(mini_project, "      version: '3'\n")
    first = build(mini_project)
    shutil.copytree(first, tmp_path / "first")
    second = build(mini_project)
    for rel in (
        "listes/lois-temkin/index.html",
        "kits/lois-temkin/index.html",
        "imprimables/index.html",
        "lois/loi-temkin-4/index.html",
        "exports/listes-de-controle.csv",
        "exports/playbook.json",
        "exports/imprimables.json",
        "assets/playbook/edition.css",
    ):
        assert (tmp_path / "first" / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_a_pdf_is_published_and_linked_while_it_matches_its_page(mini_project: Path) -> None:
    configure(mini_project)
    site = build(mini_project)
    documents = json.loads((site / "exports" / "imprimables.json").read_text(encoding="utf-8"))["documents"]
    fingerprint = next(d["fingerprint"] for d in documents if d["pdf"] == "listes/lois-temkin.pdf")
    pdf_dir = mini_project / "pdf"
    (pdf_dir / "listes").mkdir(parents=True)
    (pdf_dir / "listes" / "lois-temkin.pdf").write_bytes(b"%PDF-1.4 checklist\n")
    (pdf_dir / "kits").mkdir()
    (pdf_dir / "kits" / "lois-temkin.pdf").write_bytes(b"%PDF-1.4 kit\n")
    write_downloads(
        pdf_dir,
        {
            "listes/lois-temkin.pdf": Printed(fingerprint, pdf_digest(b"%PDF-1.4 checklist\n")),
            "kits/lois-temkin.pdf": Printed("not-the-page-fingerprint", pdf_digest(b"%PDF-1.4 kit\n")),
        },
    )

    site = build(mini_project)
    checklist = (site / "listes" / "lois-temkin" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/listes/lois-temkin.pdf" download' in checklist
    assert (site / "pdf" / "listes" / "lois-temkin.pdf").read_bytes() == b"%PDF-1.4 checklist\n"
    assert "pdf/listes/lois-temkin.pdf" in (site / "imprimables" / "index.html").read_text(encoding="utf-8")
    # the kit's PDF was printed from another version of the page: neither linked nor published
    assert "Télécharger le PDF" not in (site / "kits" / "lois-temkin" / "index.html").read_text(encoding="utf-8")
    assert not (site / "pdf" / "kits").exists()

    law = mini_project / "laws" / "lois" / "loi-temkin-4.yaml"
    law.write_text(
        law.read_text(encoding="utf-8").replace("Former les équipes", "Former toutes les équipes"), encoding="utf-8"
    )
    result = build_in_process(mini_project, "--strict")
    assert result.returncode == 0, result.stderr
    assert "ne correspondent plus à leurs pages" in result.stderr
    assert "Télécharger le PDF" not in (site / "listes" / "lois-temkin" / "index.html").read_text(encoding="utf-8")
    assert not (site / "pdf").exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("manifest", "ce n'est pas un manifeste de PDF écrit par `make pdf`"),
        ("date", "« 1er juin » n'est pas une date ; écrivez-la AAAA-MM-JJ"),
    ],
)
def test_bad_pdf_manifest_or_date_is_a_clear_error(mini_project: Path, setup: str, message: str) -> None:
    if setup == "manifest":
        (mini_project / "pdf").mkdir()
        (mini_project / "pdf" / "manifest.json").write_text("[1, 2", encoding="utf-8")
    else:
        configure(mini_project, "      date: 1er juin\n")
    result = build_in_process(mini_project)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_printable_sheets_and_the_map_are_kept_out_of_search(mini_project: Path) -> None:
    """Sheets repeat their entries' text, the relation map cuts their titles into box lines;
    search must lead to the entries, not to copies and fragments: it lists entry pages only."""
    site = build(mini_project)
    assert (site / "listes" / "lois-temkin" / "index.html").is_file()
    index = read_search_index(site)
    urls = sorted(doc[0] for name, chunk in index.items() if name.startswith("d") for doc in chunk)
    assert urls == [
        "cas/coolblue/",
        "collections/lois-temkin/",
        "lois/loi-temkin-4/",
        "notions/paradoxe-reclamation/",
        "questions/question-conflit/",
        "sources/article-temkin/",
    ]


def test_an_interrupted_make_pdf_never_publishes_a_stale_pdf_as_current(
    mini_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 27, item 4. `make pdf`'s printing (its browser stood in for: each "PDF" names the
    fingerprint of the page it was printed from) is cut short after the changed page's PDF; the
    page then goes back to what it was. Every PDF a build publishes must be the one printed for
    its page as it is now, and a PDF whose bytes are not the recorded ones is never published."""
    import contextlib

    from playbook import pdf_printer

    configure(mini_project)
    site, out = mini_project / "site", mini_project / "pdf"

    def fingerprints() -> dict[str, str]:
        documents = json.loads((site / "exports" / "imprimables.json").read_text(encoding="utf-8"))["documents"]
        return {d["page"]: d["fingerprint"] for d in documents}

    printed_from: dict[str, str] = {}
    stop_after: list[str] = []

    def print_document(page: object, base: str, relative: str, *, mode: str, title: str) -> bytes:
        if stop_after and stop_after[0] in printed_from.values():
            raise KeyboardInterrupt  # the run is killed here
        printed_from[relative] = fingerprints()[relative]
        return f"%PDF-1.4 printed from {printed_from[relative]}\n".encode()

    @contextlib.contextmanager
    def browser(executable: str = "") -> object:
        class Context:
            def new_page(self) -> object:
                return object()

        yield Context()

    monkeypatch.setattr(pdf_printer, "print_document", print_document)
    monkeypatch.setattr(pdf_printer, "browser", browser)

    def published() -> dict[str, bytes]:
        folder = site / "pdf"
        return (
            {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.pdf")} if folder.exists() else {}
        )

    def assert_every_published_pdf_is_current() -> None:
        current = fingerprints()
        documents = json.loads((site / "exports" / "imprimables.json").read_text(encoding="utf-8"))["documents"]
        for document in documents:
            data = published().get(document["pdf"])
            if data is not None:
                assert data == f"%PDF-1.4 printed from {current[document['page']]}\n".encode(), document["pdf"]

    build(mini_project)
    pdf_printer.make_pdfs(site, out)  # v1, complete
    build(mini_project)
    assert "listes/lois-temkin.pdf" in published()
    assert_every_published_pdf_is_current()

    law = mini_project / "laws" / "lois" / "loi-temkin-4.yaml"
    original = law.read_text(encoding="utf-8")
    law.write_text(original.replace("Former les équipes", "Former toutes les équipes"), encoding="utf-8")
    build(mini_project)
    changed = fingerprints()["listes/lois-temkin/"]
    printed_from.clear()
    stop_after.append(changed)
    with pytest.raises(KeyboardInterrupt):
        pdf_printer.make_pdfs(site, out)  # v2, killed right after printing the checklist's new PDF
    assert (out / "listes" / "lois-temkin.pdf").read_bytes() == f"%PDF-1.4 printed from {changed}\n".encode()

    law.write_text(original, encoding="utf-8")  # back to v1: the v2 PDF must not pass for v1's
    build(mini_project)
    assert_every_published_pdf_is_current()
    assert "listes/lois-temkin.pdf" not in published()

    # A PDF whose bytes were changed after printing (by hand, a checkout) is not published either.
    victim = sorted(published())[0]
    (out / victim).write_bytes(b"%PDF-1.4 something else\n")
    build(mini_project)
    assert victim not in published()
    assert_every_published_pdf_is_current()
