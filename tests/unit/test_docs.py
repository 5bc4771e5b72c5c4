"""The contributor documentation only mentions commands and files that exist."""

from __future__ import annotations

import re

import pytest

from conftest import REPO

DOCS = ["README.md", "CONTRIBUTING.md", "BENCHMARKS.md", "ARCHITECTURE.md"]


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
