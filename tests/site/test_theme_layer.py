"""The plugin's layer over mkdocs-material, in real builds: theme partials a site can still
override, one style sheet, the search box and index, the offline build's local worker shim."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_in_process, page_scripts, read_search_index

pytestmark = pytest.mark.slow


def test_the_plugin_partials_are_used_and_a_site_custom_dir_still_wins(mini_project: Path) -> None:
    config = mini_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "nav:\n  - Accueil: index.md\n  - Lois: lois/index.md\n", encoding="utf-8"
    )
    result = build_in_process(mini_project)
    assert result.returncode == 0, result.stderr
    page = (mini_project / "site/lois/loi-temkin-4/index.html").read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="Recherche"' in page  # the plugin's partials/search.html
    # partials/toc.html: outside the nav there is no "__toc" toggle, so no label pointing at it
    assert 'id="__toc"' not in page and 'for="__toc"' not in page and '<span class="md-nav__title">' in page
    in_nav = (mini_project / "site/lois/index.html").read_text(encoding="utf-8")
    assert 'id="__toc"' in in_nav and '<label class="md-nav__title" for="__toc">' in in_nav
    toggles = re.findall(r'<input class="md-toggle"[^>]*>', page)
    assert len(toggles) == 2 and not any("autocomplete" in t for t in toggles)  # invalid on checkboxes

    overrides = mini_project / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "search.html").write_text('<div class="site-own-search"></div>\n', encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    config.write_text(text, encoding="utf-8")
    result = build_in_process(mini_project)
    assert result.returncode == 0, result.stderr
    page = (mini_project / "site/lois/loi-temkin-4/index.html").read_text(encoding="utf-8")
    assert '<div class="site-own-search"></div>' in page and 'role="dialog"' not in page
    assert '<span class="md-nav__title">' in page  # the plugin's toc.html still applies


def test_the_plugin_style_sheets_are_one_file_named_after_its_content(mini_project: Path) -> None:
    """The static sheets are one bundle; the edition sheet (version and date printed on sheets)
    stays apart, so a new commit changes that small file and not every page's stylesheet link."""
    assert build_in_process(mini_project).returncode == 0
    page = (mini_project / "site/index.html").read_text(encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet" href="(assets/playbook/[^"]+)"', page)
    assert len(sheets) == 2 and re.fullmatch(r"assets/playbook/playbook\.[0-9a-f]{10}\.css", sheets[0])
    assert sheets[1] == "assets/playbook/edition.css"
    bundle = (mini_project / "site" / sheets[0]).read_text(encoding="utf-8")
    assets = Path(__file__).resolve().parents[2] / "plugins/playbook/assets"
    for sheet in sorted(assets.glob("*.css")):
        assert sheet.read_text(encoding="utf-8") in bundle
    published = sorted(p.name for p in (mini_project / "site/assets/playbook").glob("*.css"))
    assert published == sorted([Path(sheets[0]).name, "edition.css"])


def test_the_search_index_is_published_without_material_search_plugin(mini_project: Path) -> None:
    """The search box is in the header and the index under search/, with no search plugin listed;
    material's own index is not built."""
    assert build_in_process(mini_project, "--strict").returncode == 0
    site = mini_project / "site"
    assert not (site / "search" / "search_index.json").exists()
    index = read_search_index(site)
    assert {"meta", "f", "d0"} <= set(index)
    assert index["meta"]["docs"] == 6
    page = (site / "cas" / "coolblue" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search pb-search"' in page and "playbook-search.js" in page_scripts(site, page)
    assert 'data-md-component="search"' not in page  # material's search never starts its worker


def test_the_offline_build_serves_the_worker_shim_itself(mini_project: Path) -> None:
    config = mini_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - playbook:", "  - offline\n  - playbook:", 1)
    config.write_text(text, encoding="utf-8")  # listed before the playbook plugin: order must not matter
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=mini_project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    site = mini_project / "site"
    page = (site / "lois/loi-temkin-4.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in page
    assert '<script src="../assets/playbook/iframe-worker/shim.js"></script>' in page
    assert (site / "assets/playbook/iframe-worker/shim.js").is_file()
    # from disk a page cannot fetch the Markdown file beside it: « Copier en Markdown » has it embedded
    embedded = re.search(r'<pre class="pb-copy-md__source" aria-hidden="true">(.*?)</pre>', page, re.DOTALL)
    assert embedded is not None
    published = (site / "lois/loi-temkin-4/index.md").read_text(encoding="utf-8")
    assert html.unescape(embedded[1]).strip() == published.strip() and "<" not in embedded[1]  # escaped
    matrix = (site / "vues/matrice.html").read_text(encoding="utf-8")
    assert 'href="../cas/coolblue.html"' in matrix  # raw HTML links follow use_directory_urls: false
