"""Checking a ``laws/`` folder: its entry files in, a linked playbook and its problems out."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import spec
from .problems import Problem, has_errors, sort_problems

if TYPE_CHECKING:  # imported when needed: a cached ``validate`` loads neither YAML nor the validator
    from .loader import LoadedFile
    from .model import Playbook

ENTRY_SUFFIXES = (".yaml", ".yml")


@dataclass
class Result:
    """What :func:`check` found. ``playbook`` is ``None`` when there are errors (or when linking
    was not asked for); ``counts`` is the number of valid entries of each kind."""

    playbook: Playbook | None
    problems: list[Problem]
    files: list[LoadedFile]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def find_entry_files(root: Path) -> list[Path]:
    """Every entry file under ``root``, in a stable order; hidden folders and files are skipped."""
    return [root / rel for rel in entry_rel_paths(root)]


def entry_rel_paths(root: Path) -> list[str]:
    """Relative POSIX paths of the entry files under ``root``, sorted (``os.scandir``: no stat per
    file on the usual file systems, no pathlib objects)."""
    found: list[str] = []
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for item in entries:
            name = item.name
            if name.startswith("."):
                continue
            if item.is_dir():
                pending.append((item.path, prefix + name + "/"))
            elif name.endswith(ENTRY_SUFFIXES) and item.is_file():
                found.append(prefix + name)
    found.sort()
    return found


def read_all(path: str, size: int | None = None) -> bytes:
    """The whole file, with the fewest system calls (no buffered file object). ``size`` is the
    size ``stat`` gave (``fstat`` is asked otherwise): one read of one byte more than that is
    usually all, into a buffer of the right size (a large fixed buffer costs more than the read)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        want = (os.fstat(fd).st_size if size is None else size) + 1
        chunks = [os.read(fd, want)]
        while len(chunks[-1]) == want:  # the file grew; a short read on a regular file means its end
            want = 1 << 16
            chunks.append(os.read(fd, want))
        return b"".join(chunks) if len(chunks) > 1 else chunks[0]
    finally:
        os.close(fd)


def load_directory(root: Path, display_root: Path | None = None) -> list[LoadedFile]:
    from .loader import display_path, load_file

    base = display_root if display_root is not None else root.parent
    shown = display_path(root, base)
    prefix = "" if shown in ("", ".") else shown + "/"
    return [load_file(root / rel, prefix + rel) for rel in entry_rel_paths(root)]


@dataclass
class Validation:
    """The outcome of :func:`validate_directory`: problems and counts, no linked playbook."""

    problems: list[Problem]
    file_count: int
    counts: dict[str, int]
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def validate_directory(root: Path, display_root: Path | None = None, *, cache_dir: Path | None = None) -> Validation:
    """Validate every entry under ``root``; with ``cache_dir``, answer from the cache when no file
    changed (see :mod:`playbook.core.cache`), and store the outcome there otherwise."""
    with _collector_paused():
        return _validate_directory(root, display_root, cache_dir)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a whole corpus is read and checked.

    Every file's data is kept to the end and holds no reference cycles, so each collection would
    only walk it again (a measurable share of a cold ``validate`` of a large corpus); once it is released, it
    is freed by reference counting as usual. The collector is switched back on afterwards,
    whatever happens."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _validate_directory(root: Path, display_root: Path | None, cache_dir: Path | None) -> Validation:
    from . import cache

    base = display_root if display_root is not None else root.parent
    try:
        shown = root.relative_to(base).as_posix()
    except ValueError:
        shown = Path(os.path.relpath(root)).as_posix()
    prefix = "" if shown in ("", ".") else shown + "/"
    rels = entry_rel_paths(root)
    previous = cache.load(cache_dir) if cache_dir is not None else None
    started_ns = time.time_ns()
    top = str(root) + os.sep
    raws: dict[str, bytes] = {}
    errors: dict[str, OSError] = {}
    manifest: dict[str, tuple[cache.Signature, str]] = {}
    digests: list[tuple[str, str]] = []
    for rel in rels:
        try:
            sig = cache.signature(os.stat(top + rel))
            digest = previous.known_digest(rel, sig) if previous is not None else None
            if digest is None:
                raws[rel] = raw = read_all(top + rel, sig[0])
                digest = cache.content_digest(raw)
            manifest[rel] = (sig, digest)
        except OSError as exc:
            errors[rel] = exc
            digest = f"unreadable: {exc}"
        digests.append((rel, digest))
    key = cache.corpus_key(digests, prefix)
    if previous is not None and previous.key == key:
        hit = previous.outcome
        return Validation(hit.problems, hit.file_count, hit.counts, from_cache=True)

    from .loader import load_bytes, unreadable

    files = []
    for rel in rels:
        if rel not in raws and rel not in errors:
            try:
                raws[rel] = read_all(top + rel)
            except OSError as exc:
                errors[rel] = exc
        path = root / rel
        files.append(unreadable(path, prefix + rel, errors[rel]) if rel in errors
                     else load_bytes(raws.pop(rel), path, prefix + rel))  # the bytes are not kept
    result = check_files(files, link_entries=False)
    outcome = Validation(result.problems, len(files), result.counts)
    if cache_dir is not None:
        stored = cache.Stored(key, cache.CachedOutcome(outcome.problems, outcome.file_count, outcome.counts),
                              manifest, started_ns)
        cache.store(cache_dir, root, stored)
    return outcome


def check(root: Path, display_root: Path | None = None, *, link_entries: bool = True) -> Result:
    """Load, validate and (unless ``link_entries`` is false) link every entry under ``root``."""
    files = load_directory(root, display_root)
    return check_files(files, link_entries=link_entries)


def check_files(files: list[LoadedFile], *, link_entries: bool = True) -> Result:
    from .model import link
    from .validate import validate_files

    problems = sort_problems(validate_files(files))
    if has_errors(problems):
        return Result(None, problems, files)
    counts: dict[str, int] = {}
    for kind in (f.data["kind"] for f in files if f.data is not None):
        counts[kind] = counts.get(kind, 0) + 1
    counts = {k.name: counts[k.name] for k in spec.KINDS if k.name in counts}
    if not link_entries:
        return Result(None, problems, files, counts)
    items = [(f.data, f.path, f.display) for f in files if f.data is not None]
    return Result(link(items), problems, files, counts)
