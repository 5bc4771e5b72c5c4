"""Publishing is atomic (issue 27, item 13): a build killed half way leaves the previous site as it
was; two builds of one site at once never mix their pages; a build that fails publishes nothing."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import build_in_process, make_mini_project, run_mkdocs
from corpus import write_collection

pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def start_build(project: Path, config: str = "mkdocs.yml") -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def larger_project(folder: Path) -> Path:
    """The mini corpus and a few hundred entries more, so that a build takes a while to write."""
    project = make_mini_project(folder)
    for number in range(8):
        write_collection(project / "laws", f"lot-{number}", [3] * 25, item_length=60)
    return project


def written_since(project: Path, site: Path, before: dict[str, bytes]) -> bool:
    """Whether the running build has started writing pages (into a folder of its own, or into site/)."""
    for folder in project.glob(".site.building-*"):
        if any(folder.rglob("index.html")):
            return True
    return site.is_dir() and tree(site) != before


def test_a_build_killed_while_writing_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    project = larger_project(tmp_path / "project")
    site = project / "site"
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    before = tree(site)
    law = project / "laws" / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("Former les équipes", "Former vite"), encoding="utf-8")
    build = start_build(project)
    try:
        deadline = time.monotonic() + 240
        while not written_since(project, site, before):
            assert build.poll() is None, "the build ended before it was killed"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.02)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert build.returncode == -signal.SIGKILL
    assert tree(site) == before  # every file of the previous site, as it was
    assert list(project.glob(".site.scratch-*"))  # the killed build's files for MkDocs to copy
    # The next build takes the lock the killed one can no longer hold, cleans up and publishes.
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Former vite" in (site / "lois" / "loi-temkin-4" / "index.html").read_text(encoding="utf-8")
    # nor the files the killed build had set aside for MkDocs to copy (its scratch folder)
    assert not list(project.glob(".site.building-*")) and not list(project.glob(".site.scratch-*"))


def test_two_builds_at_once_never_publish_a_mixed_site(tmp_path: Path) -> None:
    project = larger_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for name in ("a", "b"):
        (project / f"mkdocs-{name}.yml").write_text(
            f"site_url: https://{name}.example.org/playbook/\n" + config, encoding="utf-8"
        )
    # The two builds overlap for sure, whatever the machine's speed: the first one is paused
    # (SIGSTOP) once it writes entry pages; the second one then runs until it ends or says it waits for
    # the first, and only then does the first go on. On e13f362 (both writing into site/) the
    # second one ran to its end in between, and the first then wrote its remaining pages over it.
    first = start_build(project, "mkdocs-a.yml")
    deadline = time.monotonic() + 240
    while not any(p for f in ("site", ".site.building-*") for p in project.glob(f"{f}/lois/*/index.html")):
        assert first.poll() is None, "the first build ended before it wrote a page"
        assert time.monotonic() < deadline, "the first build never started writing"
        time.sleep(0.02)
    os.kill(first.pid, signal.SIGSTOP)
    try:
        second = start_build(project, "mkdocs-b.yml")
        told: queue.Queue[str | None] = queue.Queue()
        second_err: list[str] = []

        def read_second() -> None:
            assert second.stderr is not None
            for raw in second.stderr:
                second_err.append(raw.decode())
                told.put(second_err[-1])
            told.put(None)  # the end: the second build is over

        reader = threading.Thread(target=read_second, daemon=True)
        reader.start()
        while (line := told.get(timeout=600)) is not None and "attente de sa fin" not in line:
            pass
    finally:
        os.kill(first.pid, signal.SIGCONT)
    first_out = first.communicate(timeout=600)
    second.wait(timeout=600)
    reader.join(timeout=60)
    for build, err in ((first, first_out[1].decode()), (second, "".join(second_err))):
        assert build.returncode == 0, err
        assert "Traceback" not in err
    hosts: set[str] = set()
    pages = 0
    for page in (project / "site").rglob("*.html"):
        found = re.findall(
            r'<link rel="canonical" href="https://([ab])\.example\.org/', page.read_text(encoding="utf-8")
        )
        hosts.update(found)
        pages += bool(found)
    assert pages > 100
    assert len(hosts) == 1, f"pages of both builds in one site: {hosts}"
    assert hosts == {"b"}, "the second build waited for the first (its lock), then published its own site"
    assert any("attente de sa fin" in line for line in second_err)
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"https://{hosts.pop()}.example.org/" in sitemap
    assert not list(project.glob(".site.building-*")) and not list(project.glob(".site.scratch-*"))


def test_a_failed_build_publishes_nothing(tmp_path: Path) -> None:
    project = make_mini_project(tmp_path / "project")
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    before = tree(project / "site")
    (project / "docs" / "index.md").write_text("# Accueil\n\n[lien](absent.md)\n", encoding="utf-8")
    result = build_in_process(project, "--strict")  # a warning: refused under --strict
    assert result.returncode == 1
    assert tree(project / "site") == before
    assert not list(project.glob(".site.building-*")) and not list(project.glob(".site.scratch-*"))
