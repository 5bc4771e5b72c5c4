"""HTML blocks of a Markdown page, held out of the Markdown converter and put back after it.

A Markdown template embeds an HTML fragment between :data:`HTML_BLOCK_START` and
:data:`HTML_BLOCK_END` lines (:meth:`~.renderer.Renderer.html_block`); the site generator's
adapter calls :func:`hold_html_blocks` before converting a page and :meth:`HeldBlocks.restore`
after it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .templates import RenderError

#: Lines around an HTML block of a Markdown page (HTML comments: invisible to any Markdown reader).
HTML_BLOCK_START = "<!--pb-html-->"
HTML_BLOCK_END = "<!--/pb-html-->"


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

    def restore_cleaned(
        self, html: str, clean: Callable[[str], str], cleaned: Mapping[str, str]
    ) -> tuple[str, dict[str, str]]:
        """``clean(self.restore(html))``, with each block cleaned on its own where that gives the
        same page, and taken from ``cleaned`` (block → cleaned block) when it is there: a map of
        a thousand entries is 400 KB of SVG, and an edit under `mkdocs serve` changes one group's
        block. Returns the page and the blocks it cleaned (block → cleaned block).

        An HTML parser reads a block the same way on its own as in the page when the page leaves
        nothing open where the block goes and the block closes all it opens (:func:`_closed`):
        the rest of the page is cleaned with a marker element in each block's place, and the
        marker must come out as it went in, at the top level (:func:`_at_top_level`); else the
        whole page is cleaned at once, as before."""
        blocks = self.blocks
        if not blocks or not all(block in cleaned or _closed(block) for block in blocks):
            return clean(self.restore(html)), {}
        markers = [f"pb-html-{self.key}-{n}" for n in range(len(blocks))]
        skeleton, count = re.subn(
            f'<div data-pb-html="{self.key}-([0-9]+)"></div>',
            lambda m: f"<div>{markers[int(m.group(1))]}</div>" if int(m.group(1)) < len(blocks) else m.group(0),
            html,
        )
        if count != len(blocks):
            return clean(self.restore(html)), {}
        skeleton = clean(skeleton)
        parts: list[str] = []
        pos = 0
        for marker in markers:
            at = skeleton.find(f"<div>{marker}</div>", pos)
            if at < 0 or not _at_top_level(skeleton, pos, at, parts):
                return clean(self.restore(html)), {}
            pos = at + len(marker) + 11
        parts.append(skeleton[pos:])
        used = {block: cleaned.get(block) or clean(block) for block in blocks}
        out: list[str] = []
        for n, block in enumerate(blocks):
            out += (parts[n], used[block])
        out.append(parts[-1])
        return "".join(out), used


#: Elements whose start tag closes an open paragraph: a block that begins with one of them is read
#: the same way whatever text came before it.
_OPENS_A_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption"),
        *("figure", "footer", "header", "main", "nav", "ol", "section", "summary", "ul"),
    }
)
#: Elements without an end tag.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
#: A start or end tag whose attribute values, if any, are in double quotes; or a ``<`` that starts
#: no such tag (a comment, a value in single quotes, a ``<`` of text).
_TAG = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>"\']|"[^"]*")*)>|<')


def _closed(block: str) -> bool:
    """Whether ``block`` begins with a block-level start tag and closes, in order, every element it
    opens, each with its end tag (nothing :data:`_TAG` does not read as a tag)."""
    first = _TAG.match(block)
    if first is None or first.group(1) != "" or (first.group(2) or "").lower() not in _OPENS_A_BLOCK:
        return False
    stack: list[str] = []
    for tag in _TAG.finditer(block):
        name = tag.group(2)
        if name is None or tag.group(3).endswith("/"):
            return False
        name = name.lower()
        if tag.group(1):
            if not stack or stack.pop() != name:
                return False
        elif name not in _VOID:
            stack.append(name)
    return not stack


def _at_top_level(html: str, start: int, end: int, parts: list[str]) -> bool:
    """Whether ``html[start:end]`` (cleaned HTML: every element but the void ones closed, every
    attribute value in double quotes) closes every element it opens; appends it to ``parts`` when so."""
    depth = 0
    for tag in _TAG.finditer(html, start, end):
        name = tag.group(2)
        if name is None:
            return False
        if name.lower() in _VOID:
            continue
        depth += -1 if tag.group(1) else 1
        if depth < 0:
            return False
    if depth:
        return False
    parts.append(html[start:end])
    return True


def hold_html_blocks(markdown: str) -> tuple[str, HeldBlocks]:
    """The Markdown with each HTML block of :meth:`~.renderer.Renderer.html_block` replaced by a
    short placeholder, and those blocks. A Markdown converter then skips parsing HTML it could only
    pass through (a relation map of a thousand entries is 400 KB of SVG); :meth:`HeldBlocks.restore`
    puts the blocks back in the converted HTML. The placeholders carry a digest of the page,
    which no text of the page can contain."""
    blocks: list[str] = []
    key = hashlib.blake2b(markdown.encode("utf-8"), digest_size=6).hexdigest()
    # A block: from a line that is HTML_BLOCK_START to the first line after it that is
    # HTML_BLOCK_END. String searches: a regular expression's lazy ``.*?`` tried the end marker
    # after every character of a block (a map is 400 KB).
    start, end = f"{HTML_BLOCK_START}\n", f"\n{HTML_BLOCK_END}"
    parts: list[str] = []
    pos = 0  # where the text not yet copied begins
    at = markdown.find(start)
    while at >= 0:
        if at and markdown[at - 1] != "\n":  # not at the beginning of a line
            at = markdown.find(start, at + 1)
            continue
        inner = at + len(start)
        close = markdown.find(end, inner)
        while close >= 0 and close + len(end) < len(markdown) and markdown[close + len(end)] != "\n":
            close = markdown.find(end, close + 1)
        if close < 0:
            break  # no end marker after it: no block begins here, nor after
        blocks.append(markdown[inner:close])
        parts += (markdown[pos:at], f'<div data-pb-html="{key}-{len(blocks) - 1}"></div>')
        pos = close + len(end)
        at = markdown.find(start, pos)
    parts.append(markdown[pos:])
    return "".join(parts), HeldBlocks(key, tuple(blocks))
