"""Pages for trainers and learners: sessions written in YAML and « Ma séance », the session builder.

- ``kits/<session>.md``: the printable sheet of a session (kind ``session``): its duration and
  objectives, then each entry in the session's order with its checklist, the questions to
  discuss, the related cases in one sentence each and space for notes; it prints on A4 like a
  collection's kit (same fragments, same print styles).
- ``ma-seance/index.md``: « Ma séance ». Entry pages carry an « Ajouter à ma séance » button; the
  page lists the chosen entries (reorder, remove), prints them as one kit and gives a link that
  rebuilds the session elsewhere (the ids are in the link's fragment). It is filled in the
  browser (``assets/trainers.js``) from ``exports/seance.js``; nothing is sent anywhere.
- :func:`trainer_context`: what an entry page shows for sessions and paths (a session's entries,
  a path's steps, the paths the entry is a step of, with previous and next).
"""

from __future__ import annotations

from typing import Any

from ..model import Entry, Playbook
from ..render.renderer import PageContext, RenderedPage, Renderer
from ..render.session_layout import BUILDER_URI, SESSION_INDEX_URI, path_steps, session_kit_uri, session_sheet


def render_trainer_pages(renderer: Renderer, playbook: Playbook) -> list[RenderedPage]:
    """The printable sheet of every session, and the session builder page."""
    pages: list[RenderedPage] = []
    for session in playbook.by_kind.get("session", []):
        here = session_kit_uri(session)
        sheet = session_sheet(playbook, session)
        ctx = renderer.page_context(playbook, here)
        title = f"Séance : {session.title}"
        markdown = renderer.render_template(
            "playbook/session-kit.md.j2",
            sheet=sheet,
            title=title,
            links=ctx,
            url=ctx.url,
            session_url=ctx.href(session),
            **renderer.sheet_context(here),
        )
        markdown, printable = renderer.printable(here, markdown, mode="page", role="session", title=title)
        depends = {
            session.id,
            *(i.entry.id for i in sheet.items),
            *(q.id for q in sheet.questions),
            *(c.case.id for c in sheet.cases),
            *(e.id for e in ctx.used),
        }
        pages.append(
            RenderedPage(
                here, markdown, title, "session-kit", session.id, depends_on=frozenset(depends), printable=printable
            )
        )
    here = BUILDER_URI
    ctx = renderer.page_context(playbook, here)
    markdown = renderer.render_template(
        "playbook/session-builder.md.j2",
        index_src=ctx.file_href(SESSION_INDEX_URI),
        sessions=playbook.by_kind.get("session", []),
        url=ctx.url,
        **renderer.sheet_context(here),
    )
    pages.append(
        RenderedPage(here, markdown, "Ma séance", "session-builder", depends_on=frozenset(e.id for e in ctx.used))
    )
    return pages


def trainer_context(renderer: Renderer, playbook: Playbook, entry: Entry, ctx: PageContext) -> dict[str, Any]:
    """What an entry page's template shows for sessions and paths: a session's entries and sheet,
    a path's steps (with their entries), the paths this entry is a step of, and whether it can be
    added to « Ma séance »."""
    is_session = entry.kind.name == "session"
    return {
        "session_entries": [playbook.entries[i] for i in entry.entries if i in playbook.entries],
        "path_entries": [(s, playbook.entries[s.entry]) for s in entry.steps if s.entry in playbook.entries],
        "path_steps": path_steps(playbook, entry),
        "can_add_to_session": entry.kind.in_sessions,
        "session_kit_page": ctx.rel(session_kit_uri(entry)) if is_session else None,
        "builder_page": ctx.rel(BUILDER_URI),
        "builder_href": ctx.page_href(BUILDER_URI),
        "entry_href": ctx.href,
    }
