"""Markdown bodies: ``[[id]]`` references, raw HTML and unsafe links.

``[[coolblue-retard-livraison]]`` (or ``[[id|autre texte]]``) in a body becomes a link to that
entry, showing its title; references inside code spans and fenced code are left alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

#: ``[[id]]`` or ``[[id|label]]``; the id is checked by the validator, so it is matched loosely.
INLINE_REF = re.compile(r"\[\[\s*([^\]\|\n]+?)\s*(?:\|\s*([^\]\n]+?)\s*)?\]\]")

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}).*?$(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
                    re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_RAW_HTML = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])|<!--")
#: A link destination: inline ``](dest``, reference definition ``[x]: dest`` or autolink ``<dest``.
_LINK_DEST = re.compile(r"(?:\]\(\s*<?|^\s{0,3}\[[^\]\n]+\]:[ \t]*<?|<)(?P<dest>[^\s)>]+)", re.M)
_UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file")
#: An attribute list (``{: onclick=... }``, ``{ style=... }``) and, in it, an event handler or a style.
_ATTR_LIST = re.compile(r"\{:?[^}\n]*\}")
_BAD_ATTR = re.compile(r"(?<![\w-])(?P<attr>on[a-z]+|style|href|src)\s*=", re.I)


def mask_code(text: str) -> str:
    """``text`` with fenced code and code spans blanked out (same length, same line breaks)."""
    if "`" not in text and "~~~" not in text:  # no code at all: the common case, no regex pass
        return text

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))


def _may_have_issue(text: str) -> bool:
    """Cheap pre-check for :func:`iter_markdown_issues`: raw HTML needs ``<``; an unsafe link needs
    ``<``, ``](`` or ``]:`` before its scheme; an attribute list needs ``{``. Masking code only
    turns characters into spaces, so when the raw text has none of them, the masked text has no
    match either."""
    return "<" in text or "](" in text or "]:" in text or "{" in text


def may_produce_markup(text: str) -> bool:
    """Whether Markdown ``text`` could become more than plain formatted text: raw HTML or an
    autolink (``<``), a link or an image (``](``, ``][``, ``]:``), attributes (``{`` with
    ``attr_list``). Without any of these, the standard extensions turn it into paragraphs,
    emphasis, lists, headings, tables and code only: nothing for a sanitizer to remove."""
    return "<" in text or "](" in text or "][" in text or "]:" in text or "{" in text


def iter_refs(text: str) -> Iterator[re.Match[str]]:
    masked = mask_code(text)
    for match in INLINE_REF.finditer(masked):
        yield match


def expand_refs(text: str, link: Callable[[str, str | None], str]) -> str:
    """Replace each ``[[id]]`` outside code by ``link(id, label)``."""
    matches = list(iter_refs(text))
    if not matches:
        return text
    parts: list[str] = []
    last = 0
    for match in matches:
        parts.append(text[last : match.start()])
        parts.append(link(match.group(1), match.group(2)))
        last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def iter_markdown_issues(text: str) -> Iterator[tuple[int, str, str, str]]:
    """(offset, message, hint, code) for raw HTML and unsafe link schemes outside code."""
    if not _may_have_issue(text):
        return
    masked = mask_code(text)
    opened: set[str] = set()
    for match in _RAW_HTML.finditer(masked):
        tag = match.group(1) or "!--"
        if tag.startswith("/") and tag[1:].lower() in opened:
            continue  # the opening tag was reported already
        opened.add(tag.lower())
        yield (match.start(), f"raw HTML (<{tag}>) is not allowed in Markdown; it will be removed",
               "use Markdown instead (e.g. **bold**, [text](https://...)); HTML is stripped from pages",
               "raw-html")
    for match in _LINK_DEST.finditer(masked):
        dest = html.unescape(match.group("dest"))
        dest = re.sub(r"[\x00-\x20\x7f]+", "", dest).lower()
        scheme = next((s for s in _UNSAFE_SCHEMES if dest.startswith(s + ":")), None)
        if scheme:
            yield (match.start("dest"), f"'{scheme}:' links are not allowed; the link will be removed",
                   "link to a web page (https://...) or to an entry with [[id]]", "unsafe-link")
    for block in _ATTR_LIST.finditer(masked):
        for match in _BAD_ATTR.finditer(block.group(0)):
            attr = match.group("attr").lower()
            yield (block.start() + match.start("attr"),
                   f"the attribute '{attr}' in {{: ...}} is not allowed; it will be removed",
                   "attribute lists may only set a class or an id, e.g. {: .important }", "unsafe-attribute")
