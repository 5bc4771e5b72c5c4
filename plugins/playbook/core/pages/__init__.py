"""Every page the site generates from the entries.

Each module renders one kind of page with a :class:`~playbook.core.render.renderer.Renderer`
(:mod:`.entries`, :mod:`.tags`, :mod:`.news`...); :mod:`.redirects` makes the redirect files of
renamed entries. :mod:`.registry` declares each page type once (its pages' roles, how they
render, which pages an edit of an entry reaches): :func:`render_all` (the build, ``playbook
render``) and :func:`render_again` / :class:`Again` (an incremental rebuild,
:mod:`playbook.core.incremental`; ``playbook diff``) read only that registry.
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
