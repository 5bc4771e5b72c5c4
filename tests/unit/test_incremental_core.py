"""The pure side of incremental rebuilds: re-checking only changed files, diffing two renders."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI_LAWS
from playbook.core.incremental import Session, diff_pages
from playbook.core.pages import render_all
from playbook.core.pipeline import Result, check
from playbook.core.render.renderer import RenderedPage, Renderer


def _copy(tmp_path: Path) -> Path:
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    return laws


def test_session_parses_again_only_the_changed_files(tmp_path: Path) -> None:
    laws = _copy(tmp_path)
    session = Session(laws)
    first, changes = session.check()
    assert first.ok and changes.added and not changes.modified
    loaded = {f.display: f for f in first.files}
    entry = laws / "cas" / "coolblue.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Coolblue et", "Coolblue, et"), encoding="utf-8")
    second, changes = session.check()
    assert changes.modified == {"cas/coolblue.yaml"} and changes.same_files
    for f in second.files:
        assert (f is loaded[f.display]) == (f.display != "laws/cas/coolblue.yaml"), f.display
    assert second.playbook is not None and second.playbook["coolblue"].title == "Coolblue, et la livraison en retard"
    third, changes = session.check()
    assert not changes.any and all(a is b for a, b in zip(third.files, second.files, strict=True))


def test_session_reads_only_the_files_whose_stat_changed(tmp_path: Path, monkeypatch) -> None:
    from playbook.core import incremental

    laws = _copy(tmp_path)
    # Files changed less than 2 s before a check are always read again (an edit in the same clock
    # tick would not show); here the copy is that recent, so the window is closed for the test.
    monkeypatch.setattr(incremental, "RACY_NS", 0)
    session = Session(laws)
    session.check()
    reads: list[str] = []
    from playbook.core import corpus

    real_read = corpus.read_bytes
    monkeypatch.setattr(
        corpus, "read_bytes", lambda path, *size, **folder: reads.append(path) or real_read(path, *size, **folder)
    )
    _, changes = session.check()
    assert reads == [] and not changes.any
    entry = laws / "cas" / "coolblue.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Coolblue et", "Coolblue, et"), encoding="utf-8")
    _, changes = session.check()
    assert [Path(r).name for r in reads] == ["coolblue.yaml"] and changes.modified == {"cas/coolblue.yaml"}


def test_session_checks_again_only_the_references_an_edit_can_change(tmp_path: Path, monkeypatch) -> None:
    from playbook.core import incremental, validate

    laws = _copy(tmp_path)
    monkeypatch.setattr(incremental, "RACY_NS", 0)  # see test_session_reads_only_the_files_whose_stat_changed
    session = Session(laws)
    assert session.check()[0].ok
    checked: list[str] = []
    real = validate._reference_problems
    monkeypatch.setattr(
        validate, "_reference_problems", lambda loaded, *rest: checked.append(loaded.display) or real(loaded, *rest)
    )
    entry = laws / "cas" / "coolblue.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Coolblue et", "Coolblue, et"), encoding="utf-8")
    assert session.check()[0].ok
    assert checked == ["laws/cas/coolblue.yaml"]  # the others were clean, against the same ids
    # The entry coolblue refers to goes: coolblue, unchanged, is checked again and its reference reported.
    checked.clear()
    (laws / "questions" / "question-conflit.yaml").unlink()
    result, _ = session.check()
    assert "laws/cas/coolblue.yaml" in checked and len(checked) == len(result.files)
    assert [(p.path, p.code) for p in result.problems if p.code == "unknown-reference"] == [
        ("laws/cas/coolblue.yaml", "unknown-reference")
    ]
    # and it stays reported at the next check, although nothing changed
    assert [p.path for p in session.check()[0].problems if p.code == "unknown-reference"] == ["laws/cas/coolblue.yaml"]


def test_the_corpus_of_the_last_check_is_compared_once_not_once_per_file(tmp_path: Path, monkeypatch) -> None:
    """Whether a clean file's references need checking again depends on the corpus (ids, kinds,
    former ids) it was checked against: every unchanged file was checked against the same one,
    which is compared with the new corpus once (once per file was a pass over every id per file)."""
    from playbook.core import incremental, validate

    laws = _copy(tmp_path)
    monkeypatch.setattr(incremental, "RACY_NS", 0)
    compared: list[int] = []

    class Former(dict):
        def __eq__(self, other: object) -> bool:
            compared.append(1)
            return dict.__eq__(self, other)

        __hash__ = None  # type: ignore[assignment]

    real = validate._former_ids
    monkeypatch.setattr(validate, "_former_ids", lambda *args: Former(real(*args)))
    session = Session(laws)
    result, _ = session.check()
    assert result.ok and len(result.files) > 3 and compared == []
    entry = laws / "cas" / "coolblue.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Coolblue et", "Coolblue, et"), encoding="utf-8")
    assert session.check()[0].ok
    assert compared == [1]


def test_the_checks_of_a_file_alone_run_again_only_for_the_edited_file(tmp_path: Path, monkeypatch) -> None:
    """The example texts left in a file and the images of its body are looked for once per file
    read: the same problems, found again only in the file an edit changed."""
    from playbook.core import incremental, validate

    laws = _copy(tmp_path)
    monkeypatch.setattr(incremental, "RACY_NS", 0)
    case = laws / "cas" / "coolblue.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("summary: ", "summary: (à remplacer) ", 1), encoding="utf-8")
    scanned: list[str] = []
    imaged: list[str] = []
    real_scan, real_images = validate._holds_placeholder, validate.iter_local_images
    monkeypatch.setattr(validate, "_holds_placeholder", lambda text: scanned.append(text) or real_scan(text))
    monkeypatch.setattr(validate, "iter_local_images", lambda body: imaged.append(body) or real_images(body))
    (tmp_path / "docs").mkdir(exist_ok=True)
    session = Session(laws, docs_dir=tmp_path / "docs")
    first = [p for p in session.check()[0].problems if p.code == "placeholder"]
    assert [p.path for p in first] == ["laws/cas/coolblue.yaml"]
    files = len(scanned)
    assert files > 3 and len(imaged) > 3
    scanned.clear()
    imaged.clear()
    law = laws / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("title: ", "title: Nouvelle ", 1), encoding="utf-8")
    result, _ = session.check()
    assert [p for p in result.problems if p.code == "placeholder"] == first
    assert len(scanned) == len(imaged) == 1 and "Nouvelle" in scanned[0]


def test_session_reports_added_and_removed_files(tmp_path: Path) -> None:
    laws = _copy(tmp_path)
    session = Session(laws)
    session.check()
    (laws / "notions" / "paradoxe-reclamation.yaml").rename(laws / "notions" / "autre.yaml")
    result, changes = session.check()
    assert changes.added == {"notions/autre.yaml"} and changes.removed == {"notions/paradoxe-reclamation.yaml"}
    assert not changes.same_files and not result.ok


def test_diff_pages_finds_the_entry_and_every_page_that_shows_it(tmp_path: Path) -> None:
    laws = _copy(tmp_path)
    session = Session(laws)
    renderer = Renderer()
    before = {p.src_uri: p for p in render_all(renderer, session.check()[0].playbook)}
    entry = laws / "notions" / "paradoxe-reclamation.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Le paradoxe", "Le grand paradoxe"), encoding="utf-8")
    after = {p.src_uri: p for p in render_all(renderer, session.check()[0].playbook)}
    diff = diff_pages(before, after)
    assert diff.same_pages
    # its page, its kind's index, its tag page, the case that illustrates it (and its card), the
    # source it cites, the contributors' list of every entry; not the law that links to it with
    # its own label ([[paradoxe-reclamation|le paradoxe]])
    assert diff.changed == (
        "cartes/cas.md",
        "cas/coolblue.md",
        "contribuer/suivi.md",
        "etiquettes/reclamations.md",
        "notions/index.md",
        "notions/paradoxe-reclamation.md",
        "sources/article-temkin.md",
    )
    assert diff.retitled == ("notions/paradoxe-reclamation.md",)
    assert diff_pages(after, after).changed == ()
    fewer = {k: v for k, v in after.items() if k != "etiquettes/reclamations.md"}
    assert diff_pages(after, fewer).removed == ("etiquettes/reclamations.md",)


def _synthetic(tmp_path: Path, n: int) -> tuple[Path, Session, Renderer, Result, dict[str, RenderedPage]]:
    """A synthetic playbook of ``n`` entries (scripts/synth.py), checked once by a session, and
    every page rendered: what ``mkdocs serve`` holds before the first edit."""
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "scripts"))
    from synth import generate

    laws = tmp_path / "laws"
    generate(laws, n)
    session = Session(laws)
    renderer = Renderer()
    result, _ = session.check()
    assert result.playbook is not None
    return laws, session, renderer, result, {p.src_uri: p for p in render_all(renderer, result.playbook)}


def test_render_changed_equals_a_full_render_on_random_edits(tmp_path: Path) -> None:
    import random
    import re

    from playbook.core.incremental import changed_ids, render_changed

    laws, session, renderer, result, pages = _synthetic(tmp_path, 120)
    assert result.playbook is not None
    files = sorted(laws.rglob("*.yaml"))
    ids = [f.stem for f in files]
    tags = sorted(result.playbook.tags)
    rng = random.Random(11)
    checked = 0
    for step in range(60):
        path = rng.choice(files)
        text = original = path.read_text(encoding="utf-8")
        kind = rng.choice(["title", "summary", "ref", "relation", "drop-relations", "tag", "order", "source"])
        if kind == "title":
            text = re.sub(r"^title: .*$", f'title: "Titre {step} : essai ?"', text, count=1, flags=re.M)
        elif kind == "summary":
            text = re.sub(r"^summary: .*$", f'summary: "Résumé {step} *gras* <b>"', text, count=1, flags=re.M)
        elif kind == "ref":
            text = text.replace("body: |\n", f"body: |\n  Voir [[{rng.choice(ids)}]].\n", 1)
        elif kind == "relation" and "\nrelations:\n" in text:
            text = text.replace("\nrelations:\n", f"\nrelations:\n  see_also: [{rng.choice(ids)}]\n", 1)
            text = re.sub(r"\n  see_also: \[.*\]\n(?=(?:.|\n)*\n  see_also:)", "\n", text)
        elif kind == "drop-relations":
            text = re.sub(r"\nrelations:\n(?:  .*\n)+", "\n", text)
        elif kind == "tag":
            text = re.sub(r"^tags: \[.*\]$", f"tags: [{rng.choice(tags)}]", text, count=1, flags=re.M)
        elif kind == "order":
            text = re.sub(r"^order: \d+$", f"order: {rng.randint(20, 99)}", text, count=1, flags=re.M)
        elif kind == "source":
            text = re.sub(r"^source: source-\d+$", "source: source-00000", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        result, changes = session.check()
        if not result.ok or result.playbook is None:  # e.g. a relation the kind may not have: undo
            path.write_text(original, encoding="utf-8")
            result, changes = session.check()
            assert result.ok, result.problems
            full = {p.src_uri: p for p in render_all(renderer, result.playbook)}
            assert render_changed(renderer, result.playbook, pages, changed_ids(changes)) is not None
            pages = full
            continue
        full = {p.src_uri: p for p in render_all(renderer, result.playbook)}
        partial = render_changed(renderer, result.playbook, pages, changed_ids(changes))
        if partial is None:
            assert full.keys() != pages.keys(), (step, kind, path.name)
        else:
            assert partial.keys() == full.keys()
            # the page and the entry's Markdown document made with it (published as its index.md)
            stale = [
                uri
                for uri in full
                if (partial[uri].markdown, partial[uri].entry_markdown)
                != (full[uri].markdown, full[uri].entry_markdown)
            ]
            assert stale == [], (step, kind, path.name, stale)
            checked += 1
        pages = full
    assert checked >= 30
    # a new tag means a new page: not an incremental render
    path = files[0]
    path.write_text(
        re.sub(r"^tags: \[", "tags: [toute-nouvelle, ", path.read_text(encoding="utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    result, changes = session.check()
    assert result.ok and render_changed(renderer, result.playbook, pages, changed_ids(changes)) is None


def test_render_changed_follows_edits_of_sessions_and_paths(tmp_path: Path) -> None:
    """A path's steps show it (previous, next): a new step, a removed one and a reordered path reach
    the steps' pages; a session's sheet follows its entries."""
    from conftest import REPO
    from playbook.core.incremental import changed_ids, render_changed

    laws = tmp_path / "laws"
    shutil.copytree(REPO / "laws", laws)
    session = Session(laws)
    renderer = Renderer()
    result, _ = session.check()
    assert result.playbook is not None
    pages = {p.src_uri: p for p in render_all(renderer, result.playbook)}
    path = laws / "parcours" / "parcours-manager.yaml"
    seance = laws / "seances" / "seance-accueil-reclamation.yaml"
    edits = [
        (path, "  - entry: loi-temkin-5\n", "  - entry: loi-temkin-6\n"),  # a step replaced
        (path, "  - entry: loi-temkin-4\n    goal: Relier l'implication des employés à celle des clients\n", ""),
        (seance, "    entries: [paradoxe-reclamation]\n", "    entries: [effet-bonne-surprise]\n"),
    ]
    for file, old, new in edits:
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        result, changes = session.check()
        assert result.ok and result.playbook is not None, result.problems
        full = {p.src_uri: p for p in render_all(renderer, result.playbook)}
        partial = render_changed(renderer, result.playbook, pages, changed_ids(changes))
        assert partial is not None and partial.keys() == full.keys()
        assert [uri for uri in full if partial[uri].markdown != full[uri].markdown] == []
        assert any(
            pages[uri].markdown != full[uri].markdown
            for uri in ("lois/loi-temkin-6.md", "lois/loi-temkin-4.md", "kits/seance-accueil-reclamation.md")
        )
        pages = full


def test_session_reuses_the_entries_of_the_files_not_parsed_again(tmp_path: Path) -> None:
    laws = _copy(tmp_path)
    session = Session(laws)
    first, _ = session.check()
    assert first.playbook is not None
    entry = laws / "cas" / "coolblue.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Coolblue et", "Coolblue, et"), encoding="utf-8")
    second, _ = session.check()
    assert second.playbook is not None and second.playbook is not first.playbook
    for entry_id, now in second.playbook.entries.items():
        assert (now is first.playbook.entries[entry_id]) == (entry_id != "coolblue"), entry_id
    assert second.playbook["coolblue"].title == "Coolblue, et la livraison en retard"


def test_a_title_edit_draws_again_only_the_groups_of_the_views_that_show_the_entry(tmp_path: Path, monkeypatch) -> None:
    from playbook.core.incremental import changed_ids, render_changed
    from playbook.core.render.view_layout import relation_maps

    _, session, renderer, result, pages = _synthetic(tmp_path, 200)
    assert result.playbook is not None
    maps = relation_maps(result.playbook)
    assert len(maps) >= 3
    law = maps[1].group.members[0]
    groups = [m for m in maps if law in [n.entry for n in m.nodes]]
    assert len(groups) == 1
    text = law.path.read_text(encoding="utf-8")
    assert law.title in text
    law.path.write_text(text.replace(law.title, f"{law.title} (bis)", 1), encoding="utf-8")
    drawn: list[str] = []
    real = renderer.html_block
    monkeypatch.setattr(renderer, "html_block", lambda name, **c: drawn.append(name) or real(name, **c))
    result, changes = session.check()
    assert result.playbook is not None and changes.modified
    partial = render_changed(renderer, result.playbook, pages, changed_ids(changes))
    assert partial is not None
    # the map of the law's group and its matrix (a law is in one group of each), not the others'
    assert drawn.count("playbook/fragments/map.html.j2") == 1
    assert drawn.count("playbook/fragments/matrix.html.j2") == 1
    full = {p.src_uri: p.markdown for p in render_all(Renderer(), result.playbook)}
    for uri in (renderer.pages.map_uri(), renderer.pages.matrix_uri()):
        assert partial[uri].markdown == full[uri]
    assert "(bis)" in full[renderer.pages.matrix_uri()]


def test_a_title_edit_draws_again_only_its_row_of_the_upkeep_page(tmp_path: Path, monkeypatch) -> None:
    """« Suivi des entrées » lists every entry: after an edit, the rows of the other entries are
    those of the last render; the page, and the entries it depends on, are a full render's."""
    from playbook.core.incremental import changed_ids, render_changed
    from playbook.core.render.urls import UPKEEP_URI

    _, session, renderer, result, pages = _synthetic(tmp_path, 200)
    assert result.playbook is not None
    law = next(e for e in result.playbook.entries.values() if e.kind.name == "law")
    text = law.path.read_text(encoding="utf-8")
    law.path.write_text(text.replace(law.title, f"{law.title} (bis)", 1), encoding="utf-8")
    drawn: list[str] = []
    real = renderer.fragment
    monkeypatch.setattr(
        renderer,
        "fragment",
        lambda name, **c: (drawn.append(c["item"].entry.id) if "item" in c else None) or real(name, **c),
    )
    result, changes = session.check()
    assert result.playbook is not None and changes.modified
    partial = render_changed(renderer, result.playbook, pages, changed_ids(changes))
    assert partial is not None
    assert drawn == [law.id]
    full = {p.src_uri: p for p in render_all(Renderer(), result.playbook)}
    assert partial[UPKEEP_URI].markdown == full[UPKEEP_URI].markdown
    assert partial[UPKEEP_URI].depends_on == full[UPKEEP_URI].depends_on == frozenset(result.playbook.entries)
    assert "(bis)" in full[UPKEEP_URI].markdown


def test_the_neighbours_are_kept_while_the_links_are_the_same(tmp_path: Path) -> None:
    laws = _copy(tmp_path)
    session = Session(laws)
    entry = laws / "cas" / "coolblue.yaml"
    first, _ = session.check()
    assert first.playbook is not None
    around = first.playbook.neighbours("loi-temkin-4")
    assert "coolblue" in around
    entry.write_text(entry.read_text(encoding="utf-8").replace("Coolblue et", "Coolblue, et"), encoding="utf-8")
    second, _ = session.check()
    assert second.playbook is not None and second.playbook["coolblue"] is not first.playbook["coolblue"]
    assert second.playbook.neighbours("loi-temkin-4") is around  # a title edit: the same links
    # a link less: worked out again
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("[loi-temkin-4, paradoxe-reclamation]", "[paradoxe-reclamation]"),
        encoding="utf-8",
    )
    third, _ = session.check()
    assert third.ok and third.playbook is not None
    assert "loi-temkin-4" in second.playbook.neighbours("coolblue")
    assert "loi-temkin-4" not in third.playbook.neighbours("coolblue")
    fresh = check(laws).playbook
    assert fresh is not None
    for entry_id in fresh.entries:
        assert third.playbook.neighbours(entry_id) == fresh.neighbours(entry_id), entry_id
