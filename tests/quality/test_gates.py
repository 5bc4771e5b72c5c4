"""The quality gates run with the tests: ruff (lint and format) and mypy, pinned in requirements.lock,
and tsc (the browser scripts' type check: tsconfig.json), pinned in package-lock.json.

`make lint` runs the same four commands; the GitHub workflow and pre-commit call `make lint` too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TREES = ["plugins", "scripts", "tests"]
TSC = REPO / "node_modules" / ".bin" / "tsc"


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


def tsc(*args: str) -> subprocess.CompletedProcess[str]:
    if not TSC.is_file():
        pytest.fail("TypeScript is not installed; run `make test` (it runs npm ci)", pytrace=False)
    return subprocess.run([str(TSC), *args], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def test_the_browser_scripts_pass_the_type_check() -> None:
    result = tsc("-p", "tsconfig.json")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_implicit_any_is_refused_in_every_script() -> None:
    """Every browser script is typed to ``noImplicitAny``: the check excludes none, nor relaxes it."""
    config = json.loads((REPO / "tsconfig.json").read_text(encoding="utf-8"))
    assert config["compilerOptions"]["noImplicitAny"] is True
    assert config["include"] == ["plugins/playbook/assets/*.js", "plugins/playbook/assets.d.ts"]
    assert config.get("exclude", []) == [], "a script left out of the type check"
    assert sorted(p.name for p in REPO.glob("tsconfig*.json")) == ["tsconfig.json"], "one configuration"


def test_every_browser_script_is_type_checked() -> None:
    scripts = sorted((REPO / "plugins" / "playbook" / "assets").glob("*.js"))
    assert scripts
    unchecked = [p.name for p in scripts if not p.read_text(encoding="utf-8").startswith("// @ts-check\n")]
    assert unchecked == []


def test_the_type_check_can_fail(tmp_path: Path) -> None:
    """The same configuration rejects a script that reads a property an element may not have."""
    bad = tmp_path / "bad.js"
    bad.write_text('// @ts-check\ndocument.querySelector("p").textContent = "x";\n', encoding="utf-8")
    config = tmp_path / "tsconfig.json"
    config.write_text(json.dumps({"extends": str(REPO / "tsconfig.json"), "include": [str(bad)]}), encoding="utf-8")
    result = tsc("-p", str(config))
    assert result.returncode != 0
    assert "error TS2531: Object is possibly 'null'" in result.stdout
    bad.write_text("// @ts-check\nfunction twice(x) { return x + x; }\ntwice(1);\n", encoding="utf-8")
    result = tsc("-p", str(config))
    assert "error TS7006: Parameter 'x' implicitly has an 'any' type" in result.stdout, "noImplicitAny"
