"""The entries of a git revision, read without touching the user's checkout.

:func:`materialize` copies the entries folder of a commit into a temporary folder, file by file
(``git ls-tree`` then ``git cat-file --batch``: one process each, whatever the number of files),
so that :mod:`playbook.core.corpus` reads it exactly as it reads a working tree: a symbolic link
stays a symbolic link (and is refused there, never followed), a file in the wrong folder stays
there (and is reported). Nothing is checked out, nothing in the repository is written, and
``.gitattributes`` (``export-ignore``, ``export-subst``: what ``git archive`` would apply) cannot
hide or rewrite a file.

Every failure is a :class:`RevisionError` whose message, in French, says what to do.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

_TIMEOUT = 300  #: seconds for one git command (a large repository on a slow disk)
_CHUNK = 1 << 16


class RevisionError(Exception):
    """A revision cannot be read (no git, no repository, no such revision...): the message says why."""


@dataclass(frozen=True)
class Revision:
    """A commit of the repository, as named by the user and as resolved."""

    name: str  #: what the user wrote (``main``, ``HEAD~1``)
    sha: str

    @property
    def short(self) -> str:
        return self.sha[:10]


def _git(repo: Path, *args: str, input_bytes: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), "-c", "core.quotePath=false", *args],
            input=input_bytes,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise RevisionError("git est introuvable : installez git pour comparer deux révisions") from None
    except (OSError, subprocess.SubprocessError) as error:
        raise RevisionError(f"git n'a pas pu être lancé ({error})") from None


def repository_root(folder: Path) -> Path:
    """The top folder of the git working tree that holds ``folder``."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise RevisionError(
            f"{folder.as_posix()} n'est pas dans un dépôt git : lancez la commande depuis le dépôt du playbook"
        )
    return Path(os.fsdecode(done.stdout.strip()))


def resolve(repo: Path, name: str) -> Revision:
    """The commit ``name`` designates (a branch, a tag, a commit, ``HEAD~2``...)."""
    if not name or name.startswith("-") or "\0" in name:
        raise RevisionError(f"« {name} » n'est pas un nom de révision (une branche, une étiquette ou un commit)")
    done = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    sha = done.stdout.decode("ascii", "replace").strip()
    if done.returncode != 0 or len(sha) not in (40, 64):
        raise RevisionError(
            f"la révision « {name} » n'existe pas dans ce dépôt : donnez une branche, une étiquette ou "
            "un commit (main, HEAD~1, 1a2b3c4) ; dans un clone partiel, `git fetch` la rapporte"
        )
    return Revision(name, sha)


def materialize(repo: Path, revision: Revision, folder: str, destination: Path) -> bool:
    """Write the files under ``folder`` (relative to the repository, POSIX) of ``revision`` into
    ``destination / folder``; ``False`` when the revision has no such folder (nothing is written).

    Regular files get their bytes, symbolic links become symbolic links (never followed here),
    and a submodule becomes an empty folder, as in a checkout that has not initialised it."""
    folder = folder.strip("/")
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", revision.sha, "--", folder)
    if listing.returncode != 0:
        raise RevisionError(f"git n'a pas pu lister {folder}/ dans {revision.name} : {_stderr(listing)}")
    records = [r for r in listing.stdout.split(b"\0") if r]
    blobs: list[tuple[str, str, Path]] = []  # mode, object id, where it goes
    target_root = destination / folder
    for record in records:
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, object_id = meta.decode("ascii").split(" ")
        path = os.fsdecode(raw_path)
        if path == folder:
            raise RevisionError(
                f"dans {revision.name}, {folder} n'est pas un dossier (un lien symbolique ou un fichier) : "
                "les entrées doivent être dans un vrai dossier"
            )
        parts = path.split("/")
        if any(p in ("", ".", "..") for p in parts) or not path.startswith(folder + "/"):
            raise RevisionError(f"dans {revision.name}, le chemin « {path} » n'est pas utilisable")
        target = destination.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "commit":  # a submodule: an empty folder, as before `git submodule update`
            target.mkdir(exist_ok=True)
        elif kind == "blob":
            blobs.append((mode, object_id, target))
    if not records:
        return False
    target_root.mkdir(parents=True, exist_ok=True)
    _write_blobs(repo, revision, blobs)
    return True


def _write_blobs(repo: Path, revision: Revision, blobs: list[tuple[str, str, Path]]) -> None:
    """Every blob's bytes to its file (or its link target to a symbolic link): one ``cat-file``."""
    if not blobs:
        return
    try:
        process = subprocess.Popen(
            ["git", "-C", str(repo), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as error:
        raise RevisionError(f"git n'a pas pu être lancé ({error})") from None
    assert process.stdin is not None and process.stdout is not None
    try:
        for mode, object_id, target in blobs:
            process.stdin.write(object_id.encode("ascii") + b"\n")
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise RevisionError(f"dans {revision.name}, le fichier {target.name} n'a pas pu être lu")
            size = int(header[2])
            if mode == "120000":
                link = process.stdout.read(size)
                os.symlink(os.fsdecode(link), target)
            else:
                with open(target, "wb") as out:
                    left = size
                    while left:
                        chunk = process.stdout.read(min(_CHUNK, left))
                        if not chunk:
                            raise RevisionError(f"dans {revision.name}, le fichier {target.name} est incomplet")
                        out.write(chunk)
                        left -= len(chunk)
            process.stdout.read(1)  # the newline after each object
    finally:
        process.stdin.close()
        process.stdout.close()
        process.wait(timeout=_TIMEOUT)


def changed_files(repo: Path, base: Revision, head: Revision | None) -> list[str]:
    """Paths (relative to the repository) that differ between ``base`` and ``head`` (``None``: the
    working tree, untracked files included), sorted."""
    args = ["diff", "--name-only", "-z", "--no-renames", base.sha]
    if head is not None:
        args.append(head.sha)
    done = _git(repo, *args, "--")
    if done.returncode != 0:
        raise RevisionError(f"git diff a échoué : {_stderr(done)}")
    names = {os.fsdecode(n) for n in done.stdout.split(b"\0") if n}
    if head is None:
        untracked = _git(repo, "ls-files", "-z", "--others", "--exclude-standard")
        if untracked.returncode == 0:
            names.update(os.fsdecode(n) for n in untracked.stdout.split(b"\0") if n)
    return sorted(names)


def _stderr(done: subprocess.CompletedProcess[bytes]) -> str:
    text = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[-1] if text else f"code {done.returncode}"
