"""Bad content stops ``mkdocs build`` with the validator's located messages, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINI_MKDOCS_YML, run_mkdocs
from golden.test_golden import CASES, materialize

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "name",
    [
        "missing-reference",
        "unknown-key",
        "wrong-type",
        "duplicate-id",
        "python-tag",
        "billion-laughs",
        "deep-nesting",
        "utf16-file",
        "several-documents",
    ],
)
def test_build_fails_with_located_errors(name: str, tmp_path: Path) -> None:
    materialize(CASES / name, tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MINI_MKDOCS_YML, encoding="utf-8")
    result = run_mkdocs(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    expected = (CASES / name / "expected.txt").read_text(encoding="utf-8")
    for line in expected.splitlines():
        assert line.strip() in output, f"missing from the build output: {line}"
    assert not (tmp_path / "site").exists(), "a failed build must not leave a half-written site"


def test_warnings_fail_a_strict_build(tmp_path: Path, mini_project: Path) -> None:
    entry = mini_project / "laws" / "notions" / "paradoxe-reclamation.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("problèmes.", "problèmes <b>gras</b>."), encoding="utf-8"
    )
    assert run_mkdocs(mini_project).returncode == 0
    strict = run_mkdocs(mini_project, "--strict")
    assert strict.returncode == 1
    assert "laws/notions/paradoxe-reclamation.yaml:6:" in strict.stderr and "le HTML brut (<b>)" in strict.stderr
