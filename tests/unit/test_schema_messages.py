"""The schema checks' messages (core/validate.py, from the catalogue): every rule of the schema has
its own message, so the catch-all code ``schema`` is never what a contributor reads; French by
default (the golden cases), English on request."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from golden.test_golden import CASES, materialize
from playbook.core import check, format_problems, validate
from playbook.core.messages import use_language
from playbook.core.schema import load_schema

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
