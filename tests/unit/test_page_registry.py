"""The registry of page types (core/pages/registry.py): every page the site makes is of a declared
type, and a type registered there (and nowhere else) is built, and rebuilt after an edit of an
entry it shows, by the same code that serves the site."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import MINI_LAWS, REPO
from playbook.core.build import Options, Outputs, build_outputs
from playbook.core.incremental import Session
from playbook.core.model import Entry, Playbook
from playbook.core.pages import ALWAYS, NEVER, PAGE_TYPES, PageType, Reuse, registry, render_all
from playbook.core.pipeline import check
from playbook.core.render.renderer import RenderedPage, Renderer
from playbook.core.render.urls import PageSpec

ENTRY = Path("notions") / "paradoxe-reclamation.yaml"  # tagged « réclamations »
OLD_TITLE, NEW_TITLE = "Le paradoxe", "Le grand paradoxe"
TAG_PAGE = "essai/réclamations.md"  # its tag's page of the scratch type below


def test_every_role_the_site_renders_is_declared_by_one_page_type() -> None:
    roles = Counter(role for t in PAGE_TYPES for role in t.roles)
    assert [role for role, n in roles.items() if n > 1] == []
    assert len({t.name for t in PAGE_TYPES}) == len(PAGE_TYPES)
    result = check(REPO / "laws")
    assert result.playbook is not None
    rendered = {page.role for page in render_all(Renderer(), result.playbook)}
    assert rendered - roles.keys() == set()
    # and every declared role is made by the playbook (a declaration nothing uses is stale)
    assert roles.keys() - rendered == set()


def test_the_format_reference_alone_is_never_reached_and_views_alone_draw_svg() -> None:
    assert [t.name for t in PAGE_TYPES if t.shows == NEVER] == ["reference"]
    assert [t.name for t in PAGE_TYPES if t.svg] == ["views"]


# -- a scratch page type, registered in the test only ---------------------------------------------


def _tag_page(tag: str, playbook: Playbook) -> RenderedPage:
    """One page per tag with the titles of its entries; it records no ``depends_on`` on purpose:
    only its type's declaration (``shows``) can bring it back after an edit."""
    titles = "\n".join(f"- {e.title}" for e in playbook.tags[tag])
    return RenderedPage(f"essai/{tag}.md", f"# {tag}\n\n{titles}\n", f"Essai : {tag}", "scratch-tag")


def _scratch(shows: object) -> PageType:
    def render(renderer: Renderer, playbook: Playbook, _: Reuse) -> list[RenderedPage]:
        return [_tag_page(tag, playbook) for tag in playbook.tags]

    def again(renderer: Renderer, playbook: Playbook, page: RenderedPage) -> RenderedPage | None:
        tag = page.src_uri.removeprefix("essai/").removesuffix(".md")
        return _tag_page(tag, playbook) if tag in playbook.tags else None

    return PageType("scratch-tag", ("scratch-tag",), render, shows, again=again)  # type: ignore[arg-type]


def _shows_its_tags(pages: PageSpec, playbook: Playbook, entry: Entry) -> list[str]:
    return [f"essai/{tag}.md" for tag in entry.tags]


def _serve_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: PageType) -> tuple[Outputs, Outputs]:
    """A build with ``scratch`` registered, then the title of a tagged entry edited and the outputs
    built again from the previous ones (what ``mkdocs serve`` does after a save)."""
    monkeypatch.setattr(registry, "PAGE_TYPES", (*PAGE_TYPES, scratch))
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    options = Options(laws, tmp_path, tmp_path / "pdf", history=False)
    session = Session(laws)
    first = build_outputs(options, session)
    assert f"- {OLD_TITLE}" in first.pages[TAG_PAGE].markdown
    entry = laws / ENTRY
    entry.write_text(entry.read_text(encoding="utf-8").replace(OLD_TITLE, NEW_TITLE, 1), encoding="utf-8")
    second = build_outputs(options, session, first)
    assert second.incremental  # the edit was served from the previous pages, not a full render
    return first, second


def test_a_registered_page_type_is_rendered_again_after_an_edit_of_an_entry_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _serve_an_edit(tmp_path, monkeypatch, _scratch(_shows_its_tags))
    page = second.pages[TAG_PAGE]
    assert f"- {NEW_TITLE}" in page.markdown and f"- {OLD_TITLE}" not in page.markdown
    # the type's pages that do not show the entry were not rendered again
    untouched = [u for u in first.pages if u.startswith("essai/") and u != TAG_PAGE]
    assert untouched and all(second.pages[u] is first.pages[u] for u in untouched)
    # and the incremental result is what a full build of the edited entries gives
    full = build_outputs(second.options)
    assert not full.incremental and TAG_PAGE in full.pages
    assert {u: p.markdown for u, p in second.pages.items()} == {u: p.markdown for u, p in full.pages.items()}


def test_a_whole_playbook_page_type_is_rendered_again_after_any_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, second = _serve_an_edit(tmp_path, monkeypatch, _scratch(ALWAYS))
    assert f"- {NEW_TITLE}" in second.pages[TAG_PAGE].markdown


def test_the_engine_follows_the_declaration_not_a_rule_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the same type declared as showing no entry is left as it was (stale), so it is
    the declaration that brought it back above."""
    first, second = _serve_an_edit(tmp_path, monkeypatch, _scratch(NEVER))
    assert second.pages[TAG_PAGE] is first.pages[TAG_PAGE]
    assert f"- {OLD_TITLE}" in second.pages[TAG_PAGE].markdown
    assert second.playbook.entries[ENTRY.stem].title.startswith(NEW_TITLE)
