"""Markdown bodies at render time: ``[[id]]`` references, code masking, attribute lists, guards.

``[[coolblue-retard-livraison]]`` (or ``[[id|autre texte]]``) in a body becomes a link to that
entry, showing its title; references inside code spans and fenced code are left alone
(:func:`mask_code`). A reference stays on one line. Attribute lists that use a forbidden or
reserved name are removed (:func:`clean_attr_lists`); :func:`guard_markdown` keeps
Python-Markdown linear. What validation reports about a body (raw HTML, unsafe links, images
from another site...) is :mod:`playbook.core.markdown_lint`'s job.

Every scan here sees contributor text, so every scan is linear in the text's length: each is a
left-to-right walk with ``str.find`` or a regular expression that cannot backtrack (a single
character class, a fixed string, or a match anchored at one position whose parts cannot
overlap). None of them retries a failed match from every later position over the same text:
where a match fails, the walk jumps past the character that made it fail. :data:`COST` counts
the characters and tokens each walk examines (a deterministic measure of work, which the tests
compare for a text and the same text ten times longer).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple


class ScanCost:
    """Characters and tokens examined by the scans of this module since the last :meth:`reset`."""

    steps = 0

    def reset(self) -> None:
        self.steps = 0


COST = ScanCost()

# Each pattern below matches at one position without backtracking into overlapping alternatives.
_FENCE_LINE = re.compile(r"( {0,3})(`{3,}|~{3,})")  #: the start of a fence line (anchored: .match)
_CLOSING_REST = re.compile(r"[ \t]*")  #: what may follow a closing fence
_BACKTICKS = re.compile(r"`+")
_NOT_NEWLINE = re.compile(r"[^\n]")
#: Ids and classes of the theme (mkdocs-material: ``md-``, ``__search``...) and of the plugin
#: (``pb-``), and the ids of the plugin's own page parts: an attribute list may not use them.
RESERVED_PREFIXES = ("md-", "__", "pb-")
RESERVED_IDS = frozenset({"liste-imprimable"})


class Ref(NamedTuple):
    """One ``[[id]]`` or ``[[id|label]]``: where it is (``[[`` to ``]]``), the id, the label (a
    named tuple: made for every reference of every body, at a third of a frozen dataclass's cost)."""

    begin: int
    finish: int
    target: str
    label: str | None


def mask_code(text: str) -> str:
    """``text`` with fenced code and code spans blanked out (same length, same line breaks).

    A fence is a line of 3 or more backticks or tildes (indented by at most 3 spaces); it ends at
    the next line holding the same fence (same indent, same characters, same count) and nothing
    else but spaces; a fence that never ends is text. A code span runs from a run of N backticks
    to the next run of exactly N; a run with no such partner is text."""
    if "`" not in text and ("~" not in text or "~~~" not in text):  # no code: the common case, no pass
        return text
    blanks = _fences(text)
    if blanks:
        pieces, last = [], 0
        for start, end in blanks:
            pieces.append(text[last:start])
            pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
        COST.steps += len(text)
    spans = _code_spans(text)
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    pieces.append(text[last:])
    COST.steps += len(text)
    return "".join(pieces)


def _fences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every fenced block, in order: one pass over the lines, then one per fence."""
    starts: list[int] = []  # offset of each line
    openers: list[tuple[int, str, str] | None] = []  # (line, indent, fence) where a line opens one
    closers: dict[tuple[str, str], list[int]] = {}  # (indent, fence) → lines that can close it
    offset = 0
    for number, line in enumerate(text.split("\n")):
        starts.append(offset)
        offset += len(line) + 1
        COST.steps += 1
        found = _FENCE_LINE.match(line) if ("`" in line or "~" in line) else None
        if found is None:
            openers.append(None)
            continue
        indent, fence = found.group(1), found.group(2)
        if fence[0] == "`" and "`" in line[found.end() :]:
            openers.append(None)  # an info string with a backtick: a code span, not a fence
        else:
            openers.append((number, indent, fence))
        if _CLOSING_REST.match(line, found.end()).end() == len(line):  # type: ignore[union-attr]
            closers.setdefault((indent, fence), []).append(number)
    starts.append(offset)
    blocks: list[tuple[int, int]] = []
    next_closer: dict[tuple[str, str], int] = {}  # how far each list of closers was walked
    number = 0
    while number < len(openers):
        opened = openers[number]
        if opened is None:
            number += 1
            continue
        _, indent, fence = opened
        candidates = closers.get((indent, fence), [])
        at = next_closer.get((indent, fence), 0)
        while at < len(candidates) and candidates[at] <= number:
            at += 1
            COST.steps += 1
        next_closer[(indent, fence)] = at
        if at == len(candidates):
            number += 1  # never closed: text
            continue
        closing = candidates[at]
        blocks.append((starts[number], min(starts[closing + 1] - 1, len(text))))
        number = closing + 1
    return blocks


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every code span: each run of backticks paired with the next run of its length."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    COST.steps += len(runs)
    following: list[int] = [-1] * len(runs)  # index of the next run of the same length
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = runs[index][1] - runs[index][0]
        following[index] = seen.get(size, -1)
        seen[size] = index
    spans = []
    index = 0
    while index < len(runs):
        partner = following[index]
        if partner < 0:
            index += 1
            continue
        spans.append((runs[index][0], runs[partner][1]))
        index = partner + 1
    return spans


def may_produce_markup(text: str) -> bool:
    """Whether Markdown ``text`` could become more than plain formatted text: raw HTML or an
    autolink (``<``), a link or an image (``](``, ``][``, ``]:``), attributes (``{`` with
    ``attr_list``). Without any of these, the standard extensions turn it into paragraphs,
    emphasis, lists, headings, tables and code only: nothing for a sanitizer to remove."""
    return "<" in text or "{" in text or bracket_followed_by(text, "([:")


def bracket_followed_by(text: str, chars: str) -> bool:
    """Whether some ``]`` in ``text`` is followed by one of ``chars``. A body's few ``]`` (those of
    its ``[[id]]``) are found at the speed of a single-character search, where each two-character
    ``in`` test would be a full pass of the slower substring search. Linear: each ``]`` once."""
    at = text.find("]")
    while at >= 0:
        after = text[at + 1 : at + 2]
        if after and after in chars:
            return True
        at = text.find("]", at + 1)
    return False


class NextIndex:
    """The next index of ``char`` in ``text`` at or after a position. Positions asked for never go
    back within one walk, so the answer is kept and reused: a text with no ``]`` at all is searched
    once, not once per ``[[``."""

    def __init__(self, text: str, char: str) -> None:
        self.text, self.char = text, char
        self.found = -1  # not searched yet

    def at(self, start: int) -> int:
        """Index of the next ``char`` at or after ``start``, or ``len(text)``."""
        if self.found < start:
            index = self.text.find(self.char, start)
            self.found = index if index >= 0 else len(self.text)
            COST.steps += self.found - start
        return self.found


def bracket_or_line_end(brackets: NextIndex, newlines: NextIndex, start: int) -> int:
    """Index of the first ``]`` or line break at or after ``start`` (``len(text)`` if none)."""
    return min(brackets.at(start), newlines.at(start))


def iter_refs(text: str) -> Iterator[Ref]:
    """Every ``[[id]]`` / ``[[id|label]]`` outside code, in order.

    A reference starts at the leftmost ``[[`` whose text up to the next ``]`` (on the same line)
    is followed by ``]]`` and reads ``id`` or ``id|label`` (each not blank once trimmed). Every
    ``[[`` between two stops (``]`` or a line break) shares the same end, so a failed stop is
    skipped as a whole."""
    if _next_pair(text, 0) < 0:
        return
    yield from _refs_in_masked(mask_code(text))


def _next_pair(text: str, start: int) -> int:
    """``text.find("[[", start)``, by a one-character search for ``[`` (several times faster than
    the two-character one on accented text) and a look at the next character. A body's ``[`` are
    nearly all those of its ``[[id]]``; each is looked at once, as the callers never go back."""
    at = text.find("[", start)
    while at >= 0 and not text.startswith("[", at + 1):
        at = text.find("[", at + 1)
    return at


def _refs_in_masked(masked: str) -> Iterator[Ref]:
    """:func:`iter_refs` in a text whose code is masked already."""
    size = len(masked)
    # bracket_or_line_end() with two NextIndex, inlined: this loop runs for every reference of every body
    bracket = newline = -1  # the next ']' and line break found so far (-1: not searched yet)
    at = _next_pair(masked, 0)
    while at >= 0:
        start = at + 2
        if bracket < start:
            bracket = masked.find("]", start)
            bracket = size if bracket < 0 else bracket
            COST.steps += bracket - start
        if newline < start:
            newline = masked.find("\n", start)
            newline = size if newline < 0 else newline
            COST.steps += newline - start
        stop = bracket if bracket < newline else newline
        COST.steps += 1
        if stop + 1 < size and masked[stop] == "]" and masked[stop + 1] == "]":
            ref = _ref_in(masked, at, stop)
            if ref is not None:
                yield ref
                at = _next_pair(masked, stop + 2)
                continue
        at = _next_pair(masked, stop)


def iter_open_refs(text: str) -> Iterator[int]:
    """The offset of every ``[[`` outside code that starts no reference (:func:`iter_refs`): a
    link broken over two lines, or never closed, which a reader would see as written. A ``[[``
    followed by ``[`` belongs to the reference that may start one character later. Linear: one
    pass over the references and one over the ``[[``."""
    return iter(refs_and_open_refs(text)[1])


def refs_and_open_refs(text: str) -> tuple[list[Ref], list[int]]:
    """:func:`iter_refs` and :func:`iter_open_refs` of ``text`` together, its code masked once
    (what the validator asks of every body)."""
    if _next_pair(text, 0) < 0:
        return [], []
    masked = mask_code(text)
    refs = list(_refs_in_masked(masked))
    if masked.count("[") == 2 * len(refs):
        # The usual body: each reference starts with two '[' of its own, so when that is every '['
        # there is, no '[[' is left outside one (a one-character count, instead of another walk).
        return refs, []
    return refs, list(_open_in_masked(masked, iter(refs)))


def _open_in_masked(masked: str, refs: Iterator[Ref]) -> Iterator[int]:
    """The open ``[[`` of a masked text whose references are ``refs``, in order."""
    ref = next(refs, None)
    at = masked.find("[[")
    while at >= 0:
        while ref is not None and ref.finish <= at:
            ref = next(refs, None)
        if ref is not None and ref.begin <= at:
            at = masked.find("[[", ref.finish)
            continue
        if not masked.startswith("[", at + 2):
            yield at
        at = masked.find("[[", at + 2)


def _ref_in(text: str, at: int, stop: int) -> Ref | None:
    """The leftmost reference among the ``[[`` from ``at`` on, all of which end at ``stop`` (``]]``).

    A start whose id is blank has only spaces up to its ``|``, so the next start is past that
    ``|``; a blank label is the same for every start before its ``|``, and nothing after it can
    start a reference: each character is looked at once."""
    while 0 <= at < stop:
        pipe = text.find("|", at + 2, stop)
        COST.steps += (pipe if pipe >= 0 else stop) - at
        target = text[at + 2 : pipe if pipe >= 0 else stop].strip()
        label = text[pipe + 1 : stop].strip() if pipe >= 0 else None
        if pipe >= 0 and not label:
            return None
        if target:
            return Ref(at, stop + 2, target, label)
        at = text.find("[[", at + 2, stop)
    return None


def expand_refs(text: str, link: Callable[[str, str | None], str]) -> str:
    """Replace each ``[[id]]`` outside code by ``link(id, label)``."""
    refs = list(iter_refs(text))
    if not refs:
        return text
    parts: list[str] = []
    last = 0
    for ref in refs:
        parts.append(text[last : ref.begin])
        parts.append(link(ref.target, ref.label))
        last = ref.finish
    parts.append(text[last:])
    return "".join(parts)


def iter_attr_lists(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every ``{...}`` on one line (an attribute list, for ``attr_list``): from the
    leftmost ``{`` to the next ``}``, unless a line break comes first (then the walk goes on after it)."""
    closing, newlines = NextIndex(text, "}"), NextIndex(text, "\n")
    at = text.find("{")
    while at >= 0:
        close, newline = closing.at(at + 1), newlines.at(at + 1)
        COST.steps += 1
        if close >= len(text):
            return
        if newline < close:
            at = text.find("{", newline)
            continue
        yield at, close + 1
        at = text.find("{", close + 1)


def attr_tokens(block: str) -> Iterator[tuple[int, str]]:
    """(offset, token) of the words of an attribute list's inside (``#id``, ``.class``, ``key=value``,
    ``key="a b"``): split on spaces outside quotes, in one pass."""
    start = -1
    quote = ""
    for index, char in enumerate(block):
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in " \t":
            if start >= 0:
                yield start, block[start:index]
                start = -1
            continue
        if start < 0:
            start = index
        if char in "\"'" and index > 0 and block[index - 1] == "=":
            quote = char
    if start >= 0:
        yield start, block[start:]


def _reserved(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(RESERVED_PREFIXES) or lowered in RESERVED_IDS


def forbidden_names(token: str) -> list[str]:
    """The ids and classes of ``token`` that belong to the theme or the plugin."""
    if token.startswith("#"):
        return [token[1:]] if _reserved(token[1:]) else []
    if token.startswith("."):
        return [token[1:]] if _reserved(token[1:]) else []
    key, sep, value = token.partition("=")
    if sep and key.strip().lower() in ("id", "class"):
        return [name for name in value.strip("\"'").split() if _reserved(name)]
    return []


def clean_attr_lists(text: str) -> str:
    """``text`` with the ids and classes of the theme and the plugin (:data:`RESERVED_PREFIXES`)
    removed from its attribute lists (outside code): content cannot take over an id the page's
    scripts look up (``#__search``) or dress up as the site's own interface (``.md-dialog``)."""
    if "{" not in text:
        return text
    masked = mask_code(text)
    pieces, last = [], 0
    for start, end in iter_attr_lists(masked):
        inner = start + (2 if masked.startswith("{:", start) else 1)
        drop = [
            (inner + offset, inner + offset + len(token))
            for offset, token in attr_tokens(masked[inner : end - 1])
            if forbidden_names(token)
        ]
        for begin, finish in drop:
            pieces.append(text[last:begin])
            last = finish
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


_BRACKET = re.compile(r"[\[\]()]")


def guard_brackets(text: str) -> str:
    """``text`` with a backslash before every ``[`` that cannot open a link, outside code.

    Python-Markdown looks for the end of a link from every ``[`` it meets, to the end of the
    paragraph: a run of ``[`` costs it quadratic time (29,500 ``[[`` keep a build busy for
    minutes). One pass pairs brackets and parentheses (a stack each); a ``[`` stays as it is only
    when its ``]`` is followed by ``(`` with its own ``)`` (a link or image), or by ``[`` or the text
    has definitions (``]:``, reference links), and when it is inside at most one other such
    ``[`` (an image in a link). Every other ``[`` is shown as the same ``[`` on the page, but
    Python-Markdown no longer searches from it. Nothing a reader sees changes."""
    if "[" not in text:
        return text
    masked = mask_code(text)
    brackets: dict[int, int] = {}
    parens: dict[int, int] = {}
    opened: list[int] = []
    opened_parens: list[int] = []
    found = [m.start() for m in _BRACKET.finditer(masked)]
    COST.steps += len(found)
    for at in found:
        char = masked[at]
        if at and masked[at - 1] == "\\":
            continue
        if char == "[":
            opened.append(at)
        elif char == "]":
            if opened:
                brackets[opened.pop()] = at
        elif char == "(":
            opened_parens.append(at)
        elif opened_parens:
            parens[opened_parens.pop()] = at
    definitions = "]:" in masked
    escaped: list[int] = []
    enclosing: list[int] = []  # the ']' of the links that enclose the current position
    for at in found:
        if masked[at] != "[" or (at and masked[at - 1] == "\\"):
            continue
        while enclosing and enclosing[-1] < at:
            enclosing.pop()
        close = brackets.get(at)
        after = masked[close + 1 : close + 2] if close is not None else ""
        link = close is not None and ((after == "(" and close + 1 in parens) or after == "[" or definitions)
        if link and len(enclosing) < 2:
            enclosing.append(close)  # type: ignore[arg-type]
        else:
            escaped.append(at)
    if not escaped:
        return text
    pieces, last = [], 0
    for at in escaped:
        pieces.append(text[last:at])
        pieces.append("\\")
        last = at
    pieces.append(text[last:])
    return "".join(pieces)


def guard_angles(text: str) -> str:
    """``text`` with ``&lt;`` for every ``<`` outside code that no ``>`` closes before the next ``<``.

    Such a ``<`` cannot start a tag, yet Python-Markdown's HTML handling tries each one to the
    end of the text (``<img <img <img ...``: quadratic). Shown as the same ``<`` on the page."""
    if "<" not in text:
        return text
    masked = mask_code(text)
    closing, opening = NextIndex(masked, ">"), NextIndex(masked, "<")
    escaped = []
    at = masked.find("<")
    while at >= 0:
        following = opening.at(at + 1)
        if closing.at(at + 1) >= following:  # no ">" before the next "<" (or none at all)
            escaped.append(at)
        at = following if following < len(masked) else -1
    if not escaped:
        return text
    pieces, last = [], 0
    for at in escaped:
        pieces.append(text[last:at])
        pieces.append("&lt;")
        last = at + 1
    pieces.append(text[last:])
    return "".join(pieces)


def guard_markdown(text: str) -> str:
    """``text`` as Python-Markdown can convert in linear time, looking the same on the page
    (:func:`guard_brackets`, :func:`guard_angles`)."""
    return guard_angles(guard_brackets(text))
