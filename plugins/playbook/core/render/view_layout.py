"""Relation views: the cases × laws and commandments matrix and the relation map, from the data.

Both views are drawn per *group* of principles: a collection (the 6 laws of Temkin, the 10
commandments...) or, for principles outside any collection, their kind in slices of
:data:`MAX_COLUMNS`. A group never has more than :data:`MAX_COLUMNS` members, so a table stays
readable (and fits an A4 page) however large the playbook grows; its rows are only the entries
linked to the group. Building the views walks each relation once: the cost grows with the
number of links, never with entries × entries.

- :func:`case_matrices`: which case illustrates which law or commandment (``illustrates``).
- :func:`relation_maps`: a layered picture per group of laws, commandments, procedures and rules:
  the cases that illustrate or apply them on the left, the questions that test or apply them on
  the right. The layout is deterministic (same data, same picture): members keep their
  collection order; each side is ordered by the mean position of the members it links to, then
  by the usual entry order, which keeps crossings few.

The two pages are rendered by :mod:`playbook.core.pages.views`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .. import spec
from ..model import Entry, Playbook, sort_key

#: Columns of the matrix, and the relation it shows.
MATRIX_KINDS = tuple(k.name for k in spec.KINDS if k.in_matrix)
MATRIX_RELATION = "illustrates"
#: The middle column of the relation map, and which entries it draws on each side.
MAP_KINDS = tuple(k.name for k in spec.KINDS if k.principle)
MAP_LEFT = (next(k.name for k in spec.KINDS if k.illustrates), ("illustrates", "applies"))
MAP_RIGHT = (next(k.name for k in spec.KINDS if k.discussed), ("tests", "applies"))
#: Most principles shown side by side (columns of a matrix, members of a map).
MAX_COLUMNS = 12


@dataclass(frozen=True)
class PrincipleGroup:
    """Principles shown together: a collection's members, or a slice of those without one."""

    key: str  #: unique, usable as an HTML id
    title: str
    collection: Entry | None
    members: tuple[Entry, ...]

    def label(self, member: Entry) -> str:
        """A member's short column label: its rank in the collection, else its position."""
        if self.collection is not None and member.order is not None:
            return str(member.order)
        return str(self.members.index(member) + 1)


def principle_groups(playbook: Playbook, kinds: Sequence[str]) -> list[PrincipleGroup]:
    """Every entry of ``kinds``, in groups of at most :data:`MAX_COLUMNS`, in a stable order."""
    groups: list[PrincipleGroup] = []
    grouped: set[str] = set()
    rank = {kind: i for i, kind in enumerate(kinds)}
    collections = []
    for collection_id, members in playbook.members.items():
        shown = [m for m in members if m.kind.name in rank]
        if shown and collection_id in playbook.entries:
            first = min(rank[m.kind.name] for m in shown)
            collections.append((first, sort_key(playbook[collection_id]), playbook[collection_id], shown))
    for _, _, collection, members in sorted(collections, key=lambda c: c[:2]):
        grouped.update(m.id for m in members)
        groups.extend(_slices(collection.id, collection.title, collection, members))
    for kind in kinds:
        rest = [e for e in playbook.by_kind[kind] if e.id not in grouped]
        label = spec.KINDS_BY_NAME[kind].plural
        title = f"{label} hors collection" if collections else label
        groups.extend(_slices(f"autres-{spec.KINDS_BY_NAME[kind].folder}", title, None, rest))
    return groups


def _slices(key: str, title: str, collection: Entry | None, members: Sequence[Entry]) -> list[PrincipleGroup]:
    if not members:
        return []
    if len(members) <= MAX_COLUMNS:
        return [PrincipleGroup(key, title, collection, tuple(members))]
    groups = []
    for start in range(0, len(members), MAX_COLUMNS):
        part = tuple(members[start : start + MAX_COLUMNS])
        groups.append(
            PrincipleGroup(
                f"{key}-{start // MAX_COLUMNS + 1}", f"{title} ({start + 1} à {start + len(part)})", collection, part
            )
        )
    return groups


# -- the matrix ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MatrixRow:
    entry: Entry
    marks: tuple[bool, ...]  #: one per member of the group


@dataclass(frozen=True)
class Matrix:
    group: PrincipleGroup
    rows: tuple[MatrixRow, ...]

    @property
    def counts(self) -> tuple[int, ...]:
        """How many rows mark each column (0: no case illustrates that member yet)."""
        return tuple(sum(row.marks[i] for row in self.rows) for i in range(len(self.group.members)))


def case_matrices(playbook: Playbook) -> list[Matrix]:
    """One matrix per group of laws and commandments: the cases illustrating its members."""
    groups = principle_groups(playbook, MATRIX_KINDS)
    position = {member.id: (g, i) for g, group in enumerate(groups) for i, member in enumerate(group.members)}
    marked: dict[int, dict[str, set[int]]] = defaultdict(dict)
    cases = [e for k in spec.RELATIONS_BY_NAME[MATRIX_RELATION].sources for e in playbook.by_kind[k]]
    for case in cases:
        for target in case.relations.get(MATRIX_RELATION, []):
            if target in position:
                g, i = position[target]
                marked[g].setdefault(case.id, set()).add(i)
    matrices = []
    for g, group in enumerate(groups):
        rows = tuple(
            MatrixRow(playbook[case_id], tuple(i in columns for i in range(len(group.members))))
            for case_id, columns in sorted(marked[g].items(), key=lambda item: sort_key(playbook[item[0]]))
        )
        matrices.append(Matrix(group, rows))
    return matrices


# -- the map ------------------------------------------------------------------------------------
NODE_WIDTH = 210
LINE_HEIGHT = 15
NODE_PADDING = 7
ROW_GAP = 10
COLUMN_GAP = 70
HEADER_HEIGHT = 30
PADDING = 6
LINE_CHARS = 27  #: characters per line in a box (13px system font); two lines at most
LINES = 2
NODE_HEIGHT = LINES * LINE_HEIGHT + 2 * NODE_PADDING
_ROW = NODE_HEIGHT + ROW_GAP


@dataclass(frozen=True)
class Node:
    entry: Entry
    column: int  #: 0 left (cases), 1 middle (the group), 2 right (questions)
    x: int
    y: int
    lines: tuple[str, ...]  #: the title on at most two lines, shortened with "…" if needed
    width: int = NODE_WIDTH
    height: int = NODE_HEIGHT

    @property
    def text(self) -> tuple[tuple[int, int, str], ...]:
        """(x, y, line) of each line of the label, centred vertically in the box."""
        top = self.y + (self.height - len(self.lines) * LINE_HEIGHT) // 2
        return tuple((self.x + 8, top + (i + 1) * LINE_HEIGHT - 4, line) for i, line in enumerate(self.lines))


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    relation: str
    path: str  #: SVG path data, a smooth curve between the two nodes


@dataclass(frozen=True)
class RelationMap:
    group: PrincipleGroup
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    width: int
    height: int
    columns: tuple[tuple[str, int], ...]  #: (heading, x of its centre) of each non-empty column

    def side(self, column: int) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.column == column)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut[limit // 2 :]:  # do not cut a word in two
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-\u00a0\u202f") + "…"


def wrap(text: str, width: int = LINE_CHARS, lines: int = LINES) -> tuple[str, ...]:
    """``text`` on at most ``lines`` lines of ``width`` characters, broken between words; the
    last line is shortened with "…" when the text does not fit."""
    words = text.split()
    out: list[str] = []
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        if len(line) > width:  # one word longer than a line
            words.insert(0, line[width - 1 :])
            line = line[: width - 1] + "-"
        out.append(line)
    if words:
        out.append(shorten(" ".join(words), width))
    return tuple(out)


def relation_maps(playbook: Playbook) -> list[RelationMap]:
    """One map per group of principles that is linked to at least one case or question."""
    groups = principle_groups(playbook, MAP_KINDS)
    position = {member.id: (g, i) for g, group in enumerate(groups) for i, member in enumerate(group.members)}
    links: dict[int, dict[int, dict[str, list[tuple[int, str]]]]] = defaultdict(lambda: {0: {}, 2: {}})
    for column, (kind, relations) in ((0, MAP_LEFT), (2, MAP_RIGHT)):
        for entry in playbook.by_kind[kind]:
            for relation in relations:
                for target in entry.relations.get(relation, []):
                    if target in position:
                        g, i = position[target]
                        links[g][column].setdefault(entry.id, []).append((i, relation))
    return [_layout(playbook, group, links[g]) for g, group in enumerate(groups) if links[g][0] or links[g][2]]


def _layout(
    playbook: Playbook, group: PrincipleGroup, sides: dict[int, dict[str, list[tuple[int, str]]]]
) -> RelationMap:
    def order(linked: dict[str, list[tuple[int, str]]]) -> list[str]:
        def key(entry_id: str) -> tuple[float, tuple[int, str, int, str]]:
            targets = {i for i, _ in linked[entry_id]}
            return (sum(targets) / len(targets), sort_key(playbook[entry_id]))

        return sorted(linked, key=key)

    columns = {0: order(sides[0]), 1: [m.id for m in group.members], 2: order(sides[2])}
    tallest = max(len(ids) for ids in columns.values())
    height = HEADER_HEIGHT + tallest * _ROW - ROW_GAP + 2 * PADDING
    width = 3 * NODE_WIDTH + 2 * COLUMN_GAP + 2 * PADDING
    nodes: dict[tuple[int, str], Node] = {}
    for column, ids in columns.items():
        x = PADDING + column * (NODE_WIDTH + COLUMN_GAP)
        used = len(ids) * _ROW - ROW_GAP
        top = HEADER_HEIGHT + PADDING + (tallest * _ROW - ROW_GAP - used) // 2
        for row, entry_id in enumerate(ids):
            entry = playbook[entry_id]
            nodes[column, entry_id] = Node(entry, column, x, top + row * _ROW, wrap(entry.title))
    edges = []
    for column in (0, 2):
        for entry_id in columns[column]:
            for i, relation in sorted(set(sides[column][entry_id])):
                source, target = nodes[column, entry_id], nodes[1, group.members[i].id]
                edges.append(Edge(source, target, relation, _curve(source, target)))
    kinds = {m.kind for m in group.members}
    middle = kinds.pop().plural if len(kinds) == 1 else "Entrées"
    headings = ((0, spec.KINDS_BY_NAME[MAP_LEFT[0]].plural), (1, middle), (2, spec.KINDS_BY_NAME[MAP_RIGHT[0]].plural))
    heads = tuple(
        (title, PADDING + c * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH // 2) for c, title in headings if columns[c]
    )
    ordered = tuple(nodes[c, i] for c in (0, 1, 2) for i in columns[c])
    return RelationMap(group, ordered, tuple(edges), width, height, heads)


def _curve(source: Node, target: Node) -> str:
    """From the facing side of ``source`` to the facing side of ``target``."""
    if source.x < target.x:
        x1, x2 = source.x + source.width, target.x
    else:
        x1, x2 = source.x, target.x + target.width
    y1, y2 = source.y + source.height // 2, target.y + target.height // 2
    middle = (x1 + x2) // 2
    return f"M{x1} {y1} C{middle} {y1} {middle} {y2} {x2} {y2}"
