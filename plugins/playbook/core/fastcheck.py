"""A lean yes/no validator compiled from the entry JSON Schema, for the fast path of validation.

:func:`compile_check` turns the schema into nested closures that answer "is this entry valid?"
without building error objects or raising exceptions (much cheaper per clean entry than a generic
compiled validator). It understands exactly the keywords the entry schema uses and
refuses any other at compile time, so a change to :mod:`playbook.core.schema` cannot silently
weaken it.

It must be *sound*: when it answers ``True``, ``jsonschema`` (as :func:`detailed_validator` sets
it up) finds no error. Wherever the answer
is not obvious (unhashable items under ``uniqueItems``, floats...) it answers ``False``, which only
sends the entry to the detailed ``jsonschema`` validation. ``tests/unit/test_fastcheck.py``
compares both on generated entries. Both read a ``pattern`` as the schema's ECMA dialect does
(:func:`playbook.core.spec.schema_regex`: ``$`` is the end of the text, not a final line break).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from . import spec

if TYPE_CHECKING:  # jsonschema is imported only when a file fails the fast check
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

Check = Callable[[Any], bool]

#: Keywords that carry no constraint.
_ANNOTATIONS = {"$schema", "$id", "title", "description", "examples", "default", "$comment", "definitions"}
_KNOWN = _ANNOTATIONS | {
    "type",
    "enum",
    "const",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "items",
    "minimum",
    "maximum",
    "required",
    "properties",
    "additionalProperties",
    "minProperties",
    "dependencies",
    "allOf",
    "if",
    "then",
    "$ref",
}


def _is_int(value: Any) -> bool:
    return type(value) is int  # bool is not an integer in JSON Schema; the loader makes no floats


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "integer": _is_int,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


#: The keywords that constrain values of one type only (JSON Schema ignores them for the others).
_BY_TYPE: dict[str, frozenset[str]] = {
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "array": frozenset({"minItems", "maxItems", "uniqueItems", "items"}),
    "object": frozenset({"required", "properties", "additionalProperties", "minProperties", "dependencies"}),
    "integer": frozenset({"minimum", "maximum"}),
    "boolean": frozenset(),
    "null": frozenset(),
}


def detailed_validator(root: dict[str, Any]) -> Draft7Validator:
    """jsonschema's draft-07 validator for ``root``, its ``pattern`` keyword read as in the schema's
    ECMA dialect (:func:`playbook.core.spec.schema_regex`), as :func:`compile_check` reads it:
    jsonschema's own ``re.search`` would let ``"loi-1\n"`` through an id's ``$``."""
    from jsonschema import Draft7Validator, validators
    from jsonschema.exceptions import ValidationError

    def pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if validator.is_type(instance, "string") and not spec.schema_regex(pattern).search(instance):
            yield ValidationError(f"{instance!r} does not match {pattern!r}")

    validator: Draft7Validator = validators.extend(Draft7Validator, {"pattern": pattern})(root)
    return validator


def compile_check(root: dict[str, Any]) -> Check:
    """A function ``data -> bool`` for the draft-07 schema ``root``."""
    return _Compiler(root).compile(root)


class _Compiler:
    def __init__(self, root: dict[str, Any]):
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        unknown = set(schema) - _KNOWN
        if unknown:
            raise NotImplementedError(f"fastcheck does not support the keyword(s) {sorted(unknown)}")
        if "then" in schema and "if" not in schema:
            raise NotImplementedError("'then' without 'if'")
        fast = _plain_string(schema)
        if fast is not None:
            return fast
        union = self._union(schema)
        if union is not None:
            return union
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        if "type" in schema:
            checks.append(_type_check(schema["type"]))
        if "enum" in schema:
            checks.append(_enum(schema["enum"]))
        if "const" in schema:
            checks.append(_enum([schema["const"]]))
        checks.extend(self._string(schema))
        checks.extend(self._array(schema))
        checks.extend(self._number(schema))
        checks.extend(self._object(schema))
        dispatch = self._dispatch(schema.get("allOf", ()))
        if dispatch is not None:
            checks.append(dispatch)
        else:
            for sub in schema.get("allOf", ()):
                checks.append(self.compile(sub))
        if "if" in schema:
            condition = self.compile(schema["if"])
            then = self.compile(schema.get("then", True))
            checks.append(lambda v: then(v) if condition(v) else True)
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            first, second = checks
            return lambda v: first(v) and second(v)
        every = tuple(checks)

        def run(v: Any) -> bool:
            for check in every:  # noqa: SIM110 - a plain loop: faster than all() on this hot path
                if not check(v):
                    return False
            return True

        return run

    def _union(self, schema: dict[str, Any]) -> Check | None:
        """``type: [string, object]`` with keywords that each apply to one of those types (a
        relation target, a checklist item): the value's own type picks the one sub-check that
        can apply, instead of every keyword testing the type again. ``None`` for any other shape."""
        names = schema.get("type")
        if not isinstance(names, list) or len(names) < 2 or any(n not in _BY_TYPE for n in names):
            return None
        constraints = set(schema) - _ANNOTATIONS - {"type"}
        if constraints - set().union(*(_BY_TYPE[n] for n in names)):
            return None  # a keyword for every type (enum, $ref, allOf...): the general way
        parts = tuple(
            (_TYPES[n], self.compile({"type": n, **{k: schema[k] for k in constraints & _BY_TYPE[n]}})) for n in names
        )

        def check(v: Any) -> bool:
            for is_type, sub in parts:  # the types are disjoint: at most one holds
                if is_type(v):
                    return sub(v)
            return False

        return check

    def _dispatch(self, parts: Any) -> Check | None:
        """``allOf: [{if: {properties: {kind: {const: X}}, required: [kind]}, then: ...}, ...]`` as
        one dict look-up (``required`` in every ``if``, or in none).

        The ``if`` holds when the instance is not an object, has no ``kind`` (unless it is
        required), or its ``kind`` is X; the consts are distinct strings, so at most one ``then``
        applies to an entry with a kind, and none to an object without one when it is required."""
        key = None
        thens: dict[str, Check] = {}
        required: set[bool] = set()
        for part in parts:
            cond = part.get("if") if isinstance(part, dict) else None
            if not isinstance(cond, dict) or set(part) != {"if", "then"} or not {"properties"} <= set(cond):
                return None
            ((name, sub),) = cond["properties"].items() if len(cond["properties"]) == 1 else [(None, None)]
            if set(cond) - {"properties", "required"} or cond.get("required", [name]) != [name]:
                return None
            required.add("required" in cond)
            if not isinstance(sub, dict) or set(sub) != {"const"} or not isinstance(sub["const"], str):
                return None
            if key not in (None, name) or sub["const"] in thens:
                return None
            key = name
            thens[sub["const"]] = self.compile(part["then"])
        if key is None or len(required) != 1:
            return None
        every = tuple(thens.values())
        key_required = required.pop()

        def check(v: Any) -> bool:
            if isinstance(v, dict):
                if key in v:
                    value = v[key]
                    then = thens.get(value) if isinstance(value, str) else None
                    return then is None or then(v)
                if key_required:
                    return True  # no 'if' holds for an object without the key
            for then in every:  # noqa: SIM110 - a plain loop: faster than all() on this hot path
                if not then(v):
                    return False
            return True

        return check

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/definitions/") and "#/definitions/" not in ref:
            raise NotImplementedError(f"$ref {ref!r}")
        name = ref.split("#/definitions/", 1)[1]
        if name not in self.refs:
            self.refs[name] = lambda v: False  # placeholder while compiling (no recursive refs here)
            self.refs[name] = self.compile(self.root["definitions"][name])
        refs = self.refs
        return lambda v: refs[name](v)  # noqa: PLW0108 - looked up at call time: refs[name] is replaced above

    def _string(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        if lo is not None or hi is not None:
            lo_, hi_ = lo or 0, hi if hi is not None else float("inf")
            checks.append(lambda v: not isinstance(v, str) or lo_ <= len(v) <= hi_)
        if "pattern" in schema:
            search = spec.schema_regex(schema["pattern"]).search  # as ecma_validator's jsonschema does
            checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        return checks

    def _array(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        lo, hi = schema.get("minItems"), schema.get("maxItems")
        if lo is not None or hi is not None:
            lo_, hi_ = lo or 0, hi if hi is not None else float("inf")
            checks.append(lambda v: not isinstance(v, list) or lo_ <= len(v) <= hi_)
        if schema.get("uniqueItems"):
            checks.append(lambda v: not isinstance(v, list) or _unique(v))
        if "items" in schema:
            if not isinstance(schema["items"], dict):
                raise NotImplementedError("'items' as a list")
            item = self.compile(schema["items"])

            def items(v: Any) -> bool:
                if isinstance(v, list):
                    for x in v:
                        if not item(x):
                            return False
                return True

            checks.append(items)
        return checks

    def _number(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "minimum" in schema:
            lo = schema["minimum"]
            checks.append(lambda v: not _is_number(v) or v >= lo)
        if "maximum" in schema:
            hi = schema["maximum"]
            checks.append(lambda v: not _is_number(v) or v <= hi)
        return checks

    def _object(self, schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        props = {k: self.compile(s) for k, s in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        if extra is not False and extra is not True:
            raise NotImplementedError("additionalProperties as a schema")
        closed = extra is False
        min_props = schema.get("minProperties", 0)
        dependencies = schema.get("dependencies", {})
        if any(not isinstance(d, list) for d in dependencies.values()):
            raise NotImplementedError("schema dependencies")
        deps = tuple((k, tuple(v)) for k, v in dependencies.items())
        if not (props or required or closed or min_props or deps):
            return checks

        prop_items = tuple(props.items())

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            if len(v) < min_props:
                return False
            for key in required:
                if key not in v:
                    return False
            if closed:  # every key must be known: walk the instance
                for key, value in v.items():
                    sub = props.get(key)
                    if sub is None or not sub(value):
                        return False
            else:  # open object (the `if`/`then` parts): walk the few properties named
                for key, sub in prop_items:
                    if key in v and not sub(v[key]):
                        return False
            for key, needed in deps:
                if key in v:
                    for n in needed:
                        if n not in v:
                            return False
            return True

        checks.append(check)
        return checks


def _type_check(kind: Any) -> Check:
    """``type`` as one name or a list of names (the value must have one of them)."""
    names = [kind] if isinstance(kind, str) else kind
    if not isinstance(names, list) or not names or any(n not in _TYPES for n in names):
        raise NotImplementedError(f"type {kind!r}")
    if len(names) == 1:
        return _TYPES[names[0]]
    options = tuple(_TYPES[n] for n in names)
    return lambda v: any(option(v) for option in options)


def _plain_string(schema: Any) -> Check | None:
    """One closure for the common ``{"type": "string", "minLength", "maxLength", "pattern"}``."""
    if not isinstance(schema, dict) or schema.get("type") != "string":
        return None
    if set(schema) - _ANNOTATIONS - {"type", "minLength", "maxLength", "pattern"}:
        return None
    lo = schema.get("minLength", 0)
    hi = schema.get("maxLength", float("inf"))
    if "pattern" in schema:
        search = spec.schema_regex(schema["pattern"]).search
        return lambda v: isinstance(v, str) and lo <= len(v) <= hi and search(v) is not None
    return lambda v: isinstance(v, str) and lo <= len(v) <= hi


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _enum(options: list[Any]) -> Check:
    if all(isinstance(o, str) for o in options):
        allowed = frozenset(options)
        return lambda v: isinstance(v, str) and v in allowed
    raise NotImplementedError("enum of non-strings")


def _unique(items: list[Any]) -> bool:
    if all(isinstance(x, str) for x in items):
        return len(set(items)) == len(items)
    return False  # not obvious: let jsonschema decide
