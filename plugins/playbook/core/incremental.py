"""Re-checking a playbook after an edit, and finding exactly which generated pages changed.

- :class:`Session` keeps the loaded files of a ``laws/`` folder between checks and parses again
  only the files whose bytes changed (``mkdocs serve`` re-runs the core after every edit).
- :func:`diff_pages` compares two renders of the whole playbook: the pages whose Markdown or
  title differ are the ones to rebuild (the edited entry, the entries that show it in their
  links or backlinks, the kind, collection and tag pages that list it), whatever the reason.

Rendering every page again is cheap next to converting Markdown to HTML, and comparing the
results is exact where a dependency graph could miss a case.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .loader import LoadedFile, display_path, load_read_bytes, unreadable
from .pipeline import Result, _entry_rel_paths, _read_all, check_files
from .render import RenderedPage


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
    """The entries of one folder across several checks; unchanged files are not parsed again."""

    def __init__(self, root: Path, display_root: Path | None = None):
        self.root = root
        base = display_root if display_root is not None else root.parent
        shown = display_path(root, base)
        self._prefix = "" if shown in ("", ".") else shown + "/"
        self._files: dict[str, tuple[bytes, LoadedFile]] = {}  #: rel → (content digest, loaded file)

    def check(self, *, link_entries: bool = True) -> tuple[Result, FileChanges]:
        previous = self._files
        current: dict[str, tuple[bytes, LoadedFile]] = {}
        modified: set[str] = set()
        top = str(self.root) + os.sep
        for rel in _entry_rel_paths(self.root):
            path = self.root / rel
            try:
                raw = _read_all(top + rel)
            except OSError as exc:
                current[rel] = (b"", unreadable(path, self._prefix + rel, exc))
                modified.add(rel)
                continue
            digest = hashlib.sha256(raw).digest()
            known = previous.get(rel)
            if known is not None and known[0] == digest:
                current[rel] = known
                continue
            current[rel] = (digest, load_read_bytes(raw, path, self._prefix + rel))
            if known is not None:
                modified.add(rel)
        changes = FileChanges(frozenset(modified), frozenset(current.keys() - previous.keys()),
                              frozenset(previous.keys() - current.keys()))
        self._files = current
        result = check_files([loaded for _, loaded in current.values()], link_entries=link_entries)
        return result, changes


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
