"""The Nu Html Checker (vnu.jar, pinned in package-lock.json) finds no error on any page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .support import DEBIAN_HINT, NPM_HINT, VNU_JAR, require, require_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def vnu(*targets: Path) -> list[dict[str, object]]:
    """vnu's error messages on ``targets`` (files or folders of HTML files)."""
    java = require_command("java", DEBIAN_HINT)
    jar = require(VNU_JAR, "the Nu Html Checker", NPM_HINT)
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "json", *map(str, targets)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stderr.strip() or result.stdout.strip()
    messages = json.loads(output)["messages"] if output else []
    assert (result.returncode == 0) == (messages == []), (result.returncode, output[:2000])
    return messages


def test_the_checker_catches_what_material_used_to_get_wrong(tmp_path: Path) -> None:
    """The check can fail: material's own markup had these two errors on every page."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
        '<label class="md-nav__title" for="__toc">Table des matières</label></body></html>',
        encoding="utf-8",
    )
    messages = [str(m["message"]) for m in vnu(page)]
    assert len(messages) == 2, messages
    assert "autocomplete" in messages[0] and "for" in messages[1]


@pytest.fixture(scope="module")
def site_errors(real_site_dir: Path, mini_site_dir: Path) -> dict[Path, list[str]]:
    """vnu's errors on the real site and the mini site, checked in one run (the JVM starts once)."""
    messages = vnu(real_site_dir, mini_site_dir)
    errors: dict[Path, list[str]] = {real_site_dir: [], mini_site_dir: []}
    for m in messages:
        path = Path(str(m.get("url", "")).removeprefix("file:"))
        root = real_site_dir if path.is_relative_to(real_site_dir) else mini_site_dir
        errors[root].append(
            f"{path.relative_to(root) if path.is_relative_to(root) else path}:{m.get('lastLine')}: {m['message']}"
        )
    return errors


def test_every_page_of_the_site_is_valid_html(real_site_dir: Path, site_errors: dict[Path, list[str]]) -> None:
    assert len(list(real_site_dir.rglob("*.html"))) >= 20
    assert site_errors[real_site_dir] == []


def test_the_mini_site_is_valid_html_too(mini_site_dir: Path, site_errors: dict[Path, list[str]]) -> None:
    assert site_errors[mini_site_dir] == []
