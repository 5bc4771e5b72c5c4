"""Errors are data: a :class:`Problem` names a file, a line, a column, what is wrong and a hint.

Every stage collects problems instead of raising; they are rendered once, at the edge (the CLI
or the MkDocs plugin), as plain text or as GitHub annotations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .messages import quote, say

#: Characters never printed as they are: a file name or a key holding a line break would forge
#: extra lines (a fake ``file:1:1: error``, a ``::error`` workflow command), an escape sequence
#: would drive the terminal. They are shown as ``\n``, ``\x1b``, ``\u2028``.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(text: str) -> str:
    """``text`` with every control character escaped (``\n``, ``\x1b``, ``\u202e``): safe to print."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(
        lambda m: (
            _NAMED.get(m.group())
            or (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}")
        ),
        text,
    )


def where(path: Sequence[str | int], whole: str) -> str:
    """How a message names the value at ``path`` of a YAML file: ``« relations.see_also[2] »`` (in
    English ``'relations.see_also[2]'``), or ``whole`` (``l'entrée``) for the file's root."""
    if not path:
        return whole
    text = str(path[0])
    for step in path[1:]:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return quote(text)


def where_in_entry(path: Sequence[str | int]) -> str:
    """:func:`where` in an entry: ``l'entrée`` names its root."""
    return where(path, say("_words", "the-entry"))


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content. ``line`` and ``column`` are 1-based (0 = unknown)."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    def format(self) -> str:
        """``file:line:column: severity [code]: message`` and the hint on the next line, in this
        run's language (``erreur``, ``piste :``); whatever the content's file names or keys hold,
        this is exactly one or two lines (:func:`shown`)."""
        severity = say("_words", self.severity.value)
        text = f"{shown(self.path)}:{self.line}:{self.column}: {severity} [{self.code}]: {shown(self.message)}"
        if self.hint:
            text += f"\n  {say('_words', 'hint')} {shown(self.hint)}"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown on the changed line of a pull request."""
        level = "error" if self.severity is Severity.ERROR else "warning"
        message = shown(self.message) + (
            f" ({say('_words', 'hint-inline', hint=shown(self.hint))})" if self.hint else ""
        )
        props = f"file={_gh_prop(shown(self.path))},line={max(self.line, 1)},col={max(self.column, 1)}"
        return f"::{level} {props},title=playbook {self.code}::{_gh_data(message)}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable order for output: by file, then position, then message."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.message, p.code))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    ordered = sort_problems(problems)
    if fmt == "github":
        return "\n".join(p.format_github() for p in ordered)
    return "\n".join(p.format() for p in ordered)


class PlaybookError(Exception):
    """Raised at the edge when content has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sort_problems(problems)
        count = sum(1 for p in self.problems if p.severity is Severity.ERROR)
        header = say("_words", "errors-header", count=count, plural="s" if count != 1 else "")
        super().__init__(header + "\n" + format_problems(self.problems))
