"""Optional fields may be left out of any entry: its pages render all the same (no template error)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI_LAWS
from playbook.core import check
from playbook.core.pages import render_all
from playbook.core.render.renderer import Renderer


def test_a_source_without_year_or_url_renders(tmp_path: Path) -> None:
    """Real sources often lack a year or a URL; the templates used to fail on them (StrictUndefined)."""
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    source = laws / "sources" / "article-temkin.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("  year: 2008\n", "").replace("  url: https://example.org/temkin_(lois)\n", ""), encoding="utf-8"
    )
    result = check(laws)
    assert result.playbook is not None, result.problems
    pages = {p.src_uri: p.markdown for p in render_all(Renderer(), result.playbook)}
    assert "Bruce Temkin" in pages["sources/article-temkin.md"]
    assert "Année" not in pages["sources/article-temkin.md"]
    assert "Forrester]" in pages["lois/loi-temkin-4.md"]  # the source link, without "(2008)"
