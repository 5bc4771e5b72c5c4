"""Incremental rebuilds under ``mkdocs serve``: an edited entry rebuilds only the pages it changes.

MkDocs' ``serve`` rebuilds the whole site after any change (≈8 s at 1,000 entries); ``--dirty``
rebuilds only the edited files and leaves every other page stale. :class:`IncrementalBuilder`
replaces the server's builder (from ``on_serve``) and, when the change is an edit of existing
entry files only, does this instead:

1. the core checks ``laws/`` again, parsing only the files whose bytes changed
   (:class:`playbook.core.incremental.Session`);
2. it renders again the Markdown of every page that showed or will show an edited entry
   (:func:`playbook.core.incremental.render_changed`) and compares it with the previous render
   (:func:`playbook.core.incremental.diff_pages`): the changed pages are the edited entry, the
   entries whose links or backlinks show it, and the kind, collection and tag pages listing it;
3. those pages, and only those, go through MkDocs' own page pipeline (``_populate_page`` and
   ``_build_page``: every plugin event runs as in a full build) into the served site, with the
   navigation, files and theme environment of the last full build;
4. their entries in the search index are replaced and ``search/search_index.json`` is rewritten.

Anything else falls back to the full rebuild: a file added, removed or renamed (the set of pages
or the navigation may change), any problem in the entries (the full build reports it as usual),
a change outside ``laws/`` (``docs/``, ``mkdocs.yml``, the theme...), a changed page whose title
appears in the navigation, a plugin this module does not know (it could keep state per page),
``--dirty``, a warning in ``--strict`` mode, or any error during the incremental steps.

``_populate_page`` and ``_build_page`` are private helpers of ``mkdocs.commands.build``; MkDocs 1.x
is frozen at 1.6.1 and the package pins ``mkdocs<2``. ``tests/site/test_serve_incremental.py``
drives this builder against real builds, so a change there fails the tests rather than the site.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import CountHandler

from ..core.incremental import changed_ids, diff_pages, render_changed

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from .plugin import PlaybookPlugin

log = get_plugin_logger(__name__)

#: Plugins whose per-page state this module keeps right (by class name and module prefix).
_KNOWN_PLUGINS = {
    ("PlaybookPlugin", "playbook."),
    ("SearchPlugin", "material.plugins.search"),
    ("SearchPlugin", "mkdocs.contrib.search"),
}


@dataclass
class BuildState:
    """What a complete build used: the incremental builder renders pages with the same objects."""

    config: MkDocsConfig
    files: Files
    nav: Navigation | None
    env: Environment


@dataclass
class Outcome:
    """What the last call of the builder did (for logs and tests)."""

    incremental: bool
    reason: str = ""
    rebuilt: tuple[str, ...] = ()
    seconds: float = 0.0


class IncrementalBuilder:
    """Called by the live-reload server instead of MkDocs' builder (same signature)."""

    def __init__(self, plugin: PlaybookPlugin, server: LiveReloadServer | None, full_builder: Callable[..., None]):
        self.plugin = plugin
        self.server = server
        self.full_builder = full_builder
        self.snapshot = self._snapshot()
        self.last: Outcome | None = None

    def __call__(self, config: Any = None) -> None:
        start = time.monotonic()
        try:
            outcome = self._incremental()
        except Exception as exc:  # the full rebuild below puts the site right, and reports real errors
            log.info(f"incremental rebuild not possible ({type(exc).__name__}: {exc}); full rebuild")
            outcome = Outcome(False, f"error: {exc}")
        if outcome.incremental:
            outcome.seconds = time.monotonic() - start
            log.info(f"rebuilt {len(outcome.rebuilt)} page(s) in {outcome.seconds:.2f} s (incremental)")
        else:
            log.debug(f"full rebuild: {outcome.reason}")
            self.snapshot = self._snapshot()  # before the build: a change during it triggers another
            self.full_builder() if config is None else self.full_builder(config)
            outcome.seconds = time.monotonic() - start
        self.last = outcome

    # -- the incremental path ------------------------------------------------------------------
    def _incremental(self) -> Outcome:
        plugin = self.plugin
        state = plugin.last_build
        if state is None or plugin.session is None or plugin.renderer is None:
            return Outcome(False, "no complete previous build")
        config = state.config
        unknown = [name for name, p in config.plugins.items() if not _known(p)]
        if unknown:
            return Outcome(False, f"plugins {unknown} may keep state per page")
        snapshot = self._snapshot()
        if snapshot != self.snapshot:
            return Outcome(False, "files outside the entries folder changed")
        result, changes = plugin.session.check()
        if not changes.same_files:
            return Outcome(False, "entry files were added, removed or renamed")
        if result.problems or result.playbook is None:
            return Outcome(False, "the entries have problems (the full build reports them)")
        pages = render_changed(plugin.renderer, result.playbook, plugin.pages, changed_ids(changes))
        if pages is None:
            return Outcome(False, "generated pages were added or removed")
        diff = diff_pages(plugin.pages, pages)
        if not diff.same_pages:
            return Outcome(False, "generated pages were added or removed")
        files = state.files
        nav_pages = {p.file.src_uri for p in state.nav.pages} if state.nav is not None else set()
        if any(uri in nav_pages for uri in diff.retitled):
            return Outcome(False, "a page listed in the navigation changed its title")
        targets = [files.get_file_from_path(uri) for uri in diff.changed]
        if any(f is None or f.page is None for f in targets):
            return Outcome(False, "a changed page is not part of the last build")
        plugin.pages = pages
        if not targets:
            return Outcome(True, "no page changed")
        for file in targets:
            file.content_string = pages[file.src_uri].markdown
        counter = CountHandler()
        counter.setLevel(logging.WARNING)
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(counter)
        try:
            _rebuild_pages(config, files, state, targets)
        finally:
            mkdocs_log.removeHandler(counter)
        if config.strict and counter.get_counts():
            plugin.last_build = None  # pages were written: only a full build may follow
            return Outcome(False, "warnings in strict mode (the full build reports them)")
        return Outcome(True, "", tuple(f.src_uri for f in targets))

    # -- what else is watched ------------------------------------------------------------------
    def _watched(self) -> list[str]:
        paths = set(getattr(self.server, "_watched_paths", {}) or {})
        state = self.plugin.last_build
        if state is not None:
            paths.add(str(state.config.docs_dir))
            if state.config.config_file_path:
                paths.add(str(state.config.config_file_path))
        laws = str(self.plugin.laws_dir) if self.plugin.laws_dir else None
        return sorted(os.path.abspath(p) for p in paths if laws is None or os.path.abspath(p) != laws)

    def _snapshot(self) -> dict[str, tuple[int, int]]:
        """(mtime, size) of every file under the watched paths other than the entries folder."""
        laws = str(self.plugin.laws_dir) + os.sep if self.plugin.laws_dir else None
        seen: dict[str, tuple[int, int]] = {}
        for top in self._watched():
            if os.path.isfile(top):
                st = os.stat(top)
                seen[top] = (st.st_mtime_ns, st.st_size)
                continue
            for folder, dirs, names in os.walk(top):
                if laws and (folder + os.sep).startswith(laws):
                    dirs[:] = []
                    continue
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    seen[path] = (st.st_mtime_ns, st.st_size)
        return seen


def _rebuild_pages(config: MkDocsConfig, files: Files, state: BuildState, targets: list[Any]) -> None:
    """Rebuild ``targets`` (Files of pages) with MkDocs' page pipeline; refresh the search index."""
    search_plugins = [p for p in config.plugins.values() if _search_entries(p) is not None]
    urls = {f.page.url for f in targets}
    for plugin in search_plugins:  # drop the old entries of these pages; _build_page adds new ones
        entries = _search_entries(plugin)
        entries[:] = [e for e in entries if _page_url(e.get("location", "")) not in urls]
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for file in targets:
        _populate_page(file.page, config, files)
    for file in targets:
        _build_page(file.page, config, doc_files, state.nav, state.env)
    for file in targets:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    for plugin in search_plugins:
        plugin.on_post_build(config=config)


def _search_entries(plugin: Any) -> list[dict[str, Any]] | None:
    index = getattr(plugin, "search_index", None)
    if index is None:
        return None
    entries = getattr(index, "entries", None)  # material's search plugin
    if entries is None:
        entries = getattr(index, "_entries", None)  # mkdocs' own
    return entries if isinstance(entries, list) else None


def _page_url(location: str) -> str:
    return location.split("#", 1)[0]


def _known(plugin: Any) -> bool:
    name, module = type(plugin).__name__, type(plugin).__module__
    return any(name == n and module.startswith(prefix) for n, prefix in _KNOWN_PLUGINS)
