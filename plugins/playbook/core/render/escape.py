"""Escaping of values for the pages: Markdown text, link targets, code spans and CSS strings.

Two rules, enforced by the template environments (:mod:`.renderer`) rather than by each template:

- ``*.md.j2`` templates produce Markdown: every ``{{ value }}`` is escaped for Markdown and
  HTML (``<`` ``&`` ``*`` ``_`` ``[`` ...) by :func:`finalize_markdown`, unless it is
  :class:`markupsafe.Markup`.
- ``*.html.j2`` fragments produce HTML with Jinja's autoescape (:func:`finalize_html`).

French typography (:mod:`playbook.core.typography`) is applied to text on the way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..typography import french_typography

_LINE_START = re.compile(r"^(\s*)([-+>]|\d+\.)")
_SPACES = re.compile(r"[ \t\r\n]+")

#: HTML-escape ``& < >`` and backslash-escape Markdown's special characters, in one pass.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]{}()!|#+"}})


@lru_cache(maxsize=1 << 16)
def plain_text(value: str) -> str:
    """Text as the pages show it: runs of spaces and line breaks folded to one space, French
    typography applied. For text that leaves the site as data (exports, « Ma séance »'s records);
    every title, summary and checklist item goes through here for several files at each build, and
    again after each edit under `mkdocs serve`: folded once."""
    return french_typography(_SPACES.sub(" ", value).strip())


def md_escape(value: Any) -> str:
    """Escape text for a Markdown line: no HTML, no emphasis, no links, no block syntax."""
    if type(value) is str:
        return _md_escape_text(value)
    return _md_escape_text(str(value))


@lru_cache(maxsize=1 << 16)
def _md_escape_text(value: str) -> str:  # a title or summary is shown on many pages: escaped once
    text = plain_text(value).translate(_ESCAPES)
    if _LINE_START.match(text):
        return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
    return text


def href(value: Any) -> Markup:
    """A URL made safe for a Markdown link target (spaces, brackets, quotes percent-encoded)."""
    return Markup(quote(str(value), safe=":/?#@!$&'*+,;=%-._~"))


def css_string(value: Any) -> str:
    """A CSS string literal holding ``value`` exactly (quotes, backslashes, control characters escaped)."""
    out = []
    for char in str(value):
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def code(value: Any) -> Markup:
    """``value`` as a Markdown code span (backticks chosen so the value cannot close it)."""
    text = str(value).replace("\n", " ")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def finalize_markdown(value: Any) -> Any:
    """Jinja's ``finalize`` of Markdown templates: every value escaped unless it is Markup."""
    if type(value) is str:  # the usual case first: plain text (Markup is a subclass, not str itself)
        return _md_escape_text(value)
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return md_escape(value)


def finalize_html(value: Any) -> Any:
    """Jinja's ``finalize`` of HTML fragments (autoescaped after): French typography on text."""
    if type(value) is str:
        return _french_typography_cached(value)
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return french_typography(value)
    return value


@lru_cache(maxsize=1 << 16)
def _french_typography_cached(value: str) -> str:
    return french_typography(value)
