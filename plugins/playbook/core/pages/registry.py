"""The registry of page types: what each kind of generated page is, and how an edit reaches it.

One :class:`PageType` per kind of page, in :data:`PAGE_TYPES` (the order pages are rendered in).
A type declares

- the ``roles`` its pages carry (:attr:`RenderedPage.role <playbook.core.render.renderer.RenderedPage.role>`);
  a role belongs to one type;
- ``render``: every page of the type, from the playbook (its paths come from
  :mod:`playbook.core.render.urls`);
- ``again`` (optional): one page of the type rendered again, for the types with a page per entry,
  kind or tag; without it, the type's pages are rendered again all together;
- ``shows``: which of its pages an edit of an entry reaches. A function gives the pages that show
  the edited entry *now* (the pages that showed it before the edit are known from what they
  recorded, ``depends_on``); :data:`ALWAYS` for pages made from whole collections or the whole
  playbook (rendered again after any edit: what they show depends on more than the entries they
  link to); :data:`NEVER` for the pages that show no entry (the format reference).

:func:`render_all` (the build, ``playbook render``, ``playbook diff``) and :func:`render_again`
(:mod:`playbook.core.incremental` under ``mkdocs serve``, and ``playbook diff``'s attribution of
a change) read nothing else: a new page type is a module under ``core/pages/`` and one
declaration here (see ARCHITECTURE.md, « Adding a page type »).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal

from .. import spec
from ..model import Entry, Playbook
from ..render.renderer import RenderedPage, Renderer
from ..render.urls import PageSpec
from .cards import render_cards
from .diagnostic import render_diagnostics
from .entries import render_entry_page
from .format_reference import render_format_reference
from .kind_indexes import render_kind_index
from .news import render_news_page
from .printables import render_printables
from .tags import render_tag, render_tags_index
from .trainers import render_trainer_pages
from .upkeep import render_upkeep
from .validator_messages import render_validator_messages
from .views import render_views

#: ``shows``: the type's pages are rendered again after any edit.
ALWAYS: Literal["always"] = "always"
#: ``shows``: the type's pages show no entry; an edit never reaches them.
NEVER: Literal["never"] = "never"


@dataclass(frozen=True)
class Reuse:
    """What a type's ``render`` may take as it was: the ``previous`` pages, when they show none of
    the ``changed`` entries (the sheets, kits and views do so under ``mkdocs serve``)."""

    previous: Mapping[str, RenderedPage] | None = None
    changed: AbstractSet[str] = frozenset()


#: Render everything afresh.
FRESH = Reuse()

Render = Callable[[Renderer, Playbook, Reuse], list[RenderedPage]]
RenderOne = Callable[[Renderer, Playbook, RenderedPage], "RenderedPage | None"]
Shows = Callable[[PageSpec, Playbook, Entry], Iterable[str]]


@dataclass(frozen=True)
class PageType:
    """One kind of generated page (see the module's docstring)."""

    name: str
    roles: tuple[str, ...]
    render: Render
    shows: Shows | Literal["always", "never"]
    again: RenderOne | None = None
    #: Its pages draw inline SVG (charts, maps), which the HTML sanitizer lets through for them.
    svg: bool = False
    description: str = ""


# -- the page types ------------------------------------------------------------------------------


def _entries(renderer: Renderer, playbook: Playbook, _: Reuse) -> list[RenderedPage]:
    return [render_entry_page(renderer, playbook, e) for e in playbook.entries.values()]


def _entry_again(renderer: Renderer, playbook: Playbook, page: RenderedPage) -> RenderedPage | None:
    entry = playbook.entries.get(page.entry_id or "")
    return render_entry_page(renderer, playbook, entry) if entry is not None else None


def _entry_shows(pages: PageSpec, playbook: Playbook, entry: Entry) -> list[str]:
    """Its own page and the pages of the entries that show it (:meth:`Playbook.shown_by`)."""
    return [pages.entry_uri(playbook.entries[i]) for i in {entry.id, *playbook.shown_by(entry.id)}]


def _kind_indexes(renderer: Renderer, playbook: Playbook, _: Reuse) -> list[RenderedPage]:
    return [render_kind_index(renderer, playbook, k) for k in spec.KINDS]


def _kind_index_again(renderer: Renderer, playbook: Playbook, page: RenderedPage) -> RenderedPage | None:
    kind = next((k for k in spec.KINDS if renderer.pages.kind_index_uri(k) == page.src_uri), None)
    return render_kind_index(renderer, playbook, kind) if kind is not None else None


def _tags_index(renderer: Renderer, playbook: Playbook, _: Reuse) -> list[RenderedPage]:
    return [render_tags_index(renderer, playbook)]


def _tags(renderer: Renderer, playbook: Playbook, _: Reuse) -> list[RenderedPage]:
    return [render_tag(renderer, playbook, tag) for tag in playbook.tags]


def _tag_again(renderer: Renderer, playbook: Playbook, page: RenderedPage) -> RenderedPage | None:
    tag = next((t for t in playbook.tags if renderer.pages.tag_uri(t) == page.src_uri), None)
    return render_tag(renderer, playbook, tag) if tag is not None else None


PAGE_TYPES: tuple[PageType, ...] = (
    PageType(
        "entry",
        ("entry",),
        _entries,
        _entry_shows,
        again=_entry_again,
        description="an entry's page",
    ),
    PageType(
        "kind-index",
        ("kind-index",),
        _kind_indexes,
        lambda pages, _, entry: [pages.kind_index_uri(entry.kind)],
        again=_kind_index_again,
        description="a kind's index",
    ),
    PageType(
        "tags-index",
        ("tags-index",),
        _tags_index,
        lambda pages, _, entry: [pages.tags_index_uri()] if entry.tags else [],
        again=lambda renderer, playbook, _: render_tags_index(renderer, playbook),
        description="the index of the tags",
    ),
    PageType(
        "tag",
        ("tag",),
        _tags,
        lambda pages, _, entry: [pages.tag_uri(tag) for tag in entry.tags],
        again=_tag_again,
        description="a tag's page",
    ),
    PageType(
        "printables",
        ("checklist", "kit", "printables-index"),
        lambda renderer, playbook, reuse: render_printables(renderer, playbook, reuse.previous, reuse.changed),
        ALWAYS,
        description="a collection's checklist and trainer kit, and « Imprimables »",
    ),
    PageType(
        "trainers",
        ("session-kit", "session-support", "session-builder"),
        lambda renderer, playbook, _: render_trainer_pages(renderer, playbook),
        ALWAYS,
        description="a session's two documents, and « Ma séance »",
    ),
    PageType(
        "cards",
        ("cards",),
        lambda renderer, playbook, _: render_cards(renderer, playbook),
        ALWAYS,
        description="the cards to cut out, per kind",
    ),
    PageType(
        "diagnostic",
        ("diagnostic", "diagnostic-index"),
        lambda renderer, playbook, _: render_diagnostics(renderer, playbook),
        ALWAYS,
        description="a collection's self-assessment, and their index",
    ),
    PageType(
        "reference",
        ("reference",),
        lambda renderer, _, __: [render_format_reference(renderer), render_validator_messages(renderer)],
        NEVER,
        description="the format reference and the validator's messages",
    ),
    PageType(
        "views",
        ("view",),
        lambda renderer, playbook, reuse: render_views(renderer, playbook, reuse.previous, reuse.changed),
        ALWAYS,
        svg=True,
        description="the matrix and the relation map",
    ),
    PageType(
        "news",
        ("news",),
        lambda renderer, playbook, _: [render_news_page(renderer, playbook, renderer.living.history)],
        ALWAYS,
        description="« Nouveautés »",
    ),
    PageType(
        "upkeep",
        ("upkeep",),
        lambda renderer, playbook, _: [render_upkeep(renderer, playbook)],
        ALWAYS,
        description="« Suivi des entrées »",
    ),
)


# -- reading the registry ------------------------------------------------------------------------


def by_role() -> dict[str, PageType]:
    """Every declared role and its page type."""
    return {role: t for t in PAGE_TYPES for role in t.roles}


def page_type(role: str) -> PageType:
    """The page type whose pages carry ``role`` (``KeyError`` for a role no type declares)."""
    for t in PAGE_TYPES:
        if role in t.roles:
            return t
    raise KeyError(role)


def render_all(renderer: Renderer, playbook: Playbook, *, reference: bool = True) -> list[RenderedPage]:
    """Every generated page of the site, type after type (``reference``: with the pages that show
    no entry, :data:`NEVER` reached by an edit)."""
    renderer.forget_templates()
    pages: list[RenderedPage] = []
    for t in PAGE_TYPES:
        if reference or t.shows != NEVER:
            pages.extend(t.render(renderer, playbook, FRESH))
    return pages


def reached(
    old: Mapping[str, RenderedPage], playbook: Playbook, pages: PageSpec, changed: AbstractSet[str]
) -> set[str]:
    """``src_uri`` of every page an edit of the ``changed`` entries reaches: those of the ``old``
    pages that showed one of them (or are the page of one), those its type renders again after
    any edit (:data:`ALWAYS`), and those the types say show one of them in ``playbook`` now (they
    may not exist yet: a new tag)."""
    types = by_role()
    uris = set()
    for uri, page in old.items():
        shows = types[page.role].shows
        if shows == ALWAYS or (shows != NEVER and (page.entry_id in changed or page.depends_on & changed)):
            uris.add(uri)
    declared = [t.shows for t in PAGE_TYPES if callable(t.shows)]
    for entry_id in changed:
        entry = playbook.entries.get(entry_id)
        if entry is not None:
            for shows in declared:
                uris.update(shows(pages, playbook, entry))
    return uris


class Again:
    """Pages rendered again from one ``playbook``: a page of a type with ``again`` alone, the others
    with every page of their type, once per type, taking from ``reuse`` the pages its ``render``
    leaves alone."""

    def __init__(self, renderer: Renderer, playbook: Playbook, reuse: Reuse = FRESH):
        self.renderer, self.playbook, self.reuse = renderer, playbook, reuse
        self._together: dict[str, dict[str, RenderedPage]] = {}  #: type name → its pages, by uri

    def __call__(self, page: RenderedPage) -> RenderedPage | None:
        """``page`` rendered again; ``None`` when the playbook no longer has it."""
        t = page_type(page.role)
        if t.again is not None:
            return t.again(self.renderer, self.playbook, page)
        if t.name not in self._together:
            self._together[t.name] = {p.src_uri: p for p in t.render(self.renderer, self.playbook, self.reuse)}
        return self._together[t.name].get(page.src_uri)

    def appeared(self, known: AbstractSet[str]) -> set[str]:
        """Pages not in ``known`` among those the types rendered together made."""
        return {uri for pages in self._together.values() for uri in pages if uri not in known}


def render_again(
    renderer: Renderer, playbook: Playbook, pages: Iterable[RenderedPage], reuse: Reuse = FRESH
) -> tuple[dict[str, RenderedPage | None], set[str]]:
    """Each of ``pages`` rendered again from ``playbook`` (:class:`Again`; ``None``: the playbook
    no longer has it), and the ``src_uri`` of the pages that appeared among the types rendered
    together (not in ``reuse.previous``, or not among ``pages`` without it)."""
    again = Again(renderer, playbook, reuse)
    done = {page.src_uri: again(page) for page in pages}
    return done, again.appeared(reuse.previous.keys() if reuse.previous is not None else done.keys())
