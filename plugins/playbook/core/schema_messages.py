"""The schema's messages: an entry checked against the JSON Schema, each error said in French.

:func:`schema_problems` runs the fast yes/no check (:mod:`playbook.core.fastcheck`); only a file
that fails it is validated again in detail (``jsonschema``), and each error is translated
(:func:`_translate`) into a located problem with a hint: an unknown key and the field it was
probably meant to be, a missing field and what to write in it, a value of the wrong type, out of
range, too long, not matching its pattern... One mistake is said once: an error under a value the
loader refused, or a missing field that is the best guess for an unknown key, is not repeated.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from . import spec
from .fastcheck import compile_check, detailed_validator
from .loader import LoadedFile, node_scalar, node_text, problem_at
from .messages import listing, quote, say
from .positions import block_above, excerpt
from .problems import Problem, where_in_entry
from .schema import load_schema

if TYPE_CHECKING:  # jsonschema is imported only when a file fails the fast check
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError


@cache
def _validator() -> Draft7Validator:
    return detailed_validator(load_schema())


@cache
def _fast_check() -> Any:
    """The yes/no validator of the fast path (see :mod:`playbook.core.fastcheck`)."""
    return compile_check(load_schema())


def schema_problems(loaded: LoadedFile) -> list[Problem]:
    data = loaded.data
    if data is None or _fast_check()(data):
        return []
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    # A missing field whose name is the best guess for an unknown key is one mistake (a typo), said once.
    guessed: set[tuple[tuple[str | int, ...], str]] = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            for extra in set(error.instance) - set(allowed):
                for guess in difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6):
                    guessed.add((tuple(error.absolute_path), guess))
    problems: list[Problem] = []
    for error in errors:
        if _under_refused(loaded, list(error.absolute_path), error.validator):
            continue  # the loader already said why this value was refused
        if error.validator == "required" and (tuple(error.absolute_path), _missing_name(error)) in guessed:
            continue
        problems.extend(_translate(loaded, error))
    return _dedupe(problems)


def _missing_name(error: ValidationError) -> str:
    return error.message.split("'")[1] if "'" in error.message else str(error.message)


def _under_refused(loaded: LoadedFile, path: list[str | int], validator: Any = None) -> bool:
    """True for an error about a refused value, or about repeats among a list's refused items."""
    if any(tuple(path[: len(r)]) == r for r in loaded.refused):
        return True
    return validator == "uniqueItems" and any(r[: len(path)] == tuple(path) for r in loaded.refused)


def _translate(loaded: LoadedFile, error: ValidationError) -> Iterator[Problem]:
    path = list(error.absolute_path)
    where = where_in_entry(path)
    kind = loaded.data.get("kind") if isinstance(loaded.data, dict) else None
    validator = error.validator
    # jsonschema's error attributes are typed as unions of every possible schema shape; the
    # branches below know the shape from the keyword, so they are read as Any
    instance: Any = error.instance
    schema: Any = error.schema
    value: Any = error.validator_value

    def at(p: Sequence[str | int], message: str, hint: str = "", code: str = "schema", key: bool = False) -> Problem:
        return problem_at(loaded, p, code, message, hint, key=key)

    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        lines = loaded.text.split("\n") if not path else []  # once: each walk up below stops at a field
        for extra in sorted(set(instance) - set(allowed)):
            guess = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            if guess:
                hint = say("unknown-key", "did-you-mean", guess=guess[0])
            else:
                hint = say("unknown-key", "allowed-here", keys=", ".join(allowed))
            message = (
                say("unknown-key", "in-field", key=extra, where=where)
                if path
                else say("unknown-key", "at-root", key=extra)
            )
            problem = at([*path, extra], message, hint, "unknown-key", key=True)
            # 'À retenir : …' at the margin after 'body: |': a line of the text, not indented
            header = block_above(lines, problem.line) if lines and not guess else None
            if header is not None:
                line = excerpt(lines[problem.line - 1].strip())
                problem = dataclasses.replace(problem, hint=say("unknown-key", "indent-text", field=header, line=line))
            yield problem
    elif validator == "required":
        missing = _missing_name(error)
        if path:
            message = say("missing", "required-in", field=missing, where=where)
            hint = say("missing", "add-here", field=missing)
        else:
            message, hint = say("missing", "required", field=missing), _field_hint(missing, kind)
        yield at(path, message, hint, "missing")
    elif validator == "dependencies":
        have = next((a for a, b in spec.PAIRED_FIELDS if a in instance and b not in instance), "")
        need = dict(spec.PAIRED_FIELDS).get(have, "")
        if isinstance(kind, str) and kind in spec.KINDS_BY_NAME and have in spec.KINDS_BY_NAME[kind].forbidden:
            return  # the field is not allowed at all for this kind: that error says it
        message = say("missing", "needs", field=have, needed=need)
        yield at([have], message, _field_hint(need, kind), "missing", key=True)
    elif validator is None or schema is False:  # a `false` schema: field or relation not allowed
        for key in _false_schema_keys(loaded, error, path):
            yield _forbidden(loaded, [*path, key], kind, at)
    elif validator == "type":
        yield _type_problem(loaded, path, error, at)
    elif validator == "enum":
        if path == ["kind"]:
            named = spec.find_kind(str(instance))  # 'cas', 'loi', 'lois': what `new` accepts
            kind_guess = spec.guess_kind(str(instance))
            kinds = ", ".join(spec.KIND_NAMES)
            if named is not None:
                hint = say("unknown-kind", "use-the-name", given=instance, name=named.name)
            elif kind_guess:
                hint = say("unknown-kind", "did-you-mean", guess=kind_guess, kinds=kinds)
            else:
                hint = say("unknown-kind", "kinds", kinds=kinds)
            yield at(path, say("unknown-kind", "unknown", kind=instance), hint, "unknown-kind")
        else:
            options = ", ".join(map(str, value))
            guess = difflib.get_close_matches(str(instance), [str(v) for v in value], n=1, cutoff=0.7)
            hint = say("enum", "did-you-mean", guess=guess[0]) if guess else say("enum", "write-one")
            yield at(path, say("enum", "one-of", where=where, options=options), hint, "enum")
    elif validator == "pattern":
        yield _pattern_problem(path, instance, where, at)
    elif validator == "minItems" and isinstance(instance, list) and instance:
        message = say("too-few", "too-few", where=where, count=len(instance), minimum=value)
        yield at(path, message, say("too-few", "add-items"), "too-few")
    elif validator in ("minLength", "minItems", "minProperties"):
        yield at(path, say("empty-value", "empty", where=where), _empty_hint(path), "empty-value")
    elif validator == "maxLength":
        message = say("too-long", "too-long", where=where, count=len(instance), maximum=value)
        yield at(path, message, say("too-long", "shorten"), "too-long")
    elif validator == "maxItems":
        message = say("too-many", "too-many", where=where, count=len(instance), maximum=value)
        yield at(path, message, say("too-many", "split"), "too-many")
    elif validator == "uniqueItems":  # the code's file is the corpus checks' (see _schema.yaml)
        message, hint = say("repeated", "repeated-item", where=where), say("repeated", "remove-repeated")
        yield at(path, message, hint, "repeated")
    elif validator in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if validator == "minimum":
            message = say("range", "below", where=where, value=instance, minimum=low)
        else:
            message = say("range", "above", where=where, value=instance, maximum=high)
        yield at(path, message, say("range", "use-between", minimum=low, maximum=high), "range")
    else:  # pragma: no cover - every keyword the schema uses is handled above
        yield at(path, say("schema", "other", where=where, detail=error.message), "", "schema")


def _false_schema_keys(loaded: LoadedFile, error: ValidationError, path: list[str | int]) -> list[str | int]:
    """The key a ``false`` property schema refused. jsonschema reports such errors at the parent
    mapping, without the key, so it is found again: the key whose value is the refused instance."""
    parent: Any = loaded.data
    for step in path:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return []
    if not isinstance(parent, dict):
        return []
    same = [k for k, v in parent.items() if v is error.instance]
    return same or [k for k, v in parent.items() if v == error.instance]


def _forbidden(loaded: LoadedFile, path: list[str | int], kind: Any, at: Any) -> Problem:
    if len(path) == 2 and path[0] == "relations":
        relation = spec.RELATIONS_BY_NAME[str(path[1])]
        allowed = ", ".join(relation.sources)
        own = [r.name for r in spec.RELATIONS if kind in r.sources]
        if own:
            hint = say(
                "relation-kind", "declared-by-and-own", relation=path[1], kinds=allowed, kind=kind, own=", ".join(own)
            )
        else:
            hint = say("relation-kind", "declared-by", relation=path[1], kinds=allowed)
        message = say("relation-kind", "cannot-declare", kind=kind, relation=path[1])
        return at(path, message, hint, "relation-kind", key=True)
    name = str(path[0]) if path else "?"
    owners = [k.name for k in spec.KINDS if name in k.own_fields]
    if owners:
        hint = say("field-kind", "only-kinds", field=name, kinds=listing([quote(o) for o in owners]))
    elif kind == "source" and name in ("source", "source_note", "also_from"):
        hint = say("field-kind", "source-cites-none", field=name)
    else:
        hint = say("field-kind", "kind-has-no", field=name, kind=kind)
    return at(path, say("field-kind", "cannot-have", kind=kind, field=name), hint, "field-kind", key=True)


#: How a type message names what JSON Schema calls each type (its text in the catalogue, code 'type').
_TYPE_WORDS = {"string": "text", "array": "list", "object": "mapping", "integer": "integer"}


def _type_name(name: object) -> str:
    key = _TYPE_WORDS.get(str(name))
    return say("type", key) if key else str(name)


def _type_problem(loaded: LoadedFile, path: list[str | int], error: ValidationError, at: Any) -> Problem:
    expected = error.validator_value
    instance = error.instance
    where = where_in_entry(path)
    if isinstance(expected, list):  # a relation target or a checklist item: text, or a mapping
        want = say("type", "or").join(_type_name(e) for e in expected)
    else:
        want = _type_name(expected)
    if instance is None:
        return at(path, say("empty-value", "empty", where=where), _empty_hint(path), "empty-value")
    got = _describe(instance)
    hint = ""
    text_wanted = expected == "string" or (isinstance(expected, list) and "string" in expected)
    if text_wanted and isinstance(instance, (bool, int)):
        raw = node_text(loaded.text, path) or str(instance)
        hint = say("type", "quote-it", raw=raw)
    elif expected == "array" and isinstance(instance, str):
        hint = say("type", "one-per-line")
    elif expected == "array" and isinstance(instance, dict):
        hint = say("type", "one-per-line-no-name")
    elif expected == "integer" and isinstance(instance, str):
        scalar = node_scalar(loaded.text, path)
        if scalar is not None and scalar.style in ("", None):
            got = quote(instance)
            hint = say("type", "whole-number")
        else:
            hint = say("type", "no-quotes")
    elif expected == "object" and not isinstance(instance, dict):
        hint = _object_hint(path)
    elif text_wanted and isinstance(instance, (list, dict)):
        if path and isinstance(path[-1], int):
            hint = say("type", "item-text", brace="{")
        elif path:
            hint = say("type", "same-line", field=path[-1], brace="{")
    return at(path, say("type", "must-be", where=where, expected=want, actual=got), hint, "type")


def _object_hint(path: list[str | int]) -> str:
    if path == ["relations"]:
        return say("type", "relations-lines")
    if path == ["citation"]:
        return say("type", "citation-lines")
    if path[:1] == ["quotes"]:
        return say("type", "quote-lines")
    return say("type", "field-lines")


def _pattern_problem(path: list[str | int], instance: Any, where: str, at: Any) -> Problem:
    text = str(instance)
    if re.fullmatch(r"\S+://\S+", text) or path[-1:] == ["url"]:
        message = say("pattern", "not-a-web-address", where=where, value=text)
        return at(path, message, say("pattern", "use-https"), "pattern")
    if not text.strip():
        return at(path, say("empty-value", "empty", where=where), _empty_hint(path), "empty-value")
    if "\n" in text or "\r" in text:
        message = say("pattern", "single-line", where=where)
        return at(path, message, say("pattern", "long-text-in-body"), "pattern")
    if path == ["owner"]:
        message = say("bad-owner", "not-a-handle", where=where, value=text)
        return at(path, message, say("bad-owner", "one-word", handle=spec.slugify(text)), "bad-owner")
    if path[-1:] == ["date"] or path == ["reviewed"]:
        message = say("bad-date", "not-a-date", where=where, value=text)
        return at(path, message, say("bad-date", "write-iso"), "bad-date")
    slug = spec.slugify(text)
    if path == ["id"]:
        return at(path, say("bad-id", "the-id", value=text), say("bad-id", "slug-file", slug=slug), "bad-id")
    message = say("bad-id", "in-field", where=where, value=text)
    return at(path, message, say("bad-id", "slug", slug=slug), "bad-id")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return say("type", "true-false", value=str(value).lower())
    if isinstance(value, int):
        return say("type", "number", value=value)
    if isinstance(value, list):
        return say("type", "list")
    if isinstance(value, dict):
        return say("type", "mapping")
    return say("type", "text")


def _empty_hint(path: Sequence[str | int]) -> str:
    if len(path) == 1 and path[0] in _REQUIRED:
        return say("empty-value", "fill-required", field=path[0])
    if path and isinstance(path[-1], int):
        return say("empty-value", "fill-item")
    return say("empty-value", "fill-or-remove")


_REQUIRED = {f.name for f in spec.FIELDS if f.required} | {"source"}


def _field_hint(name: str, kind: Any) -> str:
    if name == "kind":
        return say("missing", "add-kind", kinds=", ".join(spec.KIND_NAMES))
    if name == "source":
        return say("missing", "add-source")
    if name == "checklist" and kind:
        return say("missing", "add-checklist", kind=kind)
    if name == "citation":
        return say("missing", "add-citation")
    if name in spec.FIELDS_BY_NAME:
        return say("missing", "add-field", field=name, description=spec.FIELDS_BY_NAME[name].description)
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
