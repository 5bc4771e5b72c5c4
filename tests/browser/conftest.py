"""Fixtures of the browser tests: built sites, served locally, driven in the system Chromium.

- ``real_site``: the repository's own site (mkdocs.yml + docs/ + laws/), built in a temp dir, so
  the checks cover the real content (whatever laws/ holds: the mini corpus works too).
- ``mini_site``: the mini corpus plus a few entries made for the search tests.
- ``browser``: one headless Chromium (a fresh profile) for the session, with the network cut off:
  every request that is not to 127.0.0.1 fails. It fails, never skips, when Chromium is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_real_project, make_mini_project, run_mkdocs

from .support import CHROMIUM, CHROMIUM_ARGS, DEBIAN_HINT, BlockingProxy, Site, offline_args, require, serve

MINI_EXTRA = Path(__file__).parent / "fixtures" / "laws"


def build(project: Path) -> Path:
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def real_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_real_project(tmp_path_factory.mktemp("real")))


@pytest.fixture(scope="session")
def offline_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built by `make offline` (material's offline plugin on): to open from disk."""
    project = copy_real_project(tmp_path_factory.mktemp("offline"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_OFFLINE": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def mini_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_mini_project(tmp_path_factory.mktemp("mini"), home="# Accueil\n\nLe playbook de test.\n")
    shutil.copytree(MINI_EXTRA, project / "laws", dirs_exist_ok=True)
    return build(project)


@pytest.fixture(scope="session")
def real_site(real_site_dir: Path) -> Iterator[Site]:
    with serve(real_site_dir) as site:
        yield site


@pytest.fixture(scope="session")
def mini_site(mini_site_dir: Path) -> Iterator[Site]:
    with serve(mini_site_dir) as site:
        yield site


@pytest.fixture(scope="session")
def proxy() -> Iterator[BlockingProxy]:
    """Where every request to another host ends up (refused); ``proxy.hosts`` lists them."""
    blocking = BlockingProxy()
    try:
        yield blocking
    finally:
        blocking.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, proxy: BlockingProxy) -> Iterator[Any]:
    """A persistent Chromium context on a fresh profile (the brief's launch flags), offline.

    Module-scoped: Playwright's sync API allows one instance at a time, and the print tests drive
    the product's own launcher (``playbook.pdf_printer.browser``, used by ``make pdf``) in their modules."""
    require(CHROMIUM, "Chromium", DEBIAN_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[*CHROMIUM_ARGS, *offline_args(proxy)],
            viewport={"width": 1280, "height": 900},
            locale="fr-FR",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()
