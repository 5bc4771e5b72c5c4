"""What sessions and reading paths show: a session's timed plan and its two printed documents,
where an entry stands on each path, and the data « Ma séance » reads in the browser.

- :func:`session_plan`: a session's blocks with their clock times from a start time, the entries
  each one uses, the material of the whole session: the « fiche d'animation » (for the trainer);
- :func:`support_items`: what the « support participant » prints of each entry the session uses,
  in the order of first use: the text of a case, a question and its summary, a situation to
  play, a quiz without its answers, the checklist items for the session's audience;
- :func:`path_steps`: for an entry page, every reading path through it with the previous and
  next steps;
- :func:`session_index`: ``exports/seance.json``, one lean record per entry a session can hold
  (and ``seance.js``, with the markup « Ma séance » clones and fills: :func:`sheet_blocks`,
  :func:`builder_templates`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

from .. import spec
from ..model import Entry, Playbook
from ..sanitize import clean_html
from .escape import plain_text
from .renderer import PageContext, Renderer
from .sheet_layout import related_around
from .templates import RenderError
from .urls import BUILDER_URI, SESSION_INDEX_URI, SESSION_SCRIPT_URI

#: The clock time a printed plan starts at, in minutes after midnight (9 h 00); the page changes it.
DEFAULT_START = 9 * 60
#: The minutes of a block « Ma séance » adds for an entry (its activity: the kind's ``activity``).
BUILDER_BLOCK_MINUTES = 15


@dataclass(frozen=True)
class PlanBlock:
    """One block of a session's plan, placed in time."""

    rank: int  #: 1-based
    minutes: int
    activity: str  #: a key of :data:`spec.ACTIVITIES`
    title: str
    trainer: str
    participants: str
    material: tuple[str, ...]
    expected: tuple[str, ...]
    entries: tuple[Entry, ...]
    offset: int  #: minutes from the start of the session

    @property
    def activity_label(self) -> str:
        return spec.ACTIVITIES[self.activity]

    def clock(self, start: int = DEFAULT_START) -> str:
        """« 9 h 10 – 9 h 25 »: when the block runs, for a session that starts at ``start``."""
        return f"{clock(start + self.offset)} – {clock(start + self.offset + self.minutes)}"


@dataclass(frozen=True)
class SessionPlan:
    session: Entry
    audience: str  #: a key of :data:`spec.AUDIENCES`
    group_min: int
    group_max: int
    blocks: tuple[PlanBlock, ...]
    entries: tuple[Entry, ...]  #: every entry the blocks use, in the order of first use
    material: tuple[str, ...]  #: the material of every block, each thing once
    prerequisites: tuple[str, ...]

    @property
    def audience_label(self) -> str:
        return spec.AUDIENCES[self.audience]

    @property
    def duration(self) -> int:
        return sum(b.minutes for b in self.blocks)

    @property
    def start(self) -> str:
        return clock(DEFAULT_START)

    @property
    def end(self) -> str:
        return clock(DEFAULT_START + self.duration)


@dataclass(frozen=True)
class SupportItem:
    """What the participants' handout prints of one entry the session uses."""

    entry: Entry
    rank: int
    #: (text, audience) of the checklist items for the session's audience (none: no heading)
    actions: tuple[tuple[str, str], ...]


def clock(minutes: int) -> str:
    """A time of day in French: 545 → « 9 h 05 » (past midnight: the next day's time)."""
    minutes %= 24 * 60
    return f"{minutes // 60}\u00a0h\u00a0{minutes % 60:02d}"


def session_entries(playbook: Playbook, session: Entry) -> list[Entry]:
    """The entries a session's blocks use, in the order of first use, each once."""
    return [playbook.entries[i] for i in session.entries if i in playbook.entries]


def session_plan(playbook: Playbook, session: Entry) -> SessionPlan:
    data: Mapping[str, Any] = session.data
    blocks = []
    offset = 0
    material: dict[str, None] = {}
    for rank, block in enumerate(data.get("blocks", ()), start=1):
        for thing in block.get("material", ()):
            material.setdefault(thing, None)
        blocks.append(
            PlanBlock(
                rank,
                block["minutes"],
                block["activity"],
                block["title"],
                block.get("trainer", ""),
                block.get("participants", ""),
                tuple(block.get("material", ())),
                tuple(block.get("expected", ())),
                tuple(playbook.entries[i] for i in block.get("entries", ()) if i in playbook.entries),
                offset,
            )
        )
        offset += block["minutes"]
    group = data.get("group_size") or {}
    return SessionPlan(
        session,
        data.get("audience", ""),
        group.get("min", 0),
        group.get("max", 0),
        tuple(blocks),
        tuple(session_entries(playbook, session)),
        tuple(material),
        tuple(data.get("prerequisites", ())),
    )


def builder_fragment(plan: SessionPlan) -> str:
    """The fragment of a « Ma séance » address that opens ``plan`` there: the entries of each
    block (``e``: blocks separated by ``,``, a block's entries by ``+``), their minutes (``m``),
    activities (``a``), the audience (``p``) and the title (``t``, encoded as JavaScript's
    ``encodeURIComponent`` does). ``assets/seance-plan.js`` writes and reads the same format; both
    are tested on the vectors of ``tests/fixtures/session-links.json``."""
    return link_fragment(
        [([e.id for e in b.entries], b.minutes, b.activity) for b in plan.blocks], plan.audience, plan.session.title
    )


def link_fragment(blocks: list[tuple[list[str], int, str]], audience: str, title: str) -> str:
    """:func:`builder_fragment` from plain values: (entry ids, minutes, activity) per block."""
    text = "#e=" + ",".join("+".join(ids) for ids, _, _ in blocks)
    if blocks:
        text += "&m=" + ",".join(str(minutes) for _, minutes, _ in blocks)
        text += "&a=" + ",".join(activity for _, _, activity in blocks)
    if audience:
        text += f"&p={audience}"
    if title:
        text += "&t=" + quote(title, safe="-_.!~*'()")
    return text


def support_items(plan: SessionPlan) -> list[SupportItem]:
    """The entries the handout prints, in the order of first use (not those of a ``trainer_only``
    kind), each with its checklist items for the session's audience."""
    items: list[SupportItem] = []
    for entry in plan.entries:
        if entry.kind.trainer_only:
            continue
        actions = tuple((text, who) for text, who in entry.checklist_items() if who == plan.audience)
        items.append(SupportItem(entry, len(items) + 1, actions))
    return items


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


def session_index(playbook: Playbook, renderer: Renderer) -> dict[str, bytes]:
    """``exports/seance.json`` and ``exports/seance.js``: what « Ma séance » shows of each entry it
    can hold.

    One record per entry of a kind that is ``in_sessions``, in the playbook's order
    (:func:`~playbook.core.model.sort_key`: « Ma séance » lists the cases in this order): id, kind
    name, title, summary, page URL (relative to the site root), checklist (``{text, audience}`` per
    item, audience ``""`` when unsaid), and the ids of the related questions and cases; texts as the
    pages show them (French typography). The kinds (label, whether a kind is discussed or
    illustrates, the activity of a new block), the audiences and the activities are given once, with
    their labels: the browser reads what a kind does from them, never from a label.

    ``sheet``, in ``seance.js`` only (the file the page loads; ``seance.json`` is the same records
    without it, and with the checklist items' text, which ``seance.js`` has in the blocks alone:
    its items are ``{audience}``): the entry's blocks of the printed support, rendered once here by the templates the
    collection kits use (:func:`sheet_blocks`), which the page clones; so are ``templates``, the
    markup the page fills (:func:`builder_templates`). Every other string is data for
    ``textContent`` in the browser, never markup. Deterministic."""
    records: list[tuple[str, str]] = []  # each entry's record, encoded (UTF-8 text, ASCII text)
    links = renderer.page_context(playbook, BUILDER_URI)
    kept, kept_records = renderer.sheet_blocks, renderer.session_records
    renderer.sheet_blocks, renderer.session_records = {}, {}  # only this build's are kept for the next
    for entry in playbook.entries.values():
        if not entry.kind.in_sessions:
            continue
        questions, cases = related_around(playbook, entry.id)
        url = renderer.site.page_url(renderer.pages.entry_uri(entry))
        sheet = sheet_blocks(renderer, links, entry, kept)
        # an entry is read-only and reused while its file is unchanged: the same object, around
        # the same questions and cases, at the same address, has the same record
        key = (entry, tuple(questions), tuple(cases), url)
        encoded = kept_records.get(key)
        if encoded is None:
            items = [(plain_text(text), who) for text, who in entry.checklist_items()]
            record = {
                "id": entry.id,
                "kind": entry.kind.name,
                "title": plain_text(entry.title),
                "summary": plain_text(entry.summary),
                "url": url,
                "checklist": [{"text": text, "audience": who} for text, who in items],
                "questions": questions,
                "cases": cases,
            }
            # The blocks only in the script, which the page loads (2.4 KB an entry in both files);
            # there the checklist's text is in the group's block, and each item says whose it is.
            checks = [{"audience": who} for _, who in items]
            encoded = (_json(record, ascii=False), _json({**record, "checklist": checks, "sheet": sheet}, ascii=True))
        renderer.session_records[key] = encoded
        records.append(encoded)
    document = {
        "kinds": {
            k.name: {
                "label": k.label,
                "discussed": k.discussed,
                "illustrates": k.illustrates,
                "activity": k.activity,
            }
            for k in spec.KINDS
            if k.in_sessions
        },
        "activities": spec.ACTIVITIES,
        "audiences": spec.AUDIENCES,
        "block_minutes": BUILDER_BLOCK_MINUTES,
    }
    # the document with its "entries" last: what json.dumps gives of it with the records in it
    data = _json(document, ascii=False)[:-1] + ',"entries":[' + ",".join(r[0] for r in records) + "]}"
    scripted = {**document, "templates": builder_templates(renderer, links)}  # the page's markup, in the script only
    script = _json(scripted, ascii=True)[:-1] + ',"entries":[' + ",".join(r[1] for r in records) + "]}"  # ASCII JS
    return {
        SESSION_INDEX_URI: (data + "\n").encode("utf-8"),
        SESSION_SCRIPT_URI: f"window.playbookSessionIndex = {script};\n".encode("ascii"),
    }


def _json(value: object, *, ascii: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii, separators=(",", ":"))


#: The list key of the checklists « Ma séance » prints (ticks are remembered per list).
BUILDER_CHECKLIST = "ma-seance"


def sheet_blocks(
    renderer: Renderer, links: PageContext, entry: Entry, kept: Mapping[tuple[object, ...], dict[str, str]]
) -> dict[str, str]:
    """What « Ma séance »'s support participant prints of ``entry``, as HTML from the templates of
    the collection kits (links relative to the builder's page), sanitized like a page:

    - ``group``: its heading (rank 1, which the page renumbers), summary line and every checklist
      item with its audience (``fragments/sheet-group.html.j2``; the page keeps the items for the
      session's audience, and their labels only when the session has none, as a ready support);
    - ``question`` (a kind that is ``discussed``): its line among the questions to discuss
      (``fragments/kit-question.html.j2``);
    - ``case`` (a kind that ``illustrates``): its line among the cases, without the entries it is
      about, which the page adds (``fragments/kit-case.html.j2``; the entries: ``about`` of
      :func:`builder_templates`).

    Taken from ``kept`` (the previous build's, by what they are made of) when the entry has not
    changed, and kept by the renderer for the next build: an incremental build renders only the
    entries that changed.
    """
    key = (entry.id, entry.kind.name, entry.title, entry.summary, tuple(entry.checklist_items()))
    blocks = kept.get(key)
    if blocks is None:
        blocks = _sheet_blocks(renderer, links, entry)
    renderer.sheet_blocks[key] = blocks
    return blocks


def builder_templates(renderer: Renderer, links: PageContext) -> dict[str, Any]:
    """The markup « Ma séance » fills in the browser, rendered by the fragments the ready séances
    and the collection kits print (sanitized like a page), so that its words, punctuation and
    classes have one home:

    - ``plan``: for each activity, a block of the fiche d'animation's timetable
      (``fragments/plan-block.html.j2`` with an ``entry``: a default block of
      :data:`BUILDER_BLOCK_MINUTES` at 9 h 00, whose clock, minutes, link, title, kind and summary
      the page fills; the activity's class and label are the template's);
    - ``about``: « (à propos de : A ; B) » after a case line (``fragments/kit-about.html.j2``, two
      entries: the page repeats the first for each title, with what stands between them).

    Made of templates alone: kept by the renderer until it forgets its templates."""
    if renderer.builder_templates is None:
        renderer.builder_templates = _builder_templates(renderer, links)
    return renderer.builder_templates


def _builder_templates(renderer: Renderer, links: PageContext) -> dict[str, Any]:
    placeholder = {"href": "", "title": "", "kind": "", "summary": ""}
    plan = {
        activity: clean_html(
            str(
                renderer.fragment(
                    PLAN_TEMPLATE,
                    block=PlanBlock(1, BUILDER_BLOCK_MINUTES, activity, "", "", "", (), (), (), 0),
                    entry=placeholder,
                    links=links,
                )
            )
        )
        for activity in spec.ACTIVITIES
    }
    for activity, html in plan.items():
        first = _first_element(html)
        if first is None or first[0] != "li" or "pb-plan__block" not in first[1]:
            where = renderer.html_env.get_template(PLAN_TEMPLATE).filename or PLAN_TEMPLATE
            shown = f"<{first[0]} class={' '.join(first[1])!r}>" if first is not None else "text and no element"
            raise RenderError(
                f"{where}: « Ma séance » clones the block of each activity and the timetable's clock"
                f" (plan.js) times each li.pb-plan__block: rendered for « {activity} », the fragment"
                f' must start with <li class="pb-plan__block">, not {shown}'
            )
    about = clean_html(str(renderer.fragment(ABOUT_TEMPLATE, about=(placeholder, placeholder))))
    entries = about.count('class="pb-kit__about-entry"')
    if entries != 2:  # what the page repeats (a theme's copy of the fragment may have left it out)
        where = renderer.html_env.get_template(ABOUT_TEMPLATE).filename or ABOUT_TEMPLATE
        raise RenderError(
            f"{where}: « Ma séance » repeats the first .pb-kit__about-entry for each entry a case is"
            f" about, with what stands between the first two: rendered for two entries, the fragment"
            f" must print two, not {entries}"
        )
    return {"plan": plan, "about": about}


def _first_element(html: str) -> tuple[str, list[str]] | None:
    """The name and classes of the first element of ``html``, when nothing but white space comes
    before it (what the browser's ``firstElementChild`` of the cloned markup is), else ``None``."""
    parser = _FirstElement()
    parser.feed(html)
    parser.close()
    return parser.found


class _FirstElement(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, list[str]] | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.done:
            self.done = True
            self.found = (tag, " ".join(v or "" for k, v in attrs if k == "class").split())

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.done = True  # text first: the markup's first child is not the block


#: The entries a case line is about (builder_templates).
ABOUT_TEMPLATE = "playbook/fragments/kit-about.html.j2"
#: A block of the fiche d'animation's timetable (builder_templates).
PLAN_TEMPLATE = "playbook/fragments/plan-block.html.j2"


def _sheet_blocks(renderer: Renderer, links: PageContext, entry: Entry) -> dict[str, str]:
    blocks = {
        "group": renderer.fragment(
            "playbook/fragments/sheet-group.html.j2",
            entry=entry,
            order=1,
            summary=True,
            level=3,
            scope=BUILDER_CHECKLIST,
            links=links,
        )
    }
    if entry.kind.discussed:
        blocks["question"] = renderer.fragment("playbook/fragments/kit-question.html.j2", question=entry, links=links)
    if entry.kind.illustrates:
        blocks["case"] = renderer.fragment("playbook/fragments/kit-case.html.j2", case=entry, about=(), links=links)
    return {name: clean_html(str(html)) for name, html in blocks.items()}
