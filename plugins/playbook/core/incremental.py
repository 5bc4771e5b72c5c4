"""Re-checking a playbook after an edit, and finding exactly which generated pages changed.

- :class:`Session` keeps the loaded files of a ``laws/`` folder between checks and parses again
  only the files whose bytes changed (``mkdocs serve`` re-runs the core after every edit).
- :func:`render_changed` renders again only the pages an edit can reach, as each page type
  declares it in :mod:`playbook.core.pages.registry`: those that showed one of the edited entries
  (each page records the entries it links to, ``depends_on``), those that will show it (its own
  page, its kind's index, its tags, the entries whose pages show it:
  :meth:`~playbook.core.model.Playbook.shown_by`), and the pages made from whole collections.
  ``tests/unit/test_incremental_core.py`` checks on random edits that this gives exactly what
  rendering every page again gives; ``tests/unit/test_page_registry.py``, that a page type
  registered in the test alone is followed too.
- :func:`diff_pages` compares two renders: the pages whose Markdown or title differ are the
  ones to rebuild (the edited entry, the entries that show it in their links or backlinks, the
  kind, collection and tag pages that list it), whatever the reason.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus
from .cache import RACY_NS
from .corpus import Signature
from .loader import LoadedFile, load_bytes, unreadable
from .model import Playbook
from .pages import Reuse, reached, render_again
from .pipeline import Result, check_files, not_entries, read_thesaurus, thesaurus_bytes
from .problems import Problem
from .render.renderer import RenderedPage, Renderer
from .thesaurus import Thesaurus


@dataclass(frozen=True)
class FileChanges:
    """Entry files (relative paths) that changed since the previous :meth:`Session.check`."""

    modified: frozenset[str] = frozenset()
    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()

    @property
    def any(self) -> bool:
        return bool(self.modified or self.added or self.removed)

    @property
    def same_files(self) -> bool:
        """No entry file was added, removed or renamed."""
        return not (self.added or self.removed)


class Session:
    """The entries of one folder across several checks; unchanged files are not parsed again.

    A file is read again when its ``stat`` signature (size, times, inode) changed, or when it was
    modified less than :data:`~.cache.RACY_NS` before the previous check (an edit in the same
    clock tick would not show); then it is parsed again only if its bytes changed."""

    def __init__(self, root: Path, display_root: Path | None = None, docs_dir: Path | None = None):
        self.root = root
        self.docs_dir = docs_dir  #: where the entries' images must be (``None``: not checked)
        self._display_root = display_root
        self._prefix = corpus.display_prefix(root, display_root)
        #: rel → (stat signature, content digest, loaded file)
        self._files: dict[str, tuple[Signature | None, bytes, LoadedFile]] = {}
        self._checked_ns = 0  #: when the previous check started
        #: The thesaurus's signature and bytes at the previous check, and what was read from them.
        self._thesaurus: tuple[Signature | None, bytes | None, tuple[Thesaurus, list[Problem]]] | None = None
        #: How many checks ran; the changes a check reports are relative to the one before.
        self.checks = 0
        #: The last playbook linked: its entries are reused where their file was not parsed again.
        self._playbook: Playbook | None = None

    def check(self, *, link_entries: bool = True) -> tuple[Result, FileChanges]:
        previous = self._files
        current: dict[str, tuple[Signature | None, bytes, LoadedFile]] = {}
        modified: set[str] = set()
        racy_from = self._checked_ns - RACY_NS
        self._checked_ns = time.time_ns()

        def unchanged(rel: str, sig: Signature) -> bool:
            known = previous.get(rel)
            return known is not None and known[0] == sig and max(sig[1], sig[2]) < racy_from

        found = corpus.read(self.root, self._prefix, unchanged)
        for item in found.items:
            path = self.root / item.rel
            known = previous.get(item.rel)
            if item.error is not None:
                current[item.rel] = (None, b"", unreadable(path, item.display, item.error))
                modified.add(item.rel)
                continue
            if item.raw is None:  # unchanged since the previous check
                assert known is not None
                current[item.rel] = known
                continue
            digest = hashlib.sha256(item.raw).digest()
            if known is not None and known[1] == digest:
                current[item.rel] = (item.signature, digest, known[2])
                continue
            current[item.rel] = (item.signature, digest, load_bytes(item.raw, path, item.display, corpus.size(item)))
            if known is not None:
                modified.add(item.rel)
        changes = FileChanges(
            frozenset(modified),
            frozenset(current.keys() - previous.keys()),
            frozenset(previous.keys() - current.keys()),
        )
        self._files = current
        self.checks += 1
        files = [loaded for _, _, loaded in current.values()] + not_entries(self.root, found.problems)
        thesaurus, problems = self._read_thesaurus(racy_from)
        result = check_files(
            files,
            link_entries=link_entries,
            docs_dir=self.docs_dir,
            thesaurus=thesaurus,
            thesaurus_problems=problems,
            kept=self._playbook,
        )
        self._playbook = result.playbook if result.playbook is not None else self._playbook
        return result, changes

    def _read_thesaurus(self, racy_from: int) -> tuple[Thesaurus, list[Problem]]:
        """The thesaurus beside the folder, read again only when its ``stat`` signature changed
        (or it was modified in the racy window), checked again only when its bytes changed."""
        path = corpus.thesaurus_path(self.root)
        try:
            sig: Signature | None = corpus.signature(os.lstat(path))
        except OSError:
            sig = None
        known = self._thesaurus
        if known is not None and known[0] == sig and (sig is None or max(sig[1], sig[2]) < racy_from):
            return known[2]
        raw = thesaurus_bytes(self.root)
        if known is None or known[1] != raw:
            self._thesaurus = (sig, raw, read_thesaurus(self.root, self._display_root))
        else:
            self._thesaurus = (sig, raw, known[2])
        return self._thesaurus[2]


def changed_ids(changes: FileChanges) -> set[str]:
    """Ids of the entries in modified files (an entry's id is its file name: checked by validation)."""
    ids = set()
    for rel in changes.modified:
        name = rel.rsplit("/", 1)[-1]
        ids.add(name.rsplit(".", 1)[0])
    return ids


def render_changed(
    renderer: Renderer, playbook: Playbook, old: Mapping[str, RenderedPage], changed: set[str]
) -> dict[str, RenderedPage] | None:
    """The pages of ``playbook``: those an edit of ``changed`` entries can reach rendered again, the
    others taken from ``old``. ``None`` when a page would appear or disappear (a full render is due)."""
    uris = reached(old, playbook, renderer.pages, changed)
    if not uris <= old.keys():
        return None  # a page that will show an edited entry is new (a new tag)
    again, appeared = render_again(renderer, playbook, (old[uri] for uri in uris), Reuse(old, changed))
    if appeared:
        return None  # a new sheet or kit
    pages = dict(old)
    for uri, page in again.items():
        if page is None:
            return None
        pages[uri] = page
    return pages


@dataclass(frozen=True)
class PageDiff:
    """How a new render differs from the previous one (by ``src_uri``)."""

    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    retitled: tuple[str, ...] = field(default=())  #: changed pages whose title changed too

    @property
    def same_pages(self) -> bool:
        return not (self.added or self.removed)


def diff_pages(old: Mapping[str, RenderedPage], new: Mapping[str, RenderedPage]) -> PageDiff:
    """Pages to rebuild: every page whose Markdown, title or source file differs."""
    changed, retitled = [], []
    for uri, page in new.items():
        before = old.get(uri)
        if before is None:
            continue
        if before.markdown != page.markdown or before.title != page.title or before.source_file != page.source_file:
            changed.append(uri)
            if before.title != page.title:
                retitled.append(uri)
    added = tuple(sorted(new.keys() - old.keys()))
    removed = tuple(sorted(old.keys() - new.keys()))
    return PageDiff(tuple(sorted(changed)), added, removed, tuple(sorted(retitled)))
