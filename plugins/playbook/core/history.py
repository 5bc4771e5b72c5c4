"""The history of the entries, from git: which commits touched each entry file, and when.

:func:`read_history` runs **one** ``git log`` over the entries folder (whatever the number of
entries) and indexes the commits by file. An entry's history also covers the files of its former
ids (``former_ids``: a renamed entry keeps its past). Without git, or outside a repository (a
tarball export), the history is *unavailable* and pages say so; nothing fails.

Nothing here reads the clock: dates are the commits' dates (UTC), so two builds of one commit
are identical. ``head`` is the commit the history was read at: under ``mkdocs serve``, a new
commit (``head`` changes) makes the core read the history again (:func:`current_head` is cheap).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .model import Entry

_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date  #: the committer date, UTC
    message: str  #: the first line of the message


@dataclass(frozen=True)
class History:
    """Commits by file (path relative to the project, POSIX), newest first."""

    available: bool = False
    head: str | None = None  #: the commit the history was read at
    by_path: Mapping[str, tuple[Commit, ...]] = field(default_factory=dict)
    project_dir: Path | None = None

    def __hash__(self) -> int:
        return hash((self.available, self.head))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, History) and (self.available, self.head) == (other.available, other.head)

    def path_of(self, entry: Entry) -> str | None:
        """``entry``'s file, relative to the project (POSIX), as git names it."""
        return _relative(entry.path, self.project_dir) if self.project_dir is not None else None

    def of(self, entry: Entry) -> tuple[Commit, ...]:
        """The commits that touched ``entry``'s file (or the files of its former ids), newest first."""
        if not self.available or self.project_dir is None:
            return ()
        rel = self.path_of(entry)
        if rel is None:
            return ()
        found = list(self.by_path.get(rel, ()))
        if entry.former_ids:
            folder, _, name = rel.rpartition("/")
            suffix = name[name.rfind(".") :]
            for old in entry.former_ids:
                found.extend(self.by_path.get(f"{folder}/{old}{suffix}" if folder else f"{old}{suffix}", ()))
        if len(found) > 1 and entry.former_ids:
            unique = {c.sha: c for c in found}
            found = sorted(unique.values(), key=lambda c: c.date, reverse=True)
        return tuple(found)

    def created(self, entry: Entry) -> dt.date | None:
        """The date of the first commit of ``entry`` (its file, or a former one)."""
        commits = self.of(entry)
        return min(c.date for c in commits) if commits else None


UNAVAILABLE = History()


def _relative(path: Path, project_dir: Path) -> str | None:
    text, prefix = str(path), str(project_dir) + os.sep
    if text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return None


def _git(project_dir: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(project_dir), "-c", "core.quotePath=false", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done if done.returncode == 0 else None


def current_head(project_dir: Path) -> str | None:
    """The commit checked out in ``project_dir`` (``None``: no git, or not a repository)."""
    done = _git(project_dir, "rev-parse", "--verify", "--quiet", "HEAD")
    return done.stdout.strip() or None if done is not None else None


def read_history(project_dir: Path, laws_dir: Path, head: str | None = None) -> History:
    """Every commit that touched a file under ``laws_dir``, by file: one ``git log`` call."""
    head = head if head is not None else current_head(project_dir)
    if head is None:
        return UNAVAILABLE
    scope = _relative(laws_dir, project_dir)
    done = _git(
        project_dir,
        "log",
        "--relative",
        "--no-color",
        "--name-only",
        f"--format={_RECORD}%H{_FIELD}%ct{_FIELD}%s",
        head,
        "--",
        scope or ".",
    )
    if done is None:
        return UNAVAILABLE
    by_path: dict[str, list[Commit]] = {}
    for record in done.stdout.split(_RECORD):
        if not record.strip():
            continue
        header, _, names = record.partition("\n")
        sha, stamp, message = [*header.split(_FIELD, 2), "", ""][:3]
        try:
            day = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC).date()
        except ValueError:
            continue
        commit = Commit(sha, day, message.strip())
        for line in names.splitlines():
            name = line.strip()
            if name:
                by_path.setdefault(name, []).append(commit)
    return History(True, head, {k: tuple(v) for k, v in by_path.items()}, project_dir)
