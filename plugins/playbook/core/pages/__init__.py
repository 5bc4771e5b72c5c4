"""Every page the site generates from the entries, and the one place that lists them.

Each module renders one kind of page with a :class:`~playbook.core.render.renderer.Renderer`:
:mod:`.entries`, :mod:`.kind_indexes`, :mod:`.tags`, :mod:`.printables`, :mod:`.trainers`,
:mod:`.cards`, :mod:`.diagnostic`, :mod:`.views`, :mod:`.format_reference`,
:mod:`.validator_messages` (« Messages du validateur »), :mod:`.news` (« Nouveautés ») and
:mod:`.upkeep` (« Suivi des entrées », for contributors); :mod:`.redirects` makes the redirect
files of renamed entries. :mod:`.registry` declares each page type once (its pages' roles, how
they render, which pages an edit of an entry reaches); :func:`render_all` (the build and
``playbook render``) and :func:`render_again` (an incremental rebuild,
:mod:`playbook.core.incremental`) read only that registry.
"""

from __future__ import annotations

from .registry import (
    ALWAYS,
    FRESH,
    NEVER,
    PAGE_TYPES,
    Again,
    PageType,
    Reuse,
    page_type,
    reached,
    render_again,
    render_all,
)

__all__ = [
    "ALWAYS",
    "FRESH",
    "NEVER",
    "PAGE_TYPES",
    "Again",
    "PageType",
    "Reuse",
    "page_type",
    "reached",
    "render_again",
    "render_all",
]
