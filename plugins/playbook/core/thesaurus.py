"""The search's thesaurus: the words of the trade that contributors own, in ``thesaurus.yaml``.

The file sits beside ``laws/`` (:func:`path_for`; under ``laws/``, every file is an entry) and
is optional. It holds three lists, each item located when it is wrong:

- ``equivalents``: groups of words or short phrases that mean the same thing here; a search for
  any of them also finds the entries that use the others (``[réclamation, plainte, doléance]``);
- ``expansions``: one-way, from what a customer or an employee says to the playbook's own words
  (``from: [mécontent, en colère]`` → ``to: [réclamation, insatisfaction]``);
- ``distinct``: words the French stemmer wrongly puts in another word's family, each list a family
  of its own (``[livre, livres]``: a photo book, not ``livrer``).

Entries found through the thesaurus rank below those that use the words typed (the index gives
them a lower score: :mod:`.search`). :func:`read` loads the file with the entries' loader (same
YAML rules, same NFC normalisation), checks it against :func:`build_schema` (published as
``plugins/playbook/schema/thesaurus.schema.json`` for editors; ``tests/unit/test_thesaurus.py``
keeps the two in sync), then checks what a schema cannot say, every problem at its line.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import corpus, spec
from .fastcheck import detailed_validator
from .loader import LoadedFile, load_bytes, locate
from .messages import listing, quote, say
from .problems import Problem, where
from .resources import PACKAGE_DIR
from .search_text import fold, is_word, tokens

if TYPE_CHECKING:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

FILE_NAME = corpus.THESAURUS_FILE
SCHEMA_PATH = PACKAGE_DIR / "schema" / "thesaurus.schema.json"
SCHEMA_ID = "https://playbook-relation-client.invalid/schema/thesaurus.schema.json"
TERM_MAX = 60  #: characters of a word or phrase
TERM_WORDS = 5  #: words of a phrase
GROUP_MAX = 20  #: terms of a group, of an expansion's ``from``
TARGETS_MAX = 10  #: terms of an expansion's ``to``
ITEMS_MAX = 1000  #: groups, expansions, distinct families
#: Words the search drops (stop words) that turn a phrase around: « pas content » would be read
#: as « content ».
NEGATIONS = frozenset({"ne", "n", "pas", "sans", "non", "jamais", "aucun", "aucune", "ni"})
SECTIONS = ("equivalents", "expansions", "distinct")


def path_for(laws_root: Path) -> Path:
    """The thesaurus of the playbook whose entries are in ``laws_root``: beside that folder."""
    return corpus.thesaurus_path(laws_root)


def display_for(laws_prefix: str) -> str:
    """How the thesaurus is named in messages, given how ``laws/`` is (``laws/`` → ``thesaurus.yaml``)."""
    parent = laws_prefix.rstrip("/").rpartition("/")[0]
    return f"{parent}/{FILE_NAME}" if parent else FILE_NAME


@dataclass(frozen=True)
class Expansion:
    sources: tuple[str, ...]  #: what people say
    targets: tuple[str, ...]  #: the playbook's words


@dataclass(frozen=True)
class Thesaurus:
    equivalents: tuple[tuple[str, ...], ...] = ()
    expansions: tuple[Expansion, ...] = ()
    distinct: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.equivalents or self.expansions or self.distinct)

    def links(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(term, the terms a search for it also finds): each term of a group to the others, each
        source of an expansion to its targets."""
        for group in self.equivalents:
            for term in group:
                yield term, tuple(t for t in group if t != term)
        for expansion in self.expansions:
            for term in expansion.sources:
                yield term, expansion.targets


EMPTY = Thesaurus()


# -- the schema ----------------------------------------------------------------------------------
def build_schema() -> dict[str, Any]:
    """The thesaurus's JSON Schema (draft-07), deterministic."""
    term = {
        "type": "string",
        "minLength": 1,
        "maxLength": TERM_MAX,
        "pattern": spec.SINGLE_LINE_PATTERN,
        "description": f"Un mot ou une courte expression ({TERM_WORDS} mots au plus), comme on l'écrit.",
    }
    word = {
        "type": "string",
        "minLength": 1,
        "maxLength": TERM_MAX,
        "pattern": r"^\s*\S+\s*$",
        "description": "Un seul mot, comme on l'écrit.",
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Thésaurus de la recherche du playbook",
        "description": (
            "thesaurus.yaml, à côté de laws/ : les mots du métier que la recherche relie aux mots des "
            "entrées. Généré depuis plugins/playbook/core/thesaurus.py : ne pas modifier à la main."
        ),
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "equivalents": {
                "type": "array",
                "maxItems": ITEMS_MAX,
                "items": {"$ref": "#/definitions/group"},
                "description": "Groupes de mots ou d'expressions équivalents : chacun trouve aussi les "
                "entrées qui emploient les autres.",
            },
            "expansions": {
                "type": "array",
                "maxItems": ITEMS_MAX,
                "items": {"$ref": "#/definitions/expansion"},
                "description": "Dans un seul sens : ce que disent les clients ou les employés (from) → les "
                "mots du playbook (to).",
            },
            "distinct": {
                "type": "array",
                "maxItems": ITEMS_MAX,
                "items": {"$ref": "#/definitions/family"},
                "description": "Mots que la recherche mettrait à tort dans la famille d'un autre (livre et "
                "livrer) : chaque liste forme une famille à part.",
            },
        },
        "definitions": {
            "term": term,
            "word": word,
            "group": {
                "type": "array",
                "minItems": 2,
                "maxItems": GROUP_MAX,
                "uniqueItems": True,
                "items": {"$ref": "#/definitions/term"},
                "description": "Des mots ou expressions équivalents.",
            },
            "expansion": {
                "type": "object",
                "additionalProperties": False,
                "required": ["from", "to"],
                "properties": {
                    "from": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": GROUP_MAX,
                        "uniqueItems": True,
                        "items": {"$ref": "#/definitions/term"},
                        "description": "Ce que disent les clients ou les employés.",
                    },
                    "to": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": TARGETS_MAX,
                        "uniqueItems": True,
                        "items": {"$ref": "#/definitions/term"},
                        "description": "Les mots du playbook que la recherche doit trouver à la place.",
                    },
                },
            },
            "family": {
                "type": "array",
                "minItems": 1,
                "maxItems": GROUP_MAX,
                "uniqueItems": True,
                "items": {"$ref": "#/definitions/word"},
                "description": "Les formes d'un mot qui forment une famille à part (livre, livres).",
            },
        },
    }


def schema_text() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


@cache
def _validator() -> Draft7Validator:
    return detailed_validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


# -- reading -------------------------------------------------------------------------------------
def read(path: Path, display: str) -> tuple[Thesaurus, list[Problem]]:
    """The thesaurus at ``path`` and its problems; no file: an empty thesaurus, no problem."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return EMPTY, []
    except OSError as exc:
        return EMPTY, [_cannot_read(display, exc)]
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
        return EMPTY, [_at_file(display, say("thesaurus", "not-a-file"), say("thesaurus", "replace-with-file"))]
    try:
        raw = corpus.read_bytes(str(path), st.st_size)
    except OSError as exc:
        return EMPTY, [_cannot_read(display, exc)]
    return parse(raw, path, display)


def parse(raw: bytes, path: Path, display: str) -> tuple[Thesaurus, list[Problem]]:
    """The thesaurus in ``raw`` (the bytes of ``path``) and its problems."""
    loaded = load_bytes(raw, path, display, len(raw))
    problems = [_for_thesaurus(p) for p in loaded.problems]
    if loaded.data is None or problems:
        return EMPTY, problems
    errors = sorted(_validator().iter_errors(loaded.data), key=lambda e: [str(s) for s in e.absolute_path])
    problems = [p for error in errors for p in _schema_problem(loaded, error)]
    thesaurus = _lenient(loaded.data)
    problems = sorted(_unique([*problems, *_meaning_problems(loaded, thesaurus)]))
    return (EMPTY, problems) if problems else (thesaurus, [])


def _lenient(data: dict[str, Any]) -> Thesaurus:
    """What ``data`` holds in the thesaurus's shape, items of another shape left out (they have
    their own problem), so that every problem of the file is found in one pass."""

    def strings(items: Any) -> tuple[str, ...]:
        return tuple(i for i in items if isinstance(i, str)) if isinstance(items, list) else ()

    def lists(section: str) -> list[Any]:
        items = data.get(section)
        return items if isinstance(items, list) else []

    return Thesaurus(
        tuple(strings(group) for group in lists("equivalents")),
        tuple(
            Expansion(strings(e.get("from")), strings(e.get("to"))) for e in lists("expansions") if isinstance(e, dict)
        ),
        tuple(strings(family) for family in lists("distinct")),
    )


def _at_file(display: str, message: str, hint: str) -> Problem:
    return Problem(display, 1, 1, message, hint, code="thesaurus")


def _cannot_read(display: str, exc: OSError) -> Problem:
    reason = corpus.why_unreadable(exc)
    return _at_file(display, say("thesaurus", "cannot-read", reason=reason), say("unreadable", "check-permissions"))


def _for_thesaurus(problem: Problem) -> Problem:
    """The loader's messages speak of entries; the two about the file's shape are said for the thesaurus."""
    sections = ", ".join(s + ":" for s in SECTIONS)
    if problem.code == "not-a-mapping":
        listed = problem.message == say("not-a-mapping", "entry-list")
        message = say("not-a-mapping", "thesaurus-list" if listed else "thesaurus-value")
        hint = say("not-a-mapping", "thesaurus-start", sections=sections)
    elif problem.code == "empty":
        message, hint = say("empty", "thesaurus"), say("empty", "thesaurus-fill", sections=sections)
    else:
        return problem
    return Problem(problem.path, problem.line, problem.column, message, hint, code=problem.code)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for p in problems:
        if (p.line, p.column, p.message) not in seen:
            seen.add((p.line, p.column, p.message))
            kept.append(p)
    return kept


def _where(path: Sequence[str | int]) -> str:
    return where(path, say("thesaurus", "the-thesaurus"))


#: The catalogue's key (in ``thesaurus.yaml``) naming a JSON type, and what each section's item is.
_NAMES = {"string": "text", "array": "a-list", "object": "a-mapping"}
_WHAT = {section: f"item-{section}" for section in SECTIONS}


def _schema_problem(loaded: LoadedFile, error: ValidationError) -> Iterator[Problem]:
    path = list(error.absolute_path)
    where = _where(path)
    instance: Any = error.instance
    value: Any = error.validator_value

    def at(p: Sequence[str | int], message: str, hint: str = "", key: bool = False) -> Problem:
        line, col = locate(loaded.text, p, key=key)
        return Problem(loaded.display, line, col, message, hint, code="thesaurus")

    validator = error.validator
    if validator == "additionalProperties" and isinstance(instance, dict):
        schema: Any = error.schema
        allowed = list(schema.get("properties", {}))
        for extra in sorted(set(instance) - set(allowed)):
            guess = difflib.get_close_matches(str(extra), allowed, n=1, cutoff=0.6)
            hint = (
                say("thesaurus", "did-you-mean", guess=quote(guess[0]))
                if guess
                else say("thesaurus", "allowed-here", keys=listing(allowed, conjunction=False))
            )
            message = (
                say("thesaurus", "unknown-key-in", key=quote(extra), where=where)
                if path
                else say("thesaurus", "unknown-key", key=quote(extra))
            )
            yield at([*path, extra], message, hint, key=True)
    elif validator == "required":
        missing = error.message.split("'")[1]
        yield at(
            path,
            say("thesaurus", "missing", where=where, key=quote(missing)),
            say("thesaurus", "expansion-needs"),
        )
    elif validator == "type" and instance is None:  # 'key:' or '~': nothing written
        yield at(path, say("thesaurus", "empty", where=where), say("thesaurus", "fill-or-remove"))
    elif validator == "type":
        want = _NAMES.get(str(value), "text")
        if isinstance(instance, list):
            got = say("thesaurus", "a-list")
        elif isinstance(instance, dict):
            got = say("thesaurus", "a-mapping")
        elif isinstance(instance, (bool, int)):
            got = say("thesaurus", "a-value", value=instance)
        else:
            got = say("thesaurus", "text")
        hint = ""
        if len(path) == 2 and isinstance(path[1], int):
            what = say("thesaurus", _WHAT.get(str(path[0]), "a-list"))
            hint = say("thesaurus", "each-item", section=quote(path[0]), what=what)
        elif isinstance(instance, (bool, int)):
            hint = say("thesaurus", "put-in-quotes")
        elif want == "a-list":
            hint = say("thesaurus", "between-brackets")
        yield at(path, say("thesaurus", "must-be", where=where, want=say("thesaurus", want), got=got), hint)
    elif validator in ("minLength", "minItems"):
        if validator == "minItems" and value == 2:
            yield at(path, say("thesaurus", "single-word", where=where), say("thesaurus", "add-the-others"))
        else:
            yield at(path, say("thesaurus", "empty", where=where), say("thesaurus", "fill-or-remove"))
    elif validator == "maxLength":
        message = say("thesaurus", "too-long", where=where, length=len(instance), limit=value)
        yield at(path, message, say("thesaurus", "keep-short"))
    elif validator == "maxItems":
        message = say("thesaurus", "too-many-items", where=where, count=len(instance), limit=value)
        yield at(path, message, say("thesaurus", "split-it"))
    elif validator == "uniqueItems":
        yield at(path, say("thesaurus", "same-word-twice", where=where), say("thesaurus", "remove-repeated"))
    elif validator == "pattern":
        if not instance.strip():  # blank: said as for an empty text (the same problem, kept once)
            yield at(path, say("thesaurus", "empty", where=where), say("thesaurus", "fill-or-remove"))
        elif path[:1] == ["distinct"]:
            message = say("thesaurus", "not-one-word", where=where, value=quote(instance))
            yield at(path, message, say("thesaurus", "each-form-alone"))
        else:
            yield at(path, say("thesaurus", "one-line", where=where), say("thesaurus", "write-on-one-line"))
    else:  # pragma: no cover - every keyword of the schema is handled above
        yield at(path, say("thesaurus", "other", where=where, message=error.message))


def _meaning_problems(loaded: LoadedFile, thesaurus: Thesaurus) -> Iterator[Problem]:
    """What the schema cannot say: a term the search cannot read, a word in two groups, an
    expansion that leads to itself."""

    def at(path: Sequence[str | int], message: str, hint: str) -> Problem:
        line, col = locate(loaded.text, path)
        return Problem(loaded.display, line, col, message, hint, code="thesaurus")

    def terms() -> Iterator[tuple[list[str | int], str]]:
        for g, group in enumerate(thesaurus.equivalents):
            for t, term in enumerate(group):
                yield ["equivalents", g, t], term
        for e, expansion in enumerate(thesaurus.expansions):
            for side, items in (("from", expansion.sources), ("to", expansion.targets)):
                for t, term in enumerate(items):
                    yield ["expansions", e, side, t], term

    for path, term in terms():
        if not term.strip():
            continue  # blank: the schema check says it is empty
        words = tokens(term)
        folded = [fold(t) for t in words]
        kept = [w for w, f in zip(words, folded, strict=True) if is_word(f)]
        negation = next((w for w, f in zip(words, folded, strict=True) if f in NEGATIONS), None)
        if negation is not None:
            yield at(
                path,
                say("thesaurus", "negation", term=quote(term), negation=quote(negation), kept=quote(" ".join(kept))),
                say("thesaurus", "write-the-word-people-use"),
            )
        elif not kept:
            yield at(path, say("thesaurus", "no-word-kept", term=quote(term)), say("thesaurus", "remove-it"))
        elif len(folded) > TERM_WORDS:
            message = say("thesaurus", "too-many-words", term=quote(term), limit=TERM_WORDS)
            yield at(path, message, say("thesaurus", "keep-meaningful-words"))
    first: dict[str, list[str | int]] = {}
    for g, group in enumerate(thesaurus.equivalents):
        for t, term in enumerate(group):
            key = " ".join(fold(w) for w in tokens(term))
            seen = first.get(key)
            if seen is None:
                first[key] = ["equivalents", g, t]
            elif seen[1] == g:
                message = say("thesaurus", "twice-in-group", term=quote(term))
                yield at(["equivalents", g, t], message, say("thesaurus", "remove-one"))
            else:
                line = locate(loaded.text, seen)[0]
                yield at(
                    ["equivalents", g, t],
                    say("thesaurus", "in-other-group", term=quote(term), line=line),
                    say("thesaurus", "merge-groups"),
                )
    for e, expansion in enumerate(thesaurus.expansions):
        sources = {" ".join(fold(w) for w in tokens(s)) for s in expansion.sources}
        for t, target in enumerate(expansion.targets):
            if " ".join(fold(w) for w in tokens(target)) in sources:
                message = say("thesaurus", "leads-to-itself", term=quote(target))
                yield at(["expansions", e, "to", t], message, say("thesaurus", "remove-from-to-or-from"))
    forms: dict[str, list[str | int]] = {}
    for f, family in enumerate(thesaurus.distinct):
        for w, word in enumerate(family):
            form = fold(word.strip())
            seen = forms.get(form)
            if seen is not None and seen[1] != f:
                line = locate(loaded.text, seen)[0]
                message = say("thesaurus", "in-other-family", word=quote(word), line=line)
                yield at(["distinct", f, w], message, say("thesaurus", "keep-in-one"))
            forms.setdefault(form, ["distinct", f, w])


def reference_example() -> str:
    """A short, valid thesaurus, shown on the format reference page and in CONTRIBUTING.md."""
    return (
        "# yaml-language-server: $schema=plugins/playbook/schema/thesaurus.schema.json\n"
        "equivalents:\n"
        "  - [réclamation, plainte, doléance]\n"
        "expansions:\n"
        "  - from: [mécontent, en colère, furieux]\n"
        "    to: [réclamation, insatisfaction]\n"
        "distinct:\n"
        "  - [livre, livres]\n"
    )
