"""Where « Modifier cette page » of an entry leads (core/render/urls.py, edit_base): MkDocs'
edit_uri addresses the docs folder, an entry's file is beside it."""

from __future__ import annotations

import pytest

from playbook.core.render.urls import edit_base

REPO = "https://github.com/org/playbook"


@pytest.mark.parametrize(
    ("repo", "edit_uri", "docs_dir", "base"),
    [
        (REPO, "edit/main/docs/", "docs", f"{REPO}/edit/main/"),
        (REPO + "/", "edit/main/docs", "docs", f"{REPO}/edit/main/"),
        (REPO, "edit/feature/x/docs/", "docs", f"{REPO}/edit/feature/x/"),  # a branch with a slash
        (REPO, "-/edit/main/site/docs/", "site/docs", f"{REPO}/-/edit/main/"),  # GitLab, docs deeper
        (REPO, "docs/", "docs", f"{REPO}/"),
        (REPO, "https://git.example.org/o/r/edit/main/docs/", "docs", "https://git.example.org/o/r/edit/main/"),
    ],
)
def test_the_project_edit_url_is_edit_uri_without_its_docs_folder(
    repo: str, edit_uri: str, docs_dir: str, base: str
) -> None:
    assert edit_base(repo, edit_uri, docs_dir).url == base


def test_nothing_to_link_without_a_repository() -> None:
    assert edit_base("", "edit/main/docs/", "docs").url == "" and not edit_base("", "", "docs").problem


@pytest.mark.parametrize(
    ("edit_uri", "docs_dir", "says"),
    [
        ("edit/main/", "docs", "écrivez edit_uri: edit/main/docs/"),  # the case: urljoin lost the branch
        ("edit/main/documentation/", "docs", "ne se termine pas par le dossier des pages « docs/ »"),
        ("?path=/docs/", "docs", "réglez l'option edit_url du plugin playbook"),
        ("edit/main/docs/", "../docs", "réglez l'option edit_url du plugin playbook"),
    ],
)
def test_an_edit_uri_that_cannot_lead_to_the_entries_is_a_located_problem(
    edit_uri: str, docs_dir: str, says: str
) -> None:
    found = edit_base(REPO, edit_uri, docs_dir, where="site/mkdocs.yml")
    assert found.url == "" and found.problem.startswith("site/mkdocs.yml : ") and says in found.problem
