"""Validation: every loaded file against the schema, then the corpus as a whole.

All problems are collected (never only the first). Per file, :func:`schema_messages.schema_problems`
(a fast check, then located messages and hints for a file that fails it: a clean corpus costs one
fast pass and no line/column work); then the checks across files, here.

Corpus checks: ids match file names and folders, ids are unique, every reference (relations,
collection, source, ``[[id]]`` in bodies) points at an existing entry of an allowed kind, ranks
in a collection are unique, and Markdown fields carry no raw HTML or unsafe links.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from . import spec
from .loader import LoadedFile, locate, problem_at
from .markdown_lint import iter_local_images, iter_long_paragraphs, iter_markdown_issues
from .markdown_refs import refs_and_open_refs
from .messages import quote, say
from .problems import Problem, Severity, where_in_entry
from .schema_messages import schema_problems

if TYPE_CHECKING:  # jsonschema is imported only when a file fails the fast check
    pass


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
        if loaded.local_images is None:
            loaded.local_images = list(iter_local_images(body))
        for offset, address in loaded.local_images:
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
            problems.append(
                problem_at(
                    loaded,
                    ["id"],
                    "duplicate-id",
                    say("duplicate-id", "also-used-by", id=entry_id, file=first.display),
                    say("duplicate-id", "rename-one"),
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
    corpus = (kinds, former)
    same_corpus: dict[int, bool] = {}  # by id() of a previous check's corpus: equal to this one?
    for loaded in readable:
        problems.extend(_naming_problems(loaded))
        # A file's references depend on the file and on the corpus only ("did you mean" names are
        # read only to word a problem): a file unchanged since a check of an equal corpus found
        # none (under `mkdocs serve`, every file but the edited one) has none now.
        before = loaded.references_clean
        same = None if before is None else same_corpus.get(id(before))
        if before is not None and same is None:  # compared once per corpus (not once per file)
            same = same_corpus[id(before)] = before == corpus
        if same:
            loaded.references_clean = corpus
        else:
            found = [
                *_reference_problems(loaded, kinds, former, names),
                *_markdown_problems(loaded, kinds, former, names),
            ]
            problems.extend(found)
            loaded.references_clean = None if found else corpus
        if loaded.placeholder_problems is None:
            loaded.placeholder_problems = list(_placeholder_problems(loaded))
        problems.extend(loaded.placeholder_problems)
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
            yield problem_at(
                loaded,
                path,
                "placeholder",
                say("placeholder", "example-text", where=where_in_entry(path)),
                say("placeholder", "replace-text"),
            )
        elif isinstance(value, str) and spec.is_id(value) and marked:
            line, col = locate(text, path)
            if line in marked:
                yield Problem(
                    loaded.display,
                    line,
                    col,
                    say("placeholder", "example-entry", where=where_in_entry(path), id=value),
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
                yield problem_at(
                    loaded,
                    ["tags", index],
                    "reserved-name",
                    say("reserved-name", "tag", tag=tag, slug=slug),
                    say("reserved-name", "choose-another-tag"),
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
    other, where = seen
    at = locate(where.text, ["tags", (where.data or {}).get("tags", []).index(other)])
    return problem_at(
        loaded,
        ["tags", index],
        code,
        say(code, why, tag=tag, other=other, at=f"{where.display}:{at[0]}:{at[1]}"),
        say(code, "write-it-the-same", other=other),
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
        yield problem_at(
            loaded,
            ["id"],
            "reserved-name",
            say("reserved-name", "id", id=entry_id, page=kind.plural, folder=kind.folder),
            say("reserved-name", "choose-another-id"),
        )
    if entry_id in spec.SCRIPT_RESERVED_IDS:
        yield problem_at(
            loaded,
            ["id"],
            "reserved-id",
            say("reserved-id", "script-name", id=entry_id),
            say("reserved-id", "choose-another-id", id=entry_id),
        )
    stem = _stem(loaded)
    if stem != entry_id:
        yield problem_at(
            loaded,
            ["id"],
            "id-mismatch",
            say("id-mismatch", "file-name", id=entry_id, file=loaded.path.name),
            say("id-mismatch", "rename", id=entry_id, stem=stem),
        )
    parent = loaded.path.parent.name
    if parent != kind.folder:
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
        yield problem_at(loaded, ["kind"], "wrong-folder", message, hint)


def _former_ids(valid: Sequence[LoadedFile], kinds: dict[str, Any], problems: list[Problem]) -> dict[str, str]:
    """Former id → the id of the entry that lists it in ``former_ids``. An id used before by
    another entry (as its current id, or listed twice) is an error: its old address redirects."""
    former: dict[str, tuple[str, LoadedFile, int]] = {}
    for loaded in valid:
        data = loaded.data or {}
        for index, old in enumerate(data.get("former_ids", [])):
            if old in RESERVED_NAMES:
                kind = spec.KINDS_BY_NAME[data["kind"]]  # a valid entry: its kind is one
                problems.append(
                    problem_at(
                        loaded,
                        ["former_ids", index],
                        "reserved-name",
                        say("reserved-name", "former-id", id=old, page=kind.plural, folder=kind.folder),
                        say("reserved-name", "remove-former-id"),
                    )
                )
            elif old == data["id"]:
                problems.append(
                    problem_at(
                        loaded,
                        ["former_ids", index],
                        "former-id-reused",
                        say("former-id-reused", "own-id", id=old),
                        say("former-id-reused", "list-former-only"),
                    )
                )
            elif old in former:
                other = former[old][1]
                problems.append(
                    problem_at(
                        loaded,
                        ["former_ids", index],
                        "former-id-reused",
                        say("former-id-reused", "listed-twice", id=old, file=other.display),
                        say("former-id-reused", "keep-in-one"),
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
                    problems.append(
                        problem_at(
                            user,
                            ["id"],
                            "former-id-reused",
                            say("former-id-reused", "used-before", id=old, new=new, at=owner_at),
                            say("former-id-reused", "choose-another-id", id=old, new=new),
                        )
                    )
    return {old: new for old, (new, _, _) in former.items() if old not in kinds}


def _training_problems(loaded: LoadedFile) -> Iterator[Problem]:
    """What the schema cannot say about a valid session or quiz: a session's blocks fill its
    duration exactly, each block but a pause says what the trainer does, a group's minimum is not
    above its maximum; a quiz's answer is one of its choices."""
    data = loaded.data or {}
    blocks = data.get("blocks", [])
    if blocks and "duration" in data:
        total = sum(b["minutes"] for b in blocks)
        if total != data["duration"]:
            minutes = " + ".join(str(b["minutes"]) for b in blocks)
            gap = data["duration"] - total
            yield problem_at(
                loaded,
                ["duration"],
                "duration-mismatch",
                say("duration-mismatch", "blocks-last", total=total, minutes=minutes, duration=data["duration"]),
                say("duration-mismatch", "add-minutes", gap=gap)
                if gap > 0
                else say("duration-mismatch", "remove-minutes", gap=-gap, total=total),
            )
    for index, block in enumerate(blocks):
        if block["activity"] != "pause" and not block.get("trainer"):
            yield problem_at(
                loaded,
                ["blocks", index],
                "block-trainer",
                say("block-trainer", "no-trainer", number=index + 1, title=block["title"]),
                say("block-trainer", "add-trainer"),
            )
    group = data.get("group_size")
    if group and group["min"] > group["max"]:
        yield problem_at(
            loaded,
            ["group_size", "min"],
            "group-size",
            say("group-size", "min-above-max", min=group["min"], max=group["max"]),
            say("group-size", "min-not-above-max"),
        )
    for index, question in enumerate(data.get("questions", [])):
        count = len(question["choices"])
        if question["answer"] > count:
            yield problem_at(
                loaded,
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
                what = "reviewed" if path[0] == "reviewed" else "changed"
                problems.append(
                    problem_at(
                        loaded,
                        path,
                        "date-after-edition",
                        say("date-after-edition", what, date=when.isoformat(), edition=day.isoformat()),
                        say("date-after-edition", "actual-day"),
                        severity=Severity.WARNING,
                    )
                )
    return problems


def _date_problems(loaded: LoadedFile) -> Iterator[Problem]:
    """Dates that have the right shape but are not days of the calendar (``2025-02-30``)."""
    for path, value in _upkeep_dates(loaded.data or {}):
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            yield problem_at(
                loaded, path, "bad-date", say("bad-date", "not-a-day", value=value), say("bad-date", "real-date")
            )


def _reference_problems(
    loaded: LoadedFile, kinds: dict[str, Any], former: dict[str, str], names: _Names
) -> Iterator[Problem]:
    data = loaded.data or {}
    own = data.get("id")
    kind = data.get("kind") if isinstance(data.get("kind"), str) else None  # any shape reaches here: see above

    def check(
        path: list[str | int], target: str, allowed: Sequence[str], named: Callable[[], str]
    ) -> Iterable[Problem]:
        if target != own and target in kinds and (kinds[target] is None or kinds[target] in allowed):
            return ()  # the usual case, tested first: no generator made, no place named, for each link
        return said(path, target, allowed, named())

    def said(path: list[str | int], target: str, allowed: Sequence[str], what: str) -> Iterator[Problem]:
        if target == own:
            message, hint = say("self-reference", "itself", id=own), say("self-reference", "remove")
            yield problem_at(loaded, path, "self-reference", message, hint)
        elif target not in kinds:
            hint = (
                say("unknown-reference", "renamed", id=target, new=former[target])
                if target in former
                else _nearest(target, kinds, names, allowed)
            )
            message = say("unknown-reference", "in-field", id=target, where=what)
            yield problem_at(loaded, path, "unknown-reference", message, hint)
        elif kinds[target] is not None and kinds[target] not in allowed:
            yield problem_at(
                loaded,
                path,
                "reference-kind",
                say("reference-kind", "wrong-kind", where=what, id=target, kind=kinds[target]),
                say("reference-kind", "allowed-kinds", kinds=", ".join(allowed)),
            )

    # Only what the schema check let through is looked at: ids that are ids, relations the kind has.
    relations = data.get("relations")
    for name, targets in relations.items() if isinstance(relations, dict) else ():
        relation = spec.RELATIONS_BY_NAME.get(name)
        if relation is None or kind not in relation.sources or not isinstance(targets, list):
            continue
        seen: set[str] = set()
        allowed = relation.targets
        for index, item in enumerate(targets):
            target: Any = item.get("id") if isinstance(item, dict) else item  # {id: ..., why: ...}
            if not spec.is_id(target):
                continue
            if target not in seen and target != own and target in kinds:
                found = kinds[target]
                if found is None or found in allowed:
                    seen.add(target)
                    continue  # the usual case, tested first: no path made, no generator, for each link
            path: list[str | int] = (
                ["relations", name, index, "id"] if isinstance(item, dict) else ["relations", name, index]
            )
            if target in seen:  # the same id twice, once plain and once with a reason
                yield problem_at(
                    loaded,
                    path,
                    "duplicate-reference",
                    say("duplicate-reference", "listed-twice", id=target, where=where_in_entry(["relations", name])),
                    say("duplicate-reference", "keep-one"),
                )
                continue
            seen.add(target)
            yield from said(path, target, allowed, where_in_entry(["relations", name]))
    kind_spec = spec.KINDS_BY_NAME.get(kind) if kind else None
    forbidden = kind_spec.forbidden if kind_spec is not None else ()
    for ref in spec.REFERENCES:
        if ref.field not in data:
            continue  # the usual case: most entries have one or two of these fields
        allowed = ref.allowed(kind_spec)
        if ref.field in forbidden or not allowed:
            continue  # the schema check says the field is not allowed: its targets do not matter
        first_at: dict[tuple[str | int, ...], dict[str, int]] = {}
        for at, target in spec.iter_at(data, ref.path):  # any shape: schema errors say why
            if not isinstance(target, str) or (len(ref.path) == 1 and not spec.is_id(target)):
                continue
            yield from check(list(at), target, allowed, lambda: _reference_where(at))  # noqa: B023 (called at once)
            if "*" not in ref.path:
                continue
            star = len(ref.path) - 1 - ref.path[::-1].index("*")  # the list whose items must differ
            rank = at[star]
            assert isinstance(rank, int)
            earlier = first_at.setdefault(at[:star], {})
            if ref.unique and target in earlier:
                yield problem_at(
                    loaded,
                    list(at),
                    "repeated",
                    say(
                        "repeated",
                        "already-item",
                        id=target,
                        number=earlier[target] + 1,
                        where=_reference_where(at[:star]),
                    ),
                    say("repeated", "keep-once"),
                )
            earlier.setdefault(target, rank)
    also = data.get("also_from")
    cites = spec.is_id(data.get("source")) and "source" not in forbidden
    if cites and isinstance(also, list) and data["source"] in also:
        yield problem_at(
            loaded,
            ["also_from", also.index(data["source"])],
            "repeated",
            say("repeated", "already-source", id=data["source"]),
            say("repeated", "other-sources"),
        )


def _reference_where(at: Sequence[str | int]) -> str:
    """How a message names the place of a reference: ``« collection »``, ``« entries »`` (a list of
    ids), ``« steps[3].entry »``: the path, quoted in the run's language, without the index of its last item."""
    shown = list(at[:-1]) if at and isinstance(at[-1], int) else list(at)
    return where_in_entry(shown)


def _markdown_problems(
    loaded: LoadedFile, kinds: dict[str, Any], former: dict[str, str], names: _Names
) -> Iterator[Problem]:
    data = loaded.data or {}
    body = data.get("body", "")
    if not isinstance(body, str):
        return
    where = _BlockLocator(loaded, "body", body)
    refs, open_refs = refs_and_open_refs(body)
    for match in refs:
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
    for offset in open_refs:
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
            yield problem_at(
                loaded,
                ["order"],
                "duplicate-order",
                say("duplicate-order", "taken", rank=key[1], collection=key[0], file=taken[key].display),
                say("duplicate-order", "own-order"),
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
