"""Rendering: a linked :class:`Playbook` → Markdown pages, through Jinja templates.

Templates live in ``plugins/playbook/templates/playbook/``; a site overrides any of them by
putting a file of the same name under its theme's ``custom_dir`` (``overrides/playbook/...``).

Two escaping rules, enforced by the template environments rather than by each template:

- ``*.md.j2`` templates produce Markdown: every ``{{ value }}`` is escaped for Markdown and
  HTML (``<`` ``&`` ``*`` ``_`` ``[`` ...), unless it is :class:`markupsafe.Markup`.
- ``*.html.j2`` fragments produce HTML with Jinja's autoescape; a Markdown template embeds one
  with ``{{ fragment("playbook/fragments/x.html.j2", ...) }}``.

Bodies are Markdown written by contributors: they are passed through with ``[[id]]`` expanded,
and the HTML they turn into is cleaned by :func:`playbook.core.sanitize.clean_html`.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import printables, spec
from .markdown_refs import expand_refs, may_produce_markup
from .model import Entry, Playbook
from .typography import french_typography, french_typography_markdown
from .printing import (
    DOWNLOAD_SLOT,
    PDF_FOLDER,
    Downloads,
    Printable,
    SiteInfo,
    assets_digest,
    fingerprint,
    relative_url,
)
from .validate import slugify

TEMPLATE_PACKAGE_DIR = Path(__file__).resolve().parent.parent / "templates"

_LINE_START = re.compile(r"^(\s*)([-+>]|\d+\.)")


_SPACES = re.compile(r"[ \t\r\n]+")


#: HTML-escape ``& < >`` and backslash-escape Markdown's special characters, in one pass.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_[]{}()!|#+"}})


def md_escape(value: Any) -> str:
    """Escape text for a Markdown line: no HTML, no emphasis, no links, no block syntax."""
    if type(value) is str:
        return _md_escape_text(value)
    return _md_escape_text(str(value))


@lru_cache(maxsize=1 << 16)
def _md_escape_text(value: str) -> str:  # a title or summary is shown on many pages: escaped once
    text = french_typography(_SPACES.sub(" ", value).strip()).translate(_ESCAPES)
    if _LINE_START.match(text):
        return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
    return text


def href(value: Any) -> Markup:
    """A URL made safe for a Markdown link target (spaces, brackets, quotes percent-encoded)."""
    from urllib.parse import quote

    return Markup(quote(str(value), safe=":/?#@!$&'*+,;=%-._~"))


def css_string(value: Any) -> str:
    """A CSS string literal holding ``value`` exactly (quotes, backslashes, control characters escaped)."""
    out = []
    for char in str(value):
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
def code(value: Any) -> Markup:
    """``value`` as a Markdown code span (backticks chosen so the value cannot close it)."""
    text = str(value).replace("\n", " ")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def _finalize_md(value: Any) -> Any:
    if type(value) is str:  # the usual case first: plain text (Markup is a subclass, not str itself)
        return _md_escape_text(value)
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return md_escape(value)


def _finalize_html(value: Any) -> Any:
    if type(value) is str:
        return _french_typography_cached(value)
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return french_typography(value)
    return value


class RenderError(Exception):
    """A template failed (usually an override in the theme's custom_dir); names file and line."""


def _template_location(exc: BaseException, name: str) -> str:
    """The innermost template frame of a Jinja error, as path:line."""
    tb = exc.__traceback__
    location = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location


@lru_cache(maxsize=1 << 16)
def _french_typography_cached(value: str) -> str:
    return french_typography(value)


@dataclass(frozen=True)
class PageSpec:
    """Where generated pages go. ``entry_uri`` is the single rule for an entry's page path."""

    tags_folder: str = "etiquettes"
    views_folder: str = "vues"
    #: MkDocs' ``use_directory_urls``: ``lois/x.md`` is served as ``lois/x/`` (else ``lois/x.html``).
    directory_urls: bool = True

    def entry_uri(self, entry: Entry) -> str:
        return f"{entry.kind.folder}/{entry.id}.md"

    def kind_index_uri(self, kind: spec.Kind) -> str:
        return f"{kind.folder}/index.md"

    def tag_uri(self, tag: str) -> str:
        return f"{self.tags_folder}/{_tag_slug(tag)}.md"

    def tags_index_uri(self) -> str:
        return f"{self.tags_folder}/index.md"

    def format_reference_uri(self) -> str:
        return "reference/format.md"

    def matrix_uri(self) -> str:
        return f"{self.views_folder}/matrice.md"

    def map_uri(self) -> str:
        return f"{self.views_folder}/carte.md"

    def url_path(self, src_uri: str) -> str:
        """The URL MkDocs serves a page at, relative to the site root (for links in raw HTML)."""
        stem = src_uri.removesuffix(".md")
        if not self.directory_urls:
            return f"{stem}.html"
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/"


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page and what it was made from."""

    src_uri: str
    markdown: str
    title: str
    role: str  #: "entry", "kind-index", "tag", "tags-index"...
    entry_id: str | None = None
    source_file: Path | None = None  #: the YAML file behind it (for "edit this page")
    depends_on: frozenset[str] = field(default_factory=frozenset)
    printable: Printable | None = None  #: set when ``make pdf`` prints this page
    #: True when the only Markdown written by contributors on this page (an entry's body) cannot
    #: produce markup (:func:`~playbook.core.markdown_refs.may_produce_markup`) and the built-in
    #: templates are used: every other value is escaped, so sanitizing the HTML changes nothing.
    plain: bool = False


class Renderer:
    """Renders pages from templates; ``override_dirs`` are searched before the built-in ones.

    ``site`` tells printed sheets the site's name and address; ``downloads`` lists the PDFs
    ``make pdf`` made (see :mod:`playbook.core.printing`), linked from their pages while current.
    """

    def __init__(self, override_dirs: Sequence[Path | str] = (), pages: PageSpec | None = None,
                 site: SiteInfo | None = None, downloads: Downloads | None = None):
        loader = jinja2.ChoiceLoader([
            *(jinja2.FileSystemLoader(str(d)) for d in override_dirs),
            jinja2.FileSystemLoader(str(TEMPLATE_PACKAGE_DIR)),
        ])
        common = {"loader": loader, "trim_blocks": True, "lstrip_blocks": True,
                  "keep_trailing_newline": True, "undefined": jinja2.StrictUndefined}
        self.pages = pages or PageSpec()
        self.site = site or SiteInfo()
        self.downloads = downloads or Downloads()
        self.assets_digest = assets_digest()
        self.override_dirs = [Path(d) for d in override_dirs]
        self._templates: dict[tuple[int, str], jinja2.Template] = {}
        #: templates of the site may output values unescaped (``| safe``): then no page is "plain"
        self.overridden = any((d / "playbook").is_dir() for d in self.override_dirs)
        self.md_env = jinja2.Environment(autoescape=False, finalize=_finalize_md, **common)
        self.html_env = jinja2.Environment(autoescape=True, finalize=_finalize_html, **common)
        self.text_env = jinja2.Environment(autoescape=False, **common)  # CSS: values through css_string
        self.text_env.filters["css_string"] = css_string
        self.md_env.globals["fragment"] = self.html_block
        self.html_env.globals["fragment"] = self.fragment
        for env in (self.md_env, self.html_env):
            env.globals.update(
                kinds=spec.KINDS, relations=spec.RELATIONS,
                nbsp=Markup("\u00a0"), nnbsp=Markup("\u202f"), audience_labels=spec.AUDIENCES,
            )
            env.filters.update(slugify=slugify, md=md_escape, href=href, code=code)
        # escaped but no French typography: for technical attribute values (an SVG path's numbers)
        self.html_env.filters["plain"] = Markup.escape

    # -- helpers usable from templates ---------------------------------------------------------
    def _template(self, env: jinja2.Environment, name: str) -> jinja2.Template:
        """``env.get_template(name)``, looked up once per :meth:`render_all` (Jinja would check the
        file's modification time for every page; a new render picks up edited templates)."""
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
        :data:`HTML_BLOCK_START` and :data:`HTML_BLOCK_END` lines, which :func:`hold_html_blocks`
        can keep out of the Markdown converter (it has nothing to convert there)."""
        return Markup(f"{HTML_BLOCK_START}\n{self.fragment(name, **context)}\n{HTML_BLOCK_END}")

    def render_template(self, name: str, **context: Any) -> str:
        try:
            return self._template(self.md_env, name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise RenderError(f"{_template_location(exc, name)}: template error: {exc}") from None

    def render_text(self, name: str, **context: Any) -> str:
        """A non-HTML file (CSS) from a template; values must go through a filter such as ``css_string``."""
        return self.text_env.get_template(name).render(**context)

    def page_context(self, playbook: Playbook, here: str) -> _PageContext:
        """Relative links from the page ``here`` (and the entries it shows)."""
        return _PageContext(self, playbook, here)

    def sheet_context(self, here: str) -> dict[str, Any]:
        """What every printable page's templates get: the address printed on the sheet, the site's
        name, and the slot where the PDF download link goes."""
        return {"site": self.site, "sheet_url": self.site.public_url(here), "download": Markup(DOWNLOAD_SLOT)}

    def printable(self, here: str, markdown: str, *, mode: str, role: str, title: str) -> tuple[str, Printable]:
        """The page's fingerprint and PDF; the download slot filled with a link while the PDF is current."""
        pdf = printables.pdf_of(here)
        printable = Printable(here, self.site.page_url(here), pdf, mode, title, role,
                              fingerprint(markdown, self.assets_digest))
        link = ""
        if self.downloads.current(pdf, printable.fingerprint):
            href = relative_url(here, f"{PDF_FOLDER}/{pdf}", self.site.directory_urls)
            link = str(self.fragment("playbook/fragments/download.html.j2", href=href, title=title))
        return markdown.replace(DOWNLOAD_SLOT, link), printable

    # -- pages ---------------------------------------------------------------------------------
    def render_all(self, playbook: Playbook) -> list[RenderedPage]:
        self._templates.clear()
        pages = [self.render_entry(playbook, e) for e in playbook.entries.values()]
        pages.extend(self.render_kind_index(playbook, k) for k in spec.KINDS)
        pages.extend(self.render_tags(playbook))
        pages.extend(self.render_collection_pages(playbook))
        return pages

    def render_format_reference(self) -> RenderedPage:
        """The "Format des entrées" page: fields, rules per kind, relations, examples."""
        from .reference import FORBIDDEN, REQUIRED, format_reference
        from .scaffold import render_entry

        ref = format_reference()

        def kinds_with(field: Any, rule: str) -> str:
            names = [k.name for k in spec.KINDS if field.rules[k.name] == rule]
            if len(names) == len(spec.KINDS):
                return "tous les types"
            return ", ".join(names) if names else ""

        examples = [
            (kind, Markup(render_entry(kind, f"exemple-{kind.folder}", f"Titre de l'exemple ({kind.label.lower()})",
                                       None if kind.name == "source" else "article-exemple",
                                       "../../plugins/playbook/schema/entry.schema.json").rstrip("\n")))
            for kind in spec.KINDS
        ]
        markdown = self.render_template(
            "playbook/format-reference.md.j2", ref=ref, examples=examples,
            required_for=lambda f: kinds_with(f, REQUIRED) or "aucun type (facultatif)",
            forbidden_for=lambda f: kinds_with(f, FORBIDDEN),
        )
        return RenderedPage(self.pages.format_reference_uri(), markdown, "Format des entrées", "reference")

    def page_context(self, playbook: Playbook, here: str) -> _PageContext:
        """Links from the page ``here`` (a src_uri), for pages rendered outside this module."""
        return _PageContext(self, playbook, here)

    def render_entry(self, playbook: Playbook, entry: Entry) -> RenderedPage:
        here = self.pages.entry_uri(entry)
        ctx = _PageContext(self, playbook, here)
        body = french_typography_markdown(expand_refs(entry.body, ctx.inline_link))
        source = playbook.entries.get(entry.source) if entry.source else None
        collection = playbook.entries.get(entry.collection) if entry.collection else None
        members = playbook.members.get(entry.id, [])
        has_sheet = entry.kind.name == "collection" and any(m.checklist for m in members)
        markdown = self.render_template(
            "playbook/entry.md.j2",
            entry=entry,
            body=Markup(body),
            links=playbook.links(entry.id),
            source=source,
            collection=collection,
            members=members,
            cited_by=playbook.cited_by.get(entry.id, []),
            url=ctx.url,
            tag_url=ctx.tag_url,
            kind_index_url=ctx.kind_index_url,
            checklist_page=ctx.rel(printables.checklist_uri(entry)) if has_sheet else None,
            kit_page=ctx.rel(printables.kit_uri(entry)) if has_sheet else None,
            sheet_density=printables.entry_density(entry, source) if entry.checklist else None,
            **self.sheet_context(here),
        )
        printable = None
        if entry.checklist:
            markdown, printable = self.printable(here, markdown, mode="sheet", role="entry-checklist",
                                                 title=f"Liste de contrôle : {entry.title}")
        depends = {e.id for e in ctx.used}
        plain = not self.overridden and not may_produce_markup(entry.body)
        return RenderedPage(here, markdown, entry.title, "entry", entry.id, entry.path, frozenset(depends),
                            printable=printable, plain=plain)

    def render_kind_index(self, playbook: Playbook, kind: spec.Kind) -> RenderedPage:
        here = self.pages.kind_index_uri(kind)
        ctx = _PageContext(self, playbook, here)
        entries = playbook.by_kind[kind.name]
        groups = _group_by_collection(playbook, entries)
        markdown = self.render_template("playbook/kind-index.md.j2", kind=kind, groups=groups,
                                        count=len(entries), url=ctx.url)
        depends = {e.id for e in entries} | {e.id for e in ctx.used}  # with the collections named
        return RenderedPage(here, markdown, kind.plural, "kind-index", depends_on=frozenset(depends),
                            plain=not self.overridden)

    def render_tags(self, playbook: Playbook) -> list[RenderedPage]:
        return [self.render_tags_index(playbook), *(self.render_tag(playbook, tag) for tag in playbook.tags)]

    def render_tags_index(self, playbook: Playbook) -> RenderedPage:
        here = self.pages.tags_index_uri()
        ctx = _PageContext(self, playbook, here)
        markdown = self.render_template("playbook/tags-index.md.j2", tags=playbook.tags, url=ctx.url,
                                        tag_url=ctx.tag_url)
        all_tagged = {e.id for entries in playbook.tags.values() for e in entries} | {e.id for e in ctx.used}
        return RenderedPage(here, markdown, "Étiquettes", "tags-index", depends_on=frozenset(all_tagged),
                            plain=not self.overridden)

    def render_tag(self, playbook: Playbook, tag: str) -> RenderedPage:
        here = self.pages.tag_uri(tag)
        ctx = _PageContext(self, playbook, here)
        entries = playbook.tags.get(tag, [])
        markdown = self.render_template("playbook/tag.md.j2", tag=tag, entries=entries, url=ctx.url,
                                        tags_index_url=ctx.rel(self.pages.tags_index_uri()))
        depends = {e.id for e in entries} | {e.id for e in ctx.used}
        return RenderedPage(here, markdown, f"Étiquette : {tag}", "tag", depends_on=frozenset(depends),
                            plain=not self.overridden)

    def render_again(self, playbook: Playbook, page: RenderedPage) -> RenderedPage | None:
        """``page`` rendered from ``playbook``; ``None`` when the playbook no longer has that page."""
        if page.role == "entry":
            entry = playbook.entries.get(page.entry_id or "")
            return self.render_entry(playbook, entry) if entry is not None else None
        if page.role == "kind-index":
            kind = next((k for k in spec.KINDS if self.pages.kind_index_uri(k) == page.src_uri), None)
            return self.render_kind_index(playbook, kind) if kind is not None else None
        if page.role == "tags-index":
            return self.render_tags_index(playbook)
        if page.role == "tag":
            tag = next((t for t in playbook.tags if self.pages.tag_uri(t) == page.src_uri), None)
            return self.render_tag(playbook, tag) if tag is not None else None
        return {p.src_uri: p for p in self.render_collection_pages(playbook)}.get(page.src_uri)

    def render_collection_pages(self, playbook: Playbook, *, reference: bool = True,
                                previous: Mapping[str, RenderedPage] | None = None,
                                changed: AbstractSet[str] = frozenset()) -> list[RenderedPage]:
        """Pages made from whole collections or the whole playbook (sheets, kits, views) and the
        format reference (``reference``; it shows no entry): a few per collection, rendered again
        after any edit (see core/incremental.py), except the sheets, kits and views that show none
        of the ``changed`` entries, taken from ``previous``."""
        from .views import render_views  # views.py builds on this module

        return [*printables.render_printables(self, playbook, previous, changed),
                *([self.render_format_reference()] if reference else []),
                *render_views(self, playbook, previous, changed)]


#: Lines around an HTML block of a Markdown page (HTML comments: invisible to any Markdown reader).
HTML_BLOCK_START = "<!--pb-html-->"
HTML_BLOCK_END = "<!--/pb-html-->"
_HTML_BLOCK = re.compile(r"^<!--pb-html-->\n(.*?)\n<!--/pb-html-->$", re.S | re.M)


@dataclass(frozen=True)
class HeldBlocks:
    """The HTML blocks :func:`hold_html_blocks` took out of a page, and the page's placeholder key."""

    key: str
    blocks: tuple[str, ...] = ()

    def restore(self, html: str) -> str:
        """``html`` with the placeholders replaced by their blocks; a :class:`RenderError` when
        one is missing (every block must reach the page)."""
        if not self.blocks:
            return html
        found: list[int] = []

        def put(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(self.blocks):
                return match.group(0)
            found.append(index)
            return self.blocks[index]

        restored = re.sub(f'<div data-pb-html="{self.key}-([0-9]+)"></div>', put, html)
        if sorted(found) != list(range(len(self.blocks))):
            raise RenderError("an HTML block of the page was lost or repeated by the Markdown converter")
        return restored


def hold_html_blocks(markdown: str) -> tuple[str, HeldBlocks]:
    """The Markdown with each HTML block of :meth:`Renderer.html_block` replaced by a short
    placeholder, and those blocks. A Markdown converter then skips parsing HTML it could only
    pass through (a relation map of a thousand entries is 400 KB of SVG); :meth:`HeldBlocks.restore`
    puts the blocks back in the converted HTML. The placeholders carry a digest of the page,
    which no text of the page can contain."""
    blocks: list[str] = []
    key = hashlib.blake2b(markdown.encode("utf-8"), digest_size=6).hexdigest()

    def hold(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f'<div data-pb-html="{key}-{len(blocks) - 1}"></div>'

    return _HTML_BLOCK.sub(hold, markdown), HeldBlocks(key, tuple(blocks))


def relative_uri(target: str, here: str) -> str:
    """``target`` relative to the folder of ``here`` (both relative POSIX paths of pages).

    Same result as ``posixpath.relpath(target, posixpath.dirname(here) or ".")`` without its
    ``os.getcwd()`` and normalisations: generated pages have clean paths. Only the folders
    matter for the ``../`` part, so that part is cached per pair of folders, not per link."""
    target_dir, _, name = target.rpartition("/")
    return _relative_folder(target_dir, here.rpartition("/")[0]) + name


@lru_cache(maxsize=1 << 12)
def _relative_folder(target_dir: str, here_dir: str) -> str:
    """The prefix that leads from folder ``here_dir`` to folder ``target_dir`` ("", "../x/"...)."""
    base = here_dir.split("/") if here_dir else []
    parts = target_dir.split("/") if target_dir else []
    common = 0
    while common < len(base) and common < len(parts) and base[common] == parts[common]:
        common += 1
    return "".join(["../"] * (len(base) - common) + [p + "/" for p in parts[common:]])


@lru_cache(maxsize=1 << 12)
def _tag_slug(tag: str) -> str:
    return slugify(tag)


class _PageContext:
    """Relative links from one page; records which entries the page shows (its dependencies)."""

    def __init__(self, renderer: Renderer, playbook: Playbook, here: str):
        self.renderer = renderer
        self.playbook = playbook
        self.here = here
        self.used: set[Entry] = set()

    def rel(self, target: str) -> Markup:
        return Markup(relative_uri(target, self.here))

    def url(self, entry: Entry) -> Markup:
        self.used.add(entry)
        return self.rel(self.renderer.pages.entry_uri(entry))

    def href(self, entry: Entry) -> Markup:
        """The served URL of an entry's page, relative to this page's URL (for raw HTML and SVG,
        whose links MkDocs does not rewrite)."""
        self.used.add(entry)
        pages = self.renderer.pages
        target = pages.url_path(pages.entry_uri(entry))
        base = pages.url_path(self.here)
        base_dir = base if base.endswith("/") or not base else posixpath.dirname(base)
        relative = posixpath.relpath(target or ".", base_dir.rstrip("/") or ".")
        return Markup(f"{relative}/" if target.endswith("/") and relative != "." else relative)

    def tag_url(self, tag: str) -> Markup:
        return self.rel(self.renderer.pages.tag_uri(tag))

    def kind_index_url(self, kind: spec.Kind) -> Markup:
        return self.rel(self.renderer.pages.kind_index_uri(kind))

    def inline_link(self, entry_id: str, label: str | None) -> str:
        target = self.playbook.entries[entry_id]
        text = md_escape(label or target.title)
        return f"[{text}]({self.url(target)})"


@dataclass(frozen=True)
class Group:
    title: str
    collection: Entry | None
    entries: tuple[Entry, ...]


def _group_by_collection(playbook: Playbook, entries: Iterable[Entry]) -> list[Group]:
    grouped: dict[str | None, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.collection, []).append(entry)
    groups = []
    for key in sorted(grouped, key=lambda k: (k is None, k or "")):
        collection = playbook.entries.get(key) if key else None
        title = collection.title if collection else "Autres"
        groups.append(Group(title, collection, tuple(grouped[key])))
    return groups
