"""Cards to hand out: ``cartes/<kind folder>.md`` for every kind that is printed as a ``card``
(the cases): one card per entry, several per A4 sheet, with cut marks (``.pb-cards`` in
``assets/playbook.print.css``). A card gives the entry's kind, title and summary, what it
illustrates, its source and its address, so a card handed round a table leads back to the page.
"""

from __future__ import annotations

from .. import spec
from ..model import Playbook
from ..render.renderer import RenderedPage, Renderer
from ..render.urls import cards_uri


def render_cards(renderer: Renderer, playbook: Playbook) -> list[RenderedPage]:
    pages = []
    for kind in spec.KINDS:
        entries = playbook.by_kind[kind.name]
        if not kind.card or not entries:
            continue
        here = cards_uri(kind)
        ctx = renderer.page_context(playbook, here)
        title = f"Cartes à découper : {kind.plural}"
        markdown = renderer.render_template(
            "playbook/cards.md.j2",
            kind=kind,
            cards=[
                (e, playbook.outgoing(e.id), [playbook.entries[s] for s in e.sources if s in playbook.entries])
                for e in entries
            ],
            title=title,
            links=ctx,
            address=lambda e: renderer.site.public_url(renderer.pages.entry_uri(e)),
            **renderer.sheet_context(here),
        )
        markdown, printable = renderer.printable(here, markdown, mode="page", role="cards", title=title)
        depends = {e.id for e in entries} | {e.id for e in ctx.used}
        pages.append(RenderedPage(here, markdown, title, "cards", depends_on=frozenset(depends), printable=printable))
    return pages
