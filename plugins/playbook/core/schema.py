"""The JSON Schema of an entry: built from :mod:`playbook.core.spec`, published as a file.

``build_schema()`` turns the declarative spec into a JSON Schema (draft-07, the dialect editors
support best). The committed file ``plugins/playbook/schema/entry.schema.json`` is its output;
``load_schema()`` reads that file, which is what the validator uses. ``tests/unit/test_schema.py``
fails when the two drift apart.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from . import spec
from .resources import SCHEMA_PATH

SCHEMA_ID = "https://playbook-relation-client.invalid/schema/entry.schema.json"


def build_schema() -> dict[str, Any]:
    """The full JSON Schema, as a dict, deterministic (same spec → same text)."""
    properties: dict[str, Any] = {}
    for f in spec.FIELDS:
        prop = dict(f.schema)
        if "$ref" not in prop:
            prop.setdefault("description", f.description)
        else:
            prop = {"$ref": prop["$ref"], "description": f.description}
        if f.example is not None:
            prop["examples"] = [f.example]
        properties[f.name] = prop

    own_any = {name for k in spec.KINDS for name in k.own_fields}
    all_of: list[dict[str, Any]] = []
    for kind in spec.KINDS:
        then: dict[str, Any] = {}
        required = list(kind.required)
        if kind.checklist_required:
            required.append("checklist")
        if kind.source_required:
            required.append("source")
        if required:
            then["required"] = required
        forbidden = sorted(set(kind.forbidden) | (own_any - set(kind.own_fields)))
        props: dict[str, Any] = {name: False for name in forbidden}
        not_allowed = [r.name for r in spec.RELATIONS if kind.name not in r.sources]
        if len(not_allowed) == len(spec.RELATIONS):
            props["relations"] = False  # this kind may declare no relation at all
        elif not_allowed and "relations" not in forbidden:
            props["relations"] = {"properties": {name: False for name in not_allowed}}
        if props:
            then["properties"] = props
        if then:
            all_of.append({"if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]}, "then": then})

    relation_props = {
        r.name: {
            "type": "array",
            "minItems": 1,
            "maxItems": spec.MAX_RELATION_TARGETS,
            "uniqueItems": True,
            "items": {"$ref": "#/definitions/relation_target"},
            "description": f"{r.label} ({', '.join(r.targets)}). {r.description}",
        }
        for r in spec.RELATIONS
    }
    schema: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Entrée du playbook relation client",
        "description": (
            "Une entrée par fichier YAML sous laws/. Généré depuis plugins/playbook/core/spec.py "
            f"(version {spec.SCHEMA_VERSION}) : ne pas modifier à la main."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in spec.FIELDS if f.required],
        "properties": properties,
        "dependencies": {a: [b] for a, b in spec.PAIRED_FIELDS},
        "allOf": all_of,
        "definitions": {
            "id": {
                "type": "string",
                "pattern": spec.ID_PATTERN,
                "maxLength": spec.ID_MAX_LENGTH,
                "description": "Identifiant d'entrée : minuscules, chiffres et tirets (ex. loi-temkin-4).",
            },
            # Keywords apply only to their own JSON type, so one schema takes both forms (the
            # fast checker and the error messages need no anyOf).
            "relation_target": {
                "type": ["string", "object"],
                "pattern": spec.ID_PATTERN,
                "maxLength": spec.ID_MAX_LENGTH,
                "required": ["id"],
                "additionalProperties": False,
                "properties": {
                    "id": {"$ref": "#/definitions/id"},
                    "why": spec._text(
                        spec.RELATION_WHY_MAX, "Pourquoi le lien tient, en quelques mots (affiché à côté du lien)."
                    ),
                },
                "description": "Un identifiant, ou {id: ..., why: ...} pour dire pourquoi le lien tient.",
            },
            "checklist_item": {
                "type": ["string", "object"],
                "minLength": 1,
                "maxLength": spec.CHECKLIST_ITEM_MAX,
                "pattern": spec.SINGLE_LINE_PATTERN,
                "required": ["text"],
                "additionalProperties": False,
                "properties": {
                    "text": spec._text(spec.CHECKLIST_ITEM_MAX, "Une action concrète, que l'on peut cocher."),
                    "audience": {
                        "enum": list(spec.AUDIENCES),
                        "description": "À qui l'action s'adresse : "
                        + ", ".join(f"{k} ({v.lower()})" for k, v in spec.AUDIENCES.items())
                        + ".",
                    },
                },
                "description": "Une action concrète, que l'on peut cocher (texte, ou {text: ..., audience: ...}).",
            },
            "quote": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text", "author"],
                "properties": {
                    "text": spec._text(600, "La citation, telle quelle (sans guillemets)."),
                    "author": spec._text(120, "Qui l'a dite ou écrite."),
                    "context": spec._text(200, "Où et quand (facultatif)."),
                },
            },
            "relations": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": relation_props,
            },
            "date": {
                "type": "string",
                "pattern": spec.DATE_PATTERN,
                "description": "Une date, AAAA-MM-JJ (ex. 2026-11-22).",
            },
            "change": {
                "type": "object",
                "additionalProperties": False,
                "required": ["date", "note"],
                "properties": spec.CHANGE_FIELDS,
            },
            "citation": {
                "type": "object",
                "additionalProperties": False,
                "required": list(spec.CITATION_REQUIRED),
                "properties": spec.CITATION_FIELDS,
            },
            "step": {
                "type": "object",
                "additionalProperties": False,
                "required": list(spec.STEP_REQUIRED),
                "properties": spec.STEP_FIELDS,
                "description": "Une étape : l'entrée à lire (entry) et son objectif (goal).",
            },
            **{
                o.name: {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(o.required),
                    "properties": o.fields,
                    "description": o.description,
                }
                for o in spec.OBJECTS
            },
        },
    }
    # The published file is rewritten with $ref to "definitions" (draft-07 spelling).
    return json.loads(json.dumps(schema).replace("#/$defs/", "#/definitions/"))


def schema_text() -> str:
    """The schema file's exact text."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


@cache
def load_schema() -> dict[str, Any]:
    """The published schema file (what editors and the validator use)."""
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    return json.loads(text)


def expected_types(path: tuple[str | int, ...] | list[str | int]) -> frozenset[str]:
    """JSON types the schema accepts at ``path`` (``{"string"}`` for a title...); empty if unknown."""
    return _expected_types(tuple(path))


def _node_at(path: tuple[str | int, ...]) -> dict[str, Any] | None:
    """The schema of the value at ``path`` (references followed), or None where it says nothing."""
    schema = load_schema()
    node: Any = schema
    for step in path:
        node = _deref(schema, node)
        if isinstance(step, int):
            node = node.get("items") if isinstance(node, dict) else None
        else:
            props = node.get("properties") if isinstance(node, dict) else None
            node = props.get(step) if isinstance(props, dict) else None
        if not isinstance(node, dict):
            return None
    resolved = _deref(schema, node)
    return resolved if isinstance(resolved, dict) else None


@cache
def _expected_types(path: tuple[str | int, ...]) -> frozenset[str]:
    node = _node_at(path)
    if node is None:
        return frozenset()
    if "type" in node:
        kinds = node["type"]
        return frozenset([kinds] if isinstance(kinds, str) else kinds)
    if "enum" in node:
        return frozenset(type(v).__name__.replace("str", "string").replace("int", "integer") for v in node["enum"])
    return frozenset()


def expects_date(path: tuple[str | int, ...] | list[str | int]) -> bool:
    """Whether the schema wants a date (``YYYY-MM-DD``) at ``path``."""
    return _expects_date(tuple(path))


@cache
def _expects_date(path: tuple[str | int, ...]) -> bool:
    node = _node_at(path)
    return node is not None and node.get("pattern") == spec.DATE_PATTERN


def _deref(schema: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        node = schema["definitions"][name]
    return node
