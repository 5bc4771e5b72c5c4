"""libyaml's errors (English, at a mark) rewritten as located problems in the run's language.

:func:`syntax_problem` reads the lines around the mark to name the likely mistake (a value
glued to its key, a quote left open, text after a closing quote, a tab, a block's line at the
margin...) and says how to fix it; :func:`reader_problem` places a character the reader refused.
"""

from __future__ import annotations

import re

import yaml

from .messages import quote, say
from .positions import LineMap, block_above, byte_position, excerpt, glued_field
from .problems import Problem


def syntax_problem(display: str, text: str, exc: yaml.MarkedYAMLError, positions: LineMap | None = None) -> Problem:
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    positions = positions or LineMap.of(text)
    mark = exc.problem_mark or exc.context_mark
    line, col = positions.position(mark) if mark else (1, 1)
    lines = text.split("\n")

    def line_text(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    opened = _quote_still_open(lines, line)
    if opened is not None:
        q_line, q_col, opener = opened
        return Problem(
            display,
            q_line,
            q_col,
            say("syntax", "quote-open-on-line", quote=opener),
            say("syntax", "close-on-line", quote=opener, line=q_line),
            code="syntax",
        )
    # Tabs: in the indentation of the reported line or of the one before it.
    for n in (line, line - 1):
        this = line_text(n)
        indent = this[: len(this) - len(this.lstrip(" \t"))]
        if "\t" in indent or ("'\\t'" in problem and n == line and "\t" in this):
            return Problem(
                display,
                n,
                this.index("\t") + 1,
                say("tab", "message"),
                say("tab", "use-spaces"),
                code="tab",
            )
    # Text YAML could not read as 'field: value' runs on to the next line, whose ':' is where
    # the error is found; the line to change is where that text starts (the context's mark).
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        line, col = positions.position(exc.context_mark)
    # A field written without its space ('title:La …').
    glued = glued_field(line_text(line)) if "could not find expected ':'" in problem else None
    if glued is not None:
        g_col, key, rest = glued
        return Problem(
            display,
            line,
            g_col,
            say("syntax", "no-space-after-colon", text=quote(f"{key}:{excerpt(rest)}")),
            say("syntax", "add-space", text=quote(f"{key}: {excerpt(rest)}")),
            code="syntax",
        )
    # A line of a block ('body: |') left without its indentation ends the block; YAML then reads
    # it as a new field, and a '**bold**' start as an alias.
    header = block_above(lines, line)
    if header is not None:
        this = line_text(line)
        return Problem(
            display,
            line,
            1,
            say("syntax", "not-indented", field=quote(header)),
            say("syntax", "indent-it", field=quote(header), line=quote(f"  {excerpt(this.strip())}")),
            code="syntax",
        )
    if "found unknown escape character" in problem:  # "C:\dossier", "\o/" between double quotes
        escape = line_text(line)[col - 1 : col + 1] or "\\"
        return Problem(
            display,
            line,
            col,
            say("syntax", "unknown-escape", escape=quote(escape)),
            say("syntax", "double-the-backslash"),
            code="syntax",
        )
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark is not None:
        start_line, start_col = positions.position(exc.context_mark)
        opener = line_text(start_line)[start_col - 1 : start_col] or '"'
        return Problem(
            display,
            start_line,
            start_col,
            say("syntax", "quote-never-closed", quote=opener),
            say("syntax", "close-on-same-line", quote=opener),
            code="syntax",
        )
    if "cannot start any token" in problem:
        char = line_text(line)[col - 1 : col] or "?"
        return Problem(
            display,
            line,
            col,
            say("syntax", "cannot-start", char=quote(char)),
            say("syntax", "quote-it", char=char),
            code="syntax",
        )
    if "expected alphabetic or numeric character" in problem:
        if exc.context_mark is not None:
            line, col = positions.position(exc.context_mark)
        char = line_text(line)[col - 1 : col]
        if char not in ("*", "&"):
            char = "*" if "alias" in context else "&"
        star = char == "*"
        return Problem(
            display,
            line,
            col,
            say("syntax", "alias-at-start" if star else "anchor-at-start"),
            say("syntax", "quote-star" if star else "quote-ampersand"),
            code="syntax",
        )
    if "found undefined tag handle" in problem:
        return Problem(
            display,
            line,
            col,
            say("syntax", "tag-at-start"),
            say("syntax", "quote-exclamation"),
            code="syntax",
        )
    closed = _closed_then_text(line_text(line), col)
    if "mapping values are not allowed" in problem:
        message, hint = say("syntax", "colon-in-text"), say("syntax", "quote-or-block")
    elif closed in ("'", '"'):
        message, hint = say("syntax", "text-after-quote"), say("syntax", "double-the-apostrophe")
    elif closed in ("]", "}"):
        message = say("syntax", "text-after-bracket", closing=quote(closed))
        hint = say("syntax", "quote-bracketed-text", opening=quote("[" if closed == "]" else "{"))
    elif any(s in problem for s in ("did not find expected key", "expected <block end>", "expected '-' indicator")):
        message, hint = say("syntax", "does-not-fit"), say("syntax", "check-indentation")
    elif "could not find expected ':'" in problem:
        message, hint = say("syntax", "not-field-value"), say("syntax", "one-field-per-line")
    elif "while parsing a flow" in context and exc.context_mark is not None:
        start_line, start_col = positions.position(exc.context_mark)
        bracket = line_text(start_line)[start_col - 1 : start_col] or "["
        closing = {"[": "]", "{": "}"}.get(bracket, "]")
        return Problem(
            display,
            start_line,
            start_col,
            say("syntax", "bracket-not-closed", bracket=quote(bracket)),
            say("syntax", "close-bracket", closing=quote(closing)),
            code="syntax",
        )
    else:  # libyaml's own words (English): what it found, at least located
        message, hint = say("syntax", "other", problem=problem), say("syntax", "check-indentation-and-quotes")
    return Problem(display, line, col, message, hint, code="syntax")


#: A line whose value starts with a quote: ``key: "...``, ``- "...``, ``- key: '...``.
_QUOTED_VALUE = re.compile(r"[ \t]*(?:- +)?(?:[^\s\"'#:][^:\n]*: +)?([\"'])")


def _quote_still_open(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of a quoted value opened on an earlier line and closed only on the
    line of the error ``error_line``: YAML lets a quoted text run over several lines, so a
    missing closing quote swallows every line down to the next quote of the same kind, where the
    error is then found. One walk over the lines (each is looked at once)."""
    number = 1
    while number < error_line:
        line = lines[number - 1]
        match = _QUOTED_VALUE.match(line)
        if match is None:
            number += 1
            continue
        quote = match.group(1)
        end_line, _ = _closing_quote(lines, number - 1, match.end(), quote)
        if end_line == number - 1:
            number += 1
            continue
        if end_line + 1 == error_line:
            return number, match.end(), quote
        if end_line < 0 or end_line + 1 > error_line:
            return None
        number = end_line + 2
    return None


def _closing_quote(lines: list[str], row: int, col: int, quote: str) -> tuple[int, int]:
    """(row, column), 0-based, of the quote that closes the one before ``lines[row][col]``, or (-1, -1)."""
    while row < len(lines):
        line = lines[row]
        while col < len(line):
            char = line[col]
            if quote == '"' and char == "\\":
                col += 2
                continue
            if char == quote:
                if quote == "'" and line[col + 1 : col + 2] == "'":
                    col += 2
                    continue
                return row, col
            col += 1
        row, col = row + 1, 0
    return -1, -1


def _closed_then_text(line: str, col: int) -> str:
    """The quote or bracket that closed a value just before ``col`` ('L'effet', [Brouillon] titre), or ''."""
    before = line[: col - 1].rstrip()
    after = line[col - 1 :].strip()
    match = re.match(r"^\s*(?:- +)?(?:[\w-]+: +)?(['\"\[{])", line)
    if not before or not after or not match:
        return ""
    opening = match.group(1)
    closing = {"[": "]", "{": "}"}.get(opening, opening)
    return closing if before.endswith(closing) else ""


def reader_problem(display: str, text: str, exc: yaml.YAMLError) -> Problem:
    position = getattr(exc, "position", 0) or 0
    encoded = text.encode("utf-8")
    line, col = byte_position(encoded, min(position, len(encoded)))
    reason = getattr(exc, "reason", "") or str(exc)
    return Problem(
        display,
        line,
        col,
        say("encoding", "refused-character", reason=reason),
        say("encoding", "delete-it"),
        code="encoding",
    )
