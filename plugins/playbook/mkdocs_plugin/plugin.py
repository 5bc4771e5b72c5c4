"""The ``playbook`` MkDocs plugin: a thin adapter around :mod:`playbook.core`.

- ``on_config``: load, validate and link ``laws/``; warnings go to the plugin logger (so
  ``mkdocs build --strict`` fails on them), errors stop the build with every message at once.
- ``on_files``: every page rendered by the core becomes a ``File.generated`` (nothing is written
  into ``docs/``); a hand-written page at the same path is an error, not a silent override. So do
  the exports (``exports/``), the edition stylesheet and the PDFs of ``make pdf`` that still
  match their pages. The style sheets of ``assets/`` are published as one bundle.
- ``on_page_markdown``: "edit this page" on a generated entry page points at its YAML file, and
  the page's title is set from the entry, escaped (never unescaped markup in ``<title>``); a
  hand-written page of ``docs/`` gets the French typography the entries get.
- ``on_page_content``: the HTML of generated pages is sanitized, except on "plain" pages, where
  nothing a contributor wrote can become markup (see :attr:`RenderedPage.plain
  <playbook.core.render.renderer.RenderedPage.plain>` and :data:`PLAIN_SAFE_EXTENSIONS`).
- ``on_post_page``, ``on_post_template``: markup fixes on material's layout (see :mod:`.theme`).
- ``on_serve``: ``laws/`` is watched (with the system's file notifications when it has them), and
  the server's builder is wrapped so that editing an entry builds only the pages it changes, and
  a rebuild that fails prints every message and leaves each page answering with an error page
  until the file is fixed (see :mod:`.serve`).
- ``on_post_build`` (last): every page gets its Content-Security-Policy from its final HTML
  (:mod:`playbook.core.render.csp`), then the site, written into a folder of its own since
  ``on_config``, is swapped in whole, under a lock (:mod:`.publish`); a failed build publishes
  nothing (``on_build_error``). Neither under `mkdocs serve`.

Reproducibility: unless ``SOURCE_DATE_EPOCH`` is given, it is set from the content's date
(:mod:`playbook.core.reproducible`), so the sitemap and build dates do not follow the clock.

The plugin's theme folder (``plugins/playbook/theme/``) is put after the site's ``custom_dir``.
The plugin relies on the theme for what :mod:`.theme_contract` lists; a clause the theme does not
honour is said at each build. With material's offline plugin on (``make offline``), links are made
for ``file://`` and the search's worker shim is served from the site instead of unpkg.com.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.build import Options, Outputs, OutputsError, build_outputs
from ..core.messages import say
from ..core.pages import page_type
from ..core.render.csp import with_policy
from ..core.render.html_blocks import HeldBlocks, hold_html_blocks
from ..core.render.renderer import RenderedPage
from ..core.render.templates import CompiledTemplates, RenderError
from ..core.render.urls import ASSETS_FOLDER, EDITION_CSS_URI, QR_SCRIPT_URI, WORKER_SHIM_URI, SiteInfo, edit_base
from ..core.resources import ASSETS_DIR
from ..core.review import PolicyError, ReviewPolicy
from ..core.sanitize import clean_html
from ..core.typography import french_typography, french_typography_markdown
from .config import PlaybookConfig
from .publish import Publication, PublishError
from .serve import ServeState
from .theme import (
    PAGE_SCRIPTS,
    QR_SCRIPT,
    WORKER_SHIM,
    Bundle,
    css_bundle,
    fix_page_html,
    install_theme,
    js_bundle,
    offline_build,
    theme_breaches,
    use_local_worker_shim,
)

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

ASSET_PREFIX = ASSETS_FOLDER + "/"

#: Markdown extensions that turn text with none of the signs :func:`~playbook.core.markdown_refs.
#: may_produce_markup` looks for (``<``, ``](``, ``][``, ``]:``, ``{``) into formatted text only
#: (MkDocs adds toc, tables and fenced_code itself). With any other extension in mkdocs.yml,
#: every generated page is sanitized, "plain" or not.
PLAIN_SAFE_EXTENSIONS = frozenset(
    {
        "toc",
        "tables",
        "fenced_code",
        "admonition",
        "attr_list",
        "md_in_html",
        "sane_lists",
        "def_list",
        "abbr",
        "smarty",
        "nl2br",
    }
)


class PublishedAsIs(File):
    """A generated file copied to the site as it is, even when its name ends in ``.md`` (an entry's
    Markdown, ``lois/<id>/index.md``): MkDocs would otherwise make a page of it."""

    def is_documentation_page(self) -> bool:
        return False


def _bundle_uri(uri: str) -> bool:
    """A script bundle of an earlier build of this process (``mkdocs serve`` keeps its config)."""
    return re.fullmatch(re.escape(ASSET_PREFIX) + r"playbook\.[0-9a-f]{10}\.js", uri) is not None


@dataclasses.dataclass
class BuildState:
    """What one build knows, from ``on_config`` to its last page; a new one for every build."""

    options: Options
    outputs: Outputs  #: what the core made (replaced by the outputs of an incremental rebuild)
    css: Bundle  #: the plugin's style sheets, as one file
    js: Bundle  #: the scripts every page loads, as one file
    offline: bool  #: material's offline plugin is on (`make offline`)
    trust_plain: bool  #: "plain" pages need no sanitizing with this site's Markdown extensions
    held: dict[str, HeldBlocks] = dataclasses.field(default_factory=dict)  #: a page's HTML blocks, Markdown → HTML
    #: under `mkdocs serve`, each sanitized page's HTML blocks as last cleaned (block → cleaned block)
    cleaned_blocks: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    edit_base: str = ""  #: « Modifier cette page » of an entry: this + its file's path ("": no link)
    spilled: Spill | None = None  #: a single build's generated files, on disk until MkDocs copies them

    def spill(self, folder: Path | None) -> Spill:
        self.spilled = self.spilled or Spill(folder)
        return self.spilled

    def forget_spilled(self) -> None:
        if self.spilled is not None:
            self.spilled.remove()
            self.spilled = None


class Spill:
    """A private folder for files MkDocs copies into the site (``abs_src_path``), removed at the end
    of the build, whatever happens: the publication's scratch folder (which the next build removes
    if this one is killed), else a temporary folder (``--dirty``: removed at exit too)."""

    def __init__(self, folder: Path | None) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        if folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="playbook-build-")
            folder = Path(self._folder.name)
        self.root = folder

    def write(self, uri: str, content: str | bytes) -> str:
        path = self.root / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return str(path)

    def remove(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
        else:
            shutil.rmtree(self.root, ignore_errors=True)


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: BuildState | None = None
        self.dirty = False
        self.publication: Publication | None = None  #: the site being written (see publish.py)
        self.real_site_dir = ""  #: ``site_dir`` as configured, while the build writes elsewhere
        self.warnings = _WarningCounter()
        self.serve = ServeState(
            lambda: (self.build.options, self.build.outputs) if self.build else (None, None), self._publish
        )

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance across the builds of `mkdocs serve` (it
        makes a new one for each build otherwise): the incremental builder installed in
        ``on_serve`` and the entries parsed so far then belong to the plugin that builds."""
        self.serve.serving = command == "serve"
        self.dirty = dirty

    @property
    def serving(self) -> bool:
        return self.serve.serving

    def _publish(self, outputs: Outputs) -> None:
        """Under `mkdocs serve`, the outputs of an incremental rebuild (pages then built from them)."""
        assert self.build is not None
        self.build.outputs = outputs

    # -- configuration: the whole core runs here, once per build ------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.build = None  # under `mkdocs serve`, a full build never reuses the previous pages
        self.serve.last_build = None
        self.serve.problems = ()
        if not self.config.enabled:
            return config
        self._begin_publication(config)
        install_theme(config)
        for breach in theme_breaches(config):  # reported, never hidden: the page shows what is missing
            log.info(say("_serve", "theme-breach", theme=config.theme.name, breach=breach))
        project_dir = Path(config.config_file_path or ".").resolve().parent
        laws_dir = (project_dir / self.config.laws_dir).resolve()
        if not laws_dir.is_dir():
            raise PluginError(say("_serve", "no-laws-folder", folder=self.config.laws_dir, project=project_dir))
        session = self.serve.start_build(
            config, laws_dir, project_dir, ASSETS_DIR, reproducible=self.config.reproducible
        )
        offline = offline_build(config)
        if offline:
            use_local_worker_shim(config, WORKER_SHIM_URI)
        directory_urls = config.use_directory_urls and not offline
        trust_plain = all(
            isinstance(e, str) and e.removeprefix("markdown.extensions.") in PLAIN_SAFE_EXTENSIONS
            for e in config.markdown_extensions
        )
        try:
            review = ReviewPolicy.from_options(self.config.review)
        except PolicyError as error:
            raise PluginError(str(error)) from None
        options = Options(
            laws_dir,
            project_dir,
            (project_dir / self.config.pdf_dir).resolve(),
            version=self.config.version,
            date=self.config.date,
            override_dirs=tuple(Path(d) for d in config.theme.dirs),
            site=SiteInfo(config.site_name, config.site_url or "", directory_urls, from_disk=offline),
            review=review,
            repo_url=config.repo_url or "",
            history=self.config.history,
            docs_dir=Path(config.docs_dir),
            keep=self.serving,  # only `mkdocs serve` rebuilds from what a build made
        )
        try:
            outputs = build_outputs(options, session)
        except OutputsError as error:
            if self.serve.starting:  # `mkdocs serve` starts anyway, its pages showing the error
                self.serve.start_broken(config, error)
                return config
            self.serve.problems = error.problems  # under `mkdocs serve`, the error page shows them
            raise PluginError(str(error)) from None
        for problem in outputs.warnings:
            log.warning(problem.format())
        css = css_bundle(sorted(ASSETS_DIR.glob("*.css")), ASSET_PREFIX)
        js = js_bundle(sorted(ASSETS_DIR.glob("*.js")), ASSET_PREFIX)
        self.build = BuildState(options, outputs, css, js, offline, trust_plain, edit_base=self._edit_base(config))
        if outputs.stale_pdfs:
            log.info(say("_serve", "stale-pdfs", count=outputs.stale_pdfs, folder=self.config.pdf_dir))
        for uri in (css.uri, EDITION_CSS_URI):
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        # one script for every page, then the scripts of one kind of page (theme.PAGE_SCRIPTS)
        scripts = [self.build.js.uri] + [ASSET_PREFIX + name for name in sorted(PAGE_SCRIPTS)]
        config.extra_javascript = [s for s in config.extra_javascript if not _bundle_uri(str(s))]
        for uri in scripts:
            if uri not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(uri)
        counts = {"entries": len(outputs.playbook), "pages": len(outputs.pages), "pdfs": len(outputs.pdfs)}
        log.info(say("_serve", "built", **counts, edition=outputs.edition.full_text))
        return config

    @property
    def pages(self) -> dict[str, RenderedPage]:
        return self.build.outputs.pages if self.build is not None else {}

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.build is None:  # (None: `mkdocs serve` started on broken content)
            return files
        build = self.build
        # With a `nav:` in mkdocs.yml, the generated pages it does not list are reached from the
        # pages it lists (the kinds' indexes): MkDocs need not name each of them at every build.
        inclusion = InclusionLevel.NOT_IN_NAV if config.nav else InclusionLevel.UNDEFINED
        for src_uri, page in build.outputs.pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                source = page.source_file or say("_serve", "the-entries")
                raise PluginError(say("_serve", "page-clash", path=src_uri, source=source))
            files.append(File.generated(config, src_uri, content=page.markdown, inclusion=inclusion))
        # A single build lets MkDocs copy these files from a folder of their own rather than keep
        # them in memory while it converts every page and until it writes them: the exports, the
        # entries' Markdown and the search files, a third of a large site.
        spill = None if self.serving else build.spill(self.publication.scratch() if self.publication else None)
        for uri, content in build.outputs.files.items():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(say("_serve", "file-clash", path=uri))
            kind = PublishedAsIs if uri.endswith(".md") else File  # an entry's Markdown is a file, not a page
            if spill is None:
                files.append(kind.generated(config, uri, content=content))
            else:
                files.append(kind.generated(config, uri, abs_src_path=spill.write(uri, content)))
        if spill is not None:
            build.outputs.files.clear()
        for uri, data in build.outputs.pdfs.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=data))
        for bundle in (build.css, build.js):
            if files.get_file_from_path(bundle.uri) is None:
                files.append(File.generated(config, bundle.uri, content=bundle.content))
        if build.offline and files.get_file_from_path(WORKER_SHIM_URI) is None:
            files.append(File.generated(config, WORKER_SHIM_URI, abs_src_path=str(WORKER_SHIM)))
        if files.get_file_from_path(QR_SCRIPT_URI) is None:
            files.append(File.generated(config, QR_SCRIPT_URI, abs_src_path=str(QR_SCRIPT)))
        for asset in sorted(ASSETS_DIR.iterdir()):
            if asset.suffix == ".css" or (asset.suffix == ".js" and asset.name not in PAGE_SCRIPTS):
                continue  # in a bundle
            if asset.is_file() and files.get_file_from_path(ASSET_PREFIX + asset.name) is None:
                files.append(File.generated(config, ASSET_PREFIX + asset.name, abs_src_path=str(asset)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if self.build is None:
            return markdown
        if generated is None:  # a hand-written page of docs/: the same typography as the entries
            return french_typography_markdown(markdown)
        if generated.source_file is not None:
            page.edit_url = self._edit_url(generated.source_file, config)
        # The page title as HTML text, escaped once. Left to MkDocs, it would come from the rendered
        # heading, and the theme's `<title>{{ page.title | striptags }}` unescapes it: a title such as
        # "</title><script>..." would then reach the page as markup.
        page.meta["title"] = html.escape(french_typography(generated.title), quote=False)
        # The HTML blocks of our templates skip the Markdown converter (it would only parse them
        # to pass them through) and are put back in on_page_content, before sanitizing.
        markdown, self.build.held[page.file.src_uri] = hold_html_blocks(markdown)
        if not self.serving:  # a single build never reads the full Markdown again: memory back
            page.file.content_string = ""
            self.build.outputs.pages[page.file.src_uri] = dataclasses.replace(generated, markdown="")
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is None or self.build is None:
            return html
        uri = page.file.src_uri
        held = self.build.held.pop(uri, None)
        try:
            if not self.config.sanitize or (generated.plain and self.build.trust_plain):
                return held.restore(html) if held is not None else html
            clean = functools.partial(clean_html, allow_svg=page_type(generated.role).svg)
            if held is None:
                return clean(html)
            # each HTML block cleaned on its own where that is the same; under `mkdocs serve`,
            # the blocks of the page's last build are not cleaned again (a view's unchanged groups)
            html, cleaned = held.restore_cleaned(html, clean, self.build.cleaned_blocks.pop(uri, {}))
        except RenderError as error:
            raise PluginError(f"playbook: {uri}: {error}") from None
        if self.serving:
            self.build.cleaned_blocks[uri] = cleaned
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return fix_page_html(output) if self.config.enabled else output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        if self.config.enabled and template_name.endswith(".html"):  # 404.html
            return fix_page_html(output_content)
        return output_content

    @event_priority(-100)  # last: the files and navigation every other plugin agreed on
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.serve.record_nav(files, nav)
        return nav

    @event_priority(-100)  # last: the filters every other plugin adds are in the theme's environment
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.config.enabled:
            if env.bytecode_cache is None:  # the theme's templates, compiled once, not at every build
                env.bytecode_cache = CompiledTemplates()
            self.serve.record_env(config, env)
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        self.serve.install(server)
        return server

    def on_shutdown(self) -> None:
        self.serve.stop()
        self._end_publication(None, publish=False)

    # -- publishing: the whole site at once, or nothing (publish.py) ---------------------------
    def _begin_publication(self, config: MkDocsConfig) -> None:
        """Outside `mkdocs serve` and ``--dirty``: this build writes into a new folder beside
        ``site_dir``, under a lock; ``on_post_build`` swaps it in if the build succeeded."""
        self._end_publication(None, publish=False)  # a previous build of this instance that did not finish
        if self.serving or self.dirty:
            return
        try:
            self.publication = Publication.begin(Path(config.site_dir), say=log.info)
        except (OSError, PublishError) as error:
            raise PluginError(say("_serve", "cannot-prepare", folder=config.site_dir, error=error)) from None
        self.real_site_dir = config.site_dir
        config.site_dir = str(self.publication.building)
        self.warnings.start(strict=bool(config.strict))

    def _end_publication(self, config: MkDocsConfig | None, *, publish: bool) -> None:
        publication, self.publication = self.publication, None
        self.warnings.stop()
        if publication is None:
            return
        if config is not None:
            config.site_dir = self.real_site_dir  # what runs after the build (gh-deploy) finds the site
        if not publish:
            publication.abandon()
            return
        try:
            publication.commit()
        except OSError as error:
            publication.abandon()
            raise PluginError(say("_serve", "cannot-publish", folder=self.real_site_dir, error=error)) from None

    @event_priority(-100)  # last: the site as every other plugin left it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.build is not None:
            self.build.forget_spilled()
        if self.config.enabled and not self.serving:  # `serve` injects its own reload script
            add_content_security_policy(Path(config.site_dir))
        # Under --strict, a build with warnings is about to be refused by MkDocs: not published.
        self._end_publication(config, publish=not self.warnings.count)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self.build.forget_spilled()
        self._end_publication(None, publish=False)

    # -- helpers -------------------------------------------------------------------------------
    def _edit_base(self, config: MkDocsConfig) -> str:
        """The plugin's ``edit_url``, else one made from ``repo_url`` and ``edit_uri`` (a located
        warning when they cannot lead to the entries' files: ``--strict`` fails on it)."""
        if self.config.edit_url:
            return self.config.edit_url if self.config.edit_url.endswith("/") else self.config.edit_url + "/"
        config_file = Path(config.config_file_path or "mkdocs.yml")
        project_dir = config_file.resolve().parent
        docs_dir = Path(os.path.relpath(Path(config.docs_dir).resolve(), project_dir)).as_posix()
        if config.edit_uri_template and not config.edit_uri:
            log.warning(say("_serve", "edit-uri-template", config=config_file.name))
            return ""
        base = edit_base(config.repo_url or "", config.edit_uri or "", docs_dir, where=config_file.name)
        if base.problem:
            log.warning(base.problem)
        return base.url

    def _edit_url(self, source_file: Path, config: MkDocsConfig) -> str | None:
        """The « Modifier cette page » URL of an entry's YAML file (the base is worked out in on_config)."""
        assert self.build is not None
        base = self.build.edit_base
        if not base:
            return None
        project_dir = self.build.options.project_dir
        path, prefix = str(source_file), str(project_dir) + os.sep
        if path.startswith(prefix) and os.sep + ".." not in path:  # the usual case: no need to resolve
            rel = path[len(prefix) :].replace(os.sep, "/")
        else:
            rel = source_file.resolve().relative_to(project_dir).as_posix()
        return base + quote(rel)


class _WarningCounter(logging.Handler):
    """Counts the warnings of MkDocs' loggers during a ``--strict`` build, as MkDocs does to refuse it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def start(self, *, strict: bool) -> None:
        self.count = 0
        if strict:
            logging.getLogger("mkdocs").addHandler(self)

    def stop(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


def add_content_security_policy(site_dir: Path) -> None:
    """Every page of the built site gets its Content-Security-Policy, from its final HTML
    (``core/render/csp.py``): the hashes of the inline scripts it really has."""
    for page in sorted(site_dir.rglob("*.html")):
        if page.is_symlink() or not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        protected = with_policy(html)
        if protected != html:
            page.write_text(protected, encoding="utf-8")
