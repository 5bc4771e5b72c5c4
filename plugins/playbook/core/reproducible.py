"""Reproducible builds: the site's date comes from the content, never from the clock.

MkDocs stamps the sitemap (``<lastmod>``, the ``.gz`` header) and ``build_date_utc`` with the
build time unless ``SOURCE_DATE_EPOCH`` is set (https://reproducible-builds.org/specs/source-date-epoch/).
:func:`content_epoch` gives that date: the last git commit that touched the content (the entries,
the hand-written pages, ``mkdocs.yml``), else the last commit, else the newest modification time of
those files. Two builds of the same content are then byte-identical, on any day.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path


def content_epoch(project: Path, content: Iterable[Path]) -> int | None:
    """Seconds since the epoch for the content under ``project`` (``None`` when there is nothing)."""
    paths = [p for p in content if p.exists()]
    for scope in ([str(p) for p in paths], []):
        stamp = _git_time(project, scope)
        if stamp is not None:
            return stamp
    times = [f.stat().st_mtime for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    return int(max(times)) if times else None


def _git_time(project: Path, scope: list[str]) -> int | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(project), "log", "-1", "--format=%ct", "--", *scope],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None
