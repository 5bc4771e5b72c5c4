"""The declarative definition of the entry format: kinds, relations and fields.

This module is the one place where the format is described. The JSON Schema published for
editors (``plugins/playbook/schema/entry.schema.json``) is generated from it by
``python -m playbook schema --write`` and a test keeps the file in sync; the validator uses that
schema. Adding a kind or a relation type is a change to the tables below and nothing else.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: An entry id: lowercase ASCII words joined by single hyphens (also the file name).
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80

#: Largest entry file accepted, in bytes (a long article is ~20 KB).
MAX_FILE_BYTES = 256 * 1024

#: Bumped whenever the format or its checks change, so caches keyed on it are dropped.
SCHEMA_VERSION = "4"

#: A calendar date as written in an entry (``reviewed``, ``changes[].date``): ``YYYY-MM-DD``.
#: Left unquoted, YAML 1.1 readers read it as that same date, so the loader accepts it unquoted
#: where the schema expects a date (and only there); the validator checks it is a real day.
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

#: An owner: a team or person handle (``@equipe-contenu``, ``@org/team``, ``maintainers``).
OWNER_PATTERN = r"^@?[A-Za-z0-9][A-Za-z0-9._/-]*$"

#: Months between two reviews when neither the entry nor ``mkdocs.yml`` says otherwise.
DEFAULT_REVIEW_MONTHS = 12
#: Largest ``review_every``, in months.
MAX_REVIEW_MONTHS = 120


@dataclass(frozen=True)
class Kind:
    """One kind of entry (law, case, ...)."""

    name: str  #: value of the ``kind`` field
    label: str  #: French singular, shown on pages
    plural: str  #: French plural, title of the kind's index page
    folder: str  #: folder under ``laws/`` and under the site
    description: str  #: one line for the kind's index page and the format reference
    checklist_required: bool = False
    #: Fields this kind must have on top of the common ones.
    required: tuple[str, ...] = ()
    #: Fields only this kind may have.
    own_fields: tuple[str, ...] = ()
    #: Entries of this kind may not have these common fields.
    forbidden: tuple[str, ...] = ()
    #: Whether the entry must name the ``source`` its content comes from (written from a source).
    source_required: bool = True
    #: Weight of the entry's words in the search (all but a source's citation), against the content
    #: kinds' 1: a source is found by its author, publication and title, and comes after the
    #: entries drawn from it for the everyday words it shares with them.
    search_weight: float = 1.0


@dataclass(frozen=True)
class Relation:
    """A typed link from one entry to others, and the label of its backlink."""

    name: str  #: key under ``relations``
    label: str  #: shown on the source entry ("Illustre")
    inverse: str  #: shown on the target entry ("Illustré par")
    description: str
    sources: tuple[str, ...]  #: kinds allowed to declare it
    targets: tuple[str, ...]  #: kinds it may point at
    symmetric: bool = False  #: both ends show the same label


_CONTENT = ("law", "commandment", "procedure", "rule", "case", "question", "concept")

KINDS: tuple[Kind, ...] = (
    Kind(
        "law",
        "Loi",
        "Lois",
        "lois",
        "Une loi de l'expérience client : ce qui se vérifie partout, qu'on le veuille ou non.",
        checklist_required=True,
    ),
    Kind(
        "commandment",
        "Commandement",
        "Commandements",
        "commandements",
        "Un principe d'action à respecter dans la relation client.",
        checklist_required=True,
    ),
    Kind(
        "procedure",
        "Procédure",
        "Procédures",
        "procedures",
        "Une manière de faire des entreprises qui inspirent confiance à leurs clients.",
        checklist_required=True,
    ),
    Kind(
        "rule",
        "Règle",
        "Règles",
        "regles",
        "Une règle d'usage qui accompagne un ensemble de lois ou de principes.",
        checklist_required=True,
    ),
    Kind(
        "case",
        "Cas",
        "Cas d'entreprise",
        "cas",
        "Un cas réel : ce qu'une entreprise a fait et ce qu'il enseigne.",
    ),
    Kind(
        "question",
        "Question",
        "Questions",
        "questions",
        "Une question qu'une équipe se pose pour tester sa culture client.",
    ),
    Kind(
        "concept",
        "Notion",
        "Notions",
        "notions",
        "Une notion sur laquelle s'appuient les lois, les cas et les questions.",
    ),
    Kind(
        "collection",
        "Collection",
        "Collections",
        "collections",
        "Un ensemble ordonné d'entrées (les six lois de Temkin, les dix commandements…).",
        forbidden=("collection", "order", "checklist"),
    ),
    Kind(
        "source",
        "Source",
        "Sources",
        "sources",
        "Un article ou un ouvrage dont ce guide tire son contenu.",
        required=("citation",),
        own_fields=("citation",),
        forbidden=("source", "source_note", "also_from", "collection", "order", "checklist", "relations"),
        source_required=False,
        search_weight=0.25,
    ),
    Kind(
        "session",
        "Séance",
        "Séances",
        "seances",
        "Une séance de formation : des entrées dans l’ordre, une durée, des objectifs ; imprimable comme un kit.",
        required=("entries", "duration", "objectives"),
        own_fields=("entries", "duration", "objectives"),
        forbidden=("collection", "order", "checklist"),
        source_required=False,
    ),
    Kind(
        "path",
        "Parcours",
        "Parcours",
        "parcours",
        "Un parcours de lecture pour un rôle : des étapes dans l’ordre, chacune avec son objectif.",
        required=("role", "steps"),
        own_fields=("role", "steps"),
        forbidden=("collection", "order", "checklist"),
        source_required=False,
    ),
)

RELATIONS: tuple[Relation, ...] = (
    Relation(
        "illustrates",
        "Illustre",
        "Illustré par",
        "Ce cas montre la loi, le principe ou la question en action.",
        sources=("case",),
        targets=("law", "commandment", "procedure", "rule", "question", "concept"),
    ),
    Relation(
        "tests",
        "Met à l'épreuve",
        "Mis à l'épreuve par",
        "Cette question vérifie si l'entreprise applique vraiment la cible.",
        sources=("question",),
        targets=("law", "commandment", "procedure", "rule", "concept", "case"),
    ),
    Relation(
        "applies",
        "Met en pratique",
        "Mis en pratique par",
        "Cette entrée est une façon concrète d'appliquer la cible.",
        sources=("law", "commandment", "procedure", "rule", "case", "question"),
        targets=("law", "commandment", "procedure", "rule", "concept"),
    ),
    Relation(
        "relies_on",
        "S'appuie sur",
        "Fondement de",
        "Cette entrée suppose la notion ou le principe cible.",
        sources=_CONTENT,
        targets=_CONTENT,
    ),
    Relation(
        "see_also",
        "Voir aussi",
        "Voir aussi",
        "Lien de voisinage, affiché des deux côtés.",
        sources=_CONTENT,
        targets=_CONTENT,
        symmetric=True,
    ),
)

KINDS_BY_NAME = {k.name: k for k in KINDS}
RELATIONS_BY_NAME = {r.name: r for r in RELATIONS}


def kinds_help() -> str:
    """'law (loi, lois/), case (cas, cas/), ...': what ``KIND`` may be."""
    return ", ".join(f"{k.name} ({k.label.lower()}, {k.folder}/)" for k in KINDS)


#: The kinds' names, in the order of :data:`KINDS` (for hints).
KIND_NAMES = tuple(k.name for k in KINDS)

_ID_RE = re.compile(ID_PATTERN)


def is_id(value: Any) -> bool:
    """True when ``value`` is a valid entry id (:data:`ID_PATTERN`, at most :data:`ID_MAX_LENGTH`)."""
    return isinstance(value, str) and len(value) <= ID_MAX_LENGTH and bool(_ID_RE.match(value))


def nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): the one normalisation every text of the playbook
    gets, once, when it is loaded (``e`` + U+0301, as macOS often pastes it, becomes ``é``), so
    validation, pages and the search index see one spelling. Nearly free on composed text."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def slugify(text: str) -> str:
    """A valid id built from any text ('Loi n° 4 : Employés' → 'loi-n-4-employes')."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:ID_MAX_LENGTH].strip("-") or "entree"


@lru_cache(maxsize=1 << 12)
def tag_slug(tag: str) -> str:
    """The slug of a tag (its page's file name)."""
    return slugify(tag)


def find_kind(text: str) -> Kind | None:
    """The kind named by ``text``: its name, French label or folder ('law', 'Loi', 'lois'); exact only."""
    wanted = slugify(text)
    for kind in KINDS:
        if wanted in (kind.name, kind.folder, slugify(kind.label), slugify(kind.plural)):
            return kind
    return None


def guess_kind(text: str) -> str | None:
    """The kind meant by ``text``: its name, French label or folder ('Notion', 'lois'), or a near spelling."""
    kind = find_kind(text)
    if kind is not None:
        return kind.name
    guess = difflib.get_close_matches(text.lower(), KIND_NAMES, n=1, cutoff=0.5)
    return guess[0] if guess else None


@dataclass(frozen=True)
class Field:
    """One top-level field of an entry, with its JSON Schema fragment."""

    name: str
    schema: dict[str, object]
    description: str
    required: bool = False
    example: object = None
    extra: dict[str, object] = field(default_factory=dict)


def _text(max_length: int, description: str, *, single_line: bool = True) -> dict[str, object]:
    schema: dict[str, object] = {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        "description": description,
    }
    if single_line:
        schema["pattern"] = r"^[^\n\r]*\S[^\n\r]*$"
    return schema


#: The longest paragraph (lines between blank lines) of a body, in characters. Python-Markdown's
#: inline pass costs the square of a paragraph's length when it is full of links or brackets, so
#: this bound keeps a build linear in the body's length (the longest paragraph written so far is
#: about 1,000 characters).
MAX_PARAGRAPH = 4_000

_ID_REF: dict[str, object] = {"$ref": "#/$defs/id"}

FIELDS: tuple[Field, ...] = (
    Field(
        "id",
        _ID_REF,
        "Identifiant stable : minuscules, chiffres et tirets ; égal au nom du fichier.",
        required=True,
        example="coolblue-retard-livraison",
    ),
    Field("kind", {"enum": [k.name for k in KINDS]}, "Type de l'entrée.", required=True, example="case"),
    Field(
        "title",
        _text(160, "Titre court, affiché en tête de page."),
        "Titre court.",
        required=True,
        example="Coolblue et la livraison en retard",
    ),
    Field("summary", _text(320, "Une phrase qui dit l'essentiel."), "Résumé en une phrase.", required=True),
    Field(
        "body",
        _text(
            60_000,
            "Texte en Markdown. [[id]] crée un lien vers une autre entrée. Paragraphes de 4 000 caractères au plus.",
            single_line=False,
        ),
        "Corps de l'entrée, en Markdown.",
        required=True,
    ),
    Field(
        "checklist",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 30,
            "items": {"$ref": "#/$defs/checklist_item"},
            "description": "Actions que le lecteur peut cocher (liste imprimable) : un texte, ou "
            "{text: ..., audience: ...} pour dire à qui l'action s'adresse.",
        },
        "Actions à cocher.",
    ),
    Field(
        "tags",
        {
            "type": "array",
            "maxItems": 12,
            "uniqueItems": True,
            "items": _text(40, "Un mot-clé (en minuscules)."),
            "description": "Mots-clés ; chacun a sa page d'étiquette.",
        },
        "Mots-clés.",
    ),
    Field(
        "aliases",
        {
            "type": "array",
            "maxItems": 20,
            "uniqueItems": True,
            "items": _text(80, "Un synonyme que la recherche doit reconnaître."),
            "description": "Synonymes et autres façons de nommer l'entrée, pour la recherche.",
        },
        "Synonymes pour la recherche.",
    ),
    Field(
        "quotes",
        {
            "type": "array",
            "maxItems": 10,
            "items": {"$ref": "#/$defs/quote"},
            "description": "Citations courtes, toujours attribuées.",
        },
        "Citations attribuées.",
    ),
    Field("collection", _ID_REF, "Identifiant de la collection (entrée de type collection)."),
    Field(
        "order",
        {"type": "integer", "minimum": 1, "maximum": 999, "description": "Rang dans la collection (1, 2, 3…)."},
        "Rang dans la collection.",
    ),
    Field("relations", {"$ref": "#/$defs/relations"}, "Liens typés vers d'autres entrées."),
    Field("source", _ID_REF, "Identifiant de l'entrée de type source dont provient le contenu."),
    Field(
        "also_from",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": _ID_REF,  # a repeated id: the validator says which item repeats which
            "description": "Les autres sources de l'entrée (entrées de type source), quand elle en "
            "réunit plusieurs : la page les cite après la source principale (source).",
        },
        "Autres sources de l'entrée, après la source principale.",
        example=["temkin-six-lois-2008"],
    ),
    Field(
        "source_note",
        _text(400, "Précision sur la source (complément, page, traduction…)."),
        "Précision sur la source.",
    ),
    Field("citation", {"$ref": "#/$defs/citation"}, "Référence bibliographique (sources seulement)."),
    Field(
        "entries",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 40,
            "uniqueItems": True,
            "items": _ID_REF,
            "description": "Les entrées de la séance, dans l’ordre où on les traite.",
        },
        "Entrées de la séance, dans l’ordre (séances seulement).",
    ),
    Field(
        "duration",
        {"type": "integer", "minimum": 5, "maximum": 960, "description": "Durée prévue de la séance, en minutes."},
        "Durée en minutes (séances seulement).",
        example=90,
    ),
    Field(
        "objectives",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": _text(200, "Ce que les participants sauront faire à la fin."),
            "description": "Objectifs de la séance, un par ligne.",
        },
        "Objectifs de la séance (séances seulement).",
    ),
    Field(
        "role",
        _text(120, "Le rôle à qui s’adresse le parcours."),
        "Rôle du lecteur (parcours seulement).",
        example="Manager",
    ),
    Field(
        "steps",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 40,
            "items": {"$ref": "#/$defs/step"},
            "description": "Les étapes du parcours, dans l’ordre : une entrée et son objectif.",
        },
        "Étapes du parcours (parcours seulement).",
    ),
    Field(
        "owner",
        {
            "type": "string",
            "pattern": OWNER_PATTERN,
            "maxLength": 80,
            "description": "Qui tient l'entrée à jour : une équipe ou une personne (@equipe-contenu).",
        },
        "Responsable de l'entrée.",
        example="@equipe-relation-client",
    ),
    Field("reviewed", {"$ref": "#/$defs/date"}, "Date de la dernière relecture (AAAA-MM-JJ).", example="2026-11-22"),
    Field(
        "review_every",
        {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_REVIEW_MONTHS,
            "description": "Mois entre deux relectures (par défaut : celui du type ou du playbook, dans mkdocs.yml).",
        },
        "Intervalle de relecture, en mois.",
        example=12,
    ),
    Field(
        "changes",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {"$ref": "#/$defs/change"},
            "description": "Changements importants pour le lecteur : une date et une phrase chacun.",
        },
        "Notes de changement.",
    ),
    Field(
        "former_ids",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "uniqueItems": True,
            "items": _ID_REF,
            "description": "Anciens identifiants de l'entrée : leurs adresses redirigent vers elle.",
        },
        "Anciens identifiants (après un renommage).",
    ),
)

#: Fields about the upkeep of an entry rather than its content (written last in a file).
UPKEEP_FIELDS = ("owner", "reviewed", "review_every", "changes", "former_ids")

CHANGE_FIELDS: dict[str, dict[str, object]] = {
    "date": {"$ref": "#/$defs/date"},
    "note": _text(200, "Ce qui a changé pour le lecteur, en une phrase."),
}

FIELDS_BY_NAME = {f.name: f for f in FIELDS}

#: Fields that make sense together: (a, b) means an entry with ``a`` must have ``b`` too.
PAIRED_FIELDS = (("collection", "order"), ("order", "collection"), ("also_from", "source"))

CITATION_FIELDS: dict[str, dict[str, object]] = {
    "author": _text(
        200,
        "Auteur ou autrice (plusieurs : séparés par des virgules). Absent si le "
        "texte ne le nomme pas : la page affiche « auteur non indiqué ».",
    ),
    "publication": _text(
        200,
        "Publication, blog, éditeur ou organisme. Absent s'il n'est pas "
        "connu : la page affiche « publication non indiquée ».",
    ),
    "title_kind": {
        "enum": ["exact", "descriptive"],
        "description": "exact (par défaut) : le titre de l'entrée est celui de l'article, "
        "affiché entre « » ; descriptive : titre rédigé pour ce guide "
        "faute de titre connu, affiché sans guillemets.",
    },
    "year": {"type": "integer", "minimum": 1900, "maximum": 2100, "description": "Année de publication."},
    "url": {
        "type": "string",
        "pattern": r"^https?://\S+$",
        "maxLength": 500,
        "description": "Adresse publique de l'article, si elle est connue.",
    },
    "language": {"enum": ["fr", "en", "nl", "de"], "description": "Langue de l'original."},
}
CITATION_REQUIRED: tuple[str, ...] = ()  # an unknown author or publication is left out, never faked

#: Who a checklist item is for (``audience``), with the label shown on the sheets.
AUDIENCES: dict[str, str] = {
    "front-line": "Contact client",
    "managers": "Managers",
    "leadership": "Direction",
}

#: A relation item is an id, or ``{id: ..., why: ...}``; ``why`` says in a few words why the link holds.
RELATION_WHY_MAX = 200
CHECKLIST_ITEM_MAX = 300

STEP_FIELDS: dict[str, dict[str, object]] = {
    "entry": {**_ID_REF, "description": "Identifiant de l’entrée à lire."},
    "goal": _text(200, "Ce que le lecteur doit en retirer."),
}
STEP_REQUIRED = ("entry", "goal")

#: Kinds a session or a path step may point at: the content and the collections.
STEP_TARGETS = (*_CONTENT, "collection")
#: A path step may also be a session (a trainer's path goes through a ready-made session).
PATH_STEP_TARGETS = (*STEP_TARGETS, "session")


@dataclass(frozen=True)
class ListReference:
    """A field that lists entries: ``entries[i]``, ``steps[i].entry`` or ``also_from[i]``."""

    field: str
    key: str | None  #: the key inside each item (``entry``), or ``None`` when items are ids
    targets: tuple[str, ...]
    #: the same entry twice is an error (a schema ``uniqueItems`` cannot say it for mappings)
    unique: bool = True


LIST_REFERENCES: tuple[ListReference, ...] = (
    ListReference("entries", None, STEP_TARGETS),
    ListReference("steps", "entry", PATH_STEP_TARGETS),
    ListReference("also_from", None, ("source",)),
)
