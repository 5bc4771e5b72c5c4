"""Validation: every loaded file against the schema, then the corpus as a whole.

All problems are collected (never only the first). Per file, a fast check decides whether the
file is valid; only files that fail it are validated again in detail, located and given hints,
so a clean corpus costs one fast pass and no line/column work.

Corpus checks: ids match file names and folders, ids are unique, every reference (relations,
collection, source, ``[[id]]`` in bodies) points at an existing entry of an allowed kind, ranks
in a collection are unique, and Markdown fields carry no raw HTML or unsafe links.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from . import spec
from .fastcheck import compile_check
from .loader import LoadedFile, locate, node_text
from .markdown_refs import iter_markdown_issues, iter_refs
from .problems import Problem, Severity
from .schema import load_schema

if TYPE_CHECKING:  # jsonschema is imported only when a file fails the fast check
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

_KIND_NAMES = [k.name for k in spec.KINDS]
_TOP_FIELDS = [f.name for f in spec.FIELDS]


@cache
def _validator() -> Draft7Validator:
    from jsonschema import Draft7Validator

    return Draft7Validator(load_schema())


@cache
def _fast_check() -> Any:
    """The yes/no validator of the fast path (see :mod:`playbook.core.fastcheck`)."""
    return compile_check(load_schema())


def validate_files(files: Sequence[LoadedFile]) -> list[Problem]:
    """Every problem in ``files``: loading, schema and corpus checks."""
    problems: list[Problem] = []
    valid: list[LoadedFile] = []
    for loaded in files:
        problems.extend(loaded.problems)
        if loaded.data is None:
            continue
        if loaded.schema_problems is None:
            loaded.schema_problems = schema_problems(loaded)
        file_problems = loaded.schema_problems
        problems.extend(file_problems)
        if not file_problems:
            valid.append(loaded)
    problems.extend(corpus_problems(files, valid))
    return problems


def schema_problems(loaded: LoadedFile) -> list[Problem]:
    data = loaded.data
    if data is None or _fast_check()(data):
        return []
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    problems: list[Problem] = []
    for error in errors:
        problems.extend(_translate(loaded, error))
    return _dedupe(problems)


def _translate(loaded: LoadedFile, error: ValidationError) -> Iterator[Problem]:
    path = list(error.absolute_path)
    where = _where(path)
    kind = loaded.data.get("kind") if isinstance(loaded.data, dict) else None
    validator = error.validator
    instance = error.instance

    def at(p: Sequence[str | int], message: str, hint: str = "", code: str = "schema", key: bool = False) -> Problem:
        line, col = locate(loaded.text, p, key=key)
        return Problem(loaded.display, line, col, message, hint, code=code)

    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(set(instance) - set(allowed)):
            guess = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else f"allowed here: {', '.join(allowed)}"
            yield at([*path, extra], f"unknown key '{extra}'{_in(path)}", hint, "unknown-key", key=True)
    elif validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.message)
        yield at(path, f"missing required field '{missing}'{_in(path)}", _field_hint(missing, kind), "missing")
    elif validator == "dependencies":
        have = next((a for a, b in spec.PAIRED_FIELDS if a in instance and b not in instance), "")
        need = dict(spec.PAIRED_FIELDS).get(have, "")
        yield at([have], f"'{have}' needs '{need}' as well", _field_hint(need, kind), "missing", key=True)
    elif validator is None or error.schema is False:  # a `false` schema: field or relation not allowed
        yield _forbidden(loaded, path, kind, at)
    elif validator == "type":
        yield _type_problem(loaded, path, error, at)
    elif validator == "enum":
        if path == ["kind"]:
            guess = difflib.get_close_matches(str(instance), _KIND_NAMES, n=1, cutoff=0.5)
            hint = (f"did you mean '{guess[0]}'? " if guess else "") + f"kinds: {', '.join(_KIND_NAMES)}"
            yield at(path, f"unknown kind '{instance}'", hint, "unknown-kind")
        else:
            options = ", ".join(map(str, error.validator_value))
            yield at(path, f"{where} must be one of: {options}", "", "enum")
    elif validator == "pattern":
        yield _pattern_problem(path, instance, where, at)
    elif validator in ("minLength", "minItems", "minProperties"):
        yield at(path, f"{where} is empty", "remove it, or fill it in", "empty-value")
    elif validator == "maxLength":
        yield at(path, f"{where} is too long ({len(instance)} characters; at most {error.validator_value})",
                 "shorten it; long text belongs in 'body'", "too-long")
    elif validator == "maxItems":
        yield at(path, f"{where} has too many items ({len(instance)}; at most {error.validator_value})",
                 "split the entry, or keep the most useful items", "too-many")
    elif validator == "uniqueItems":
        yield at(path, f"{where} lists the same item twice", "remove the repeated item", "repeated")
    elif validator in ("minimum", "maximum"):
        yield at(path, f"{where} is out of range ({error.message})", "", "range")
    else:  # pragma: no cover - every keyword the schema uses is handled above
        yield at(path, f"{where}: {error.message}", "", "schema")


def _forbidden(loaded: LoadedFile, path: list[str | int], kind: Any, at: Any) -> Problem:
    if len(path) == 2 and path[0] == "relations":
        relation = spec.RELATIONS_BY_NAME[str(path[1])]
        allowed = ", ".join(relation.sources)
        return at(path, f"an entry of kind '{kind}' cannot declare '{path[1]}'",
                  f"'{path[1]}' is for: {allowed}", "relation-kind", key=True)
    name = str(path[0]) if path else "?"
    return at(path, f"an entry of kind '{kind}' cannot have '{name}'",
              f"remove '{name}'" + (": sources are cited by other entries" if kind == "source" else ""),
              "field-kind", key=True)


def _type_problem(loaded: LoadedFile, path: list[str | int], error: ValidationError, at: Any) -> Problem:
    expected = error.validator_value
    instance = error.instance
    where = _where(path)
    names = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number"}
    want = names.get(str(expected), str(expected))
    if instance is None:
        return at(path, f"{where} is empty", "fill it in, or remove the line", "empty-value")
    got = _describe(instance)
    hint = ""
    if expected == "string" and isinstance(instance, (bool, int)):
        raw = node_text(loaded.text, path) or str(instance)
        hint = f'put it in quotes: "{raw}"'
    elif expected == "array" and isinstance(instance, str):
        hint = "write one item per line, each starting with '- '"
    elif expected == "integer" and isinstance(instance, str):
        hint = "write the number without quotes"
    elif expected == "string" and isinstance(instance, (list, dict)):
        hint = f"write the text on the same line, after '{path[-1]}:'" if path else ""
    return at(path, f"{where} must be {want}, not {got}", hint, "type")


def _pattern_problem(path: list[str | int], instance: Any, where: str, at: Any) -> Problem:
    text = str(instance)
    if re.fullmatch(r"\S+://\S+", text) or path[-1:] == ["url"]:
        return at(path, f"{where} is not a web address: {text!r}", "use an address starting with https://", "pattern")
    if "\n" in text or not text.strip():
        return at(path, f"{where} must be a single line of text", "long text belongs in 'body'", "pattern")
    slug = slugify(text)
    return at(path, f"{where} {text!r} is not a valid id",
              f"use lowercase letters, digits and single hyphens, e.g. '{slug}'", "bad-id")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _where(path: Sequence[str | int]) -> str:
    if not path:
        return "the entry"
    text = str(path[0])
    for step in path[1:]:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return f"'{text}'"


def _in(path: Sequence[str | int]) -> str:
    return f" in {_where(path)}" if path else ""


def _field_hint(name: str, kind: Any) -> str:
    if name == "source":
        return "name the entry of kind 'source' this content comes from, e.g. source: article-temkin-lois"
    if name == "checklist" and kind:
        return f"a {kind} lists the concrete actions a reader can tick, one per line under 'checklist:'"
    if name == "citation":
        return "a source needs citation: with author and publication"
    if name in spec.FIELDS_BY_NAME:
        return f"add a line '{name}: ...' ({spec.FIELDS_BY_NAME[name].description})"
    return ""


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str]] = set()
    result = []
    for p in problems:
        key = (p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def slugify(text: str) -> str:
    """A valid id built from any text ('Loi n° 4 : Employés' → 'loi-n-4-employes')."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[: spec.ID_MAX_LENGTH].strip("-") or "entree"


# --- corpus-level checks ---------------------------------------------------------------------

def corpus_problems(files: Sequence[LoadedFile], valid: Sequence[LoadedFile]) -> list[Problem]:
    """Checks that need every entry: names, uniqueness and references."""
    problems: list[Problem] = []
    by_id: dict[str, LoadedFile] = {}
    for loaded in files:  # ids of files with schema errors still count, to avoid cascades
        data = loaded.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue
        entry_id = data["id"]
        if entry_id in by_id:
            first = by_id[entry_id]
            line, col = locate(loaded.text, ["id"])
            problems.append(Problem(loaded.display, line, col, f"duplicate id '{entry_id}' (also used by {first.display})",
                                    "each entry needs its own id: rename one of them", code="duplicate-id"))
        else:
            by_id[entry_id] = loaded
    kinds = {i: f.data.get("kind") for i, f in by_id.items() if isinstance(f.data, dict)}
    for loaded in valid:
        problems.extend(_naming_problems(loaded))
        problems.extend(_reference_problems(loaded, kinds))
        problems.extend(_markdown_problems(loaded, kinds))
    problems.extend(_order_problems(valid))
    return problems


def _naming_problems(loaded: LoadedFile) -> Iterator[Problem]:
    data = loaded.data or {}
    entry_id, kind = data["id"], spec.KINDS_BY_NAME[data["kind"]]
    stem = loaded.path.name
    for suffix in (".yaml", ".yml"):
        stem = stem.removesuffix(suffix)
    if stem != entry_id:
        line, col = locate(loaded.text, ["id"])
        yield Problem(loaded.display, line, col, f"id '{entry_id}' does not match the file name '{loaded.path.name}'",
                      f"rename the file to {entry_id}.yaml, or change the id to '{stem}'", code="id-mismatch")
    parent = loaded.path.parent.name
    if parent != kind.folder:
        line, col = locate(loaded.text, ["kind"])
        yield Problem(loaded.display, line, col, f"an entry of kind '{kind.name}' must be in the folder '{kind.folder}/'",
                      f"move the file to laws/{kind.folder}/{loaded.path.name}", code="wrong-folder")


def _reference_problems(loaded: LoadedFile, kinds: dict[str, Any]) -> Iterator[Problem]:
    data = loaded.data or {}
    own = data["id"]

    def check(path: list[str | int], target: str, allowed: Sequence[str], what: str) -> Iterator[Problem]:
        if target == own:
            line, col = locate(loaded.text, path)
            yield Problem(loaded.display, line, col, f"'{own}' refers to itself", "remove this reference", code="self-reference")
        elif target not in kinds:
            line, col = locate(loaded.text, path)
            yield Problem(loaded.display, line, col, f"unknown entry '{target}' in {what}", _nearest(target, kinds),
                          code="unknown-reference")
        elif kinds[target] not in allowed:
            line, col = locate(loaded.text, path)
            yield Problem(loaded.display, line, col,
                          f"{what} cannot point at '{target}', an entry of kind '{kinds[target]}'",
                          f"allowed kinds: {', '.join(allowed)}", code="reference-kind")

    for name, targets in (data.get("relations") or {}).items():
        relation = spec.RELATIONS_BY_NAME[name]
        for index, target in enumerate(targets):
            yield from check(["relations", name, index], target, relation.targets, f"'relations.{name}'")
    if "collection" in data:
        yield from check(["collection"], data["collection"], ("collection",), "'collection'")
    if "source" in data:
        yield from check(["source"], data["source"], ("source",), "'source'")


def _markdown_problems(loaded: LoadedFile, kinds: dict[str, Any]) -> Iterator[Problem]:
    data = loaded.data or {}
    body = data.get("body", "")
    for match in iter_refs(body):
        target = match.group(1)
        if target not in kinds:
            line, col = _locate_in_block(loaded, "body", body, match.start())
            yield Problem(loaded.display, line, col, f"unknown entry '{target}' in [[{target}]]",
                          _nearest(target, kinds), code="unknown-reference")
    for offset, message, hint, code in iter_markdown_issues(body):
        line, col = _locate_in_block(loaded, "body", body, offset)
        yield Problem(loaded.display, line, col, message, hint, severity=Severity.WARNING, code=code)


def _order_problems(valid: Sequence[LoadedFile]) -> Iterator[Problem]:
    taken: dict[tuple[str, int], LoadedFile] = {}
    for loaded in valid:
        data = loaded.data or {}
        if "collection" not in data:
            continue
        key = (data["collection"], data["order"])
        if key in taken:
            line, col = locate(loaded.text, ["order"])
            yield Problem(loaded.display, line, col,
                          f"rank {key[1]} in collection '{key[0]}' is already taken by {taken[key].display}",
                          "give each entry of a collection its own 'order'", code="duplicate-order")
        else:
            taken[key] = loaded


def _nearest(target: str, kinds: dict[str, Any]) -> str:
    guesses = difflib.get_close_matches(target, list(kinds), n=3, cutoff=0.6)
    if guesses:
        return "did you mean " + " or ".join(f"'{g}'" for g in guesses) + "?"
    return "check the id: it is the file name without .yaml (python -m playbook validate lists them)"


def _locate_in_block(loaded: LoadedFile, key: str, value: str, offset: int) -> tuple[int, int]:
    """Position of ``value[offset]`` in the file, for a block scalar (``|``) under ``key``."""
    line, col = locate(loaded.text, [key])
    lines = loaded.text.splitlines()
    header = lines[line - 1] if 0 < line <= len(lines) else ""
    before = value[:offset]
    row = before.count("\n")
    col_in_line = offset - (before.rfind("\n") + 1)
    if header[col - 1 : col] in ("|", ">"):
        first = line  # index of the first content line (0-based == line)
        while first < len(lines) and not lines[first].strip():
            first += 1
        indent = len(lines[first]) - len(lines[first].lstrip(" ")) if first < len(lines) else 0
        return line + 1 + row, indent + col_in_line + 1
    return line + row, (col + col_in_line if row == 0 else col_in_line + 1)
