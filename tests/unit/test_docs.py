"""The contributor documentation only mentions commands and files that exist."""

from __future__ import annotations

import re

import pytest

from conftest import REPO

DOCS = ["README.md", "CONTRIBUTING.md", "BENCHMARKS.md", "ARCHITECTURE.md", "OPERATIONS.md"]


@pytest.mark.parametrize("name", DOCS)
def test_make_targets_mentioned_exist(name: str) -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w.-]*):", makefile, re.M))
    mentioned = set(re.findall(r"`make ([a-z][\w-]*)", (REPO / name).read_text(encoding="utf-8")))
    assert mentioned, name
    assert mentioned <= targets, mentioned - targets


@pytest.mark.parametrize("name", DOCS)
def test_repository_paths_mentioned_exist(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    paths = {
        p
        for p in re.findall(
            r"`((?:\.github|\.vscode|plugins|tests|docs|scripts)/[\w./-]*|\.[\w-]+\.ya?ml|"
            r"\.editorconfig|CONTRIBUTING\.md|requirements\.lock|mkdocs\.yml)`",
            text,
        )
    }
    assert paths, name
    missing = sorted(p for p in paths if not (REPO / p.rstrip("/")).exists())
    assert missing == []


def test_contributing_is_in_french_and_in_english() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "## Français" in text and "## English" in text
    for section in (
        "Ajouter une entrée",
        "Prévisualiser",
        "Ce que vérifient les contrôles",
        "Lire un message d'erreur",
        "Adding an entry",
        "Previewing",
        "What the checks mean",
        "Reading an error",
    ):
        assert f"### {section}" in text, section


#: The README says what the project is, its two commands and where to go next; the rest has a home
#: of its own (OPERATIONS.md, ARCHITECTURE.md, CONTRIBUTING.md, BENCHMARKS.md).
README_MAX_LINES = 200


def test_readme_stays_short() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move details to their home"


def test_readme_quick_start_gives_the_two_commands_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick_start.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]
    assert commands == ["make serve", "make test"]
    ci = [line for line in (REPO / ".ci/run").read_text(encoding="utf-8").splitlines() if line.startswith("make ")]
    assert ci == ["make test"]


def test_readme_points_at_the_next_documents() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("CONTRIBUTING.md", "ARCHITECTURE.md", "BENCHMARKS.md", "OPERATIONS.md"):
        assert f"]({name})" in readme, name


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(text: str) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.M):
        slug = _slug(heading)
        anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def test_slug_is_githubs() -> None:
    assert _slug("Material's end of life: decision record") == "materials-end-of-life-decision-record"
    assert _slug("For machines: `llms.txt` and each entry in Markdown") == (
        "for-machines-llmstxt-and-each-entry-in-markdown"
    )
    assert _anchors("## A\n## A\n") == {"a", "a-1"}


@pytest.mark.parametrize("name", DOCS)
def test_links_between_the_documents_resolve(name: str) -> None:
    """A section that moves leaves no link to where it was (file or `#anchor`)."""
    text = (REPO / name).read_text(encoding="utf-8")
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", text, flags=re.M | re.S))  # examples are not links
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = REPO / path if path else REPO / name
        anchors = _anchors(file.read_text(encoding="utf-8")) if file.suffix == ".md" and file.exists() else set()
        if not file.exists() or (anchor and file.suffix == ".md" and anchor not in anchors):
            broken.append(target)
    assert broken == []
