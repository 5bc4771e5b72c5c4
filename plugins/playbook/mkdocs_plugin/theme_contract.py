"""The theme contract: everything the plugin, its partials (``plugins/playbook/theme/``), its
templates, styles and scripts (``plugins/playbook/assets/``) take from mkdocs-material, in one place.

Material for MkDocs reaches end of life on 5 May 2027; a fork (MaterialX), a successor (Zensical)
or a base layout of our own must offer the same, or the site breaks in ways no build notices: a
partial we include that is gone is an error, but a block renamed, a class whose styles are gone
or a script hook that no longer fires only shows on the page. :func:`check_theme` reads a theme's
folder (its templates, its stylesheet and its script bundle) and lists each clause it no longer
honours; ``tests/site/test_theme_contract.py`` runs it on the installed theme, on a scratch copy
with one partial dropped, and checks that every ``md-`` class and hook our files use is declared
here. ``make compat`` runs it on MaterialX too.

Nothing here imports MkDocs: the theme is read as files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Theme names the plugin installs its partials for (``theme: name:`` in mkdocs.yml).
THEME_NAMES = ("material", "materialx")

#: Templates of the theme our partials include, or that MkDocs renders (main.html, 404.html).
TEMPLATES = (
    "main.html",
    "base.html",
    "404.html",
    "partials/logo.html",  # our header.html
    "partials/palette.html",  # our header.html
    "partials/javascripts/palette.html",  # our header.html
    "partials/alternate.html",  # our header.html
    "partials/tabs.html",  # our header.html
    "partials/toc-item.html",  # our toc.html
    "partials/content.html",  # includes our actions.html
    "partials/languages/fr.html",  # lang.t() in French
)

#: (template, partial): where the theme must include the partials we replace, or ours are never used.
INCLUDES = (
    ("base.html", "partials/header.html"),  # our header, with the playbook's search box
    ("base.html", "partials/toc.html"),  # our table of contents' title
    ("partials/content.html", "partials/actions.html"),  # our « Modifier cette page »
)

#: Blocks of base.html that carry what the plugin adds: extra_css (styles), extra_javascript and
#: the ``__config`` JSON our search reads (scripts, config), the header and the page's content.
BLOCKS = ("styles", "scripts", "config", "header", "site_nav", "content")

#: Icons our partials include (``.icons/<name>.svg``).
ICONS = (
    "material/menu",
    "material/magnify",
    "material/arrow-left",
    "material/close",
    "fontawesome/brands/git-alt",
    "material/file-edit-outline",  # our actions.html
    "material/file-eye-outline",  # our actions.html
)

#: Keys of ``lang.t()`` in our partials, which the French language file must define.
TRANSLATIONS = (
    "action.view",
    "header",
    "search",
    "search.placeholder",
    "search.reset",
    "search.result.placeholder",
    "source",
    "toc",
)

#: Element ids of the layout that our partials and scripts use (templates: ``id="..."``).
ELEMENT_IDS = ("__config", "__search", "__drawer", "__toc")

#: Script hooks in the theme's bundle: the page lifecycle our scripts subscribe to
#: (``document$``, playbook.js), and the components our header keeps (``data-md-component``).
SCRIPT_HOOKS = ("document$", "header-title", "header-topic", "logo", "toc", "header")

#: The theme's classes our styles, scripts, templates and partials use; each must still be styled
#: by the theme's main stylesheet (a class it no longer knows is a layout that silently falls apart).
CSS_CLASSES = (
    "md-banner",
    "md-button",
    "md-button--primary",
    "md-container",
    "md-content",
    "md-content__button",
    "md-content__inner",
    "md-copyright",
    "md-copyright__highlight",
    "md-dialog",
    "md-ellipsis",
    "md-feedback",
    "md-footer",
    "md-footer-meta",
    "md-grid",
    "md-header",
    "md-header--lifted",
    "md-header--shadow",
    "md-header__button",
    "md-header__ellipsis",
    "md-header__inner",
    "md-header__source",
    "md-header__title",
    "md-header__topic",
    "md-icon",
    "md-logo",
    "md-main",
    "md-main__inner",
    "md-nav",
    "md-nav--secondary",
    "md-nav__icon",
    "md-nav__link",
    "md-nav__list",
    "md-nav__title",
    "md-search",
    "md-search-result",
    "md-search-result__article",
    "md-search-result__item",
    "md-search-result__link",
    "md-search-result__list",
    "md-search-result__meta",
    "md-search__form",
    "md-search__icon",
    "md-search__inner",
    "md-search__input",
    "md-search__options",
    "md-search__output",
    "md-search__overlay",
    "md-search__scrollwrap",
    "md-sidebar",
    "md-skip",
    "md-source",
    "md-source-file",
    "md-source__icon",
    "md-source__repository",
    "md-tabs",
    "md-tag",
    "md-toggle",
    "md-top",
    "md-typeset",
    "md-typeset__scrollwrap",
    "md-typeset__table",
)

#: Custom properties of the theme's palette our styles read (``var(--md-...)``).
CSS_VARIABLES = (
    "--md-accent-fg-color",
    "--md-accent-fg-color--transparent",
    "--md-default-bg-color",
    "--md-default-fg-color",
    "--md-default-fg-color--light",
    "--md-default-fg-color--lighter",
    "--md-default-fg-color--lightest",
    "--md-footer-fg-color",
    "--md-footer-fg-color--light",
    "--md-primary-bg-color",
    "--md-primary-fg-color",
    "--md-primary-fg-color--dark",
    "--md-typeset-a-color",
    "--md-typeset-color",
)


@dataclass(frozen=True)
class Breach:
    """One clause the theme no longer honours."""

    kind: str  #: "template", "include", "block", "icon", "translation", "id", "hook", "class", "variable"
    name: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name!r}: {self.detail}"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _assets(theme_dir: Path, pattern: str) -> str:
    return "\n".join(_read(p) for p in sorted(theme_dir.glob(pattern)))


def _templates_text(theme_dir: Path) -> str:
    """Every template of the theme, read once per build: the walk never enters ``.icons`` (its
    thousands of pictures cost most of the check under ``mkdocs serve``) nor follows a link."""
    paths: list[Path] = []
    for root, dirs, files in os.walk(theme_dir):
        dirs[:] = [d for d in dirs if d != ".icons"]
        paths += [Path(root, name) for name in files if name.endswith(".html")]
    return "\n".join(_read(p) for p in sorted(paths))


def check_theme(theme_dir: Path) -> list[Breach]:
    """Every clause of the contract that the theme in ``theme_dir`` (the folder with ``base.html``,
    e.g. ``material/templates``) does not honour; [] when it offers everything."""
    breaches: list[Breach] = []
    for name in TEMPLATES:
        if not (theme_dir / name).is_file():
            breaches.append(Breach("template", name, "the theme has no such file"))
    for template, partial in INCLUDES:
        text = _read(theme_dir / template)
        if not re.search(r"\{%-?\s*include\s+[\"']" + re.escape(partial) + r"[\"']", text):
            breaches.append(Breach("include", partial, f"{template} no longer includes it (ours would never be used)"))
    base = _read(theme_dir / "base.html")
    for block in BLOCKS:
        if not re.search(r"\{%-?\s*block\s+" + re.escape(block) + r"\b", base):
            breaches.append(Breach("block", block, "base.html has no such block"))
    for icon in ICONS:
        if not (theme_dir / ".icons" / f"{icon}.svg").is_file():
            breaches.append(Breach("icon", icon, "the theme has no such icon"))
    french = _read(theme_dir / "partials" / "languages" / "fr.html")
    for key in TRANSLATIONS:
        if not re.search(r"[\"']" + re.escape(key) + r"[\"']\s*:", french):
            breaches.append(Breach("translation", key, "partials/languages/fr.html does not define it"))
    templates = _templates_text(theme_dir)
    for element_id in ELEMENT_IDS:
        if f'id="{element_id}"' not in templates:
            breaches.append(Breach("id", element_id, "no template of the theme has an element with this id"))
    bundle = _assets(theme_dir, "assets/javascripts/bundle.*.js")
    for hook in SCRIPT_HOOKS:
        if hook not in bundle:
            breaches.append(Breach("hook", hook, "the theme's script bundle never mentions it"))
    stylesheet = _assets(theme_dir, "assets/stylesheets/*.css")
    for cls in CSS_CLASSES:
        if not re.search(r"\." + re.escape(cls) + r"(?![\w-])", stylesheet):
            breaches.append(Breach("class", cls, "the theme's stylesheets no longer style it"))
    for variable in CSS_VARIABLES:
        if not re.search(re.escape(variable) + r"\s*:", stylesheet):
            breaches.append(Breach("variable", variable, "the theme's stylesheets no longer define it"))
    return breaches


def used_classes(texts: Iterable[str]) -> set[str]:
    """The theme classes (``md-...``) named in our styles, scripts, templates and partials."""
    found: set[str] = set()
    for text in texts:
        found.update(re.findall(r"(?<![\w-])md-[a-z0-9]+(?:(?:__|--|[_-])[a-z0-9]+)*(?![\w-])", text))
    return found
