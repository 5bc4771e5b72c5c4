"""Values of the wrong shape where the validator expects a name: located schema messages, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINI_LAWS
from playbook.core.pipeline import check


@pytest.mark.parametrize("kind", ["[]", "[law]", "{a: b}", "12"])
def test_a_kind_that_is_not_a_name_is_a_schema_error(tmp_path: Path, kind: str) -> None:
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    law = laws / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("kind: law", f"kind: {kind}"), encoding="utf-8")
    result = check(laws)
    messages = [p for p in result.problems if p.path.endswith("loi-temkin-4.yaml")]
    assert messages, result.problems
    assert all(p.line > 0 for p in messages)
    assert any(p.code == "unknown-kind" and (p.line, p.column) == (2, 7) for p in messages), messages
