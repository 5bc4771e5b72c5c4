"""The ``playbook`` MkDocs plugin: a thin adapter around :mod:`playbook.core`.

- ``on_config``: load, validate and link ``laws/``; warnings go to the plugin logger (so
  ``mkdocs build --strict`` fails on them), errors stop the build with every message at once.
- ``on_files``: every page rendered by the core becomes a ``File.generated`` (nothing is written
  into ``docs/``); a hand-written page at the same path is an error, not a silent override.
- ``on_page_markdown``: "edit this page" on a generated entry page points at its YAML file.
- ``on_page_content``: the HTML of generated pages is sanitized (except pages where that provably
  changes nothing: see :mod:`playbook.core.sanitize`).
- ``on_serve``: ``laws/`` is watched; an edit of entries is rebuilt incrementally (only the pages
  whose Markdown changed, see :mod:`.incremental`), anything else by MkDocs' full rebuild.

The plugin defines ``on_startup``, so MkDocs keeps this instance across the rebuilds of ``serve``:
the entries loaded by the previous build are reused, and only changed files are parsed again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core.incremental import Session
from ..core.pipeline import check
from ..core.problems import PlaybookError, Severity
from ..core.render import RenderedPage, Renderer
from ..core.sanitize import clean_html
from .config import PlaybookConfig
from .incremental import BuildState, IncrementalBuilder

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
ASSET_PREFIX = "assets/playbook/"

#: Markdown extensions that add no markup to text free of ``<``, ``{``, ``](``, ``][`` and ``]:``.
PLAIN_SAFE_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", "sane_lists", "def_list",
    "abbr", "footnotes", "codehilite", "smarty", "nl2br",
})


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}
        self.laws_dir: Path | None = None
        self.project_dir: Path | None = None
        self.command = "build"
        self.dirty = False
        self.session: Session | None = None  #: under `serve`: the entries kept between rebuilds
        self.renderer: Renderer | None = None
        self.last_build: BuildState | None = None  #: what the last complete build used (serve)
        self._env: Environment | None = None
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._standard_markdown = False
        self._edit_base: tuple[str, Path] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    # -- configuration: the whole core runs here, once per build ------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.pages = {}
        self.last_build = None
        if not self.config.enabled:
            return config
        self.project_dir = Path(config.config_file_path or ".").resolve().parent
        laws_dir = (self.project_dir / self.config.laws_dir).resolve()
        if not laws_dir.is_dir():
            raise PluginError(f"playbook: the entries folder '{self.config.laws_dir}' does not exist "
                              f"(looked in {self.project_dir})")
        if self.command == "serve":
            if self.session is None or self.laws_dir != laws_dir:
                self.session = Session(laws_dir, display_root=self.project_dir)
            result, _ = self.session.check()
        else:
            result = check(laws_dir, display_root=self.project_dir)
        self.laws_dir = laws_dir
        for problem in result.problems:
            if problem.severity is Severity.WARNING:
                log.warning(problem.format())
        if result.playbook is None:
            raise PluginError(str(PlaybookError(p for p in result.problems if p.severity is Severity.ERROR)))
        # Pages whose contributed Markdown cannot produce markup skip the sanitizer, but only with
        # extensions known to add no markup of their own to such text.
        self._standard_markdown = all(isinstance(e, str) and e.removeprefix("markdown.extensions.") in
                                      PLAIN_SAFE_EXTENSIONS for e in config.markdown_extensions)
        self._edit_base = self._edit_base_url(config)
        override_dirs = [Path(d) for d in config.theme.dirs]
        if self.renderer is None or self.renderer.override_dirs != override_dirs:
            self.renderer = Renderer(override_dirs=override_dirs)
        self.pages = {page.src_uri: page for page in self.renderer.render_all(result.playbook)}
        for asset in sorted(ASSETS_DIR.glob("*.css")):
            uri = ASSET_PREFIX + asset.name
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        for asset in sorted(ASSETS_DIR.glob("*.js")):
            uri = ASSET_PREFIX + asset.name
            if uri not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(uri)
        log.info(f"{len(result.playbook)} entries, {len(self.pages)} generated pages")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        for src_uri, page in self.pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(f"playbook: docs/{src_uri} clashes with a page generated from "
                                  f"{page.source_file or 'the entries'}; rename or remove docs/{src_uri}")
            files.append(File.generated(config, src_uri, content=page.markdown))
        for asset in sorted(ASSETS_DIR.iterdir()):
            if asset.is_file() and files.get_file_from_path(ASSET_PREFIX + asset.name) is None:
                files.append(File.generated(config, ASSET_PREFIX + asset.name, abs_src_path=str(asset)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.source_file is not None:
            page.edit_url = self._edit_url(generated.source_file, config)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if self.config.sanitize and generated is not None and not (generated.plain and self._standard_markdown):
            return clean_html(html)
        return html

    # -- what the incremental rebuild of `serve` needs from the last full build -----------------
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self._env, self._files = env, files
        return env

    def on_page_context(self, context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        self._nav = nav
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.command == "serve" and self.config.enabled and self._env is not None and self._files is not None:
            self.last_build = BuildState(config, self._files, self._nav, self._env)
        self._env = self._files = self._nav = None

    def on_build_error(self, *, error: Exception) -> None:
        self.last_build = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., None]
                 ) -> LiveReloadServer:
        if self.laws_dir is not None:
            server.watch(str(self.laws_dir))
            if not self.dirty:  # --dirty: MkDocs' own partial rebuilds, left as they are
                server.builder = IncrementalBuilder(self, server, server.builder)
        return server

    # -- helpers -------------------------------------------------------------------------------
    def _edit_base_url(self, config: MkDocsConfig) -> tuple[str, Path] | None:
        """(base URL, folder the YAML paths are relative to) of "edit this page" links."""
        assert self.project_dir is not None
        if self.config.edit_url:
            return self.config.edit_url, self.project_dir
        if config.repo_url and config.edit_uri:
            return urljoin(config.repo_url, config.edit_uri), Path(config.docs_dir).resolve()
        return None

    def _edit_url(self, source_file: Path, config: MkDocsConfig) -> str | None:
        if self._edit_base is None:
            return None
        base, folder = self._edit_base
        path, top = str(source_file), str(folder) + os.sep
        rel = path[len(top):] if path.startswith(top) else os.path.relpath(path, folder)  # no getcwd() per page
        return urljoin(base, rel.replace(os.sep, "/"))
