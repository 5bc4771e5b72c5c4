"""A page loads the scripts of its own kind of page only (``mkdocs_plugin/theme.py``,
``PAGE_SCRIPTS``): the self-assessment's, the quiz's and the fiche d'animation's scripts are
parsed by a phone only on their pages (Lighthouse's blocking time on the other pages). Every page
loads the scripts every page needs as one bundle (``playbook.<hash>.js``, ``js_bundle``), the shared
helpers (``COMMON_SCRIPT``) first in it, before the script of its own kind of page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_in_process, make_mini_project, page_scripts
from playbook.core.resources import ASSETS_DIR
from playbook.mkdocs_plugin.theme import COMMON_SCRIPT, PAGE_SCRIPTS, fix_page_html, js_bundle

SCRIPTS = "".join(f'<script src="../../assets/playbook/{name}"></script>\n' for name in sorted(PAGE_SCRIPTS))
SHARED = '<script src="../../assets/playbook/playbook.js"></script>\n'
COMMON = f'<script src="../../assets/playbook/{COMMON_SCRIPT}"></script>\n'


def test_a_page_keeps_only_the_scripts_its_content_uses() -> None:
    page = f'<div class="pb-sheet pb-quiz">…</div>\n{SCRIPTS}{SHARED}'
    fixed = fix_page_html(page)
    assert 'assets/playbook/quiz.js"' in fixed and SHARED in fixed
    assert "diagnostic.js" not in fixed and "plan.js" not in fixed
    plain = fix_page_html(f"<p>Rien</p>\n{COMMON}{SCRIPTS}{SHARED}")
    assert plain == f"<p>Rien</p>\n{COMMON}{SHARED}"


@pytest.mark.slow
def test_the_built_site_loads_page_scripts_where_they_act(tmp_path: Path) -> None:
    project = make_mini_project(tmp_path / "project")
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("index.html")}
    for name, marker in PAGE_SCRIPTS.items():
        having = [path for path, html in pages.items() if marker in html]
        loading = [path for path, html in pages.items() if f"assets/playbook/{name}" in html]
        assert sorted(loading) == sorted(having), name
    bundles = {m for html in pages.values() for m in re.findall(r"assets/playbook/(playbook\.[0-9a-f]{10}\.js)", html)}
    assert len(bundles) == 1, bundles  # one bundle, the same on every page
    for path, html in pages.items():  # the shared helpers first, wherever a script of the playbook is
        scripts = page_scripts(site, html)
        assert scripts[0] == COMMON_SCRIPT and scripts.count(COMMON_SCRIPT) == 1, (path, scripts)
        assert "playbook.js" in scripts and "trainers.js" in scripts, (path, scripts)
        assert len(re.findall(r"<script src=[^>]*assets/playbook/", html)) <= 2, path  # the bundle, a page's own
    assert any("auto-diagnostic/" in path for path in (p for p, h in pages.items() if "diagnostic.js" in h))


def test_the_bundle_holds_every_script_but_the_pages_own_and_is_named_after_its_content(tmp_path: Path) -> None:
    files = sorted(ASSETS_DIR.glob("*.js"))
    bundle = js_bundle(files, "assets/playbook/")
    held = re.findall(r"^/\* ([a-z0-9-]+\.js) \*/$", bundle.content, re.M)
    assert held[0] == COMMON_SCRIPT
    assert sorted(held) == sorted(f.name for f in files if f.name not in PAGE_SCRIPTS)
    copies = [tmp_path / f.name for f in files]
    for source, copy in zip(files, copies, strict=True):
        copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert js_bundle(copies, "assets/playbook/").uri == bundle.uri
    copies[0].write_text(copies[0].read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    assert js_bundle(copies, "assets/playbook/").uri != bundle.uri
