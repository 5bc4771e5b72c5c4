"""The validation cache: ``validate`` answers from it when no entry file has changed since.

The key is a digest of every entry file's relative path and content (SHA-256 of its bytes), of
:data:`playbook.core.spec.SCHEMA_VERSION` and of the validator's own code (the core's modules
and the published schema), so editing an entry, adding, removing or renaming one, bumping the
schema version or upgrading the package each invalidates it. What is stored is the outcome only
(the problems as plain JSON, the number of files, the count of entries by kind), plus, for each
file, its content digest and its ``stat`` signature (size, mtime, ctime, inode).

Reading 10,000 files costs more than the rest of a warm run, so a file whose ``stat`` signature is
the one recorded is not read again and its recorded digest is used, as ``git`` does for its index;
a file changed less than :data:`RACY_NS` before the cache was written is always read again (its
timestamp cannot tell a later edit in the same tick apart).

The cache lives outside ``laws/`` (``.playbook-cache/`` next to it, gitignored, or
``$PLAYBOOK_CACHE_DIR``); validation never writes into ``laws/``. A missing, unreadable, corrupt
or stale cache file is ignored and rewritten; a cache folder that cannot be written is ignored.

A cache never comes from the repository: the key also mixes in a random secret of this machine's
user (:func:`machine_salt`, kept in the user's cache folder, outside any repository), so a cache
file committed by a pull request (say, one whose outcome was edited to "no problem") never
matches on a fresh clone or in CI; it is ignored and overwritten. Without that secret (a home
folder that cannot be written), nothing is cached.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import spec
from .corpus import Signature
from .messages import language, remember, texts
from .problems import Problem, Severity

CACHE_DIR_NAME = ".playbook-cache"
CACHE_FILE = "validate.json"
ENV_CACHE_DIR = "PLAYBOOK_CACHE_DIR"
FORMAT = 2
SALT_FILE = "validate-salt"


#: The texts a warm ``validate`` prints (its summary, a problem's words): kept with the outcome, in
#: the run's language (the key covers the catalogue and the language), so that a hit does not read
#: the catalogue.
WARM_TEXTS = (
    ("_cli", "all-valid"),
    ("_cli", "no-problem"),
    ("_cli", "checked-within"),
    ("_cli", "others-not-shown"),
)

#: Files changed this close (ns) to the moment the cache was written are always read again.
RACY_NS = 2_000_000_000


@dataclass
class CachedOutcome:
    problems: list[Problem]
    file_count: int
    counts: dict[str, int]


@dataclass
class Stored:
    """What the cache file holds."""

    key: str
    outcome: CachedOutcome
    files: dict[str, tuple[Signature, str]]  #: relative path → (stat signature, content digest)
    written_ns: int
    texts: dict[str, str] = field(default_factory=dict)  #: :data:`WARM_TEXTS`, ``"code/key"`` → text

    def remember_texts(self) -> None:
        """On a hit: this run says :data:`WARM_TEXTS` as the cache has them (see ``messages.remember``)."""
        remember(self.texts)

    def known_digest(self, rel: str, signature: Signature) -> str | None:
        """The recorded digest of ``rel`` if its ``stat`` signature says it has not changed."""
        known = self.files.get(rel)
        if known is None or known[0] != signature:
            return None
        if max(signature[1], signature[2]) >= self.written_ns - RACY_NS:
            return None
        return known[1]


def content_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def default_cache_dir(laws: Path) -> Path:
    """``$PLAYBOOK_CACHE_DIR``, else ``.playbook-cache/`` beside the entries folder."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env)
    return laws.resolve().parent / CACHE_DIR_NAME


@cache
def code_fingerprint() -> str:
    """A digest of the validator's code and schema: a new version of either drops the cache."""
    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).resolve().parent
    # the catalogue too: the problems are stored as text, in the language of the run (corpus_key)
    for path in (
        sorted(here.glob("*.py"))
        + sorted((here / "catalogue").glob("*.yaml"))
        + sorted((here.parent / "schema").glob("*.json"))
    ):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def salt_dir() -> Path:
    """``$XDG_CACHE_HOME/playbook``, else ``~/.cache/playbook``: the user's, never a repository's."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "playbook"


def _valid_salt(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def _read_nofollow(path: str | Path, dir_fd: int | None = None) -> bytes:
    """The bytes of a regular file, never through a symbolic link (``ELOOP`` then)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _write_new(name: str, data: bytes, dir_fd: int, *, sync: bool = False) -> str:
    """Write ``data`` to a new file (exclusive create, never through a link) beside ``name`` in the
    folder ``dir_fd`` (``sync``: flushed to disk); return the new file's name. A failed write (a full disk)
    removes the file and raises: nothing half-written is left."""
    tmp = f".{name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp, dir_fd=dir_fd)
        raise
    os.close(fd)
    return tmp


def _open_dir(path: Path) -> int:
    """A descriptor of the folder ``path`` itself, never of what a symbolic link there points at."""
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)


def machine_salt() -> str | None:
    """This machine user's random secret (created on first use, readable by the user only), or
    ``None`` when it can be neither read nor written (then nothing is cached, this time only).

    An empty or malformed secret (a write cut short by a full disk) counts as absent: a new one is
    written to a temporary file and moved into place, so a reader sees the old file or the whole
    new one, never a part."""
    folder = salt_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        dir_fd = _open_dir(folder)
    except OSError:
        return None
    try:
        for _ in range(3):
            try:
                text = _read_nofollow(SALT_FILE, dir_fd).decode("ascii").strip()
                if _valid_salt(text):
                    return text
                present = True
            except FileNotFoundError:
                present = False
            except UnicodeDecodeError:
                present = True
            except OSError:
                return None  # a link, a folder, unreadable: not ours to replace
            try:
                tmp = _write_new(SALT_FILE, (secrets.token_hex(32) + "\n").encode("ascii"), dir_fd, sync=True)
            except OSError:
                return None  # a full disk: no cache this time; the next run tries again
            try:
                if present:
                    os.replace(tmp, SALT_FILE, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
                else:
                    os.link(tmp, SALT_FILE, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
            except FileExistsError:
                pass  # another process made it first: read that one
            except OSError:
                return None
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp, dir_fd=dir_fd)
        return None
    finally:
        os.close(dir_fd)


def refusal(cache_dir: Path) -> str | None:
    """Why the cache folder ``cache_dir`` must not be used (a French sentence), or ``None``.

    Refused: a folder that is a symbolic link, that holds one, that is not a folder, or that git
    tracks (then it came with the repository: a pull request could have put anything there)."""
    try:
        info = os.lstat(cache_dir)
    except FileNotFoundError:
        return _tracked(cache_dir)
    except OSError as exc:
        return f"{cache_dir} est illisible ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return f"{cache_dir} est un lien symbolique"
    if not stat.S_ISDIR(info.st_mode):
        return f"{cache_dir} n’est pas un dossier"
    try:
        with os.scandir(cache_dir) as entries:
            for item in entries:
                if item.is_symlink():
                    return f"{cache_dir} contient un lien symbolique ({item.name})"
    except OSError as exc:
        return f"{cache_dir} est illisible ({exc.strerror})"
    return _tracked(cache_dir)


def _tracked(cache_dir: Path) -> str | None:
    """A sentence when git tracks anything at ``cache_dir`` (``None`` outside a git work tree)."""
    parent = cache_dir.parent
    if not parent.is_dir():
        return None
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", cache_dir.name],
            cwd=parent,
            capture_output=True,
            timeout=30,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git: nothing can be tracked
    if listed.returncode == 0 and listed.stdout.strip(b"\0"):
        return f"{cache_dir} est suivi par git (il ne doit pas être dans le dépôt)"
    return None


def listing_digest(folder: Path) -> str:
    """A digest of the relative paths of every regular file under ``folder`` (not their content)."""
    digest = hashlib.sha256()
    for base, dirs, names in os.walk(folder):  # never into a symbolic link
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(base, name)
            with contextlib.suppress(OSError):  # gone in the meantime: not listed
                if stat.S_ISREG(os.lstat(path).st_mode):
                    digest.update(os.path.relpath(path, folder).encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def corpus_key(digests: list[tuple[str, str]], display_prefix: str, salt: str) -> str:
    """The cache key of a corpus: (relative path, content digest) of every file, in order, and
    this machine's :func:`machine_salt`."""
    digest = hashlib.sha256()
    digest.update(
        f"{FORMAT}\0{salt}\0{spec.SCHEMA_VERSION}\0{code_fingerprint()}\0{display_prefix}\0{language()}\0".encode()
    )
    digest.update("".join([f"{rel}\0{file_digest}\0" for rel, file_digest in digests]).encode())  # one pass in C
    return digest.hexdigest()


def load(cache_dir: Path) -> Stored | None:
    """The stored outcome, or ``None`` (missing, unreadable, corrupt or behind a link: all ignored)."""
    try:
        dir_fd = _open_dir(cache_dir)
    except OSError:
        return None
    try:
        data = json.loads(_read_nofollow(CACHE_FILE, dir_fd).decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        key, file_count, counts, written = data["key"], data["files"], data["counts"], data["written_ns"]
        if not (isinstance(key, str) and type(file_count) is int and isinstance(counts, dict) and type(written) is int):
            return None
        if not all(isinstance(k, str) and type(v) is int for k, v in counts.items()):
            return None
        files: dict[str, tuple[Signature, str]] = {}
        # A signature that is not four whole numbers equals no file's (``known_digest``): that file
        # is read again, so it is not checked one by one here.
        for rel, (sig, file_digest) in data["manifest"].items():
            if type(file_digest) is not str:
                return None
            files[rel] = (tuple(sig), file_digest)
        problems = [_problem(p) for p in data["problems"]]
        kept = data.get("texts", {})
        if not (isinstance(kept, dict) and all(isinstance(v, str) for v in kept.values())):
            return None
        return Stored(key, CachedOutcome(problems, file_count, counts), files, written, kept)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    finally:
        os.close(dir_fd)


def store(cache_dir: Path, laws: Path, stored: Stored) -> bool:
    """Write the cache atomically; never inside ``laws``, never through a symbolic link (the folder
    and every file in it are opened with ``O_NOFOLLOW``, new files created with ``O_EXCL``);
    ``False`` when it cannot be written."""
    target = Path(os.path.abspath(cache_dir))
    root = laws.resolve()
    if target == root or root in target.parents or root in target.resolve().parents:
        return False
    outcome = stored.outcome
    data = {
        "format": FORMAT,
        "key": stored.key,
        "files": outcome.file_count,
        "counts": outcome.counts,
        "written_ns": stored.written_ns,
        "problems": [[p.path, p.line, p.column, p.message, p.hint, p.severity.value, p.code] for p in outcome.problems],
        "manifest": {rel: [list(sig), file_digest] for rel, (sig, file_digest) in stored.files.items()},
        "texts": stored.texts or texts(WARM_TEXTS),
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(target, 0o700)
        dir_fd = _open_dir(target)
    except OSError:
        return False
    try:
        try:
            ignore = os.open(
                ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=dir_fd
            )
        except FileExistsError:
            pass
        else:
            with os.fdopen(ignore, "w", encoding="utf-8") as stream:
                stream.write("*\n")
        # dumps: one C call, dump: many writes
        tmp = _write_new(CACHE_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), dir_fd)
        try:
            os.replace(tmp, CACHE_FILE, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)  # replaces a link, never follows it
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=dir_fd)
    except OSError:
        return False
    finally:
        os.close(dir_fd)
    return True


def _problem(item: Any) -> Problem:
    path, line, column, message, hint, severity, code = item
    if not (
        isinstance(path, str)
        and type(line) is int
        and type(column) is int
        and isinstance(message, str)
        and isinstance(hint, str)
        and isinstance(code, str)
    ):
        raise TypeError("bad problem in cache")
    return Problem(path, line, column, message, hint, Severity(severity), code)
