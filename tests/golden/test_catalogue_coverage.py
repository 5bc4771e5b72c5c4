"""The catalogue of messages against the code and the golden cases.

- every problem code the package emits (``code="…"`` and ``say("code", …)`` of a problem code) has
  its file in ``core/catalogue/``;
- every problem code of the catalogue is shown, in French, by at least one golden case: a case of
  ``cases/`` (what ``validate`` prints) or, for the problems only a build can meet (an edition
  date, two pages at one path), a case of ``build/`` (:data:`BUILD_CASES`: the build's own check
  on a small project, its output compared with ``build/<name>.txt``);
- the English switch: a case with an ``expected.en.txt`` prints it with ``--lang en`` (in this
  process and in a real ``python -m playbook`` process) and with ``PLAYBOOK_LANG=en``.

To add or refresh expected files: ``PLAYBOOK_UPDATE_GOLDEN=1 pytest tests/golden``, then read them.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI_LAWS, REPO, run_cli
from golden.test_golden import CASES, UPDATE, materialize
from playbook import cli
from playbook.core import format_problems
from playbook.core.messages import LANGUAGE_VARIABLE, catalogue, problem_codes
from playbook.core.problems import Problem

PACKAGE = REPO / "plugins" / "playbook"
BUILD = Path(__file__).parent / "build"


def emitted_codes() -> dict[str, str]:
    """Every problem code the package names, found with ``ast``: ``code="x"`` (a keyword of any
    call, ``Problem(…, code="x")``), ``Problem``'s seventh argument, and the first argument of
    ``say("x", …)`` when ``x`` is not a group of texts (``_words``); code → where it was first seen.
    (A code handed to a module's own helper as a plain argument is found once its texts come from
    ``say(code, …)``.)"""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(REPO).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            names = [k.value for k in node.keywords if k.arg == "code"]
            function = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if function == "say" and node.args:
                names.append(node.args[0])
            if (
                function == "Problem" and len(node.args) >= 7
            ):  # Problem(path, line, column, message, hint, severity, code)
                names.append(node.args[6])
            for name in names:
                if isinstance(name, ast.Constant) and isinstance(name.value, str) and not name.value.startswith("_"):
                    found.setdefault(name.value, f"{where}:{node.lineno}")
    return found


def test_the_scan_finds_the_codes_the_package_emits() -> None:
    codes = emitted_codes()
    assert {"unknown-reference", "duplicate-output", "date-after-edition", "placeholder"} <= codes.keys()


def test_every_problem_code_emitted_has_its_catalogue_file() -> None:
    known = catalogue()
    missing = sorted(f"{code} ({where})" for code, where in emitted_codes().items() if code not in known)
    assert not missing, "no file in plugins/playbook/core/catalogue/ for: " + ", ".join(missing)


# -- build-time problems: the build's own checks on a small project ------------------------------


def _dates_after_the_edition(tmp_path: Path) -> list[Problem]:
    """A review date after the edition's date (mkdocs.yml's ``date``): the build's warning."""
    from playbook.core.build import Options, build_outputs

    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    law = laws / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8") + "owner: equipe\nreviewed: 2026-03-01\n", encoding="utf-8")
    outputs = build_outputs(Options(laws, tmp_path, tmp_path / "pdf", date="2026-01-15", history=False))
    return [p for p in outputs.warnings if p.code == "date-after-edition"]


def _two_pages_at_one_path(tmp_path: Path) -> list[Problem]:
    """Two rendered pages at one path (validation refuses the names that cause it: the build's net)."""
    from playbook.core.build import output_collisions
    from playbook.core.pages import render_all
    from playbook.core.pipeline import check
    from playbook.core.render.renderer import Renderer

    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    playbook = check(laws, display_root=tmp_path).playbook
    assert playbook is not None
    pages = render_all(Renderer(), playbook)
    entry = next(p for p in pages if p.entry_id == "coolblue")
    index = next(p for p in pages if p.role == "kind-index" and p.src_uri == "cas/index.md")
    return output_collisions(playbook, [*pages, dataclasses.replace(entry, src_uri=index.src_uri)])


def _images_missing_from_docs(tmp_path: Path) -> list[Problem]:
    """Images an entry's body shows that are not files of ``docs/`` (``validate`` and the build look
    there; ``check()`` alone has no docs folder): one not found, one outside ``docs/``."""
    from playbook.core.pipeline import validate_directory

    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    (tmp_path / "docs" / "images").mkdir(parents=True)
    (tmp_path / "docs" / "images" / "present.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    case = laws / "cas" / "coolblue.yaml"
    text = case.read_text(encoding="utf-8").replace(
        "body: |\n",
        "body: |\n  ![Là](../images/present.png) ![Absente](../images/absente.png)\n\n"
        "  ![Hors du site](../../secret.png)\n\n",
        1,
    )
    assert "absente.png" in text, "the mini corpus's case has a body block"
    case.write_text(text, encoding="utf-8")
    problems = validate_directory(laws, tmp_path, docs_dir=tmp_path / "docs").problems
    return [p for p in problems if p.code == "missing-image"]


BUILD_CASES: dict[str, Callable[[Path], list[Problem]]] = {
    "date-after-edition": _dates_after_the_edition,
    "missing-image": _images_missing_from_docs,
    "duplicate-output": _two_pages_at_one_path,
}


@pytest.mark.parametrize("name", sorted(BUILD_CASES))
def test_build_golden(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LANGUAGE_VARIABLE, raising=False)
    problems = BUILD_CASES[name](tmp_path)
    assert problems, f"the build case {name} gives no problem"
    output = format_problems(problems) + "\n"
    expected = BUILD / f"{name}.txt"
    if UPDATE:
        expected.write_text(output, encoding="utf-8")
    assert output == expected.read_text(encoding="utf-8")


def shown_codes() -> dict[str, list[str]]:
    """The codes the golden files show (``[code]``), with the files that show them."""
    shown: dict[str, list[str]] = {}
    for expected in sorted([*CASES.glob("*/expected.txt"), *BUILD.glob("*.txt")]):
        for code in re.findall(r"^\S.*?:\d+:\d+: \w+ \[([a-z0-9-]+)\]: ", expected.read_text(encoding="utf-8"), re.M):
            shown.setdefault(code, []).append(expected.parent.name)
    return shown


#: Codes no content can reach, each with the test that proves it (so no golden case can show them).
UNREACHABLE = {
    "schema": "the schema checks' catch-all: tests/unit/test_schema_messages.py proves every rule of the "
    "schema has its own message",
}


def test_every_code_of_the_catalogue_has_a_french_golden_case() -> None:
    shown = shown_codes()
    assert not set(UNREACHABLE) & set(shown), "a code said unreachable is shown: take it out of UNREACHABLE"
    missing = [entry.code for entry in problem_codes() if entry.code not in shown and entry.code not in UNREACHABLE]
    assert not missing, "no golden case shows: " + ", ".join(missing)


def test_the_golden_files_are_in_french() -> None:
    for expected in sorted([*CASES.glob("*/expected.txt"), *BUILD.glob("*.txt")]):
        text = expected.read_text(encoding="utf-8")
        assert ": error [" not in text and "\n  hint: " not in text, expected
        assert ": erreur [" in text or ": avertissement [" in text, expected


# -- the English switch -------------------------------------------------------------------------

ENGLISH_CASES = sorted(p.parent.name for p in CASES.glob("*/expected.en.txt"))


def test_there_are_english_cases() -> None:
    assert {"missing-reference", "all-problems-in-one-run"} <= set(ENGLISH_CASES)


@pytest.mark.parametrize("name", ENGLISH_CASES)
@pytest.mark.parametrize("where", ["before", "after"])
def test_golden_in_english_with_lang_en(
    name: str,
    where: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--lang en`` before the command or after it: the same English output."""
    materialize(CASES / name, tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(LANGUAGE_VARIABLE, raising=False)
    argv = ["--lang", "en", "validate", "laws"] if where == "before" else ["validate", "laws", "--lang", "en"]
    status = cli.main(argv)
    out, err = capsys.readouterr()
    expected_file = CASES / name / "expected.en.txt"
    if UPDATE and where == "before":
        expected_file.write_text(out, encoding="utf-8")
    assert status == 1 and "Traceback" not in err
    assert out == expected_file.read_text(encoding="utf-8")
    assert " error(s), " in err  # the summary too
    assert cli.main(["validate", "laws"]) == 1  # and French again on the next run
    assert capsys.readouterr().out == (CASES / name / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ENGLISH_CASES)
def test_golden_in_english_with_the_environment_variable(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    materialize(CASES / name, tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(LANGUAGE_VARIABLE, "en")
    assert cli.main(["validate", "laws"]) == 1
    assert capsys.readouterr().out == (CASES / name / "expected.en.txt").read_text(encoding="utf-8")
    assert cli.main(["--lang", "fr", "validate", "laws"]) == 1  # --lang wins over the variable
    assert capsys.readouterr().out == (CASES / name / "expected.txt").read_text(encoding="utf-8")


def test_golden_in_english_as_a_process(tmp_path: Path) -> None:
    """A real ``python -m playbook --lang en validate`` and one with ``PLAYBOOK_LANG=en``."""
    name = "all-problems-in-one-run"
    materialize(CASES / name, tmp_path)
    expected = (CASES / name / "expected.en.txt").read_text(encoding="utf-8")
    result = run_cli("--lang", "en", "validate", "laws", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout == expected
    environment = {**os.environ, LANGUAGE_VARIABLE: "en"}
    command = [sys.executable, "-m", "playbook", "validate", "laws"]
    result = subprocess.run(
        command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1 and result.stdout == expected
