"""Validation: every loaded file against the schema, then the corpus as a whole.

All problems are collected (never only the first). Per file, a fast check decides whether the
file is valid; only files that fail it are validated again in detail, located and given hints,
so a clean corpus costs one fast pass and no line/column work.

Corpus checks: ids match file names and folders, ids are unique, every reference (relations,
collection, source, ``[[id]]`` in bodies) points at an existing entry of an allowed kind, ranks
in a collection are unique, and Markdown fields carry no raw HTML or unsafe links.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import difflib
import os
import posixpath
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from . import spec
from .fastcheck import compile_check, detailed_validator
from .loader import LoadedFile, block_above, excerpt, locate, node_scalar, node_text
from .markdown_refs import iter_local_images, iter_long_paragraphs, iter_markdown_issues, iter_open_refs, iter_refs
from .messages import listing, quote, say
from .problems import Problem, Severity, where
from .schema import load_schema

if TYPE_CHECKING:  # jsonschema is imported only when a file fails the fast check
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

_TOP_FIELDS = [f.name for f in spec.FIELDS]


@cache
def _validator() -> Draft7Validator:
    return detailed_validator(load_schema())


@cache
def _fast_check() -> Any:
    """The yes/no validator of the fast path (see :mod:`playbook.core.fastcheck`)."""
    return compile_check(load_schema())


def validate_files(files: Sequence[LoadedFile], docs_dir: Path | None = None) -> list[Problem]:
    """Every problem in ``files``: loading, schema and corpus checks; with ``docs_dir`` (the site's
    documentation folder), the images of the entries' bodies that are not there."""
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
        if not file_problems and not loaded.refused:
            valid.append(loaded)
    problems.extend(corpus_problems(files, valid))
    if docs_dir is not None:
        problems.extend(image_problems(valid, docs_dir))
    return _dedupe_all(problems)


def image_problems(valid: Sequence[LoadedFile], docs_dir: Path) -> Iterator[Problem]:
    """An image of an entry's body whose file is not in ``docs_dir``: a located error. The address
    is read as from the entry's page (``<folder>/<id>.md``: ``../images/x.png`` is
    ``docs/images/x.png``; ``/images/x.png`` too); a symbolic link or a folder does not count."""
    for loaded in valid:
        data = loaded.data or {}
        body, kind = data.get("body"), spec.KINDS_BY_NAME.get(str(data.get("kind")))
        if not isinstance(body, str) or kind is None:
            continue
        where: _BlockLocator | None = None
        for offset, address in iter_local_images(body):
            path = unquote(address)
            target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else f"{kind.folder}/{path}")
            if not target.startswith("../") and target != ".." and _regular_file(docs_dir / target):
                continue
            where = where or _BlockLocator(loaded, "body", body)
            line, col = where.position(offset)
            outside = target == ".." or target.startswith("../")
            yield Problem(
                loaded.display,
                line,
                col,
                say("missing-image", "outside", address=address)
                if outside
                else say("missing-image", "not-found", address=address, file=f"{docs_dir.name}/{target}"),
                say("missing-image", "put-it-in-docs", docs=docs_dir.name),
                code="missing-image",
            )


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def _dedupe_all(problems: list[Problem]) -> list[Problem]:
    """The same problem reported twice at one place (a schema check and a corpus check) is said once."""
    seen: set[tuple[str, int, int, str]] = set()
    kept = []
    for p in problems:
        key = (p.path, p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


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
    where = _where(path)
    kind = loaded.data.get("kind") if isinstance(loaded.data, dict) else None
    validator = error.validator
    # jsonschema's error attributes are typed as unions of every possible schema shape; the
    # branches below know the shape from the keyword, so they are read as Any
    instance: Any = error.instance
    schema: Any = error.schema
    value: Any = error.validator_value

    def at(p: Sequence[str | int], message: str, hint: str = "", code: str = "schema", key: bool = False) -> Problem:
        line, col = locate(loaded.text, p, key=key)
        return Problem(loaded.display, line, col, message, hint, code=code)

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
    where = _where(path)
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


def _where(path: Sequence[str | int]) -> str:
    return where(path, say("_words", "the-entry"))


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


# --- corpus-level checks ---------------------------------------------------------------------


def corpus_problems(files: Sequence[LoadedFile], valid: Sequence[LoadedFile]) -> list[Problem]:
    """Checks that need every entry: names, uniqueness and references."""
    problems: list[Problem] = []
    by_id: dict[str, LoadedFile] = {}
    unreadable: dict[str, LoadedFile] = {}
    for loaded in files:  # ids of files with schema errors still count, to avoid cascades
        data = loaded.data
        if not isinstance(data, dict) or not spec.is_id(data.get("id")):
            unreadable.setdefault(_stem(loaded), loaded)
            continue
        entry_id = data["id"]
        if entry_id in by_id:
            first = by_id[entry_id]
            line, col = locate(loaded.text, ["id"])
            problems.append(
                Problem(
                    loaded.display,
                    line,
                    col,
                    say("duplicate-id", "also-used-by", id=entry_id, file=first.display),
                    say("duplicate-id", "rename-one"),
                    code="duplicate-id",
                )
            )
        else:
            by_id[entry_id] = loaded
    kinds: dict[str, Any] = {i: f.data.get("kind") for i, f in by_id.items() if isinstance(f.data, dict)}
    # A file that could not be read is known by its file name: references to it are not reported
    # as missing (its own errors say what to fix), and its kind is unknown (None).
    for stem in unreadable:
        kinds.setdefault(stem, None)
    for stem, loaded in ((_stem(f), f) for f in by_id.values()):  # an id that differs from its file name
        kinds.setdefault(stem, loaded.data.get("kind") if isinstance(loaded.data, dict) else None)
    kinds = {i: (k if isinstance(k, str) and k in spec.KINDS_BY_NAME else None) for i, k in kinds.items()}
    names = _Names(files)
    former = _former_ids(valid, kinds, problems)
    # Every file whose structure can be read is checked here, valid or not: a schema error (say, an
    # unknown key) does not hide the file's broken references until it is fixed.
    readable = [f for f in files if isinstance(f.data, dict)]
    for loaded in readable:
        problems.extend(_naming_problems(loaded))
        problems.extend(_reference_problems(loaded, kinds, former, names))
        problems.extend(_markdown_problems(loaded, kinds, former, names))
        problems.extend(_placeholder_problems(loaded))
    for loaded in valid:
        problems.extend(_date_problems(loaded))
        problems.extend(_training_problems(loaded))
    problems.extend(_order_problems(valid))
    problems.extend(_tag_problems(readable))
    return problems


#: Names of generated pages in the folders entries and tags share (``lois/index.md``,
#: ``etiquettes/index.md``): an entry id or a tag whose page would take that name is refused.
RESERVED_NAMES = frozenset({"index"})

#: The example sentences ``python -m playbook new`` writes (templates/playbook/new-entry.yaml.j2):
#: a file that still holds one was not finished, and must not be published.
PLACEHOLDERS = (
    "Résumez ici, en une phrase, ce que le lecteur doit retenir.",
    "Remplacez ce paragraphe par le texte de l'entrée",
    "Première action concrète, qu'on peut cocher",
    "Deuxième action concrète",
    "Prénom Nom de l'auteur",
    "Nom de la publication, du blog ou de l'éditeur",
    "(à remplacer)",  # every example text of the training kinds (templates/playbook/kinds/*.new.yaml.j2)
)
#: The comment ``new`` writes after an entry it picked as an example (a session's block, a quiz's
#: question, a path's step): the id is a real one, so only this comment tells it is an example.
EXAMPLE_MARK = "# exemple (à remplacer)"


#: The sentences above by their first character (each starts with a capital letter).
_PLACEHOLDERS_BY_START = {c: tuple(p for p in PLACEHOLDERS if p[0] == c) for c in sorted({p[0] for p in PLACEHOLDERS})}


def _holds_placeholder(text: str) -> bool:
    """Whether ``text`` holds one of :data:`PLACEHOLDERS`. Each sentence is tried only where its
    first letter is: those few capitals are found at the speed of a one-character search, where
    each sentence searched for in the whole text would be a full pass (six per file)."""
    for first, sentences in _PLACEHOLDERS_BY_START.items():
        at = text.find(first)
        while at >= 0:
            for sentence in sentences:
                if text.startswith(sentence, at):
                    return True
            at = text.find(first, at + 1)
    return False


def _placeholder_problems(loaded: LoadedFile) -> Iterator[Problem]:
    text = loaded.text
    if not _holds_placeholder(text):  # the usual case
        return
    data = loaded.data or {}
    marked = {n for n, line in enumerate(text.split("\n"), 1) if EXAMPLE_MARK in line}
    fields: list[tuple[list[str | int], Any]] = [([k], v) for k, v in data.items()]
    while fields:
        path, value = fields.pop(0)
        if isinstance(value, dict):
            fields.extend(([*path, k], v) for k, v in value.items())
        elif isinstance(value, list):
            fields.extend(([*path, i], v) for i, v in enumerate(value))
        elif isinstance(value, str) and any(p in value for p in PLACEHOLDERS):
            line, col = locate(text, path)
            yield Problem(
                loaded.display,
                line,
                col,
                say("placeholder", "example-text", where=_where(path)),
                say("placeholder", "replace-text"),
                code="placeholder",
            )
        elif isinstance(value, str) and spec.is_id(value) and marked:
            line, col = locate(text, path)
            if line in marked:
                yield Problem(
                    loaded.display,
                    line,
                    col,
                    say("placeholder", "example-entry", where=_where(path), id=value),
                    say("placeholder", "replace-entry", mark=EXAMPLE_MARK),
                    code="placeholder",
                )


def _plural_folded(slug: str) -> str:
    """A tag's slug with each word's French plural mark (a final s or x) dropped: « réclamations »
    and « réclamation » fold alike."""
    return "-".join(word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in slug.split("-"))


def _tag_problems(files: Sequence[LoadedFile]) -> Iterator[Problem]:
    """Tags whose pages would share a path: equal once folded (case, accents, punctuation), or reserved;
    and two tags for one idea, one in the singular and one in the plural (a warning: two pages)."""
    first: dict[str, tuple[str, LoadedFile]] = {}
    singular: dict[str, str] = {}  # plural-folded slug → the first slug seen with it
    for loaded in files:
        tags = (loaded.data or {}).get("tags")
        if not isinstance(tags, list):
            continue
        for index, tag in enumerate(tags):
            if not isinstance(tag, str) or not tag.strip():
                continue
            slug = spec.tag_slug(tag)
            if slug in RESERVED_NAMES:
                line, col = locate(loaded.text, ["tags", index])
                yield Problem(
                    loaded.display,
                    line,
                    col,
                    say("reserved-name", "tag", tag=tag, slug=slug),
                    say("reserved-name", "choose-another-tag"),
                    code="reserved-name",
                )
                continue
            seen = first.get(slug)
            if seen is None:
                first[slug] = (tag, loaded)
                other_slug = singular.setdefault(_plural_folded(slug), slug)
                if other_slug != slug:
                    yield _tag_pair(
                        loaded,
                        index,
                        first[other_slug],
                        "singular-and-plural",
                        severity=Severity.WARNING,
                        code="tag-plural",
                    )
            elif seen[0] != tag:
                yield _tag_pair(
                    loaded,
                    index,
                    seen,
                    "same-page",
                    code="tag-collision",
                )


def _tag_pair(
    loaded: LoadedFile, index: int, seen: tuple[str, LoadedFile], why: str, code: str, **kind: Any
) -> Problem:
    """The ``index``-th tag of ``loaded`` against ``seen``, the way it was first written (tag, file);
    ``why`` is the key of the message in the catalogue's file of ``code``."""
    tag = (loaded.data or {})["tags"][index]
    line, col = locate(loaded.text, ["tags", index])
    other, where = seen
    at = locate(where.text, ["tags", (where.data or {}).get("tags", []).index(other)])
    return Problem(
        loaded.display,
        line,
        col,
        say(code, why, tag=tag, other=other, at=f"{where.display}:{at[0]}:{at[1]}"),
        say(code, "write-it-the-same", other=other),
        code=code,
        **kind,
    )


class _Names:
    """id → its title and aliases folded into slugs, for "did you mean" on partial ids: folded
    at the first unknown reference, so a corpus without one never pays for it."""

    def __init__(self, files: Sequence[LoadedFile]) -> None:
        self._files: Sequence[LoadedFile] = files
        self._names: dict[str, list[str]] | None = None

    def get(self) -> dict[str, list[str]]:
        if self._names is None:
            self._names = {}
            for loaded in self._files:
                data = loaded.data
                if not isinstance(data, dict) or not spec.is_id(data.get("id")):
                    continue
                aliases = data.get("aliases")
                words = [data.get("title"), *(aliases if isinstance(aliases, list) else [])]
                self._names[data["id"]] = [spec.slugify(w) for w in words if isinstance(w, str)]
        return self._names


def _naming_problems(loaded: LoadedFile) -> Iterator[Problem]:
    data = loaded.data or {}
    entry_id, kind_name = data.get("id"), data.get("kind")
    if not spec.is_id(entry_id) or not isinstance(kind_name, str) or kind_name not in spec.KINDS_BY_NAME:
        return  # the schema check said what is wrong
    kind = spec.KINDS_BY_NAME[data["kind"]]
    if entry_id in RESERVED_NAMES:
        line, col = locate(loaded.text, ["id"])
        yield Problem(
            loaded.display,
            line,
            col,
            say("reserved-name", "id", id=entry_id, page=kind.plural, folder=kind.folder),
            say("reserved-name", "choose-another-id"),
            code="reserved-name",
        )
    if entry_id in spec.SCRIPT_RESERVED_IDS:
        line, col = locate(loaded.text, ["id"])
        yield Problem(
            loaded.display,
            line,
            col,
            say("reserved-id", "script-name", id=entry_id),
            say("reserved-id", "choose-another-id", id=entry_id),
            code="reserved-id",
        )
    stem = _stem(loaded)
    if stem != entry_id:
        line, col = locate(loaded.text, ["id"])
        yield Problem(
            loaded.display,
            line,
            col,
            say("id-mismatch", "file-name", id=entry_id, file=loaded.path.name),
            say("id-mismatch", "rename", id=entry_id, stem=stem),
            code="id-mismatch",
        )
    parent = loaded.path.parent.name
    if parent != kind.folder:
        line, col = locate(loaded.text, ["kind"])
        held = next((k for k in spec.KINDS if k.folder == parent), None)
        names = {"kind": kind.name, "folder": kind.folder, "file": loaded.path.name}
        if held is None:
            message = say("wrong-folder", "kind-folder", folder=kind.folder, kind=kind.name)
            hint = say("wrong-folder", "move", **names)
        else:
            message = say("wrong-folder", "kind-folder-held", parent=parent, held=held.name, **names)
            # In a kind's folder, the file is most often right and its 'kind' line wrong (copied from
            # another entry): the fix on that line comes first.
            hint = say("wrong-folder", "fix-kind-or-move", held=held.name, **names)
        yield Problem(loaded.display, line, col, message, hint, code="wrong-folder")


def _former_ids(valid: Sequence[LoadedFile], kinds: dict[str, Any], problems: list[Problem]) -> dict[str, str]:
    """Former id → the id of the entry that lists it in ``former_ids``. An id used before by
    another entry (as its current id, or listed twice) is an error: its old address redirects."""
    former: dict[str, tuple[str, LoadedFile, int]] = {}
    for loaded in valid:
        data = loaded.data or {}
        for index, old in enumerate(data.get("former_ids", [])):
            if old in RESERVED_NAMES:
                line, col = locate(loaded.text, ["former_ids", index])
                kind = spec.KINDS_BY_NAME[data["kind"]]  # a valid entry: its kind is one
                problems.append(
                    Problem(
                        loaded.display,
                        line,
                        col,
                        say("reserved-name", "former-id", id=old, page=kind.plural, folder=kind.folder),
                        say("reserved-name", "remove-former-id"),
                        code="reserved-name",
                    )
                )
            elif old == data["id"]:
                line, col = locate(loaded.text, ["former_ids", index])
                problems.append(
                    Problem(
                        loaded.display,
                        line,
                        col,
                        say("former-id-reused", "own-id", id=old),
                        say("former-id-reused", "list-former-only"),
                        code="former-id-reused",
                    )
                )
            elif old in former:
                other = former[old][1]
                line, col = locate(loaded.text, ["former_ids", index])
                problems.append(
                    Problem(
                        loaded.display,
                        line,
                        col,
                        say("former-id-reused", "listed-twice", id=old, file=other.display),
                        say("former-id-reused", "keep-in-one"),
                        code="former-id-reused",
                    )
                )
            else:
                former[old] = (data["id"], loaded, index)
    for old, (new, loaded, index) in former.items():
        if old in kinds:  # an entry uses, as its id, an id that another entry had before
            owner_line, owner_col = locate(loaded.text, ["former_ids", index])
            owner_at = f"{loaded.display}:{owner_line}:{owner_col}"
            for user in valid:
                if (user.data or {}).get("id") == old:
                    line, col = locate(user.text, ["id"])
                    problems.append(
                        Problem(
                            user.display,
                            line,
                            col,
                            say("former-id-reused", "used-before", id=old, new=new, at=owner_at),
                            say("former-id-reused", "choose-another-id", id=old, new=new),
                            code="former-id-reused",
                        )
                    )
    return {old: new for old, (new, _, _) in former.items() if old not in kinds}


def _training_problems(loaded: LoadedFile) -> Iterator[Problem]:
    """What the schema cannot say about a valid session or quiz: a session's blocks fill its
    duration exactly, each block but a pause says what the trainer does, a group's minimum is not
    above its maximum; a quiz's answer is one of its choices."""
    data = loaded.data or {}

    def at(path: list[str | int], code: str, message: str, hint: str) -> Problem:
        line, col = locate(loaded.text, path)
        return Problem(loaded.display, line, col, message, hint, code=code)

    blocks = data.get("blocks", [])
    if blocks and "duration" in data:
        total = sum(b["minutes"] for b in blocks)
        if total != data["duration"]:
            minutes = " + ".join(str(b["minutes"]) for b in blocks)
            gap = data["duration"] - total
            yield at(
                ["duration"],
                "duration-mismatch",
                say("duration-mismatch", "blocks-last", total=total, minutes=minutes, duration=data["duration"]),
                say("duration-mismatch", "add-minutes", gap=gap)
                if gap > 0
                else say("duration-mismatch", "remove-minutes", gap=-gap, total=total),
            )
    for index, block in enumerate(blocks):
        if block["activity"] != "pause" and not block.get("trainer"):
            yield at(
                ["blocks", index],
                "block-trainer",
                say("block-trainer", "no-trainer", number=index + 1, title=block["title"]),
                say("block-trainer", "add-trainer"),
            )
    group = data.get("group_size")
    if group and group["min"] > group["max"]:
        yield at(
            ["group_size", "min"],
            "group-size",
            say("group-size", "min-above-max", min=group["min"], max=group["max"]),
            say("group-size", "min-not-above-max"),
        )
    for index, question in enumerate(data.get("questions", [])):
        count = len(question["choices"])
        if question["answer"] > count:
            yield at(
                ["questions", index, "answer"],
                "quiz-answer",
                say("quiz-answer", "not-a-choice", answer=question["answer"], count=count, number=index + 1),
                say("quiz-answer", "choice-number", count=count),
            )


def _upkeep_dates(data: dict[str, Any]) -> list[tuple[list[str | int], Any]]:
    """(path, value) of an entry's upkeep dates: ``reviewed`` and each ``changes`` note's date."""
    dates: list[tuple[list[str | int], Any]] = []
    if "reviewed" in data:
        dates.append((["reviewed"], data["reviewed"]))
    changes = data.get("changes")
    if isinstance(changes, list):
        dates.extend((["changes", i, "date"], c.get("date")) for i, c in enumerate(changes) if isinstance(c, dict))
    return dates


def dates_after(files: Sequence[LoadedFile], day: dt.date) -> list[Problem]:
    """A located warning for each upkeep date later than ``day``, the edition's: its pages and
    « Nouveautés » would say the entry was reviewed or changed on a day still to come."""
    problems = []
    for loaded in files:
        if not isinstance(loaded.data, dict):
            continue
        for path, value in _upkeep_dates(loaded.data):
            try:
                when = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
            except (TypeError, ValueError):
                continue  # not a day: validation says so
            if when > day:
                line, col = locate(loaded.text, path)
                what = "reviewed" if path[0] == "reviewed" else "changed"
                problems.append(
                    Problem(
                        loaded.display,
                        line,
                        col,
                        say("date-after-edition", what, date=when.isoformat(), edition=day.isoformat()),
                        say("date-after-edition", "actual-day"),
                        severity=Severity.WARNING,
                        code="date-after-edition",
                    )
                )
    return problems


def _date_problems(loaded: LoadedFile) -> Iterator[Problem]:
    """Dates that have the right shape but are not days of the calendar (``2025-02-30``)."""
    for path, value in _upkeep_dates(loaded.data or {}):
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            line, col = locate(loaded.text, path)
            yield Problem(
                loaded.display,
                line,
                col,
                say("bad-date", "not-a-day", value=value),
                say("bad-date", "real-date"),
                code="bad-date",
            )


def _reference_problems(
    loaded: LoadedFile, kinds: dict[str, Any], former: dict[str, str], names: _Names
) -> Iterator[Problem]:
    data = loaded.data or {}
    own = data.get("id")
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None  # any shape reaches here: see above

    def check(path: list[str | int], target: str, allowed: Sequence[str], what: str) -> Iterable[Problem]:
        if target != own and target in kinds and (kinds[target] is None or kinds[target] in allowed):
            return ()  # the usual case, tested first: no generator made for each of a corpus's links
        return said(path, target, allowed, what)

    def said(path: list[str | int], target: str, allowed: Sequence[str], what: str) -> Iterator[Problem]:
        if target == own:
            line, col = locate(loaded.text, path)
            message, hint = say("self-reference", "itself", id=own), say("self-reference", "remove")
            yield Problem(loaded.display, line, col, message, hint, code="self-reference")
        elif target not in kinds:
            line, col = locate(loaded.text, path)
            hint = (
                say("unknown-reference", "renamed", id=target, new=former[target])
                if target in former
                else _nearest(target, kinds, names, allowed)
            )
            message = say("unknown-reference", "in-field", id=target, where=what)
            yield Problem(loaded.display, line, col, message, hint, code="unknown-reference")
        elif kinds[target] is not None and kinds[target] not in allowed:
            line, col = locate(loaded.text, path)
            yield Problem(
                loaded.display,
                line,
                col,
                say("reference-kind", "wrong-kind", where=what, id=target, kind=kinds[target]),
                say("reference-kind", "allowed-kinds", kinds=", ".join(allowed)),
                code="reference-kind",
            )

    # Only what the schema check let through is looked at: ids that are ids, relations the kind has.
    relations = data.get("relations")
    for name, targets in relations.items() if isinstance(relations, dict) else ():
        relation = spec.RELATIONS_BY_NAME.get(name)
        if relation is None or kind not in relation.sources or not isinstance(targets, list):
            continue
        seen: set[str] = set()
        for index, item in enumerate(targets):
            path: list[str | int] = ["relations", name, index]
            target = item
            if isinstance(item, dict):  # {id: ..., why: ...}
                target, path = item.get("id"), [*path, "id"]
            if not spec.is_id(target):
                continue
            if target in seen:  # the same id twice, once plain and once with a reason
                line, col = locate(loaded.text, path)
                yield Problem(
                    loaded.display,
                    line,
                    col,
                    say("duplicate-reference", "listed-twice", id=target, where=_where(["relations", name])),
                    say("duplicate-reference", "keep-one"),
                    code="duplicate-reference",
                )
                continue
            seen.add(target)
            yield from check(path, target, relation.targets, _where(["relations", name]))
    kind_spec = spec.KINDS_BY_NAME.get(kind) if kind else None
    forbidden = kind_spec.forbidden if kind_spec is not None else ()
    for ref in spec.REFERENCES:
        allowed = ref.allowed(kind_spec)
        if ref.field in forbidden or not allowed:
            continue  # the schema check says the field is not allowed: its targets do not matter
        first_at: dict[tuple[str | int, ...], dict[str, int]] = {}
        for at, target in spec.iter_at(data, ref.path):  # any shape: schema errors say why
            if not isinstance(target, str) or (len(ref.path) == 1 and not spec.is_id(target)):
                continue
            yield from check(list(at), target, allowed, _reference_where(at))
            if "*" not in ref.path:
                continue
            star = len(ref.path) - 1 - ref.path[::-1].index("*")  # the list whose items must differ
            rank = at[star]
            assert isinstance(rank, int)
            earlier = first_at.setdefault(at[:star], {})
            if ref.unique and target in earlier:
                line, col = locate(loaded.text, list(at))
                yield Problem(
                    loaded.display,
                    line,
                    col,
                    say(
                        "repeated",
                        "already-item",
                        id=target,
                        number=earlier[target] + 1,
                        where=_reference_where(at[:star]),
                    ),
                    say("repeated", "keep-once"),
                    code="repeated",
                )
            earlier.setdefault(target, rank)
    also = data.get("also_from")
    cites = spec.is_id(data.get("source")) and "source" not in forbidden
    if cites and isinstance(also, list) and data["source"] in also:
        line, col = locate(loaded.text, ["also_from", also.index(data["source"])])
        yield Problem(
            loaded.display,
            line,
            col,
            say("repeated", "already-source", id=data["source"]),
            say("repeated", "other-sources"),
            code="repeated",
        )


def _reference_where(at: Sequence[str | int]) -> str:
    """How a message names the place of a reference: ``« collection »``, ``« entries »`` (a list of
    ids), ``« steps[3].entry »``: the path, quoted in the run's language, without the index of its last item."""
    shown = list(at[:-1]) if at and isinstance(at[-1], int) else list(at)
    return _where(shown)


def _markdown_problems(
    loaded: LoadedFile, kinds: dict[str, Any], former: dict[str, str], names: _Names
) -> Iterator[Problem]:
    data = loaded.data or {}
    body = data.get("body", "")
    if not isinstance(body, str):
        return
    where = _BlockLocator(loaded, "body", body)
    for match in iter_refs(body):
        target = match.target
        if target in former:  # still resolves (to the renamed entry), but say what to write now
            line, col = where.position(match.begin)
            yield Problem(
                loaded.display,
                line,
                col,
                say("former-id", "in-link", id=target, new=former[target]),
                say("former-id", "write-new", new=former[target]),
                severity=Severity.WARNING,
                code="former-id",
            )
        elif target not in kinds:
            line, col = where.position(match.begin)
            yield Problem(
                loaded.display,
                line,
                col,
                say("unknown-reference", "in-link", id=target),
                _nearest(target, kinds, names),
                code="unknown-reference",
            )
    for offset in iter_open_refs(body):
        line, col = where.position(offset)
        yield Problem(
            loaded.display,
            line,
            col,
            say("open-reference", "opens-no-link"),
            say("open-reference", "write-whole-link"),
            code="open-reference",
        )
    for offset, length in iter_long_paragraphs(body, spec.MAX_PARAGRAPH):
        line, col = where.position(offset)
        yield Problem(
            loaded.display,
            line,
            col,
            say("long-paragraph", "too-long", length=_number(length), limit=_number(spec.MAX_PARAGRAPH)),
            say("long-paragraph", "split"),
            code="long-paragraph",
        )
    for offset, message, hint, code, is_error in iter_markdown_issues(body):
        line, col = where.position(offset)
        yield Problem(
            loaded.display,
            line,
            col,
            message,
            hint,
            severity=Severity.ERROR if is_error else Severity.WARNING,
            code=code,
        )


def _number(value: int) -> str:
    """A count as a message shows it: thousands apart by a space (``12 000``), in both languages."""
    return f"{value:,}".replace(",", " ")


def _order_problems(valid: Sequence[LoadedFile]) -> Iterator[Problem]:
    taken: dict[tuple[str, int], LoadedFile] = {}
    for loaded in valid:
        data = loaded.data or {}
        if "collection" not in data:
            continue
        key = (data["collection"], data["order"])
        if key in taken:
            line, col = locate(loaded.text, ["order"])
            yield Problem(
                loaded.display,
                line,
                col,
                say("duplicate-order", "taken", rank=key[1], collection=key[0], file=taken[key].display),
                say("duplicate-order", "own-order"),
                code="duplicate-order",
            )
        else:
            taken[key] = loaded


def _stem(loaded: LoadedFile) -> str:
    name = loaded.path.name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _nearest(
    target: str, kinds: dict[str, Any], names: _Names | None = None, allowed: Sequence[str] | None = None
) -> str:
    """A hint for an unknown id: ids that start with it or contain it (or whose title or aliases
    do: ``coolblu`` → ``coolblue-retard-livraison``), else ids spelled alike; only ids of the
    ``allowed`` kinds, when given (a source's field suggests sources only, or lists them)."""
    ids = sorted(i for i, k in kinds.items() if allowed is None or k is None or k in allowed)
    among = set(ids)
    guesses: list[str] = []
    if len(target) >= 3:
        folded = spec.slugify(target)
        guesses = [i for i in ids if i.startswith(target)]
        guesses += [i for i in ids if target in i and i not in guesses]
        by_id = names.get() if names is not None else {}
        guesses += [
            i
            for i, words in sorted(by_id.items())
            if i not in guesses and i in among and any(folded in w for w in words)
        ]
    guesses += [g for g in difflib.get_close_matches(target, ids, n=3, cutoff=0.6) if g not in guesses]
    guesses = guesses[:3]
    if guesses:
        listed = say("unknown-reference", "or").join(quote(g) for g in guesses)
        return say("unknown-reference", "did-you-mean", guesses=listed)
    if allowed is not None and len(allowed) == 1 and 0 < len(ids) <= 15:
        return say("unknown-reference", "entries-of-kind", kind=allowed[0], ids=", ".join(ids))
    return say("unknown-reference", "check-the-id")


class _BlockLocator:
    """Positions in the file of offsets in the value of ``key`` (a block scalar ``|`` or a
    one-line value). The file's lines and the value's line starts are found once, at the first
    problem (a body without problems costs nothing here), so locating every one of thousands of
    problems in a long body stays linear."""

    def __init__(self, loaded: LoadedFile, key: str, value: str) -> None:
        self._source = (loaded, key, value)
        self.starts: list[int] = []

    def _find(self) -> None:
        loaded, key, value = self._source
        line, col = locate(loaded.text, [key])
        lines = loaded.text.split("\n")
        header = lines[line - 1] if 0 < line <= len(lines) else ""
        self.line, self.col = line, col
        self.block = header[col - 1 : col] in ("|", ">")
        self.indent = 0
        if self.block:
            first = line  # index of the first content line (0-based == line)
            while first < len(lines) and not lines[first].strip():
                first += 1
            self.indent = len(lines[first]) - len(lines[first].lstrip(" ")) if first < len(lines) else 0
        self.starts = [0] + [i + 1 for i, c in enumerate(value) if c == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        if not self.starts:
            self._find()
        row = bisect.bisect_right(self.starts, offset) - 1
        col_in_line = offset - self.starts[row]
        if self.block:
            return self.line + 1 + row, self.indent + col_in_line + 1
        return self.line + row, (self.col + col_in_line if row == 0 else col_in_line + 1)
