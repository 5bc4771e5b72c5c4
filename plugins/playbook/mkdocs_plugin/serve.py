"""Incremental ``mkdocs serve``: after an edit under ``laws/``, only the pages it changed are built.

MkDocs builds the whole site again after any change (6–9 s at 1,000 entries). In ``on_serve`` the
plugin puts :class:`IncrementalBuilder` in front of the server's builder. When the server sees a
change, it asks the core for the new outputs (:func:`playbook.core.build.build_outputs`, which
parses again only the edited files and renders again only the pages the edit can reach) and then,
with the state MkDocs left from the last full build (config, files, navigation, Jinja environment):

- puts the new Markdown in the changed pages' files and runs MkDocs' own page pipeline on those
  pages only (every plugin's page events, the theme's template), writing them into the site;
- writes the non-page files whose content changed (exports, edition stylesheet);
- when the site's date changed (no git: it is the newest file's time), dates every page anew and
  builds the theme's static templates (the sitemap) again;
- puts the changed pages' sections in place in the search index, in the order a full build
  gives, and runs every plugin's ``on_post_build`` (the search index is written and tuned).

Anything else gets MkDocs' full build, which reports problems as usual: another watched file
changed (``docs/``, ``mkdocs.yml``, ``watch:`` entries, the theme's ``custom_dir``), an entry file
was added, removed or has errors, a page appears or disappears, a page of the navigation gets a
new title, the published PDFs or the core's warnings change, or MkDocs logs a warning while the
pages are built under ``--strict``. An incremental rebuild leaves the site exactly as a full build
of the same content would (``tests/site/test_serve_incremental.py``).

The garbage collector is paused during an incremental rebuild and, after each full build, what
the build left is frozen out of its passes (:func:`settle`): the served site is millions of
objects, and one pass over them cost as much as building ten pages. And ``laws/`` is watched with
the system's file notifications (:func:`watch_with_notifications`) rather than MkDocs' 0.5 s
polling. At 1,000 entries an edit is served in about 0.9 s (``scripts/bench.py``).
"""

from __future__ import annotations

import gc
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs import utils
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

log = logging.getLogger("mkdocs.plugins.playbook")

#: (size, mtime_ns, inode) of each file, by path
InputsSignature = dict[str, tuple[int, int, int]]


def inputs_signature(paths: Iterable[str | Path]) -> InputsSignature:
    """Stat signatures of every file under ``paths`` (files or folders; missing ones are skipped)."""
    found: InputsSignature = {}
    pending = [os.fspath(p) for p in paths]
    while pending:
        path = pending.pop()
        try:
            st = os.stat(path)
        except OSError:
            continue
        if os.path.isdir(path):
            try:
                pending.extend(os.path.join(path, name) for name in os.listdir(path))
            except OSError:
                continue
        else:
            found[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


@dataclass
class BuildState:
    """What the last full build left: enough to build single pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment
    watched: list[Path]  #: inputs other than the entries; any change there needs a full build
    signature: InputsSignature
    taken_ns: int  #: when the signature was taken (at the start of the build)

    def inputs_changed(self) -> bool:
        """True when a watched input changed since the build started, or may have changed while
        it was being read (modified less than :data:`RACY_NS` before: the same tick cannot tell)."""
        if any(mtime >= self.taken_ns - RACY_NS for _, mtime, _ in self.signature.values()):
            return True
        return inputs_signature(self.watched) != self.signature


class FullBuildNeeded(Exception):
    """The edit cannot be applied page by page (the message says why, for the debug log)."""


def rebuild_pages(state: BuildState, markdown: dict[str, str], files: dict[str, bytes], *,
                  new_date: bool = False) -> int:
    """Build the pages whose new Markdown is in ``markdown`` (``src_uri`` → text) and write the
    non-page ``files`` (site path → bytes); returns the number of pages built. ``new_date``: the
    site's date (``SOURCE_DATE_EPOCH``) changed, so every page's date and the theme's static
    templates (the sitemap) are updated too."""
    config, all_files = state.config, state.files
    pages = []
    for uri, text in markdown.items():
        file = all_files.get_file_from_path(uri)
        if file is None or file.page is None:
            raise FullBuildNeeded(f"no page for {uri}")
        file.content_string = text
        pages.append(file.page)
    for uri, content in files.items():
        file = all_files.get_file_from_path(uri)
        if file is None:
            raise FullBuildNeeded(f"no file for {uri}")
        file.content_bytes = content
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        for page in pages:
            _populate_page(page, config, all_files)
        doc_files = all_files.documentation_pages()
        with _search_sections_in_place(config, doc_files, [page.url for page in pages]):
            for page in pages:
                _build_page(page, config, doc_files, state.nav, state.env)
        for uri in files:
            all_files.get_file_from_path(uri).copy_file()  # type: ignore[union-attr]
        if new_date:
            date = utils.get_build_date()
            for file in doc_files:
                if file.page is not None:
                    file.page.update_date = date
            for template in sorted(config.theme.static_templates):
                _build_theme_template(template, state.env, all_files, config, state.nav)
        for file in doc_files:
            if file.page is not None:
                file.page.validate_anchor_links(files=all_files, log_level=config.validation.links.anchors)
        if config.strict and counter.get_counts():
            raise FullBuildNeeded("warnings while building pages under --strict")
        config.plugins.on_post_build(config=config)
        if config.strict and counter.get_counts():
            raise FullBuildNeeded("warnings after building pages under --strict")
    finally:
        logger.removeHandler(counter)
    return len(pages)


@contextmanager
def _search_sections_in_place(config: MkDocsConfig, doc_files: list[Any], urls: list[str]) -> Iterator[None]:
    """Search plugins (material's or MkDocs') index a page's sections as it is built, appending
    them to their list. Around a rebuild of some pages, this removes those pages' old sections
    and then puts every section back in page order, as a full build would have them."""
    order = [f.page.url for f in doc_files if f.page is not None]
    rebuilt = set(urls)
    lists: list[list[dict[str, Any]]] = []
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        found = [getattr(index, name, None) for name in ("entries", "_entries")]
        lists.extend([entries for entries in found if isinstance(entries, list)][:1])
    for entries in lists:
        entries[:] = [e for e in entries if _page_of(e) not in rebuilt]
    try:
        yield
    finally:
        for entries in lists:
            by_page: dict[str, list[dict[str, Any]]] = {}
            for entry in entries:
                by_page.setdefault(_page_of(entry), []).append(entry)
            entries[:] = [e for url in order for e in by_page.pop(url, [])] + [e for rest in by_page.values()
                                                                              for e in rest]


def _page_of(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).partition("#")[0]


#: File events that mean an entry file changed (not "opened" or "closed_no_write": reading the
#: entries, as every build does, must not start another build).
_CHANGE_EVENTS = frozenset({"created", "deleted", "modified", "moved", "closed"})


def watch_with_notifications(server: Any, path: Path) -> Callable[[], None] | None:
    """Ask ``server`` (MkDocs' LiveReloadServer) for a build as soon as the system reports a change
    under ``path`` (inotify on Linux), instead of at its next poll (every 0.5 s); returns what
    stops watching. ``None`` when it cannot be done: the caller then uses ``server.watch``.

    This does what the server's own watch callback does (MkDocs 1.6 ``livereload``): set
    ``_want_rebuild`` under ``_rebuild_cond`` and notify it."""
    cond = getattr(server, "_rebuild_cond", None)
    if cond is None or not hasattr(server, "_want_rebuild"):
        return None
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:  # pragma: no cover - watchdog comes with MkDocs
        return None
    if Observer is PollingObserver:  # no notifications on this system: the server polls already
        return None

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in _CHANGE_EVENTS:
                return
            with cond:
                server._want_rebuild = True
                cond.notify_all()

    observer = Observer()
    try:
        observer.schedule(Handler(), str(path), recursive=True)
        observer.start()
    except OSError as error:  # e.g. the system's limit of watches is reached
        log.debug(f"playbook: no file notifications ({error}); polling instead")
        return None

    def stop() -> None:
        observer.stop()
        observer.join(timeout=5)

    return stop


class IncrementalBuilder:
    """Stands in for ``mkdocs serve``'s builder; see the module docstring."""

    def __init__(self, rebuild: Callable[[], int | None], full_build: Callable[..., None]):
        self.rebuild = rebuild  #: builds what changed; ``None`` when a full build is needed
        self.full_build = full_build
        self.full_builds = 0
        self.incremental_builds = 0

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        if config is None:
            started = time.monotonic()
            collecting = gc.isenabled()
            gc.disable()  # the site in memory is millions of objects: no collection pass in the middle
            try:
                count = self.rebuild()
            except FullBuildNeeded as why:
                log.debug(f"playbook: full build: {why}")
                count = None
            except Exception as error:  # noqa: BLE001 - the full build reports it the usual way
                log.debug(f"playbook: full build after an error in the incremental one: {error!r}")
                count = None
            finally:
                if collecting:
                    gc.enable()
            if count is not None:
                self.incremental_builds += 1
                log.info(f"playbook: rebuilt {count} page(s) in {time.monotonic() - started:.2f} s (incremental)")
                return
        self.full_builds += 1
        gc.unfreeze()  # what the previous build left can be collected now
        try:
            if config is None:
                self.full_build()
            else:
                self.full_build(config)
        finally:
            settle()


def settle() -> None:
    """After a full build: collect once, then keep what the build left in memory (the site: millions
    of objects) out of later collection passes (``gc.freeze``), so that none of them, during an
    incremental rebuild or while a page is served, walks the whole site again."""
    gc.collect()
    gc.freeze()
