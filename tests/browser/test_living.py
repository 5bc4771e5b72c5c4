"""A living playbook in a real browser: a renamed entry's old address leads to its new page, and
« Signaler une erreur » carries the reader's selection and the edition into the issue form."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import make_mini_project, run_mkdocs

from .support import Site, serve

pytestmark = pytest.mark.browser

NEW_ID = "loi-employes-impliques"


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The mini corpus with loi-temkin-4 renamed (its old id in former_ids), and a repository."""
    project = make_mini_project(tmp_path_factory.mktemp("living"))
    laws = project / "laws"
    old = laws / "lois" / "loi-temkin-4.yaml"
    text = old.read_text(encoding="utf-8").replace("id: loi-temkin-4", f"id: {NEW_ID}")
    old.unlink()
    (laws / "lois" / f"{NEW_ID}.yaml").write_text(text + "former_ids: [loi-temkin-4]\n", encoding="utf-8")
    for path in laws.rglob("*.yaml"):
        body = path.read_text(encoding="utf-8")
        if path.stem != NEW_ID and "loi-temkin-4" in body:
            path.write_text(body.replace("loi-temkin-4", NEW_ID), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        "repo_url: https://github.com/example/playbook\n" + config.read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    shutil.rmtree(project / "laws")  # the site alone is served
    with serve(project / "site") as site:
        yield site


def test_the_old_address_of_a_renamed_entry_opens_its_new_page(renamed_site: Site, page: Any) -> None:
    page.goto(renamed_site.page_url("lois/loi-temkin-4/"))
    page.wait_for_url(f"**/lois/{NEW_ID}/", timeout=10_000)
    assert page.locator("h1").inner_text() == "Des employés non impliqués ne font pas des clients impliqués"
    page.get_by_text("Citer cette entrée").click()
    assert page.locator(".pb-cite .pb-id").inner_text() == NEW_ID


def test_the_report_link_carries_the_selection_and_the_edition(renamed_site: Site, page: Any) -> None:
    """A reader selects a passage, sees « Signaler une erreur » and clicks it: the issue form opens
    with the entry, the page's address, the edition and the passage."""
    from playwright.sync_api import expect

    opened: list[str] = []
    page.route("https://github.com/**", lambda route: (opened.append(route.request.url), route.fulfill(body="ok")))
    page.goto(renamed_site.page_url(f"lois/{NEW_ID}/"))
    link = page.get_by_role("link", name="Signaler une erreur")
    expect(link).to_be_visible()
    page.get_by_text("ceux qui les servent", exact=True).dblclick()  # a word, selected as a reader does...
    page.evaluate("""() => {  // ... then widened to the whole phrase, as a reader drags over it
        const strong = [...document.querySelectorAll('.md-content strong')]
            .find((node) => node.textContent === 'ceux qui les servent');
        const range = document.createRange();
        range.selectNodeContents(strong);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
    }""")
    link.click()
    page.wait_for_url("https://github.com/**")
    parts = urlsplit(opened[0])
    assert (parts.netloc, parts.path) == ("github.com", "/example/playbook/issues/new")
    query = parse_qs(parts.query)
    body = query["body"][0]
    assert (
        query["title"][0] == f"Erreur dans « Des employés non impliqués ne font pas des clients impliqués » ({NEW_ID})"
    )
    assert f"Entrée : `{NEW_ID}`" in body
    assert f"Page : {renamed_site.page_url(f'lois/{NEW_ID}/')}\n" in body  # made absolute by the script
    assert "> ceux qui les servent" in body and "collez ici" not in body
    # the date readers see, and the exact version maintainers need
    assert "Édition : édition du " in body and " · version " in body and "pied de page" not in body


# -- the report link with hostile selections (issue 27, item 1) -------------------------------------
REPORT_URL_MAX = 8000  # GitHub refuses addresses of about 8 KB; report-link.js keeps below this


def _report_with_selection(page: Any, text: str) -> tuple[str, str]:
    """Select ``text`` (put on the page as a paragraph), click « Signaler une erreur » and return the
    link's address and its decoded body."""
    page.evaluate(
        """(text) => {
            const paragraph = document.createElement('p');
            paragraph.id = 'hostile-selection';
            paragraph.textContent = text;
            document.querySelector('.md-content article').prepend(paragraph);
            const range = document.createRange();
            range.selectNodeContents(paragraph);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
            document.addEventListener('click', (event) => event.preventDefault());  // stay on the page
        }""",
        text,
    )
    link = page.locator("a.pb-report")
    link.click()
    href = link.get_attribute("href")
    return href, parse_qs(urlsplit(href).query)["body"][0]


def test_replacement_patterns_in_the_selection_and_the_address_are_quoted_as_they_are(
    renamed_site: Site, page: Any
) -> None:
    address = renamed_site.page_url(f"lois/{NEW_ID}/") + "?q=$'$`$&$1"
    page.goto(address)
    text = "Avant $` puis $' puis $& et $$ et $1 : 😀 𝄞 fin"
    href, body = _report_with_selection(page, text)
    assert body.count(f"> {text}\n") == 1, body
    assert body.count("Passage concerné") == 1 and body.count("Ce qui ne va pas") == 1, body
    assert f"Page : {page.url}\n" in body and "?q=$%27$`$&$1\n" in body, body
    assert len(href) < 2_000


def test_a_long_astral_selection_is_cut_on_a_code_point_to_keep_the_address_under_8_kb(
    renamed_site: Site, page: Any
) -> None:
    page.goto(renamed_site.page_url(f"lois/{NEW_ID}/"))
    text = "$`$'$&😀𝄞é" * 700  # 4,900 code points, 11,900 UTF-16 units, the astral ones 12 bytes once encoded
    href, body = _report_with_selection(page, text)
    assert len(href) <= REPORT_URL_MAX, len(href)
    assert "\ufffd" not in body  # no half of a surrogate pair
    quote = body.split("Passage concerné :\n\n> ", 1)[1].split("\n\nCe qui ne va pas", 1)[0]
    assert quote.endswith("…") and len(quote) > 100, quote[:200]
    assert text.startswith(quote[:-1])
    assert body.endswith("Ce qui ne va pas, et la correction proposée :\n")
