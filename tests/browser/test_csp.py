"""The Content-Security-Policy (issue 27, "promises"): every page of the built site carries one,
with hashes for its inline scripts and no 'unsafe-inline' for scripts; Chromium opens EVERY page
of the site (served, and the offline copy from file://) under it and reports no violation, while
the page's scripts still run (search, « Ma séance »); and a script the policy does not list is
refused and seen (so the listening can fail)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from .support import Site, search, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

#: Installed before any script of the page: every violation and every console error about the policy.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_a_policy_before_any_script_without_unsafe_inline_scripts(real_site_dir: Path) -> None:
    pages = pages_of(real_site_dir)
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = META.search(html)
        assert found, f"{page.relative_to(real_site_dir)}: no Content-Security-Policy"
        policy = dict(part.strip().split(" ", 1) for part in found.group(1).split(";"))
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'"
        first_script = html.find("<script")
        assert first_script == -1 or found.start() < first_script, page


def _open_every_page(page: Any, urls: list[str], scriptless: str = "") -> tuple[list[str], list[str]]:
    """Open each of ``urls``; the violations and the console's policy errors, by page. Each page's
    own scripts must have run, except on ``scriptless`` (a URL ending)."""
    violations: list[str] = []
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(LISTEN)
    for url in urls:
        page.goto(url, wait_until="load")
        if not (scriptless and url.endswith(scriptless)):
            page.wait_for_function("() => document.documentElement.classList.contains('pb-js')")  # our scripts ran
        violations += [f"{url}: {v}" for v in page.evaluate("() => window.__cspViolations")]
    return violations, console


def test_chromium_opens_every_served_page_under_the_policy_without_a_violation(real_site: Site, page: Any) -> None:
    urls = [real_site.page_url(p) for p in pages_of(real_site.root)]
    violations, console = _open_every_page(page, urls)
    # What loads later: the search index (scripts under search/), « Ma séance »'s records.
    page.goto(real_site.url)
    assert search(page, "réclamation")
    page.goto(real_site.page_url("ma-seance/"))
    page.wait_for_function("() => document.documentElement.classList.contains('pb-js')")
    violations += page.evaluate("() => window.__cspViolations")
    assert not violations, violations[:20]
    assert not console, console[:20]


def test_the_offline_copy_opens_from_disk_under_the_policy_without_a_violation(
    offline_site_dir: Path, page: Any
) -> None:
    urls = [p.as_uri() for p in pages_of(offline_site_dir)]
    # 404.html is for a web host (its addresses start at the site's root): opened from disk its
    # scripts are not found, but it is opened and checked all the same.
    violations, console = _open_every_page(page, urls, scriptless="/404.html")
    page.goto((offline_site_dir / "index.html").as_uri())
    assert search(page, "réclamation")
    violations += page.evaluate("() => window.__cspViolations")
    assert not violations, violations[:20]
    assert not console, console[:20]


def test_a_script_the_policy_does_not_list_is_refused_and_seen(real_site_dir: Path, tmp_path: Path, page: Any) -> None:
    copy = tmp_path / "site"
    shutil.copytree(real_site_dir, copy)
    index = copy / "index.html"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "</body>", '<script>window.__injected = true;</script><img src=x onerror="window.__handler=1"></body>'
        ),
        encoding="utf-8",
    )
    page.add_init_script(LISTEN)
    with serve(copy) as site:
        page.goto(site.url, wait_until="load")
        page.wait_for_function("() => window.__cspViolations.length >= 2")
        assert page.evaluate("() => [window.__injected, window.__handler]") == [None, None]
        assert all(v.startswith("script-src") for v in page.evaluate("() => window.__cspViolations"))
