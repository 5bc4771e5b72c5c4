"""The renderer: templates, links and print details that every page renderer uses.

A page renderer (:mod:`playbook.core.pages`) takes a :class:`Renderer` and a linked
:class:`~playbook.core.model.Playbook` and returns :class:`RenderedPage` objects: it renders its
template with :meth:`Renderer.render_template`, links other pages through a :class:`PageContext`
(which also records the entries the page shows, its dependencies) and, for a printable page,
gets its fingerprint and download link from :meth:`Renderer.printable`.

Bodies are Markdown written by contributors: they are passed through with ``[[id]]`` expanded,
and the HTML they turn into is cleaned by :func:`playbook.core.sanitize.clean_html`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import spec
from ..edition import french_date
from ..living import Living
from ..markdown_refs import clean_attr_lists, expand_refs, guard_markdown
from ..model import Entry, Playbook
from ..review import ReviewStatus
from ..typography import french_typography_markdown
from .escape import code, css_string, finalize_html, finalize_markdown, href, md_escape
from .html_blocks import HTML_BLOCK_END, HTML_BLOCK_START
from .pdf_downloads import DOWNLOAD_SLOT, Downloads, Printable, assets_digest, fingerprint
from .templates import RenderError, environment, template_loader, template_location
from .urls import PDF_FOLDER, PageSpec, SiteInfo, pdf_of, qr_uri, relative_uri, relative_url


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page and what it was made from."""

    src_uri: str
    markdown: str
    title: str
    role: str  #: "entry", "kind-index", "tag"...: each declared by one page type (core/pages/registry.py)
    entry_id: str | None = None
    source_file: Path | None = None  #: the YAML file behind it (for "edit this page")
    depends_on: frozenset[str] = field(default_factory=frozenset)
    printable: Printable | None = None  #: set when ``make pdf`` prints this page
    #: True when the only Markdown written by contributors on this page (an entry's body) cannot
    #: produce markup (:func:`~playbook.core.markdown_refs.may_produce_markup`) and the built-in
    #: templates are used: every other value is escaped, so sanitizing the HTML changes nothing.
    plain: bool = False
    #: An entry's page: the entry as a Markdown document (its ``index.md`` beside the page, see
    #: :mod:`.markdown_export`), made with the page and reused with it; its links are in ``depends_on``.
    entry_markdown: str | None = None


@dataclass(frozen=True)
class BookLink:
    """A book as « Imprimables » lists it (see :mod:`playbook.core.book`)."""

    title: str
    subtitle: str
    pdf: str  #: below the PDF folder (``livres/playbook-complet.pdf``)
    current: bool  #: its PDF exists and was printed from the book as it is now


class Renderer:
    """Renders pages from templates; ``override_dirs`` are searched before the built-in ones.

    ``site`` tells printed sheets the site's name and address; ``downloads`` lists the PDFs
    ``make pdf`` made (see :mod:`.pdf_downloads`), linked from their pages while current.
    """

    def __init__(
        self,
        override_dirs: Sequence[Path | str] = (),
        pages: PageSpec | None = None,
        site: SiteInfo | None = None,
        downloads: Downloads | None = None,
        living: Living | None = None,
    ):
        loader = template_loader(override_dirs)
        self.pages = pages or PageSpec()
        self.site = site or SiteInfo()
        self.downloads = downloads or Downloads()
        self.living = living or Living()  #: history, review day and repository (``core/living.py``)
        self.books: tuple[BookLink, ...] = ()  #: the books and whether their PDF is current (set by the build)
        self.assets_digest = assets_digest()
        self.override_dirs = [Path(d) for d in override_dirs]
        self._templates: dict[tuple[int, str], jinja2.Template] = {}
        #: « Ma séance »'s blocks of each entry (``session_layout.sheet_blocks``), by what they are
        #: made of: rendered again only for an entry that changed, while this renderer is used
        self.sheet_blocks: dict[tuple[object, ...], dict[str, str]] = {}
        #: « Ma séance »'s index: each entry's record, encoded (``session_layout.session_index``)
        self.session_records: dict[tuple[object, ...], tuple[str, str]] = {}
        #: the markup « Ma séance » fills (``session_layout.builder_templates``): made of templates only
        self.builder_templates: dict[str, Any] | None = None
        #: The views' HTML blocks, one per group's map or matrix (``pages/views.py``), by what
        #: they are made of: drawn again only for a group that changed, while this renderer is used
        self.view_blocks: dict[tuple[object, ...], Markup] = {}
        #: « Suivi des entrées »'s rows, by entry status (``pages/upkeep.py``): drawn again only
        #: for an entry that changed, while this renderer is used
        self.upkeep_rows: dict[ReviewStatus, Markup] = {}
        #: Each entry's Markdown document and its bytes (``markdown_export.markdown_files``)
        self.markdown_bytes: dict[str, tuple[str, bytes]] = {}
        #: templates of the site may output values unescaped (``| safe``): then no page is "plain"
        self.overridden = any((d / "playbook").is_dir() for d in self.override_dirs)
        self.md_env = environment(loader, autoescape=False, finalize=finalize_markdown)
        self.html_env = environment(loader, autoescape=True, finalize=finalize_html)
        self.text_env = environment(loader, autoescape=False)  # CSS: values through css_string
        self.text_env.filters["css_string"] = css_string
        self.md_env.globals["fragment"] = self.html_block
        self.html_env.globals["fragment"] = self.fragment
        for env in (self.md_env, self.html_env):
            env.globals.update(
                kinds=spec.KINDS,
                relations=spec.RELATIONS,
                nbsp=Markup("\u00a0"),
                nnbsp=Markup("\u202f"),
                audience_labels=spec.AUDIENCES,
                activity_labels=spec.ACTIVITIES,
                fiction_label=spec.FICTION_LABEL,
                french_date=french_date,
            )
            env.filters.update(slugify=spec.slugify, md=md_escape, href=href, code=code)
        # escaped but no French typography: for technical attribute values (an SVG path's numbers)
        self.html_env.filters["plain"] = Markup.escape

    def forget_templates(self) -> None:
        """Look templates up again (a new full render picks up edited templates), and forget what
        was kept of earlier renders: the views' blocks, « Suivi des entrées »'s rows, « Ma
        séance »'s blocks, records and templates, and the entries' Markdown bytes."""
        self._templates.clear()
        self.view_blocks, self.upkeep_rows, self.sheet_blocks, self.session_records = {}, {}, {}, {}
        self.markdown_bytes = {}
        self.builder_templates = None

    def _template(self, env: jinja2.Environment, name: str) -> jinja2.Template:
        """``env.get_template(name)``, looked up once until :meth:`forget_templates` (Jinja would
        check the file's modification time for every page)."""
        key = (id(env), name)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = env.get_template(name)
        return template

    def fragment(self, name: str, **context: Any) -> Markup:
        """An HTML fragment, rendered with autoescape, safe to embed in a Markdown template."""
        html = self._template(self.html_env, name).render(**context)
        return Markup("\n".join(line for line in html.splitlines() if line.strip()))

    def html_block(self, name: str, **context: Any) -> Markup:
        """:meth:`fragment` for a Markdown template (its ``fragment()``): the HTML between
        :data:`~.html_blocks.HTML_BLOCK_START` and :data:`~.html_blocks.HTML_BLOCK_END` lines, which
        :func:`~.html_blocks.hold_html_blocks` can keep out of the Markdown converter."""
        return Markup(f"{HTML_BLOCK_START}\n{self.fragment(name, **context)}\n{HTML_BLOCK_END}")

    def render_template(self, name: str, **context: Any) -> str:
        try:
            return self._template(self.md_env, name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from None
        except jinja2.TemplateError as exc:
            raise RenderError(f"{template_location(exc, name)}: template error: {exc}") from None

    def render_text(self, name: str, **context: Any) -> str:
        """A non-HTML file (CSS) from a template; values must go through a filter such as ``css_string``."""
        return self.text_env.get_template(name).render(**context)

    def page_context(self, playbook: Playbook, here: str) -> PageContext:
        """Relative links from the page ``here`` (a src_uri), recording the entries it shows."""
        return PageContext(self, playbook, here)

    def sheet_context(self, here: str) -> dict[str, Any]:
        """What every printable page's templates get: the address printed on the sheet, the site's
        name, the slot where the PDF download link goes, and the QR code of the address (when the
        site's address is known)."""
        qr_src = None
        if self.site.url:
            qr_src = relative_url(here, qr_uri(here), self.site.directory_urls)
        return {
            "site": self.site,
            "sheet_url": self.site.public_url(here),
            "download": Markup(DOWNLOAD_SLOT),
            "qr_src": qr_src,
        }

    def printable(self, here: str, markdown: str, *, mode: str, role: str, title: str) -> tuple[str, Printable]:
        """The page's fingerprint and PDF; the download slot filled with a link while the PDF is current."""
        pdf = pdf_of(here)
        printable = Printable(
            here, self.site.page_url(here), pdf, mode, title, role, fingerprint(markdown, self.assets_digest)
        )
        link = ""
        if self.downloads.current(pdf, printable.fingerprint):
            target = relative_url(here, f"{PDF_FOLDER}/{pdf}", self.site.directory_urls)
            link = str(self.fragment("playbook/fragments/download.html.j2", href=target, title=title))
        return markdown.replace(DOWNLOAD_SLOT, link), printable


class PageContext:
    """Relative links from one page; records which entries the page shows (its dependencies)."""

    def __init__(self, renderer: Renderer, playbook: Playbook, here: str):
        self.renderer = renderer
        self.playbook = playbook
        self.here = here
        self.used: set[Entry] = set()

    def rel(self, target: str) -> Markup:
        """The page ``target`` (a src_uri) from this page, for a Markdown link."""
        return Markup(relative_uri(target, self.here))

    def url(self, entry: Entry) -> Markup:
        self.used.add(entry)
        return self.rel(self.renderer.pages.entry_uri(entry))

    def href(self, entry: Entry) -> Markup:
        """The served URL of an entry's page, relative to this page's URL (for raw HTML and SVG,
        whose links MkDocs does not rewrite)."""
        self.used.add(entry)
        return Markup(self.page_href(self.renderer.pages.entry_uri(entry)))

    def page_href(self, src_uri: str) -> str:
        """The served URL of the page ``src_uri``, relative to this page's URL (for raw HTML)."""
        return self.file_href(self.renderer.pages.url_path(src_uri))

    def file_href(self, uri: str) -> str:
        """A file that is not a page (``exports/seance.json``), relative to this page's URL."""
        return relative_url(self.here, uri, self.renderer.pages.directory_urls)

    def tag_url(self, tag: str) -> Markup:
        return self.rel(self.renderer.pages.tag_uri(tag))

    def kind_index_url(self, kind: spec.Kind) -> Markup:
        return self.rel(self.renderer.pages.kind_index_uri(kind))

    def entry(self, entry_id: str) -> Entry:
        """The entry of ``entry_id`` (for a template that names one by id, such as a guide's
        ``about``), recorded as shown by this page."""
        entry = self.playbook.resolve(entry_id)
        self.used.add(entry)
        return entry

    def body(self, entry: Entry) -> Markup:
        """An entry's body as Markdown for this page: ``[[id]]`` expanded into links from here,
        the theme's and the plugin's ids and classes taken out of attribute lists (validation
        warns), a ``[`` or ``<`` that cannot open a link or a tag escaped (Python-Markdown would
        search from each), French typography."""
        return Markup(
            french_typography_markdown(guard_markdown(expand_refs(clean_attr_lists(entry.body), self.inline_link)))
        )

    def inline_link(self, entry_id: str, label: str | None) -> str:
        target = self.playbook.resolve(entry_id)  # a former id leads to the entry that has it now
        text = md_escape(label or target.title)
        return f"[{text}]({self.url(target)})"
