"""Fixtures of the browser tests: built sites, served locally, driven in the system Chromium.

- ``real_site``: the repository's own site (mkdocs.yml + docs/ + laws/), built in a temp dir, so
  the checks cover the real content (whatever laws/ holds: the mini corpus works too).
- ``mini_site``: the mini corpus plus a few entries made for the search tests.
- ``browser``: one headless Chromium (a fresh profile) for the session, with the network cut off:
  every request that is not to 127.0.0.1 fails. It fails, never skips, when Chromium is missing.
- every test reads and acts only on what a reader sees (``_tests_see_what_a_reader_sees``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_real_project, make_mini_project

from .reading import DEVICES
from .support import CHROMIUM, CHROMIUM_ARGS, DEBIAN_HINT, BlockingProxy, Site, offline_args, require, serve

MINI_EXTRA = Path(__file__).parent / "fixtures" / "laws"


def build(project: Path, *, site: Path | None = None, **env: str | None) -> Path:
    """``mkdocs build --strict`` of ``project`` in a subprocess, with these environment variables
    set (``None``: unset); the site's folder."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name, value in env.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["--site-dir", str(site)] if site else [])],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site or project / "site"


@pytest.fixture(scope="session")
def real_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_real_project(tmp_path_factory.mktemp("real")))


@pytest.fixture(scope="session")
def offline_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built by `make offline` (material's offline plugin on): to open from disk."""
    return build(copy_real_project(tmp_path_factory.mktemp("offline")), PLAYBOOK_OFFLINE="true")


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
def sized_browser(proxy: BlockingProxy) -> Iterator[Callable[[str], Any]]:
    """``sized_browser(size)``: a new context (a fresh profile) of one headless Chromium, at phone or
    desktop size (``reading.DEVICES``), offline, downloads accepted; ``reading.tap`` taps on a phone."""
    require(CHROMIUM, "Chromium", DEBIAN_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, *offline_args(proxy)]
        )

        def new(size: str) -> Any:
            context = chromium.new_context(locale="fr-FR", accept_downloads=True, **DEVICES[size])
            context.pb_touch = size == "phone"
            return context

        try:
            yield new
        finally:
            chromium.close()


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


#: Locator methods that read an element or type into it, and their Page counterparts (by selector).
READS = ("inner_text", "text_content", "inner_html", "get_attribute", "is_checked", "input_value", "press", "type")
READS_ALL = ("all_inner_texts", "all_text_contents", "evaluate_all")
ACTIONS = ("click", "dblclick", "tap", "check", "uncheck", "set_checked", "fill", "select_option", "hover")
#: ``expect(locator)`` assertions that read what an element says, holds or is: a reader must see it.
EXPECT_READS = (
    "to_have_text",
    "to_contain_text",
    "to_have_attribute",
    "to_have_value",
    "to_have_values",
    "to_have_accessible_name",
    "to_have_accessible_description",
    "to_be_checked",
    "to_have_class",
    "to_contain_class",
    "to_have_css",
    "to_have_id",
    "to_have_role",
    "to_have_js_property",
)


@pytest.fixture(autouse=True)
def _tests_see_what_a_reader_sees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test as a reader looks: an element a browser test reads, types into or acts on must be visible.

    Playwright's actions (click, tap, check, fill...) already wait until their element is visible,
    stable and the one that receives the pointer; here reads (text, attributes, state) assert that
    the element is visible too, and so do ``expect(locator)``'s assertions of text, attributes and
    state; ``force=True`` is refused and ``dispatch_event`` (an event no reader can cause) fails.
    Text meant for screen readers only is read with ``locator.evaluate``, saying so. Fixtures of a
    wider scope (a whole-site crawl) run before this and are not concerned
    (tests/browser/test_reading_guard.py shows each refusal)."""
    from playwright.sync_api import Locator, LocatorAssertions, Page, expect

    def seen(locator: Any) -> None:
        expect(locator, "a test reads what a reader cannot see").to_be_visible()

    def all_seen(locator: Any) -> None:
        for i in range(locator.count()):
            expect(locator.nth(i), "a test reads what a reader cannot see").to_be_visible()

    def wrap(cls: type, name: str, check: Any, by_selector: bool = False) -> None:
        original = getattr(cls, name)

        def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
            check(self.locator(args[0]) if by_selector else self)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, checked)

    def no_force(cls: type, name: str) -> None:
        original = getattr(cls, name)

        def unforced(self: Any, *args: Any, **kwargs: Any) -> Any:
            assert not kwargs.get("force"), f"{name}(force=True) does what no reader can: act on what they cannot reach"
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, unforced)

    def refused(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("dispatch_event sends an event no reader can cause: click or tap the element")

    for name in READS:
        wrap(Locator, name, seen)
        wrap(Page, name, seen, by_selector=True)
    for name in READS_ALL:
        wrap(Locator, name, all_seen)
    wrap(Page, "eval_on_selector_all", all_seen, by_selector=True)
    for name in ACTIONS:
        no_force(Locator, name)
        no_force(Page, name)
    monkeypatch.setattr(Locator, "dispatch_event", refused)
    monkeypatch.setattr(Page, "dispatch_event", refused)

    def wrap_expect(name: str) -> None:
        original = getattr(LocatorAssertions, name)

        def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
            locator = self._impl_obj._actual_locator  # the locator given to expect()
            many = bool(args) and isinstance(args[0], list | tuple)  # one expected value per element
            (all_seen if many else seen)(Locator(locator) if not isinstance(locator, Locator) else locator)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(LocatorAssertions, name, checked)

    for name in EXPECT_READS:
        wrap_expect(name)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()
