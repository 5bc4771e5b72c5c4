"""The catalogue of messages (``core/catalogue/``): well formed, and every text code asks for exists.

The checks over the whole catalogue (every problem code emitted has its file, every code has a
French golden case) live beside the golden cases.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO
from playbook.core import messages
from playbook.core.messages import CatalogueError, catalogue, say, use_language
from playbook.core.problems import Problem, Severity

PACKAGE = REPO / "plugins" / "playbook"


def say_calls() -> list[tuple[Path, int, str, str]]:
    """Every ``say("code", "key", …)`` of the package with literal names: (file, line, code, key)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "say":
                names = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if len(names) == 2:
                    found.append((path, node.lineno, names[0], names[1]))
    return found


def test_the_catalogue_reads_and_every_text_has_both_languages() -> None:
    entries = catalogue()
    assert "_words" in entries and "unknown-reference" in entries
    for entry in entries.values():
        for key, text in entry.texts.items():
            assert text["fr"].strip() and text["en"].strip(), (entry.code, key)


def test_every_text_the_code_asks_for_is_in_the_catalogue() -> None:
    calls = say_calls()
    assert len(calls) >= 5, "the scan finds the say() calls"
    entries = catalogue()
    missing = [
        f"{p.relative_to(REPO)}:{line}: {code}/{key}"
        for p, line, code, key in calls
        if code not in entries or key not in entries[code].texts
    ]
    assert not missing, missing


def test_french_by_default_english_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = Problem("laws/a.yaml", 3, 5, "m", "h", Severity.WARNING, code="unknown-reference")
    monkeypatch.delenv(messages.LANGUAGE_VARIABLE, raising=False)
    assert problem.format() == "laws/a.yaml:3:5: avertissement [unknown-reference]: m\n  piste : h"
    assert say("unknown-reference", "in-link", id="x") == "entrée inconnue « x » dans [[x]]"
    with use_language("en"):
        assert problem.format() == "laws/a.yaml:3:5: warning [unknown-reference]: m\n  hint: h"
    monkeypatch.setenv(messages.LANGUAGE_VARIABLE, "en")
    assert say("unknown-reference", "in-link", id="x") == "unknown entry 'x' in [[x]]"
    with use_language("fr"):
        assert say("unknown-reference", "in-link", id="x") == "entrée inconnue « x » dans [[x]]"


def test_a_wrong_catalogue_file_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "some-code.yaml"
    bad.write_text(
        "code: some-code\ntitle: {fr: T, en: T}\nexplanation: {fr: E, en: E}\nexample: 'x: 1'\n"
        "texts:\n  m: {fr: 'il manque {champ}', en: 'missing {field}'}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match=r"some-code\.yaml: texts\.m: the languages use different"):
        messages._read(bad)
    bad.write_text("code: other\ntexts: {}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"'code' must be the file's name"):
        messages._read(bad)


# -- the documents made from the catalogue ------------------------------------------------------


def test_the_validator_messages_page_explains_every_code_under_its_anchor() -> None:
    from playbook.core.pages.validator_messages import render_validator_messages
    from playbook.core.render.escape import md_escape
    from playbook.core.render.renderer import Renderer

    page = render_validator_messages(Renderer())
    assert page.src_uri == "reference/messages.md" and page.title == "Messages du validateur"
    sections = page.markdown.split("\n## ")[1:]
    codes = messages.problem_codes()
    assert len(sections) == len(codes) >= 2
    for section, entry in zip(sections, codes, strict=True):
        heading, _, rest = section.partition("\n")
        assert heading.endswith(f" {{#{entry.code}}}"), heading  # the anchor: reference/messages/#code
        assert f"`{entry.code}` · {'avertissement' if entry.severity == 'warning' else 'erreur'}" in rest
        assert f"```yaml\n{entry.example.rstrip()}\n```" in rest
        # the French texts, as every text of a generated page is written (escaped for Markdown)
        assert md_escape(entry.explanation["fr"]) in rest, entry.code
        assert heading.startswith(md_escape(entry.title["fr"]) + " "), heading


def test_the_validator_messages_page_is_in_every_build_and_in_the_contributors_corner(repo: Path) -> None:
    from conftest import MINI_LAWS
    from playbook.core.pages import render_all
    from playbook.core.pipeline import check
    from playbook.core.render.renderer import Renderer

    result = check(MINI_LAWS)
    assert result.playbook is not None
    assert "reference/messages.md" in [p.src_uri for p in render_all(Renderer(), result.playbook)]
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    corner = config.split("  - Contribuer:\n", 1)[1]
    assert (
        "      - Format des entrées: reference/format.md\n      - Messages du validateur: reference/messages.md\n"
        in corner
    )


def test_the_table_of_messages_in_contributing_is_up_to_date() -> None:
    """Stale after a catalogue file was added or edited: `make messages` writes it again."""
    from conftest import run_cli

    result = run_cli("messages", "--check", cwd=REPO)
    assert result.returncode == 0, result.stderr
    table = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split("<!-- messages:start")[1]
    for entry in messages.problem_codes():
        assert f"| `{entry.code}` | " in table, entry.code


def test_a_stale_table_is_found_and_written_again(tmp_path: Path) -> None:
    from conftest import run_cli

    target = tmp_path / "CONTRIBUTING.md"
    fresh = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    target.write_text(fresh.replace("| `unknown-reference` |", "| `unknown-ref` |"), encoding="utf-8")
    stale = run_cli("messages", "--check", "--file", str(target))
    assert stale.returncode == 1 and "n'est plus à jour" in stale.stderr and "messages --write" in stale.stderr
    assert run_cli("messages", "--write", "--file", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == fresh
    target.write_text("no markers\n", encoding="utf-8")
    assert run_cli("messages", "--check", "--file", str(target)).returncode == 2
