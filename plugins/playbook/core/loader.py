"""Strict, safe loading of entry files: bytes → Python data, or located problems.

- UTF-8 only (a BOM is accepted); files over :data:`spec.MAX_FILE_BYTES` are refused unread.
- Every text is NFC-normalised here, once, before anything reads it: a file saved
  in decomposed Unicode (``e`` + U+0301, as macOS often pastes it) gives the same data as one
  saved precomposed (:func:`spec.nfc`), so validation, pages and the search index see one spelling;
  so does a double-quoted value whose escapes write a decomposed letter (``"e\\u0301"``).
- Parsed by libyaml's C parser as a flat stream of events, turned into data by an iterative
  pass (no recursion, so no nesting depth can crash it) with our own resolver: only
  ``true``/``false``, decimal integers and ``null`` are typed; everything else stays text. Plain
  (unquoted) values that YAML 1.1 tools would turn into something else (``Non``, ``oui``, ``off``,
  ``2024-01-01``, ``1.10``) are reported with a request to quote them, so no reader of the file
  ever sees ``False`` where text was meant.
- Refused, each at its own line and column: several documents, anchors and aliases (never
  expanded: no "billion laughs"), tags (``!!python/object...`` is never constructed, nothing is
  executed), duplicate keys, keys that are not names, nesting deeper than :data:`MAX_DEPTH` (reading
  stops there: the file is refused as a whole).
  A refused value is kept as ``None`` and its path recorded in :attr:`LoadedFile.refused`, so
  later checks do not pile up consequences of the same mistake.
- Two passes: a quick one (:func:`_read_quickly`) builds the data of an ordinary file and gives
  up at the first sign of anything reported here (or of a syntax error); the careful one
  (:class:`_Reader`) then reads that file again from the start. Only the careful pass reports
  problems, so what is reported, and where, does not depend on the quick one.
- Positions: problems found while reading carry the event's line and column. Problems found
  later (schema, links) are made by :func:`problem_at`, located by :func:`locate`, which reads
  the file again recording positions: line/column work is only done when there is something to
  report. Lines and columns as editors count them are :mod:`playbook.core.positions`'; libyaml's
  own errors are said in the contributor's words by :mod:`playbook.core.yaml_messages`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import BaseResolver

from . import spec
from .corpus import why_unreadable
from .messages import language, quote, say
from .positions import LineMap, byte_position, char_position
from .problems import Problem, Severity
from .schema import expected_types, expects_date
from .yaml_messages import reader_problem, syntax_problem

try:  # libyaml's parser; PyYAML wheels ship it.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str | bytes) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


MAX_DEPTH = 16

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"

Path_ = tuple[str | int, ...]


class _StrictResolver(BaseResolver):
    """Types only what is unambiguous in every YAML version; the rest is text."""


_TYPED = [
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    (_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
]
for _typed in _TYPED:
    _StrictResolver.add_implicit_resolver(*_typed)

_RESOLVER = _StrictResolver()

# What a YAML 1.1 reader (PyYAML's default, many CI tools) would not read as text.
_YES_NO = r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|oui|Oui|OUI|non|Non|NON"
#: (pattern, the catalogue's key for what a YAML 1.1 reader takes it for)
_AMBIGUOUS = [
    (re.compile(rf"^(?:{_YES_NO})$"), "yes-no"),
    (
        re.compile(
            r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
        ),
        "number",
    ),
    (re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$"), "date"),
    (
        re.compile(r"^[-+]?(?:0[0-7_]+|0b[01_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+|[0-9]+_[0-9_]*)$"),
        "number",
    ),
]
_ISO_DATE = re.compile(spec.DATE_PATTERN)
#: Whole numbers longer than this are refused (Python refuses to convert very long ones anyway).
_MAX_INT_DIGITS = 18

#: Matches every plain value that is not simply text: typed (``true``, ``12``, ``~``, empty) or
#: ambiguous. The quick reader looks closer only at these (one regex instead of up to seven).
_NOT_JUST_TEXT = re.compile("|".join(f"(?:{p.pattern})" for p in [t[1] for t in _TYPED] + [a[0] for a in _AMBIGUOUS]))
#: Every character a value :data:`_NOT_JUST_TEXT` matches can start with (the empty value too: ``""
#: in`` a text is true). A value that starts otherwise (most keys and values: ``title``, ``loi-4``,
#: ``Darty``) is text without running the regex; tests/unit/test_loader.py holds the two together.
_MAY_BE_TYPED = "\n+-.0123456789FNOTYfnoty~"

#: Characters a double-quoted YAML scalar can hold through an escape (``"\e"``, ``"\0"``, ``"\x85"``)
#: and that no entry may: C0 controls but tab and line feed, DEL, C1 controls. A raw one in the
#: file is refused before parsing (:data:`_FORBIDDEN_CHAR`).
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: True when libyaml's C parser is used (the fallback pure-Python parser is ~10x slower).
WITH_LIBYAML = _Parser.__module__.startswith("yaml.cyaml") or _Parser.__module__ == "yaml._yaml"


@dataclass
class LoadedFile:
    """One entry file after loading. ``data`` is ``None`` when it could not be read as a mapping."""

    path: Path
    display: str  #: the path shown in messages (relative, with forward slashes)
    data: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    #: Paths whose value was refused while reading (kept as ``None``); checks skip them.
    refused: set[Path_] = field(default_factory=set)
    #: Problems found by the schema check, once it has run (kept with the file so that a file
    #: loaded again unchanged, under ``mkdocs serve``, is not checked again).
    schema_problems: list[Problem] | None = None
    #: The corpus (ids' kinds, former ids) under which its references were last found without a
    #: problem: with an equal corpus they are not checked again (:func:`.validate.corpus_problems`).
    references_clean: tuple[dict[str, Any], dict[str, str]] | None = None
    #: What the checks that read the file alone found, once they ran (a file loaded again
    #: unchanged is not scanned again): its example texts left in (:func:`.validate.corpus_problems`)
    #: and the local images of its body, (offset, address) (:func:`.validate.image_problems`).
    placeholder_problems: list[Problem] | None = None
    local_images: list[tuple[int, str]] | None = None


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return Path(os.path.relpath(path)).as_posix()


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and parse one entry file; never raises for bad content."""
    shown = display or display_path(path, None)
    try:
        with open(path, "rb") as stream:  # one open, no stat: read at most one byte past the limit
            raw = stream.read(spec.MAX_FILE_BYTES + 1)
            if len(raw) > spec.MAX_FILE_BYTES:
                return _too_large(path, shown, os.fstat(stream.fileno()).st_size)
    except OSError as exc:
        return unreadable(path, shown, exc)
    return load_bytes(raw, path, shown)


def unreadable(path: Path, display: str, exc: OSError) -> LoadedFile:
    return _fail(
        path,
        display,
        1,
        1,
        say("unreadable", "file", reason=why_unreadable(exc)),
        say("unreadable", "check-permissions"),
        "unreadable",
    )


def _too_large(path: Path, display: str, size: int) -> LoadedFile:
    return _fail(
        path,
        display,
        1,
        1,
        say("too-large", "message", size=_count(size), limit=_count(spec.MAX_FILE_BYTES)),
        say("too-large", "split"),
        "too-large",
    )


def _count(number: int) -> str:
    """A large number as this run's language writes it: 262 144 in French, 262,144 in English."""
    grouped = f"{number:,}"
    return grouped.replace(",", " ") if language() == "fr" else grouped


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


def load_bytes(raw: bytes, path: Path, display: str, size: int | None = None) -> LoadedFile:
    """Like :func:`load_file` for a file whose bytes were read already (whole, or up to one byte
    past the limit; ``size`` is then the file's size, for the message)."""
    if len(raw) > spec.MAX_FILE_BYTES:
        return _too_large(path, display, max(size or 0, len(raw)))
    if raw.startswith(_UTF16_32_BOMS):
        return _fail(
            path,
            display,
            1,
            1,
            say("encoding", "utf16"),
            say("encoding", "save-as-utf8"),
            "encoding",
        )
    try:
        # "utf-8-sig" by hand: its codec is Python code around the C decoder (error offsets, as
        # there, count from after the BOM)
        decoded = raw[3:].decode("utf-8") if raw.startswith(_UTF8_BOM) else raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = byte_position(raw, exc.start)
        return _fail(
            path,
            display,
            line,
            col,
            say("encoding", "not-utf8", byte=f"{raw[exc.start]:02x}"),
            say("encoding", "save-as-utf8"),
            "encoding",
        )
    text = spec.nfc(decoded)
    loaded = LoadedFile(path, display, None, text=text)
    # The usual case first. A file the quick reader accepts has no forbidden character (the YAML
    # parser refuses the same ones, but for U+0085, which it reads as a line break) and is not
    # empty; any other file takes the careful way.
    # The parser reads UTF-8: given the file's own bytes when they are exactly the text's (no BOM,
    # composed already), it does not encode the text again.
    utf8 = raw if text is decoded and not raw.startswith(_UTF8_BOM) else None
    data = _read_quickly(text, utf8) if "\x85" not in text else None
    if data is not None:
        loaded.data = data
        return loaded
    return _read_carefully(loaded, text)


def _read_carefully(loaded: LoadedFile, text: str) -> LoadedFile:
    """Every check, with its problems located, and the data that passes them, into ``loaded``."""
    display = loaded.display
    bad = _FORBIDDEN_CHAR.search(text)
    if bad:
        line, col = char_position(text, bad.start())
        loaded.problems.append(
            Problem(
                display,
                line,
                col,
                say("encoding", "control-character", codepoint=f"{ord(bad.group()):04X}"),
                say("encoding", "delete-it"),
                code="encoding",
            )
        )
        return loaded
    if not _has_content(text):
        loaded.problems.append(_empty(display))
        return loaded
    reader = _Reader(text, display, positions=False)
    reader.run()
    loaded.problems.extend(reader.problems)
    loaded.refused = reader.refused
    if reader.failed:
        return loaded
    root = reader.root
    if root is None:
        loaded.problems.append(_empty(display))
        return loaded
    if not isinstance(root, dict):
        line, col = reader.root_mark
        loaded.problems.append(
            Problem(
                display,
                line,
                col,
                say("not-a-mapping", "entry-list" if isinstance(root, list) else "entry-value"),
                say("not-a-mapping", "start-with-id"),
                code="not-a-mapping",
            )
        )
        return loaded
    loaded.data = root
    return loaded


# --- the quick reader -----------------------------------------------------------------------


def _read_quickly(text: str, utf8: bytes | None = None) -> dict[str, Any] | None:
    """The entry's data when the file holds nothing the event reader would report, else ``None``.

    Most files are ordinary: one mapping of plain-name keys to text, numbers, lists and mappings.
    This pass builds their data with as little work per event as possible (no positions, no
    paths, no problems). At the first sign of anything else (a syntax error, an anchor, alias or
    tag, a duplicate key, a key that is not a name, a value that is ambiguous or a number too
    long, nesting as deep as :data:`MAX_DEPTH`, a second document, an entry that is not a mapping)
    it gives up and returns ``None``, and :class:`_Reader` reads the file again from the start:
    it alone reports problems, so what is reported, and where, does not depend on this pass.
    Aliases are never expanded here either (it stops at the first one), and nesting is bounded
    the same way (iterative, stops at the depth limit). A plain date where the schema wants one
    (``reviewed: 2026-06-05``) is text the event reader accepts without a word, so it is kept
    here too: each container remembers the key or index it hangs from, and the path is only
    put together for a value that looks like a date. ``utf8``, when given, is ``text`` in UTF-8
    (the file's bytes), read as it is instead of encoding ``text`` again.
    """
    parser = _Parser(text if utf8 is None else utf8)
    get: Callable[[], Any] = parser.get_event  # libyaml's events: typed by their class below
    # enclosing containers: (container, whether it is a mapping, the key or index of the one inside it)
    stack: list[tuple[Any, bool, str | int | None]] = []
    node: Any = None  # the container being filled: a dict, a list, or None before the root
    is_map = False
    key: str | None = None  # in a mapping: the key waiting for its value
    root: dict[str, Any] | None = None
    # Without a backslash in the file, a double-quoted value is its own text, line breaks folded
    # to spaces: no escape can write a control character (the parser refuses raw ones) or a
    # decomposed letter (the text is NFC already).
    escapes = "\\" in text
    try:
        if get().__class__ is not StreamStartEvent or get().__class__ is not DocumentStartEvent:
            return None
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    return None
                value = event.value
                if event.style == '"':
                    if escapes:
                        if _CONTROL_IN_VALUE.search(value) is not None:
                            return None  # a control character written as an escape
                        value = spec.nfc(value)  # an escape may write a decomposed letter (e\u0301)
                    plain = False
                else:  # plain text may be typed or ambiguous, unless its first character says not
                    plain = event.implicit[0] and value[:1] in _MAY_BE_TYPED
                if is_map and key is None:
                    if value in node or (
                        plain
                        and _NOT_JUST_TEXT.match(value) is not None
                        and _RESOLVER.resolve(ScalarNode, value, event.implicit) != _STR
                    ):
                        return None  # a duplicate, or a key such as 'true' or '12'
                    key = value
                    continue
                if plain and _NOT_JUST_TEXT.match(value) is not None:
                    tag = _RESOLVER.resolve(ScalarNode, value, event.implicit)
                    if tag == _INT:
                        if len(value.lstrip("+-")) > _MAX_INT_DIGITS:
                            return None
                        value = int(value)
                    elif tag == _BOOL:
                        value = value.lower() == "true"
                    elif tag == _NULL:
                        value = None
                    elif (
                        node is None
                        or _ISO_DATE.match(value) is None
                        or not expects_date(
                            (*[step for _, _, step in stack[1:]], key if is_map else len(node))  # type: ignore[arg-type]
                        )
                    ):
                        return None  # ambiguous text: reported (or not) by the event reader
                if is_map:
                    node[key] = value
                    key = None
                elif node is not None:
                    node.append(value)
                else:
                    return None  # the entry is a single value
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    return None
                new: Any = {} if cls is MappingStartEvent else []
                step: str | int | None = key
                if is_map:
                    if key is None:
                        return None  # a list or mapping used as a key
                    node[key] = new
                    key = None
                elif node is not None:
                    step = len(node)
                    node.append(new)
                elif cls is MappingStartEvent:
                    root = new
                else:
                    return None  # the entry is a list
                stack.append((node, is_map, step))
                node, is_map = new, cls is MappingStartEvent
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node, is_map, _ = stack.pop()
            elif cls is DocumentEndEvent:
                break
            else:  # an alias
                return None
        if get().__class__ is not StreamEndEvent:
            return None  # several documents
    except yaml.YAMLError:
        return None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return root


# --- the event reader -----------------------------------------------------------------------


@dataclass
class Span:
    """Where a value is in the file (1-based), and for containers where its parts are."""

    line: int
    col: int
    children: dict[Any, Span] | list[Span] | None = None
    keys: dict[str, tuple[int, int]] | None = None  #: positions of the keys, for mappings
    value: str | None = None  #: source text of a scalar
    style: str | None = None  #: scalar style: '' (plain), "'", '"', '|', '>'


class _StopReading(Exception):
    """Raised inside the reader to stop at a refusal that makes the rest of the file unreadable."""


class _Refused:
    """Marker for a value that was refused; becomes ``None`` in the data."""


_REFUSED = _Refused()


@dataclass
class _Frame:
    kind: str  #: "map", "seq" or "skip"
    path: Path_
    data: Any
    span: Span | None
    key: Any = None  #: for maps: the pending key (str), _REFUSED for a bad key, None when a key is expected
    key_mark: tuple[int, int] = (0, 0)
    first_line: dict[str, int] = field(default_factory=dict)
    depth: int = 0  #: nesting count for "skip" frames


class _Reader:
    """One pass over the parser's events: data, problems, refused paths and (optionally) spans."""

    def __init__(self, text: str, display: str, *, positions: bool) -> None:
        self.text = text
        self.display = display
        self.positions = positions
        self.problems: list[Problem] = []
        self.refused: set[Path_] = set()
        self.failed = False
        self.root: Any = None
        self.root_mark = (1, 1)
        self.root_span: Span | None = None
        self._anchors: dict[str, tuple[int, int]] = {}
        self._alias_lines: set[int] = set()
        self._lines = LineMap.of(text)

    def _mark(self, event: Any) -> tuple[int, int]:
        return self._lines.position(event.start_mark)

    # -- driver --------------------------------------------------------------------------------
    def run(self) -> None:
        parser = _Parser(self.text)
        stack: list[_Frame] = []
        documents = 0
        try:
            while True:
                event = parser.get_event()
                if event is None:
                    break
                if isinstance(event, DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        line, col = self._mark(event)
                        self._add(
                            line,
                            col,
                            say("multi-document", "message"),
                            say("multi-document", "one-entry-per-file"),
                            "multi-document",
                        )
                        self.failed = True
                        break
                    continue
                if not isinstance(
                    event, (ScalarEvent, AliasEvent, CollectionStartEvent, SequenceEndEvent, MappingEndEvent)
                ):
                    continue
                self._event(event, stack)
        except _StopReading:
            self.failed = True
        except yaml.MarkedYAMLError as exc:
            self.problems.append(syntax_problem(self.display, self.text, exc, self._lines))
            self.failed = True
        except yaml.YAMLError as exc:  # reader errors carry an offset, not a mark
            self.problems.append(reader_problem(self.display, self.text, exc))
            self.failed = True
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose:
                dispose()

    def _event(self, event: Any, stack: list[_Frame]) -> None:
        top = stack[-1] if stack else None
        if top is not None and top.kind == "skip":
            anchor = getattr(event, "anchor", None)
            if anchor and not isinstance(event, AliasEvent):  # known, so a later '*name' is explained right
                line, col = self._mark(event)
                self._check_anchor_and_tag(event, top.path, line, col)
            if isinstance(event, CollectionStartEvent):
                top.depth += 1
                if len(stack) - 1 + top.depth > MAX_DEPTH:
                    self._too_deep(event)
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                top.depth -= 1
                if top.depth == 0:
                    stack.pop()
                    self._store(stack, _REFUSED, None)
            return
        if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            frame = stack.pop()
            self._store(stack, frame.data, frame.span)
            return
        # A new value: a mapping key, a mapping value or a sequence item.
        if top is not None and top.kind == "map" and top.key is None:
            self._key(event, top, stack)
            return
        path: Path_ = ()
        if top is not None:
            path = top.path + ((top.key,) if top.kind == "map" else (len(top.data),))
        line, col = self._mark(event)
        refuse = self._check_anchor_and_tag(event, path, line, col)
        if isinstance(event, AliasEvent):
            self._store(stack, _REFUSED, self._span(line, col))
            return
        if isinstance(event, CollectionStartEvent):
            if refuse or (top is not None and top.kind == "map" and top.key is _REFUSED):
                stack.append(_Frame("skip", path, None, None, depth=1))
                return
            if len(stack) >= MAX_DEPTH:
                self._too_deep(event)
            span = self._span(line, col)
            if isinstance(event, MappingStartEvent):
                if span is not None:
                    span.children, span.keys = {}, {}
                stack.append(_Frame("map", path, {}, span))
            else:
                if span is not None:
                    span.children = []
                stack.append(_Frame("seq", path, [], span))
            return
        # A scalar value.
        span = self._span(line, col)
        if span is not None:
            span.value, span.style = event.value, event.style
        if refuse or (top is not None and top.kind == "map" and top.key is _REFUSED):
            self._store(stack, _REFUSED, span)
            return
        self._store(stack, self._scalar(event, path, line, col), span)

    def _too_deep(self, event: Any) -> None:
        """Report and stop reading: libyaml slows down quadratically on deeper flow nesting."""
        line, col = self._mark(event)
        self._add(
            line,
            col,
            say("too-deep", "message", depth=MAX_DEPTH),
            say("too-deep", "entries-are-flat"),
            "too-deep",
        )
        raise _StopReading

    def _key(self, event: Any, top: _Frame, stack: list[_Frame]) -> None:
        line, col = self._mark(event)
        self._check_anchor_and_tag(event, top.path, line, col)
        top.key_mark = (line, col)
        if isinstance(event, AliasEvent):
            top.key = _REFUSED
            return
        if isinstance(event, ScalarEvent) and event.style == '"' and self._control(event.value, line, col):
            top.key = _REFUSED
            return
        if isinstance(event, ScalarEvent) and event.tag in (None, "!") and self._tag(event) == _STR:
            key = event.value
            if key in top.data or key in top.first_line:
                self._add(
                    line,
                    col,
                    say("duplicate-key", "message", key=quote(key), line=top.first_line[key]),
                    say("duplicate-key", "keep-one"),
                    "duplicate-key",
                )
                top.key = _REFUSED
                return
            top.first_line[key] = line
            top.key = key
            return
        self._add(
            line,
            col,
            say("bad-key", "value", key=quote(event.value))
            if isinstance(event, ScalarEvent)
            else say("bad-key", "container"),
            say("bad-key", "field-names"),
            "bad-key",
        )
        top.key = _REFUSED
        if isinstance(event, CollectionStartEvent):
            # Skip the key's own content; the value that follows is skipped as well (key is _REFUSED).
            stack.append(_Frame("skip", top.path, None, None, depth=1))
            top.key = _KEY_SKIP

    def _store(self, stack: list[_Frame], value: Any, span: Span | None) -> None:
        if not stack:
            if value is _REFUSED:
                self.failed = True  # the whole entry was refused; the reason is already reported
            self.root = None if value is _REFUSED else value
            if span is not None:
                self.root_span = span
            return
        top = stack[-1]
        if top.kind == "seq":
            if value is _REFUSED:
                self.refused.add((*top.path, len(top.data)))
                value = None
            top.data.append(value)
            if top.span is not None and isinstance(top.span.children, list):
                top.span.children.append(span or Span(0, 0))
            return
        key = top.key
        if key is _KEY_SKIP:  # the skipped content of a complex key: its value comes next
            top.key = _REFUSED
            return
        top.key = None
        if key is _REFUSED:
            return
        if value is _REFUSED:
            self.refused.add((*top.path, key))
            value = None
        top.data[key] = value
        if top.span is not None and isinstance(top.span.children, dict) and top.span.keys is not None:
            top.span.children[key] = span or Span(0, 0)
            top.span.keys[key] = top.key_mark

    # -- values --------------------------------------------------------------------------------
    def _scalar(self, event: Any, path: Path_, line: int, col: int) -> Any:
        tag = self._tag(event)
        value = event.value
        if event.style == '"':
            if self._control(value, line, col):
                return _REFUSED
            value = spec.nfc(value)  # an escape may write a decomposed letter (e\u0301)
        if tag == _STR:
            if event.style in ("", None) and event.implicit[0] and value:
                self._check_ambiguous(value, path, line, col)
            return value
        if tag == _INT:
            if len(value.lstrip("+-")) > _MAX_INT_DIGITS:
                self._add(
                    line,
                    col,
                    say("bad-number", "message", start=value[:20]),
                    say("bad-number", "small-number-or-text"),
                    "bad-number",
                )
                return _REFUSED
            return int(value)
        if tag == _BOOL:
            return value.lower() == "true"
        return None  # _NULL

    def _tag(self, event: Any) -> str:
        if event.tag not in (None, "!"):
            return str(event.tag)
        return _RESOLVER.resolve(ScalarNode, event.value, event.implicit)

    def _control(self, value: str, line: int, col: int) -> bool:
        """Reports a control character written as an escape in a double-quoted value; True if any."""
        bad = _CONTROL_IN_VALUE.search(value)
        if bad is None:
            return False
        code = ord(bad.group())
        written = _ESCAPE_NAMES.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        self._add(
            line,
            col,
            say("control-character", "message", codepoint=f"{code:04X}", written=written),
            say("control-character", "remove-it", written=written),
            "control-character",
        )
        return True

    def _check_ambiguous(self, value: str, path: Path_, line: int, col: int) -> None:
        if _ISO_DATE.match(value) and expects_date(path):
            return  # a date where a date is expected: every YAML reader reads the same day
        for pattern, meaning in _AMBIGUOUS:
            if pattern.match(value):
                expected = expected_types(path)
                if expected and "string" not in expected:
                    return  # a number is expected: the schema check explains what to write
                self._add(
                    line,
                    col,
                    say("ambiguous", meaning, value=quote(value)),
                    say("ambiguous", "quote-it", value=value),
                    "ambiguous",
                )
                return

    def _check_anchor_and_tag(self, event: Any, path: Path_, line: int, col: int) -> bool:
        """Reports anchors, aliases and tags; True when the value must be refused."""
        refuse = False
        anchor = getattr(event, "anchor", None)
        if isinstance(event, AliasEvent):
            if event.anchor not in self._anchors:
                self._add(
                    line,
                    col,
                    say("alias", "reference", text=quote(f"*{event.anchor}")),
                    say("alias", "quote-star", anchor=event.anchor),
                    "alias",
                )
            elif line not in self._alias_lines:
                first = self._anchors[event.anchor][0]
                self._add(
                    line,
                    col,
                    say("alias", "alias", anchor=event.anchor, line=first),
                    say("alias", "write-in-full"),
                    "alias",
                )
            self._alias_lines.add(line)
            return True
        if anchor:
            self._anchors.setdefault(anchor, (line, col))
            self._add(
                line,
                col,
                say("alias", "anchor", anchor=anchor),
                say("alias", "remove-anchor", anchor=anchor),
                "alias",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and not (isinstance(event, ScalarEvent) and tag == _STR):
            shown = _short_tag(str(tag))
            # '!!python/object' is a tag; '!!! Attention' is text starting with '!'
            real = shown.startswith("!!") and shown[2:3].isalpha()
            hint = say("tag", "remove-tag") if real else say("tag", "quote-it", tag=shown)
            self._add(line, col, say("tag", "message", tag=quote(shown)), hint, "tag")
            refuse = True
        return refuse

    def _span(self, line: int, col: int) -> Span | None:
        if not self.positions:
            return None
        return Span(line, col)

    def _add(self, line: int, col: int, message: str, hint: str, code: str) -> None:
        self.problems.append(Problem(self.display, line, col, message, hint, code=code))


class _KeySkip:
    """Marker: the frame is skipping a complex key; the next stored value is that key's content."""


_KEY_SKIP = _KeySkip()


# --- positions, on demand -------------------------------------------------------------------


@lru_cache(maxsize=8)
def spans(text: str) -> Span | None:
    """The position tree of ``text`` (``None`` when it cannot be read)."""
    reader = _Reader(text, "", positions=True)
    reader.run()
    return reader.root_span


def locate(text: str, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path`` (or of its key), as deep as it exists."""
    node = spans(text)
    if node is None:
        return (1, 1)
    best = (node.line, node.col)
    for step in path:
        children = node.children
        if isinstance(children, dict) and step in children:
            assert node.keys is not None
            if key and step == path[-1] and isinstance(step, str):
                return node.keys[step]
            node = children[step]
        elif isinstance(children, list) and isinstance(step, int) and 0 <= step < len(children):
            node = children[step]
        else:
            return best
        if node.line:
            best = (node.line, node.col)
    return best


def problem_at(
    loaded: LoadedFile,
    path: Sequence[str | int],
    code: str,
    message: str,
    hint: str = "",
    *,
    severity: Severity = Severity.ERROR,
    key: bool = False,
) -> Problem:
    """A problem in ``loaded`` at the value of ``path`` (at its key with ``key=True``), located by
    :func:`locate`: the one way a check says « this, at this key of this file »."""
    line, col = locate(loaded.text, path, key=key)
    return Problem(loaded.display, line, col, message, hint, severity=severity, code=code)


def node_scalar(text: str, path: Sequence[str | int]) -> Span | None:
    """The span of the scalar at ``path`` (its source text and style), if there is one."""
    node = spans(text)
    for step in path:
        if node is None:
            return None
        children = node.children
        if isinstance(children, dict):
            node = children.get(step)
        elif isinstance(children, list) and isinstance(step, int) and 0 <= step < len(children):
            node = children[step]
        else:
            return None
    return node if node is not None and node.value is not None else None


def node_text(text: str, path: Sequence[str | int]) -> str | None:
    """The source text of a scalar at ``path`` (for messages like 'quote it: "1.10"')."""
    node = node_scalar(text, path)
    return node.value if node is not None else None


# --- helpers --------------------------------------------------------------------------------


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


_ESCAPE_NAMES = {
    0: "\\0",
    7: "\\a",
    8: "\\b",
    11: "\\v",
    12: "\\f",
    13: "\\r",
    27: "\\e",
    0x85: "\\N",
    0x2028: "\\L",
    0x2029: "\\P",
}


#: Characters YAML refuses in a stream (C0 controls other than tab/LF/CR, DEL... and non-characters).
#: U+0085 (NEXT LINE) too: YAML 1.1 reads it as a line break, so a title holding one would silently
#: become a space (and a body gain a line) that no editor shows.
_FORBIDDEN_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


_NON_SPACE = re.compile(r"\S")


def _has_content(text: str) -> bool:
    first = _NON_SPACE.search(text)
    if first is None:
        return False
    if first.group() not in "#-.":  # the usual case: the first line is a field
        return True
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return True
    return False


def _empty(display: str) -> Problem:
    """A file with nothing but blank lines, comments or document markers (or an empty document)."""
    return Problem(display, 1, 1, say("empty", "file"), say("empty", "start-from-template"), code="empty")


def _fail(path: Path, display: str, line: int, col: int, message: str, hint: str, code: str) -> LoadedFile:
    return LoadedFile(path, display, None, [Problem(display, line, col, message, hint, code=code)])
