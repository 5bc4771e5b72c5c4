"""Incremental ``mkdocs serve``: after an edit under ``laws/``, only the pages it changed are built.

MkDocs builds the whole site again after any change. :class:`ServeState` is what the plugin keeps
across the builds of ``mkdocs serve`` and decides what a change needs; in ``on_serve`` it puts
:class:`IncrementalBuilder` in front of the server's builder. When the server sees a
change, it asks the core for the new outputs (:func:`playbook.core.build.build_outputs`, which
parses again only the edited files and renders again only the pages the edit can reach) and then,
with the state MkDocs left from the last full build (config, files, navigation, Jinja environment)
and MkDocs' own page pipeline (private functions of ``mkdocs.commands.build``, looked up only then
by :func:`mkdocs_page_builders`):

- puts the new Markdown in the changed pages' files and runs MkDocs' own page pipeline on those
  pages only (every plugin's page events, the theme's template), writing them into the site;
- writes the non-page files whose content changed (exports, edition stylesheet);
- when the site's date changed (no git: it is the newest file's time), dates every page anew and
  builds the theme's static templates (the sitemap) again;
- puts the changed pages' sections in place in the search index, in the order a full build
  gives, and runs every plugin's ``on_post_build`` (the search index is written and tuned).

Anything else gets MkDocs' full build, which reports problems as usual: another watched file
changed (``docs/``, ``mkdocs.yml``, ``watch:`` entries, the theme's ``custom_dir``, the search's
``thesaurus.yaml``: watched when it exists as the server starts), an entry file
was added, removed or has errors, a page appears or disappears, a page of the navigation gets a
new title, the published PDFs or the core's warnings change, or MkDocs logs a warning while the
pages are built under ``--strict``. When MkDocs' page pipeline cannot be used (another MkDocs
version or fork) or the incremental rebuild fails, every rebuild is a full one, announced once at
info level. An incremental rebuild leaves the site exactly as a full build
of the same content would (``tests/site/test_serve_incremental.py``).

A rebuild that fails is never left to MkDocs' server, which would keep every page request
waiting until a build succeeds and print a repeated error as « Aborted with a BuildError! » only:
its messages are printed every time (:func:`forget_printed_messages`), and until a rebuild
succeeds every page asked for answers at once with a French error page (file, line, message,
hint: :mod:`playbook.core.render.error_page`) that reloads itself once the site is built again
(:class:`ErrorPages`, :meth:`ServeState.failed`). The server's « Watching paths » line names
``laws/`` too (:class:`_WatchedLine`).

The garbage collector is paused during an incremental rebuild and, after each full build, what
the build left is frozen out of its passes (:func:`settle`): the served site is millions of
objects, and one pass over them cost as much as building ten pages. And ``laws/`` is watched with
the system's file notifications (:func:`watch_with_notifications`) rather than MkDocs' 0.5 s
polling. Timings are in BENCHMARKS.md (``scripts/bench.py``).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mkdocs import utils
from mkdocs.plugins import get_plugin_logger

from ..core.build import Options, Outputs, OutputsError, build_outputs
from ..core.cache import RACY_NS
from ..core.corpus import thesaurus_path
from ..core.incremental import Session
from ..core.messages import say
from ..core.problems import Problem
from ..core.render.error_page import FAILURE_PATH, error_page, failure_id
from ..core.reproducible import content_epoch

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

log = get_plugin_logger(__name__)

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

    def inputs_changed(self) -> str | None:
        """A watched input that changed since the build started, or may have changed while it was
        being read (modified less than :data:`RACY_NS` before: the same tick cannot tell); ``None``
        when none did."""
        for path, (_, mtime, _) in self.signature.items():
            if mtime >= self.taken_ns - RACY_NS:
                return path
        now = inputs_signature(self.watched)
        if now == self.signature:
            return None
        return next((p for p in sorted(now.keys() | self.signature.keys()) if now.get(p) != self.signature.get(p)), "?")


class FullBuildNeeded(Exception):
    """The edit cannot be applied page by page (the message says why, for the debug log)."""


class IncrementalUnavailable(FullBuildNeeded):
    """MkDocs' page pipeline cannot be used here: every rebuild is a full one."""


class MkDocsPageBuilders(NamedTuple):
    """The functions of MkDocs' own build that an incremental rebuild runs on single pages."""

    populate_page: Callable[..., None]
    build_page: Callable[..., None]
    build_theme_template: Callable[..., None]


def mkdocs_page_builders() -> MkDocsPageBuilders:
    """MkDocs' private page pipeline (``mkdocs.commands.build``), looked up when an incremental
    rebuild needs it: the only place this package touches MkDocs' private functions. Raises
    :class:`IncrementalUnavailable` when this MkDocs (or fork) does not have them."""
    try:
        build = importlib.import_module("mkdocs.commands.build")
        return MkDocsPageBuilders(build._populate_page, build._build_page, build._build_theme_template)
    except (ImportError, AttributeError) as error:
        raise IncrementalUnavailable(f"MkDocs' page pipeline cannot be used ({error})") from None


def rebuild_pages(
    state: BuildState,
    markdown: dict[str, str],
    files: dict[str, bytes],
    *,
    new_date: bool = False,
    removed: Sequence[str] = (),
) -> int:
    """Build the pages whose new Markdown is in ``markdown`` (``src_uri`` → text), write the
    non-page ``files`` (site path → bytes; a new one is added to the site's files) and take the
    ``removed`` ones out of the site; returns the number of pages built. ``new_date``: the
    site's date (``SOURCE_DATE_EPOCH``) changed, so every page's date and the theme's static
    templates (the sitemap) are updated too."""
    from mkdocs.structure.files import File

    builders = mkdocs_page_builders()
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
            all_files.append(File.generated(config, uri, content=content))
        else:
            file.content_bytes = content
    for uri in removed:
        file = all_files.get_file_from_path(uri)
        if file is None:
            continue
        all_files.remove(file)
        with contextlib.suppress(FileNotFoundError):
            os.remove(file.abs_dest_path)  # a regular file the build wrote (never a link it follows)
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        for page in pages:
            builders.populate_page(page, config, all_files)
        doc_files = all_files.documentation_pages()
        with _search_sections_in_place(config, doc_files, [page.url for page in pages]):
            for page in pages:
                builders.build_page(page, config, doc_files, state.nav, state.env)
        for uri in files:
            all_files.get_file_from_path(uri).copy_file()  # type: ignore[union-attr]
        if new_date:
            date = utils.get_build_date()
            for file in doc_files:
                if file.page is not None:
                    file.page.update_date = date
            for template in sorted(config.theme.static_templates):
                builders.build_theme_template(template, state.env, all_files, config, state.nav)
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
def _search_sections_in_place(config: MkDocsConfig, doc_files: Sequence[Any], urls: list[str]) -> Iterator[None]:
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
            entries[:] = [e for url in order for e in by_page.pop(url, [])] + [
                e for rest in by_page.values() for e in rest
            ]


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
    cond: Any = getattr(server, "_rebuild_cond", None)  # a threading.Condition of the server, if it has one
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
        log.debug(f"no file notifications ({error}); polling instead")
        return None

    def stop() -> None:
        observer.stop()
        observer.join(timeout=5)

    return stop


class BuildOutcome:
    """What :class:`IncrementalBuilder` tells after each build of the server's loop (no-ops here)."""

    def failed(self, error: Exception, messages: list[str]) -> None:
        """A rebuild failed with ``error``; ``messages``: the warnings and errors it logged."""

    def succeeded(self) -> None:
        """A rebuild left the site up to date."""


class IncrementalBuilder:
    """Stands in for ``mkdocs serve``'s builder; see the module docstring.

    A rebuild that fails is told to ``outcome`` and is not raised to the server: MkDocs' server
    would otherwise keep every page request waiting until a build succeeds (the browser hangs)
    and print only « Aborted with a BuildError! »; the server then reloads the browsers, which
    get the error page (:class:`ErrorPages`)."""

    def __init__(
        self,
        rebuild: Callable[[], int | None],
        full_build: Callable[..., None],
        outcome: BuildOutcome | None = None,
    ):
        self.rebuild = rebuild  #: builds what changed; ``None`` when a full build is needed
        self.full_build = full_build
        self.outcome = outcome or BuildOutcome()
        self.full_builds = 0
        self.incremental_builds = 0
        self.unavailable = False  #: MkDocs' page pipeline cannot be used: full builds only

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        if config is None and not self.unavailable:
            started = time.monotonic()
            collecting = gc.isenabled()
            gc.disable()  # the site in memory is millions of objects: no collection pass in the middle
            try:
                count = self.rebuild()
            except IncrementalUnavailable as why:
                self.unavailable = True
                log.info(say("_serve", "full-rebuilds", why=why))
                count = None
            except FullBuildNeeded as why:
                log.debug(f"full build: {why}")
                count = None
            except Exception as error:
                log.info(say("_serve", "incremental-failed", error=repr(error)))
                count = None
            finally:
                if collecting:
                    gc.enable()
            if count is not None:
                self.incremental_builds += 1
                log.info(say("_serve", "rebuilt", count=count, seconds=f"{time.monotonic() - started:.2f}"))
                self.outcome.succeeded()
                return
        self.full_builds += 1
        gc.unfreeze()  # what the previous build left can be collected now
        if config is not None:  # the first build, before the server starts: its errors stop `mkdocs serve`
            try:
                self.full_build(config)
            finally:
                settle()
            return
        messages = _LoggedMessages()
        try:
            with messages.recording():
                self.full_build()
        except Exception as error:  # (not KeyboardInterrupt) MkDocs' Abort, a plugin's error, a bug
            self.outcome.failed(error, messages.texts)
            return
        finally:
            settle()
        self.outcome.succeeded()


class _LoggedMessages(logging.Handler):
    """The warnings and errors MkDocs' loggers print, from this thread only (not the server's
    request log), while :meth:`recording`."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.texts: list[str] = []
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.texts.append(record.getMessage())

    @contextmanager
    def recording(self) -> Iterator[None]:
        logger = logging.getLogger("mkdocs")
        logger.addHandler(self)
        try:
            yield
        finally:
            logger.removeHandler(self)


def settle() -> None:
    """After a full build: collect once, then keep what the build left in memory (the site: millions
    of objects) out of later collection passes (``gc.freeze``), so that none of them, during an
    incremental rebuild or while a page is served, walks the whole site again."""
    gc.collect()
    gc.freeze()


@dataclass(frozen=True)
class Failure:
    """The last rebuild failed: what every page requested answers until one succeeds."""

    id: str  #: tells this failure from another (a digest of its messages)
    page: bytes  #: the error page, HTML


class ErrorPages:
    """WSGI middleware in front of the server's application: while ``failure()`` gives a
    :class:`Failure`, a page requested (an address ending in ``/`` or ``.html``, or without a file
    extension) answers with its error page, at once, instead of waiting for a build that succeeds;
    :data:`~playbook.core.render.error_page.FAILURE_PATH` answers the failure's id (empty: none),
    which the error page asks for to know when to reload. Everything else (style sheets, scripts,
    MkDocs' own ``/livereload/`` requests) goes through."""

    def __init__(self, app: Callable[..., Any], failure: Callable[[], Failure | None]) -> None:
        self.app, self.failure = app, failure

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        failure = self.failure()
        if environ.get("PATH_INFO") == FAILURE_PATH:
            return _answer(start_response, "200 OK", "text/plain", failure.id.encode() if failure else b"")
        if failure is None or not _asks_for_a_page(environ):
            return self.app(environ, start_response)
        # 200: MkDocs' server logs any other status as a warning, which `--strict` counts against
        # the next build (its counter hears every thread): a page asked for would fail the fix.
        return _answer(start_response, "200 OK", "text/html", failure.page)


def _answer(start_response: Callable[..., Any], status: str, kind: str, body: bytes) -> list[bytes]:
    start_response(
        status,
        [
            ("Content-Type", f"{kind}; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def _asks_for_a_page(environ: dict[str, Any]) -> bool:
    if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
        return False
    path = str(environ.get("PATH_INFO", "/"))
    if path.startswith("/livereload/"):
        return False
    last = path.rpartition("/")[2]
    return not last or last.endswith(".html") or "." not in last


def forget_printed_messages() -> bool:
    """MkDocs' command line drops any message of its build's logger that it printed before in
    the process (``mkdocs.utils.DuplicateFilter`` on ``mkdocs.commands.build``): under `mkdocs
    serve`, an error met a second time printed only « Aborted with a BuildError! ». Called as each
    build starts, this makes those filters forget: every build prints all its messages (a message
    repeated within one build is still printed once). False, and nothing done, when a filter of
    that name does not keep its messages as MkDocs 1.6 does."""
    forgot = True
    for found in logging.getLogger("mkdocs.commands.build").filters:
        if type(found).__name__ != "DuplicateFilter":
            continue
        printed = getattr(found, "msgs", None)
        if isinstance(printed, set):
            printed.clear()
        else:
            forgot = False
    return forgot


class _WatchedLine(logging.Filter):
    """Adds ``laws/`` to the line where MkDocs' server says what it watches (it does not watch
    ``laws/`` itself: the plugin does, with the system's notifications). Should that line not come
    (another MkDocs), the line saying where the site is served says it instead."""

    def __init__(self, watched: str) -> None:
        super().__init__()
        self.watched, self.said = watched, False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.said or not isinstance(record.msg, str) or record.args:
            return True
        if "Watching paths for changes: " in record.msg:
            record.msg += f", {self.watched}"
            self.said = True
        elif "Serving on " in record.msg:
            record.msg += say("_serve", "also-watching", path=self.watched)
            self.said = True
        return True


def _shown_path(path: Path) -> str:
    """``'laws'``: as MkDocs names the paths it watches (relative to the working folder, if in it)."""
    try:
        return f"'{path.relative_to(Path.cwd())}'"
    except ValueError:
        return f"'{path}'"


#: Seconds without a new change before building, when ``laws/`` changes are notified (MkDocs: 0.1).
NOTIFIED_BUILD_DELAY = 0.03


class ServeState(BuildOutcome):
    """What the plugin keeps across the builds of ``mkdocs serve``, and the decisions it takes
    there: which session of parsed entries a build uses, which inputs need a full build, the
    site's date, whether an edit can be built page by page (:meth:`rebuild_changed`), and, after a
    rebuild failed, the error page every page answers with until the site is built again
    (:meth:`failed`, :class:`ErrorPages`)."""

    def __init__(
        self, current: Callable[[], tuple[Options | None, Outputs | None]], publish: Callable[[Outputs], None]
    ) -> None:
        self.current, self.publish = current, publish  #: the plugin's options and outputs
        self.serving = False
        self.session: Session | None = None  #: the entries, kept across builds under `mkdocs serve`
        self.laws_dir: Path | None = None
        self.last_build: BuildState | None = None  #: what MkDocs left from the last full build
        self._watched: list[Path] = []
        self._signature: InputsSignature = {}
        self._signature_ns = 0
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._stop_watching: Callable[[], None] | None = None  #: stops the notifications on laws/
        self._thesaurus_watched = False
        self._epoch: str | None = None  #: the SOURCE_DATE_EPOCH this plugin set, if any
        self.problems: tuple[Problem, ...] = ()  #: the content's errors, when they stopped this build
        self.failure: Failure | None = None  #: the last rebuild failed: what pages answer meanwhile
        self._site_name = ""
        self._override_dirs: tuple[Path, ...] = ()
        self._watched_line: _WatchedLine | None = None
        self._duplicates_said = False
        self._untold = ""  #: the first build's errors, printed when the server starts

    def start_build(
        self, config: MkDocsConfig, laws_dir: Path, project_dir: Path, assets_dir: Path, *, reproducible: bool
    ) -> Session:
        """At the start of a build (``on_config``): the session of entries the build uses, the
        inputs watched, and ``SOURCE_DATE_EPOCH`` from the content when ``reproducible``."""
        self.last_build = None
        if self.serving and not forget_printed_messages() and not self._duplicates_said:
            log.info(say("_serve", "duplicates-may-hide"))
            self._duplicates_said = True
        self._site_name, self._override_dirs = config.site_name, tuple(Path(d) for d in config.theme.dirs)
        if not self.serving:
            self.session = None  # a single build: the parsed entries are not kept once rendered
        elif laws_dir != self.laws_dir or self.session is None:
            # kept across builds: unchanged files are not parsed again
            self.session = Session(laws_dir, project_dir, Path(config.docs_dir))
        self.laws_dir = laws_dir
        self._watched = _watched_inputs(config, laws_dir, assets_dir)
        self._signature, self._signature_ns = inputs_signature(self._watched), time.time_ns()
        if reproducible:
            given = os.environ.get("SOURCE_DATE_EPOCH")
            if given is None or given == self._epoch:  # set by the caller: theirs wins
                epoch = self._content_epoch(config, project_dir)
                if epoch is not None:
                    self._epoch = os.environ["SOURCE_DATE_EPOCH"] = epoch
        return self.session or Session(laws_dir, project_dir, Path(config.docs_dir))

    def record_nav(self, files: Files, nav: Navigation) -> None:
        self._files, self._nav = files, nav

    def record_env(self, config: MkDocsConfig, env: Environment) -> None:
        if self.serving and self._files is not None and self._nav is not None:
            self.last_build = BuildState(
                config, self._files, self._nav, env, self._watched, self._signature, self._signature_ns
            )

    def install(self, server: Any) -> None:
        """``on_serve``: watch ``laws/`` and put the incremental builder in front of the server's."""
        if self.laws_dir is None:
            return
        if self._stop_watching is None:
            self._stop_watching = watch_with_notifications(server, self.laws_dir)
        if self._stop_watching is None:
            server.watch(str(self.laws_dir))
        elif hasattr(server, "build_delay"):
            # The events of one save come within a millisecond of each other when the system
            # notifies them; MkDocs waits 0.1 s for more (made for its polling).
            server.build_delay = min(server.build_delay, NOTIFIED_BUILD_DELAY)
        thesaurus = thesaurus_path(self.laws_dir)
        if thesaurus.is_file() and not self._thesaurus_watched:  # an edit is a full build (see _watched_inputs)
            server.watch(str(thesaurus))
            self._thesaurus_watched = True
        if not isinstance(server.builder, IncrementalBuilder):
            server.builder = IncrementalBuilder(self.rebuild_changed, server.builder, self)
            settle()  # the first build is done: see settle
        if hasattr(server, "get_app") and not isinstance(server.get_app(), ErrorPages):
            server.set_app(ErrorPages(server.get_app(), lambda: self.failure))
        if self._watched_line is None:
            self._watched_line = _WatchedLine(_shown_path(self.laws_dir))
            logging.getLogger("mkdocs.livereload").addFilter(self._watched_line)
        if self._untold:  # the first build met errors (start_broken): said now that it is over
            log.error(self._untold)
            log.error(say("_serve", "not-up-to-date"))
            self._untold = ""

    def stop(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()
            self._stop_watching = None
        if self._watched_line is not None:
            logging.getLogger("mkdocs.livereload").removeFilter(self._watched_line)
            self._watched_line = None

    def failed(self, error: Exception, messages: list[str]) -> None:
        """A rebuild failed: its error page, and a last line saying where the error is shown.
        The page shows the content's problems when they stopped the build, else what the build
        logged and the error itself (« Aborted with 1 warnings in strict mode! »)."""
        if isinstance(error, SystemExit):  # MkDocs' Abort: the build logged why, this says what it did
            log.error(str(error))
        else:  # not a build error: a bug, which MkDocs' server would print
            log.error("".join(traceback.format_exception(error)).rstrip())
        problems, self.problems = self.problems, ()
        self._show([] if problems else [*messages, *([str(error)] if str(error) not in messages else [])], problems)

    @property
    def starting(self) -> bool:
        """`mkdocs serve`'s first build: its server is not there yet (``on_serve`` comes after)."""
        return self.serving and self._watched_line is None

    def start_broken(self, config: MkDocsConfig, error: OutputsError) -> None:
        """`mkdocs serve`'s first build met errors in the content (the plugin's ``on_config``):
        rather than stopping, the server starts with every page showing the error page, and the
        site is built once the file is fixed. This build makes the pages of ``docs/`` only, with
        MkDocs' own navigation and link checks kept quiet (the pages they name are the ones that
        could not be made: each would be a warning, and ``--strict`` would stop the server).
        The messages are printed once the build is over (``--strict`` counts errors too)."""
        config.nav = None
        for check in ("not_found", "anchors", "unrecognized_links"):
            config.validation.links[check] = logging.DEBUG
        self.problems = ()
        self._show([] if error.problems else [str(error)], list(error.problems), said=False)
        self._untold = str(error)

    def _show(self, messages: list[str], problems: Sequence[Problem], *, said: bool = True) -> None:
        page = error_page(problems, messages, site_name=self._site_name, override_dirs=self._override_dirs)
        self.failure = Failure(failure_id(problems, messages), page.encode("utf-8"))
        if said:
            log.error(say("_serve", "not-up-to-date"))

    def succeeded(self) -> None:
        self.problems = ()
        if self.failure is not None:
            self.failure = None
            log.info(say("_serve", "fixed"))

    def rebuild_changed(self) -> int:
        """After a change: build again only the pages that changed; raises
        :class:`FullBuildNeeded` when only a full build can be right."""
        state, session = self.last_build, self.session
        options, previous = self.current()
        if state is None or previous is None or options is None or session is None:
            raise FullBuildNeeded("no previous build")
        changed = state.inputs_changed()
        if changed is not None:
            raise FullBuildNeeded(f"a watched file other than the entries changed: {changed}")
        new_date = False
        if self._epoch is not None and os.environ.get("SOURCE_DATE_EPOCH") == self._epoch:
            epoch = self._content_epoch(state.config, options.project_dir)
            if epoch is None:
                raise FullBuildNeeded("the content has no date")
            new_date = epoch != self._epoch
            self._epoch = os.environ["SOURCE_DATE_EPOCH"] = epoch
        try:
            outputs = build_outputs(options, session, previous)
        except OutputsError as error:
            raise FullBuildNeeded(f"the entries have errors: {error}") from None
        diff = outputs.diff
        assert diff is not None
        if not diff.same_pages or outputs.pdfs != previous.pdfs or outputs.warnings != previous.warnings:
            raise FullBuildNeeded("pages, PDFs or warnings changed")
        # A data file may come or go with an edit (a search chunk for a word of a new length); an
        # entry's Markdown copy or a redirect page cannot: the full build registers those.
        moved = sorted(outputs.files.keys() ^ previous.files.keys())
        pages_moved = [uri for uri in moved if uri.endswith((".md", ".html"))]
        if pages_moved:
            raise FullBuildNeeded(f"generated pages appeared or disappeared: {', '.join(pages_moved[:5])}")
        removed = [uri for uri in moved if uri not in outputs.files]
        in_nav = {page.file.src_uri for page in state.nav.pages}
        if any(uri in in_nav for uri in diff.retitled):
            raise FullBuildNeeded("a page of the navigation has a new title")
        self.publish(outputs)
        changed_files = {uri: outputs.files[uri] for uri in outputs.changed_files(previous)}
        if not (diff.changed or changed_files or removed or new_date):
            return 0  # saved without a change (or a change no page shows): the site is up to date
        return rebuild_pages(
            state,
            {uri: outputs.pages[uri].markdown for uri in diff.changed},
            changed_files,
            new_date=new_date,
            removed=removed,
        )

    def _content_epoch(self, config: MkDocsConfig, project_dir: Path) -> str | None:
        assert self.laws_dir is not None
        content = [self.laws_dir, Path(config.docs_dir), Path(config.config_file_path or "mkdocs.yml")]
        epoch = content_epoch(project_dir, content)
        return None if epoch is None else str(epoch)


def _watched_inputs(config: MkDocsConfig, laws: Path, assets_dir: Path) -> list[Path]:
    """What `mkdocs serve` watches besides the entries (a change there needs a full build)."""
    paths = [Path(config.docs_dir), *(Path(p) for p in config.watch)]
    if config.config_file_path:
        paths.append(Path(config.config_file_path))
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    paths.append(assets_dir)
    paths.append(thesaurus_path(laws))  # the search's thesaurus, beside laws/
    return [p.resolve() for p in paths if not (p.resolve() == laws or laws in p.resolve().parents)]
