"""What changed in one entry, field by field, as a reader sees it.

:func:`compare_entries` compares two versions of an entry (:class:`~playbook.core.model.Entry`,
either may be ``None``) and returns one detail per field that differs, in the order of
:data:`playbook.core.spec.FIELDS`: a value that changed (:class:`Value`), items added or removed
from a list (:class:`Items`), the checklist (added, removed, reworded items, :class:`Checklist`),
the body (paragraphs added, removed, changed and the changed lines, :class:`Body`) and the
relations (:class:`Relations`). Ids stay ids here; the report shows the entries' titles.

The cost is bounded by the format's limits (a body of at most 60,000 characters, 30 checklist
items): the diffs run on paragraphs and lines, never character by character over a whole body.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .. import spec
from ..edition import french_date
from ..model import Entry

#: Lines of a body's diff kept for the report (the rest is counted).
MAX_DIFF_LINES = 60
#: Two checklist items this similar (``difflib`` ratio) are one item reworded, not one removed
#: and one added.
REWORDED_RATIO = 0.5
#: A body whose changed paragraphs hold this share of its text (or more) changed a lot.
MAJOR_BODY_SHARE = 0.25


@dataclass(frozen=True)
class Value:
    """A single value that changed (``None``: absent on that side). ``ref``: the values are ids."""

    field: str  #: a key of :data:`spec.FIELDS_BY_NAME`, or ``citation.<key>``
    before: str | None
    after: str | None
    ref: bool = False


@dataclass(frozen=True)
class Items:
    """A list field: what was added, what was removed, and whether the kept items moved."""

    field: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reordered: bool = False
    ref: bool = False


@dataclass(frozen=True)
class Reworded:
    before: str
    after: str


@dataclass(frozen=True)
class Checklist:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reworded: tuple[Reworded, ...] = ()
    #: (item, audience before, audience after); an audience is a key of :data:`spec.AUDIENCES` or ""
    audience: tuple[tuple[str, str, str], ...] = ()
    reordered: bool = False

    @property
    def items_changed(self) -> bool:
        """An item was added, removed or reworded: the printed list is not the same."""
        return bool(self.added or self.removed or self.reworded)


@dataclass(frozen=True)
class Body:
    added: int  #: paragraphs
    removed: int
    changed: int
    share: float  #: share of the text (both versions) in paragraphs that are not the same
    lines: tuple[str, ...]  #: the changed lines, ``-`` / ``+`` / `` `` prefixed (at most MAX_DIFF_LINES)
    more_lines: int = 0  #: changed lines left out of ``lines``

    @property
    def large(self) -> bool:
        return bool(self.added or self.removed) or self.share >= MAJOR_BODY_SHARE


@dataclass(frozen=True)
class RelationChange:
    relation: str  #: a key of :data:`spec.RELATIONS_BY_NAME`
    target: str  #: an id
    why_before: str = ""
    why_after: str = ""


@dataclass(frozen=True)
class Relations:
    added: tuple[RelationChange, ...] = ()
    removed: tuple[RelationChange, ...] = ()
    reasons: tuple[RelationChange, ...] = ()  #: same link, another reason


@dataclass(frozen=True)
class StepGoal:
    """A reading path's step kept, with a new goal."""

    entry: str
    before: str
    after: str


Detail = Value | Items | Checklist | Body | Relations | StepGoal


@dataclass(frozen=True)
class EntryDiff:
    """The details of one entry that differ, in the order of the format's fields."""

    details: tuple[Detail, ...] = ()
    #: Why the change deserves a ``changes:`` note for readers ("" when it does not).
    major: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.details)

    def of(self, kind: type[Detail]) -> list[Detail]:
        return [d for d in self.details if isinstance(d, kind)]


def _items(name: str, before: Sequence[str], after: Sequence[str], *, ordered: bool, ref: bool = False) -> Items | None:
    """Items added and removed (as multisets), and whether the items on both sides moved."""
    old, new = Counter(before), Counter(after)
    removed = tuple(_take(before, old - new))
    added = tuple(_take(after, new - old))
    kept_old = [v for v in before if v in new]
    kept_new = [v for v in after if v in old]
    reordered = ordered and _dedupe(kept_old) != _dedupe(kept_new)
    if not (added or removed or reordered):
        return None
    return Items(name, added, removed, reordered, ref)


def _take(values: Sequence[str], wanted: Counter[str]) -> list[str]:
    """The values counted in ``wanted``, in their order in ``values``."""
    left = Counter(wanted)
    out = []
    for value in values:
        if left[value] > 0:
            out.append(value)
            left[value] -= 1
    return out


def _dedupe(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _checklist(old: Entry | None, new: Entry | None) -> Checklist | None:
    before = old.checklist_items() if old else []
    after = new.checklist_items() if new else []
    if before == after:
        return None
    texts_before = [t for t, _ in before]
    texts_after = [t for t, _ in after]
    old_count, new_count = Counter(texts_before), Counter(texts_after)
    removed = _take(texts_before, old_count - new_count)
    added = _take(texts_after, new_count - old_count)
    reworded = []
    for text in list(removed):
        scored = [(difflib.SequenceMatcher(None, text, other).ratio(), i) for i, other in enumerate(added)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= REWORDED_RATIO:
            reworded.append(Reworded(text, added.pop(best[1])))
            removed.remove(text)
    audience_before = dict(before)
    audience = tuple(
        (text, audience_before[text], who)
        for text, who in after
        if text in audience_before and audience_before[text] != who
    )
    kept_before = _dedupe([t for t in texts_before if t in new_count])
    kept_after = _dedupe([t for t in texts_after if t in old_count])
    result = Checklist(tuple(added), tuple(removed), tuple(reworded), audience, kept_before != kept_after)
    return result if (result.items_changed or result.audience or result.reordered) else None


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _body(old: Entry | None, new: Entry | None) -> Body | None:
    before = old.body if old else ""
    after = new.body if new else ""
    if before == after:
        return None
    paragraphs_before, paragraphs_after = _paragraphs(before), _paragraphs(after)
    matcher = difflib.SequenceMatcher(None, paragraphs_before, paragraphs_after, autojunk=False)
    added = removed = changed = 0
    touched = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        touched += sum(map(len, paragraphs_before[i1:i2])) + sum(map(len, paragraphs_after[j1:j2]))
        common = min(i2 - i1, j2 - j1)
        changed += common
        removed += (i2 - i1) - common
        added += (j2 - j1) - common
    total = sum(map(len, paragraphs_before)) + sum(map(len, paragraphs_after))
    lines = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if not line.startswith(("---", "+++", "@@"))
    ]
    return Body(
        added,
        removed,
        changed,
        touched / total if total else 0.0,
        tuple(lines[:MAX_DIFF_LINES]),
        max(0, len(lines) - MAX_DIFF_LINES),
    )


def _relations(old: Entry | None, new: Entry | None, renamed: Mapping[str, str]) -> Relations | None:
    def links(entry: Entry | None, ids: Mapping[str, str]) -> dict[tuple[str, str], str]:
        if entry is None:
            return {}
        return {(name, ids.get(t, t)): entry.why(name, t) for name, targets in entry.relations.items() for t in targets}

    before, after = links(old, renamed), links(new, {})
    order = {r.name: i for i, r in enumerate(spec.RELATIONS)}

    def key(pair: tuple[str, str]) -> tuple[int, str]:
        return order[pair[0]], pair[1]

    added = tuple(
        RelationChange(r, t, why_after=after[(r, t)]) for r, t in sorted(after.keys() - before.keys(), key=key)
    )
    removed = tuple(
        RelationChange(r, t, why_before=before[(r, t)]) for r, t in sorted(before.keys() - after.keys(), key=key)
    )
    reasons = tuple(
        RelationChange(r, t, before[(r, t)], after[(r, t)])
        for r, t in sorted(before.keys() & after.keys(), key=key)
        if before[(r, t)] != after[(r, t)]
    )
    return Relations(added, removed, reasons) if (added or removed or reasons) else None


def _steps(old: Entry | None, new: Entry | None, renamed: Mapping[str, str]) -> list[Detail]:
    before = [(renamed.get(s.entry, s.entry), s.goal) for s in (old.steps if old else [])]
    after = new.steps if new else []
    details: list[Detail] = []
    moved = _items("steps", [entry for entry, _ in before], [s.entry for s in after], ordered=True, ref=True)
    if moved is not None:
        details.append(moved)
    goals = dict(before)
    details.extend(
        StepGoal(s.entry, goals[s.entry], s.goal) for s in after if s.entry in goals and goals[s.entry] != s.goal
    )
    return details


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


#: Fields compared as one value: field → how to read it from an entry.
_VALUES: dict[str, Callable[[Entry], object]] = {
    "kind": lambda e: e.kind.name,
    "title": lambda e: e.title,
    "summary": lambda e: e.summary,
    "source_note": lambda e: e.source_note,
    "duration": lambda e: e.duration,
    "role": lambda e: e.role,
    "owner": lambda e: e.owner,
    "reviewed": lambda e: e.reviewed.isoformat() if e.reviewed else None,
    "review_every": lambda e: e.review_every,
    "order": lambda e: e.order,
}
_REFERENCES: dict[str, Callable[[Entry], str | None]] = {
    "collection": lambda e: e.collection,
    "source": lambda e: e.source,
}
#: List fields: field → (items of an entry, whether their order shows, whether they are ids)
_LISTS: dict[str, tuple[Callable[[Entry], list[str]], bool, bool]] = {
    "tags": (lambda e: e.tags, False, False),
    "aliases": (lambda e: e.aliases, False, False),
    "quotes": (lambda e: [f"{q.text} ({q.author})" for q in e.quotes], True, False),
    "entries": (lambda e: e.entries, True, True),
    "objectives": (lambda e: e.objectives, True, False),
    "changes": (lambda e: [f"{french_date(c.date)} : {c.note}" for c in e.changes], False, False),
    "former_ids": (lambda e: e.former_ids, False, False),
    "also_from": (lambda e: e.also_from, True, True),
}
CITATION_KEYS = tuple(spec.CITATION_FIELDS)
#: Fields with a comparison of their own below; ``id`` is how entries are matched (renames: former_ids).
_SPECIAL = frozenset({"id", "body", "checklist", "relations", "steps", "citation"})
#: Every field of the format is compared (a test checks this set against spec.FIELDS).
COMPARED_FIELDS = frozenset({*_VALUES, *_REFERENCES, *_LISTS, *_SPECIAL})


def compare_entries(old: Entry | None, new: Entry | None, renamed: Mapping[str, str] | None = None) -> EntryDiff:
    """What differs between two versions of an entry (``None``: the entry does not exist there).
    ``renamed``: old id → new id of the entries renamed in the same change, so that a reference
    to a renamed entry is the same reference on both sides."""
    renamed = renamed or {}
    details: list[Detail] = []
    for spec_field in spec.FIELDS:
        name = spec_field.name
        if name in _VALUES:
            before = _text(_VALUES[name](old)) if old else None
            after = _text(_VALUES[name](new)) if new else None
            if before != after:
                details.append(Value(name, before, after))
        elif name in _REFERENCES:
            ref_before = _REFERENCES[name](old) if old else None
            ref_before = renamed.get(ref_before, ref_before) if ref_before else ref_before
            ref_after = _REFERENCES[name](new) if new else None
            if ref_before != ref_after:
                details.append(Value(name, ref_before, ref_after, ref=True))
        elif name in _LISTS:
            read, ordered, ref = _LISTS[name]
            values = read(old) if old else []
            if ref:
                values = [renamed.get(v, v) for v in values]
            found = _items(name, values, read(new) if new else [], ordered=ordered, ref=ref)
            if found is not None:
                details.append(found)
        elif name == "body":
            body = _body(old, new)
            if body is not None:
                details.append(body)
        elif name == "checklist":
            checklist = _checklist(old, new)
            if checklist is not None:
                details.append(checklist)
        elif name == "relations":
            relations = _relations(old, new, renamed)
            if relations is not None:
                details.append(relations)
        elif name == "steps":
            details.extend(_steps(old, new, renamed))
        elif name == "citation":
            for key in CITATION_KEYS:
                before = _text(getattr(old.citation, key)) if old and old.citation else None
                after = _text(getattr(new.citation, key)) if new and new.citation else None
                if before != after:
                    details.append(Value(f"citation.{key}", before, after))
    return EntryDiff(tuple(details), _major(details) if old is not None and new is not None else ())


def _major(details: Sequence[Detail]) -> tuple[str, ...]:
    """The changes a reader should be told about in ``changes:`` (the fields' names)."""
    reasons = []
    for detail in details:
        if isinstance(detail, Value) and detail.field in ("kind", "title", "summary", "collection"):
            reasons.append(detail.field)
        elif isinstance(detail, Checklist) and detail.items_changed:
            reasons.append("checklist")
        elif isinstance(detail, Body) and detail.large:
            reasons.append("body")
        elif isinstance(detail, Relations) and detail.removed:
            reasons.append("relations")
        elif isinstance(detail, Items) and detail.field in ("entries", "steps") and (detail.added or detail.removed):
            reasons.append(detail.field)
    return tuple(reasons)


def new_change_notes(old: Entry | None, new: Entry | None) -> list[str]:
    """The ``changes:`` notes of ``new`` that ``old`` did not have."""
    known = {(c.date, c.note) for c in old.changes} if old else set()
    return [c.note for c in (new.changes if new else []) if (c.date, c.note) not in known]
