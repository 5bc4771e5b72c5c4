"""The Content-Security-Policy of every page: a ``<meta http-equiv>`` computed from the final HTML.

A static host sets no header, so the policy travels in the page (GOV.UK Frontend's advice for
inline scripts: a hash each, never ``'unsafe-inline'``). It is computed at the end of the build,
from each page as written (:func:`with_policy`), so it stays right whatever the templates, the
theme or another plugin put in the page: every inline script that runs gets its SHA-256, and no
other inline script, event-handler attribute or ``javascript:`` address can run. Scripts, styles,
images and fonts load from the site itself only; nothing is framed from elsewhere, no plugin
object runs, and forms and ``<base>`` stay on the site. Styles keep ``'unsafe-inline'`` (the
theme sets ``style`` attributes; a style cannot run code). The offline copy (``file://``) works
the same: ``'self'`` there is the folder's ``file:`` address.

A ``<meta>`` policy cannot carry ``frame-ancestors`` or reporting: a host that can set headers
should add ``frame-ancestors 'none'`` there.
"""

from __future__ import annotations

import base64
import hashlib
import re

#: The policy's fixed part; ``script-src`` gets the page's hashes.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("frame-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=[^>]*>", re.I)
_EXISTING = re.compile(r"\s*<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>", re.I)
#: ``type`` values a browser runs as script (an empty or absent type too).
_SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


def inline_script_hashes(html: str) -> list[str]:
    """``'sha256-…'`` of every inline script of ``html`` that a browser would run, in order, once each
    (JSON data blocks are not scripts and need none)."""
    found: dict[str, None] = {}
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if value.strip().lower() not in _SCRIPT_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        found[f"'sha256-{digest}'"] = None
    return list(found)


def policy(hashes: list[str]) -> str:
    """The policy of a page whose inline scripts have ``hashes``."""
    parts = []
    for name, value in DIRECTIVES:
        parts.append(f"{name} {value}{''.join(' ' + h for h in hashes) if name == 'script-src' else ''}")
    return "; ".join(parts)


def with_policy(html: str) -> str:
    """``html`` with its Content-Security-Policy ``<meta>`` first in ``<head>`` (after the charset,
    which must come first), before any script; a policy already there is replaced. A document
    without ``<head>`` is returned as it is."""
    html = _EXISTING.sub("", html)
    head = _HEAD.search(html)
    if head is None:
        return html
    at = head.end()
    charset = _CHARSET.match(html, at)
    if charset is not None:
        at = charset.end()
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(html))}">'
    return html[:at] + meta + html[at:]
