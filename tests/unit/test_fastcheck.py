"""The fast yes/no validator agrees with jsonschema (as ``detailed_validator`` sets it up, the one
schema_messages.py reports from): never says "valid" when jsonschema finds an error."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINI_LAWS
from playbook.core.fastcheck import compile_check, detailed_validator
from playbook.core.pipeline import load_directory
from playbook.core.schema import load_schema
from playbook.core.spec import SINGLE_LINE_PATTERN, schema_regex

SCHEMA = load_schema()
FAST = compile_check(SCHEMA)
SLOW = detailed_validator(SCHEMA)
ENTRIES = [f.data for f in load_directory(MINI_LAWS) if f.data is not None]

BAD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    1000,
    -1,
    "",
    " ",
    "x",
    "a\nb",
    "trailing\n",
    "x" * 400,
    "Loi 4",
    "loi-4",
    [],
    ["a"],
    ["a", "a"],
    [1, 2],
    [["a"]],
    [{"a": 1}],
    {},
    {"a": 1},
    {"text": "t", "author": "a"},
]


def _mutations() -> list[dict[str, Any]]:
    out = []
    keys = sorted({k for e in ENTRIES for k in e} | {"citation", "checklist", "relations", "unknown"})
    for base in ENTRIES:
        for key in keys:
            for value in BAD_VALUES:
                mutated = copy.deepcopy(base)
                mutated[key] = value
                out.append(mutated)
            if key in base:
                mutated = copy.deepcopy(base)
                del mutated[key]
                out.append(mutated)
        for kind in (
            "law",
            "commandment",
            "procedure",
            "rule",
            "case",
            "question",
            "concept",
            "collection",
            "source",
            "nope",
            3,
        ):
            mutated = copy.deepcopy(base)
            mutated["kind"] = kind
            out.append(mutated)
        for relation in ("illustrates", "tests", "applies", "relies_on", "see_also", "other"):
            for value in (["loi-temkin-4"], ["a", "a"], [], ["Bad Id"], "loi-temkin-4"):
                mutated = copy.deepcopy(base)
                mutated["relations"] = {relation: value}
                out.append(mutated)
    return out


def test_clean_entries_pass_the_fast_check() -> None:
    assert ENTRIES and all(FAST(e) for e in ENTRIES)


def test_fast_check_gives_the_same_answer_as_jsonschema_on_mutated_entries() -> None:
    cases = _mutations()
    disagreements = [c for c in cases if FAST(c) != SLOW.is_valid(c)]
    assert len(cases) > 1000
    assert disagreements == [], f"{len(disagreements)} disagreements, e.g. {disagreements[:2]}"
    assert any(SLOW.is_valid(c) for c in cases) and not all(SLOW.is_valid(c) for c in cases)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2000) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from(ENTRIES),
    key=st.sampled_from(["title", "tags", "relations", "quotes", "citation", "order", "checklist", "aliases", "extra"]),
    value=json_values,
)
def test_fast_check_is_never_more_lenient_than_jsonschema(base: dict[str, Any], key: str, value: Any) -> None:
    entry = copy.deepcopy(base)
    entry[key] = value
    if FAST(entry):
        assert SLOW.is_valid(entry), entry


def test_an_unsupported_keyword_is_refused_at_compile_time() -> None:
    with pytest.raises(NotImplementedError, match="oneOf"):
        compile_check({"type": "object", "oneOf": [{"type": "string"}]})


@pytest.mark.parametrize("required", [True, False], ids=["if requires the kind", "if does not"])
def test_the_per_kind_conditions_agree_with_jsonschema_with_or_without_a_required_kind(required: bool) -> None:
    """The entry schema's ``allOf`` of ``if kind is X then ...`` is checked as one look-up of the
    kind, whether each ``if`` also requires the kind (as the entry schema does) or not; an object
    without a kind then meets no ``then`` or every ``then``, as jsonschema says."""
    condition: dict[str, Any] = {"properties": {"kind": {"const": "law"}}}
    other: dict[str, Any] = {"properties": {"kind": {"const": "case"}}}
    if required:
        condition["required"] = other["required"] = ["kind"]
    schema = {
        "type": "object",
        "allOf": [
            {"if": condition, "then": {"required": ["source"]}},
            {"if": other, "then": {"properties": {"source": False}}},
        ],
    }
    fast, slow = compile_check(schema), detailed_validator(schema)
    for instance in [
        {"kind": "law", "source": "s"},
        {"kind": "law"},
        {"kind": "case", "source": "s"},
        {"kind": "case"},
        {"kind": "other"},
        {"kind": 3, "source": "s"},
        {"source": "s"},
        {},
        "text",
        [],
    ]:
        assert fast(instance) == slow.is_valid(instance), instance


#: Letters, the line breaks and every kind of space Python or a browser may call one.
_SPACES_AND_BREAKS = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(_SPACES_AND_BREAKS + "ab"), max_size=8))
def test_a_single_line_is_checked_as_its_pattern_says(text: str) -> None:
    """The schema's « one line, not blank » pattern is tested with string methods, not the regular
    expression: both must agree on every space and line break."""
    fast = compile_check({"type": "string", "pattern": SINGLE_LINE_PATTERN})
    assert fast(text) == (schema_regex(SINGLE_LINE_PATTERN).search(text) is not None)
