"""Builds are reproducible (same content → byte-identical site/) and never write into laws/."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli, run_mkdocs

pytestmark = pytest.mark.slow

SITE_URL = "site_url: https://example.org/playbook/\n"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def laws_state(laws: Path) -> dict[str, tuple[bytes, int]]:
    """Every path under laws/ (files and folders) with its bytes and modification time."""
    return {
        p.relative_to(laws).as_posix(): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(laws.rglob("*"))
    }


def with_site_url(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(SITE_URL + config.read_text(encoding="utf-8"), encoding="utf-8")


def build(project: Path, site: str, **env: str) -> Path:
    """A strict build; SOURCE_DATE_EPOCH only when given here (never inherited from the caller)."""
    base = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**base, "NO_MKDOCS_2_WARNING": "1", **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return project / site


def lastmods(site: Path) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))


def gzip_mtime(site: Path) -> int:
    return struct.unpack("<I", (site / "sitemap.xml.gz").read_bytes()[4:8])[0]


def test_two_builds_of_the_same_content_are_byte_identical(mini_project: Path) -> None:
    with_site_url(mini_project)
    first = tree(build(mini_project, "site-a"))
    second = tree(build(mini_project, "site-b"))
    assert len(first) > 50 and "sitemap.xml.gz" in first and "reference/format/index.html" in first
    assert "llms.txt" in first and "lois/loi-temkin-4/index.md" in first  # the Markdown for machines too
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_the_build_date_comes_from_the_content_not_the_clock(mini_project: Path) -> None:
    with_site_url(mini_project)
    stamp = 1614834367  # 2021-03-04 05:06:07 UTC
    for path in [*mini_project.rglob("*")]:
        if path.is_file():
            os.utime(path, (stamp, stamp))
    site = build(mini_project, "site")
    assert lastmods(site) == {"2021-03-04"}
    assert gzip_mtime(site) == 1614816000  # that day, at midnight UTC (MkDocs keeps the date)


def test_in_a_git_repository_the_date_is_the_last_commit_on_the_content(mini_project: Path) -> None:
    with_site_url(mini_project)
    git = ["git", "-C", str(mini_project), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    dated = {**os.environ, "GIT_AUTHOR_DATE": "2022-05-06T07:08:09Z", "GIT_COMMITTER_DATE": "2022-05-06T07:08:09Z"}
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "content"], check=True, env=dated)
    assert lastmods(build(mini_project, "site")) == {"2022-05-06"}


def test_an_explicit_source_date_epoch_wins(mini_project: Path) -> None:
    with_site_url(mini_project)
    site = build(mini_project, "site", SOURCE_DATE_EPOCH="1700000000")  # 2023-11-14
    assert lastmods(site) == {"2023-11-14"}


def test_validation_and_builds_never_write_into_laws(mini_project: Path) -> None:
    laws = mini_project / "laws"
    before = laws_state(laws)
    assert run_cli("validate", "laws", cwd=mini_project).returncode == 0
    assert run_cli("validate", "laws", "--format", "github", cwd=mini_project).returncode == 0
    assert run_cli("render", "laws", "--out", str(mini_project / "rendered"), cwd=mini_project).returncode == 0
    build(mini_project, "site")
    assert run_mkdocs(mini_project).returncode == 0  # the default site_dir
    assert laws_state(laws) == before
    # and a failing build (an error in one entry) writes nothing there either
    broken = laws / "notions" / "paradoxe-reclamation.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    before = laws_state(laws)
    assert run_mkdocs(mini_project, "--strict").returncode == 1
    assert run_cli("validate", "laws", cwd=mini_project).returncode == 1
    assert laws_state(laws) == before
