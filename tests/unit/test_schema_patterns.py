"""The schemas' patterns mean in Python what they mean in the browser and in editors.

JSON Schema patterns are ECMA regular expressions, whose ``$`` is the very end of the text; Python's
``$`` also matches before a final line break, so ``re.search`` took ``"loi-1\\n"`` for an id and a
title written as a YAML block (``title: |``, which ends in a line break) for a single line.
``spec.schema_regex`` compiles a pattern with ECMA's meaning, for ``spec.is_id``, the fast check and
jsonschema alike; tests/vectors/schema-patterns.json is read here and by node
(tests/js/schema-patterns.test.js), and the ids of tests/vectors/session-limits.json by both too.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI_LAWS, REPO
from playbook.core import spec
from playbook.core.fastcheck import compile_check, detailed_validator
from playbook.core.pipeline import check
from playbook.core.schema import load_schema

VECTORS = json.loads((REPO / "tests" / "vectors" / "schema-patterns.json").read_text(encoding="utf-8"))["patterns"]
SCHEMAS = sorted((REPO / "plugins" / "playbook" / "schema").glob("*.schema.json"))
CASES = [(name, text, expected) for name, v in VECTORS.items() for text, expected in v["cases"]]


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_every_pattern_of_the_schemas_has_vectors() -> None:
    used = {p for schema in SCHEMAS for p in _patterns(json.loads(schema.read_text(encoding="utf-8")))}
    assert len(SCHEMAS) >= 2
    assert used == {v["pattern"] for v in VECTORS.values()}
    assert VECTORS["id"]["pattern"] == spec.ID_PATTERN
    assert VECTORS["single line"]["pattern"] == spec.SINGLE_LINE_PATTERN
    assert VECTORS["date"]["pattern"] == spec.DATE_PATTERN
    assert VECTORS["owner"]["pattern"] == spec.OWNER_PATTERN


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[f"{n}:{t!r}" for n, t, _ in CASES])
def test_python_reads_each_pattern_as_the_browser_does(name: str, text: str, expected: bool) -> None:
    assert bool(spec.schema_regex(VECTORS[name]["pattern"]).search(text)) is expected


def test_a_trailing_line_break_is_not_part_of_an_id() -> None:
    assert spec.is_id("loi-temkin-1")
    assert not spec.is_id("loi-temkin-1\n")


def test_only_a_bare_dollar_becomes_the_end_of_the_text() -> None:
    assert spec.schema_regex(r"^a\$$").search("a$")
    assert not spec.schema_regex(r"^a\$$").search("a$\n")
    assert spec.schema_regex(r"^[$]$").search("$")
    assert spec.schema_regex(r"^[\]$]+$").search("]$]")
    assert not spec.schema_regex(r"^[\]$]+$").search("]$\n")


def test_the_fast_check_and_jsonschema_agree_on_a_trailing_line_break() -> None:
    schema = load_schema()
    entry = json.loads(json.dumps({"id": "loi-x", "kind": "law", "title": "Titre", "summary": "Résumé."}))
    fast, detailed = compile_check(schema), detailed_validator(schema)
    for field, value in (("title", "Titre\n"), ("collection", "lois-temkin\n")):
        bad = {**entry, field: value}
        assert not fast(bad), field
        assert [e.validator for e in detailed.iter_errors(bad) if list(e.absolute_path) == [field]] == ["pattern"]


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        # A block scalar keeps its last line break: "…impliqués\n".
        (
            "title: Des employés non impliqués ne font pas des clients impliqués",
            "title: |\n  Des employés non impliqués ne font pas des clients impliqués",
            "title",
        ),
        ("collection: lois-temkin", 'collection: "lois-temkin\\n"', "collection"),
    ],
    ids=["a title as a block", "an id quoted with a line break"],
)
def test_a_single_line_field_ending_in_a_line_break_is_refused_where_it_is(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    law = laws / "lois" / "loi-temkin-4.yaml"
    text = law.read_text(encoding="utf-8")
    assert old in text
    law.write_text(text.replace(old, new), encoding="utf-8")
    line = text.split(old, 1)[0].count("\n") + 1
    problems = [p for p in check(laws).problems if p.path.endswith("loi-temkin-4.yaml")]
    assert [(p.line, p.column, p.code) for p in problems] == [(line, len(key) + 3, "pattern")]
