"""A plain ``mkdocs build`` keeps nothing for a next build: what only an incremental rebuild under
``mkdocs serve`` reuses (the JSON export's encoded entries, the views' and the sheets' blocks,
« Suivi des entrées »'s rows, « Ma séance »'s records, the entries' Markdown documents, the search
index's analyses) is let go as soon as the files it serves are made, and the files that are not
pages wait on disk, not in memory, for MkDocs to copy them: none of it adds to the build's peak
memory (BENCHMARKS.md: 20,000 entries)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from conftest import make_mini_project

pytestmark = pytest.mark.slow


def test_a_plain_build_lets_go_of_what_only_a_rebuild_reuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # the plugin dates the site by setting SOURCE_DATE_EPOCH in this process: put back at teardown
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # recorded as it was, then taken away
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    project = make_mini_project(tmp_path)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    plugin = config.plugins["playbook"]
    assert plugin.build is not None and (project / "site" / "ma-seance" / "index.html").is_file()
    renderer = plugin.build.outputs.renderer
    kept = {
        "export_cache": plugin.build.outputs.export_cache,
        "view_blocks": renderer.view_blocks,
        "upkeep_rows": renderer.upkeep_rows,
        "sheet_blocks": renderer.sheet_blocks,
        "session_records": renderer.session_records,
    }
    assert {name: len(value) for name, value in kept.items()} == dict.fromkeys(kept, 0)
    assert renderer.builder_templates is None
    # each entry's Markdown document, as text and as bytes: in the site, no longer in memory
    assert renderer.markdown_bytes == {}
    assert all(page.entry_markdown is None for page in plugin.build.outputs.pages.values())
    assert (project / "site" / "lois" / "loi-temkin-4" / "index.md").is_file()
    # the files that are not pages were copied by MkDocs from the build's scratch folder, removed since
    assert plugin.build.outputs.files == {} and plugin.build.spilled is None
    assert not list(project.glob(".site.scratch-*"))
    assert (project / "site" / "exports" / "playbook.json").is_file()


def test_a_dirty_build_sets_its_files_aside_in_a_temporary_folder_removed_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--dirty`` writes into ``site/`` in place (no publication, so no scratch folder beside it):
    the files wait in a temporary folder of the system's, removed when the build ends."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # see above
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    project = make_mini_project(tmp_path)
    spill = tmp_path / "tmp"
    spill.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill))  # the system's temporary folder, for this test
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    from playbook.mkdocs_plugin import plugin as plugin_module

    seen: list[Path] = []
    real_remove = plugin_module.Spill.remove

    def remove(self: plugin_module.Spill) -> None:  # the build's folder, as MkDocs is done with it
        seen.extend(p for p in spill.iterdir() if (p / "exports" / "playbook.json").is_file())
        real_remove(self)

    monkeypatch.setattr(plugin_module.Spill, "remove", remove)
    config.plugins.on_startup(command="build", dirty=True)  # what `mkdocs build --dirty` says first
    build(config, dirty=True)
    assert (project / "site" / "exports" / "playbook.json").is_file()
    assert [p.name[:15] for p in seen] == ["playbook-build-"] and list(spill.iterdir()) == []
