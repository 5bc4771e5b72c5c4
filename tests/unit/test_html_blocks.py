"""HTML blocks of the templates skip the Markdown converter and come back unchanged."""

from __future__ import annotations

import dataclasses
import functools
import re

import markdown
import pytest

from conftest import MINI_LAWS, REPO
from playbook.core.pages import render_all
from playbook.core.pipeline import check
from playbook.core.render.html_blocks import HTML_BLOCK_START, hold_html_blocks
from playbook.core.render.renderer import Renderer
from playbook.core.render.templates import RenderError
from playbook.core.sanitize import clean_html

EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables", "sane_lists"]


def _html(text: str, role: str) -> str:
    html = clean_html(markdown.Markdown(extensions=EXTENSIONS).convert(text), allow_svg=role == "view")
    return " ".join(html.split())  # blocks are separated by less blank space: not a difference in HTML


@pytest.mark.parametrize("laws", [REPO / "laws", MINI_LAWS], ids=["real", "mini"])
def test_every_page_converts_to_the_same_html_with_its_blocks_held(laws) -> None:
    result = check(laws)
    assert result.playbook is not None
    held_pages = 0
    for page in render_all(Renderer(), result.playbook):
        skeleton, held = hold_html_blocks(page.markdown)
        assert HTML_BLOCK_START not in skeleton
        held_pages += bool(held.blocks)
        assert len(skeleton) <= len(page.markdown)
        restored = held.restore(markdown.Markdown(extensions=EXTENSIONS).convert(skeleton))
        restored_html = " ".join(clean_html(restored, allow_svg=page.role == "view").split())
        assert _html(page.markdown, page.role) == restored_html, page.src_uri
    assert held_pages >= 5  # entry sheets, collection sheets, kits, matrix, map


def test_a_lost_block_is_an_error_and_a_forged_placeholder_is_left_alone() -> None:
    page = '# Titre\n\n<!--pb-html-->\n<div class="pb-sheet">x</div>\n<!--/pb-html-->\n\nFin.\n'
    skeleton, held = hold_html_blocks(page)
    assert held.blocks == ('<div class="pb-sheet">x</div>',)
    html = markdown.Markdown().convert(skeleton)
    assert held.restore(html).count('<div class="pb-sheet">x</div>') == 1
    with pytest.raises(RenderError, match="lost"):
        held.restore(html.replace(f'data-pb-html="{held.key}-0"', 'data-pb-html="x"'))
    # text that imitates a placeholder (another key) is not replaced by a block
    forged = '<div data-pb-html="000000000000-0"></div>'
    assert forged in held.restore(html + forged)
    plain, nothing = hold_html_blocks("Sans bloc.\n")
    assert plain == "Sans bloc.\n" and nothing.blocks == () and nothing.restore("<p>x</p>") == "<p>x</p>"


def _converted(page_markdown: str) -> tuple[str, object]:
    skeleton, held = hold_html_blocks(page_markdown)
    return markdown.Markdown(extensions=EXTENSIONS).convert(skeleton), held


@pytest.mark.parametrize("laws", [REPO / "laws", MINI_LAWS], ids=["real", "mini"])
def test_blocks_cleaned_on_their_own_give_the_page_cleaned_whole(laws) -> None:
    """The sanitizer reads a block the same way alone as in its page where the page leaves nothing
    open before it and it closes all it opens: every page with blocks, cleaned block by block where
    restore_cleaned finds that so, is the page restored and cleaned at once, to the byte."""
    result = check(laws)
    assert result.playbook is not None
    by_block = []
    for page in render_all(Renderer(), result.playbook):
        html, held = _converted(page.markdown)
        if not held.blocks:
            continue
        clean = functools.partial(clean_html, allow_svg=page.role == "view")
        cleaned, blocks = held.restore_cleaned(html, clean, {})
        assert cleaned == clean(held.restore(html)), page.src_uri
        if blocks:
            by_block.append(page.src_uri)
    assert {"vues/carte.md", "vues/matrice.md"} <= set(by_block)


def test_a_page_cleans_again_only_the_blocks_it_did_not_clean_before() -> None:
    """Under `mkdocs serve`, a view whose one group changed: its skeleton and that group's block are
    cleaned, the other groups' blocks are taken from its last build."""
    result = check(REPO / "laws")
    assert result.playbook is not None
    view = next(p for p in render_all(Renderer(), result.playbook) if p.src_uri == "vues/carte.md")
    html, held = _converted(view.markdown)
    assert len(held.blocks) >= 3
    sizes: list[int] = []

    def clean(text: str) -> str:
        sizes.append(len(text))
        return clean_html(text, allow_svg=True)

    _, before = held.restore_cleaned(html, clean, {})
    assert len(sizes) == len(held.blocks) + 1
    blocks = list(held.blocks)
    title = next(iter(re.findall(r"<title>([^<]+)</title>", blocks[1])))
    blocks[1] = blocks[1].replace(title, title + " (bis)")
    edited = dataclasses.replace(held, blocks=tuple(blocks))
    sizes.clear()
    page, after = edited.restore_cleaned(html, clean, before)
    assert sizes == [sizes[0], len(blocks[1])] and sizes[0] < len(blocks[1])
    assert page == clean_html(edited.restore(html), allow_svg=True)
    assert set(after) == set(blocks)


@pytest.mark.parametrize(
    ("before", "block"),
    [
        ("<p><b>gras", '<div class="pb-x">x</div>'),  # a formatting element left open before
        ("<ul><li>point", '<div class="pb-x">x</div>'),  # inside a list item
        ("<table><tr><td>a", '<div class="pb-x">x</div>'),  # inside a table
        ("<p>a</p>", 'texte <div class="pb-x">x</div>'),  # a block that begins with text
        ("<p>a</p>", '<span class="pb-x">x</span>'),  # or with an inline element
        ("<p>a</p>", '<div class="pb-x">x'),  # a block that leaves an element open
        ("<p>a</p>", '<div class="pb-x"><p>x</div>'),  # or closes another than it opened
        ("<p>a</p>", '<div class="pb-x"><!-- x --></div>'),  # a comment
        ("<p>a</p>", "<div class='pb-x'>x</div>"),  # a value in single quotes
        ("<p>a</p>", '<div class="pb-x"><div/>x</div>'),  # a self-closing sign
    ],
)
def test_the_whole_page_is_cleaned_where_a_block_could_be_read_otherwise(before: str, block: str) -> None:
    page = f"{before}\n\n<!--pb-html-->\n{block}\n<!--/pb-html-->\n\n<p>fin</p>\n"
    skeleton, held = hold_html_blocks(page)
    cleaned, blocks = held.restore_cleaned(skeleton, clean_html, {})
    assert cleaned == clean_html(held.restore(skeleton))
    assert blocks == {}  # cleaned whole


def test_a_block_at_the_top_level_is_cleaned_on_its_own() -> None:
    page = '<p>a <b>gras</b></p>\n\n<!--pb-html-->\n<div class="pb-x"><p>x <i>y</i><br></p></div>\n<!--/pb-html-->\n'
    skeleton, held = hold_html_blocks(page)
    cleaned, blocks = held.restore_cleaned(skeleton, clean_html, {})
    assert cleaned == clean_html(held.restore(skeleton))
    assert list(blocks) == list(held.blocks)


def test_blocks_are_found_as_the_regular_expression_of_the_rule_finds_them() -> None:
    """A block runs from a line that is the start marker to the first line after it that is the
    end marker (the rule as a regular expression; the code searches strings)."""
    import random

    rule = re.compile(r"^<!--pb-html-->\n(.*?)\n<!--/pb-html-->$", re.S | re.M)
    pieces = ["<!--pb-html-->", "<!--/pb-html-->", "\n", "a", " ", "<div>", "</div>", "\n\n"]
    rng = random.Random(25)
    for _ in range(30_000):
        page = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 16)))
        skeleton, held = hold_html_blocks(page)
        assert held.blocks == tuple(m.group(1) for m in rule.finditer(page)), repr(page)
        placeholders = iter(f'<div data-pb-html="{held.key}-{n}"></div>' for n in range(len(held.blocks)))
        assert skeleton == rule.sub(lambda _: next(placeholders), page), repr(page)  # noqa: B023
