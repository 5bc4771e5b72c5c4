"""« Nouveautés »: what changed recently across the playbook, as a page and as an Atom feed.

Three kinds of news, all from git and the data, never from the clock: a new entry (the date of
the first commit of its file, :mod:`.history`), a change note (``changes:`` in an entry), and a
review (``reviewed``). The newest :data:`MAX_ITEMS` are shown, newest first; the feed
(:data:`FEED_URI`) carries the same items, with ids that do not change from one build to the
next (derived from the entry, the kind of news and its date).
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .history import History
from .model import Entry, Playbook
from .printing import SiteInfo
from .review import french_date

if TYPE_CHECKING:
    from .render import RenderedPage, Renderer

NEWS_URI = "nouveautes.md"
FEED_URI = "nouveautes.xml"
NEWS_TITLE = "Nouveautés"
MAX_ITEMS = 60

NEW, CHANGE, REVIEW = "new", "change", "review"
_LABELS = {NEW: "Nouvelle entrée", CHANGE: "Modifiée", REVIEW: "Relue"}
_RANK = {CHANGE: 0, NEW: 1, REVIEW: 2}
_ATOM = "http://www.w3.org/2005/Atom"


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
    from .render import RenderedPage  # render.py calls this module

    here = NEWS_URI
    ctx = renderer.page_context(playbook, here)
    items = news_items(playbook, history)
    markdown = renderer.render_template("playbook/news.md.j2", items=items, url=ctx.url,
                                        feed_url=ctx.rel(FEED_URI), history_available=history.available)
    return RenderedPage(here, markdown, NEWS_TITLE, "news", depends_on=frozenset(e.id for e in ctx.used),
                        plain=not renderer.overridden)


def _item_id(site: SiteInfo, key: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"playbook:{site.name}:{key}").urn


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(items: list[NewsItem], site: SiteInfo, entry_uri: dict[str, str], updated: dt.date | None) -> bytes:
    """The Atom 1.0 feed of ``items``. Links are absolute when ``site.url`` is set, else relative to
    the feed (which sits at the site's root). ``entry_uri``: entry id → page src_uri."""
    ET.register_namespace("", _ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{_ATOM}}}feed", {"xml:lang": "fr"})
    sub(feed, "id", _item_id(site, "feed"))
    sub(feed, "title", f"{site.name} : nouveautés")
    newest = items[0].date if items else updated
    sub(feed, "updated", _stamp(newest or dt.date(1970, 1, 1)))
    author = sub(feed, "author")
    sub(author, "name", site.name)
    sub(feed, "link", rel="self", href=site.public_url(FEED_URI).removesuffix("/") if site.url else FEED_URI)
    sub(feed, "link", rel="alternate", type="text/html", href=site.public_url(NEWS_URI))
    for item in items:
        node = sub(feed, "entry")
        sub(node, "id", _item_id(site, item.key))
        sub(node, "title", f"{item.label} : {item.entry.title}")
        sub(node, "updated", _stamp(item.date))
        sub(node, "link", rel="alternate", type="text/html", href=site.public_url(entry_uri[item.entry.id]))
        summary = item.note if item.what == CHANGE else item.entry.summary
        sub(node, "summary", summary)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"
