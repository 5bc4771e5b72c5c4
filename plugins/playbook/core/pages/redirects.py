"""Old addresses of renamed entries: a small redirect page at each former id's URL.

An entry renamed from ``ancien-id`` to ``nouvel-id`` lists ``former_ids: [ancien-id]``; the page
that was at ``<folder>/ancien-id/`` (in the entry's current folder) becomes an HTML file that
sends the reader to the entry's page: a ``<link rel="canonical">`` (search engines move to the new
address), a ``<meta http-equiv="refresh">`` (browsers go there at once) and a plain link. These
are generated files like the exports: nothing is written into ``docs/``, and under ``mkdocs
serve`` a redirect that appears or disappears makes a full build.
"""

from __future__ import annotations

from ..model import Playbook
from ..render.renderer import Renderer
from ..render.urls import relative_url, served_file


def redirect_files(renderer: Renderer, playbook: Playbook) -> dict[str, bytes]:
    """Site path → HTML of the redirect page of every former id."""
    site, pages = renderer.site, renderer.pages
    files: dict[str, bytes] = {}
    for old, entry in sorted(playbook.former.items()):
        new_uri = pages.entry_uri(entry)
        old_uri = pages.former_uri(entry, old)
        target = relative_url(old_uri, site.page_url(new_uri), site.directory_urls)
        html = renderer.fragment(
            "playbook/fragments/redirect.html.j2",
            entry=entry,
            old_id=old,
            target=target,
            canonical=site.public_url(new_uri) if site.url else target,
        )
        files[served_file(old_uri, site.directory_urls)] = ("<!doctype html>\n" + str(html) + "\n").encode("utf-8")
    return files
