"""Everything the site gets from ``laws/``, made in one call: pages, exports, edition, PDFs, search.

:func:`build_outputs` is what a site generator calls before building: it checks the entries,
renders every generated page, and returns them with the files that are not pages (the exports of
``exports/``, the edition stylesheet, the PDFs of ``make pdf`` that still match their page) and
the files of the search index (:mod:`.search`). The MkDocs plugin maps these outputs to its
files; another generator could do the same. The kinds of files that are not pages are declared
once, in :data:`FILE_PRODUCERS` (the pages' types in :mod:`.pages.registry`).

With the :class:`Outputs` of the previous call and the same :class:`~.incremental.Session`
(``mkdocs serve`` after an edit), only the files whose bytes changed are parsed again and only
the pages the edit can reach are rendered again (:func:`~.incremental.render_changed`);
:attr:`Outputs.diff` then lists the pages whose Markdown or title changed, and
:meth:`Outputs.changed_files` the other files whose content changed.

Errors are raised as :class:`OutputsError` (the message names the file and the fix); warnings
are returned in :attr:`Outputs.warnings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from . import edition as editions
from . import validate
from .book import BookSource, book_links, render_books
from .export import LineCache, build_exports
from .feed import atom_feed
from .history import UNAVAILABLE, History, current_head, read_history
from .incremental import PageDiff, Session, changed_ids, diff_pages, render_changed
from .living import Living
from .messages import say
from .model import Playbook
from .pages import render_all
from .pages.news import news_items
from .pages.redirects import redirect_files
from .problems import PlaybookError, Problem, Severity
from .render.markdown_export import markdown_files
from .render.pdf_downloads import Downloads, DownloadsError, Printable, read_downloads
from .render.qr import qr_svg
from .render.renderer import RenderedPage, Renderer
from .render.session_layout import session_index
from .render.templates import RenderError
from .render.urls import (
    EDITION_CSS_URI,
    FEED_URI,
    PDF_FOLDER,
    PageSpec,
    SiteInfo,
    qr_uri,
    search_file_uri,
    served_file,
)
from .review import ReviewPolicy
from .search import SearchIndexer
from .thesaurus import EMPTY, Thesaurus


class OutputsError(Exception):
    """The site cannot be built; the message says why and what to do. ``problems``: the located
    problems it was made from, when it comes from the content (an error page shows them)."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


def _content_error(problems: Iterable[Problem]) -> OutputsError:
    error = PlaybookError(problems)
    return OutputsError(str(error), error.problems)


@dataclass(frozen=True)
class Options:
    """What the outputs depend on besides the entries."""

    laws_dir: Path
    project_dir: Path
    pdf_dir: Path
    version: str | None = None
    date: object = None
    override_dirs: tuple[Path, ...] = ()  #: theme folders searched for template overrides first
    site: SiteInfo = field(default_factory=SiteInfo)
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    repo_url: str = ""  #: the repository (« Signaler une erreur »); "" for none
    history: bool = True  #: read the entries' history from git (off: the history is unavailable)
    docs_dir: Path | None = None  #: where the entries' images must be (``None``: not checked)
    #: Keep what an incremental rebuild reuses (``mkdocs serve``); off, a single build lets go of
    #: each producer's caches once its files are made (:data:`FORGET_AFTER`): a lower peak of memory.
    keep: bool = True


@dataclass
class Outputs:
    options: Options
    playbook: Playbook
    pages: dict[str, RenderedPage]  #: src_uri → page
    files: dict[str, bytes]  #: site path → content of every generated file that is not a page
    pdfs: dict[str, bytes]  #: site path → PDF, for the PDFs that match their page (bytes checked)
    edition: editions.Edition
    warnings: list[Problem]
    downloads: Downloads  #: the PDFs found in the PDF folder
    renderer: Renderer = field(repr=False)
    export_cache: LineCache = field(repr=False)  #: encoded entries of the JSON and CSV exports
    search: SearchIndexer = field(repr=False, default_factory=SearchIndexer)  #: keeps entries' analyses
    books: list[BookSource] = field(repr=False, default_factory=list)  #: the books ``make book`` prints
    stale_pdfs: int = 0  #: PDFs in the PDF folder that no longer match their page
    #: Against the previous outputs: the pages that changed (``None`` after a full render).
    diff: PageDiff | None = None
    incremental: bool = False  #: True when only the pages an edit reaches were rendered
    check_number: int = 0  #: the session's check these outputs come from
    living: Living = field(default_factory=Living)  #: history, review day and repository of the pages

    def changed_files(self, previous: Outputs) -> list[str]:
        """Site paths of the non-page files whose content differs from ``previous`` (or are new)."""
        return sorted(uri for uri, content in self.files.items() if previous.files.get(uri) != content)


def output_collisions(playbook: Playbook, pages: list[RenderedPage]) -> list[Problem]:
    """A located error for each page whose path another page has too (the later one would replace
    the earlier one, and every link to it would land on the other). Validation refuses the names
    that cause it (reserved ids, tags that fold alike); this is the net under it."""
    first: dict[str, RenderedPage] = {}
    problems = []
    for page in pages:
        if page.src_uri not in first:
            first[page.src_uri] = page
            continue
        other = first[page.src_uri]
        owner = next((p for p in (page, other) if p.entry_id in playbook.entries), None)
        where = playbook.entries[owner.entry_id].display if owner is not None and owner.entry_id else page.src_uri
        problems.append(
            Problem(
                where,
                1,
                1,
                say("duplicate-output", "two-pages", path=page.src_uri, first=_describe(other), second=_describe(page)),
                say("duplicate-output", "rename"),
                code="duplicate-output",
            )
        )
    return problems


def _describe(page: RenderedPage) -> str:
    if page.entry_id:
        return say("duplicate-output", "page-of", role=page.role, id=page.entry_id)
    return say("duplicate-output", "page", role=page.role)


@dataclass(frozen=True)
class Made:
    """What the files that are not pages are made from: the checked playbook and its pages."""

    options: Options
    playbook: Playbook
    pages: dict[str, RenderedPage]  #: src_uri → page (a single build drops the entries' documents from them)
    renderer: Renderer
    edition: editions.Edition
    living: Living
    export_cache: LineCache  #: encoded entries of the JSON and CSV exports, kept between builds
    search: SearchIndexer  #: keeps entries' analyses between builds
    thesaurus: Thesaurus

    @cached_property
    def printables(self) -> list[Printable]:
        return [p.printable for p in self.pages.values() if p.printable is not None]

    @cached_property
    def entry_uris(self) -> dict[str, str]:
        return {e.id: self.renderer.pages.entry_uri(e) for e in self.playbook.entries.values()}


Files = Iterable[tuple[str, bytes]]


def _exports(made: Made) -> Files:
    exports = build_exports(made.playbook, made.edition, made.printables, made.export_cache)
    return [(export.uri, export.content) for export in exports]


def _edition_css(made: Made) -> Files:
    css = made.renderer.render_text("playbook/edition.css.j2", edition=made.edition)
    return [(EDITION_CSS_URI, css.encode("utf-8"))]


def _markdown(made: Made) -> Files:
    # an entry's document was made with its page (and is reused with it after an edit)
    done = {p.entry_id: p.entry_markdown for p in made.pages.values() if p.entry_id and p.entry_markdown is not None}
    renderer = made.renderer
    return markdown_files(
        made.playbook, renderer.pages, made.options.site, made.edition, done, renderer.markdown_bytes
    ).items()


def _feed(made: Made) -> Files:
    items = news_items(made.playbook, made.living.history)
    return [(FEED_URI, atom_feed(items, made.options.site, made.entry_uris, made.edition.date))]


def _session_index(made: Made) -> Files:
    return session_index(made.playbook, made.renderer).items()


def _qr_codes(made: Made) -> Files:
    """The QR code printed on each sheet: the sheet's public address (none without a site URL)."""
    site = made.options.site
    return [(qr_uri(p.page), qr_svg(site.public_url(p.page))) for p in made.printables] if site.url else []


def _redirects(made: Made) -> Files:
    return redirect_files(made.renderer, made.playbook).items()


def _search(made: Made) -> Files:
    urls = {entry_id: made.options.site.page_url(uri) for entry_id, uri in made.entry_uris.items()}
    index = made.search.files(made.playbook, urls, made.thesaurus, made.living.search_report())
    return [(search_file_uri(name), script) for name, script in index.items()]


#: Every kind of generated file that is not a page, in the order they are made: a name (what an
#: error says) and the function making its files (site path, bytes) from :class:`Made`. A new
#: kind of file is one function and one line here; :func:`generated_files` refuses two at one path.
FILE_PRODUCERS: tuple[tuple[str, Callable[[Made], Files]], ...] = (
    ("exports", _exports),
    ("edition", _edition_css),
    ("markdown", _markdown),
    ("feed", _feed),
    ("session-index", _session_index),
    ("qr-codes", _qr_codes),
    ("redirects", _redirects),
    ("search", _search),
)


def _forget_exports(made: Made) -> None:
    made.export_cache.clear()


def _forget_markdown(made: Made) -> None:
    made.renderer.markdown_bytes.clear()
    for uri, page in list(made.pages.items()):
        if page.entry_markdown is not None:
            made.pages[uri] = replace(page, entry_markdown=None)


def _forget_blocks(made: Made) -> None:
    made.renderer.forget_templates()  # the views' and sheets' blocks, the rows, the records


def _forget_search(made: Made) -> None:
    made.search.forget()


#: What a single build (``Options.keep`` off) lets go of once a producer's files are made, by
#: producer: nothing after them needs it, and only an incremental rebuild would reuse it.
FORGET_AFTER: dict[str, Callable[[Made], None]] = {
    "exports": _forget_exports,
    "markdown": _forget_markdown,
    "session-index": _forget_blocks,
    "search": _forget_search,
}


def generated_files(made: Made) -> dict[str, bytes]:
    """Every file of :data:`FILE_PRODUCERS`, by site path. Like with like: an error when two would
    be written to one file, between them or where a page is written (the later one would replace
    the earlier one)."""
    directory_urls = made.options.site.directory_urls
    written = {served_file(uri, directory_urls) for uri in made.pages}
    files: dict[str, bytes] = {}
    clashes = set()
    for name, produce in FILE_PRODUCERS:
        for uri, content in produce(made):
            if uri in files or uri in written:
                clashes.add(uri)
            files[uri] = content
        if not made.options.keep and name in FORGET_AFTER:
            FORGET_AFTER[name](made)
    if clashes:
        raise OutputsError(say("_build", "files-clash", paths=", ".join(sorted(clashes))))
    return files


def build_outputs(options: Options, session: Session | None = None, previous: Outputs | None = None) -> Outputs:
    """Check, link and render the entries of ``options.laws_dir``; see the module docstring."""
    session = session or Session(options.laws_dir, options.project_dir, options.docs_dir)
    result, changes = session.check()
    warnings = [p for p in result.problems if p.severity is Severity.WARNING]
    if result.playbook is None:
        raise _content_error(p for p in result.problems if p.severity is Severity.ERROR)
    playbook = result.playbook
    try:
        edition = editions.resolve(options.project_dir, version=options.version, date=options.date)
    except editions.EditionError as error:
        raise OutputsError(f"playbook: {error}") from None
    try:
        downloads = read_downloads(options.pdf_dir)
    except DownloadsError as error:
        raise OutputsError(f"playbook: {error}") from None
    # no entry reviewed or changed after the edition that publishes it (not checked while the work
    # tree has uncommitted changes: the edition is dated by the last commit, before today's edits)
    if edition.date is not None and not edition.uncommitted:
        warnings.extend(validate.dates_after(result.files, edition.date))
    living = Living(_history(options, previous), options.review, edition.date, options.repo_url)
    pages: dict[str, RenderedPage] | None = None
    export_cache: LineCache = {}
    try:
        # Only the pages the changed files reach, when the previous outputs come from the check just
        # before this one (changes are relative to it), with the same options and the same PDFs;
        # then the previous renderer (its templates compiled) is used again.
        books: list[BookSource] = []
        if (
            previous is not None
            and previous.options == options
            and previous.check_number == session.checks - 1
            and changes.same_files
            and downloads == previous.downloads
            and living == previous.living
        ):
            renderer = previous.renderer
            books = render_books(renderer, playbook, edition)
            # the hub links the books whose PDF is current: a book that became stale needs it again
            if book_links(books, downloads) == renderer.books:
                changed = changed_ids(changes)
                # no entry file changed (saved as it was): every page is what it was
                pages = render_changed(renderer, playbook, previous.pages, changed) if changed else dict(previous.pages)
                export_cache = {k: v for k, v in previous.export_cache.items() if k not in changed}
        if pages is None:
            renderer = Renderer(
                override_dirs=options.override_dirs,
                site=options.site,
                downloads=downloads,
                pages=PageSpec(directory_urls=options.site.directory_urls),
                living=living,
            )
            books = render_books(renderer, playbook, edition)
            renderer.books = book_links(books, downloads)
        incremental = pages is not None
        if pages is None:
            rendered = render_all(renderer, playbook)
            pages = {page.src_uri: page for page in rendered}
            if len(pages) != len(rendered):
                raise _content_error(output_collisions(playbook, rendered))
    except RenderError as exc:
        raise OutputsError(f"playbook: {exc}") from None
    search = previous.search if previous is not None else SearchIndexer()
    made = Made(options, playbook, pages, renderer, edition, living, export_cache, search, result.thesaurus or EMPTY)
    try:
        files = generated_files(made)
    except RenderError as exc:
        raise OutputsError(f"playbook: {exc}") from None
    printables = made.printables
    pdfs = {}
    # a book is rendered here only when its PDF exists (to tell whether it is still current)
    current = [(p.pdf, p.fingerprint) for p in printables] + [
        (b.pdf, b.fingerprint) for b in books if b.current_in(downloads)
    ]
    for pdf, print_fingerprint in current:
        # Read again, and published only if still the bytes the manifest records.
        data = downloads.content(pdf) if downloads.current(pdf, print_fingerprint) else None
        if data is not None:
            pdfs[f"{PDF_FOLDER}/{pdf}"] = data
    return Outputs(
        options,
        playbook,
        pages,
        files,
        pdfs,
        edition,
        warnings,
        downloads,
        renderer,
        export_cache,
        search,
        books=books,
        stale_pdfs=len(downloads.available) + downloads.mismatched - len(pdfs),
        diff=diff_pages(previous.pages, pages) if previous is not None else None,
        incremental=incremental,
        check_number=session.checks,
        living=living,
    )


def _history(options: Options, previous: Outputs | None) -> History:
    """The entries' git history: read again only when the checked-out commit changed."""
    if not options.history:
        return UNAVAILABLE
    head = current_head(options.project_dir)
    if head is None:
        return UNAVAILABLE
    if previous is not None and previous.options == options and previous.living.history.head == head:
        return previous.living.history
    return read_history(options.project_dir, options.laws_dir, head)
