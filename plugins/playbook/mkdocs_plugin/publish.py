"""Publishing a built site atomically: readers of ``site/`` see the previous site or the new one,
never a half-written or mixed one.

``mkdocs build`` empties ``site_dir`` and writes into it; a build killed half way (``kill -9``, a
full disk, a crash) left ``site/`` empty or partial, and two builds at once wrote into the same
folder. Here a build writes into a new folder beside it (``.site.building-<pid>-<random>``) and,
only when it succeeded (no error, and no warning under ``--strict``), that folder is swapped with
``site/`` in one step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames) and the old
one removed. A lock file beside it (``.site.lock``, ``flock``) lets one build at a time use a given
``site_dir``: a second build waits for the first (and says so), then publishes its own whole site.
A folder left by a killed build is removed by the next one (it holds the lock, so no other build
is writing there), and so is its scratch folder (``.site.scratch-<pid>-<random>``: the files the
build hands MkDocs to copy, :meth:`Publication.scratch`).

Not used under ``mkdocs serve`` (which builds into a temporary folder of its own) nor with
``--dirty`` (which updates ``site/`` in place by design).
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import IO

from ..core import messages

#: How long a build waits for another build of the same folder before giving up.
WAIT_SECONDS = 900.0
_POLL_SECONDS = 0.2


class PublishError(RuntimeError):
    """The site cannot be published (the message says why and what to do)."""


class Publication:
    """One build of ``site_dir``: a lock held, a temporary folder to write into."""

    def __init__(self, site_dir: Path, lock: IO[bytes], building: Path) -> None:
        self.site_dir = site_dir
        self.building = building
        self._lock: IO[bytes] | None = lock
        self._scratch: Path | None = None

    def scratch(self) -> Path:
        """A private folder beside the site for this build's own files, made at the first call and
        removed when the build publishes or fails (by the next build, if this one is killed)."""
        if self._scratch is None:
            name = self.building.name.replace(".building-", ".scratch-")
            self._scratch = self.building.with_name(name)
            self._scratch.mkdir(mode=0o700)
        return self._scratch

    @classmethod
    def begin(cls, site_dir: Path, *, wait: float = WAIT_SECONDS, say: object = None) -> Publication:
        """Take the lock of ``site_dir`` (waiting for another build, up to ``wait`` seconds), remove
        what killed builds left, and make the folder this build writes into."""
        site_dir = Path(os.path.abspath(site_dir))
        parent = site_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        lock = _lock(parent / f".{site_dir.name}.lock", wait, say)
        try:
            for left in [*parent.glob(f".{site_dir.name}.building-*"), *parent.glob(f".{site_dir.name}.scratch-*")]:
                shutil.rmtree(left, ignore_errors=True)  # a build killed before it published
            building = parent / f".{site_dir.name}.building-{os.getpid()}-{secrets.token_hex(4)}"
            building.mkdir()
        except BaseException:
            lock.close()
            raise
        return cls(site_dir, lock, building)

    def commit(self) -> None:
        """Swap the new site in, remove the old one, release the lock."""
        try:
            if not self.site_dir.exists() and not self.site_dir.is_symlink():
                os.rename(self.building, self.site_dir)
            elif _exchange(self.building, self.site_dir):
                shutil.rmtree(self.building, ignore_errors=True)  # now the previous site
            else:
                previous = self.building.with_name(self.building.name.replace(".building-", ".previous-"))
                os.rename(self.site_dir, previous)
                os.rename(self.building, self.site_dir)
                shutil.rmtree(previous, ignore_errors=True)
        finally:
            self.release()

    def abandon(self) -> None:
        """The build failed: its folder is removed, ``site_dir`` stays as it was."""
        try:
            shutil.rmtree(self.building, ignore_errors=True)
        finally:
            self.release()

    def release(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
        if self._lock is not None:
            self._lock.close()  # closing the file releases the flock
            self._lock = None

    @property
    def active(self) -> bool:
        return self._lock is not None


def _lock(path: Path, wait: float, say: object) -> IO[bytes]:
    """An exclusive ``flock`` on ``path`` (created if needed), waiting up to ``wait`` seconds."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock, but still the swap
        return open(os.devnull, "rb")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    stream = os.fdopen(fd, "r+b")
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return stream
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                stream.close()
                raise
        if time.monotonic() >= deadline:
            stream.close()
            site = path.parent / path.name[1:].removesuffix(".lock")
            raise PublishError(messages.say("_serve", "site-locked", site=site, seconds=f"{wait:.0f}", lock=path))
        if not told and callable(say):
            say(messages.say("_serve", "waiting-for-lock", lock=path))
            told = True
        time.sleep(_POLL_SECONDS)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); ``False`` when
    the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
