"""Pages for trainers and learners: sessions written in YAML and « Ma séance », the session builder.

- ``kits/<session>.md``: a session's « fiche d'animation », for the trainer: audience, group,
  objectives, prerequisites and material, then every block as a box with its clock times (from
  9 h 00; the page changes the start), activity, what the trainer says and does, what the
  participants do, the entries used and the expected answers; it prints on A4, blocks unsplit.
- ``kits/<session>/support.md``: its « support participant »: objectives, then each entry the
  blocks use (in order of first use): a case's text, a question, a situation to play with its
  observation grid, a quiz without its answers, the checklist items for the session's audience
  only (an entry with none has no checklist heading), and room for notes.
- ``ma-seance/index.md``: « Ma séance ». Entry pages, kind indexes and tag pages carry an
  « Ajouter à ma séance » button; the page builds the same timed plan in the browser
  (``assets/trainers.js``, from ``exports/seance.js``), prints both documents and gives a link
  that rebuilds the session elsewhere (everything is in the link's fragment); nothing is sent.
- :func:`trainer_context`: what an entry page shows for sessions and paths (a session's plan, a
  path's steps, the paths the entry is a step of, with previous and next).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..model import Entry, Playbook
from ..render.escape import href
from ..render.renderer import PageContext, RenderedPage, Renderer
from ..render.session_layout import (
    DEFAULT_START,
    builder_fragment,
    path_steps,
    session_entries,
    session_plan,
    support_items,
)
from ..render.urls import BUILDER_URI, SESSION_INDEX_URI, session_kit_uri, session_support_uri


def render_trainer_pages(renderer: Renderer, playbook: Playbook) -> list[RenderedPage]:
    """The two printed documents of every session, and the session builder page."""
    pages: list[RenderedPage] = []
    for session in playbook.by_kind["session"]:
        plan = session_plan(playbook, session)
        for role, here, template, document in (
            ("session-kit", session_kit_uri(session), "playbook/session-kit.md.j2", "Fiche d’animation"),
            ("session-support", session_support_uri(session), "playbook/session-support.md.j2", "Support participant"),
        ):
            ctx = renderer.page_context(playbook, here)
            title = f"{document} : {session.title}"
            markdown = renderer.render_template(
                template,
                plan=plan,
                items=support_items(plan),
                title=title,
                links=ctx,
                url=ctx.url,
                body_of=ctx.body,
                session_url=ctx.href(session),
                kit_url=ctx.page_href(session_kit_uri(session)),
                support_url=ctx.page_href(session_support_uri(session)),
                start_minutes=DEFAULT_START,
                **renderer.sheet_context(here),
            )
            markdown, printable = renderer.printable(here, markdown, mode="page", role=role, title=title)
            depends = {session.id, *(e.id for e in plan.entries), *(e.id for e in ctx.used)}
            pages.append(
                RenderedPage(
                    here, markdown, title, role, session.id, depends_on=frozenset(depends), printable=printable
                )
            )
    here = BUILDER_URI
    ctx = renderer.page_context(playbook, here)
    markdown = renderer.render_template(
        "playbook/session-builder.md.j2",
        index_src=ctx.file_href(SESSION_INDEX_URI),
        sessions=playbook.by_kind["session"],
        url=ctx.url,
        **renderer.sheet_context(here),
    )
    pages.append(
        RenderedPage(here, markdown, "Ma séance", "session-builder", depends_on=frozenset(e.id for e in ctx.used))
    )
    return pages


def trainer_context(renderer: Renderer, playbook: Playbook, entry: Entry, ctx: PageContext) -> dict[str, Any]:
    """What an entry page's template shows for sessions and paths: a session's plan and the pages
    of its two documents, a path's steps (with their entries), the paths this entry is a step of,
    and whether it can be added to « Ma séance »."""
    is_session = "blocks" in entry.data
    return {
        "session_entries": session_entries(playbook, entry) if is_session else [],
        "plan": session_plan(playbook, entry) if is_session else None,
        "path_entries": [(s, playbook.entries[s.entry]) for s in entry.steps if s.entry in playbook.entries],
        "path_steps": path_steps(playbook, entry),
        "can_add_to_session": entry.kind.in_sessions,
        "session_kit_page": ctx.rel(session_kit_uri(entry)) if is_session else None,
        "session_support_page": ctx.rel(session_support_uri(entry)) if is_session else None,
        "builder_page": ctx.rel(BUILDER_URI),
        "builder_href": ctx.page_href(BUILDER_URI),
        "builder_fragment": lambda plan: Markup(href(builder_fragment(plan))),
        "entry_href": ctx.href,
    }
