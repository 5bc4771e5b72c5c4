"""The relation views of the core (core/render/view_layout.py, core/pages/views.py): matrix, map layout,
and their pages."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI_LAWS
from playbook.core import check
from playbook.core.model import Playbook, link
from playbook.core.pages import render_all
from playbook.core.pages.views import render_views
from playbook.core.render.renderer import Renderer
from playbook.core.render.urls import PageSpec
from playbook.core.render.view_layout import (
    MAX_COLUMNS,
    case_matrices,
    principle_groups,
    relation_maps,
    shorten,
    wrap,
)


def entry(entry_id: str, kind: str, title: str, **fields: Any) -> tuple[dict[str, Any], Path, str]:
    data = {"id": entry_id, "kind": kind, "title": title, "summary": f"Résumé de {title}.", "body": "Texte.", **fields}
    return data, Path(f"{entry_id}.yaml"), f"{entry_id}.yaml"


def synthetic(cases: int, laws: int, *, per_case: int = 2, shuffle: bool = False, seed: int = 1) -> Playbook:
    """``laws`` laws (the first 6 in a collection), ``cases`` cases illustrating ``per_case`` laws each,
    and one question per law testing it."""
    items = [entry("collection-a", "collection", "Les lois A")]
    for n in range(1, laws + 1):
        extra = {"collection": "collection-a", "order": n} if n <= 6 else {}
        items.append(entry(f"loi-{n:04d}", "law", f"Loi numéro {n}", checklist=["Faire"], **extra))
        items.append(entry(f"question-{n:04d}", "question", f"Question {n}", relations={"tests": [f"loi-{n:04d}"]}))
    rng = random.Random(seed)
    for n in range(1, cases + 1):
        targets = sorted({f"loi-{rng.randint(1, laws):04d}" for _ in range(per_case)})
        items.append(entry(f"cas-{n:04d}", "case", f"Cas {n}", relations={"illustrates": targets}))
    if shuffle:
        rng.shuffle(items)
    return link(items)


@pytest.fixture(scope="module")
def mini() -> Playbook:
    result = check(MINI_LAWS)
    assert result.playbook is not None
    return result.playbook


def test_the_mini_matrix_marks_the_case_that_illustrates_the_law(mini: Playbook) -> None:
    matrices = case_matrices(mini)
    assert [m.group.title for m in matrices] == ["Les 6 lois de Temkin"]
    (matrix,) = matrices
    assert [m.id for m in matrix.group.members] == ["loi-temkin-4"]
    assert matrix.group.label(matrix.group.members[0]) == "4"  # its rank in the collection
    assert [(row.entry.id, row.marks) for row in matrix.rows] == [("coolblue", (True,))]
    assert matrix.counts == (1,)


def test_every_illustration_is_one_mark_and_nothing_else_is() -> None:
    playbook = synthetic(cases=300, laws=40)
    marks = {
        (row.entry.id, m.group.members[i].id)
        for m in case_matrices(playbook)
        for row in m.rows
        for i, mark in enumerate(row.marks)
        if mark
    }
    expected = {(case.id, target) for case in playbook.by_kind["case"] for target in case.relations["illustrates"]}
    assert marks == expected


def test_groups_never_exceed_the_column_limit_and_cover_every_law_once() -> None:
    playbook = synthetic(cases=10, laws=40)
    groups = principle_groups(playbook, ("law", "commandment"))
    assert all(0 < len(g.members) <= MAX_COLUMNS for g in groups)
    members = [m.id for g in groups for m in g.members]
    assert sorted(members) == sorted(e.id for e in playbook.by_kind["law"]) and len(set(members)) == len(members)
    assert groups[0].title == "Les lois A" and groups[0].collection is not None
    assert [g.title for g in groups[1:]] == [
        "Lois hors collection (1 à 12)",
        "Lois hors collection (13 à 24)",
        "Lois hors collection (25 à 34)",
    ]
    assert len({g.key for g in groups}) == len(groups)


def test_only_linked_cases_are_rows_so_the_matrix_grows_with_the_links() -> None:
    """Cells drawn = rows × group width, rows = cases linked to the group: at most
    links × MAX_COLUMNS, whatever the number of entries (never cases × laws)."""
    for cases, laws in [(200, 30), (2000, 300)]:
        playbook = synthetic(cases=cases, laws=laws, per_case=2)
        links = sum(len(c.relations["illustrates"]) for c in playbook.by_kind["case"])
        cells = sum(len(m.rows) * len(m.group.members) for m in case_matrices(playbook))
        assert cells <= links * MAX_COLUMNS
    assert cells * 10 < cases * laws  # 2,000 cases × 300 laws: far from a full grid


def test_the_rendered_views_grow_linearly_with_the_playbook() -> None:
    sizes = []
    for scale in (1, 2, 4):
        playbook = synthetic(cases=250 * scale, laws=48 * scale, per_case=2, seed=scale)
        sizes.append(sum(len(page.markdown) for page in render_views(Renderer(), playbook)))
    ratios = [sizes[1] / sizes[0], sizes[2] / sizes[1]]
    assert all(1.6 < r < 2.4 for r in ratios), (sizes, ratios)


def test_the_map_layout_is_deterministic_and_independent_of_file_order() -> None:
    first = relation_maps(synthetic(cases=60, laws=20))
    again = relation_maps(synthetic(cases=60, laws=20))
    shuffled = relation_maps(synthetic(cases=60, laws=20, shuffle=True))

    def shape(maps: list[Any]) -> list[Any]:
        return [
            (
                m.group.key,
                m.width,
                m.height,
                [(n.entry.id, n.x, n.y, n.lines) for n in m.nodes],
                [(e.source.entry.id, e.target.entry.id, e.path) for e in m.edges],
            )
            for m in maps
        ]

    assert shape(first) == shape(again) == shape(shuffled)


def test_map_boxes_do_not_overlap_and_stay_in_the_picture() -> None:
    for relation_map in relation_maps(synthetic(cases=80, laws=30)):
        for column in (0, 1, 2):
            boxes = sorted((n.y, n.y + n.height) for n in relation_map.side(column))
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(boxes))
        for node in relation_map.nodes:
            assert node.x >= 0 and node.x + node.width <= relation_map.width
            assert node.y >= 0 and node.y + node.height <= relation_map.height
        ids = {(n.column, n.entry.id) for n in relation_map.nodes}
        for edge in relation_map.edges:
            assert (edge.target.column, edge.target.entry.id) in ids and edge.target.column == 1
            assert re.fullmatch(r"M\d+ \d+ C\d+ \d+ \d+ \d+ \d+ \d+", edge.path)


def test_map_sides_follow_the_members_they_link_to() -> None:
    items = [entry("c", "collection", "Coll")]
    items += [entry(f"loi-{n}", "law", f"Loi {n}", checklist=["x"], collection="c", order=n) for n in (1, 2, 3)]
    items += [
        entry("cas-z", "case", "Z", relations={"illustrates": ["loi-1"]}),
        entry("cas-a", "case", "A", relations={"illustrates": ["loi-3"]}),
        entry("cas-m", "case", "M", relations={"illustrates": ["loi-2"]}),
    ]
    (relation_map,) = relation_maps(link(items))
    assert [n.entry.id for n in relation_map.side(0)] == ["cas-z", "cas-m", "cas-a"]  # not alphabetical
    assert [n.entry.id for n in relation_map.side(1)] == ["loi-1", "loi-2", "loi-3"]
    assert relation_map.side(2) == ()
    assert [heading for heading, _ in relation_map.columns] == ["Cas d'entreprise", "Lois"]


def test_a_group_without_cases_or_questions_has_no_map_but_keeps_its_matrix_legend(mini: Playbook) -> None:
    playbook = link([entry("loi-seule", "law", "Loi seule", checklist=["x"])])
    assert relation_maps(playbook) == []
    (matrix,) = case_matrices(playbook)
    assert matrix.rows == () and matrix.counts == (0,)
    page = {p.src_uri: p for p in render_all(Renderer(), playbook)}["vues/matrice.md"].markdown
    assert "Aucun cas n’illustre encore ces entrées." in page and "Loi seule" in page


def test_long_titles_wrap_on_two_lines_then_shorten() -> None:
    assert wrap("Coolblue et la livraison en retard") == ("Coolblue et la livraison en", "retard")
    lines = wrap("smartphoto réimprime le livre photo, même quand l'erreur vient du client")
    assert len(lines) == 2 and all(len(line) <= 27 for line in lines) and lines[1].endswith("…")
    assert wrap("Court") == ("Court",)
    assert wrap("Anticonstitutionnellementissimementplus long") == ("Anticonstitutionnellementi-", "ssimementplus long")
    assert shorten("Loi 4 : des employés non impliqués", 12) == "Loi 4 : des…"


@pytest.mark.parametrize(
    ("directory_urls", "expected"), [(True, "../../cas/coolblue/"), (False, "../cas/coolblue.html")]
)
def test_links_in_the_views_point_at_served_urls(mini: Playbook, directory_urls: bool, expected: str) -> None:
    renderer = Renderer(pages=PageSpec(directory_urls=directory_urls))
    pages = {p.src_uri: p for p in render_all(renderer, mini)}
    assert f'href="{expected}"' in pages["vues/matrice.md"].markdown
    assert f'href="{expected}"' in pages["vues/carte.md"].markdown
    assert "coolblue" in pages["vues/matrice.md"].depends_on and "loi-temkin-4" in pages["vues/carte.md"].depends_on


def test_titles_are_escaped_in_the_views() -> None:
    playbook = link(
        [
            entry("loi-x", "law", "<script>alert(1)</script> & co", checklist=["x"]),
            entry("cas-x", "case", 'Cas "<b>gras</b>"', relations={"illustrates": ["loi-x"]}),
        ]
    )
    pages = {p.src_uri: p.markdown for p in render_all(Renderer(), playbook)}
    for uri in ("vues/matrice.md", "vues/carte.md"):
        assert "<script>" not in pages[uri] and "<b>" not in pages[uri]
        assert "&lt;script&gt;" in pages[uri]
