"""ARCHITECTURE.md's « Adding a page type », followed on a scratch page type in a copy of the package.

The copy of ``plugins/`` gets a page « Tous les titres » (``titres.md``: every entry's title, a
page made from the whole playbook) exactly as the recipe says: its address in ``urls.py``, its
module under ``core/pages/``, one ``PageType`` in the registry, its template. Then ``mkdocs build
--strict``, run on that copy, publishes the page, and the outputs built again after an edit of an
entry's title (what ``mkdocs serve`` does after a save) show the new title without a full render.
The files the change touched are those the recipe names, and no other. (The recipe's
``mkdocs.yml`` and tests steps are about the repository's own site and tests.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_kind_recipe import changed_files, insert_before_end, run

from conftest import REPO, make_mini_project

pytestmark = pytest.mark.slow

NAME = "titles"
URI = """
#: « Tous les titres »: every entry's title (a scratch page type, ARCHITECTURE.md's recipe).
TITLES_URI = "titres.md"
"""
MODULE = '''"""« Tous les titres » (``titres.md``): every entry's title, linked to its page."""

from __future__ import annotations

from ..model import Playbook
from ..render.renderer import RenderedPage, Renderer
from ..render.urls import TITLES_URI


def render_titles(renderer: Renderer, playbook: Playbook) -> RenderedPage:
    ctx = renderer.page_context(playbook, TITLES_URI)
    markdown = renderer.render_template("playbook/titles.md.j2", entries=list(playbook.entries.values()), url=ctx.url)
    return RenderedPage(TITLES_URI, markdown, "Tous les titres", "titles", depends_on=frozenset(e.id for e in ctx.used))
'''
IMPORT = "from .titles import render_titles\n"
DECLARATION = """    PageType(
        "titles",
        ("titles",),
        lambda renderer, playbook, _: [render_titles(renderer, playbook)],
        ALWAYS,
        description="« Tous les titres »",
    ),
"""
TEMPLATE = """{#- « Tous les titres »: every entry's title. -#}
# Tous les titres

{% for entry in entries %}
- [{{ entry.title }}]({{ url(entry) }})
{% endfor %}
"""
SERVE = """
import sys
from pathlib import Path
from playbook.core.build import Options, build_outputs
from playbook.core.incremental import Session

laws = Path(sys.argv[1])
options = Options(laws, laws.parent, laws.parent / "pdf", history=False)
session = Session(laws)
first = build_outputs(options, session)
entry = laws / "notions" / "paradoxe-reclamation.yaml"
entry.write_text(entry.read_text(encoding="utf-8").replace("Le paradoxe", "Le grand paradoxe", 1), encoding="utf-8")
second = build_outputs(options, session, first)
print(second.incremental, "Le grand paradoxe de la réclamation" in second.pages["titres.md"].markdown)
"""


def recipe_paths() -> set[str]:
    """The repository paths « Adding a page type » names, ``<name>`` being the scratch type's."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("### Adding a page type", 1)[1].split("\n### ", 1)[0]
    return {p.replace("<name>", NAME) for p in re.findall(r"`(plugins/[^`\s]+)`", section)}


def test_the_page_type_recipe_touches_the_files_it_names_and_gives_a_working_page(tmp_path: Path) -> None:
    plugins = tmp_path / "repo" / "plugins"
    shutil.copytree(REPO / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    core = plugins / "playbook" / "core"

    # 1. its address.
    urls = core / "render" / "urls.py"
    urls.write_text(urls.read_text(encoding="utf-8") + URI, encoding="utf-8")
    # 2. its module.
    (core / "pages" / f"{NAME}.py").write_text(MODULE, encoding="utf-8")
    # 3. its declaration.
    registry = core / "pages" / "registry.py"
    text = registry.read_text(encoding="utf-8").replace(
        "from .views import render_views\n", "from .views import render_views\n" + IMPORT, 1
    )
    registry.write_text(insert_before_end(text, "PAGE_TYPES: tuple[PageType, ...] = (", DECLARATION), encoding="utf-8")
    # 4. its template.
    (plugins / "playbook" / "templates" / "playbook" / f"{NAME}.md.j2").write_text(TEMPLATE, encoding="utf-8")

    touched = {f"plugins/{f}" for f in changed_files(REPO / "plugins", plugins)}
    assert touched == {
        "plugins/playbook/core/render/urls.py",
        f"plugins/playbook/core/pages/{NAME}.py",
        "plugins/playbook/core/pages/registry.py",
        f"plugins/playbook/templates/playbook/{NAME}.md.j2",
    }
    named = recipe_paths()
    assert touched <= named, touched - named

    project = make_mini_project(tmp_path / "project")
    built = run(["-m", "mkdocs", "build", "--strict"], project, plugins)
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "titres" / "index.html").read_text(encoding="utf-8")
    assert "Tous les titres" in page and "Le paradoxe de la réclamation" in page

    served = run(["-c", SERVE, str(project / "laws")], project, plugins)
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["True", "True"]  # rebuilt incrementally, with the new title
