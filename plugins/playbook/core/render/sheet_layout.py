"""The A4 checklist sheets: what a collection's sheet holds, and how densely it is set.

A collection's checklist (``listes/<collection>.md``, see :mod:`playbook.core.pages.printables`)
is laid out to fit one A4 page up to 30 items: :func:`density` picks a tighter type size from the
amount of text (see ``assets/playbook.print.css``). An entry's own checklist sheet gets its
density from :func:`entry_density`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import spec
from ..model import Entry, Playbook, sort_key

#: Millimetres per typographic point.
PT_MM = 25.4 / 72
#: The A4 sheet's text block: 210 × 297 mm less the ``@page`` margins of ``playbook.print.css``.
TEXT_WIDTH_MM = 210 - 2 * 14
TEXT_HEIGHT_MM = 297 - 2 * 12
#: Average advance of a character, in em, for French text (DejaVu Sans, the widest common sans
#: serif; measured on printed sheets), and the share of a line that word wrapping leaves used.
EM_REGULAR, EM_BOLD, WRAP_FILL = 0.52, 0.60, 0.92


@dataclass(frozen=True)
class Density:
    """A way of setting a collection checklist; mirrors ``.pb-density-<name>`` in playbook.print.css."""

    name: str
    font_pt: float  #: items and member titles
    line_height: float
    item_gap_mm: float  #: below each item
    title_gap_mm: float  #: above and below each member title
    notes_lines: int
    notes_line_mm: float


DENSITIES = (
    Density("normal", 10.5, 1.35, 1.1, 4.4, 3, 7.0),
    Density("compact", 9.5, 1.3, 0.6, 3.2, 2, 6.0),
    Density("dense", 8.5, 1.25, 0.3, 2.1, 1, 5.0),
    Density("tight", 7.5, 1.15, 0.2, 0.6, 1, 5.0),
)


@dataclass(frozen=True)
class Item:
    key: str  #: remembered by the browser when ticked: "<entry id>:<n>"
    text: str
    audience: str = ""  #: a key of :data:`spec.AUDIENCES`, or "" when the item does not say

    @property
    def chars(self) -> int:
        """The characters the item takes on its line, its audience label included."""
        return len(self.text) + (len(spec.AUDIENCES[self.audience]) + 3 if self.audience else 0)


@dataclass(frozen=True)
class SheetGroup:
    """One member of the collection and its checklist items."""

    entry: Entry
    items: tuple[Item, ...]


@dataclass(frozen=True)
class CaseLine:
    case: Entry
    about: tuple[Entry, ...]  #: the collection's members (or the collection) it is related to


def around_ids(
    chosen: Sequence[str],
    related: Callable[[str], tuple[Sequence[str], Sequence[str]]],
    discussed: Callable[[str], bool],
    rank: Callable[[str], Any],
    also: str | None = None,
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The rule of « questions and cases around these entries », on ids: the chosen questions
    (``discussed``), then the questions related to ``also`` and the chosen entries, each once; each
    related case, ordered by ``rank``, with the chosen entries it is about, in ``chosen``'s order.
    An entry of ``chosen`` is never listed as related. ``related(id)``: the ids of the questions
    and of the cases one relation away (sorted), as ``exports/seance.json`` gives them; ``also``
    (a collection) brings its related questions and cases but is never what a case is about.

    « Ma séance » applies the same rule in the browser to the entries the reader picks
    (``discussionAround`` in ``assets/trainers.js``, which the build cannot precompute for every
    choice); both are tested on ``tests/vectors/discussion-around.json``."""
    chosen_set = set(chosen)
    questions = {i: None for i in chosen if discussed(i)}
    cases: dict[str, list[str]] = {}
    for entry_id in ([also] if also is not None else []) + list(chosen):
        related_questions, related_cases = related(entry_id)
        for question in related_questions:
            if question not in chosen_set:
                questions.setdefault(question, None)
        for case in related_cases:
            if case in chosen_set:
                continue
            about = cases.setdefault(case, [])
            if entry_id != also and entry_id not in about:
                about.append(entry_id)
    return list(questions), sorted(cases.items(), key=lambda kv: rank(kv[0]))


def related_around(playbook: Playbook, entry_id: str) -> tuple[list[str], list[str]]:
    """The ids of the questions and of the cases one relation away from ``entry_id``, sorted."""
    around = sorted(playbook.neighbours(entry_id))
    return (
        [i for i in around if playbook.entries[i].kind.discussed],
        [i for i in around if playbook.entries[i].kind.illustrates],
    )


def discussion_around(
    playbook: Playbook, chosen: Sequence[Entry], also: Entry | None = None, sort_about: bool = False
) -> tuple[tuple[Entry, ...], tuple[CaseLine, ...]]:
    """The questions to discuss and the cases to read around ``chosen`` (a collection's members, a
    séance's entries), by :func:`around_ids`; the entries a case is about in ``chosen``'s order, or
    sorted."""
    entries = playbook.entries
    questions, cases = around_ids(
        [e.id for e in chosen],
        lambda i: related_around(playbook, i),
        lambda i: entries[i].kind.discussed,
        lambda i: sort_key(entries[i]),
        also.id if also is not None else None,
    )
    case_lines = []
    for case, ids in cases:
        about = [entries[i] for i in ids]
        case_lines.append(CaseLine(entries[case], tuple(sorted(about, key=sort_key) if sort_about else about)))
    return tuple(entries[i] for i in questions), tuple(case_lines)


@dataclass(frozen=True)
class CollectionSheet:
    collection: Entry
    groups: tuple[SheetGroup, ...]
    questions: tuple[Entry, ...]
    cases: tuple[CaseLine, ...]
    sources: tuple[Entry, ...]  #: the collection's source, then the members' other sources
    density: str

    @property
    def notes_lines(self) -> int:
        return next(d.notes_lines for d in DENSITIES if d.name == self.density)

    @property
    def item_count(self) -> int:
        return sum(len(g.items) for g in self.groups)


def items_of(entry: Entry) -> tuple[Item, ...]:
    return tuple(Item(f"{entry.id}:{n}", text, who) for n, (text, who) in enumerate(entry.checklist_items(), start=1))


def _lines(chars: int, font_pt: float, width_mm: float, em: float) -> int:
    per_line = max(1, int(width_mm / (em * font_pt * PT_MM) * WRAP_FILL))
    return max(1, math.ceil(chars / per_line))


def estimated_height_mm(title: str, meta_chars: int, groups: tuple[SheetGroup, ...], d: Density) -> float:
    """The height of a collection checklist set with ``d``, estimated from its text (an upper bound
    in practice: wrapping is counted at 92 % of a line)."""
    height = _lines(len("Liste de contrôle : " + title), 17, TEXT_WIDTH_MM, EM_BOLD) * 17 * 1.3 * PT_MM + 2
    height += _lines(meta_chars, 8.5, TEXT_WIDTH_MM, EM_REGULAR) * 8.5 * 1.35 * PT_MM + 3
    line_mm = d.font_pt * d.line_height * PT_MM
    for group in groups:
        title_chars = len(group.entry.title) + len(group.entry.id) + 5
        height += d.title_gap_mm + _lines(title_chars, d.font_pt, TEXT_WIDTH_MM, EM_BOLD) * line_mm
        for item in group.items:
            height += _lines(item.chars, d.font_pt, TEXT_WIDTH_MM - 6, EM_REGULAR) * line_mm + d.item_gap_mm
    height += 4 + 5 + d.notes_lines * d.notes_line_mm  # notes
    return height + 3 + 7.5 * 1.35 * PT_MM  # trace line


def density(title: str, meta_chars: int, groups: tuple[SheetGroup, ...]) -> str:
    """The loosest :data:`DENSITIES` setting with which the checklist fits one A4 page (with 8 mm
    to spare); the tightest when none does: then it flows onto a second page, items unsplit."""
    for d in DENSITIES:
        if estimated_height_mm(title, meta_chars, groups, d) <= TEXT_HEIGHT_MM - 8:
            return d.name
    return DENSITIES[-1].name


def _meta_chars(groups: tuple[SheetGroup, ...], sources: tuple[Entry, ...]) -> int:
    cited = sum(
        len(s.title)
        + 16
        + (len(s.citation.author or "auteur non indiqué") + len(s.citation.publication or "") if s.citation else 0)
        for s in sources
    )
    return 70 + len(groups[0].entry.collection or "") + len(groups[0].entry.id) + cited


def entry_density(entry: Entry, source: Entry | None) -> str:
    """The density of an entry's own checklist sheet (up to 30 items, like a collection's)."""
    group = SheetGroup(entry, items_of(entry))
    return density(entry.title, _meta_chars((group,), (source,) if source else ()), (group,))


def collection_sheets(playbook: Playbook) -> list[CollectionSheet]:
    """A sheet for every collection whose members have at least one checklist item."""
    sheets = []
    for collection in playbook.by_kind["collection"]:
        members = playbook.members.get(collection.id, [])
        groups = tuple(SheetGroup(m, items_of(m)) for m in members if m.checklist)
        if not groups:
            continue
        questions, case_lines = discussion_around(playbook, members, also=collection, sort_about=True)
        sources: dict[str, Entry] = {}
        for entry in (collection, *(g.entry for g in groups)):
            for source_id in entry.sources:
                if source_id in playbook.entries:
                    sources.setdefault(source_id, playbook.entries[source_id])
        sheets.append(
            CollectionSheet(
                collection,
                groups,
                tuple(sorted(questions, key=sort_key)),
                case_lines,
                tuple(sources.values()),
                density(collection.title, _meta_chars(groups, tuple(sources.values())), groups),
            )
        )
    return sheets


def shown_ids(sheet: CollectionSheet) -> set[str]:
    """Every entry a collection's checklist or kit shows (its title, items, or as a link)."""
    return {
        sheet.collection.id,
        *(g.entry.id for g in sheet.groups),
        *(q.id for q in sheet.questions),
        *(c.case.id for c in sheet.cases),
        *(e.id for c in sheet.cases for e in c.about),
        *(s.id for s in sheet.sources),
    }
