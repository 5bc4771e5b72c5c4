"""What sessions and reading paths show: a session's sheet, where an entry stands on each path,
and the data « Ma séance » reads in the browser.

- :func:`session_sheet`: a session's entries in order, the questions to discuss (the session's
  own, then those related to its entries) and the related cases with what they are about;
- :func:`path_steps`: for an entry page, every reading path through it with the previous and
  next steps;
- :func:`session_index`: ``exports/seance.json``, one lean record per entry a session can hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..model import Entry, Playbook, sort_key
from .sheet_layout import CaseLine
from .urls import EXPORTS_FOLDER, KITS_FOLDER, PageSpec, SiteInfo

#: « Ma séance », the session builder page, and the data it reads.
BUILDER_URI = "ma-seance/index.md"
SESSION_INDEX_URI = f"{EXPORTS_FOLDER}/seance.json"
#: The same data as a script, which the builder loads from a ``file://`` copy too (``make offline``),
#: where browsers refuse ``fetch``.
SESSION_SCRIPT_URI = f"{EXPORTS_FOLDER}/seance.js"


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
    """A session's printable sheet, beside the collections' kits (ids are unique across kinds)."""
    return f"{KITS_FOLDER}/{session.id}.md"


def session_sheet(playbook: Playbook, session: Entry) -> SessionSheet:
    chosen = [playbook.entries[i] for i in session.entries if i in playbook.entries]
    chosen_ids = {e.id for e in chosen}
    questions: dict[str, Entry] = {e.id: e for e in chosen if e.kind.discussed}
    cases: dict[str, list[Entry]] = {}
    for entry in chosen:
        for other_id in sorted(playbook.neighbours(entry.id)):
            other = playbook.entries[other_id]
            if other.kind.discussed and other.id not in chosen_ids:
                questions.setdefault(other.id, other)
            elif other.kind.illustrates and other.id not in chosen_ids:
                about = cases.setdefault(other.id, [])
                if entry not in about:
                    about.append(entry)
    case_lines = tuple(
        CaseLine(playbook.entries[i], tuple(about))
        for i, about in sorted(cases.items(), key=lambda kv: sort_key(playbook.entries[kv[0]]))
    )
    return SessionSheet(
        session, tuple(SessionItem(e, n) for n, e in enumerate(chosen, start=1)), tuple(questions.values()), case_lines
    )


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


def session_index(playbook: Playbook, pages: PageSpec, site: SiteInfo) -> dict[str, bytes]:
    """``exports/seance.json`` and ``exports/seance.js``: what « Ma séance » shows of each entry it
    can hold.

    One record per entry of a content kind or collection: id, kind label, title, summary, page URL
    (relative to the site root), checklist, and the ids of the related questions and cases.
    Deterministic; every string is data for ``textContent`` in the browser, never markup."""
    records = []
    for entry in playbook.entries.values():
        if not entry.kind.in_sessions:
            continue
        around = sorted(playbook.neighbours(entry.id))
        records.append(
            {
                "id": entry.id,
                "kind": entry.kind.label,
                "title": entry.title,
                "summary": entry.summary,
                "url": site.page_url(pages.entry_uri(entry)),
                "checklist": list(entry.checklist),
                "questions": [i for i in around if playbook.entries[i].kind.discussed],
                "cases": [i for i in around if playbook.entries[i].kind.illustrates],
            }
        )
    document = {"entries": records}
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    script = json.dumps(document, ensure_ascii=True, separators=(",", ":"))  # plain ASCII JavaScript
    return {
        SESSION_INDEX_URI: (data + "\n").encode("utf-8"),
        SESSION_SCRIPT_URI: f"window.playbookSessionIndex = {script};\n".encode("ascii"),
    }
