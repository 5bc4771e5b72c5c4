"""A kind's index page (``<kind folder>/index.md``): its entries, grouped by collection."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import spec
from ..model import Entry, Playbook
from ..render.renderer import RenderedPage, Renderer


@dataclass(frozen=True)
class CollectionGroup:
    """Entries of a kind index that belong to one collection (or to none: "Autres")."""

    title: str
    collection: Entry | None
    entries: tuple[Entry, ...]


def render_kind_index(renderer: Renderer, playbook: Playbook, kind: spec.Kind) -> RenderedPage:
    here = renderer.pages.kind_index_uri(kind)
    ctx = renderer.page_context(playbook, here)
    entries = playbook.by_kind[kind.name]
    groups = group_by_collection(playbook, entries)
    markdown = renderer.render_template(
        "playbook/kind-index.md.j2",
        kind=kind,
        groups=groups,
        count=len(entries),
        by_title=sorted(entries, key=lambda e: (spec.slugify(e.title), e.id)),
        url=ctx.url,
        href=ctx.href,
        entry_of=ctx.entry,
    )
    depends = {e.id for e in entries} | {e.id for e in ctx.used}  # with the collections named
    return RenderedPage(
        here, markdown, kind.plural, "kind-index", depends_on=frozenset(depends), plain=not renderer.overridden
    )


def group_by_collection(playbook: Playbook, entries: Iterable[Entry]) -> list[CollectionGroup]:
    grouped: dict[str | None, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.collection, []).append(entry)
    groups = []
    for key in sorted(grouped, key=lambda k: (k is None, k or "")):
        collection = playbook.entries.get(key) if key else None
        title = collection.title if collection else "Autres"
        groups.append(CollectionGroup(title, collection, tuple(grouped[key])))
    return groups
