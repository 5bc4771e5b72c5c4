"""The relevance benchmark (tests/relevance/questions.yaml) as a gate: the questions employees,
managers and trainers type, asked of the real site's search box in Chromium (the browser's own
ranking on the built index: scripts/relevance.py), must find their entries among the first five
at least as often as the recorded figure. `scripts/bench.py --relevance` prints the whole table."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from conftest import REPO

from .support import Site

sys.path.insert(0, str(REPO / "scripts"))
import relevance

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_questions_find_their_entries_at_least_as_often_as_recorded(page: Any, real_site: Site) -> None:
    questions, floor = relevance.load()
    assert len(questions) >= 60 and floor["success_at_5"] > 0
    answers = relevance.measure(page, real_site.url, questions)
    figures = relevance.summary(answers)
    missed = [(a.question.ask, a.found[:3]) for a in answers if a.rank is None or a.rank > 5]
    assert figures["success_at_5"] >= floor["success_at_5"], (figures, missed)


def test_every_expected_entry_exists() -> None:
    """A question that expects an entry the playbook no longer has would count as a miss forever."""
    from playbook.core import check

    result = check(REPO / "laws")
    assert result.playbook is not None
    questions, _ = relevance.load()
    unknown = sorted({e for q in questions for e in q.expect if e not in result.playbook.entries})
    assert unknown == []
