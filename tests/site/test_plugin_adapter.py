"""The MkDocs adapter: template overrides from the theme, `serve` watching laws/, typed config."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from conftest import build_in_process, make_mini_project

pytestmark = pytest.mark.slow


def test_templates_can_be_overridden_from_the_theme_custom_dir(mini_project: Path) -> None:
    overrides = mini_project / "overrides" / "playbook" / "fragments"
    overrides.mkdir(parents=True)
    (overrides / "checklist.html.j2").write_text(
        '<ol class="custom-checklist">{% for item in items %}<li>{{ item }}</li>{% endfor %}</ol>\n',
        encoding="utf-8",
    )
    config = mini_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    result = build_in_process(mini_project, "--strict")
    assert result.returncode == 0, result.stderr
    html = (mini_project / "site/lois/loi-temkin-4/index.html").read_text(encoding="utf-8")
    assert '<ol class="custom-checklist"><li>Former les équipes au contact client</li>' in html


def test_hand_written_pages_get_the_entries_typography(tmp_path: Path) -> None:
    """docs/ pages are typed as plain text too: the site sets ’ and the no-break spaces."""
    home = "# Par où commencer ?\n\nL'accueil : « ici », [les lois](lois/index.md) ; `a : b`.\n"
    project = make_mini_project(tmp_path / "project", home=home)
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Par où commencer\u202f?</h1>" in html
    assert "L’accueil\u00a0: «\u00a0ici\u00a0», " in html
    assert '<a href="lois/">les lois</a>\u202f;' in html
    assert "<code>a : b</code>" in html  # code as typed


def test_serve_watches_the_laws_folder(mini_project: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(mini_project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)

    def builder() -> None:
        pass

    class FakeServer:
        watched: ClassVar[list[str]] = []

        def __init__(self) -> None:
            self.builder = builder

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = config.plugins.on_serve(FakeServer(), config=config, builder=builder)
    assert str((mini_project / "laws").resolve()) in server.watched


def test_a_docs_page_clashing_with_a_generated_page_is_an_error(mini_project: Path) -> None:
    (mini_project / "docs" / "lois").mkdir()
    (mini_project / "docs" / "lois" / "index.md").write_text("# Mes lois\n", encoding="utf-8")
    result = build_in_process(mini_project)
    assert result.returncode == 1
    assert "docs/lois/index.md a le même chemin qu'une page générée à partir de" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_template_override_fails_cleanly(mini_project: Path) -> None:
    overrides = mini_project / "overrides" / "playbook"
    overrides.mkdir(parents=True)
    (overrides / "tag.md.j2").write_text("# {{ tag }}\n\n{{ entries[0].no_such_field }}\n", encoding="utf-8")
    config = mini_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    result = build_in_process(mini_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "overrides/playbook/tag.md.j2:3: template error:" in result.stderr
    assert "no_such_field" in result.stderr
