"""The history of the entries, from git: which commits touched each entry file, and when.

:func:`read_history` runs **one** ``git log`` over the entries folder (whatever the number of
entries) and indexes the commits by file. An entry's history also covers the files of its former
ids (``former_ids``: a renamed entry keeps its past). Without git, or outside a repository (a
tarball export), the history is *unavailable* and pages say so; nothing fails.

A shallow clone (``git clone --depth N``, CI's default checkout) holds only the newest commits:
its oldest ones ("boundary" commits, grafted without their parents) look as if they had added
every file. Such a history is *incomplete*: the boundary commits are left out (they would be false
history: one unrelated change on every entry), no creation date is claimed, and pages say
« Historique incomplet ».

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
    complete: bool = True  #: False in a shallow clone: older commits are missing

    def __hash__(self) -> int:
        return hash((self.available, self.head, self.complete))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, History) and (self.available, self.head, self.complete) == (
            other.available,
            other.head,
            other.complete,
        )

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
        """The date of the first commit of ``entry`` (its file, or a former one); ``None`` when
        unknown, as in an incomplete history (the first commit may be older than the clone)."""
        if not self.complete:
            return None
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
    boundary = shallow_boundary(project_dir)
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
        if boundary and sha in boundary:
            continue  # grafted without its parents: its "changes" are the whole tree
        commit = Commit(sha, day, message.strip())
        for line in names.splitlines():
            name = line.strip()
            if name:
                by_path.setdefault(name, []).append(commit)
    return History(True, head, {k: tuple(v) for k, v in by_path.items()}, project_dir, complete=boundary is None)


def shallow_boundary(project_dir: Path) -> frozenset[str] | None:
    """The boundary commits of a shallow clone (``None`` when the repository is complete)."""
    shallow = _git(project_dir, "rev-parse", "--is-shallow-repository")
    if shallow is None or shallow.stdout.strip() != "true":
        return None
    path = _git(project_dir, "rev-parse", "--path-format=absolute", "--git-path", "shallow")
    try:
        text = Path(path.stdout.strip()).read_text(encoding="ascii") if path is not None else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    return frozenset(text.split())
