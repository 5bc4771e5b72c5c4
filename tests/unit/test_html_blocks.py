"""HTML blocks of the templates skip the Markdown converter and come back unchanged."""

from __future__ import annotations

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
