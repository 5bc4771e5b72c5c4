"""HTML blocks of a Markdown page, held out of the Markdown converter and put back after it.

A Markdown template embeds an HTML fragment between :data:`HTML_BLOCK_START` and
:data:`HTML_BLOCK_END` lines (:meth:`~.renderer.Renderer.html_block`); the site generator's
adapter calls :func:`hold_html_blocks` before converting a page and :meth:`HeldBlocks.restore`
after it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .templates import RenderError

#: Lines around an HTML block of a Markdown page (HTML comments: invisible to any Markdown reader).
HTML_BLOCK_START = "<!--pb-html-->"
HTML_BLOCK_END = "<!--/pb-html-->"
_HTML_BLOCK = re.compile(r"^<!--pb-html-->\n(.*?)\n<!--/pb-html-->$", re.S | re.M)


@dataclass(frozen=True)
class HeldBlocks:
    """The HTML blocks :func:`hold_html_blocks` took out of a page, and the page's placeholder key."""

    key: str
    blocks: tuple[str, ...] = ()

    def restore(self, html: str) -> str:
        """``html`` with the placeholders replaced by their blocks; a :class:`RenderError` when
        one is missing (every block must reach the page)."""
        if not self.blocks:
            return html
        found: list[int] = []

        def put(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(self.blocks):
                return match.group(0)
            found.append(index)
            return self.blocks[index]

        restored = re.sub(f'<div data-pb-html="{self.key}-([0-9]+)"></div>', put, html)
        if sorted(found) != list(range(len(self.blocks))):
            raise RenderError("an HTML block of the page was lost or repeated by the Markdown converter")
        return restored


def hold_html_blocks(markdown: str) -> tuple[str, HeldBlocks]:
    """The Markdown with each HTML block of :meth:`~.renderer.Renderer.html_block` replaced by a
    short placeholder, and those blocks. A Markdown converter then skips parsing HTML it could only
    pass through (a relation map of a thousand entries is 400 KB of SVG); :meth:`HeldBlocks.restore`
    puts the blocks back in the converted HTML. The placeholders carry a digest of the page,
    which no text of the page can contain."""
    blocks: list[str] = []
    key = hashlib.blake2b(markdown.encode("utf-8"), digest_size=6).hexdigest()

    def hold(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f'<div data-pb-html="{key}-{len(blocks) - 1}"></div>'

    return _HTML_BLOCK.sub(hold, markdown), HeldBlocks(key, tuple(blocks))
