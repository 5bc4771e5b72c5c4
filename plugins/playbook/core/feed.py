"""The Atom feed of « Nouveautés » (``nouveautes.xml``): the same items as the page
(:func:`playbook.core.pages.news.news_items`), with ids that do not change from one build to the
next (derived from the site's name, the entry, the kind of news and its date)."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from .pages.news import CHANGE, NewsItem
from .render.urls import FEED_URI, NEWS_URI, SiteInfo

_ATOM = "http://www.w3.org/2005/Atom"


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
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"
    )
