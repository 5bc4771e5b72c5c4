"""`mkdocs serve` in a real Chromium, as a contributor previews an entry: the page open in the
browser turns into the French error page by itself when the entry is saved with a mistake, and
back into the entry by itself once the file is fixed; nobody reloads it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from serving import mini_served_project, mkdocs_serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAW = Path("laws") / "lois" / "loi-temkin-4.yaml"
TITLE = "Des employés non impliqués ne font pas des clients impliqués"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_open_page_shows_the_error_and_comes_back_by_itself(
    tmp_path: Path, sized_browser: Callable[[str], Any], size: str
) -> None:
    from playwright.sync_api import expect

    project = mini_served_project(tmp_path / "project")
    law = project / LAW
    good = law.read_text(encoding="utf-8")
    context = sized_browser(size)
    try:
        with mkdocs_serve(project, tmp_path / "serve.log") as server:
            page = context.new_page()
            page.goto(server.url + "lois/loi-temkin-4/", wait_until="load")
            entry = page.get_by_role("heading", level=1, name=TITLE)
            expect(entry).to_be_visible()

            law.write_text(good.replace(f"title: {TITLE}", f"title:{TITLE}"), encoding="utf-8")
            error = page.get_by_role("heading", level=1, name="Le site n’est pas à jour")
            expect(error).to_be_visible(timeout=120_000)
            expect(page.locator("html")).to_have_attribute("lang", "fr")
            problem = page.get_by_role("listitem").first
            expect(problem).to_contain_text(f"Fichier {LAW.as_posix()}, ligne")
            expect(problem).to_contain_text("erreur de syntaxe YAML : pas d'espace après les deux-points")
            expect(problem).to_contain_text("Piste :")
            # read on a phone without scrolling sideways
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the error page is {overflow} px too wide at {size} size"

            law.write_text(good, encoding="utf-8")
            expect(entry).to_be_visible(timeout=120_000)
            expect(error).to_have_count(0)
            page.close()
    finally:
        context.close()
