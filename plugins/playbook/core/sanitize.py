"""HTML sanitizing of generated pages, with the maintained nh3 (Rust ammonia) sanitizer.

Contributors write Markdown; Markdown lets raw HTML through. Every page generated from entries
is cleaned after Markdown conversion: no ``<script>``, no event-handler attribute, no inline
style (except table alignment), no ``javascript:``/``data:`` URL survives, whatever the input.
Inline SVG is limited to static shapes, text and links (the relation map): no script, no
``<use>``, no ``<foreignObject>``, no animation, no event handler.
The allow-list covers what Markdown, the enabled extensions and our templates produce (including
the print and reset buttons of checklists: always ``type="button"``, never with a handler).
"""

from __future__ import annotations

import nh3

from .markdown_lint import is_other_host

_GLOBAL_ATTRS = {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "aria-describedby"}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "button",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}

#: Inline SVG of the relation map (core/render/view_layout.py): shapes, text and links, nothing active. Only
#: pages whose markup comes from our templates alone (``allow_svg=True``) may keep it; pages that
#: carry contributors' Markdown (entries) never do.
SVG_TAGS = {"svg", "g", "path", "rect", "text", "title"}

ALLOWED_ATTRIBUTES = {
    "*": _GLOBAL_ATTRS,
    "a": _GLOBAL_ATTRS | {"href", "download"},
    "button": _GLOBAL_ATTRS | {"type", "data-pb-entry"},
    "img": _GLOBAL_ATTRS | {"src", "alt", "width", "height", "loading"},
    "input": _GLOBAL_ATTRS | {"type", "checked", "disabled", "data-pb-key"},
    "ul": _GLOBAL_ATTRS | {"data-pb-checklist"},
    "p": _GLOBAL_ATTRS | {"data-pb-path"},
    "ol": _GLOBAL_ATTRS | {"start"},
    "li": _GLOBAL_ATTRS | {"data-pb-minutes"},
    "td": _GLOBAL_ATTRS | {"style", "colspan", "rowspan"},
    "th": _GLOBAL_ATTRS | {"style", "colspan", "rowspan", "scope"},
    "details": _GLOBAL_ATTRS | {"open"},
    "q": _GLOBAL_ATTRS | {"cite"},
    "blockquote": _GLOBAL_ATTRS | {"cite"},
}

SVG_ATTRIBUTES = {
    "svg": _GLOBAL_ATTRS | {"viewBox", "width", "height", "role"},
    "path": _GLOBAL_ATTRS | {"d"},
    "rect": _GLOBAL_ATTRS | {"x", "y", "width", "height", "rx"},
    "text": _GLOBAL_ATTRS | {"x", "y", "text-anchor"},
}

URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str, *, allow_svg: bool = False) -> str:
    """``html`` with everything outside the allow-list removed (scripts with their content), and
    images from another site removed (``src`` dropped: no page loads anything from another host;
    validation refuses them first).

    ``allow_svg`` keeps static inline SVG: only for pages made from templates and escaped values."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | SVG_TAGS if allow_svg else ALLOWED_TAGS,
        attributes={**ALLOWED_ATTRIBUTES, **SVG_ATTRIBUTES} if allow_svg else ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "noscript", "template", "iframe", "object"},
        strip_comments=True,
        link_rel=None,
        filter_style_properties={"text-align"},
        set_tag_attribute_values={"input": {"type": "checkbox"}, "button": {"type": "button"}},
        attribute_filter=_local_images_only if "<img" in html else None,
    )


def _local_images_only(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and is_other_host(value):
        return None
    return value
