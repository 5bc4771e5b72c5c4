"""The plugin keeps working where MkDocs' maintained fork runs it.

ProperDocs (a drop-in continuation of MkDocs 1.x, `properdocs` on PyPI) loads `mkdocs.plugins`
entry points and redirects `mkdocs.*` imports to itself. The real playbook built with it must be
the same site as with MkDocs, file for file, but for the generator named in each page's head."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_real_project

pytestmark = pytest.mark.slow

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build_with(tool: str, project: Path, site: str) -> Path:
    # both builds dated alike, after every review and change date of the content (a date the
    # edition has not reached is a warning, and --strict refuses it): 2030-01-01
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1893456000", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "--site-dir", site],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return project / site


def files_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): GENERATOR.sub(b"", path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_a_properdocs_build_is_the_mkdocs_build(tmp_path: Path) -> None:
    project = copy_real_project(tmp_path)
    with_mkdocs = build_with("mkdocs", project, "site-mkdocs")
    with_properdocs = build_with("properdocs", project, "site-properdocs")
    assert b"ProperDocs" in (with_properdocs / "index.html").read_bytes()  # it really was ProperDocs
    mkdocs_files, properdocs_files = files_of(with_mkdocs), files_of(with_properdocs)
    assert len(mkdocs_files) > 100
    assert sorted(mkdocs_files) == sorted(properdocs_files)
    different = [name for name in mkdocs_files if mkdocs_files[name] != properdocs_files[name]]
    assert different == []
