"""The guard of conftest.py (« test as a reader looks ») can fail: a test that reads, asserts on or
forces an element no reader can see or reach is stopped, while what is shown is read as usual."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser]

PAGE = """<!DOCTYPE html><html lang="fr"><title>Garde</title>
<p id="shown" data-x="1">Texte lu</p><p id="hidden" hidden data-x="1">Texte caché</p>
<details><summary>Plier</summary><p id="folded" data-x="1">Replié</p></details>
<input id="box" type="checkbox" checked><button id="go">Aller</button>
<p id="gone" style="display:none" data-x="1">Parti</p>
"""


@pytest.fixture
def guarded(page: Any) -> Iterator[Any]:
    """The page, with waits of 1 s instead of 5 (every refusal here waits for what never shows)."""
    from playwright.sync_api import expect

    page.set_content(PAGE)
    page.set_default_timeout(1_000)
    expect.set_options(timeout=1_000)
    try:
        yield page
    finally:
        expect.set_options(timeout=5_000)  # playwright's default


def test_what_a_reader_sees_is_read_as_usual(guarded: Any) -> None:
    from playwright.sync_api import expect

    assert guarded.locator("#shown").inner_text() == "Texte lu"
    expect(guarded.locator("#shown")).to_have_text("Texte lu")
    expect(guarded.locator("#shown")).to_have_attribute("data-x", "1")
    expect(guarded.locator("#box")).to_be_checked()
    expect(guarded.locator("#hidden")).to_be_hidden()  # saying that something is hidden stays allowed
    expect(guarded.locator("#gone")).to_have_count(1)


@pytest.mark.parametrize(("selector", "text"), [("#hidden", "Texte caché"), ("#folded", "Replié"), ("#gone", "Parti")])
def test_reading_what_no_reader_sees_fails(guarded: Any, selector: str, text: str) -> None:
    """Each read would succeed without the guard: the text and the attribute are the element's own."""
    from playwright.sync_api import expect

    target = guarded.locator(selector)
    for read in (
        target.text_content,
        lambda: target.get_attribute("data-x"),
        lambda: expect(target).to_have_text(text),
        lambda: expect(target).to_contain_text(text),
        lambda: expect(target).to_have_attribute("data-x", "1"),
    ):
        with pytest.raises(AssertionError):
            read()


def test_forcing_or_dispatching_fails(guarded: Any) -> None:
    button = guarded.locator("#go")
    with pytest.raises(AssertionError, match="force=True"):
        button.click(force=True)
    with pytest.raises(AssertionError, match="dispatch_event"):
        button.dispatch_event("click")
