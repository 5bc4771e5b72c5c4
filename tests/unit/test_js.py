"""The pure functions of the browser scripts, run by node's own test runner (``node --test``).

The files under ``tests/js/`` load a script of ``plugins/playbook/assets/`` with ``require``: a
script that exports its pure functions when loaded as a module (and wires the page otherwise).
Node.js is a test dependency already (``make test`` installs it with the other browser tools).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import REPO


def test_the_browser_scripts_pure_functions() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; run `make test` (it installs Node.js)", pytrace=False)
    files = sorted(str(p) for p in (REPO / "tests" / "js").glob("*.test.js"))
    assert files
    result = subprocess.run(
        [node, "--test", *files], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
