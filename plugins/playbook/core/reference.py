"""The format reference, read from the published JSON Schema: fields, rules per kind, relations.

The site's "Format des entrées" page (``templates/playbook/format-reference.md.j2``) is rendered
from :func:`format_reference`, so it always says what the validator checks. Examples are the files
``python -m playbook new`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import spec, thesaurus
from .schema import load_schema

REQUIRED, OPTIONAL, FORBIDDEN = "obligatoire", "facultatif", "interdit"


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str  #: in French: "texte sur une ligne (160 caractères au plus)"
    description: str
    examples: tuple[str, ...]
    rules: dict[str, str]  #: kind name → obligatoire / facultatif / interdit


@dataclass(frozen=True)
class SubFieldDoc:
    name: str
    type: str
    description: str
    required: bool


@dataclass(frozen=True)
class RelationDoc:
    name: str
    label: str
    inverse: str
    description: str
    sources: tuple[spec.Kind, ...]
    targets: tuple[spec.Kind, ...]
    symmetric: bool


@dataclass(frozen=True)
class Reference:
    kinds: tuple[spec.Kind, ...]
    fields: tuple[FieldDoc, ...]
    relations: tuple[RelationDoc, ...]
    citation: tuple[SubFieldDoc, ...]
    quote: tuple[SubFieldDoc, ...]
    step: tuple[SubFieldDoc, ...]
    step_targets: tuple[spec.Kind, ...]
    #: kinds a path step may point at on top of :attr:`step_targets` (a session)
    path_step_only: tuple[spec.Kind, ...]
    change: tuple[SubFieldDoc, ...]
    #: the mappings of the training kinds (a session's blocks...): title, description, fields
    objects: tuple[tuple[str, str, tuple[SubFieldDoc, ...]], ...]
    activities: dict[str, str]
    id_rule: str
    max_file_kb: int
    thesaurus: ThesaurusDoc | None = None


@dataclass(frozen=True)
class ThesaurusDoc:
    """The search's thesaurus (:mod:`.thesaurus`), read from its own published schema."""

    file: str  #: ``thesaurus.yaml``
    sections: tuple[SubFieldDoc, ...]  #: equivalents, expansions, distinct
    expansion: tuple[SubFieldDoc, ...]  #: from, to
    term: str  #: what a word or phrase may be
    example: str
    weight: int  #: the score of an entry found through the thesaurus, in % of the word's own


def format_reference(schema: dict[str, Any] | None = None) -> Reference:
    schema = schema or load_schema()
    props: dict[str, Any] = schema["properties"]
    required_all = set(schema.get("required", []))
    per_kind: dict[str, dict[str, str]] = {}
    for kind in spec.KINDS:
        rules = {name: (REQUIRED if name in required_all else OPTIONAL) for name in props}
        for clause in schema.get("allOf", []):
            if clause["if"]["properties"]["kind"].get("const") != kind.name:
                continue
            then = clause["then"]
            for name in then.get("required", []):
                rules[name] = REQUIRED
            for name, sub in then.get("properties", {}).items():
                if sub is False:
                    rules[name] = FORBIDDEN
        per_kind[kind.name] = rules
    fields = tuple(
        FieldDoc(
            name=name,
            type=describe(schema, prop),
            description=str(prop.get("description") or _resolved(schema, prop).get("description", "")),
            examples=tuple(str(e) for e in prop.get("examples", [])),
            rules={k: per_kind[k][name] for k in per_kind},
        )
        for name, prop in props.items()
    )
    relations = tuple(
        RelationDoc(
            r.name,
            r.label,
            r.inverse,
            r.description,
            tuple(spec.KINDS_BY_NAME[k] for k in r.sources),
            tuple(spec.KINDS_BY_NAME[k] for k in r.targets),
            r.symmetric,
        )
        for r in spec.RELATIONS
        if r.name in schema["definitions"]["relations"]["properties"]
    )
    return Reference(
        kinds=spec.KINDS,
        fields=fields,
        relations=relations,
        citation=_sub_fields(schema, schema["definitions"]["citation"]),
        quote=_sub_fields(schema, schema["definitions"]["quote"]),
        step=_sub_fields(schema, schema["definitions"]["step"]),
        step_targets=tuple(spec.KINDS_BY_NAME[k] for k in spec.STEP_TARGETS),
        path_step_only=tuple(spec.KINDS_BY_NAME[k] for k in spec.PATH_STEP_TARGETS if k not in spec.STEP_TARGETS),
        change=_sub_fields(schema, schema["definitions"]["change"]),
        objects=tuple(
            (o.title, o.description, _sub_fields(schema, schema["definitions"][o.name]))
            for o in spec.OBJECTS
            if o.name in schema["definitions"]
        ),
        activities=spec.ACTIVITIES,
        id_rule=describe(schema, schema["definitions"]["id"]),
        max_file_kb=spec.MAX_FILE_BYTES // 1024,
        thesaurus=thesaurus_reference(),
    )


def thesaurus_reference() -> ThesaurusDoc:
    """The thesaurus's part of the format page, from its published schema."""
    from .search import THESAURUS_WEIGHT

    schema = thesaurus.build_schema()
    return ThesaurusDoc(
        file=thesaurus.FILE_NAME,
        sections=_sub_fields(schema, schema),
        expansion=_sub_fields(schema, schema["definitions"]["expansion"]),
        term=describe(schema, schema["definitions"]["term"]),
        example=thesaurus.reference_example().rstrip("\n"),
        weight=round(THESAURUS_WEIGHT * 100),
    )


def describe(schema: dict[str, Any], node: Any) -> str:
    """A French description of the type of a schema node."""
    ref = node.get("$ref", "") if isinstance(node, dict) else ""
    if ref.endswith("/id"):
        return "identifiant d'entrée"
    if ref.endswith("/relations"):
        return "relations typées (voir « Relations »)"
    if ref.endswith("/citation"):
        return "référence bibliographique (voir « Référence d'une source »)"
    if ref.endswith("/quote"):
        return "citation (voir « Citations »)"
    if ref.endswith("/step"):
        return "étape (voir « Séances et parcours »)"
    if ref.endswith("/checklist_item"):
        return (
            "action : un texte sur une ligne, ou text: (le texte) et audience: "
            f"({', '.join(spec.AUDIENCES)}) pour dire à qui elle s'adresse"
        )
    if ref.endswith("/relation_target"):
        return "identifiant d'entrée, ou id: (l'identifiant) et why: (pourquoi le lien tient)"
    if ref.endswith("/change"):
        return "note de changement (voir « Entretien d'une entrée »)"
    if ref.endswith("/date"):
        return "date AAAA-MM-JJ (sans guillemets)"
    for o in spec.OBJECTS:
        if ref.endswith("/" + o.name):
            return f"{o.title[0].lower()}{o.title[1:]} (voir « Éléments des séances et du matériel de formation »)"
    node = _resolved(schema, node)
    if "enum" in node:
        return "une valeur parmi : " + ", ".join(str(v) for v in node["enum"])
    kind = node.get("type")
    if kind == "string":
        if node.get("pattern") == spec.ID_PATTERN:
            return (
                f"identifiant : minuscules sans accents, chiffres et tirets simples, "
                f"{node.get('maxLength')} caractères au plus"
            )
        if node.get("pattern") == spec.OWNER_PATTERN:
            return (
                f"un mot : une équipe ou une personne (lettres, chiffres, . _ - /, @ au début si "
                f"besoin, entre guillemets), {node.get('maxLength')} caractères au plus"
            )
        if "://" in str(node.get("pattern", "")):
            return "adresse web commençant par https:// ou http://"
        lines = "texte sur une ligne" if node.get("pattern") else "texte Markdown, sur plusieurs lignes"
        return f"{lines} ({node.get('maxLength')} caractères au plus)" if node.get("maxLength") else lines
    if kind == "integer":
        return f"nombre entier de {node.get('minimum')} à {node.get('maximum')}"
    if kind == "array":
        items = describe(schema, node.get("items", {}))
        bounds = []
        if node.get("minItems"):
            bounds.append(f"{node['minItems']} au moins")
        if node.get("maxItems"):
            bounds.append(f"{node['maxItems']} au plus")
        if node.get("uniqueItems"):
            bounds.append("sans doublon")
        return f"liste ({', '.join(bounds)}) ; chaque élément : {items}" if bounds else f"liste de : {items}"
    if kind == "object":
        return "correspondance de champs"
    return "valeur"


def _resolved(schema: dict[str, Any], node: Any) -> dict[str, Any]:
    while isinstance(node, dict) and "$ref" in node:
        node = schema["definitions"][str(node["$ref"]).rsplit("/", 1)[-1]]
    return node if isinstance(node, dict) else {}


def _sub_fields(schema: dict[str, Any], node: dict[str, Any]) -> tuple[SubFieldDoc, ...]:
    required = set(node.get("required", []))
    return tuple(
        SubFieldDoc(name, describe(schema, sub), str(_resolved(schema, sub).get("description", "")), name in required)
        for name, sub in node.get("properties", {}).items()
    )
