"""The declarative definition of the entry format: kinds, relations and fields.

This module is the one place where the format is described. The JSON Schema published for
editors (``plugins/playbook/schema/entry.schema.json``) is generated from it by
``python -m playbook schema --write`` and a test keeps the file in sync; the validator uses that
schema. A relation type is a change to the tables below and nothing else; a kind is a row of
:data:`KINDS` with its traits, plus its templates (the recipe: « Adding a kind » in ARCHITECTURE.md).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

#: An entry id: lowercase ASCII words joined by single hyphens (also the file name).
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
#: Names every JavaScript object already answers to (the properties of ``Object.prototype``): the
#: browser's tools key their maps by id without a prototype, and the format refuses these ids as
#: well, for any other script that reads the exports with plain objects. Of them, only
#: ``constructor`` fits :data:`ID_PATTERN`; the others are listed so that the rule still holds if
#: the pattern ever widens. ``tests/browser/test_trainer_tools.py`` compares this set with
#: Chromium's own ``Object.prototype``.
SCRIPT_RESERVED_IDS = frozenset(
    {
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "__proto__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
    }
)

#: Largest entry file accepted, in bytes (a long article is ~20 KB).
MAX_FILE_BYTES = 256 * 1024

#: Bumped whenever the format or its checks change, so caches keyed on it are dropped.
SCHEMA_VERSION = "8"

#: Most targets of one relation type in one entry. Each target's page shows the link back, so an
#: unbounded list would let one file rewrite the whole site (2,000 ``see_also``: 2,333 pages).
MAX_RELATION_TARGETS = 30

#: A calendar date as written in an entry (``reviewed``, ``changes[].date``): ``YYYY-MM-DD``.
#: Left unquoted, YAML 1.1 readers read it as that same date, so the loader accepts it unquoted
#: where the schema expects a date (and only there); the validator checks it is a real day.
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

#: An owner: a team or person handle (``@equipe-contenu``, ``@org/team``, ``maintainers``).
OWNER_PATTERN = r"^@?[A-Za-z0-9][A-Za-z0-9._/-]*$"

#: A text on one line, not blank. Like every schema pattern it is an ECMA regular expression, whose
#: ``$`` is the very end of the text; Python compiles it with :func:`schema_regex`, so a final line
#: break (``title: |`` in YAML) is refused on both sides.
SINGLE_LINE_PATTERN = r"^[^\n\r]*\S[^\n\r]*$"

#: Months between two reviews when neither the entry nor ``mkdocs.yml`` says otherwise.
DEFAULT_REVIEW_MONTHS = 12
#: Largest ``review_every``, in months.
MAX_REVIEW_MONTHS = 120


#: Who a checklist item is for (``audience``), with the label shown on the sheets.
AUDIENCES: dict[str, str] = {
    "front-line": "Contact client",
    "managers": "Managers",
    "leadership": "Direction",
}


@dataclass(frozen=True)
class Kind:
    """One kind of entry (law, case, ...): its names, its fields and its *traits*.

    A trait says what entries of the kind do on the site; pages, templates, the scaffold and the
    exports read it here instead of comparing kind names. A kind's own page section is the
    template ``templates/playbook/kinds/<name>.md.j2`` when it exists, and the kind-specific
    part of a new file (``python -m playbook new``) is ``kinds/<name>.new.yaml.j2``."""

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
    #: Common fields entries of this kind may not have (besides ``collection`` and ``order``
    #: when the kind is not :attr:`in_collections`).
    also_forbidden: tuple[str, ...] = ()
    #: Whether the entry must name the ``source`` its content comes from (written from a source).
    source_required: bool = True
    # -- traits --------------------------------------------------------------------------------
    #: May belong to a collection (``collection`` and ``order``).
    in_collections: bool = True
    #: May be one of a session's entries and be added to « Ma séance ».
    in_sessions: bool = False
    #: May be a step of a reading path.
    in_paths: bool = False
    #: Rated from 1 to 10 on its collection's « Auto-diagnostic » page.
    rated: bool = False
    #: Listed among the questions to discuss beside the entries it is linked to (kits, sessions).
    discussed: bool = False
    #: Listed among the cases, as an example of the entries it is linked to (kits, sessions).
    illustrates: bool = False
    #: A principle: the middle column of the relation map (``vues/carte``).
    principle: bool = False
    #: A column of the cases × principles matrix (``vues/matrice``).
    in_matrix: bool = False
    #: Printed as a card to hand out, several per A4 sheet with cut marks (``cartes/<folder>/``).
    card: bool = False
    #: Invented for training: every page, card and sheet that shows it says « Situation fictive ».
    fiction: bool = False
    #: The kinds its ``about`` field may name (the entry it is about); empty: no ``about``.
    about: tuple[str, ...] = ()
    #: For the trainer: a session prints it on the « fiche d'animation », not for participants.
    trainer_only: bool = False
    #: The activity of the block « Ma séance » adds for an entry (a key of :data:`ACTIVITIES`).
    activity: str = "apport"

    @property
    def forbidden(self) -> tuple[str, ...]:
        """The common fields entries of this kind may not have."""
        placed = () if self.in_collections else ("collection", "order")
        return (*placed, *(f for f in self.also_forbidden if f not in placed))

    # -- search --------------------------------------------------------------------------------
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
#: The kinds that hold the guide's content (what relations, grids and quizzes point at).
CONTENT_KINDS = _CONTENT

KINDS: tuple[Kind, ...] = (
    Kind(
        "law",
        "Loi",
        "Lois",
        "lois",
        "Une loi de l'expérience client : ce qui se vérifie partout, qu'on le veuille ou non.",
        checklist_required=True,
        in_sessions=True,
        in_paths=True,
        rated=True,
        principle=True,
        in_matrix=True,
    ),
    Kind(
        "commandment",
        "Commandement",
        "Commandements",
        "commandements",
        "Un principe d'action à respecter dans la relation client.",
        checklist_required=True,
        in_sessions=True,
        in_paths=True,
        rated=True,
        principle=True,
        in_matrix=True,
    ),
    Kind(
        "procedure",
        "Procédure",
        "Procédures",
        "procedures",
        "Une manière de faire des entreprises qui inspirent confiance à leurs clients.",
        checklist_required=True,
        in_sessions=True,
        in_paths=True,
        rated=True,
        principle=True,
    ),
    Kind(
        "rule",
        "Règle",
        "Règles",
        "regles",
        "Une règle d'usage qui accompagne un ensemble de lois ou de principes.",
        checklist_required=True,
        in_sessions=True,
        in_paths=True,
        principle=True,
    ),
    Kind(
        "case",
        "Cas",
        "Cas d'entreprise",
        "cas",
        "Un cas réel : ce qu'une entreprise a fait et ce qu'il enseigne.",
        in_sessions=True,
        in_paths=True,
        illustrates=True,
        card=True,
        activity="discussion",
    ),
    Kind(
        "question",
        "Question",
        "Questions",
        "questions",
        "Une question qu'une équipe se pose pour tester sa culture client.",
        in_sessions=True,
        in_paths=True,
        discussed=True,
        activity="discussion",
    ),
    Kind(
        "concept",
        "Notion",
        "Notions",
        "notions",
        "Une notion sur laquelle s'appuient les lois, les cas et les questions.",
        in_sessions=True,
        in_paths=True,
    ),
    Kind(
        "collection",
        "Collection",
        "Collections",
        "collections",
        "Un ensemble ordonné d'entrées (les six lois de Temkin, les dix commandements…).",
        also_forbidden=("checklist",),
        in_collections=False,
        in_sessions=True,
        in_paths=True,
    ),
    Kind(
        "source",
        "Source",
        "Sources",
        "sources",
        "Un article ou un ouvrage dont ce guide tire son contenu.",
        required=("citation",),
        own_fields=("citation",),
        also_forbidden=("source", "source_note", "also_from", "checklist", "relations"),
        source_required=False,
        in_collections=False,
        search_weight=0.25,
    ),
    Kind(
        "session",
        "Séance",
        "Séances",
        "seances",
        "Une séance de formation minutée : des blocs d’activité, pour un public, avec sa fiche d’animation et son "
        "support participant à imprimer.",
        required=("audience", "group_size", "duration", "objectives", "blocks"),
        own_fields=("audience", "group_size", "duration", "objectives", "prerequisites", "blocks"),
        also_forbidden=("checklist",),
        source_required=False,
        in_collections=False,
        in_paths=True,
    ),
    Kind(
        "path",
        "Parcours",
        "Parcours",
        "parcours",
        "Un parcours de lecture pour un rôle : des étapes dans l’ordre, chacune avec son objectif.",
        required=("role", "steps"),
        own_fields=("role", "steps"),
        also_forbidden=("checklist",),
        source_required=False,
        in_collections=False,
    ),
    Kind(
        "scenario",
        "Mise en situation",
        "Mises en situation",
        "mises-en-situation",
        "Une situation fictive à jouer : des cartes de rôle, une grille d’observation reliée aux lois et aux "
        "questions, des questions de retour.",
        required=("roles", "observation", "debrief"),
        own_fields=("audience", "duration", "roles", "observation", "debrief"),
        also_forbidden=("checklist",),
        source_required=False,
        in_collections=False,
        in_sessions=True,
        fiction=True,
        activity="jeu-de-role",
    ),
    Kind(
        "guide",
        "Guide de discussion",
        "Guides de discussion",
        "guides",
        "Pour discuter un cas en groupe : des questions ouvertes, des contre-arguments et ce que le cas ne dit pas.",
        required=("about", "open_questions", "objections", "unsaid"),
        own_fields=("about", "open_questions", "objections", "unsaid"),
        also_forbidden=("checklist",),
        source_required=False,
        in_collections=False,
        in_sessions=True,
        about=("case",),
        trainer_only=True,
        activity="discussion",
    ),
    Kind(
        "quiz",
        "Quiz",
        "Quiz",
        "quiz",
        "Des questions à choix sur une collection, avec la réponse et son explication ; à faire en ligne ou sur "
        "papier.",
        required=("about", "questions"),
        own_fields=("about", "questions"),
        also_forbidden=("checklist",),
        source_required=False,
        in_collections=False,
        in_sessions=True,
        about=("collection",),
        activity="quiz",
    ),
    Kind(
        "term",
        "Terme",
        "Glossaire",
        "glossaire",
        "Un terme du guide : son équivalent anglais, sa définition en une phrase et l’entrée qui l’explique.",
        required=("english", "about"),
        own_fields=("english", "about"),
        also_forbidden=("checklist",),
        source_required=False,
        in_collections=False,
        about=_CONTENT,
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


@cache
def schema_regex(pattern: str) -> re.Pattern[str]:
    r"""A JSON Schema ``pattern`` compiled with the meaning it has in the schema's own dialect.

    Schema patterns are ECMA regular expressions: there (without the ``m`` flag) ``$`` matches at
    the very end of the text only, as editors and the browser read it. Python's ``$`` also matches
    before a final line break, so ``re.search(ID_PATTERN, "loi-1\n")`` succeeds; here each ``$``
    outside a character class becomes ``\Z``, so Python refuses what the browser refuses. One
    linear pass over the pattern; escapes (``\$``) and classes (``[$]``) are kept as written."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
        i += 1
    return re.compile("".join(out))


_ID_RE = schema_regex(ID_PATTERN)


def is_id(value: Any) -> bool:
    """True when ``value`` is a valid entry id (:data:`ID_PATTERN`, at most :data:`ID_MAX_LENGTH`),
    read as the browser reads it: ``"loi-1\\n"`` is not an id (:func:`schema_regex`)."""
    return isinstance(value, str) and len(value) <= ID_MAX_LENGTH and bool(_ID_RE.match(value))


def nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): the one normalisation every text of the playbook
    gets, once, when it is loaded (``e`` + U+0301, as macOS often pastes it, becomes ``é``), so
    validation, pages and the search index see one spelling. Nearly free on composed text.

    A text of Latin-1 characters only (French without ``’``, ``œ``...) is composed already: none of
    them combines with another. Encoding it to Latin-1 tells so at memory-copy speed (Python
    stores such a text one byte a character), where the character-by-character check costs
    several times more."""
    if text.isascii():
        return text
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


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
        schema["pattern"] = SINGLE_LINE_PATTERN
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
        "audience",
        {"enum": list(AUDIENCES), "description": "À qui elle s’adresse."},
        "Public : front-line (au contact des clients), managers ou leadership (direction).",
        example="front-line",
    ),
    Field(
        "group_size",
        {"$ref": "#/$defs/group_size"},
        "Taille du groupe : min et max participants (séances seulement).",
    ),
    Field(
        "duration",
        {"type": "integer", "minimum": 5, "maximum": 960, "description": "Durée prévue, en minutes."},
        "Durée en minutes (séances : la somme des blocs ; mises en situation : durée conseillée).",
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
        "prerequisites",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 8,
            "items": _text(200, "Ce que les participants ou l’animateur doivent avoir fait ou lu avant."),
            "description": "Prérequis, un par ligne.",
        },
        "Prérequis de la séance (séances seulement).",
    ),
    Field(
        "blocks",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 30,
            "items": {"$ref": "#/$defs/block"},
            "description": "Le déroulé, bloc par bloc : minutes, activité, ce que font l’animateur et les "
            "participants.",
        },
        "Déroulé minuté de la séance (séances seulement).",
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
        "roles",
        {
            "type": "array",
            "minItems": 2,
            "maxItems": 6,
            "items": {"$ref": "#/$defs/role_card"},
            "description": "Les cartes de rôle : un nom de rôle et ce que la personne sait et cherche.",
        },
        "Cartes de rôle (mises en situation seulement).",
    ),
    Field(
        "observation",
        {
            "type": "array",
            "minItems": 2,
            "maxItems": 12,
            "items": {"$ref": "#/$defs/criterion"},
            "description": "La grille de l’observateur : ce qu’il regarde, et l’entrée d’où vient le critère.",
        },
        "Grille d’observation (mises en situation seulement).",
    ),
    Field(
        "debrief",
        {
            "type": "array",
            "minItems": 2,
            "maxItems": 8,
            "items": _text(300, "Une question pour le retour en groupe."),
            "description": "Les questions du retour en groupe, après le jeu.",
        },
        "Questions de retour (mises en situation seulement).",
    ),
    Field(
        "about",
        _ID_REF,
        "L’entrée dont il s’agit : le cas d’un guide, la collection d’un quiz, l’entrée qui explique un terme.",
    ),
    Field(
        "open_questions",
        {
            "type": "array",
            "minItems": 2,
            "maxItems": 10,
            "items": _text(300, "Une question ouverte, sans bonne réponse unique."),
            "description": "Les questions ouvertes à poser au groupe.",
        },
        "Questions ouvertes (guides seulement).",
    ),
    Field(
        "objections",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 8,
            "items": _text(300, "Un contre-argument à soulever."),
            "description": "Les contre-arguments à soulever pour nourrir la discussion.",
        },
        "Contre-arguments (guides seulement).",
    ),
    Field(
        "unsaid",
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 8,
            "items": _text(300, "Une limite du cas : ce qu’il ne dit pas."),
            "description": "Ce que le cas ne dit pas : ses limites, ce qu’on ne sait pas.",
        },
        "Ce que le cas ne dit pas (guides seulement).",
    ),
    Field(
        "questions",
        {
            "type": "array",
            "minItems": 3,
            "maxItems": 20,
            "items": {"$ref": "#/$defs/quiz_question"},
            "description": "Les questions du quiz : l’énoncé, les choix, la bonne réponse et son explication.",
        },
        "Questions du quiz (quiz seulement).",
    ),
    Field(
        "english",
        _text(80, "L’équivalent anglais du terme."),
        "Équivalent anglais (termes du glossaire seulement).",
        example="customer lifetime value",
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


#: A relation item is an id, or ``{id: ..., why: ...}``; ``why`` says in a few words why the link holds.
RELATION_WHY_MAX = 200
CHECKLIST_ITEM_MAX = 300

STEP_FIELDS: dict[str, dict[str, object]] = {
    "entry": {**_ID_REF, "description": "Identifiant de l’entrée à lire."},
    "goal": _text(200, "Ce que le lecteur doit en retirer."),
}
STEP_REQUIRED = ("entry", "goal")

#: The activity of a session's block, with the label printed on the sheets.
ACTIVITIES: dict[str, str] = {
    "apport": "Apport",
    "discussion": "Discussion",
    "exercice": "Exercice",
    "jeu-de-role": "Jeu de rôle",
    "quiz": "Quiz",
    "pause": "Pause",
    "debrief": "Débrief",
}
#: The label of every page, card and sheet of a kind that is ``fiction``.
FICTION_LABEL = "Situation fictive"


@dataclass(frozen=True)
class ObjectSpec:
    """A mapping that is an item of a list field (a session's block, a role card...)."""

    name: str  #: its name under ``definitions`` in the schema
    title: str  #: French, the heading of its table on the format page
    description: str
    fields: dict[str, dict[str, object]]
    required: tuple[str, ...]


def _ids(description: str, max_items: int, min_items: int = 1) -> dict[str, object]:
    """A list of entry ids; an id listed twice is reported by the validator, which says where first."""
    return {"type": "array", "minItems": min_items, "maxItems": max_items, "items": _ID_REF, "description": description}


def _list(max_items: int, item: dict[str, object], description: str) -> dict[str, object]:
    return {"type": "array", "minItems": 1, "maxItems": max_items, "items": item, "description": description}


#: The mappings of the training kinds, in the order of the format page.
OBJECTS: tuple[ObjectSpec, ...] = (
    ObjectSpec(
        "block",
        "Bloc d’une séance (blocks)",
        "Un bloc du déroulé d’une séance.",
        {
            "minutes": {"type": "integer", "minimum": 1, "maximum": 240, "description": "Durée du bloc, en minutes."},
            "activity": {
                "enum": list(ACTIVITIES),
                "description": "Type d’activité : " + ", ".join(f"{k} ({v.lower()})" for k, v in ACTIVITIES.items()),
            },
            "title": _text(120, "Ce que le bloc fait, en quelques mots (imprimé sur les deux documents)."),
            "trainer": _text(
                1200, "Ce que l’animateur dit et fait (obligatoire, sauf pour une pause).", single_line=False
            ),
            "participants": _text(800, "Ce que font les participants.", single_line=False),
            "material": _list(10, _text(120, "Un élément de matériel."), "Le matériel du bloc."),
            "entries": _ids("Les entrées utilisées pendant le bloc (imprimées sur le support participant).", 8),
            "expected": _list(
                10, _text(300, "Une réponse attendue ou un point du débrief."), "Réponses attendues, points du débrief."
            ),
        },
        ("minutes", "activity", "title"),
    ),
    ObjectSpec(
        "group_size",
        "Taille du groupe (group_size)",
        "Le nombre de participants pour lequel la séance est prévue.",
        {
            "min": {"type": "integer", "minimum": 1, "maximum": 500, "description": "Au moins."},
            "max": {"type": "integer", "minimum": 1, "maximum": 500, "description": "Au plus."},
        },
        ("min", "max"),
    ),
    ObjectSpec(
        "role_card",
        "Carte de rôle (roles)",
        "Une carte de rôle d’une mise en situation, imprimée pour la personne qui joue le rôle.",
        {
            "name": _text(60, "Le rôle : Client, Conseiller, Observateur…"),
            "brief": _text(800, "Ce que la personne sait, ressent et cherche.", single_line=False),
        },
        ("name", "brief"),
    ),
    ObjectSpec(
        "criterion",
        "Critère d’observation (observation)",
        "Une ligne de la grille de l’observateur.",
        {
            "look_for": _text(200, "Ce que l’observateur regarde (une question à laquelle on répond oui ou non)."),
            "entry": {**_ID_REF, "description": "L’entrée (loi, question…) d’où vient le critère."},
        },
        ("look_for", "entry"),
    ),
    ObjectSpec(
        "quiz_question",
        "Question de quiz (questions)",
        "Une question à choix : une seule bonne réponse, expliquée.",
        {
            "question": _text(300, "L’énoncé."),
            "choices": {
                "type": "array",
                "minItems": 2,
                "maxItems": 5,
                "items": _text(200, "Un choix."),
                "description": "Les choix, dans l’ordre affiché.",
            },
            "answer": {
                "type": "integer",
                "minimum": 1,
                "maximum": 5,
                "description": "Le numéro du bon choix (1 pour le premier).",
            },
            "explanation": _text(600, "Pourquoi c’est la bonne réponse.", single_line=False),
            "entries": _ids("Les entrées qui l’expliquent.", 4),
        },
        ("question", "choices", "answer", "explanation", "entries"),
    ),
)
OBJECTS_BY_NAME = {o.name: o for o in OBJECTS}

#: Kinds a session may hold (and « Ma séance » add): the content and the collections.
STEP_TARGETS = tuple(k.name for k in KINDS if k.in_sessions)
#: Kinds a path step may point at: the same, and sessions (a trainer's path goes through one).
PATH_STEP_TARGETS = tuple(k.name for k in KINDS if k.in_paths)


@dataclass(frozen=True)
class Reference:
    """A field that names other entries by id, wherever it sits in an entry.

    ``path`` walks an entry from a top-level field: a name is a key of a mapping, ``*`` every item
    of a list (``("steps", "*", "entry")``: the ``entry`` of each step). ``targets`` are the kinds
    it may point at."""

    path: tuple[str, ...]
    targets: tuple[str, ...]
    #: the same entry twice in one list is an error (a schema ``uniqueItems`` cannot say it for mappings)
    unique: bool = True
    #: the targets are those of the declaring kind's ``about`` (:attr:`Kind.about`), not ``targets``
    about: bool = False
    #: the target's page lists the entries that name it so (« Autour de cette entrée »)
    shown_back: bool = False

    def allowed(self, kind: Kind | None) -> tuple[str, ...]:
        """The kinds it may point at from an entry of ``kind``."""
        return (kind.about if kind is not None else ()) if self.about else self.targets

    @property
    def field(self) -> str:
        """The top-level field it is in."""
        return self.path[0]


#: Every field that names entries, except ``relations`` (typed links, :data:`RELATIONS`) and
#: ``[[id]]`` in text: the validator checks each target exists and is of an allowed kind, and the
#: model knows which entries a page shows because of them.
REFERENCES: tuple[Reference, ...] = (
    Reference(("collection",), ("collection",)),
    Reference(("source",), ("source",)),
    Reference(("blocks", "*", "entries", "*"), STEP_TARGETS),
    Reference(("steps", "*", "entry"), PATH_STEP_TARGETS),
    Reference(("also_from", "*"), ("source",)),
    Reference(("about",), (), about=True, shown_back=True),
    Reference(("observation", "*", "entry"), _CONTENT, unique=False, shown_back=True),
    Reference(("questions", "*", "entries", "*"), _CONTENT),
)


def iter_at(data: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """(concrete path, value) for every value ``path`` reaches in ``data`` (``*``: each list item);
    values of an unexpected shape are skipped (the schema check says why)."""
    found: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    for step in path:
        following: list[tuple[tuple[str | int, ...], Any]] = []
        for where, value in found:
            if step == "*":
                if isinstance(value, list):
                    following.extend(((*where, i), item) for i, item in enumerate(value))
            elif isinstance(value, dict) and step in value:
                following.append(((*where, step), value[step]))
        found = following
    yield from found


def referenced_ids(data: Mapping[str, Any], *, shown_back: bool = False) -> list[str]:
    """Every id an entry's :data:`REFERENCES` name (only those ``shown_back``, if asked), in the
    order of the table then of the file."""
    return [
        value
        for ref in REFERENCES
        if ref.shown_back or not shown_back
        for _, value in iter_at(data, ref.path)
        if isinstance(value, str)
    ]
