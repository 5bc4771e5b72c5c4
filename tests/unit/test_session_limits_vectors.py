"""Ids and limits of a session agree in the format and in « Ma séance »: the shared vectors of
tests/vectors/session-limits.json, read here against ``core/spec.py`` and by ``node --test``
(tests/js/seance-plan.test.js) against ``assets/seance-plan.js``'s ``cleanSession``; the node half
runs under pytest in tests/unit/test_js.py.

``assets/trainers.js`` cannot be loaded without a page yet: its copies of the id rule and the
limits are read as text here, so that a change on one side fails until the other follows."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO
from playbook.core import spec

VECTORS = json.loads((REPO / "tests" / "vectors" / "session-limits.json").read_text(encoding="utf-8"))
LIMITS = VECTORS["limits"]
FIELDS = {f.name: f.schema for f in spec.FIELDS}
BLOCK = next(o for o in spec.OBJECTS if o.name == "block").fields
ASSETS = REPO / "plugins" / "playbook" / "assets"


@pytest.mark.parametrize("case", VECTORS["ids"], ids=[repr(c["id"][:20]) for c in VECTORS["ids"]])
def test_the_format_reads_each_id_as_the_vectors_say(case: dict[str, object]) -> None:
    assert spec.is_id(case["id"]) is case["valid"]


def test_the_ids_cover_the_length_limit_and_each_way_to_break_the_pattern() -> None:
    valid = [c["id"] for c in VECTORS["ids"] if c["valid"]]
    invalid = [c["id"] for c in VECTORS["ids"] if not c["valid"]]
    assert max(map(len, valid)) == LIMITS["id_max_length"]
    assert any(len(i) == LIMITS["id_max_length"] + 1 and re.fullmatch(spec.ID_PATTERN, i) for i in invalid)
    for sign in ("-", "_", " ", "--", "é"):
        assert any(sign in i or i.startswith(sign) or i.endswith(sign) for i in invalid), sign


def test_the_limits_are_the_formats() -> None:
    assert LIMITS["id_max_length"] == spec.ID_MAX_LENGTH
    assert BLOCK["entries"]["maxItems"] == LIMITS["block_entries_max"]
    assert (BLOCK["minutes"]["minimum"], BLOCK["minutes"]["maximum"]) == (
        LIMITS["block_minutes_min"],
        LIMITS["block_minutes_max"],
    )
    assert FIELDS["title"]["maxLength"] == LIMITS["title_max"]
    assert FIELDS["blocks"]["maxItems"] == LIMITS["session_blocks_max"]
    assert list(spec.ACTIVITIES) == VECTORS["activities"]
    assert list(spec.AUDIENCES) == VECTORS["audiences"]


def test_each_title_vector_is_a_title_the_format_takes_or_longer() -> None:
    for case in VECTORS["titles"]:
        assert len(case["kept"]) <= LIMITS["title_max"], case["name"]  # Python counts code points
        assert case["title"].startswith(case["kept"])


def constants(script: str) -> dict[str, str]:
    """``var NAME = value;`` lines of a browser script."""
    text = (ASSETS / script).read_text(encoding="utf-8")
    return dict(re.findall(r"^\s*var ([A-Z_]+) = (.+?);\s*(?://.*)?$", text, re.M))


def test_the_browser_scripts_copies_of_the_id_rule_and_limits_are_the_formats() -> None:
    pattern = "/" + spec.ID_PATTERN + "/"
    trainers = constants("trainers.js")
    assert trainers["ID"] == pattern
    assert int(trainers["ID_MAX"]) == LIMITS["id_max_length"]
    assert int(trainers["MAX_TITLE"]) == LIMITS["title_max"]
    plan = constants("seance-plan.js")
    assert plan["ID"] == pattern
    assert int(plan["MAX_PER_BLOCK"]) == LIMITS["block_entries_max"]
    assert int(plan["MAX_MINUTES"]) == LIMITS["block_minutes_max"]
    assert int(plan["MAX_TITLE"]) == LIMITS["title_max"]
    assert int(plan["MAX_BLOCKS"]) >= LIMITS["session_blocks_max"]  # a séance of the site always fits
