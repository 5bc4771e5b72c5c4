"""What a change to the content does to the site: two revisions of ``laws/`` compared as data.

:func:`compare_revisions` loads the entries of two revisions through the core (the corpus reader,
the validator, the linked :class:`~playbook.core.model.Playbook`), renders every generated page of
each with the same code (:func:`~playbook.core.pages.render_all`: Markdown without the theme's
navigation, so a page differs only when what it shows differs) and returns a :class:`SiteDiff`:

- per entry (:class:`EntryChange`): added, removed, renamed (its ``former_ids`` redirect the old
  address) or modified, with what changed field by field (:mod:`.entries`), and the other pages
  that change because of it: a page is attributed to the changed entries it shows, as recorded
  in its ``depends_on`` when it was rendered (the same knowledge ``mkdocs serve`` uses to render
  again only what an edit reaches), on either side; when it shows several, to those whose change
  alone makes it differ (the base rendered again with that change only, by the functions of an
  incremental rebuild);
- the printed sheets whose PDF must be printed again: those whose fingerprint changed, the rule
  ``make pdf`` and the build use to stop publishing a PDF that no longer matches its page;
- the lines « Nouveautés » gains or loses (:func:`~playbook.core.pages.news.news_items`, with
  each revision's own git history);
- what a reviewer should look at (:class:`Notice`): a source shown as « auteur non indiqué »,
  an entry without review date, a large change without a ``changes:`` note, an address that will
  lead nowhere...

The revisions' files are read into a temporary folder (:mod:`.revisions`); the user's checkout
is never touched. Problems are raised as :class:`DiffError`, with a French message.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..history import UNAVAILABLE, History, current_head, read_history
from ..model import Entry, Playbook
from ..pages import Again, Reuse, render_all
from ..pages.news import MAX_ITEMS, NewsItem, news_items
from ..pages.redirects import redirect_files
from ..pipeline import check
from ..problems import Problem, Severity
from ..render.renderer import RenderedPage, Renderer
from ..render.urls import SiteInfo, served_file
from .entries import EntryDiff, compare_entries, new_change_notes
from .revisions import Revision, RevisionError, changed_files, materialize, repository_root, resolve

ADDED, REMOVED, RENAMED, MODIFIED = "added", "removed", "renamed", "modified"
_STATUS_RANK = {ADDED: 0, RENAMED: 1, MODIFIED: 2, REMOVED: 3}
#: Pages whose changes are reported otherwise: « Nouveautés » by its lines, the format reference
#: never shows an entry.
_NOT_LISTED_ROLES = frozenset({"news", "reference"})


class DiffError(Exception):
    """The comparison cannot be made. ``problems``: the validation problems of the side at fault;
    ``usage``: a wrong argument (no such revision, no repository) rather than wrong content."""

    def __init__(self, message: str, problems: Iterable[Problem] = (), *, usage: bool = False):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        self.usage = usage


@dataclass(frozen=True)
class Side:
    """One revision of the content, loaded, linked and rendered."""

    label: str  #: how the report names it: ``main (1a2b3c4d5e)``, « copie de travail »
    revision: Revision | None  #: ``None``: the working tree
    playbook: Playbook
    pages: Mapping[str, RenderedPage]
    redirects: frozenset[str]  #: files of the redirects from former ids
    news: tuple[NewsItem, ...]  #: every news item, newest first
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class PageChange:
    """A generated page that is new, gone or different."""

    uri: str  #: src_uri (``lois/loi-temkin-4.md``)
    title: str
    role: str  #: the page's role (``entry``, ``tag``, ``checklist``...)
    status: str  #: :data:`ADDED`, :data:`REMOVED` or :data:`MODIFIED`
    entry: Entry | None = None  #: for an entry's page: the entry shown (on the newest side)


@dataclass(frozen=True)
class Reprint:
    """A printed sheet (and its PDF) that is new, gone or different."""

    uri: str
    title: str
    role: str  #: ``checklist``, ``kit``, ``session-kit`` or ``entry-checklist``
    pdf: str  #: below the PDF folder
    status: str


@dataclass
class EntryChange:
    """One entry that changed, and what its change does to other pages."""

    status: str
    old: Entry | None
    new: Entry | None
    diff: EntryDiff
    pages: list[PageChange] = field(default_factory=list)  #: other pages that change because of it
    news: list[NewsItem] = field(default_factory=list)  #: lines « Nouveautés » gains for it
    #: for a removed or renamed entry: where its old address leads now (``None``: nowhere)
    redirected_to: Entry | None = None
    #: its own page differs because of its change (for a modified entry; see :attr:`visible`)
    own_page: bool = False

    @property
    def visible(self) -> bool:
        """A reader sees the change somewhere: a page of its own or of another entry, a line of
        « Nouveautés ». Not so when the site already showed the text that way (typography)."""
        return self.status != MODIFIED or self.own_page or bool(self.pages or self.news)

    @property
    def entry(self) -> Entry:
        entry = self.new or self.old
        assert entry is not None
        return entry

    @property
    def ids(self) -> set[str]:
        return {e.id for e in (self.old, self.new) if e is not None}


@dataclass(frozen=True)
class Notice:
    """Something a reviewer should check. ``code`` says what (the report words it)."""

    code: str
    entry: Entry | None = None
    other: Entry | None = None  #: a second entry it is about (the source, the removed entry)
    detail: tuple[str, ...] = ()


#: Notice codes, in the order the report lists them.
NOTICE_CODES = (
    "invalid-warnings",
    "no-author",
    "no-publication",
    "no-review-date",
    "major-without-note",
    "address-lost",
    "kind-changed",
    "maybe-renamed",
    "outside-content",
)


@dataclass
class SiteDiff:
    base: Side
    head: Side
    entries: list[EntryChange]
    other_pages: list[PageChange]  #: pages that changed with no changed entry among those they show
    reprints: list[Reprint]
    news_added: list[NewsItem]
    news_removed: list[NewsItem]
    notices: list[Notice]
    unchanged_files: list[str]  #: entry files that differ with nothing a reader would see
    outside_files: list[str]  #: files outside the entries' folder that differ
    folder: str = "laws"  #: the entries' folder, relative to the repository

    @property
    def empty(self) -> bool:
        return not (self.entries or self.other_pages or self.reprints or self.news_added or self.news_removed)

    def count(self, status: str) -> int:
        return sum(1 for change in self.entries if change.status == status)


def compare_revisions(folder: Path, base: str, head: str | None = None, *, site: SiteInfo | None = None) -> SiteDiff:
    """Compare the entries of ``folder`` at revision ``base`` with revision ``head`` (``None``: the
    working tree). ``site`` gives the pages' addresses (the preview's, for links in the report)."""
    try:
        anchor = folder if folder.is_dir() else (folder.parent if folder.parent.is_dir() else Path("."))
        repo = repository_root(anchor)
        try:
            relative = folder.resolve().relative_to(repo.resolve()).as_posix()
        except ValueError:
            raise DiffError(f"{folder.as_posix()} n'est pas dans le dépôt {repo.as_posix()}", usage=True) from None
        if relative in ("", "."):
            raise DiffError("donnez le dossier des entrées (laws), pas la racine du dépôt", usage=True)
        base_revision = resolve(repo, base)
        head_revision = resolve(repo, head) if head is not None else None
        renderer = Renderer(site=site or SiteInfo())
        with tempfile.TemporaryDirectory(prefix="playbook-diff-") as temporary:
            work = Path(temporary)
            old = _load(repo, relative, base_revision, work / "base", renderer)
            new = _load(repo, relative, head_revision, work / "head", renderer)
            files = changed_files(repo, base_revision, head_revision)
            return _compare(old, new, files, relative, renderer)
    except RevisionError as error:
        raise DiffError(str(error), usage=True) from None


def _load(repo: Path, relative: str, revision: Revision | None, where: Path, renderer: Renderer) -> Side:
    if revision is None:
        label = "copie de travail"
        root, project = repo / relative, repo
        if not root.is_dir():
            raise DiffError(f"{relative}/ n'existe pas dans la copie de travail", usage=True)
    else:
        label = f"{revision.name} ({revision.short})"
        root, project = where / relative, where
        if not materialize(repo, revision, relative, where):
            root.mkdir(parents=True)  # no entries yet at that revision: an empty playbook
    result = check(root, display_root=project)
    if result.playbook is None:
        errors = [p for p in result.problems if p.severity is Severity.ERROR]
        raise DiffError(
            f"le contenu de {label} n'est pas valide ({len(errors)} erreur{'s' if len(errors) > 1 else ''}) : "
            "corrigez-le d'abord (python -m playbook validate), puis comparez à nouveau",
            result.problems,
        )
    playbook = result.playbook
    history = _history(repo, relative, revision, project)
    pages = {page.src_uri: page for page in render_all(renderer, playbook, reference=False)}
    redirects = frozenset(redirect_files(renderer, playbook))
    news = tuple(news_items(playbook, history, limit=sys.maxsize))
    warnings = tuple(p for p in result.problems if p.severity is Severity.WARNING)
    return Side(label, revision, playbook, pages, redirects, news, warnings)


def _history(repo: Path, relative: str, revision: Revision | None, project: Path) -> History:
    """The entries' history at ``revision`` (the working tree: at the commit checked out), with
    paths relative to ``project``, where this side's entries are."""
    head = revision.sha if revision is not None else current_head(repo)
    if head is None:
        return UNAVAILABLE
    history = read_history(repo, repo / relative, head)
    return dataclasses.replace(history, project_dir=project) if history.available else history


# --- the comparison ---------------------------------------------------------------------------


def _compare(old: Side, new: Side, files: list[str], folder: str, renderer: Renderer) -> SiteDiff:
    changes = _entry_changes(old.playbook, new.playbook)
    by_id: dict[str, EntryChange] = {}
    for change in changes:
        for entry_id in change.ids:
            by_id[entry_id] = change
    other_pages = _attribute_pages(old, new, by_id, renderer)
    news_added, news_removed = _news(old, new, changes)
    reprints = _reprints(old, new)
    for change in changes:
        change.redirected_to = _redirect_of(change, old, new, renderer.site.directory_urls)
    prefix = folder + "/"
    shown_files = {e.display for c in changes for e in (c.old, c.new) if e is not None}
    unchanged = [f for f in files if f.startswith(prefix) and f not in shown_files]
    outside = [f for f in files if not f.startswith(prefix)]
    diff = SiteDiff(old, new, changes, other_pages, reprints, news_added, news_removed, [], unchanged, outside, folder)
    diff.notices = _notices(diff)
    return diff


def _entry_changes(old: Playbook, new: Playbook) -> list[EntryChange]:
    """Entries added, removed, renamed (a new id whose ``former_ids`` hold a removed one) and modified."""
    gone = {i for i in old.entries if i not in new.entries}
    renamed: dict[str, str] = {}  # old id → new id
    for entry in new.entries.values():
        if entry.id in old.entries:
            continue
        candidates = [i for i in entry.former_ids if i in gone and i not in renamed]
        # the removed id of the same kind first: a merge of two entries keeps the other as a redirect
        candidates.sort(key=lambda i: old.entries[i].kind != entry.kind)
        if candidates:
            renamed[candidates[0]] = entry.id
    previous = {new_id: old_id for old_id, new_id in renamed.items()}
    changes: list[EntryChange] = []
    for entry in new.entries.values():
        before = old.entries.get(entry.id) or old.entries.get(previous.get(entry.id, ""))
        if before is None:
            changes.append(EntryChange(ADDED, None, entry, compare_entries(None, entry)))
            continue
        diff = compare_entries(before, entry, renamed)
        if before.id != entry.id:
            changes.append(EntryChange(RENAMED, before, entry, diff))
        elif diff:
            changes.append(EntryChange(MODIFIED, before, entry, diff))
    changes.extend(
        EntryChange(REMOVED, old.entries[i], None, compare_entries(old.entries[i], None, renamed))
        for i in sorted(gone - renamed.keys())
    )
    order = {e.id: n for n, e in enumerate([*new.entries.values(), *old.entries.values()])}
    changes.sort(key=lambda c: (_STATUS_RANK[c.status], order[c.entry.id]))
    return changes


#: Beyond this many changed entries to weigh against each other, a page that shows several of them
#: is given to all of them (weighing renders the base again once per entry: a mass edit of a large
#: playbook would take minutes).
ALONE_LIMIT = 50


@dataclass
class _Changed:
    """A page that differs, before it is given to the entries that change it."""

    page: PageChange
    before: RenderedPage | None
    candidates: list[EntryChange]  #: the changed entries it shows
    owner: EntryChange | None  #: when it is the page of a changed entry


def _attribute_pages(old: Side, new: Side, by_id: Mapping[str, EntryChange], renderer: Renderer) -> list[PageChange]:
    """Each page that differs, given to the changed entries it shows (its ``depends_on``, on either
    side, and the entry it belongs to); the pages of no changed entry are returned.

    A page that shows several changed entries, or that is the page of a changed entry, is given to
    those whose change alone makes it differ (:func:`_alone`: the base with only that entry
    changed, the page rendered again); to all of them when none does alone (or beyond
    :data:`ALONE_LIMIT` entries to weigh)."""
    changed: list[_Changed] = []
    for uri in sorted(old.pages.keys() | new.pages.keys(), key=lambda u: _page_order(old, new, u)):
        before, after = old.pages.get(uri), new.pages.get(uri)
        page = after or before
        assert page is not None
        if page.role in _NOT_LISTED_ROLES:
            continue
        if before is not None and after is not None:
            if (before.markdown, before.title) == (after.markdown, after.title):
                continue
            status = MODIFIED
        else:
            status = ADDED if after is not None else REMOVED
        owner = by_id.get(page.entry_id or "") if page.role == "entry" else None
        if owner is not None and (before is None or after is None):
            owner.own_page = True  # its page moved (another kind) or came or went: described with it
            continue
        entry = None
        if page.role == "entry" and page.entry_id is not None:
            entry = new.playbook.entries.get(page.entry_id) or old.playbook.entries.get(page.entry_id)
        shown = {*(before.depends_on if before else ()), *(after.depends_on if after else ()), page.entry_id}
        candidates = list({id(by_id[i]): by_id[i] for i in sorted(i for i in shown if i and i in by_id)}.values())
        changed.append(_Changed(PageChange(uri, page.title, page.role, status, entry), before, candidates, owner))

    weighed = [c for c in changed if c.before is not None and (c.owner is not None or len(c.candidates) > 1)]
    weighed_ids = {id(c) for c in weighed}
    to_weigh: dict[int, tuple[EntryChange, list[RenderedPage]]] = {}
    for item in weighed:
        assert item.before is not None
        for change in item.candidates:
            to_weigh.setdefault(id(change), (change, []))[1].append(item.before)
    verdicts: dict[tuple[int, str], bool] = {}
    if len(to_weigh) <= ALONE_LIMIT:
        for key, (change, pages) in to_weigh.items():
            for uri, differs in _alone(old, renderer, change, pages).items():
                verdicts[(key, uri)] = differs

    unattributed: list[PageChange] = []
    for item in changed:
        causes = item.candidates
        if id(item) in weighed_ids:
            alone = [c for c in causes if verdicts.get((id(c), item.page.uri), True)]
            if item.owner is not None:
                # the entry's own page, described field by field; but another change may reach it
                # too (a backlink gained or lost): given to that change
                item.owner.own_page = item.owner in alone
                causes = [c for c in alone if c is not item.owner]
                if not causes:
                    continue
            else:
                causes = alone or causes
        for cause in causes:
            cause.pages.append(item.page)
        if not causes:
            unattributed.append(item.page)
    return unattributed


def _alone(base: Side, renderer: Renderer, change: EntryChange, pages: list[RenderedPage]) -> dict[str, bool]:
    """For each page of the base, whether it differs once only ``change`` is made: the base's
    entries with that one changed (added, removed, renamed), the page rendered again by the
    functions of an incremental rebuild (:class:`~playbook.core.pages.Again`: each page type
    as the registry declares it; sheets, kits and views reuse those the change leaves alone)."""
    kept = [e for e in base.playbook.entries.values() if e.id not in change.ids]
    try:
        playbook = Playbook([*kept, *([change.new] if change.new is not None else [])])
    except KeyError:  # that change alone is not a playbook (it names an entry added with it)
        return {page.src_uri: True for page in pages}
    again = Again(renderer, playbook, Reuse(base.pages, frozenset(change.ids)))
    verdicts = {}
    for page in pages:
        try:
            after = again(page)
        except KeyError:  # a reference the change alone leaves dangling
            verdicts[page.src_uri] = True
            continue
        verdicts[page.src_uri] = after is None or (after.markdown, after.title) != (page.markdown, page.title)
    return verdicts


#: The order the diff report lists pages in: entries' pages, then sheets and kits, tags, indexes,
#: views (the report's presentation, not the page types' order: a role not named here comes last).
_ROLE_ORDER = (
    "entry",
    "session-kit",
    "session-support",
    "checklist",
    "kit",
    "cards",
    "diagnostic",
    "tag",
    "kind-index",
    "tags-index",
    "printables-index",
    "diagnostic-index",
    "session-builder",
    "view",
)


def _page_order(old: Side, new: Side, uri: str) -> tuple[int, str, str]:
    page = new.pages.get(uri) or old.pages[uri]
    rank = _ROLE_ORDER.index(page.role) if page.role in _ROLE_ORDER else len(_ROLE_ORDER)
    return rank, page.title.casefold(), uri


def _reprints(old: Side, new: Side) -> list[Reprint]:
    """Printed sheets whose PDF no longer matches: new, gone, or with another fingerprint."""

    def printables(side: Side) -> dict[str, RenderedPage]:
        return {uri: page for uri, page in side.pages.items() if page.printable is not None}

    before, after = printables(old), printables(new)
    found = []
    for uri in sorted(before.keys() | after.keys()):
        page = after.get(uri) or before[uri]
        printable = page.printable
        assert printable is not None
        if uri in before and uri in after:
            old_print = before[uri].printable
            assert old_print is not None
            if old_print.fingerprint == printable.fingerprint:
                continue
            status = MODIFIED
        else:
            status = ADDED if uri in after else REMOVED
        found.append(Reprint(uri, printable.title, printable.role, printable.pdf, status))
    return found


def _news(old: Side, new: Side, changes: list[EntryChange]) -> tuple[list[NewsItem], list[NewsItem]]:
    """Lines « Nouveautés » shows that it did not (among the newest it shows), and lines it no longer
    has at all (a line only pushed out by newer ones is not « removed »)."""
    renamed = {c.old.id: c.new.id for c in changes if c.status == RENAMED and c.old and c.new}

    def key(item: NewsItem, ids: Mapping[str, str]) -> tuple[str, str, str, str]:
        return (ids.get(item.entry.id, item.entry.id), item.what, item.date.isoformat(), item.note)

    old_keys = {key(i, renamed) for i in old.news}
    new_keys = {key(i, {}) for i in new.news}
    added = [i for i in new.news[:MAX_ITEMS] if key(i, {}) not in old_keys]
    removed = [i for i in old.news[:MAX_ITEMS] if key(i, renamed) not in new_keys]
    by_id = {entry_id: c for c in changes for entry_id in c.ids}
    for item in added:
        if item.entry.id in by_id:
            by_id[item.entry.id].news.append(item)
    return added, removed


def _redirect_of(change: EntryChange, old: Side, new: Side, directory_urls: bool) -> Entry | None:
    """Where the old address of a removed or renamed entry leads once the change is in: the entry
    whose ``former_ids`` took it over, if a redirect is generated at that address."""
    if change.status not in (REMOVED, RENAMED) or change.old is None:
        return None
    successor = new.playbook.former.get(change.old.id)
    old_page = next((p for p in old.pages.values() if p.role == "entry" and p.entry_id == change.old.id), None)
    if successor is None or old_page is None:
        return None
    return successor if served_file(old_page.src_uri, directory_urls) in new.redirects else None


# --- what to check ----------------------------------------------------------------------------


def _notices(diff: SiteDiff) -> list[Notice]:
    notices: list[Notice] = []
    head = diff.head.playbook
    if diff.head.warnings:
        notices.append(Notice("invalid-warnings", detail=tuple(p.format() for p in diff.head.warnings)))
    touched = [c for c in diff.entries if c.new is not None]
    sources: dict[str, list[Entry]] = {}
    for change in touched:
        entry = change.new
        assert entry is not None
        cited = [entry.id] if entry.kind.name == "source" else entry.sources
        for source_id in cited:
            if source_id in head.entries:
                sources.setdefault(source_id, []).append(entry)
    for source_id, entries in sources.items():
        source = head.entries[source_id]
        citing = tuple(e.id for e in entries if e.id != source_id)
        if source.citation is None or not source.citation.author:
            notices.append(Notice("no-author", source, detail=citing))
        if source.citation is None or not source.citation.publication:
            notices.append(Notice("no-publication", source, detail=citing))
    for change in touched:
        entry = change.new
        assert entry is not None
        if entry.reviewed is None:
            notices.append(Notice("no-review-date", entry))
    for change in touched:
        if change.diff.major and change.visible and not new_change_notes(change.old, change.new):
            notices.append(Notice("major-without-note", change.new, detail=change.diff.major))
    for change in diff.entries:
        if change.status == REMOVED and change.redirected_to is None:
            notices.append(Notice("address-lost", change.old, change.new))
        if (
            change.status in (MODIFIED, RENAMED)
            and change.old is not None
            and change.new is not None
            and change.old.kind != change.new.kind
        ):
            notices.append(Notice("kind-changed", change.new, change.old))
    removed = [c.old for c in diff.entries if c.status == REMOVED and c.old is not None]
    for change in diff.entries:
        if change.status != ADDED or change.new is None:
            continue
        for gone in removed:
            if gone.kind == change.new.kind and (gone.title == change.new.title or gone.body == change.new.body):
                notices.append(Notice("maybe-renamed", change.new, gone))
    if diff.outside_files:
        notices.append(Notice("outside-content", detail=tuple(diff.outside_files)))
    order = {code: n for n, code in enumerate(NOTICE_CODES)}
    return sorted(notices, key=lambda n: order[n.code])
