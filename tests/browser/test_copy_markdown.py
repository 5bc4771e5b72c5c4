"""« Copier en Markdown » on entry pages, as a reader uses it: a visible button of at least 24 × 24
px, clicked with the mouse or pressed from the keyboard, puts the entry's Markdown (the published
file's text) on the clipboard, on the served site and from disk (``make offline``, file://)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .support import Site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ENTRY = "lois/loi-temkin-1"


def copy_button(page: Any) -> Any:
    button = page.get_by_role("button", name="Copier en Markdown")
    assert button.is_visible()
    box = button.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    return button


def clipboard(page: Any) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def test_a_click_copies_the_entry_as_markdown(browser: Any, page: Any, real_site: Site) -> None:
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=real_site.url.rstrip("/"))
    page.goto(f"{real_site.url}{ENTRY}/", wait_until="load")
    copy_button(page).click()
    page.get_by_role("button", name="Markdown copié").wait_for()
    expected = (real_site.root / ENTRY / "index.md").read_text(encoding="utf-8")
    assert clipboard(page).strip() == expected.strip()
    assert expected.startswith("# Loi 1") and "- [ ] " in expected


def test_the_keyboard_copies_too(browser: Any, page: Any, real_site: Site) -> None:
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=real_site.url.rstrip("/"))
    page.goto(f"{real_site.url}cas/coolblue-retard-livraison/", wait_until="load")
    page.evaluate("() => navigator.clipboard.writeText('')")
    button = copy_button(page)
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Markdown copié").wait_for()
    assert clipboard(page).startswith("# Coolblue")


def test_it_works_from_disk(browser: Any, page: Any, offline_site_dir: Path) -> None:
    browser.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((offline_site_dir / f"{ENTRY}.html").as_uri(), wait_until="load")
    copy_button(page).click()
    page.get_by_role("button", name="Markdown copié").wait_for()
    expected = (offline_site_dir / ENTRY / "index.md").read_text(encoding="utf-8")
    assert page.evaluate("() => document.querySelector('.pb-copy-md__source').textContent").strip() == expected.strip()
    link = page.get_by_role("link", name="fichier Markdown")
    assert link.get_attribute("href") == "loi-temkin-1/index.md"  # the file, beside the page, from disk too
