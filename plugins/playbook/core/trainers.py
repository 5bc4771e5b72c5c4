"""Pages for trainers and learners: sessions (YAML or built in the browser) and reading paths.

- ``kits/<session>.md``: the printable sheet of a session written in YAML (kind ``session``): its
  duration and objectives, then each entry in the session's order with its checklist, the
  questions to discuss, the related cases in one sentence each and space for notes. It prints on
  A4 like a collection's kit (same fragments, same print styles).
- ``ma-seance/index.md``: « Ma séance », the session builder. Entry pages carry an « Ajouter à ma
  séance » button; the page lists the chosen entries (reorder, remove), prints them as one kit
  and gives a link that rebuilds the session elsewhere (the ids are in the link's fragment). It
  is filled in the browser (``assets/trainers.js``) from ``exports/seance.json``, one lean record
  per entry; nothing is sent anywhere, the selection is kept in local storage.
- A reading path (kind ``path``) is an entry page listing its steps; each entry page on a path
  shows the path's previous and next steps (see ``path_steps``), and the reader's progress is kept
  in local storage.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Entry, Playbook, sort_key
from .printables import EXPORTS_FOLDER, KITS_FOLDER, CaseLine
from .printing import SiteInfo, relative_url

if TYPE_CHECKING:
    from .render import PageSpec, RenderedPage, Renderer

BUILDER_URI = "ma-seance/index.md"
SESSION_INDEX_URI = f"{EXPORTS_FOLDER}/seance.json"


@dataclass(frozen=True)
class SessionItem:
    entry: Entry
    rank: int


@dataclass(frozen=True)
class SessionSheet:
    session: Entry
    items: tuple[SessionItem, ...]
    questions: tuple[Entry, ...]  #: to discuss: the session's questions, then those related to its entries
    cases: tuple[CaseLine, ...]

    @property
    def item_count(self) -> int:
        return sum(len(i.entry.checklist) for i in self.items)


def session_kit_uri(session: Entry) -> str:
    return f"{KITS_FOLDER}/{session.id}.md"


def session_sheet(playbook: Playbook, session: Entry) -> SessionSheet:
    chosen = [playbook.entries[i] for i in session.entries if i in playbook.entries]
    chosen_ids = {e.id for e in chosen}
    questions: dict[str, Entry] = {e.id: e for e in chosen if e.kind.name == "question"}
    cases: dict[str, list[Entry]] = {}
    for entry in chosen:
        for other_id in sorted(playbook.neighbours(entry.id)):
            other = playbook.entries[other_id]
            if other.kind.name == "question" and other.id not in chosen_ids:
                questions.setdefault(other.id, other)
            elif other.kind.name == "case" and other.id not in chosen_ids:
                about = cases.setdefault(other.id, [])
                if entry not in about:
                    about.append(entry)
    case_lines = tuple(CaseLine(playbook.entries[i], tuple(about))
                       for i, about in sorted(cases.items(), key=lambda kv: sort_key(playbook.entries[kv[0]])))
    return SessionSheet(session, tuple(SessionItem(e, n) for n, e in enumerate(chosen, start=1)),
                        tuple(questions.values()), case_lines)


@dataclass(frozen=True)
class PathStep:
    """Where an entry page stands on a reading path: the path, its rank and its neighbours."""

    path: Entry
    rank: int  #: 1-based
    count: int
    goal: str
    previous: Entry | None
    next: Entry | None


def path_steps(playbook: Playbook, entry: Entry) -> list[PathStep]:
    """Every reading path that goes through ``entry``, with the previous and next steps."""
    steps = []
    for path, index in playbook.on_paths.get(entry.id, ()):
        ids = [s.entry for s in path.steps]
        previous = playbook.entries.get(ids[index - 1]) if index > 0 else None
        following = playbook.entries.get(ids[index + 1]) if index + 1 < len(ids) else None
        steps.append(PathStep(path, index + 1, len(ids), path.steps[index].goal, previous, following))
    return steps


def render_trainer_pages(renderer: Renderer, playbook: Playbook) -> list[RenderedPage]:
    """The printable kit of every session, and the session builder page."""
    from .render import RenderedPage

    pages: list[RenderedPage] = []
    for session in playbook.by_kind.get("session", []):
        here = session_kit_uri(session)
        sheet = session_sheet(playbook, session)
        ctx = renderer.page_context(playbook, here)
        links = SheetLinks(renderer, here)
        title = f"Séance{chr(0xA0)}: {session.title}"
        markdown = renderer.render_template(
            "playbook/session-kit.md.j2", sheet=sheet, title=title, links=links, url=ctx.url,
            session_url=links.entry(session), **renderer.sheet_context(here),
        )
        markdown, printable = renderer.printable(here, markdown, mode="page", role="session", title=title)
        depends = {session.id, *(i.entry.id for i in sheet.items), *(q.id for q in sheet.questions),
                   *(c.case.id for c in sheet.cases), *(e.id for e in ctx.used)}
        pages.append(RenderedPage(here, markdown, title, "session-kit", session.id,
                                  depends_on=frozenset(depends), printable=printable))
    here = BUILDER_URI
    ctx = renderer.page_context(playbook, here)
    markdown = renderer.render_template(
        "playbook/session-builder.md.j2", index_src=SheetLinks(renderer, here).file(SESSION_INDEX_URI),
        sessions=playbook.by_kind.get("session", []), url=ctx.url,
        **renderer.sheet_context(here),
    )
    pages.append(RenderedPage(here, markdown, "Ma séance", "session-builder"))
    return pages


def session_index(playbook: Playbook, pages: PageSpec, site: SiteInfo) -> bytes:
    """``exports/seance.json``: what the session builder shows of each entry it can hold.

    One record per entry of a content kind or collection: id, kind label, title, summary, page
    URL (relative to the site root), checklist, and the ids of the related questions and cases.
    Deterministic; every string is data for ``textContent`` in the browser, never markup."""
    from . import spec

    records = []
    for entry in playbook.entries.values():
        if entry.kind.name not in spec.STEP_TARGETS:
            continue
        around = sorted(playbook.neighbours(entry.id))
        records.append({
            "id": entry.id, "kind": entry.kind.label, "title": entry.title, "summary": entry.summary,
            "url": site.page_url(pages.entry_uri(entry)),
            "checklist": list(entry.checklist),
            "questions": [i for i in around if playbook.entries[i].kind.name == "question"],
            "cases": [i for i in around if playbook.entries[i].kind.name == "case"],
            **({"members": [m.id for m in playbook.members.get(entry.id, [])]}
               if entry.kind.name == "collection" else {}),
        })
    return (json.dumps({"entries": records}, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class SheetLinks:
    """Final URLs (not .md paths) for HTML fragments, relative to the page being rendered."""

    def __init__(self, renderer: Renderer, here: str):
        self.renderer = renderer
        self.here = here

    def page(self, src_uri: str) -> str:
        site = self.renderer.site
        return relative_url(self.here, site.page_url(src_uri), site.directory_urls)

    def file(self, uri: str) -> str:
        """A file that is not a page (``exports/seance.json``)."""
        return relative_url(self.here, uri, self.renderer.site.directory_urls)

    def entry(self, entry: Entry) -> str:
        return self.page(self.renderer.pages.entry_uri(entry))


def entry_context(playbook: Playbook, entry: Entry, rel: Callable[[str], str],
                  href: Callable[[Entry], str], served: Callable[[str], str]) -> dict[str, object]:
    """What an entry page's template shows for sessions and paths: a session's entries, a path's
    steps (with their entries), the paths this entry is a step of, and whether it can be added to
    a session. ``rel``: a page's link (Markdown) from this page; ``href``: an entry's URL (HTML);
    ``served``: a page's URL (HTML)."""
    from . import spec

    return {
        "session_entries": [playbook.entries[i] for i in entry.entries if i in playbook.entries],
        "path_entries": [(s, playbook.entries[s.entry]) for s in entry.steps if s.entry in playbook.entries],
        "path_steps": path_steps(playbook, entry),
        "can_add_to_session": entry.kind.name in spec.STEP_TARGETS,
        "session_kit_page": rel(session_kit_uri(entry)) if entry.kind.name == "session" else None,
        "builder_page": rel(BUILDER_URI),
        "builder_href": served(BUILDER_URI),
        "entry_href": href,
    }
