"""The quality gates run with the tests: ruff (lint and format) and mypy, pinned in requirements.lock.

`make lint` runs the same three commands; the GitHub workflow and pre-commit call `make lint` too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TREES = ["plugins", "scripts", "tests"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", *TREES], ["ruff", "format", "--check", *TREES], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_passes_the_gate(command: list[str]) -> None:
    result = run(*command)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_gates_can_fail(tmp_path: Path) -> None:
    """The same configuration rejects a file with an unused import, bad formatting and a type error."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\ndef f( x:int)->str:\n    return x\n", encoding="utf-8")
    config = str(REPO / "pyproject.toml")
    assert run("ruff", "check", "--config", config, str(bad)).returncode == 1
    assert run("ruff", "format", "--check", "--config", config, str(bad)).returncode == 1
    assert run("mypy", "--config-file", config, str(bad)).returncode == 1
