"""Every page the site generates from the entries, and the one place that lists them.

Each module renders one kind of page with a :class:`~playbook.core.render.renderer.Renderer`:
:mod:`.entries`, :mod:`.kind_indexes`, :mod:`.tags`, :mod:`.printables`, :mod:`.views`,
:mod:`.format_reference`, :mod:`.validator_messages` (« Messages du validateur »), :mod:`.news`
(« Nouveautés ») and :mod:`.upkeep` (« Suivi des entrées », for contributors); :mod:`.redirects` makes the redirect
files of renamed entries. :func:`render_all` calls them all (the build and ``playbook render``
both use it); :func:`render_again` and :func:`render_collection_pages` are what an incremental
rebuild (:mod:`playbook.core.incremental`) renders again after an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from .. import spec
from ..model import Playbook
from ..render.renderer import RenderedPage, Renderer
from .cards import render_cards
from .diagnostic import render_diagnostics
from .entries import render_entry_page
from .format_reference import render_format_reference
from .kind_indexes import render_kind_index
from .news import render_news_page
from .printables import render_printables
from .tags import render_tag, render_tag_pages, render_tags_index
from .trainers import render_trainer_pages
from .upkeep import render_upkeep
from .validator_messages import render_validator_messages
from .views import render_views


def render_all(renderer: Renderer, playbook: Playbook, *, reference: bool = True) -> list[RenderedPage]:
    """Every generated page of the site (``reference``: with the format reference, which shows no entry)."""
    renderer.forget_templates()
    pages = [render_entry_page(renderer, playbook, e) for e in playbook.entries.values()]
    pages.extend(render_kind_index(renderer, playbook, k) for k in spec.KINDS)
    pages.extend(render_tag_pages(renderer, playbook))
    pages.extend(render_collection_pages(renderer, playbook, reference=reference))
    return pages


def render_again(renderer: Renderer, playbook: Playbook, page: RenderedPage) -> RenderedPage | None:
    """``page`` rendered from ``playbook``; ``None`` when the playbook no longer has that page."""
    pages = renderer.pages
    if page.role == "entry":
        entry = playbook.entries.get(page.entry_id or "")
        return render_entry_page(renderer, playbook, entry) if entry is not None else None
    if page.role == "kind-index":
        kind = next((k for k in spec.KINDS if pages.kind_index_uri(k) == page.src_uri), None)
        return render_kind_index(renderer, playbook, kind) if kind is not None else None
    if page.role == "tags-index":
        return render_tags_index(renderer, playbook)
    if page.role == "tag":
        tag = next((t for t in playbook.tags if pages.tag_uri(t) == page.src_uri), None)
        return render_tag(renderer, playbook, tag) if tag is not None else None
    return {p.src_uri: p for p in render_collection_pages(renderer, playbook)}.get(page.src_uri)


def render_collection_pages(
    renderer: Renderer,
    playbook: Playbook,
    *,
    reference: bool = True,
    previous: Mapping[str, RenderedPage] | None = None,
    changed: AbstractSet[str] = frozenset(),
) -> list[RenderedPage]:
    """Pages made from whole collections or the whole playbook (sheets, kits, views) and the
    format reference (``reference``; it shows no entry): a few per collection, rendered again
    after any edit (see core/incremental.py), except the sheets, kits and views that show none
    of the ``changed`` entries, taken from ``previous``."""
    return [
        *render_printables(renderer, playbook, previous, changed),
        *render_trainer_pages(renderer, playbook),
        *render_cards(renderer, playbook),
        *render_diagnostics(renderer, playbook),
        *([render_format_reference(renderer), render_validator_messages(renderer)] if reference else []),
        *render_views(renderer, playbook, previous, changed),
        render_news_page(renderer, playbook, renderer.living.history),
        render_upkeep(renderer, playbook),
    ]
