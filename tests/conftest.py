"""Shared fixtures: paths, a copy of the mini corpus, and a real MkDocs build in a temp dir."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MINI_LAWS = REPO / "tests" / "fixtures" / "mini" / "laws"

MINI_MKDOCS_YML = textwrap.dedent(
    """\
    site_name: Mini playbook
    docs_dir: docs
    site_dir: site
    theme:
      name: material
      language: fr
      font: false
      features: [content.action.edit]
    plugins:
      - playbook:
          laws_dir: laws
          edit_url: https://github.com/example/playbook/edit/main/
    markdown_extensions: [toc, admonition, attr_list, md_in_html, tables, sane_lists]
    """
)


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_repo(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`validate` caches its outcome beside laws/; the fixtures' folders are not the place."""
    os.environ["PLAYBOOK_CACHE_DIR"] = str(tmp_path_factory.mktemp("playbook-cache"))


def make_mini_project(project: Path, home: str = "# Accueil\n\nBienvenue.\n") -> Path:
    """A MkDocs project in ``project``: mkdocs.yml, docs/index.md and a copy of the mini corpus."""
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "index.md").write_text(home, encoding="utf-8")
    (project / "mkdocs.yml").write_text(MINI_MKDOCS_YML, encoding="utf-8")
    shutil.copytree(MINI_LAWS, project / "laws")
    return project


def copy_real_project(project: Path) -> Path:
    """The repository's own site (mkdocs.yml, docs/, laws/, thesaurus.yaml) copied into ``project``."""
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(REPO / "thesaurus.yaml", project / "thesaurus.yaml")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "laws", project / "laws")
    return project


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A throw-away MkDocs project: mkdocs.yml, docs/index.md and a copy of the mini corpus."""
    return make_mini_project(tmp_path / "project")


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` as a contributor runs it, in a subprocess.

    Not ``--quiet``: MkDocs then drops warnings before ``--strict`` can count them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def build_in_process(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` in this process, for tests that only read the built site.

    The same steps as MkDocs' command line (``load_config``, ``on_startup``, ``build``,
    ``on_shutdown``) without starting Python and importing MkDocs and the theme again (a
    subprocess spends most of its time there). Options: ``--strict``, ``--site-dir DIR``. The
    environment (the plugin sets ``SOURCE_DATE_EPOCH``) and the working directory are restored
    afterwards. Tests of the command line itself (exit codes, what it prints) use
    :func:`run_mkdocs`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    options: dict[str, object] = {"strict": "--strict" in args}
    if "--site-dir" in args:
        options["site_dir"] = args[args.index("--site-dir") + 1]
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    logger, log = logging.getLogger("mkdocs"), io.StringIO()
    handler, level = logging.StreamHandler(log), logger.level
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        os.chdir(project)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)  # as MkDocs' command line does
        config = load_config(str(project / "mkdocs.yml"), **options)  # type: ignore[arg-type]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        returncode = 0
    except MkDocsException as exc:  # PluginError, Abort (strict), ConfigurationError
        log.write(f"ERROR - {exc}\n")
        returncode = 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["mkdocs", "build", *args], returncode, "", log.getvalue())


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "playbook", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def page_scripts(site: Path, page: str) -> list[str]:
    """The playbook's scripts a built page loads, in order, the script bundle (the scripts every
    page loads, ``playbook.<hash>.js``) opened into the ``assets/`` files it holds."""
    import re

    names = []
    for name in re.findall(r'<script src="[^"]*assets/playbook/([a-z0-9.-]+\.js)"', page):
        if re.fullmatch(r"playbook\.[0-9a-f]{10}\.js", name):
            bundle = (site / "assets" / "playbook" / name).read_text(encoding="utf-8")
            names += re.findall(r"^/\* ([a-z0-9-]+\.js) \*/$", bundle, re.M)
        else:
            names.append(name)
    return names


def read_search_index(site: Path) -> dict[str, object]:
    """The files of the site's search index (``search/<name>.js``: ``playbookSearch(name, data);``),
    name → data."""
    import json

    index = {}
    for path in sorted((site / "search").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        prefix = f'playbookSearch("{path.stem}",'
        assert text.startswith(prefix) and text.endswith(");\n"), path
        index[path.stem] = json.loads(text[len(prefix) : -3])
    return index
