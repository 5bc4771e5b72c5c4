"""The pure side of incremental rebuilds: re-checking only changed files, diffing two renders."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI_LAWS
from playbook.core.incremental import Session, diff_pages
from playbook.core.render import Renderer


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
    assert not changes.any and all(a is b for a, b in zip(third.files, second.files))


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
    before = {p.src_uri: p for p in renderer.render_all(session.check()[0].playbook)}
    entry = laws / "notions" / "paradoxe-reclamation.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Le paradoxe", "Le grand paradoxe"), encoding="utf-8")
    after = {p.src_uri: p for p in renderer.render_all(session.check()[0].playbook)}
    diff = diff_pages(before, after)
    assert diff.same_pages
    # its page, its kind's index, its tag page, the case that illustrates it, the source it cites;
    # not the law that links to it with its own label ([[paradoxe-reclamation|le paradoxe]])
    assert diff.changed == ("cas/coolblue.md", "etiquettes/reclamations.md", "notions/index.md",
                            "notions/paradoxe-reclamation.md", "sources/article-temkin.md")
    assert diff.retitled == ("notions/paradoxe-reclamation.md",)
    assert diff_pages(after, after).changed == ()
    fewer = {k: v for k, v in after.items() if k != "etiquettes/reclamations.md"}
    assert diff_pages(after, fewer).removed == ("etiquettes/reclamations.md",)
