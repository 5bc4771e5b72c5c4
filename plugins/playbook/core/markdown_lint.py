"""The Markdown lint of validation: what a body may not hold, each found at its offset.

Raw HTML, links with an unsafe scheme (``javascript:``...), images from another site, attribute
lists that set an event, a style or an address, or use the theme's names
(:func:`iter_markdown_issues`); paragraphs over the length limit (:func:`iter_long_paragraphs`);
the site's own images, for the check that their files exist (:func:`iter_local_images`).
:func:`is_other_host` is the one host check of the project (the sanitizer uses it too).

Code is masked first (:func:`markdown_refs.mask_code`) and every scan is linear, as in
:mod:`playbook.core.markdown_refs`, whose :data:`~playbook.core.markdown_refs.COST` counts these
scans too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import unquote

from .markdown_refs import (
    COST,
    RESERVED_PREFIXES,
    NextIndex,
    attr_tokens,
    bracket_followed_by,
    bracket_or_line_end,
    forbidden_names,
    iter_attr_lists,
    mask_code,
)
from .messages import quote, say

_RAW_HTML = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])|<!--")
#: Reference definitions ``[label]: dest`` (at a line start; the label has no ``]``).
_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?(?P<dest>[^\s>]+)", re.M)
_DEST = re.compile(r"[ \t]*(?:\n[ \t]*)?<?(?P<dest>[^\s)>]*)")  #: after ``](``: spaces, then the address
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file")
_BAD_ATTR = re.compile(r"(?<![\w-])(?P<attr>on[a-z]+|style|href|src)[ \t]*=", re.I)
#: An address that leaves the site: a scheme (``https:``, ``ftp:``...) or a host: two slashes, in
#: either direction (a browser reads ``\`` as ``/``: ``//host``, ``\\host``, ``/\host``, ``\/host``).
_OTHER_HOST = re.compile(r"[a-z][a-z0-9+.-]*:|[/\\]{2}", re.I)
#: Rounds of decoding (HTML references, then percent-escapes) before an address counts as seen.
_DECODE_ROUNDS = 4
#: How messages name an attribute list, and the one they give as an example (not placeholders).
_ATTR_LIST, _ATTR_EXAMPLE = "{: ...}", "{: .important }"


def _may_have_issue(text: str) -> bool:
    """Cheap pre-check for :func:`iter_markdown_issues`: raw HTML needs ``<``; an unsafe link or an
    image needs ``<``, ``](``, ``]:`` or ``![`` before its address; an attribute list needs
    ``{``. Masking code only turns characters into spaces, so when the raw text has none of
    them, the masked text has no match either."""
    return "<" in text or "{" in text or bracket_followed_by(text, "(:")


def address_as_seen(dest: str) -> str:
    """``dest`` as a browser could read it, the worst case: HTML character references and
    percent-escapes decoded (repeatedly, a few rounds), then every control character and space
    removed (a browser drops tabs and newlines anywhere and trims the rest at the ends)."""
    seen = dest
    for _ in range(_DECODE_ROUNDS):
        decoded = _CONTROL_OR_SPACE.sub("", unquote(html.unescape(seen)))
        if decoded == seen:
            break
        seen = decoded
    return seen


def is_other_host(dest: str) -> bool:
    """Whether a link or image address may point at another site: a scheme in any case
    (``https://...``, ``HtTpS:...``) or a host (``//host``, ``\\\\host``, ``/\\host``, ``\\/host``), also when
    written with character references, percent-escapes or controls (:func:`address_as_seen`).

    The one host check of the project: ``validate`` refuses such images and the sanitizer drops them."""
    return _OTHER_HOST.match(address_as_seen(dest)) is not None


def _unsafe_scheme(dest: str) -> str | None:
    cleaned = address_as_seen(dest).lower()
    return next((s for s in _UNSAFE_SCHEMES if cleaned.startswith(s + ":")), None)


def iter_local_images(text: str) -> Iterator[tuple[int, str]]:
    """(offset, address) of every Markdown image of ``text`` outside code whose address stays on
    the site (not :func:`is_other_host`), without its ``?query`` or ``#fragment``. Raw ``<img>``
    tags are not listed: raw HTML is removed from pages (and reported as such)."""
    if "![" not in text:
        return
    for offset, dest in _images(mask_code(text), raw_html=False):
        if dest and not is_other_host(dest):
            path = dest.split("#", 1)[0].split("?", 1)[0]
            if path:
                yield offset, path


def _images(masked: str, *, raw_html: bool = True) -> Iterator[tuple[int, str]]:
    """(offset, address) of every image: inline ``![alt](address)``, ``![alt][label]`` and
    ``![label]`` with a definition ``[label]: address``, and (``raw_html``) raw ``<img src=...>``."""
    definitions: dict[str, tuple[int, str]] = {}
    if "]:" in masked:
        for match in _REF_DEF.finditer(masked):
            COST.steps += match.end() - match.start()
            definitions.setdefault(" ".join(match.group(1).lower().split()), (match.start("dest"), match.group("dest")))
    brackets, newlines = NextIndex(masked, "]"), NextIndex(masked, "\n")
    at = masked.find("![")
    while at >= 0:
        close = bracket_or_line_end(brackets, newlines, at + 2)  # the alt text: up to the first ']' on the line
        COST.steps += close - at
        if close >= len(masked) or masked[close] != "]":
            at = masked.find("![", close)
            continue
        after = close + 1
        if masked.startswith("(", after):
            dest = _DEST.match(masked, after + 1)
            assert dest is not None  # the pattern can match nothing
            COST.steps += dest.end() - after
            yield dest.start("dest"), dest.group("dest")
            close = max(close, dest.end())  # the address is not searched again for images
        else:
            label = masked[at + 2 : close]
            if masked.startswith("[", after):
                end = bracket_or_line_end(brackets, newlines, after + 1)
                if end < len(masked) and masked[end] == "]" and end > after + 1:
                    label = masked[after + 1 : end]
            known = definitions.get(" ".join(label.lower().split()))
            if known is not None:
                yield known
        at = masked.find("![", close)
    if raw_html and "<" in masked:
        closing, opening = NextIndex(masked, ">"), NextIndex(masked, "<")
        for match in _RAW_HTML.finditer(masked):
            if match.group(1) and match.group(1).lower() == "img":
                tag = masked[match.end() : min(closing.at(match.end()), opening.at(match.end()))]
                COST.steps += len(tag)
                src = re.search(r"\bsrc[ \t\n]*=[ \t\n]*[\"']?([^\s\"'>]*)", tag, re.I)
                if src is not None:
                    yield match.end() + src.start(1), src.group(1)


def _link_destinations(masked: str) -> Iterator[tuple[int, str]]:
    """(offset, address) of inline links and images ``](address``, definitions and autolinks ``<address``."""
    at = masked.find("](")
    while at >= 0:
        dest = _DEST.match(masked, at + 2)
        assert dest is not None
        COST.steps += dest.end() - at
        if dest.group("dest"):
            yield dest.start("dest"), dest.group("dest")
        at = masked.find("](", max(dest.end(), at + 2))
    if "]:" in masked:
        for match in _REF_DEF.finditer(masked):
            yield match.start("dest"), match.group("dest")
    at = masked.find("<")
    while at >= 0:
        end = at + 1
        while end < len(masked) and masked[end] not in " \t\r\n)><":
            end += 1
        COST.steps += end - at
        if end > at + 1:
            yield at + 1, masked[at + 1 : end]
        at = masked.find("<", end)


def iter_long_paragraphs(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """(offset, length) of each paragraph (lines between blank lines) longer than ``limit``
    characters, in one pass over the lines."""
    # A paragraph never spans an empty line, so when no stretch between two of them is longer
    # than ``limit``, no paragraph is (the walk below only when one is).
    if len(text) <= limit or _stretches_within(text, limit):
        return
    start = length = 0
    position, end = 0, len(text)
    while position <= end:
        newline = text.find("\n", position)
        line_end = end if newline == -1 else newline
        COST.steps += 1
        # a line that starts with a visible character is not blank (no copy of it is made)
        if (position < line_end and not text[position].isspace()) or text[position:line_end].strip():
            if length == 0:
                start = position
            length = line_end - start
        else:
            if length > limit:
                yield start, length
            length = 0
        position = line_end + 1
    if length > limit:
        yield start, length


def _stretches_within(text: str, limit: int) -> bool:
    """Whether no stretch of ``text`` between two empty lines is longer than ``limit``: what
    splitting the text on each pair of line breaks and measuring the parts tells, without copying
    the text. Each line break is found by a one-character search, several times faster than the
    two-character one on accented text. Linear: each line break looked at once."""
    start, find = 0, text.find
    at = find("\n")
    while at >= 0:
        if text.startswith("\n", at + 1):  # an empty line ends the stretch
            if at - start > limit:
                return False
            start = at + 2
            at = find("\n", start)
        else:
            at = find("\n", at + 1)
    return len(text) - start <= limit


def iter_markdown_issues(text: str) -> Iterator[tuple[int, str, str, str, bool]]:
    """(offset, message, hint, code, is_error) for raw HTML, unsafe links, images from another
    site and attributes that are not allowed, outside code."""
    if not _may_have_issue(text):
        return
    masked = mask_code(text)
    opened: set[str] = set()
    if "<" in masked:
        for match in _RAW_HTML.finditer(masked):
            COST.steps += match.end() - match.start()
            tag = match.group(1) or "!--"
            if tag.startswith("/") and tag[1:].lower() in opened:
                continue  # the opening tag was reported already
            opened.add(tag.lower())
            yield (
                match.start(),
                say("raw-html", "not-allowed", tag=tag),
                say("raw-html", "use-markdown"),
                "raw-html",
                False,
            )
    for offset, dest in _link_destinations(masked):
        scheme = _unsafe_scheme(dest)
        if scheme:
            yield (
                offset,
                say("unsafe-link", "not-allowed", scheme=scheme),
                say("unsafe-link", "link-to-page"),
                "unsafe-link",
                False,
            )
    if "![" in masked or "<" in masked:
        for offset, dest in _images(masked):
            if is_other_host(dest) and not _unsafe_scheme(dest):
                yield (
                    offset,
                    say("remote-image", "other-site"),
                    say("remote-image", "put-in-repository"),
                    "remote-image",
                    True,
                )
    for start, end in iter_attr_lists(masked):
        block = masked[start:end]
        for match in _BAD_ATTR.finditer(block):
            attr = match.group("attr").lower()
            yield (
                start + match.start("attr"),
                say("unsafe-attribute", "not-allowed", attr=attr, attrs=_ATTR_LIST),
                say("unsafe-attribute", "class-or-id", example=_ATTR_EXAMPLE),
                "unsafe-attribute",
                False,
            )
        inner = 2 if block.startswith("{:") else 1
        for offset, token in attr_tokens(block[inner:-1]):
            for name in forbidden_names(token):
                yield (
                    start + inner + offset,
                    say("reserved-attribute", "site-interface", name=name, attrs=_ATTR_LIST),
                    say("reserved-attribute", "other-name", prefixes=", ".join(quote(p) for p in RESERVED_PREFIXES)),
                    "reserved-attribute",
                    False,
                )
