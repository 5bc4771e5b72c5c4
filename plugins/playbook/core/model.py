"""The linked playbook: entries, their typed relations and the backlinks computed from them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import spec
from .markdown_refs import iter_refs


@dataclass(frozen=True)
class Quote:
    text: str
    author: str
    context: str = ""


@dataclass(frozen=True)
class Citation:
    """Bibliographic reference of a source entry; ``None`` where the text does not say."""

    author: str | None = None
    publication: str | None = None
    year: int | None = None
    url: str | None = None
    language: str | None = None
    title_kind: str | None = None

    @property
    def descriptive_title(self) -> bool:
        """The entry's title was written for the playbook: show it without « »."""
        return self.title_kind == "descriptive"


def _target_id(item: Any) -> str:
    return item["id"] if isinstance(item, dict) else item


def _item_text(item: Any) -> str:
    return item["text"] if isinstance(item, dict) else item


@dataclass(frozen=True)
class Step:
    """One step of a reading path: the entry to read and what the reader should get from it."""

    entry: str
    goal: str


@dataclass(frozen=True)
class Change:
    """A change note: what changed for readers, and when (``changes:`` in an entry)."""

    date: dt.date
    note: str


@dataclass(eq=False)
class Entry:
    """One validated entry. Relations hold ids; :class:`Playbook` resolves them."""

    id: str
    kind: spec.Kind
    title: str
    summary: str
    body: str
    path: Path
    display: str
    checklist: list[str] = field(default_factory=list)
    #: One per checklist item: a key of :data:`spec.AUDIENCES`, or "" when the item does not say.
    checklist_audience: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    collection: str | None = None
    order: int | None = None
    relations: dict[str, list[str]] = field(default_factory=dict)
    source: str | None = None
    #: the other sources the entry draws on, after ``source`` (``also_from``)
    also_from: list[str] = field(default_factory=list)
    source_note: str = ""
    citation: Citation | None = None
    duration: int | None = None  #: a session's length, in minutes
    objectives: list[str] = field(default_factory=list)  #: a session's objectives
    role: str = ""  #: who a reading path is for
    steps: list[Step] = field(default_factory=list)  #: a reading path's steps
    #: (relation, target id) -> why the link holds, for the relations declared with a reason.
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)
    owner: str | None = None
    reviewed: dt.date | None = None
    review_every: int | None = None  #: months; ``None``: the default of the kind or the playbook
    changes: list[Change] = field(default_factory=list)
    former_ids: list[str] = field(default_factory=list)
    #: The entry's fields as its file gives them (validated): what the exports write, and where
    #: a kind's own fields are read (``entry.data.blocks``), with no attribute of their own here.
    data: Mapping[str, Any] = field(default_factory=dict)
    #: The ids its reference fields name (:data:`spec.REFERENCES`: collection, source, a session's
    #: entries, a path's steps...), in the order of that table.
    refs: tuple[str, ...] = ()
    #: Those of them whose page lists this entry back (``about``, a grid's criteria...).
    shown_on: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any], path: Path, display: str) -> Entry:
        return cls(
            id=data["id"],
            kind=spec.KINDS_BY_NAME[data["kind"]],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            path=path,
            display=display,
            checklist=[_item_text(item) for item in data.get("checklist", [])],
            checklist_audience=[
                item.get("audience", "") if isinstance(item, dict) else "" for item in data.get("checklist", [])
            ],
            tags=list(data.get("tags", [])),
            aliases=list(data.get("aliases", [])),
            quotes=[Quote(q["text"], q["author"], q.get("context", "")) for q in data.get("quotes", [])],
            collection=data.get("collection"),
            order=data.get("order"),
            relations={k: [_target_id(item) for item in v] for k, v in (data.get("relations") or {}).items()},
            source=data.get("source"),
            also_from=list(data.get("also_from", [])),
            source_note=data.get("source_note", ""),
            citation=Citation(**data["citation"]) if "citation" in data else None,
            reasons={
                (name, item["id"]): item["why"]
                for name, items in (data.get("relations") or {}).items()
                for item in items
                if isinstance(item, dict) and item.get("why")
            },
            duration=data.get("duration"),
            objectives=list(data.get("objectives", [])),
            role=data.get("role", ""),
            steps=[Step(s["entry"], s["goal"]) for s in data.get("steps", [])],
            owner=data.get("owner"),
            reviewed=dt.date.fromisoformat(data["reviewed"]) if "reviewed" in data else None,
            review_every=data.get("review_every"),
            changes=sorted(
                (Change(dt.date.fromisoformat(c["date"]), c["note"]) for c in data.get("changes", [])),
                key=lambda c: c.date,
                reverse=True,
            ),
            former_ids=list(data.get("former_ids", [])),
            data=data,
            refs=tuple(spec.referenced_ids(data)),
            shown_on=tuple(dict.fromkeys(spec.referenced_ids(data, shown_back=True))),
        )

    @property
    def entries(self) -> list[str]:
        """The entries a session's blocks use, in the order of first use, each once (none for
        other kinds)."""
        seen: dict[str, None] = {}
        for block in self.data.get("blocks", ()):
            for entry_id in block.get("entries", ()):
                seen.setdefault(entry_id, None)
        return list(seen)

    def checklist_items(self) -> list[tuple[str, str]]:
        """(text, audience) per checklist item; audience "" when the item does not say."""
        who = self.checklist_audience
        return [(text, who[i] if i < len(who) else "") for i, text in enumerate(self.checklist)]

    def why(self, relation: str, target: str) -> str:
        """Why this entry declares ``relation`` to ``target`` ("" if it does not say)."""
        return self.reasons.get((relation, target), "")

    @property
    def sources(self) -> list[str]:
        """The ids of the entry's sources: ``source`` first, then ``also_from``."""
        return [*([self.source] if self.source else []), *self.also_from]

    @cached_property
    def inline_refs(self) -> tuple[str, ...]:
        """The ids of its body's ``[[id]]`` links (kept: an entry is read-only, and reused from one
        check to the next while its file is unchanged)."""
        return tuple(ref.target for ref in iter_refs(self.body))


@dataclass(frozen=True)
class Link:
    """A group of links shown on a page: a label and the entries it points at."""

    label: str
    relation: str
    entries: tuple[Entry, ...]
    incoming: bool
    #: One per entry: why the link holds ("" when the declaring entry does not say).
    reasons: tuple[str, ...] = ()

    @property
    def items(self) -> list[tuple[Entry, str]]:
        """(entry, reason) pairs, for templates."""
        reasons = self.reasons or ("",) * len(self.entries)
        return list(zip(self.entries, reasons, strict=True))


_KIND_RANK = {k.name: i for i, k in enumerate(spec.KINDS)}


def sort_key(entry: Entry) -> tuple[int, str, int, str]:
    return (_KIND_RANK[entry.kind.name], entry.collection or "~", entry.order or 0, entry.id)


class Playbook:
    """Every entry with relations resolved both ways. Built by :func:`link`; read-only after."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: dict[str, Entry] = {e.id: e for e in sorted(entries, key=sort_key)}
        self._out: dict[str, list[Link]] = {}
        self._in: dict[str, list[Link]] = {}
        self.members: dict[str, list[Entry]] = defaultdict(list)
        self.cited_by: dict[str, list[Entry]] = defaultdict(list)
        self.tags: dict[str, list[Entry]] = defaultdict(list)
        #: a former id (``former_ids``) → the entry that has it now
        self.former: dict[str, Entry] = {}
        self.by_kind: dict[str, list[Entry]] = {k.name: [] for k in spec.KINDS}
        self._neighbours: dict[str, frozenset[str]] = {}  #: :meth:`neighbours`, as asked
        incoming: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
        for entry in self.entries.values():
            self.by_kind[entry.kind.name].append(entry)
            if entry.collection:
                self.members[entry.collection].append(entry)
            for source_id in entry.sources:
                self.cited_by[source_id].append(entry)
            for tag in entry.tags:
                self.tags[tag].append(entry)
            for old in entry.former_ids:
                self.former[old] = entry
            links = []
            for relation in spec.RELATIONS:
                targets = entry.relations.get(relation.name)
                if not targets:
                    continue
                links.append(
                    Link(
                        relation.label,
                        relation.name,
                        tuple(self.entries[t] for t in targets),
                        False,
                        tuple(entry.why(relation.name, t) for t in targets),
                    )
                )
                for target in targets:
                    incoming[target][relation.name].append(entry)
            self._out[entry.id] = links
        for members in self.members.values():
            members.sort(key=lambda e: (e.order or 0, e.id))
        for entry_id, by_relation in incoming.items():
            groups = []
            for relation in spec.RELATIONS:
                sources = by_relation.get(relation.name)
                if sources:
                    # in playbook order already: sources were appended walking self.entries
                    groups.append(
                        Link(
                            relation.inverse,
                            relation.name,
                            tuple(sources),
                            True,
                            tuple(s.why(relation.name, entry_id) for s in sources),
                        )
                    )
            self._in[entry_id] = groups
        self.tags = dict(sorted(self.tags.items()))
        #: entry id → the entries that name it in a reference shown back (a case's guide, the terms
        #: an entry explains, the situations whose grid cites it), in playbook order
        self.referrers: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries.values():
            for target in entry.shown_on:
                self.referrers[target].append(entry)
        #: entry id → (path, index of its step) for every reading path that goes through it
        self.on_paths: dict[str, list[tuple[Entry, int]]] = defaultdict(list)
        for entry in self.entries.values():
            for index, step in enumerate(entry.steps):
                self.on_paths[step.entry].append((entry, index))

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def resolve(self, entry_id: str) -> Entry:
        """The entry of ``entry_id``, or of the entry that had it before (``former_ids``)."""
        entry = self.entries.get(entry_id)
        return entry if entry is not None else self.former[entry_id]

    def outgoing(self, entry_id: str) -> list[Link]:
        return self._out.get(entry_id, [])

    def backlinks(self, entry_id: str) -> list[Link]:
        return self._in.get(entry_id, [])

    def links(self, entry_id: str) -> list[Link]:
        """Outgoing then incoming groups; a symmetric relation is shown once, merged."""
        result: list[Link] = []
        merged: dict[str, dict[Entry, str]] = {}
        for group in [*self.outgoing(entry_id), *self.backlinks(entry_id)]:
            if spec.RELATIONS_BY_NAME[group.relation].symmetric:
                seen = merged.setdefault(group.relation, {})
                for other, why in group.items:
                    seen[other] = seen.get(other) or why  # either end may give the reason
            else:
                result.append(group)
        for name, seen in merged.items():
            relation = spec.RELATIONS_BY_NAME[name]
            ordered = sorted(seen, key=sort_key)
            result.append(Link(relation.label, name, tuple(ordered), False, tuple(seen[e] for e in ordered)))
        return result

    def shown_by(self, entry_id: str) -> set[str]:
        """Ids of the entries whose pages show this entry because of its own fields: the targets
        of its relations (a backlink) and the entries its reference fields name (a collection
        lists its members, a source the entries that cite it, a path's steps the paths through
        them, a case's guide the cases about it...).

        The one home of « whose page shows X »: the incremental engine renders those pages again
        after an edit of X (:mod:`playbook.core.pages.registry`); the pages that showed X before
        the edit are known from what they recorded (``depends_on``), not from here."""
        entry = self.entries[entry_id]
        ids = {t for targets in entry.relations.values() for t in targets if t in self.entries}
        ids.update(r for r in entry.refs if r in self.entries)
        return ids

    def neighbours(self, entry_id: str) -> frozenset[str]:
        """Ids one relation away in either direction: the entries whose pages show this one
        (:meth:`shown_by`) and those its own page shows as related to it (its backlinks, the
        paths through it, the entries that name it in a reference shown back, its ``[[id]]``
        links). What « questions and cases around » an entry are drawn from.

        Kept per playbook, and carried to the next one :func:`link` makes when its links are the
        same (:func:`_same_links`: an edit of titles or texts only)."""
        found = self._neighbours.get(entry_id)
        if found is None:
            ids = self.shown_by(entry_id)
            ids.update(e.id for group in self.backlinks(entry_id) for e in group.entries)
            entry = self.entries[entry_id]
            ids.update(self.resolve(r).id for r in entry.inline_refs if r in self.entries or r in self.former)
            ids.update(p.id for p, _ in self.on_paths.get(entry_id, ()))
            ids.update(e.id for e in self.referrers.get(entry_id, ()))
            found = self._neighbours[entry_id] = frozenset(ids)
        return found

    def stats(self) -> dict[str, int]:
        return {kind: len(entries) for kind, entries in self.by_kind.items() if entries}


def link(items: Sequence[tuple[dict[str, Any], Path, str]], kept: Playbook | None = None) -> Playbook:
    """Build the linked playbook from validated data: (data, path, display) triples.

    ``kept``: a playbook linked before (``mkdocs serve``'s previous check), whose entries are taken
    as they are where made from the very same ``data`` object (a file not parsed again), path and
    display: an :class:`Entry` depends on nothing else, and is read-only."""
    old = kept.entries if kept is not None else {}

    def entry(data: dict[str, Any], path: Path, display: str) -> Entry:
        found = old.get(data["id"])
        if found is not None and found.data is data and found.path == path and found.display == display:
            return found
        return Entry.from_data(data, path, display)

    playbook = Playbook(entry(data, path, display) for data, path, display in items)
    if kept is not None and _same_links(kept, playbook):
        playbook._neighbours = kept._neighbours
    return playbook


def _links(entry: Entry) -> tuple[object, ...]:
    """What an entry gives :meth:`Playbook.neighbours` (of itself and of the entries it names)."""
    return (
        entry.kind.name,
        entry.relations,
        entry.refs,
        entry.shown_on,
        tuple(s.entry for s in entry.steps),
        entry.inline_refs,
        entry.former_ids,
    )


def _same_links(before: Playbook, now: Playbook) -> bool:
    """Whether the two playbooks have the same entries, linked the same way (their kinds, relations,
    references, paths' steps, ``[[id]]`` links and former ids are equal)."""
    if before.entries.keys() != now.entries.keys():
        return False
    old = before.entries
    return all(e is old[i] or _links(e) == _links(old[i]) for i, e in now.entries.items())
