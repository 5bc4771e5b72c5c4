"""« Auto-diagnostic »: a self-assessment page per collection of laws, commandments or procedures.

``auto-diagnostic/<collection>.md`` lists the collection's members with their checklists; the
browser (``assets/diagnostic.js``) adds a score from 1 to 10 per member (the seed articles' scale),
draws the scores as an SVG chart (titled and described for screen readers, printable), lists the
weakest members first with their checklists, exports the scores as CSV and reads several exports
back to show a team's spread per member. Scores stay in local storage until « Effacer mes
notes »; nothing is sent anywhere. ``auto-diagnostic/index.md`` lists the collections.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Entry, Playbook
from ..render.renderer import RenderedPage, Renderer
from ..render.urls import DIAGNOSTIC_INDEX_URI, diagnostic_uri


@dataclass(frozen=True)
class Diagnostic:
    collection: Entry
    members: tuple[Entry, ...]


def diagnostics(playbook: Playbook) -> list[Diagnostic]:
    """A self-assessment for every collection with members of a kind that is ``rated`` (laws,
    commandments, procedures: the seeds ask "which law do you break, which commandment do you
    neglect")."""
    found = []
    for collection in playbook.by_kind["collection"]:
        members = tuple(m for m in playbook.members.get(collection.id, []) if m.kind.rated)
        if members:
            found.append(Diagnostic(collection, members))
    return found


def render_diagnostics(renderer: Renderer, playbook: Playbook) -> list[RenderedPage]:
    pages: list[RenderedPage] = []
    found = diagnostics(playbook)
    for diagnostic in found:
        here = diagnostic_uri(diagnostic.collection)
        ctx = renderer.page_context(playbook, here)
        title = f"Auto-diagnostic{chr(0xA0)}: {diagnostic.collection.title}"
        markdown = renderer.render_template(
            "playbook/diagnostic.md.j2",
            diagnostic=diagnostic,
            title=title,
            url=ctx.url,
            links=ctx,
            **renderer.sheet_context(here),
        )
        depends = {diagnostic.collection.id, *(m.id for m in diagnostic.members), *(e.id for e in ctx.used)}
        pages.append(
            RenderedPage(here, markdown, title, "diagnostic", diagnostic.collection.id, depends_on=frozenset(depends))
        )
    ctx = renderer.page_context(playbook, DIAGNOSTIC_INDEX_URI)
    markdown = renderer.render_template(
        "playbook/diagnostic-index.md.j2", rows=[(d, ctx.rel(diagnostic_uri(d.collection))) for d in found], url=ctx.url
    )
    pages.append(
        RenderedPage(
            DIAGNOSTIC_INDEX_URI,
            markdown,
            "Auto-diagnostic",
            "diagnostic-index",
            depends_on=frozenset(d.collection.id for d in found),
        )
    )
    return pages
