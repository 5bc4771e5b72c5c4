"""The ``playbook`` MkDocs plugin: a thin adapter around :mod:`playbook.core`.

- ``on_config``: load, validate and link ``laws/``; warnings go to the plugin logger (so
  ``mkdocs build --strict`` fails on them), errors stop the build with every message at once.
- ``on_files``: every page rendered by the core becomes a ``File.generated`` (nothing is written
  into ``docs/``); a hand-written page at the same path is an error, not a silent override.
  The style sheets of ``assets/`` are published as one bundle.
- ``on_page_markdown``: "edit this page" on a generated entry page points at its YAML file.
- ``on_page_content``: the HTML of generated pages is sanitized.
- ``on_page_context``: entry pages are recorded for the search index.
- ``on_post_page``, ``on_post_template``: markup fixes on material's layout (see :mod:`.theme`).
- ``on_post_build``: material's search index is tuned for French (see :mod:`.search`).
- ``on_serve``: ``laws/`` is watched, so editing an entry rebuilds the site.

The plugin's theme folder (``plugins/playbook/theme/``) is put after the site's ``custom_dir``.
With material's offline plugin on (``make offline``), links are made for ``file://`` and the
search's worker shim is served from the site instead of unpkg.com.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core.pipeline import check
from ..core.problems import PlaybookError, Severity
from ..core.render import PageSpec, RenderedPage, RenderError, Renderer
from ..core.sanitize import clean_html
from ..core.search import SearchTerms
from .config import PlaybookConfig
from .search import SearchIndexTuner
from .theme import (
    WORKER_SHIM, Bundle, css_bundle, fix_page_html, install_theme, offline_build, use_local_worker_shim,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
ASSET_PREFIX = "assets/playbook/"
WORKER_SHIM_URI = ASSET_PREFIX + "iframe-worker/shim.js"


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}
        self.search_terms: dict[str, SearchTerms] = {}
        self.search_index = SearchIndexTuner()
        self.css: Bundle | None = None
        self.offline = False
        self.laws_dir: Path | None = None
        self.project_dir: Path | None = None

    # -- configuration: the whole core runs here, once per build ------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.pages = {}  # state never survives a rebuild under `mkdocs serve`
        self.search_terms = {}
        self.search_index = SearchIndexTuner()
        self.css = None
        if not self.config.enabled:
            return config
        install_theme(config)
        self.project_dir = Path(config.config_file_path or ".").resolve().parent
        self.laws_dir = (self.project_dir / self.config.laws_dir).resolve()
        if not self.laws_dir.is_dir():
            raise PluginError(f"playbook: the entries folder '{self.config.laws_dir}' does not exist "
                              f"(looked in {self.project_dir})")
        result = check(self.laws_dir, display_root=self.project_dir)
        for problem in result.problems:
            if problem.severity is Severity.WARNING:
                log.warning(problem.format())
        if result.playbook is None:
            raise PluginError(str(PlaybookError(p for p in result.problems if p.severity is Severity.ERROR)))
        self.offline = offline_build(config)
        if self.offline:
            use_local_worker_shim(config, WORKER_SHIM_URI)
        renderer = Renderer(override_dirs=[Path(d) for d in config.theme.dirs],
                            pages=PageSpec(directory_urls=config.use_directory_urls and not self.offline))
        try:
            self.pages = {page.src_uri: page for page in renderer.render_all(result.playbook)}
        except RenderError as exc:
            raise PluginError(f"playbook: {exc}") from None
        self.search_terms = {page.src_uri: SearchTerms.of(result.playbook[page.entry_id])
                             for page in self.pages.values() if page.entry_id is not None}
        self.css = css_bundle(sorted(ASSETS_DIR.glob("*.css")), ASSET_PREFIX)
        if self.css.uri not in config.extra_css:
            config.extra_css.append(self.css.uri)
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
        if self.css is not None and files.get_file_from_path(self.css.uri) is None:
            files.append(File.generated(config, self.css.uri, content=self.css.content))
        if self.offline and files.get_file_from_path(WORKER_SHIM_URI) is None:
            files.append(File.generated(config, WORKER_SHIM_URI, abs_src_path=str(WORKER_SHIM)))
        for asset in sorted(ASSETS_DIR.iterdir()):
            if asset.suffix == ".css":
                continue  # in the bundle
            if asset.is_file() and files.get_file_from_path(ASSET_PREFIX + asset.name) is None:
                files.append(File.generated(config, ASSET_PREFIX + asset.name, abs_src_path=str(asset)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.source_file is not None:
            page.edit_url = self._edit_url(generated.source_file, config)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.config.sanitize and page.file.src_uri in self.pages:
            return clean_html(html)
        return html

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        terms = self.search_terms.get(page.file.src_uri)
        if terms is not None:
            self.search_index.record(page.url, terms)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return fix_page_html(output) if self.config.enabled else output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        if self.config.enabled and template_name.endswith(".html"):  # 404.html
            return fix_page_html(output_content)
        return output_content

    @event_priority(-50)  # after material's search plugin wrote the index, before its offline plugin reads it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        for warning in self.search_index.rewrite(config.site_dir):
            log.warning(f"playbook: {warning}")

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        if self.laws_dir is not None:
            server.watch(str(self.laws_dir))
        return server

    # -- helpers -------------------------------------------------------------------------------
    def _edit_url(self, source_file: Path, config: MkDocsConfig) -> str | None:
        assert self.project_dir is not None
        if self.config.edit_url:
            rel = source_file.resolve().relative_to(self.project_dir).as_posix()
            return urljoin(self.config.edit_url, rel)
        if config.repo_url and config.edit_uri:
            rel = Path(os.path.relpath(source_file.resolve(), Path(config.docs_dir).resolve())).as_posix()
            return urljoin(urljoin(config.repo_url, config.edit_uri), rel)
        return None
