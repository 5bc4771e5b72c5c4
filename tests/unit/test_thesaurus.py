"""The search's thesaurus (core/thesaurus.py): its schema, how it is read, and how `validate` and
the build see it. Its messages, one by one, are golden cases (tests/golden/cases/thesaurus-*)."""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import MINI_LAWS, REPO, run_cli
from playbook.core import thesaurus
from playbook.core.pipeline import check, validate_directory


@pytest.fixture
def laws(tmp_path: Path) -> Path:
    target = tmp_path / "project" / "laws"
    shutil.copytree(MINI_LAWS, target)
    old = 1_600_000_000_000_000_000  # older than the racy window, as after a checkout
    for path in target.rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    return target


def test_the_published_schema_is_in_sync() -> None:
    assert thesaurus.SCHEMA_PATH.read_text(encoding="utf-8") == thesaurus.schema_text(), (
        "plugins/playbook/schema/thesaurus.schema.json is stale: run `make schema`"
    )
    Draft7Validator.check_schema(thesaurus.build_schema())
    assert run_cli("schema", "--check").returncode == 0


def test_the_schema_accepts_the_repository_thesaurus_and_the_documented_example() -> None:
    validator = Draft7Validator(thesaurus.build_schema())
    for text in ((REPO / "thesaurus.yaml").read_text(encoding="utf-8"), thesaurus.reference_example()):
        assert list(validator.iter_errors(yaml.safe_load(text))) == []
    found, problems = thesaurus.read(REPO / "thesaurus.yaml", "thesaurus.yaml")
    assert problems == [] and found.equivalents and found.expansions and found.distinct


def test_no_file_is_an_empty_thesaurus(laws: Path) -> None:
    result = check(laws)
    assert result.ok and result.thesaurus == thesaurus.EMPTY


def test_a_thesaurus_beside_laws_reaches_the_playbook(laws: Path) -> None:
    (laws.parent / "thesaurus.yaml").write_text(thesaurus.reference_example(), encoding="utf-8")
    result = check(laws)
    assert result.ok and result.thesaurus is not None
    assert ("réclamation", "plainte", "doléance") in result.thesaurus.equivalents
    links = dict(result.thesaurus.links())
    assert links["mécontent"] == ("réclamation", "insatisfaction")
    assert links["plainte"] == ("réclamation", "doléance")


def test_text_saved_decomposed_is_read_composed(laws: Path) -> None:
    text = unicodedata.normalize("NFD", thesaurus.reference_example())
    assert "réclamation" not in text
    (laws.parent / "thesaurus.yaml").write_text(text, encoding="utf-8")
    found = check(laws).thesaurus
    assert found is not None and found.equivalents[0][0] == "réclamation"


def test_a_symbolic_link_is_refused_not_followed(laws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(thesaurus.reference_example(), encoding="utf-8")
    (laws.parent / "thesaurus.yaml").symlink_to(elsewhere)
    result = check(laws)
    assert not result.ok
    assert [p.format().splitlines()[0] for p in result.problems] == [
        "thesaurus.yaml:1:1: erreur [thesaurus]: le thésaurus est un lien symbolique ou n'est pas un fichier "
        "ordinaire (il n'est pas suivi)"
    ]


def test_validate_reports_the_thesaurus_and_its_cache_follows_edits(laws: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    target = laws.parent / "thesaurus.yaml"
    target.write_text(thesaurus.reference_example(), encoding="utf-8")
    assert validate_directory(laws, cache_dir=cache_dir).ok
    assert validate_directory(laws, cache_dir=cache_dir).from_cache
    target.write_text("equivalents:\n  - [plainte]\n", encoding="utf-8")
    broken = validate_directory(laws, cache_dir=cache_dir)
    assert not broken.from_cache and not broken.ok
    assert [p.path for p in broken.problems] == ["thesaurus.yaml"]
    target.unlink()
    assert validate_directory(laws, cache_dir=cache_dir).ok


def test_the_cli_prints_thesaurus_problems_with_the_entries(laws: Path) -> None:
    (laws.parent / "thesaurus.yaml").write_text("expansions:\n  - from: [pas content]\n    to: [plainte]\n")
    result = run_cli("validate", "laws", "--format", "github", cwd=laws.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("::error file=thesaurus.yaml,line=2,col=12,")


def test_the_json_schema_file_is_what_editors_are_pointed_at() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./plugins/playbook/schema/thesaurus.schema.json"] == ["thesaurus.yaml"]
    first_line = (REPO / "thesaurus.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=plugins/playbook/schema/thesaurus.schema.json"


def test_a_serve_session_sees_the_thesaurus_appear_change_and_go(laws: Path, monkeypatch) -> None:
    from playbook.core import incremental

    monkeypatch.setattr(incremental, "RACY_NS", 0)
    session = incremental.Session(laws)
    assert session.check()[0].thesaurus == thesaurus.EMPTY
    target = laws.parent / "thesaurus.yaml"
    target.write_text(thesaurus.reference_example(), encoding="utf-8")
    first = session.check()[0].thesaurus
    assert first is not None and first.distinct == (("livre", "livres"),)
    target.write_text("distinct:\n  - [internet]\n", encoding="utf-8")
    assert session.check()[0].thesaurus == thesaurus.Thesaurus(distinct=(("internet",),))
    target.write_text("distinct: [[un livre]]\n", encoding="utf-8")
    broken = session.check()[0]
    assert not broken.ok and broken.problems[0].path == "thesaurus.yaml"
    target.unlink()
    assert session.check()[0].thesaurus == thesaurus.EMPTY


@pytest.mark.parametrize("heading", ["### Le thésaurus de la recherche", "### The search's thesaurus"])
def test_contributing_documents_the_thesaurus_with_a_valid_example(heading: str) -> None:
    """Both halves of CONTRIBUTING show a thesaurus that validates, with its three sections."""
    section = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split(heading)[1].split("\n### ")[0]
    examples = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(examples) == 1 and "`thesaurus.yaml`" in section
    found, problems = thesaurus.parse(examples[0].encode(), Path("thesaurus.yaml"), "thesaurus.yaml")
    assert problems == [] and found.equivalents and found.expansions and found.distinct
