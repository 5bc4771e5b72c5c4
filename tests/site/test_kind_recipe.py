"""ARCHITECTURE.md's « Adding a kind », followed on a scratch kind in a copy of the package.

The copy of ``plugins/`` gets a kind « brise-glace » (``icebreaker``, one field of its own, in
sessions) exactly as the recipe says: a ``Kind`` and a ``Field`` in ``spec.py``, ``schema
--write``, its page template and its part of a new file. Then ``python -m playbook new`` writes an
unfinished entry that the validator refuses, a finished one validates, and ``mkdocs build
--strict``, run on that copy, gives the entry its page with the template's part, an index page,
and a place in « Ma séance ». The files the change touched are those the recipe names, and no
other. (The recipe's ``mkdocs.yml`` and golden steps are about the repository's own site and
tests, which the copy does not hold.)
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_mini_project

pytestmark = pytest.mark.slow

NAME, FOLDER = "icebreaker", "brise-glace"
KIND = f'''    Kind(
        "{NAME}",
        "Brise-glace",
        "Brise-glace",
        "{FOLDER}",
        "Une question pour ouvrir un atelier.",
        required=("prompt",),
        own_fields=("prompt",),
        also_forbidden=("checklist",),
        source_required=False,
        in_collections=False,
        in_sessions=True,
        activity="discussion",
    ),
'''
FIELD = """    Field(
        "prompt",
        _text(200, "La question qui ouvre l’atelier."),
        "Question d’ouverture (brise-glace seulement).",
        example="Quel client vous a surpris cette semaine ?",
    ),
"""
PAGE_PART = """{#- What an icebreaker's page shows after its text. -#}
**Pour ouvrir l’atelier**{{ nbsp }}: {{ entry.data.get("prompt") }}
"""
NEW_PART = """{#- An icebreaker's part of a new file. -#}
# La question qui ouvre l’atelier.
prompt: Votre question d’ouverture (à remplacer).
"""
FINISHED = """id: brise-glace-client
kind: icebreaker
title: Le client qui vous a surpris
summary: Une question pour ouvrir un atelier sur l’accueil des clients.
body: |
  Chacun raconte en une minute un échange avec un client qui l’a surpris.
prompt: Quel client vous a surpris cette semaine, et pourquoi ?
"""


def recipe_paths() -> set[str]:
    """The repository paths « Adding a kind » names, ``<name>`` being the scratch kind's."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("### Adding a kind", 1)[1].split("\n### ", 1)[0]
    return {p.replace("<name>", NAME) for p in re.findall(r"`(plugins/[^`\s]+)`", section)}


def insert_before_end(text: str, start: str, addition: str) -> str:
    """``addition`` put just before the ``)`` that closes the tuple opened at ``start``."""
    begin = text.index(start)
    end = text.index("\n)\n", begin) + 1
    return text[:end] + addition + text[end:]


def run(args: list[str], cwd: Path, plugins: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(plugins), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def changed_files(before: Path, after: Path) -> set[str]:
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    old, new = files(before), files(after)
    return (new ^ old) | {f for f in old & new if not filecmp.cmp(before / f, after / f, shallow=False)}


def test_the_kind_recipe_touches_the_files_it_names_and_gives_a_working_kind(tmp_path: Path) -> None:
    plugins = tmp_path / "repo" / "plugins"
    shutil.copytree(REPO / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    package = plugins / "playbook"

    # 1. spec.py: the kind and its field.
    spec = package / "core" / "spec.py"
    text = insert_before_end(spec.read_text(encoding="utf-8"), "KINDS: tuple[Kind, ...] = (", KIND)
    spec.write_text(insert_before_end(text, "FIELDS: tuple[Field, ...] = (", FIELD), encoding="utf-8")
    # 2. the published schema.
    written = run(["-m", "playbook", "schema", "--write"], tmp_path, plugins)
    assert written.returncode == 0, written.stderr
    # 3 and 4. its templates.
    kinds = package / "templates" / "playbook" / "kinds"
    (kinds / f"{NAME}.md.j2").write_text(PAGE_PART, encoding="utf-8")
    (kinds / f"{NAME}.new.yaml.j2").write_text(NEW_PART, encoding="utf-8")

    touched = {f"plugins/{f}" for f in changed_files(REPO / "plugins", plugins)}
    named = recipe_paths()
    assert touched == {
        "plugins/playbook/core/spec.py",
        "plugins/playbook/schema/entry.schema.json",
        f"plugins/playbook/templates/playbook/kinds/{NAME}.md.j2",
        f"plugins/playbook/templates/playbook/kinds/{NAME}.new.yaml.j2",
    }
    assert touched <= named, touched - named
    assert json.loads((package / "schema" / "entry.schema.json").read_text("utf-8"))["properties"]["prompt"]

    project = make_mini_project(tmp_path / "project")
    laws = project / "laws"
    new = run(["-m", "playbook", "new", "brise-glace", "Un brise-glace", "--laws", str(laws)], project, plugins)
    assert new.returncode == 0, new.stdout + new.stderr
    unfinished = laws / FOLDER / "un-brise-glace.yaml"
    assert "prompt: Votre question d’ouverture (à remplacer)." in unfinished.read_text(encoding="utf-8")
    refused = run(["-m", "playbook", "validate", str(laws)], project, plugins)
    assert refused.returncode == 1 and "un-brise-glace.yaml" in refused.stdout + refused.stderr

    unfinished.unlink()
    (laws / FOLDER / "brise-glace-client.yaml").write_text(FINISHED, encoding="utf-8")
    valid = run(["-m", "playbook", "validate", str(laws)], project, plugins)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    built = run(["-m", "mkdocs", "build", "--strict"], project, plugins)
    assert built.returncode == 0, built.stderr

    site = project / "site"
    page = (site / FOLDER / "brise-glace-client" / "index.html").read_text(encoding="utf-8")
    assert "Pour ouvrir l’atelier" in page and "Quel client vous a surpris cette semaine" in page
    assert "brise-glace-client" in (site / FOLDER / "index.html").read_text(encoding="utf-8")
    assert "brise-glace-client" in (site / "exports" / "seance.json").read_text(encoding="utf-8")
