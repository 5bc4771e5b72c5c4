"""An image of an entry whose file is missing is a located `validate` error, and the build says the
same (issue 27, item 15), not MkDocs' message about a generated page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINI_LAWS, build_in_process, make_mini_project, run_cli

LINE = "  Un schéma : ![schéma](../images/schema.png), un autre ![plan](/images/plan.png) et `![code](x.png)`.\n\n"
ENTRY = "laws/notions/paradoxe-reclamation.yaml"
LOCATED = f"{ENTRY}:6:25: erreur [missing-image]: l'image « ../images/schema.png » est introuvable"


def add_images(laws: Path) -> None:
    entry = laws / "notions" / "paradoxe-reclamation.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("body: |\n", "body: |\n" + LINE, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(MINI_LAWS, project / "laws")
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    add_images(project / "laws")
    return project


def test_validate_locates_every_missing_image_and_sees_it_arrive(project: Path) -> None:
    result = run_cli("validate", "laws", cwd=project)
    assert result.returncode == 1
    assert LOCATED in result.stdout
    assert f"{ENTRY}:6:65: erreur [missing-image]: l'image « /images/plan.png » est introuvable" in result.stdout
    assert "'x.png'" not in result.stdout  # in code: not an image
    (project / "docs" / "images").mkdir()
    (project / "docs" / "images" / "schema.png").write_bytes(b"\x89PNG\r\n")
    (project / "docs" / "images" / "plan.png").write_bytes(b"\x89PNG\r\n")
    result = run_cli("validate", "laws", cwd=project)  # the cache knows the folder changed
    assert result.returncode == 0, result.stdout
    (project / "docs" / "images" / "plan.png").unlink()
    (project / "docs" / "images" / "plan.png").symlink_to(project / "docs" / "images" / "schema.png")
    result = run_cli("validate", "laws", cwd=project)
    assert result.returncode == 1 and "« /images/plan.png » est introuvable" in result.stdout  # a link is not a file


def test_an_image_outside_the_site_is_refused(project: Path) -> None:
    entry = project / "laws" / "notions" / "paradoxe-reclamation.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("../images/schema.png", "../../../etc/hosts"), encoding="utf-8"
    )
    result = run_cli("validate", "laws", cwd=project)
    assert "l'image « ../../../etc/hosts » est en dehors des fichiers du site" in result.stdout


def test_the_build_fails_on_a_missing_image_with_the_located_message(tmp_path: Path) -> None:
    project = make_mini_project(tmp_path / "project")
    add_images(project / "laws")
    result = build_in_process(project, "--strict")
    assert result.returncode == 1
    assert LOCATED in result.stderr, result.stderr


def test_raw_html_images_are_not_looked_for(project: Path) -> None:
    """Raw HTML is removed from pages (a warning says so): its <img> never loads, so it is not missing."""
    entry = project / "laws" / "notions" / "paradoxe-reclamation.yaml"
    text = entry.read_text(encoding="utf-8").replace(LINE, '  <img src="x" alt="">\n\n')
    entry.write_text(text, encoding="utf-8")
    result = run_cli("validate", "laws", cwd=project)
    assert "0 erreur(s), 1 avertissement(s)" in result.stderr and "le HTML brut (<img>)" in result.stdout, result.stdout
    assert "est introuvable" not in result.stdout
