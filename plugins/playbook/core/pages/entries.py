"""An entry's page (``<kind folder>/<id>.md``): its body with ``[[id]]`` links expanded, its
relations and backlinks, its collection, its source, and its own checklist sheet when it has one."""

from __future__ import annotations

from markupsafe import Markup

from ..markdown_refs import clean_attr_lists, expand_refs, guard_markdown, may_produce_markup
from ..model import Entry, Playbook
from ..render.markdown_export import entry_markdown, markdown_uri
from ..render.renderer import RenderedPage, Renderer
from ..render.sheet_layout import entry_density
from ..render.urls import checklist_uri, kit_uri
from ..typography import french_typography_markdown
from .trainers import trainer_context


def render_entry_page(renderer: Renderer, playbook: Playbook, entry: Entry) -> RenderedPage:
    here = renderer.pages.entry_uri(entry)
    ctx = renderer.page_context(playbook, here)
    # Ids and classes of the theme and the plugin are taken out of attribute lists (validation warns),
    # and a '[' or '<' that cannot open a link or a tag is escaped (Python-Markdown would search from each).
    body = french_typography_markdown(guard_markdown(expand_refs(clean_attr_lists(entry.body), ctx.inline_link)))
    source = playbook.entries.get(entry.source) if entry.source else None
    sources = [playbook.entries[i] for i in entry.sources if i in playbook.entries]
    collection = playbook.entries.get(entry.collection) if entry.collection else None
    members = playbook.members.get(entry.id, [])
    has_sheet = entry.kind.name == "collection" and any(m.checklist for m in members)
    markdown = renderer.render_template(
        "playbook/entry.md.j2",
        entry=entry,
        body=Markup(body),
        links=playbook.links(entry.id),
        source=source,
        sources=sources,
        collection=collection,
        members=members,
        cited_by=playbook.cited_by.get(entry.id, []),
        url=ctx.url,
        tag_url=ctx.tag_url,
        kind_index_url=ctx.kind_index_url,
        checklist_page=ctx.rel(checklist_uri(entry)) if has_sheet else None,
        kit_page=ctx.rel(kit_uri(entry)) if has_sheet else None,
        sheet_density=entry_density(entry, source) if entry.checklist else None,
        **trainer_context(renderer, playbook, entry, ctx),
        life=renderer.living.entry(entry, renderer.site.public_url(here)),
        # escaped, without the pages' typography, its line breaks as &#10; (fragments drop blank lines)
        entry_markdown=Markup("&#10;").join(
            Markup.escape(line) for line in entry_markdown(playbook, entry, renderer.pages, renderer.site).split("\n")
        ),
        markdown_href=ctx.file_href(markdown_uri(entry)),
        **renderer.sheet_context(here),
    )
    printable = None
    if entry.checklist:
        markdown, printable = renderer.printable(
            here, markdown, mode="sheet", role="entry-checklist", title=f"Liste de contrôle : {entry.title}"
        )
    depends = {e.id for e in ctx.used}
    plain = not renderer.overridden and not may_produce_markup(entry.body)
    return RenderedPage(
        here, markdown, entry.title, "entry", entry.id, entry.path, frozenset(depends), printable=printable, plain=plain
    )
