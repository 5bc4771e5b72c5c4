"""The one reader of a ``laws/`` folder: every file under it is an entry, or a located problem.

:func:`read` walks the folder once (``os.scandir``, no symbolic link ever followed) and gives, for
each entry file, its ``stat`` signature and its bytes (or the ``OSError`` that kept it from
being read), and a located problem for everything else, so that validation, the build and
``mkdocs serve`` see the same files:

- an entry is a regular file ``<kind folder>/<id>.yaml`` (or ``.yml``), its name in lower case;
- a symbolic link (to a file or a folder, inside the repository or not) is refused: it could
  publish a file from outside the repository, or loop;
- a file whose name starts with a dot, a ``.YAML`` file, a file with another extension, a file
  directly in ``laws/`` or in a folder that is not a kind's, a file in a folder inside a kind's
  folder: each is an error at that file, with what to do;
- a folder that cannot be listed, a file that cannot be ``stat``-ed or read: an error at it.

Bytes are read with ``O_NOFOLLOW`` (a file replaced by a link after the walk is not followed
either), and never more than one byte past :data:`spec.MAX_FILE_BYTES` (the loader then says the
file is too large).
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import spec
from .messages import quote, say
from .problems import Problem

ENTRY_SUFFIXES = (".yaml", ".yml")
#: The search's thesaurus (:mod:`.thesaurus`): beside ``laws/``, since every file under it is an entry.
THESAURUS_FILE = "thesaurus.yaml"
_KIND_FOLDERS = {kind.folder for kind in spec.KINDS}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: A folder opened for the files in it: never through a symbolic link, closed on exec.
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)

Signature = tuple[int, int, int, int]  #: size, mtime_ns, ctime_ns, inode


def signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


@dataclass(slots=True)
class Item:
    """One entry file: where it is, its ``stat`` signature, and its bytes or why they could not be read.

    ``raw`` is ``None`` when the caller already had this file (``reuse`` said so) or on an error."""

    rel: str  #: path under the folder, with forward slashes (``lois/loi-temkin-4.yaml``)
    display: str  #: the path shown in messages
    signature: Signature | None = None
    raw: bytes | None = None
    error: OSError | None = None


@dataclass
class Corpus:
    """What :func:`read` found: the entry files in a stable order, and a problem for every other file."""

    root: Path
    prefix: str  #: prepended to ``rel`` in messages (``laws/``)
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def display_prefix(root: Path, display_root: Path | None) -> str:
    """``laws/``: how paths under ``root`` are shown (relative to ``display_root``, else to ``root``'s parent)."""
    base = display_root if display_root is not None else root.parent
    try:
        shown = root.relative_to(base).as_posix()
    except ValueError:
        shown = Path(os.path.relpath(root)).as_posix()
    return "" if shown in ("", ".") else shown + "/"


def entry_files(root: Path, prefix: str = "") -> tuple[list[str], list[Problem]]:
    """Relative paths of the entry files under ``root`` (sorted), and the problems of the other files."""
    entries: list[str] = []
    problems: list[Problem] = []
    _walk(root, prefix, entries, problems)
    entries.sort()
    problems.sort(key=lambda p: p.path)
    return entries, problems


def read(root: Path, prefix: str = "", reuse: Callable[[str, Signature], bool] | None = None) -> Corpus:
    """One walk of ``root``: each entry's signature and bytes (not read when ``reuse(rel, signature)``
    is true: the caller has them already), and the problems of the other files.

    Each kind's folder is opened once (never through a symbolic link) and its files are looked
    at relative to it: the system resolves one name per file instead of its whole path."""
    rels, problems = entry_files(root, prefix)
    corpus = Corpus(root, prefix, problems=problems)
    top = str(root) + os.sep
    folders: dict[str, int | OSError] = {}
    try:
        for rel in rels:
            item = Item(rel, prefix + rel)
            folder, _, name = rel.rpartition("/")
            try:
                fd = folders.get(folder)
                if fd is None:
                    try:
                        fd = folders[folder] = os.open(top + folder, _DIRECTORY_FLAGS)
                    except OSError as exc:
                        fd = folders[folder] = exc
                if isinstance(fd, OSError):
                    raise fd
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                if not stat.S_ISREG(st.st_mode):  # replaced by a link or a folder since the walk
                    raise OSError(0, say("unreadable", "replaced"))
                item.signature = signature(st)
                if reuse is None or not reuse(rel, item.signature):
                    item.raw = read_bytes(name, st.st_size, dir_fd=fd)
            except OSError as exc:
                item.error = exc
            corpus.items.append(item)
    finally:
        for fd in folders.values():
            if not isinstance(fd, OSError):
                os.close(fd)
    return corpus


def thesaurus_path(root: Path) -> Path:
    """The thesaurus of the playbook whose entries are in ``root``: beside that folder."""
    return root.parent / THESAURUS_FILE


def size(item: Item) -> int | None:
    """The file's size when it was listed (its bytes may have been read only up to the limit)."""
    return item.signature[0] if item.signature is not None else None


def read_bytes(path: str, size: int | None = None, *, dir_fd: int | None = None) -> bytes:
    """The file's bytes, at most ``MAX_FILE_BYTES + 1`` of them, never through a symbolic link,
    with the fewest system calls: one read of ``size + 1`` bytes is usually all. ``dir_fd``: the
    open folder ``path`` is relative to."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW, dir_fd=dir_fd)
    try:
        limit = spec.MAX_FILE_BYTES + 1
        want = min((os.fstat(fd).st_size if size is None else size) + 1, limit)
        chunks = [os.read(fd, want)]
        total = len(chunks[0])
        while len(chunks[-1]) == want and total < limit:  # the file grew; a short read means its end
            want = min(1 << 16, limit - total)
            chunks.append(os.read(fd, want))
            total += len(chunks[-1])
        return b"".join(chunks) if len(chunks) > 1 else chunks[0]
    finally:
        os.close(fd)


def playbook_root(folder: Path) -> Path:
    """The folder holding the kind folders that ``folder`` belongs to: ``folder`` itself, or its
    parent when ``folder`` is one kind's folder (``laws/lois``), so that a sub-folder is validated
    against the whole playbook (references to other kinds are known)."""
    if folder.name in _KIND_FOLDERS and not _has_kind_folders(folder) and _has_kind_folders(folder.parent):
        return folder.parent
    return folder


def _has_kind_folders(folder: Path) -> bool:
    try:
        return any(item.name in _KIND_FOLDERS and item.is_dir(follow_symlinks=False) for item in os.scandir(folder))
    except OSError:
        return False


# --- the walk ---------------------------------------------------------------------------------


def _walk(root: Path, prefix: str, entries: list[str], problems: list[Problem]) -> None:
    pending: list[tuple[str, str, int]] = [(str(root), "", 0)]  # folder, its relative path, depth
    while pending:
        folder, rel_folder, depth = pending.pop()
        try:
            listing = list(os.scandir(folder))
        except OSError as exc:
            shown = prefix + rel_folder.rstrip("/") if depth else (prefix.rstrip("/") or str(root))
            problems.append(_unreadable(shown, "folder", exc))
            continue
        for item in listing:
            rel = rel_folder + item.name
            shown = prefix + rel
            try:
                if item.is_symlink():
                    problems.append(_problem(shown, say("symlink", "message"), say("symlink", "replace-it"), "symlink"))
                    continue
                is_dir = item.is_dir(follow_symlinks=False)
                is_file = not is_dir and item.is_file(follow_symlinks=False)
            except OSError as exc:
                problems.append(_unreadable(shown, "item", exc))
                continue
            if is_dir:
                pending.append((item.path, rel + "/", depth + 1))
                continue
            if not is_file:
                problems.append(
                    _problem(
                        shown, say("not-an-entry", "not-regular"), say("not-an-entry", "remove-it"), "not-an-entry"
                    )
                )
                continue
            found = _misplaced(rel, depth)
            if found is None:
                entries.append(rel)
            else:
                problems.append(_problem(shown, *found))


def _misplaced(rel: str, depth: int) -> tuple[str, str, str] | None:
    """(message, hint, code) when the file at ``rel`` is not an entry where it is, else ``None``."""
    parts = rel.split("/")
    name = parts[-1]
    if depth == 1 and parts[0] in _KIND_FOLDERS and name[:1] != "." and name.endswith(ENTRY_SUFFIXES):
        return None  # an entry in its kind's folder: the usual case, decided before any message is made
    folders = ", ".join(f"{kind.folder}/" for kind in spec.KINDS)
    if name.startswith("."):
        return (
            say("not-an-entry", "hidden", name=quote(name)),
            say("not-an-entry", "drafts-elsewhere"),
            "not-an-entry",
        )
    stem, dot, suffix = name.rpartition(".")
    if not dot or ("." + suffix) not in ENTRY_SUFFIXES:
        if dot and ("." + suffix.lower()) in ENTRY_SUFFIXES:
            return (
                say("not-an-entry", "extension-case", suffix=quote("." + suffix)),
                say("not-an-entry", "rename-to", name=f"{stem}.yaml"),
                "not-an-entry",
            )
        return (say("not-an-entry", "not-yaml"), say("not-an-entry", "remove-or-rename"), "not-an-entry")
    if depth == 0:
        return (
            say("wrong-folder", "in-laws-root"),
            say("wrong-folder", "move-to-kind-folder", folders=folders),
            "wrong-folder",
        )
    if parts[0] not in _KIND_FOLDERS:
        guess = difflib.get_close_matches(parts[0], sorted(_KIND_FOLDERS), n=1, cutoff=0.6)
        hint = (
            say("wrong-folder", "guess-then-folders", guess=quote(guess[0] + "/"), folders=folders)
            if guess
            else say("wrong-folder", "the-folders", folders=folders)
        )
        return (say("wrong-folder", "not-a-kind-folder", folder=quote(parts[0] + "/")), hint, "wrong-folder")
    if depth > 1:
        return (
            say("wrong-folder", "nested", folder=quote(parts[0] + "/")),
            say("wrong-folder", "move", folder=parts[0], file=name),
            "wrong-folder",
        )
    return None


def _problem(path: str, message: str, hint: str, code: str) -> Problem:
    return Problem(path, 1, 1, message, hint, code=code)


#: The system's refusals the catalogue words itself (``unreadable.yaml``), by ``errno``.
_REASONS = {
    errno.EACCES: "permission-denied",
    errno.EPERM: "permission-denied",
    errno.ENOENT: "no-such-file",
    errno.EISDIR: "is-a-folder",
    errno.ELOOP: "symbolic-link",
    errno.EIO: "disk-error",
}


def why_unreadable(exc: OSError) -> str:
    """Why the system would not read a file or folder, in this run's language where the catalogue
    knows the reason (``permission refusée``), else in the system's words."""
    key = _REASONS.get(exc.errno or 0)
    return say("unreadable", key) if key is not None else str(exc.strerror or exc)


def _unreadable(path: str, what: str, exc: OSError) -> Problem:
    reason = why_unreadable(exc)
    return _problem(path, say("unreadable", what, reason=reason), say("unreadable", "check-permissions"), "unreadable")
