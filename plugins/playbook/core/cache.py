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

import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import spec
from .corpus import Signature
from .problems import Problem, Severity

CACHE_DIR_NAME = ".playbook-cache"
CACHE_FILE = "validate.json"
ENV_CACHE_DIR = "PLAYBOOK_CACHE_DIR"
FORMAT = 2
SALT_FILE = "validate-salt"


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
    for path in sorted(here.glob("*.py")) + sorted((here.parent / "schema").glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def salt_dir() -> Path:
    """``$XDG_CACHE_HOME/playbook``, else ``~/.cache/playbook``: the user's, never a repository's."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "playbook"


def machine_salt() -> str | None:
    """This machine user's random secret (created on first use, readable by the user only), or
    ``None`` when it can be neither read nor created (then nothing is cached)."""
    path = salt_dir() / SALT_FILE
    for _ in range(2):
        try:
            text = path.read_text(encoding="ascii").strip()
            return text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else None
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError):
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as stream:
                stream.write(secrets.token_hex(32) + "\n")
        except FileExistsError:
            continue  # another process made it first: read that one
        except OSError:
            return None
    return None


def corpus_key(digests: list[tuple[str, str]], display_prefix: str, salt: str) -> str:
    """The cache key of a corpus: (relative path, content digest) of every file, in order, and
    this machine's :func:`machine_salt`."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{salt}\0{spec.SCHEMA_VERSION}\0{code_fingerprint()}\0{display_prefix}\0".encode())
    for rel, file_digest in digests:
        digest.update(f"{rel}\0{file_digest}\0".encode())
    return digest.hexdigest()


def load(cache_dir: Path) -> Stored | None:
    """The stored outcome, or ``None`` (missing, unreadable or corrupt: all ignored)."""
    try:
        data = json.loads((cache_dir / CACHE_FILE).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        key, file_count, counts, written = data["key"], data["files"], data["counts"], data["written_ns"]
        if not (isinstance(key, str) and type(file_count) is int and isinstance(counts, dict) and type(written) is int):
            return None
        if not all(isinstance(k, str) and type(v) is int for k, v in counts.items()):
            return None
        files: dict[str, tuple[Signature, str]] = {}
        for rel, (sig, file_digest) in data["manifest"].items():
            if not (isinstance(file_digest, str) and len(sig) == 4 and all(type(x) is int for x in sig)):
                return None
            files[rel] = (tuple(sig), file_digest)
        problems = [_problem(p) for p in data["problems"]]
        return Stored(key, CachedOutcome(problems, file_count, counts), files, written)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(cache_dir: Path, laws: Path, stored: Stored) -> bool:
    """Write the cache atomically; never inside ``laws``; ``False`` when it cannot be written."""
    target = cache_dir.resolve()
    root = laws.resolve()
    if target == root or root in target.parents:
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
    }
    try:
        target.mkdir(parents=True, exist_ok=True)
        ignore = target / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=target, prefix=".validate-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:  # dumps: one C call, dump: many writes
                stream.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            os.replace(tmp, target / CACHE_FILE)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
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
