"""A plain ``mkdocs build`` keeps nothing for a next build: what only an incremental rebuild under
``mkdocs serve`` reuses (the JSON export's encoded entries, the views' and the sheets' blocks,
« Suivi des entrées »'s rows, « Ma séance »'s records) is let go before MkDocs builds the pages,
so that it does not add to the build's peak memory (BENCHMARKS.md: 20,000 entries)."""

from __future__ import annotations

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
