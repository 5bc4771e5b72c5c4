"""« Nouveautés »: what changed recently across the playbook (the Atom feed: :mod:`playbook.core.feed`).

Three kinds of news, all from git and the data, never from the clock: a new entry (the date of
the first commit of its file, :mod:`.history`), a change note (``changes:`` in an entry), and a
review (``reviewed``). The newest :data:`MAX_ITEMS` are shown, newest first; the feed
(:data:`FEED_URI`) carries the same items, with ids that do not change from one build to the
next (derived from the entry, the kind of news and its date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..history import History
from ..model import Entry, Playbook
from ..render.renderer import RenderedPage, Renderer
from ..render.urls import FEED_URI, NEWS_URI
from ..review import french_date

NEWS_TITLE = "Nouveautés"
MAX_ITEMS = 60

NEW, CHANGE, REVIEW = "new", "change", "review"
_LABELS = {NEW: "Nouvelle entrée", CHANGE: "Modifiée", REVIEW: "Relue"}
_RANK = {CHANGE: 0, NEW: 1, REVIEW: 2}


@dataclass(frozen=True)
class NewsItem:
    date: dt.date
    what: str  #: :data:`NEW`, :data:`CHANGE` or :data:`REVIEW`
    entry: Entry
    note: str = ""  #: the change note (for :data:`CHANGE`)

    @property
    def label(self) -> str:
        return _LABELS[self.what]

    @property
    def date_text(self) -> str:
        return french_date(self.date)

    @property
    def key(self) -> str:
        """Stable identity of the item (the same news has the same key in every build)."""
        return f"{self.entry.id}/{self.what}/{self.date.isoformat()}/{self.note}"


def news_items(playbook: Playbook, history: History, limit: int = MAX_ITEMS) -> list[NewsItem]:
    """The newest news of ``playbook``, newest first (ties: changes, then new entries, then reviews)."""
    items: list[NewsItem] = []
    for entry in playbook.entries.values():
        created = history.created(entry)
        if created is not None:
            items.append(NewsItem(created, NEW, entry))
        items.extend(NewsItem(change.date, CHANGE, entry, change.note) for change in entry.changes)
        if entry.reviewed is not None and entry.reviewed != created:
            items.append(NewsItem(entry.reviewed, REVIEW, entry))
    items.sort(key=lambda i: (-i.date.toordinal(), _RANK[i.what], i.entry.id, i.note))
    return items[:limit]


def render_news_page(renderer: Renderer, playbook: Playbook, history: History) -> RenderedPage:
    """The « Nouveautés » page (``nouveautes.md``); it lists entries of the whole playbook, so it is
    rendered again after any edit (it is small: at most :data:`MAX_ITEMS` lines)."""
    here = NEWS_URI
    ctx = renderer.page_context(playbook, here)
    items = news_items(playbook, history)
    markdown = renderer.render_template(
        "playbook/news.md.j2",
        items=items,
        url=ctx.url,
        feed_url=ctx.rel(FEED_URI),
        history_available=history.available,
        history_complete=history.complete,
    )
    return RenderedPage(
        here, markdown, NEWS_TITLE, "news", depends_on=frozenset(e.id for e in ctx.used), plain=not renderer.overridden
    )
