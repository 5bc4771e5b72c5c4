#!/usr/bin/env python3
"""The site on GitHub Pages, served from the ``gh-pages`` branch: the site of ``main`` at its root,
the preview of each pull request from this repository under ``pr-previews/<number>/``.

One branch holds them all because a Pages deployment made with ``actions/deploy-pages`` replaces
the whole site: it cannot keep several previews beside the published site (the scheme of
rossjrw/pr-preview-action). The repository's Pages source must be « Deploy from a branch »,
``gh-pages``, ``/ (root)``. Standard library only: the workflows that publish run it from the
default branch, with a token that can write, without installing anything.

Usage::

    python3 scripts/pages.py url [--preview N]        # the address pages are served at
    python3 scripts/pages.py publish SITE [--preview N] # SITE's files to the root (or to pr-previews/N/)
    python3 scripts/pages.py remove --preview N         # a closed pull request's preview removed

``url``: ``PLAYBOOK_SITE_URL`` when set (the repository variable of a custom domain), else
``https://<owner>.github.io/<name>/`` from ``GITHUB_REPOSITORY``. ``publish`` and ``remove`` clone
the branch (``--remote``, default: the repository on ``GITHUB_SERVER_URL``, authenticated with
``GH_TOKEN`` through git's environment, never on a command line), change one folder, commit and
push, trying again from the new tip if another job pushed meanwhile. Publishing the root keeps
``pr-previews/``; a preview replaces only its own folder. The files of SITE are checked first
(they come from an artefact: untrusted): regular files and folders only, no ``.git``, at most
:data:`MAX_FILES` files and :data:`MAX_BYTES` bytes.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

BRANCH = "gh-pages"
PREVIEWS = "pr-previews"
MAX_FILES = 20_000
MAX_BYTES = 500 * 1024 * 1024
ATTEMPTS = 4
AUTHOR = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


class PagesError(Exception):
    """What went wrong, said plainly (printed as a workflow error)."""


def site_url(environ: Mapping[str, str] = os.environ, preview: int | None = None) -> str:
    """Where the site is served (with a trailing slash); with ``preview``, where that preview is."""
    custom = environ.get("PLAYBOOK_SITE_URL", "").strip()
    if custom:
        if not re.fullmatch(r"https?://[^\s\"'<>\\]+", custom):
            raise PagesError(f"PLAYBOOK_SITE_URL is not an http(s) address: {custom!r}")
        base = custom.rstrip("/") + "/"
    else:
        repository = environ.get("GITHUB_REPOSITORY", "")
        if not re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", repository):
            raise PagesError("GITHUB_REPOSITORY is not set (owner/name): set PLAYBOOK_SITE_URL instead")
        owner, name = repository.split("/")
        owner = owner.lower()  # a host name; the repository's name keeps its case in the path
        base = (
            f"https://{owner}.github.io/"
            if name.lower() == f"{owner}.github.io"
            else f"https://{owner}.github.io/{name}/"
        )
    return base + (f"{PREVIEWS}/{preview}/" if preview is not None else "")


def check_site(site: Path) -> None:
    """Refuse what a site built by MkDocs never holds: links, devices, ``.git``, too many bytes."""
    if not site.is_dir() or site.is_symlink():
        raise PagesError(f"{site}: not a folder")
    if not (site / "index.html").is_file():
        raise PagesError(f"{site}: no index.html, this is not a built site")
    files = size = 0
    pending = [site]
    while pending:
        folder = pending.pop()
        for item in os.scandir(folder):
            shown = os.path.relpath(item.path, site)
            if item.name == ".git" or item.is_symlink():
                raise PagesError(f"{shown}: a link or a .git entry, refused")
            if item.is_dir(follow_symlinks=False):
                pending.append(Path(item.path))
            elif item.is_file(follow_symlinks=False):
                files += 1
                size += item.stat(follow_symlinks=False).st_size
            else:
                raise PagesError(f"{shown}: not a regular file, refused")
            if files > MAX_FILES or size > MAX_BYTES:
                raise PagesError(f"the site holds more than {MAX_FILES} files or {MAX_BYTES} bytes, refused")


def _git(work: Path | None, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = ["git", *(["-C", str(work)] if work is not None else []), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=_git_environment(), check=False)
    if check and done.returncode != 0:
        raise PagesError(f"git {args[0]} failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    return done


def _git_environment() -> dict[str, str]:
    """git's environment: the token (if any) as an HTTP header given through GIT_CONFIG_*, and a
    configuration of our own (no user or system settings, no credential helper)."""
    environment = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": AUTHOR[0],
        "GIT_AUTHOR_EMAIL": AUTHOR[1],
        "GIT_COMMITTER_NAME": AUTHOR[0],
        "GIT_COMMITTER_EMAIL": AUTHOR[1],
    }
    token = os.environ.get("GH_TOKEN", "")
    if token:
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        environment |= {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"http.{server}/.extraheader",
            "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {basic}",
        }
    return environment


def default_remote() -> str:
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    if not repository:
        raise PagesError("GITHUB_REPOSITORY is not set: give --remote")
    return os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/") + f"/{repository}.git"


def _checkout(remote: str, work: Path) -> None:
    """The tip of the branch in ``work`` (a new, empty branch when the remote has none yet)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    _git(work, "init", "-q")
    _git(work, "remote", "add", "origin", remote)
    listed = _git(work, "ls-remote", "--heads", "origin", BRANCH)
    if listed.stdout.strip():
        _git(work, "fetch", "-q", "--depth=1", "origin", BRANCH)
        _git(work, "checkout", "-q", "-B", BRANCH, "FETCH_HEAD")
    else:
        _git(work, "checkout", "-q", "--orphan", BRANCH)


def _replace(work: Path, folder: str, site: Path | None) -> None:
    """``folder`` of the branch (``""``: the root, keeping pr-previews/) made equal to ``site``
    (``None``: removed)."""
    target = work / folder if folder else work
    if target.exists():
        for item in target.iterdir():
            if item.name == ".git" or (not folder and item.name == PREVIEWS):
                continue
            shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
        if folder and site is None:
            target.rmdir()
    if site is not None:
        shutil.copytree(site, target, dirs_exist_ok=True, symlinks=True)
    (work / ".nojekyll").touch()  # served as they are: no Jekyll step that would drop _files


def update(remote: str, folder: str, site: Path | None, message: str) -> bool:
    """Commit and push the change; ``False`` when the branch already holds exactly that."""
    with tempfile.TemporaryDirectory(prefix="pages-") as temporary:
        work = Path(temporary) / "branch"
        for attempt in range(1, ATTEMPTS + 1):
            _checkout(remote, work)
            _replace(work, folder, site)
            _git(work, "add", "-A")
            if not _git(work, "status", "--porcelain").stdout.strip():
                return False
            _git(work, "commit", "-q", "-m", message)
            pushed = _git(work, "push", "-q", "origin", f"HEAD:refs/heads/{BRANCH}", check=False)
            if pushed.returncode == 0:
                return True
            print(f"push refused (attempt {attempt} of {ATTEMPTS}), trying again from the new tip", file=sys.stderr)
    raise PagesError(f"could not push to {BRANCH} after {ATTEMPTS} attempts")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/pages.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    url = commands.add_parser("url", help="print the address the site (or a preview) is served at")
    url.add_argument("--preview", type=int, metavar="N", help="a pull request's number")
    publish = commands.add_parser("publish", help="publish a built site at the root, or as a preview")
    publish.add_argument("site", type=Path)
    publish.add_argument("--preview", type=int, metavar="N")
    publish.add_argument("--remote", help="the repository to push to (default: this one on GitHub)")
    remove = commands.add_parser("remove", help="remove a pull request's preview")
    remove.add_argument("--preview", type=int, metavar="N", required=True)
    remove.add_argument("--remote")
    args = parser.parse_args(argv)
    try:
        if args.command == "url":
            print(site_url(preview=args.preview))
            return 0
        if args.preview is not None and args.preview <= 0:
            raise PagesError("--preview: a pull request's number is a positive whole number")
        folder = f"{PREVIEWS}/{args.preview}" if args.preview is not None else ""
        remote = args.remote or default_remote()
        if args.command == "publish":
            check_site(args.site)
            what = f"preview of pull request #{args.preview}" if folder else "site"
            changed = update(remote, folder, args.site, f"Publish the {what}")
        else:
            changed = update(remote, folder, None, f"Remove the preview of pull request #{args.preview}")
    except PagesError as error:
        print("::error::" + str(error).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        return 1
    print(f"{BRANCH}: {folder or '/'} {'updated' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
