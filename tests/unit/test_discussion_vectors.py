"""« Questions and cases around these entries » agree in Python and in « Ma séance »: the shared
vectors of tests/vectors/discussion-around.json, read here against ``sheet_layout.around_ids`` (the
rule of the collection kits) and by ``node --test`` (tests/js/trainers.test.js) against
``assets/trainers.js``'s ``discussionAround``; and what ``exports/seance.json`` gives the browser
is what the rule needs: on a real playbook, the rule over the export's records gives what the kits
print."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import MINI_LAWS, REPO
from playbook.core import check
from playbook.core.render.renderer import Renderer
from playbook.core.render.session_layout import session_index
from playbook.core.render.sheet_layout import around_ids, discussion_around
from playbook.core.render.urls import SESSION_INDEX_URI

VECTORS = json.loads((REPO / "tests" / "vectors" / "discussion-around.json").read_text(encoding="utf-8"))


def _rule(records: list[dict[str, Any]], kinds: dict[str, dict[str, bool]], chosen: list[str], **also: Any) -> Any:
    by_id = {r["id"]: r for r in records}
    rank = {r["id"]: n for n, r in enumerate(records)}
    questions, cases = around_ids(
        chosen,
        lambda i: (by_id[i]["questions"], by_id[i]["cases"]),
        lambda i: kinds[by_id[i]["kind"]]["discussed"],
        rank.__getitem__,
        **also,
    )
    return questions, [[case, about] for case, about in cases]


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"][:40] for c in VECTORS["cases"]])
def test_the_rule_gives_what_the_vectors_say(case: dict[str, Any]) -> None:
    assert _rule(VECTORS["entries"], VECTORS["kinds"], case["chosen"]) == (case["questions"], case["cases"])


def test_the_rule_over_the_exported_records_is_the_kits() -> None:
    result = check(MINI_LAWS)
    assert result.ok and result.playbook is not None
    playbook = result.playbook
    document = json.loads(session_index(playbook, Renderer())[SESSION_INDEX_URI])
    records = document["entries"]
    assert [r["id"] for r in records] == [e.id for e in playbook.entries.values() if e.kind.in_sessions]
    compared = 0
    for collection in playbook.by_kind["collection"]:
        members = playbook.members.get(collection.id, [])
        for chosen in (members, members[::-1]):
            questions, lines = discussion_around(playbook, chosen)
            expected = [q.id for q in questions], [[line.case.id, [e.id for e in line.about]] for line in lines]
            assert _rule(records, document["kinds"], [e.id for e in chosen]) == expected
            compared += bool(expected[0] or expected[1])
    assert compared, "the mini playbook has questions or cases around its collections"
