"""Hints that are right: each beginner's mistake of issue 24, its problem at the line to change,
and the fix its hint describes, applied, leaving the file without that error."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import MINI_LAWS
from playbook.core import check
from playbook.core.problems import Problem, Severity
from playbook.core.scaffold import create_entry
from playbook.core.validate import EXAMPLE_MARK

CASE = Path("laws") / "cas" / "coolblue.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(MINI_LAWS, tmp_path / "laws")
    return tmp_path


def errors(project: Path) -> list[Problem]:
    return [p for p in check(project / "laws", display_root=project).problems if p.severity is Severity.ERROR]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, start: str) -> int:
    """The number of the first line of ``path`` starting with ``start``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def quoted(hint: str, after: str) -> str:
    """The text the hint quotes after ``after`` (``mettez une espace après les deux-points : « title: La … »``,
    or in English ``put a space after the colon: 'title: La …'``)."""
    match = re.search(re.escape(after) + r" (?:« (.+) »|'(.+)')", hint)
    assert match, hint
    return (match.group(1) or match.group(2)).removesuffix("…")


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_a_field_without_its_space_is_told_on_its_own_line_with_the_space_to_add(project: Path) -> None:
    case = project / CASE
    edit(case, "title: Coolblue", "title:Coolblue")
    problem = only(errors(project))
    assert (problem.path, problem.line) == (CASE.as_posix(), line_of(case, "title:"))  # not the next line
    assert "body: |" not in problem.hint  # not a hint about blocks
    fixed = quoted(problem.hint, "mettez une espace après les deux-points :")
    assert fixed.startswith("title: Coolblue")
    edit(case, "title:Coolblue", "title: Coolblue")
    assert errors(project) == []


def test_a_body_line_left_unindented_is_told_to_be_indented_not_quoted(project: Path) -> None:
    case = project / CASE
    line = "**Ce qu'il enseigne.** Une réclamation bien traitée fidélise."
    edit(case, "Kim envoie une carte postale.\n", f"Kim envoie une carte postale.\n\n{line}\n")
    problem = only(errors(project))
    assert problem.line == line_of(case, "**Ce qu'il")
    assert "guillemets" not in problem.hint and "décalez-la de deux espaces" in problem.hint
    assert quoted(problem.hint, "comme les autres lignes de « body » :").startswith("  **Ce qu'il")
    edit(case, f"\n{line}\n", f"\n  {line}\n")  # what the hint says
    assert errors(project) == []
    assert "Une réclamation bien traitée fidélise." in (case.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "line",
    [
        "Kim est contente, et elle le dit.",  # plain text: YAML fails on the next line's ':'
        "À retenir : une réclamation bien traitée fidélise.",  # French colon: read as an unknown field
        "- un point de la liste",
    ],
)
def test_any_body_line_left_unindented_is_told_on_its_line_to_be_indented(project: Path, line: str) -> None:
    case = project / CASE
    edit(case, "Kim envoie une carte postale.\n", f"Kim envoie une carte postale.\n{line}\n")
    problem = only(errors(project))
    assert problem.line == line_of(case, line[:10])  # the line to indent, not the next field's
    assert "décalez-la de deux espaces" in problem.hint  # (syntax, or unknown-key for 'À retenir : …')
    after = "décalez-la de deux espaces :" if problem.code == "unknown-key" else "de « body » :"
    assert quoted(problem.hint, after).startswith("  " + line[:10])
    edit(case, f"\n{line}\n", f"\n  {line}\n")
    assert errors(project) == []


def test_an_unknown_source_is_given_sources_only(project: Path) -> None:
    case = project / CASE
    edit(case, "source: article-temkin", "source: temkin")  # close to a source, to a law and a collection
    problem = only(errors(project))
    assert problem.line == line_of(case, "source:")
    assert problem.hint == "vouliez-vous dire « article-temkin » ?"  # not the law 'loi-temkin-4' nor 'lois-temkin'
    edit(case, "source: temkin", "source: article-temkin")
    assert errors(project) == []

    edit(case, "source: article-temkin", "source: zzz")  # nothing alike: the sources are listed
    assert only(errors(project)).hint == "les entrées de type « source » sont : article-temkin"


def test_a_missing_source_hint_cites_no_id_that_does_not_exist(project: Path) -> None:
    case = project / CASE
    edit(case, "source: article-temkin\n", "")
    problem = only(errors(project))
    assert "laws/sources/" in problem.hint
    assert "article-temkin-lois" not in problem.hint


def test_a_kind_that_is_not_its_folders_is_fixed_on_the_kind_line(project: Path) -> None:
    case = project / CASE
    edit(case, "kind: case", "kind: law")
    problems = errors(project)
    folder = next(p for p in problems if p.code == "wrong-folder")
    assert folder.line == line_of(case, "kind:")
    assert folder.hint.startswith("écrivez « kind: case »")  # the fix on that line comes first
    written = re.match(r"écrivez « (kind: \S+) »", folder.hint)
    assert written, folder.hint
    edit(case, "kind: law", written.group(1))
    assert errors(project) == []  # the other errors came from the wrong kind too


def test_kind_written_as_new_accepts_it_is_told_the_kinds_name(project: Path) -> None:
    """`new cas "…"` works; `kind: cas` in the file is refused, with the name to write."""
    case = project / CASE
    edit(case, "kind: case", "kind: cas")
    problem = only(errors(project))
    assert problem.line == line_of(case, "kind:")
    assert "écrivez 'kind: case'" in problem.hint
    edit(case, "kind: cas", "kind: case")
    assert errors(project) == []


def test_the_example_entries_of_a_new_session_do_not_pass_validation(project: Path) -> None:
    created = create_entry(project / "laws", "séance", "Atelier réclamations", today=dt.date(2026, 12, 6))
    path = created.path
    examples = [p for p in errors(project) if p.path.endswith(path.name) and "l'entrée d'exemple" in p.message]
    marked = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if EXAMPLE_MARK in line]
    assert marked and sorted(p.line for p in examples) == marked  # one per example entry, on its line
    assert all(f"supprimez le commentaire « {EXAMPLE_MARK} »" in p.hint for p in examples)
    # What the hint says: the entry meant here, and the comment deleted. The other example texts
    # (objectives, titles) are still to be replaced and still refused.
    text = path.read_text(encoding="utf-8")
    for line in [line for line in text.split("\n") if EXAMPLE_MARK in line]:
        text = text.replace(line, re.sub(r"\[[^\]]*\]", "[coolblue]", line.replace(f"  {EXAMPLE_MARK}", "")), 1)
    path.write_text(text, encoding="utf-8")
    left = [p for p in errors(project) if p.path.endswith(path.name)]
    assert left and not [p for p in left if "l'entrée d'exemple" in p.message]
    assert any(p.message == "« objectives[0] » contient encore le texte d'exemple écrit par « new »" for p in left)
