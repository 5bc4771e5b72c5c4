"""The tag pages: the index of all tags (``etiquettes/index.md``) and one page per tag."""

from __future__ import annotations

from ..model import Playbook
from ..render.renderer import RenderedPage, Renderer


def render_tags_index(renderer: Renderer, playbook: Playbook) -> RenderedPage:
    here = renderer.pages.tags_index_uri()
    ctx = renderer.page_context(playbook, here)
    markdown = renderer.render_template(
        "playbook/tags-index.md.j2", tags=playbook.tags, url=ctx.url, tag_url=ctx.tag_url
    )
    all_tagged = {e.id for entries in playbook.tags.values() for e in entries} | {e.id for e in ctx.used}
    return RenderedPage(
        here, markdown, "Étiquettes", "tags-index", depends_on=frozenset(all_tagged), plain=not renderer.overridden
    )


def render_tag(renderer: Renderer, playbook: Playbook, tag: str) -> RenderedPage:
    here = renderer.pages.tag_uri(tag)
    ctx = renderer.page_context(playbook, here)
    entries = playbook.tags.get(tag, [])
    markdown = renderer.render_template(
        "playbook/tag.md.j2",
        tag=tag,
        entries=entries,
        url=ctx.url,
        href=ctx.href,
        tags_index_url=ctx.rel(renderer.pages.tags_index_uri()),
    )
    depends = {e.id for e in entries} | {e.id for e in ctx.used}
    return RenderedPage(
        here, markdown, f"Étiquette : {tag}", "tag", depends_on=frozenset(depends), plain=not renderer.overridden
    )
