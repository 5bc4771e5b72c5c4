"""The relation view pages: the cases × principles matrix (``vues/matrice.md``) and the relation
map (``vues/carte.md``), drawn from :mod:`playbook.core.render.view_layout` through the templates
``playbook/matrix.md.j2`` and ``playbook/map.md.j2``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from markupsafe import Markup

from ..model import Entry, Playbook
from ..render.renderer import RenderedPage, Renderer
from ..render.view_layout import PrincipleGroup, case_matrices, relation_maps


def render_views(
    renderer: Renderer,
    playbook: Playbook,
    previous: Mapping[str, RenderedPage] | None = None,
    changed: AbstractSet[str] = frozenset(),
) -> list[RenderedPage]:
    """The matrix page and the map page.

    With the ``previous`` pages and the ids of the ``changed`` entries (``mkdocs serve`` after an
    edit), a view that showed none of them and shows none of them now is taken as it was."""

    def view(
        here: str, shown: set[str], template: str, title: str, other: tuple[str, str], **data: object
    ) -> RenderedPage:
        """The view page at ``here``; ``other``: (name, page) of the link to the other view."""
        before = previous.get(here) if previous is not None else None
        if before is not None and not changed & (before.depends_on | shown):
            blocks.update((key, html) for key, html in kept.items() if key[1] == here)
            return before
        ctx = renderer.page_context(playbook, here)

        def fragment(name: str, **context: object) -> Markup:
            """``renderer.html_block``, taken from ``kept`` for a group drawn as it was (its map or
            matrix is a frozen value: equal when its entries are the same, unchanged, objects)."""
            key = (name, here, *sorted((k, v) for k, v in context.items() if k != "href"))
            try:
                html = kept.get(key)
            except TypeError:  # a value that cannot be a key (a theme's own template)
                return renderer.html_block(name, **context)
            if html is None:
                html = renderer.html_block(name, **context)
            blocks[key] = html
            return html

        markdown = renderer.render_template(
            template, href=ctx.href, fragment=fragment, **{other[0]: ctx.rel(other[1])}, **data
        )
        return RenderedPage(here, markdown, title, "view", depends_on=frozenset(shown))

    # Each group's map and matrix, as rendered by the previous render of this renderer (only that
    # render's are kept): a title edit draws again the one group that shows the entry.
    kept = renderer.view_blocks
    blocks: dict[tuple[object, ...], Markup] = {}
    renderer.view_blocks = blocks

    def collections(groups: Iterable[PrincipleGroup]) -> set[str]:
        return {g.collection.id for g in groups if g.collection is not None}

    matrix_uri, map_uri = renderer.pages.matrix_uri(), renderer.pages.map_uri()
    matrices = case_matrices(playbook)
    maps = relation_maps(playbook)
    in_matrices = (
        _ids(m.group.members for m in matrices)
        | _ids((r.entry for r in m.rows) for m in matrices)
        | collections(m.group for m in matrices)
    )
    in_maps = _ids((n.entry for n in m.nodes) for m in maps) | collections(m.group for m in maps)
    return [
        view(
            matrix_uri,
            in_matrices,
            "playbook/matrix.md.j2",
            "Cas × lois et commandements",
            ("map_url", map_uri),
            matrices=matrices,
        ),
        view(map_uri, in_maps, "playbook/map.md.j2", "Carte des relations", ("matrix_url", matrix_uri), maps=maps),
    ]


def _ids(groups: Iterable[Iterable[Entry]]) -> set[str]:
    return {entry.id for entries in groups for entry in entries}
