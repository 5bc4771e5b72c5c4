"""An entry's page (``<kind folder>/<id>.md``): its body with ``[[id]]`` links expanded, its
relations and backlinks, its collection, its source, and its own checklist sheet when it has one."""

from __future__ import annotations

from markupsafe import Markup

from .. import spec
from ..markdown_refs import may_produce_markup
from ..model import Entry, Link, Playbook
from ..render.markdown_export import entry_markdown
from ..render.renderer import RenderedPage, Renderer
from ..render.sheet_layout import entry_density
from ..render.urls import checklist_uri, kit_uri, markdown_uri
from .trainers import trainer_context


def render_entry_page(renderer: Renderer, playbook: Playbook, entry: Entry) -> RenderedPage:
    here = renderer.pages.entry_uri(entry)
    ctx = renderer.page_context(playbook, here)
    body = ctx.body(entry)
    source = playbook.entries.get(entry.source) if entry.source else None
    sources = [playbook.entries[i] for i in entry.sources if i in playbook.entries]
    collection = playbook.entries.get(entry.collection) if entry.collection else None
    members = playbook.members.get(entry.id, [])
    has_sheet = any(m.checklist for m in members)  # members: a collection's
    links = playbook.links(entry.id)
    shown: set[str] = set()  # the entries its Markdown document shows
    document = entry_markdown(playbook, entry, renderer.pages, renderer.site, shown)
    markdown = renderer.render_template(
        "playbook/entry.md.j2",
        entry=entry,
        body=Markup(body),
        links=links,
        link_anchors=[anchor for _, anchor, _ in relation_jumps(links)],
        jumps=section_jumps(entry, members, links),
        kind_href=ctx.page_href(renderer.pages.kind_index_uri(entry.kind)),
        collection_href=ctx.href(collection) if collection else None,
        cite_url=renderer.site.public_url(here) if renderer.site.url else None,
        source=source,
        sources=sources,
        collection=collection,
        members=members,
        cited_by=playbook.cited_by.get(entry.id, []),
        referrers=playbook.referrers.get(entry.id, []),
        entry_of=ctx.entry,
        page_links=ctx,
        url=ctx.url,
        tag_url=ctx.tag_url,
        kind_index_url=ctx.kind_index_url,
        checklist_page=ctx.rel(checklist_uri(entry)) if has_sheet else None,
        kit_page=ctx.rel(kit_uri(entry)) if has_sheet else None,
        sheet_density=entry_density(entry, source) if entry.checklist else None,
        **trainer_context(renderer, playbook, entry, ctx),
        life=renderer.living.entry(entry, renderer.site.public_url(here)),
        # only in the offline copy (from disk, the page cannot fetch its Markdown file): escaped, without
        # the pages' typography, its line breaks as &#10; (fragments drop blank lines)
        entry_markdown=Markup("&#10;").join(Markup.escape(line) for line in document.split("\n"))
        if renderer.site.from_disk
        else None,
        markdown_href=ctx.file_href(markdown_uri(entry)),
        **renderer.sheet_context(here),
    )
    printable = None
    if entry.checklist:
        markdown, printable = renderer.printable(
            here, markdown, mode="sheet", role="entry-checklist", title=f"Liste de contrôle : {entry.title}"
        )
    depends = {e.id for e in ctx.used} | shown
    plain = not renderer.overridden and not may_produce_markup(entry.body)
    return RenderedPage(
        here,
        markdown,
        entry.title,
        "entry",
        entry.id,
        entry.path,
        frozenset(depends),
        printable=printable,
        plain=plain,
        entry_markdown=document,
    )


def relation_jumps(links: list[Link]) -> list[tuple[str, str, int]]:
    """(label, anchor, count) of each group of links, in the page's order; anchors are unique."""
    jumps, seen = [], set()
    for group in links:
        anchor = "liens-" + spec.slugify(group.label)
        while anchor in seen:
            anchor += "-2"
        seen.add(anchor)
        jumps.append((group.label, anchor, len(group.items)))
    return jumps


def section_jumps(entry: Entry, members: list[Entry], links: list[Link]) -> list[tuple[str, str, int]]:
    """The sections an entry page links to under its summary, so that a reader on a phone reaches
    its checklist and its relations in one tap: (label, anchor, count), in the page's order."""
    jumps = []
    if entry.checklist:
        jumps.append(("Liste de contrôle", "liste-de-controle", 0))
    if members:
        jumps.append(("Dans cette collection", "dans-cette-collection", len(members)))
    return jumps + relation_jumps(links)
