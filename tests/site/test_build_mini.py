"""A real ``mkdocs build`` of a small corpus in a temp dir, checked on the generated HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_in_process, make_mini_project
from htmltools import article, collect, h1, resolve, text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_mini_project(tmp_path_factory.mktemp("mini"), home="# Accueil\n")
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project


def test_one_page_per_entry_and_the_index_pages(built: Path) -> None:
    site = built / "site"
    for entry in [
        "lois/loi-temkin-4",
        "cas/coolblue",
        "questions/question-conflit",
        "notions/paradoxe-reclamation",
        "collections/lois-temkin",
        "sources/article-temkin",
    ]:
        assert (site / entry / "index.html").is_file(), entry
    for index in [
        "lois",
        "commandements",
        "procedures",
        "regles",
        "cas",
        "questions",
        "notions",
        "collections",
        "sources",
        "etiquettes",
    ]:
        assert (site / index / "index.html").is_file(), index
    assert (site / "etiquettes" / "reclamations" / "index.html").is_file()


def test_entry_page_shows_every_part(built: Path) -> None:
    page = built / "site" / "lois" / "loi-temkin-4" / "index.html"
    body = article(page.read_text(encoding="utf-8"))
    words = text(body)
    assert h1(page) == "Des employés non impliqués ne font pas des clients impliqués"
    assert "Identifiant\u00a0: loi-temkin-4" in words  # under « Citer cette entrée », at the foot
    assert "Loi · n°\u00a04 de Les 6 lois de Temkin" in words
    summary = "S’occuper d’abord des employés\u00a0: ce sont eux qui servent les clients."
    # the title, then the summary, then the text; the rest of the furniture at the foot
    assert words.index(summary) < words.index("soignez ceux qui les servent") < words.index("Identifiant")
    assert "Des hommes seront nécessaires" in words and "Walt Disney" in words  # quote
    assert body.count('type="checkbox"') == 2  # checklist
    assert "Former les équipes au contact client" in words
    assert "Bruce Temkin, «\u00a0Les 6 lois fondamentales de la relation client\u00a0», Forrester (2008)" in words
    assert "Lois 4 à 6\u202f; les lois 1 à 3" in words  # source note, French typography
    headings = [t for _, _, t in collect(body).headings]
    assert "Illustré par" in headings and "Mis à l’épreuve par" in headings  # backlinks
    assert "Étiquettes" in headings


def test_every_link_of_an_entry_page_reaches_the_right_page(built: Path) -> None:
    site = built / "site"
    page = site / "lois" / "loi-temkin-4" / "index.html"
    links = {
        t: href
        for href, t in collect(article(page.read_text(encoding="utf-8"))).links
        if not href.startswith(("http", "#"))
    }
    expected = {
        "Loi": "Lois",
        "Les 6 lois de Temkin": "Les 6 lois de Temkin",
        "Coolblue et la livraison en retard": "Coolblue et la livraison en retard",  # inline [[coolblue]]
        "le paradoxe": "Le paradoxe de la réclamation",  # inline [[id|label]]
        "Que décidez-vous en cas de conflit d’intérêts\u202f?": "Que décidez-vous en cas de conflit d’intérêts\u202f?",
        "Bruce Temkin, «\u00a0Les 6 lois fondamentales de la relation client\u00a0», Forrester (2008)": (
            "Les 6 lois fondamentales de la relation client"
        ),
        "management": "Étiquette\u00a0: management",
    }
    for label, title in expected.items():
        assert label in links, f"no link {label!r} in {sorted(links)}"
        target, _ = resolve(site, page, links[label])
        assert target.is_file(), f"{label} → {links[label]} does not exist"
        assert h1(target) == title


def test_backlinks_are_computed_on_the_target(built: Path) -> None:
    """coolblue declares `illustrates: [loi-temkin-4, ...]`: the law lists it, and the concept too."""
    site = built / "site"
    for target in ["lois/loi-temkin-4", "notions/paradoxe-reclamation"]:
        body = article((site / target / "index.html").read_text(encoding="utf-8"))
        labels = [t for _, t in collect(body).links]
        assert "Coolblue et la livraison en retard" in labels, target
    # see_also is symmetric: declared on coolblue, shown on the question as "Voir aussi"
    question = article((site / "questions/question-conflit/index.html").read_text(encoding="utf-8"))
    assert "Voir aussi" in [t for _, _, t in collect(question).headings]


def test_edit_link_points_at_the_yaml_file(built: Path) -> None:
    html = (built / "site" / "cas" / "coolblue" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/playbook/edit/main/laws/cas/coolblue.yaml"' in html


def test_generated_pages_are_not_written_into_docs(built: Path) -> None:
    assert sorted(p.name for p in (built / "docs").rglob("*")) == ["index.md"]


def test_sidebar_navigation_does_not_list_entries(built: Path) -> None:
    """Entries are reached from index pages; the nav embedded in every page stays small."""
    html = (built / "site" / "cas" / "coolblue" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') : html.index("</nav>", html.index("md-nav--primary"))]
    assert "loi-temkin-4" not in nav and "coolblue" not in nav


@pytest.mark.parametrize(
    ("edit_uri", "expected"),
    [
        ("edit/main/docs/", "https://github.com/example/playbook/edit/main/laws/cas/coolblue.yaml"),
        ("blob/release-2/docs", "https://github.com/example/playbook/blob/release-2/laws/cas/coolblue.yaml"),
    ],
)
def test_an_entry_edit_link_keeps_the_branch_of_edit_uri(tmp_path: Path, edit_uri: str, expected: str) -> None:
    """MkDocs' edit_uri addresses docs/; an entry's file is beside it, on the same branch."""
    project = make_mini_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "      edit_url: https://github.com/example/playbook/edit/main/\n", ""
    )
    config.write_text(f"repo_url: https://github.com/example/playbook\nedit_uri: {edit_uri}\n" + text, encoding="utf-8")
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "cas" / "coolblue" / "index.html").read_text(encoding="utf-8")
    assert f'href="{expected}" title="Modifier cette page"' in html


def test_an_edit_uri_that_misses_the_docs_folder_is_a_located_warning(tmp_path: Path) -> None:
    """`edit_uri: edit/main/` (urljoin used to give …/edit/laws/…, the branch lost): --strict fails, saying where."""
    project = make_mini_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "      edit_url: https://github.com/example/playbook/edit/main/\n", ""
    )
    config.write_text("repo_url: https://github.com/example/playbook\nedit_uri: edit/main/\n" + text, encoding="utf-8")
    result = build_in_process(project, "--strict")
    assert result.returncode == 1
    assert (
        "mkdocs.yml : edit_uri « edit/main/ » ne se termine pas par le dossier des pages « docs/ »" in result.stderr
        and "écrivez edit_uri: edit/main/docs/" in result.stderr
    ), result.stderr
    relaxed = build_in_process(project)  # without --strict: the warning, and no dead link
    assert relaxed.returncode == 0 and "ne se termine pas par le dossier des pages" in relaxed.stderr
    html = (project / "site" / "cas" / "coolblue" / "index.html").read_text(encoding="utf-8")
    assert "edit/laws" not in html and 'title="Modifier cette page"' not in html


def test_the_validator_messages_page_is_built_with_an_anchor_per_code(built: Path) -> None:
    """« Messages du validateur »: a message's [code] is looked up at reference/messages/#code."""
    from playbook.core.messages import problem_codes

    html = (built / "site" / "reference" / "messages" / "index.html").read_text(encoding="utf-8")
    assert "Messages du validateur" in html
    for entry in problem_codes():
        assert f'<h2 id="{entry.code}">' in html, entry.code
    assert '<code class="language-yaml">' in html or 'class="language-yaml' in html
