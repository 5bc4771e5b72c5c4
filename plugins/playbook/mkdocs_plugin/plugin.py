"""The ``playbook`` MkDocs plugin: a thin adapter around :mod:`playbook.core`.

- ``on_config``: load, validate and link ``laws/``; warnings go to the plugin logger (so
  ``mkdocs build --strict`` fails on them), errors stop the build with every message at once.
- ``on_files``: every page rendered by the core becomes a ``File.generated`` (nothing is written
  into ``docs/``); a hand-written page at the same path is an error, not a silent override. So do
  the exports (``exports/``), the edition stylesheet and the PDFs of ``make pdf`` that still
  match their pages. The style sheets of ``assets/`` are published as one bundle.
- ``on_page_markdown``: "edit this page" on a generated entry page points at its YAML file, and
  the page's title is set from the entry, escaped (never unescaped markup in ``<title>``).
- ``on_page_content``: the HTML of generated pages is sanitized.
- ``on_page_context``: entry pages are recorded for the search index.
- ``on_post_page``, ``on_post_template``: markup fixes on material's layout (see :mod:`.theme`).
- ``on_post_build``: material's search index is tuned for French (see :mod:`.search`).
- ``on_serve``: ``laws/`` is watched, so editing an entry rebuilds the site.

Reproducibility: unless ``SOURCE_DATE_EPOCH`` is given, it is set from the content's date
(:mod:`playbook.core.reproducible`), so the sitemap and build dates do not follow the clock.

The plugin's theme folder (``plugins/playbook/theme/``) is put after the site's ``custom_dir``.
With material's offline plugin on (``make offline``), links are made for ``file://`` and the
search's worker shim is served from the site instead of unpkg.com.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core import edition as editions
from ..core.export import ExportFile, build_exports
from ..core.pipeline import check
from ..core.printing import PDF_FOLDER, DownloadsError, SiteInfo, read_downloads
from ..core.problems import PlaybookError, Severity
from ..core.render import PageSpec, RenderedPage, RenderError, Renderer, french_typography
from ..core.reproducible import content_epoch
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
EDITION_CSS = ASSET_PREFIX + "edition.css"
WORKER_SHIM_URI = ASSET_PREFIX + "iframe-worker/shim.js"


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}
        self.exports: list[ExportFile] = []
        self.pdfs: dict[str, Path] = {}  #: current PDFs: site path → file
        self.edition_css = ""
        self.search_terms: dict[str, SearchTerms] = {}
        self.search_index = SearchIndexTuner()
        self.css: Bundle | None = None
        self.offline = False
        self.laws_dir: Path | None = None
        self.project_dir: Path | None = None
        self._epoch: str | None = None  #: the SOURCE_DATE_EPOCH this plugin set, if any

    # -- configuration: the whole core runs here, once per build ------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.pages, self.exports, self.pdfs = {}, [], {}  # state never survives a rebuild under `mkdocs serve`
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
        if self.config.reproducible:
            self._date_from_content(config)
        result = check(self.laws_dir, display_root=self.project_dir)
        for problem in result.problems:
            if problem.severity is Severity.WARNING:
                log.warning(problem.format())
        if result.playbook is None:
            raise PluginError(str(PlaybookError(p for p in result.problems if p.severity is Severity.ERROR)))
        try:
            edition = editions.resolve(self.project_dir, version=self.config.version, date=self.config.date)
        except editions.EditionError as error:
            raise PluginError(f"playbook: {error}") from None
        pdf_dir = (self.project_dir / self.config.pdf_dir).resolve()
        try:
            downloads = read_downloads(pdf_dir)
        except DownloadsError as error:
            raise PluginError(f"playbook: {error}") from None
        self.offline = offline_build(config)
        if self.offline:
            use_local_worker_shim(config, WORKER_SHIM_URI)
        directory_urls = config.use_directory_urls and not self.offline
        site = SiteInfo(config.site_name, config.site_url or "", directory_urls)
        renderer = Renderer(override_dirs=[Path(d) for d in config.theme.dirs], site=site, downloads=downloads,
                            pages=PageSpec(directory_urls=directory_urls))
        try:
            self.pages = {page.src_uri: page for page in renderer.render_all(result.playbook)}
        except RenderError as exc:
            raise PluginError(f"playbook: {exc}") from None
        printables = [p.printable for p in self.pages.values() if p.printable is not None]
        self.exports = build_exports(result.playbook, edition, printables)
        self.edition_css = renderer.render_text("playbook/edition.css.j2", edition=edition)
        self.pdfs = {f"{PDF_FOLDER}/{p.pdf}": pdf_dir / p.pdf for p in printables
                     if downloads.current(p.pdf, p.fingerprint)}
        stale = len(downloads.available) - len(self.pdfs)
        if stale:
            log.info(f"{stale} PDF(s) in {self.config.pdf_dir}/ no longer match their pages and are not "
                     "published; run `make pdf` to print them again")
        self.search_terms = {page.src_uri: SearchTerms.of(result.playbook[page.entry_id])
                             for page in self.pages.values() if page.entry_id is not None}
        self.css = css_bundle(sorted(ASSETS_DIR.glob("*.css")), ASSET_PREFIX)
        for uri in (self.css.uri, EDITION_CSS):
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        for asset in sorted(ASSETS_DIR.glob("*.js")):
            uri = ASSET_PREFIX + asset.name
            if uri not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(uri)
        log.info(f"{len(result.playbook)} entries, {len(self.pages)} generated pages, {len(self.pdfs)} PDF(s); "
                 f"edition: {edition.text}")
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
        generated = [(export.uri, export.content) for export in self.exports]
        for uri, content in [*generated, (EDITION_CSS, self.edition_css.encode("utf-8"))]:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"playbook: docs/{uri} clashes with a file generated by the playbook plugin; "
                                  f"rename or remove docs/{uri}")
            files.append(File.generated(config, uri, content=content))
        for uri, path in self.pdfs.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
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
        if generated is None:
            return markdown
        if generated.source_file is not None:
            page.edit_url = self._edit_url(generated.source_file, config)
        # The page title as HTML text, escaped once. Left to MkDocs, it would come from the rendered
        # heading, and the theme's `<title>{{ page.title | striptags }}` unescapes it: a title such as
        # "</title><script>..." would then reach the page as markup.
        page.meta["title"] = html.escape(french_typography(generated.title), quote=False)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if self.config.sanitize and generated is not None:
            return clean_html(html, allow_svg=generated.role == "view")
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
    def _date_from_content(self, config: MkDocsConfig) -> None:
        given = os.environ.get("SOURCE_DATE_EPOCH")
        if given is not None and given != self._epoch:
            return  # set by the caller: theirs wins
        assert self.project_dir is not None and self.laws_dir is not None
        content = [self.laws_dir, Path(config.docs_dir), Path(config.config_file_path or "mkdocs.yml")]
        epoch = content_epoch(self.project_dir, content)
        if epoch is not None:
            self._epoch = os.environ["SOURCE_DATE_EPOCH"] = str(epoch)

    def _edit_url(self, source_file: Path, config: MkDocsConfig) -> str | None:
        assert self.project_dir is not None
        if self.config.edit_url:
            rel = source_file.resolve().relative_to(self.project_dir).as_posix()
            return urljoin(self.config.edit_url, rel)
        if config.repo_url and config.edit_uri:
            rel = Path(os.path.relpath(source_file.resolve(), Path(config.docs_dir).resolve())).as_posix()
            return urljoin(urljoin(config.repo_url, config.edit_uri), rel)
        return None
