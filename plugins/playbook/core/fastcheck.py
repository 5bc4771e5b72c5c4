"""A lean yes/no validator compiled from the entry JSON Schema, for the fast path of validation.

:func:`compile_check` writes the schema as the source of a few Python functions and compiles them
once: they answer "is this entry valid?" without building error objects or raising exceptions, a
property's or an item's checks written inline in its object's or list's function (much cheaper per
clean entry than a generic validator, or than one closure per keyword). It understands exactly the
keywords the entry schema uses and refuses any other at compile time, so a change to
:mod:`playbook.core.schema` cannot silently weaken it.

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
    return _Compiler(root).compile()


#: How a value's JSON type is tested, as Python source over the value's variable.
_TYPE_TESTS: dict[str, str] = {
    "string": "isinstance({v}, str)",
    "array": "isinstance({v}, list)",
    "object": "isinstance({v}, dict)",
    "integer": "type({v}) is int",  # bool is not an integer in JSON Schema; the loader makes no floats
    "boolean": "isinstance({v}, bool)",
    "null": "{v} is None",
}


#: Patterns whose meaning Python's own string methods say faster than a regular expression (most
#: of the schema's strings are single lines: a title, a checklist item). ``\\S`` and ``str.strip``
#: agree on what a space is (``test_fastcheck.py`` holds them together).
_AS_PYTHON: dict[str, str] = {
    spec.SINGLE_LINE_PATTERN: "'\\n' not in {v} and '\\r' not in {v} and {v}.strip() != ''",
}


class _Compiler:
    """The schema as the source of a few Python functions, compiled once.

    Each schema becomes lines that ``return False`` as soon as the value in a variable breaks it;
    a property's or an item's schema is written inline in its object's or list's function (no
    call per value), a definition (``$ref``), an ``if`` and each kind's ``then`` are functions of
    their own. Constants (patterns' ``search``, sets of names) are passed in by name: no text of
    the schema is ever pasted into the source."""

    def __init__(self, root: dict[str, Any]):
        self.root = root
        self.names: dict[str, Any] = {"_unique": _unique}
        self.functions: list[str] = []
        self.refs: dict[str, str] = {}  #: definition → its function's name
        self.tail: list[str] = []  #: statements after the functions (the kinds' tables)
        self.count = 0

    def compile(self) -> Check:
        entry = self.function(self.root)
        namespace = dict(self.names)
        # The source is made from the schema's keywords alone, every value passed in by name.
        exec(compile("\n".join(self.functions + self.tail), "<fastcheck>", "exec"), namespace)
        check: Check = namespace[entry]
        return check

    def fresh(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def constant(self, value: Any, prefix: str = "c") -> str:
        name = self.fresh(prefix)
        self.names[name] = value
        return name

    def function(self, schema: Any, name: str | None = None) -> str:
        """The name of a function ``v -> bool`` for ``schema`` (written now)."""
        name = name or self.fresh("f")
        lines: list[str] = []
        self.emit(schema, "v", lines, "    ")
        self.functions.append(f"def {name}(v):\n" + "".join(lines) + "    return True\n")
        return name

    def emit(self, schema: Any, v: str, out: list[str], ind: str) -> None:
        """Lines, indented by ``ind``, that return ``False`` when the value in ``v`` breaks ``schema``."""
        if schema is True:
            return
        if schema is False:
            out.append(f"{ind}return False\n")
            return
        unknown = set(schema) - _KNOWN
        if unknown:
            raise NotImplementedError(f"fastcheck does not support the keyword(s) {sorted(unknown)}")
        if "then" in schema and "if" not in schema:
            raise NotImplementedError("'then' without 'if'")
        if self._plain_string(schema, v, out, ind) or self._union(schema, v, out, ind):
            return
        if "$ref" in schema:
            out.append(f"{ind}if not {self._ref(schema['$ref'])}({v}): return False\n")
        if "type" in schema:
            out.append(f"{ind}if not ({_type_test(schema['type'], v)}): return False\n")
        if "enum" in schema:
            out.append(f"{ind}if not ({self._enum(schema['enum'], v)}): return False\n")
        if "const" in schema:
            out.append(f"{ind}if not ({self._enum([schema['const']], v)}): return False\n")
        known = schema.get("type") if isinstance(schema.get("type"), str) else None  # tested just above
        self._string(schema, v, out, ind, known == "string")
        self._array(schema, v, out, ind, known == "array")
        self._number(schema, v, out, ind, known == "integer")
        self._object(schema, v, out, ind, known == "object")
        if not self._dispatch(schema.get("allOf", ()), v, out, ind):
            for sub in schema.get("allOf", ()):
                self.emit(sub, v, out, ind)
        if "if" in schema:
            condition = self.function(schema["if"])
            out.append(f"{ind}if {condition}({v}):\n")
            then: list[str] = []
            self.emit(schema.get("then", True), v, then, ind + "    ")
            out.extend(then or [f"{ind}    pass\n"])

    def _plain_string(self, schema: dict[str, Any], v: str, out: list[str], ind: str) -> bool:
        """One test for the common ``{"type": "string", "minLength", "maxLength", "pattern"}``."""
        if schema.get("type") != "string" or set(schema) - _ANNOTATIONS - {"type", "minLength", "maxLength", "pattern"}:
            return False
        tests = [f"isinstance({v}, str)", *self._length(schema, v, "minLength", "maxLength")]
        if "pattern" in schema:
            tests.append(self._matches(schema["pattern"], v))
        out.append(f"{ind}if not ({' and '.join(tests)}): return False\n")
        return True

    def _union(self, schema: dict[str, Any], v: str, out: list[str], ind: str) -> bool:
        """``type: [string, object]`` with keywords that each apply to one of those types (a
        relation target, a checklist item): the value's own type picks the one part that can
        apply, instead of every keyword testing the type again. ``False`` for any other shape."""
        names = schema.get("type")
        if not isinstance(names, list) or len(names) < 2 or any(n not in _BY_TYPE for n in names):
            return False
        constraints = set(schema) - _ANNOTATIONS - {"type"}
        if constraints - set().union(*(_BY_TYPE[n] for n in names)):
            return False  # a keyword for every type (enum, $ref, allOf...): the general way
        for index, name in enumerate(names):  # the types are disjoint: at most one holds
            out.append(f"{ind}{'el' if index else ''}if {_TYPE_TESTS[name].format(v=v)}:\n")
            part: list[str] = []
            self.emit({"type": name, **{k: schema[k] for k in constraints & _BY_TYPE[name]}}, v, part, ind + "    ")
            out.extend(part)
        out.append(f"{ind}else:\n{ind}    return False\n")
        return True

    def _dispatch(self, parts: Any, v: str, out: list[str], ind: str) -> bool:
        """``allOf: [{if: {properties: {kind: {const: X}}, required: [kind]}, then: ...}, ...]`` as
        one dict look-up (``required`` in every ``if``, or in none).

        The ``if`` holds when the instance is not an object, has no ``kind`` (unless it is
        required), or its ``kind`` is X; the consts are distinct strings, so at most one ``then``
        applies to an entry with a kind, and none to an object without one when it is required."""
        key = None
        thens: dict[str, Any] = {}
        required: set[bool] = set()
        for part in parts:
            cond = part.get("if") if isinstance(part, dict) else None
            if not isinstance(cond, dict) or set(part) != {"if", "then"} or not {"properties"} <= set(cond):
                return False
            ((name, sub),) = cond["properties"].items() if len(cond["properties"]) == 1 else [(None, None)]
            if set(cond) - {"properties", "required"} or cond.get("required", [name]) != [name]:
                return False
            required.add("required" in cond)
            if not isinstance(sub, dict) or set(sub) != {"const"} or not isinstance(sub["const"], str):
                return False
            if key not in (None, name) or sub["const"] in thens:
                return False
            key = name
            thens[sub["const"]] = part["then"]
        if key is None or len(required) != 1:
            return False
        table = {const: self.function(then) for const, then in thens.items()}
        every = [f"{ind}    if not {function}({v}): return False\n" for function in table.values()]
        lookup = self.fresh("t")  # written after every function: each kind's name → its function
        pairs = ", ".join(f"{self.constant(const, 'k')}: {function}" for const, function in table.items())
        self.tail.append(f"{lookup} = {{{pairs}}}\n")
        key_name, value = self.constant(key, "k"), self.fresh("x")
        out.append(f"{ind}if isinstance({v}, dict) and {key_name} in {v}:\n")
        out.append(f"{ind}    {value} = {v}[{key_name}]\n")
        out.append(f"{ind}    {value} = {lookup}.get({value}) if isinstance({value}, str) else None\n")
        out.append(f"{ind}    if {value} is not None and not {value}({v}): return False\n")
        if required.pop():  # no 'if' holds for an object without the key: only a non-object meets every 'then'
            out.append(f"{ind}elif not isinstance({v}, dict):\n")
        else:
            out.append(f"{ind}else:\n")
        out.extend(every or [f"{ind}    pass\n"])
        return True

    def _ref(self, ref: str) -> str:
        if not ref.startswith("#/definitions/") and "#/definitions/" not in ref:
            raise NotImplementedError(f"$ref {ref!r}")
        name = ref.split("#/definitions/", 1)[1]
        if name not in self.refs:  # named first: a definition that refers to itself calls itself
            self.refs[name] = self.fresh("d")
            self.function(self.root["definitions"][name], self.refs[name])
        return self.refs[name]

    def _matches(self, pattern: str, v: str) -> str:
        """The string in ``v`` matches ``pattern`` (as :func:`detailed_validator` reads it)."""
        same = _AS_PYTHON.get(pattern)
        if same is not None:
            return same.format(v=v)
        return f"{self.constant(spec.schema_regex(pattern).search, 'p')}({v}) is not None"

    def _length(self, schema: dict[str, Any], v: str, low: str, high: str) -> list[str]:
        tests = []
        if low in schema:
            tests.append(f"{self.constant(schema[low], 'n')} <= len({v})")
        if high in schema:
            tests.append(f"len({v}) <= {self.constant(schema[high], 'n')}")
        return tests

    def _enum(self, options: list[Any], v: str) -> str:
        if not all(isinstance(o, str) for o in options):
            raise NotImplementedError("enum of non-strings")
        return f"isinstance({v}, str) and {v} in {self.constant(frozenset(options), 's')}"

    # Each kind of keyword applies to values of its type only: its test starts with the type's,
    # unless the schema's `type` was tested already (`known`).

    def _string(self, schema: dict[str, Any], v: str, out: list[str], ind: str, known: bool) -> None:
        guard = "" if known else f"isinstance({v}, str) and "
        for test in self._length(schema, v, "minLength", "maxLength"):
            out.append(f"{ind}if {guard}not {test}: return False\n")
        if "pattern" in schema:
            out.append(f"{ind}if {guard}not ({self._matches(schema['pattern'], v)}): return False\n")

    def _array(self, schema: dict[str, Any], v: str, out: list[str], ind: str, known: bool) -> None:
        guard = "" if known else f"isinstance({v}, list) and "
        for test in self._length(schema, v, "minItems", "maxItems"):
            out.append(f"{ind}if {guard}not {test}: return False\n")
        if schema.get("uniqueItems"):
            out.append(f"{ind}if {guard}not _unique({v}): return False\n")
        if "items" in schema:
            if not isinstance(schema["items"], dict):
                raise NotImplementedError("'items' as a list")
            item = self.fresh("x")
            loop = ind if known else ind + "    "
            body: list[str] = []
            self.emit(schema["items"], item, body, loop + "    ")
            if body:
                out.append(
                    f"{loop}for {item} in {v}:\n"
                    if known
                    else f"{ind}if isinstance({v}, list):\n{loop}for {item} in {v}:\n"
                )
                out.extend(body)

    def _number(self, schema: dict[str, Any], v: str, out: list[str], ind: str, known: bool) -> None:
        guard = "" if known else f"isinstance({v}, (int, float)) and not isinstance({v}, bool) and "
        if "minimum" in schema:
            out.append(f"{ind}if {guard}not {v} >= {self.constant(schema['minimum'], 'n')}: return False\n")
        if "maximum" in schema:
            out.append(f"{ind}if {guard}not {v} <= {self.constant(schema['maximum'], 'n')}: return False\n")

    def _object(self, schema: dict[str, Any], v: str, out: list[str], ind: str, known: bool) -> None:
        props = schema.get("properties", {})
        required = schema.get("required", ())
        extra = schema.get("additionalProperties", True)
        if extra is not False and extra is not True:
            raise NotImplementedError("additionalProperties as a schema")
        dependencies = schema.get("dependencies", {})
        if any(not isinstance(d, list) for d in dependencies.values()):
            raise NotImplementedError("schema dependencies")
        min_props = schema.get("minProperties", 0)
        if not (props or required or extra is False or min_props or dependencies):
            return
        inner = ind if known else ind + "    "
        lines: list[str] = []
        if min_props:
            lines.append(f"{inner}if len({v}) < {self.constant(min_props, 'n')}: return False\n")
        for key in required:
            lines.append(f"{inner}if {self.constant(key, 'k')} not in {v}: return False\n")
        if extra is False:  # every key must be known
            lines.append(f"{inner}if not {self.constant(frozenset(props), 's')}.issuperset({v}): return False\n")
        for key, sub in props.items():
            value = self.fresh("x")
            body: list[str] = []
            self.emit(sub, value, body, inner + "    ")
            if body:  # most properties are absent from a given entry: one `in` each
                name = self.constant(key, "k")
                lines.append(f"{inner}if {name} in {v}:\n{inner}    {value} = {v}[{name}]\n")
                lines.extend(body)
        for key, needed in dependencies.items():
            wanted = " and ".join(f"{self.constant(n, 'k')} in {v}" for n in needed) or "True"
            lines.append(f"{inner}if {self.constant(key, 'k')} in {v} and not ({wanted}): return False\n")
        if not known:
            out.append(f"{ind}if isinstance({v}, dict):\n")
        out.extend(lines or [f"{inner}pass\n"])


def _type_test(kind: Any, v: str) -> str:
    """``type`` as one name or a list of names (the value must have one of them), as source."""
    names = [kind] if isinstance(kind, str) else kind
    if not isinstance(names, list) or not names or any(n not in _TYPE_TESTS for n in names):
        raise NotImplementedError(f"type {kind!r}")
    return " or ".join(_TYPE_TESTS[n].format(v=v) for n in names)


def _unique(items: list[Any]) -> bool:
    for item in items:  # a plain loop: faster than all() on short lists
        if item.__class__ is not str:
            return False  # not obvious: let jsonschema decide
    return len(set(items)) == len(items)
