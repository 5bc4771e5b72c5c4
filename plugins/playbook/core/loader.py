"""Strict, safe loading of entry files: bytes → Python data, or located problems.

- UTF-8 only (a BOM is accepted); files over :data:`spec.MAX_FILE_BYTES` are refused unread.
- Parsed by libyaml's C parser with our own resolver: only ``true``/``false``, decimal integers
  and ``null`` are typed; everything else stays text. Plain (unquoted) values that YAML 1.1 tools
  would turn into something else (``Non``, ``oui``, ``off``, ``2024-01-01``, ``1.10``) are reported
  with a request to quote them, so no reader of the file ever sees ``False`` where text was meant.
- Refused: several documents, anchors and aliases, custom or Python tags, duplicate keys,
  non-text keys, nesting deeper than :data:`MAX_DEPTH`.
- Positions: the node tree is walked once; problems found there carry the node's line and
  column. Problems found later (schema, links) are located by :func:`locate`, which parses the file
  again: line/column work is only done when there is something to report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from . import spec
from .problems import Problem

try:  # libyaml's parser; PyYAML wheels ship it (it lives in yaml.cyaml, not at the top level).
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_DEPTH = 16

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _StrictResolver(BaseResolver):
    """Types only what is unambiguous in every YAML version; the rest is text."""


_StrictResolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_StrictResolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_StrictResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


_IMPLICIT = {first: tuple(resolvers) for first, resolvers in _StrictResolver.yaml_implicit_resolvers.items()}


class _NodeParser(_Parser, _StrictResolver):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _StrictResolver.__init__(self)

    # The parser asks for a tag for every node: BaseResolver's generic version (path resolvers,
    # list building) is a large share of the time of a whole load. Same answers, no path resolvers.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[0] if value else "", ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


# What a YAML 1.1 reader (PyYAML's default, many CI tools) would not read as text.
_YES_NO = r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|oui|Oui|OUI|non|Non|NON"
_AMBIGUOUS = [
    (re.compile(rf"^(?:{_YES_NO})$"), "a yes/no value (true or false)"),
    (re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"),
     "a number"),
    (re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$"), "a date"),
    (re.compile(r"^[-+]?(?:0[0-7_]+|0b[01_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+|[0-9][0-9_]*_[0-9_]*)$"),
     "a number"),
]


#: ``&`` followed by a name character could start an anchor (``&name``); text such as
#: "Nature & Découvertes" cannot, so the exact (second) parse for anchors is skipped for it.
_MAYBE_ANCHOR = re.compile(r"&[^\s,\[\]{}]")

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
    #: Problems found by the schema check, once it has run (kept with the file so that a file
    #: loaded again unchanged, under ``mkdocs serve``, is not checked again).
    schema_problems: list[Problem] | None = None


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


def load_read_bytes(raw: bytes, path: Path, display: str) -> LoadedFile:
    """Like :func:`load_file` for a file whose bytes were read already (whole)."""
    if len(raw) > spec.MAX_FILE_BYTES:
        return _too_large(path, display, len(raw))
    return load_bytes(raw, path, display)


def unreadable(path: Path, display: str, exc: OSError) -> LoadedFile:
    return _fail(path, display, 0, 0, f"cannot read the file: {exc.strerror or exc}", "", "unreadable")


def _too_large(path: Path, display: str, size: int) -> LoadedFile:
    return _fail(path, display, 1, 1, f"file is too large ({size:,} bytes; the limit is {spec.MAX_FILE_BYTES:,})",
                 "split the text or move long material to docs/", "too-large")


def load_bytes(raw: bytes, path: Path, display: str) -> LoadedFile:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        return _fail(path, display, line, col, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                     "save the file as UTF-8 (in VS Code: 'Save with Encoding' → UTF-8)", "encoding")
    if "\x00" in text:
        return _fail(path, display, 1, 1, "the file contains NUL characters", "is it a text file?",
                     "encoding")
    loaded = LoadedFile(path, display, None, text=text)
    if not _has_content(text):
        loaded.problems.append(Problem(display, 1, 1, "the file is empty",
                                       "start from a template: python -m playbook new KIND \"Title\"",
                                       code="empty"))
        return loaded
    try:
        root = parse_nodes(text)
    except yaml.MarkedYAMLError as exc:
        loaded.problems.append(_syntax_problem(display, text, exc))
        return loaded
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml errors are marked
        loaded.problems.append(Problem(display, 1, 1, f"YAML error: {exc}", code="syntax"))
        return loaded
    if root is None:
        loaded.problems.append(Problem(display, 1, 1, "the file is empty", code="empty"))
        return loaded
    if "&" in text and _MAYBE_ANCHOR.search(text):
        loaded.problems.extend(_anchor_problems(display, text))
    builder = _Builder(display)
    data = builder.build(root)
    loaded.problems.extend(builder.problems)
    if not isinstance(root, MappingNode):
        what = "a list" if isinstance(root, SequenceNode) else "a single value"
        line, col = _pos(root)
        loaded.problems.append(Problem(display, line, col, f"an entry must be a mapping of fields, not {what}",
                                       "start with 'id: ...' on the first line, no leading '- '",
                                       code="not-a-mapping"))
        return loaded
    loaded.data = data
    return loaded


def parse_nodes(text: str) -> Node | None:
    """The YAML node tree of one document (raises ``yaml.MarkedYAMLError``)."""
    parser = _NodeParser(text)
    try:
        return parser.get_single_node()
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


def locate(text: str, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path`` (or of its key), as deep as it exists."""
    try:
        node = parse_nodes(text)
    except yaml.YAMLError:
        return (1, 1)
    if node is None:
        return (1, 1)
    best = _pos(node)
    for step in path:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == step:
                    best = _pos(k)
                    if key and step == path[-1]:
                        return best
                    node = v
                    break
            else:
                return best
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            return best
        best = _pos(node)
    return best


def node_text(text: str, path: Sequence[str | int]) -> str | None:
    """The source text of a scalar at ``path`` (for messages like 'quote it: "1.10"')."""
    try:
        node = parse_nodes(text)
    except yaml.YAMLError:
        return None
    for step in path:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node.value if isinstance(node, ScalarNode) else None


class _Builder:
    """Turns a node tree into dicts, lists, str, int, bool and None, collecting problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def build(self, node: Node, depth: int = 0) -> Any:
        if id(node) in self._seen:
            line, col = _pos(node)
            self._add(line, col, "anchors and aliases (&name, *name) are not allowed",
                      "write the value out in full where it is needed", "alias")
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            line, col = _pos(node)
            self._add(line, col, f"the structure is nested more than {MAX_DEPTH} levels deep",
                      "entries are flat: see the format reference", "too-deep")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node)
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                return self._bad_tag(node)
            result: dict[str, Any] = {}
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                    line, col = _pos(key_node)
                    shown = key_node.value if isinstance(key_node, ScalarNode) else "a list or mapping"
                    self._add(line, col, f"keys must be plain names, not {shown!r}",
                              "field names are words such as 'title' or 'body'", "bad-key")
                    continue
                key = key_node.value
                if key in result:
                    line, col = _pos(key_node)
                    self._add(line, col, f"duplicate key '{key}' (first given on line {first_line[key]})",
                              "keep one of them: YAML would silently drop the first", "duplicate-key")
                    continue
                first_line[key] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, depth + 1)
            return result
        return None  # pragma: no cover - no other node types exist

    def _scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            if node.style is None and value:
                for pattern, meaning in _AMBIGUOUS:
                    if pattern.match(value):
                        line, col = _pos(node)
                        self._add(line, col, f"unquoted {value!r} may be read as {meaning}, not text",
                                  f'put it in quotes: "{value}"', "ambiguous")
                        break
            return value
        if tag == _INT:
            return int(value)
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _NULL:
            return None
        return self._bad_tag(node)

    def _bad_tag(self, node: Node) -> None:
        line, col = _pos(node)
        self._add(line, col, f"the YAML tag {_short_tag(node.tag)!r} is not allowed",
                  "remove the tag: entries hold only text, numbers, lists and mappings", "tag")
        return None

    def _add(self, line: int, col: int, message: str, hint: str, code: str) -> None:
        self.problems.append(Problem(self.display, line, col, message, hint, code=code))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_NON_SPACE = re.compile(r"\S")


def _has_content(text: str) -> bool:
    first = _NON_SPACE.search(text)
    if first is None:
        return False
    if first.group() not in "#-.":  # the usual case: the first line is a field
        return True
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return True
    return False


def _anchor_problems(display: str, text: str) -> list[Problem]:
    problems = []
    try:
        for event in yaml.parse(text, Loader=_NodeParser):
            anchor = getattr(event, "anchor", None)
            if anchor and not isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                problems.append(Problem(display, mark.line + 1, mark.column + 1,
                                        f"anchors and aliases (&{anchor}) are not allowed",
                                        "write the value out in full where it is needed", code="alias"))
    except yaml.YAMLError:  # pragma: no cover - already parsed once
        pass
    return problems


def _syntax_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    message = f"YAML syntax error: {problem}"
    hint = "check the indentation and the quotes around text containing ': ' or '#'"
    lines = text.splitlines()
    this_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in this_line[: len(this_line) - len(this_line.lstrip())] or "'\\t'" in problem:
        tab_col = this_line.index("\t") + 1 if "\t" in this_line else col
        return Problem(display, line, tab_col, "tab character used for indentation",
                       "YAML indents with spaces only: replace the tab with spaces", code="tab")
    if "expected a single document" in (exc.problem or "") or "but found another document" in (exc.problem or ""):
        message = "the file holds several YAML documents"
        hint = "one entry per file: remove the '---' line and move the second entry to its own file"
        return Problem(display, line, col, message, hint, code="multi-document")
    if "found undefined tag handle" in problem or "found unknown" in problem:
        hint = "remove the '!' tag: entries hold only text, numbers, lists and mappings"
    if "mapping values are not allowed" in problem:
        hint = "text containing ': ' must be quoted, or written as a block with '|'"
    if "found character" in problem and "'`'" in problem:
        hint = "text starting with ` must be quoted"
    return Problem(display, line, col, message, hint, code="syntax")


def _fail(path: Path, display: str, line: int, col: int, message: str, hint: str, code: str) -> LoadedFile:
    return LoadedFile(path, display, None, [Problem(display, line, col, message, hint, code=code)])


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return line, col
