"""The core's entry point: a ``laws/`` folder in, a linked playbook and its problems out.

The search's thesaurus (``thesaurus.yaml`` beside ``laws/``, :mod:`.thesaurus`) is checked with
the entries: its problems are the playbook's problems, and the linked playbook carries it."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import corpus, spec
from .problems import Problem, has_errors, sort_problems

if TYPE_CHECKING:  # imported when needed: a cached ``validate`` loads neither YAML nor the validator
    from .loader import LoadedFile
    from .model import Playbook
    from .thesaurus import Thesaurus


@dataclass
class Result:
    """What :func:`check` found. ``playbook`` is ``None`` when there are errors (or when linking
    was not asked for); ``counts`` is the number of valid entries of each kind."""

    playbook: Playbook | None
    problems: list[Problem]
    files: list[LoadedFile]
    counts: dict[str, int] = field(default_factory=dict)
    thesaurus: Thesaurus | None = None  #: the search's thesaurus (empty without a file); ``None`` on errors

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def find_entry_files(root: Path) -> list[Path]:
    """Every entry file under ``root``, in a stable order (see :mod:`playbook.core.corpus`)."""
    return [root / rel for rel in corpus.entry_files(root)[0]]


def load_directory(root: Path, display_root: Path | None = None) -> list[LoadedFile]:
    """Every file under ``root`` loaded: the entries, and each other file as a file with its problem."""
    from .loader import load_bytes, unreadable

    found = corpus.read(root, corpus.display_prefix(root, display_root))
    files = [
        unreadable(root / item.rel, item.display, item.error)
        if item.error is not None
        else load_bytes(item.raw or b"", root / item.rel, item.display, corpus.size(item))
        for item in found.items
    ]
    return files + not_entries(root, found.problems)


def not_entries(root: Path, problems: list[Problem]) -> list[LoadedFile]:
    """The files under ``root`` that are not entries, each carrying its problem (no data)."""
    from .loader import LoadedFile

    return [LoadedFile(Path(problem.path), problem.path, None, [problem]) for problem in problems]


@dataclass
class Validation:
    """The outcome of :func:`validate_directory`: problems and counts, no linked playbook."""

    problems: list[Problem]
    file_count: int
    counts: dict[str, int]
    from_cache: bool = False
    cache_refused: str | None = None  #: why the cache folder was not used (a French sentence)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def validate_directory(
    root: Path, display_root: Path | None = None, *, cache_dir: Path | None = None, docs_dir: Path | None = None
) -> Validation:
    """Validate every entry under ``root``; with ``cache_dir``, answer from the cache when no file
    changed (see :mod:`playbook.core.cache`), and store the outcome there otherwise; with
    ``docs_dir``, the images of the entries must be files there (the cache key then holds that
    folder's listing)."""
    with _collector_paused():
        return _validate_directory(root, display_root, cache_dir, docs_dir)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a whole corpus is read and checked.

    Every file's data is kept to the end and holds no reference cycles, so each collection would
    only walk it again (5–10 % of a cold ``validate`` of 10,000 entries); once it is released, it
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


def _validate_directory(
    root: Path, display_root: Path | None, cache_dir: Path | None, docs_dir: Path | None
) -> Validation:
    from . import cache

    prefix = corpus.display_prefix(root, display_root)
    refused = cache.refusal(cache_dir) if cache_dir is not None else None
    if refused is not None:
        cache_dir = None  # a folder that came with the repository or leads elsewhere: never used
    salt = cache.machine_salt() if cache_dir is not None else None
    if salt is None:
        cache_dir = None  # no secret of this machine: a cache could not be told from a forged one
    previous = cache.load(cache_dir) if cache_dir is not None else None
    started_ns = time.time_ns()
    digests: dict[str, str] = {}

    def known(rel: str, sig: corpus.Signature) -> bool:
        digest = previous.known_digest(rel, sig) if previous is not None else None
        if digest is not None:
            digests[rel] = digest
        return digest is not None

    found = corpus.read(root, prefix, known)
    thesaurus_raw = thesaurus_bytes(root)
    manifest: dict[str, tuple[corpus.Signature, str]] = {}
    keyed: list[tuple[str, str]] = []
    for item in found.items:
        if item.error is not None:
            digest = f"unreadable: {item.error}"
        else:
            if item.raw is not None:
                digests[item.rel] = cache.content_digest(item.raw)
            digest = digests[item.rel]
            assert item.signature is not None
            manifest[item.rel] = (item.signature, digest)
        keyed.append((item.rel, digest))
    keyed.extend(("\0" + p.path, f"{p.code}: {p.message}") for p in found.problems)  # files that are not entries
    if docs_dir is not None:  # the images an entry may show: a file added or removed there counts
        keyed.append(("\0docs", cache.listing_digest(docs_dir)))
    keyed.append(("\0thesaurus", cache.content_digest(thesaurus_raw) if thesaurus_raw is not None else "none"))
    key = cache.corpus_key(keyed, prefix, salt or "")
    if previous is not None and previous.key == key:
        hit = previous.outcome
        previous.remember_texts()
        return Validation(hit.problems, hit.file_count, hit.counts, from_cache=True)

    from .loader import load_bytes, unreadable

    files = []
    for item in found.items:
        path = root / item.rel
        if item.error is None and item.raw is None:  # known to the cache, but the outcome is not
            try:
                item.raw = corpus.read_bytes(str(path))
            except OSError as exc:
                item.error = exc
        files.append(
            unreadable(path, item.display, item.error)
            if item.error is not None
            else load_bytes(item.raw or b"", path, item.display, corpus.size(item))
        )
        item.raw = None  # the bytes are not kept
    files += not_entries(root, found.problems)
    result = check_files(
        files, link_entries=False, docs_dir=docs_dir, thesaurus_problems=read_thesaurus(root, display_root)[1]
    )
    outcome = Validation(result.problems, len(found.items), result.counts, cache_refused=refused)
    if cache_dir is not None:
        stored = cache.Stored(
            key, cache.CachedOutcome(outcome.problems, outcome.file_count, outcome.counts), manifest, started_ns
        )
        cache.store(cache_dir, root, stored)
    return outcome


def check(root: Path, display_root: Path | None = None, *, link_entries: bool = True) -> Result:
    """Load, validate and (unless ``link_entries`` is false) link every entry under ``root``, and
    check the thesaurus beside it."""
    files = load_directory(root, display_root)
    thesaurus, problems = read_thesaurus(root, display_root)
    return check_files(files, link_entries=link_entries, thesaurus=thesaurus, thesaurus_problems=problems)


def read_thesaurus(root: Path, display_root: Path | None = None) -> tuple[Thesaurus, list[Problem]]:
    """The thesaurus of the entries under ``root`` (see :func:`.thesaurus.path_for`) and its problems."""
    from . import thesaurus

    display = thesaurus.display_for(corpus.display_prefix(root, display_root))
    return thesaurus.read(thesaurus.path_for(root), display)


def thesaurus_bytes(root: Path) -> bytes | None:
    """The thesaurus file's bytes, for the validation cache's key (``None``: no file or unreadable;
    what is wrong is said when it is checked)."""
    try:
        return corpus.read_bytes(str(corpus.thesaurus_path(root)))
    except OSError:
        return None


def check_files(
    files: list[LoadedFile],
    *,
    link_entries: bool = True,
    docs_dir: Path | None = None,
    thesaurus: Thesaurus | None = None,
    thesaurus_problems: list[Problem] | None = None,
    kept: Playbook | None = None,
) -> Result:
    """Validate and link ``files``; ``kept``: the playbook of a check before, whose entries are
    reused where their file was not parsed again (see :func:`.model.link`)."""
    from .model import link
    from .validate import validate_files

    problems = sort_problems([*validate_files(files, docs_dir), *(thesaurus_problems or [])])
    if has_errors(problems):
        return Result(None, problems, files)
    counts: dict[str, int] = {}
    for kind in (f.data["kind"] for f in files if f.data is not None):
        counts[kind] = counts.get(kind, 0) + 1
    counts = {k.name: counts[k.name] for k in spec.KINDS if k.name in counts}
    if not link_entries:
        return Result(None, problems, files, counts, thesaurus)
    items = [(f.data, f.path, f.display) for f in files if f.data is not None]
    return Result(link(items, kept), problems, files, counts, thesaurus)
