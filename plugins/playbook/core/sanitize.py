"""HTML sanitizing of generated pages, with the maintained nh3 (Rust ammonia) sanitizer.

Contributors write Markdown; Markdown lets raw HTML through. Every page generated from entries
is cleaned after Markdown conversion: no ``<script>``, no event-handler attribute, no inline
style (except table alignment), no ``javascript:``/``data:`` URL survives, whatever the input.
The allow-list covers what Markdown, the enabled extensions and our templates produce.

The MkDocs plugin skips this step for a page only when it cannot change anything: the page's
contributed Markdown (an entry's body) holds none of ``<``, ``{``, ``](``, ``][``, ``]:``
(no raw HTML, link, image or attribute can come out of it), every other value went through the
escaping templates (the built-in ones: overriding them turns the skip off), and only standard
Markdown extensions are enabled (see ``RenderedPage.plain``). ``tests/site/test_plain_pages.py``
checks that sanitizing such pages would leave them as they are.
"""

from __future__ import annotations

import nh3

_GLOBAL_ATTRS = {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "aria-describedby"}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input",
    "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}

ALLOWED_ATTRIBUTES = {
    "*": _GLOBAL_ATTRS,
    "a": _GLOBAL_ATTRS | {"href"},
    "img": _GLOBAL_ATTRS | {"src", "alt", "width", "height", "loading"},
    "input": _GLOBAL_ATTRS | {"type", "checked", "disabled", "data-pb-key"},
    "ul": _GLOBAL_ATTRS | {"data-pb-checklist"},
    "ol": _GLOBAL_ATTRS | {"start"},
    "td": _GLOBAL_ATTRS | {"style", "colspan", "rowspan"},
    "th": _GLOBAL_ATTRS | {"style", "colspan", "rowspan", "scope"},
    "details": _GLOBAL_ATTRS | {"open"},
    "q": _GLOBAL_ATTRS | {"cite"},
    "blockquote": _GLOBAL_ATTRS | {"cite"},
}

URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> str:
    """``html`` with everything outside the allow-list removed (scripts with their content)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "noscript", "template", "iframe", "object"},
        strip_comments=True,
        link_rel=None,
        filter_style_properties={"text-align"},
        set_tag_attribute_values={"input": {"type": "checkbox"}},
    )
