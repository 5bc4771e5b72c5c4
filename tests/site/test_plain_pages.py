"""Pages where nothing a contributor wrote can become markup are not sanitized (≈ 3 % of a build);
every other generated page is, and all of them are with Markdown extensions we do not know."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import copy_real_project, make_mini_project

pytestmark = pytest.mark.slow


def _build(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, str], set[str]]:
    """Build in-process; the HTML of every generated page before sanitizing, and the pages sanitized."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from playbook.mkdocs_plugin import plugin as adapter

    sanitized: set[str] = set()
    contents: dict[str, str] = {}
    real_clean = adapter.clean_html
    current: list[str] = []

    def spy(html: str, **kwargs: object) -> str:
        sanitized.add(current[-1])
        return real_clean(html, **kwargs)

    monkeypatch.setattr(adapter, "clean_html", spy)
    real_hook = adapter.PlaybookPlugin.on_page_content

    def hook(self, html, /, *, page, config, files):
        current.append(page.file.src_uri)
        held = self.build.held.get(page.file.src_uri)
        contents[page.file.src_uri] = held.restore(html) if held is not None else html
        return real_hook(self, html, page=page, config=config, files=files)

    monkeypatch.setattr(adapter.PlaybookPlugin, "on_page_content", hook)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    plugin = config.plugins["playbook"]
    plain = {uri for uri, page in plugin.pages.items() if page.plain}
    return {uri: contents[uri] for uri in plain}, sanitized


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(attrs))))


def _markup(html: str) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    parser = _Markup()
    parser.feed(html)
    return parser.tags


def test_plain_pages_are_those_the_sanitizer_would_leave_as_they_are(tmp_path: Path, monkeypatch) -> None:
    from playbook.core.sanitize import clean_html

    project = copy_real_project(tmp_path)
    plain, sanitized = _build(project, monkeypatch)
    assert len(plain) > 50  # most entry pages, the kind and tag indexes
    assert not plain.keys() & sanitized
    for uri, html in plain.items():
        # every tag and attribute the page has is one the sanitizer keeps
        assert _markup(clean_html(html)) == _markup(html), uri
    assert "vues/carte.md" in sanitized and "listes/lois-temkin.md" in sanitized


def test_a_body_that_can_carry_markup_is_sanitized_and_unknown_extensions_turn_the_shortcut_off(
    tmp_path: Path, monkeypatch
) -> None:
    project = make_mini_project(tmp_path / "project")
    case = project / "laws" / "cas" / "coolblue.yaml"
    text = case.read_text(encoding="utf-8")
    assert "body: |\n" in text
    case.write_text(
        text.replace("body: |\n", "body: |\n  Voir [leur site](https://www.coolblue.nl).\n"), encoding="utf-8"
    )
    _, sanitized = _build(project, monkeypatch)
    assert "notions/paradoxe-reclamation.md" not in sanitized  # a body of plain text
    assert "lois/loi-temkin-4.md" not in sanitized  # [[id|label]] links are made by the templates
    assert "cas/coolblue.md" in sanitized  # a link written by a contributor
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "markdown_extensions: [toc,", "markdown_extensions: [toc, pymdownx.magiclink,"
        ),
        encoding="utf-8",
    )
    _, sanitized = _build(project, monkeypatch)
    assert {"notions/paradoxe-reclamation.md", "lois/loi-temkin-4.md", "lois/index.md", "cas/coolblue.md"} <= sanitized
