"""The plugin's theme layer over mkdocs-material: a few partials and static files.

``plugins/playbook/theme/`` is inserted into the theme's search path right after the site's own
``custom_dir`` (so a site can still override anything) and before material's templates. It holds
only what a template cannot reach otherwise: the header with the playbook's search box (always
there: material's search plugin is not used) and the box itself, the table of contents' title on
pages outside the navigation, the edit button's French name (« Modifier cette page ») and a French
404 page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .theme_contract import THEME_NAMES, Breach, check_theme

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
#: iframe-worker's shim (MIT, from npm), which material's offline plugin always adds: served from the site.
WORKER_SHIM = Path(__file__).resolve().parent.parent / "vendor" / "iframe-worker" / "shim.js"
#: qrcode-generator (MIT, from npm): « Ma séance » draws the QR code of its share link with it, in
#: the browser (the link is made there); served from the site, loaded by that page only.
QR_SCRIPT = Path(__file__).resolve().parent.parent / "vendor" / "qrcode-generator" / "qrcode.js"

#: material's two layout toggles are checkboxes with autocomplete="off", which HTML forbids there.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def install_theme(config: MkDocsConfig) -> bool:
    """Put the plugin's theme folder after ``custom_dir`` in the theme's search path (material and
    its fork MaterialX only: see :mod:`.theme_contract`)."""
    if config.theme.name not in THEME_NAMES:
        return False
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    return True


def theme_breaches(config: MkDocsConfig) -> list[Breach]:
    """The clauses of the theme contract that the site's theme (its own folder, the last of the
    search path that has a ``base.html``) does not honour; [] for another theme (not installed)."""
    if config.theme.name not in THEME_NAMES:
        return []
    own = [Path(d) for d in config.theme.dirs if (Path(d) / "base.html").is_file() and Path(d) != THEME_DIR]
    return check_theme(own[-1]) if own else []


def offline_build(config: MkDocsConfig) -> bool:
    """Whether material's offline plugin is on (a site to open from disk: no directory URLs)."""
    offline = (
        config.plugins.get("material/offline")
        or config.plugins.get("materialx/offline")
        or config.plugins.get("offline")
    )
    return bool(offline is not None and getattr(offline, "config", {}).get("enabled", True))


def use_local_worker_shim(config: MkDocsConfig, uri: str) -> None:
    """Material's offline plugin loads iframe-worker from unpkg.com; use the site's own copy instead.
    Works before the offline plugin's on_config (it then adds nothing) and after (its URL is replaced)."""
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = [*polyfills, uri]


#: The helpers every other script of ``assets/`` uses (the global ``Playbook``): never left out of
#: a page, and loaded before the others (the plugin adds the scripts in the order of their names,
#: which puts it first; tests/unit/test_page_scripts.py checks both on a built site).
COMMON_SCRIPT = "common.js"

#: The scripts of one kind of page, and the class their page has: every page loads every script
#: of ``assets/`` (``extra_javascript``), and a phone pays for parsing each (Lighthouse's blocking
#: time on a path or self-assessment page); a page without the class does not load the script.
PAGE_SCRIPTS = {
    "diagnostic.js": "pb-diagnostic",  # auto-diagnostic/
    "quiz.js": "pb-quiz",  # quiz/
    "plan.js": "pb-sheet--plan",  # a séance's fiche d'animation (kits/<séance>/)
}
_PAGE_SCRIPT = re.compile(
    r'<script src="[^"<>]*assets/playbook/(' + "|".join(re.escape(n) for n in PAGE_SCRIPTS) + r')"></script>\n?'
)


#: Where :func:`collapse_blank_lines` stops collapsing until the matching end: elements whose
#: text keeps its white space (or is not HTML), and comments.
_KEPT = ("pre", "textarea", "script", "style", "code")
_KEPT_START = re.compile(r"<(" + "|".join(_KEPT) + r")\b|<!--", re.IGNORECASE)
_KEPT_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _KEPT}
_COMMENT_END = re.compile("-->")
#: A tag with a line break (in an attribute's value: kept as it is; a tag without one has no blank
#: space to collapse), and a line break with the blank space after it. No ``\s``: it would take in
#: non-breaking spaces.
_TAG_WITH_BREAK = re.compile(r"<[^<>\n]*\n[^<>]*>")
_BLANK = re.compile(r"\n[ \t\r\n]+")


def collapse_blank_lines(html: str) -> str:
    """Each line break with the indentation and empty lines after it, outside tags, ``<pre>``,
    ``<textarea>``, ``<code>``, scripts, styles and comments, becomes one line break: the same page
    for a browser (a run of white space shows as one space, or none), without the indentation
    material's templates emit (about a tenth of an entry page). Linear: a character is read by a
    few scans at most (an element left open keeps the rest of the page as it is)."""
    parts: list[str] = []
    pos = at = 0  # the text not yet copied starts at pos; the next kept element is searched from at
    while (start := _KEPT_START.search(html, at)) is not None:
        name = start.group(1)
        end = (_KEPT_END[name.lower()] if name else _COMMENT_END).search(html, start.end())
        stop = end.end() if end is not None else len(html)
        if end is not None and html.find("\n", start.start(), stop) < 0:
            # no line break inside: nothing in it would change, nor could a tag with a line break
            # begin in it (an inline <code> of a table of every entry: thousands on one page)
            at = stop
            continue
        _collapse(html[pos : start.start()], parts)
        parts.append(html[start.start() : stop])
        pos = at = stop
    _collapse(html[pos:], parts)
    return "".join(parts)


def _collapse(text: str, parts: list[str]) -> None:
    """``text`` (no kept element in it) with its blank runs collapsed outside tags, onto ``parts``.
    Tags with a line break are rare: the text between them is one substitution, without a call
    back into Python for each tag (a page has thousands)."""
    pos = 0
    for tag in _TAG_WITH_BREAK.finditer(text):
        parts.append(_BLANK.sub("\n", text[pos : tag.start()]))
        parts.append(tag.group(0))
        pos = tag.end()
    parts.append(_BLANK.sub("\n", text[pos:]))


def fix_page_html(html: str) -> str:
    """Markup fixes on a whole page material rendered (valid HTML for the Nu Html Checker), its
    blank lines and indentation collapsed (:func:`collapse_blank_lines`), and the scripts of other
    kinds of pages left out (:data:`PAGE_SCRIPTS`)."""
    html = collapse_blank_lines(_TOGGLE_AUTOCOMPLETE.sub(r"\1", html))
    return _PAGE_SCRIPT.sub(lambda m: m.group(0) if PAGE_SCRIPTS[m.group(1)] in html else "", html)


@dataclass(frozen=True)
class Bundle:
    uri: str
    content: str


def js_bundle(files: Sequence[Path], prefix: str) -> Bundle:
    """The scripts every page loads as one classic script (``file://`` keeps working), named after
    its content like the style sheets: the shared helpers (:data:`COMMON_SCRIPT`) first, then the
    others in the order of their names; the scripts of one kind of page (:data:`PAGE_SCRIPTS`)
    stay apart. Each part keeps its own ``// @ts-check`` source in ``assets/``."""
    ordered = sorted((f for f in files if f.name not in PAGE_SCRIPTS), key=lambda f: (f.name != COMMON_SCRIPT, f.name))
    content = "".join(f"/* {path.name} */\n{path.read_text(encoding='utf-8').rstrip()}\n;\n" for path in ordered)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return Bundle(f"{prefix}playbook.{digest}.js", content)


def css_bundle(files: Sequence[Path], prefix: str) -> Bundle:
    """The plugin's style sheets as one file (one render-blocking request instead of one per file),
    named after its content so that a static host may cache it for long."""
    content = "\n".join(f"/* {path.name} */\n{path.read_text(encoding='utf-8')}" for path in files)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return Bundle(f"{prefix}playbook.{digest}.css", content)
