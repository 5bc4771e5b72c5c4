"""The playbook's edition: its date, which readers see, and its exact version, which maintainers
need (printed small at the foot of every sheet, in the exports and in the issues readers open), so
paper can be traced.

Never "now": two builds of the same content must be byte-identical. Each value is taken from
the first of these that is set:

- version: the plugin option ``version``; else ``git describe --tags --always --dirty`` of the
  project (a commit hash, or a tag; " (modifiée)" when the work tree has uncommitted changes);
  else "non renseignée".
- date: the plugin option ``date`` (``YYYY-MM-DD``); else the ``SOURCE_DATE_EPOCH`` environment
  variable (the reproducible-builds convention, seconds since 1970, read as UTC); else the
  committer date of the project's last git commit (UTC); else "non renseignée".
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .messages import quote, say

UNKNOWN = "non renseignée"

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class EditionError(ValueError):
    """A configured version or date that cannot be used (the message says which and why)."""


@dataclass(frozen=True)
class Edition:
    """What a printed sheet says about the playbook it comes from."""

    version: str = UNKNOWN
    date: dt.date | None = None
    version_from: str = "none"  #: "option", "git" or "none"
    date_from: str = "none"  #: "option", "SOURCE_DATE_EPOCH", "git" or "none"
    #: The work tree has uncommitted changes: the date is the last commit's, older than what is
    #: being written (a change note of today, in `make serve`, before it is committed).
    uncommitted: bool = False

    @property
    def date_text(self) -> str:
        """The date in French ("1er juin 2025"), or "non renseignée"."""
        if self.date is None:
            return UNKNOWN
        return french_date(self.date)

    @property
    def iso_date(self) -> str | None:
        return self.date.isoformat() if self.date else None

    @property
    def text(self) -> str:
        """The edition as readers see it: a date ("édition du 1er juin 2025")."""
        return f"édition du {self.date_text}" if self.date else "édition non datée"

    @property
    def version_text(self) -> str:
        """The exact version, for maintainers: printed small on sheets, in the exports and in the
        issues readers open ("version 2025.1", "version e13f362")."""
        return f"version {self.version}"

    @property
    def full_text(self) -> str:
        """Both, as the foot of a printed sheet and an issue say it."""
        return f"{self.text} · {self.version_text}"


def french_date(day: dt.date) -> str:
    """ "1er juin 2026", "22 novembre 2026"."""
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"


def parse_date(value: object, origin: str) -> dt.date:
    """A ``YYYY-MM-DD`` string (or a date already parsed by YAML) → date; else :class:`EditionError`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise EditionError(say("_build", "not-a-date", origin=origin, value=quote(value)))


def _epoch_date(value: str, origin: str) -> dt.date:
    try:
        seconds = int(value.strip())
    except ValueError:
        raise EditionError(say("_build", "not-an-epoch", origin=origin, value=quote(value))) from None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()


def _git(project_dir: Path, *args: str) -> str | None:
    """Output of a git command in ``project_dir``, or ``None`` (no git, not a repository...)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(project_dir), *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None


def resolve(
    project_dir: Path, *, version: str | None = None, date: object = None, env: Mapping[str, str] | None = None
) -> Edition:
    """The edition of the playbook in ``project_dir``; see the module docstring for the order."""
    env = os.environ if env is None else env
    uncommitted = False
    if version is not None and str(version).strip():
        version_text, version_from = str(version).strip(), "option"
    else:
        described = _git(project_dir, "describe", "--tags", "--always", "--dirty=+modified")
        uncommitted = bool(described and described.endswith("+modified"))
        if described:
            version_text = described.replace("+modified", " (modifiée)")
            version_from = "git"
        else:
            version_text, version_from = UNKNOWN, "none"
    if date is not None and str(date).strip():
        day: dt.date | None = parse_date(date, say("_build", "date-option"))
        date_from = "option"
    elif env.get("SOURCE_DATE_EPOCH", "").strip():
        day, date_from = _epoch_date(env["SOURCE_DATE_EPOCH"], "SOURCE_DATE_EPOCH"), "SOURCE_DATE_EPOCH"
    else:
        stamp = _git(project_dir, "log", "-1", "--format=%ct")
        day = _epoch_date(stamp, "git log") if stamp else None
        date_from = "git" if day else "none"
    return Edition(version_text, day, version_from, date_from, uncommitted)
