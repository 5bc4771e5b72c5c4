"""The CSV formula guard agrees in Python and in the browser: the shared vectors of
tests/vectors/csv-formula-guard.json, read here for ``export.guard_formula`` (the checklists' CSV)
and by ``node --test`` in tests/js/diagnostic.test.js for ``guardFormula`` (the self-assessment
CSV of « Auto-diagnostic »); tests/unit/test_js.py runs the node half under pytest."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from playbook.core.export import guard_formula

CASES = json.loads((REPO / "tests" / "vectors" / "csv-formula-guard.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_checklists_export_guards_each_vector_as_expected(case: dict[str, str]) -> None:
    assert guard_formula(case["cell"]) == case["guarded"]


def test_the_vectors_cover_every_sign_and_blank_and_cells_left_alone() -> None:
    cells = [c["cell"] for c in CASES]
    for sign in "=+-@\t\r\uff1d\uff0b\uff0d\uff20":
        assert any(cell.lstrip(" \u00a0\u3000\n").startswith(sign) for cell in cells), repr(sign)
    for blank in " \u00a0\u3000\n":
        assert any(cell.startswith(blank) and cell.strip() for cell in cells), repr(blank)
    assert sum(c["guarded"] == c["cell"] for c in CASES) >= 5  # and cells that must stay as they are
