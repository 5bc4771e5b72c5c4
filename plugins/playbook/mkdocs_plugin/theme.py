"""The plugin's theme layer over mkdocs-material: a few partials and static files.

``plugins/playbook/theme/`` is inserted into the theme's search path right after the site's own
``custom_dir`` (so a site can still override anything) and before material's templates. It holds
only what a template cannot reach otherwise: the search dialog's name, the table of contents'
title on pages outside the navigation, and the lunr language of the search.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"

#: material's two layout toggles are checkboxes with autocomplete="off", which HTML forbids there.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def install_theme(config: MkDocsConfig) -> bool:
    """Put the plugin's theme folder after ``custom_dir`` in the theme's search path (material only)."""
    if config.theme.name != "material":
        return False
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    return True


def fix_page_html(html: str) -> str:
    """Markup fixes on a whole page material rendered (valid HTML for the Nu Html Checker)."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
