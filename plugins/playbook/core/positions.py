"""Positions in an entry's text, for messages: 1-based lines and columns as editors count them
(:class:`LineMap`, :func:`byte_position`, :func:`char_position`), a value's start cut for a
message (:func:`excerpt`), and the shape of the lines around a position (:func:`block_above`,
:func:`glued_field`). Plain text work: no YAML parser here (:func:`loader.locate` finds a key's
position by reading the file).
"""

from __future__ import annotations

import bisect
import re
from typing import Any


class LineMap:
    """Lines as git, GitHub and editors count them (after each ``\\n`` only).

    libyaml also starts a new line after U+0085, U+2028 and U+2029 (and ``splitlines()`` does
    too), so its line numbers are wrong in a file holding one of them. Its marks also carry the
    character offset: in such a file, positions are computed from that offset instead."""

    def __init__(self, text: str | None) -> None:
        self.starts = None if text is None else [0] + [m.end() for m in re.finditer("\n", text)]

    @classmethod
    def of(cls, text: str) -> LineMap:
        odd = "\x85" in text or "\u2028" in text or "\u2029" in text
        return cls(text if odd else None)

    def position(self, mark: Any) -> tuple[int, int]:
        """1-based (line, column) of a libyaml mark."""
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        return self.offset_position(mark.index)

    def offset_position(self, offset: int) -> tuple[int, int]:
        assert self.starts is not None
        row = bisect.bisect_right(self.starts, offset) - 1
        return row + 1, offset - self.starts[row] + 1


#: ``title:La …``: a field's name glued to its value (no space after the colon).
_GLUED_FIELD = re.compile(r"([ \t]*)([A-Za-z_][A-Za-z0-9_-]*):([^\s/:][^\n]*)")
#: ``field:`` or ``field: value`` at the start of a line.
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?:[ \t]|$)")
#: ``body: |`` (or ``>``, with ``-``, ``+``, a digit): a block scalar's header, its key.
_BLOCK_HEADER = re.compile(r"[ \t]*(?:- +)?([A-Za-z_][A-Za-z0-9_-]*): *[|>][-+0-9]* *(?:#.*)?")


def excerpt(text: str, size: int = 24) -> str:
    """The start of ``text`` for a message, « … » where it is cut."""
    return text if len(text) <= size else text[:size].rstrip() + "…"


def glued_field(line: str) -> tuple[int, str, str] | None:
    """(column after the colon, key, value) when ``line`` is ``key:value`` (no space)."""
    match = _GLUED_FIELD.fullmatch(line)
    if match is None:
        return None
    return match.end(2) + 2, match.group(2), match.group(3).rstrip()


def block_above(lines: list[str], error_line: int) -> str | None:
    """The key of the top-level block scalar (``body: |``) that ``error_line``, a line of text
    at the margin, seems to belong to: the lines above it, up to that header, are blank or
    indented (at least one). One walk up, over that block only."""
    if not 0 < error_line <= len(lines):
        return None
    this = lines[error_line - 1]
    if not this.strip() or this[:1] in (" ", "\t", "#", '"', "'") or _FIELD.match(this) or _GLUED_FIELD.fullmatch(this):
        return None  # (a field of its own, or a quoted key: not a line of the block)
    seen_text = False
    for number in range(error_line - 1, 0, -1):
        above = lines[number - 1]
        if not above.strip():
            continue
        if above[:1] in (" ", "\t"):
            seen_text = True
            continue
        match = _BLOCK_HEADER.fullmatch(above)
        return match.group(1) if match is not None and seen_text else None
    return None


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return line, col


def char_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1
