"""« Suivi des entrées » (``contribuer/suivi.md``), in the « Contribuer » corner: every entry with
its id, its file, who keeps it up to date and when it is due for review, the late ones first.

This is contributors' furniture: an entry's own page says only when it was last reviewed (and that
it is late), never who owns it or when it is due (see ``fragments/history.html.j2``).
"""

from __future__ import annotations

from markupsafe import Markup

from ..model import Playbook, sort_key
from ..render.renderer import RenderedPage, Renderer
from ..render.urls import UPKEEP_URI
from ..review import CURRENT, NEVER, OVERDUE, SOON, ReviewStatus, status

#: The page's sections, in order: (state, heading).
SECTIONS = (
    (OVERDUE, "Relecture en retard"),
    (NEVER, "Jamais relues"),
    (SOON, "À relire bientôt"),
    (CURRENT, "À jour"),
    ("", "Sans date d’édition"),  # the edition has no date: no state can be worked out
)


def render_upkeep(renderer: Renderer, playbook: Playbook) -> RenderedPage:
    ctx = renderer.page_context(playbook, UPKEEP_URI)
    living = renderer.living
    by_state: dict[str, list[ReviewStatus]] = {}
    for entry in sorted(playbook.entries.values(), key=sort_key):
        found = status(entry, living.policy, living.today)
        by_state.setdefault(found.state, []).append(found)
    sections = [(title, by_state[state]) for state, title in SECTIONS if by_state.get(state)]
    # Each entry's row as the renderer's last render of this page drew it, when its status is the
    # same (the same entry object, dates and state): an edit draws again the rows that changed.
    kept, rows = renderer.upkeep_rows, dict[ReviewStatus, Markup]()
    renderer.upkeep_rows = rows

    def row(item: ReviewStatus) -> Markup:
        html = kept.get(item)
        if html is None:
            html = renderer.fragment("playbook/fragments/upkeep-row.html.j2", item=item, href=ctx.href)
        else:
            ctx.used.add(item.entry)  # as href() would have
        rows[item] = html
        return html

    markdown = renderer.render_template(
        "playbook/upkeep.md.j2",
        sections=sections,
        url=ctx.url,
        href=ctx.href,
        row=row,
        today=living.today,
        count=len(playbook),
        reference_url=ctx.rel(renderer.pages.format_reference_uri()),
    )
    return RenderedPage(
        UPKEEP_URI,
        markdown,
        "Suivi des entrées",
        "upkeep",
        depends_on=frozenset(e.id for e in ctx.used),
        plain=not renderer.overridden,  # titles, owners and dates, all escaped: no contributor Markdown
    )
