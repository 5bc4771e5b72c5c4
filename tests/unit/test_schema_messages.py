"""The schema checks' messages (core/validate.py, from the catalogue): every rule of the schema has
its own message, so the catch-all code ``schema`` is never what a contributor reads; French by
default (the golden cases), English on request."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

from golden.test_golden import CASES, materialize
from playbook.core import check, format_problems, validate
from playbook.core.messages import use_language
from playbook.core.schema import load_schema

#: Codes the schema half cannot show in a golden case: ``missing-image`` needs the site's docs/
#: folder, which ``check()`` does not look at (tests/unit/test_missing_images.py shows it, from
#: ``validate`` and from a build); ``schema`` is the catch-all no rule reaches (see below).
_NOT_IN_GOLDEN = {"missing-image", "schema"}

#: Keywords that describe or arrange the schema and are never an error of their own (a property
#: whose schema is ``false`` fails as itself: validate._translate says so for ``schema is False``).
_ARRANGING = {
    *("$id", "$ref", "$schema", "allOf", "then", "items", "properties", "definitions"),
    *("description", "examples", "title"),
}


def _keywords(node: Any, found: set[str]) -> set[str]:
    """The keywords of ``node`` that can fail, skipping what names fields (properties, definitions,
    dependencies' keys) and ``if`` (its errors only choose which ``then`` applies)."""
    if isinstance(node, list):
        for item in node:
            _keywords(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "if":
                continue
            found.add(key)
            if key in ("properties", "definitions", "$defs", "dependencies"):
                for sub in value.values() if isinstance(value, dict) else ():
                    _keywords(sub, found)
            else:
                _keywords(value, found)
    return found


def test_every_rule_of_the_schema_has_its_own_message() -> None:
    keywords = _keywords(load_schema(), set()) - _ARRANGING
    source = inspect.getsource(validate._translate)
    assert {"additionalProperties", "required", "type", "pattern", "maximum"} <= keywords  # the walk finds them
    unexplained = sorted(k for k in keywords if f'"{k}"' not in source)
    assert not unexplained, f"give these keywords a message in validate._translate: {unexplained}"


def test_the_schema_messages_in_english_on_request(tmp_path: Path) -> None:
    laws = materialize(CASES / "unknown-key", tmp_path)
    with use_language("en"):
        english = format_problems(check(laws, display_root=tmp_path).problems)
    assert english.split("\n") == [
        "laws/cas/coolblue.yaml:3:1: error [unknown-key]: unknown key 'titel'",
        "  hint: did you mean 'title'?",
        "laws/cas/coolblue.yaml:8:3: error [unknown-key]: unknown key 'ilustrates' in 'relations'",
        "  hint: did you mean 'illustrates'?",
    ]
    french = format_problems(check(laws, display_root=tmp_path).problems)
    assert french.split("\n")[:2] == [
        "laws/cas/coolblue.yaml:3:1: erreur [unknown-key]: clé inconnue « titel »",
        "  piste : vouliez-vous dire « title » ?",
    ]


def schema_codes() -> set[str]:
    """The codes the schema half of validate.py (above ``corpus_problems``) gives its problems."""
    tree = ast.parse(Path(inspect.getfile(validate)).read_text(encoding="utf-8"))
    end = next(n.lineno for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "corpus_problems")
    codes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno < end:
            named = [k.value for k in node.keywords if k.arg == "code"]
            if getattr(node.func, "id", "") == "at" and len(node.args) >= 4:
                named.append(node.args[3])
            codes |= {n.value for n in named if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return codes


def test_every_schema_code_is_shown_by_a_french_golden_case() -> None:
    codes = schema_codes()
    assert {"unknown-key", "missing", "type", "bad-owner", "missing-image"} <= codes, "the scan finds them"
    shown = set()
    for expected in CASES.glob("*/expected.txt"):
        shown |= set(re.findall(r": (?:erreur|avertissement) \[([a-z0-9-]+)\]: ", expected.read_text(encoding="utf-8")))
    assert sorted(codes - _NOT_IN_GOLDEN - shown) == []
