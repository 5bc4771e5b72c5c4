"""New entries from a template: ``python -m playbook new KIND "Title"``.

The file is rendered from ``templates/playbook/new-entry.yaml.j2`` (overridable like every
template), checked with the same loader and validator as the rest of the playbook *before* it is
written, and created exclusively: an existing file or id is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import spec
from .loader import load_bytes
from .messages import say
from .pipeline import load_directory
from .problems import Severity
from .render.templates import environment, template_loader
from .resources import SCHEMA_PATH
from .validate import EXAMPLE_MARK, validate_files

if TYPE_CHECKING:
    import jinja2

TEMPLATE = "playbook/new-entry.yaml.j2"


class ScaffoldError(Exception):
    """A new entry cannot be created; ``hint`` says what to do instead."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class NewEntry:
    path: Path
    entry_id: str
    kind: spec.Kind
    text: str


def resolve_kind(name: str) -> spec.Kind:
    """A kind from its name, French label or folder ('law', 'loi', 'lois'); exact matches only."""
    kind = spec.find_kind(name)
    if kind is not None:
        return kind
    guess = spec.guess_kind(name)
    hint = say(
        "_new",
        "unknown-kind-hint",
        guess=say("_new", "did-you-mean", guess=guess) if guess else "",
        kinds=spec.kinds_help(),
    )
    raise ScaffoldError(say("_new", "unknown-kind", name=name), hint)


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar that every YAML reader reads back as the same text."""
    probe = load_bytes(f"k: {value}\n".encode(), Path("probe.yaml"), "probe")
    if not probe.problems and probe.data == {"k": value} and value == value.strip() and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@lru_cache(maxsize=8)
def _environment(override_dirs: tuple[str, ...]) -> jinja2.Environment:
    """One environment per set of override folders: the format reference page renders a new
    entry of every kind, and each environment would compile the template again (Jinja still
    checks the file's date at every use, so an edited override is read again)."""
    env = environment(template_loader(override_dirs), autoescape=False)
    env.filters["yaml"] = yaml_scalar
    return env


def new_entry_text(
    kind: spec.Kind,
    entry_id: str,
    title: str,
    source: str | None,
    schema_ref: str,
    override_dirs: Sequence[Path] = (),
    today: dt.date | None = None,
    known: Mapping[str, str] | None = None,
) -> str:
    """The text of a new entry file (not checked: see :func:`create_entry`).

    A template that must name existing entries (a session's, a guide's case) calls
    ``pick(kinds, count)``: ids of ``known`` entries (id → kind) of those kinds, or, without
    ``known``, made-up ids (the format page's examples); :class:`ScaffoldError` when there are
    too few."""

    def pick(kinds: Sequence[str], count: int = 1) -> list[str]:
        if known is None:
            return [f"exemple-{n}" for n in range(1, count + 1)]
        found = sorted(i for i, k in known.items() if k in kinds)[:count]
        if len(found) < count:
            names = ", ".join(kinds)
            raise ScaffoldError(
                say("_new", "no-entry-to-pick", kind=kind.name)
                if not found
                else say("_new", "too-few-to-pick", kind=kind.name, count=count, kinds=names, found=len(found)),
                say("_new", "create-first", kinds=names, first=kinds[0]),
            )
        return found

    env = _environment(tuple(str(d) for d in override_dirs))
    relations = [r for r in spec.RELATIONS if kind.name in r.sources]
    return env.get_template(TEMPLATE).render(
        kind=kind,
        entry_id=entry_id,
        title=title,
        source=source,
        schema_ref=schema_ref,
        relations=relations,
        in_collection=kind.in_collections,
        pick=pick,
        content_kinds=spec.CONTENT_KINDS,
        today=today.isoformat() if today else None,
        example_mark=EXAMPLE_MARK,
    )


def schema_ref_from(folder: Path) -> str:
    """The modeline's relative path from ``folder`` to the published schema."""
    return Path(os.path.relpath(SCHEMA_PATH, folder.resolve())).as_posix()


def create_entry(
    laws: Path,
    kind_name: str,
    title: str,
    *,
    source: str | None = None,
    entry_id: str | None = None,
    override_dirs: Sequence[Path] = (),
    today: dt.date | None = None,
) -> NewEntry:
    """Create ``laws/<folder>/<id>.yaml`` for a new entry; raise :class:`ScaffoldError` otherwise.
    ``today`` (the day it is written) becomes its ``reviewed`` date."""
    kind = resolve_kind(kind_name)
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError(say("_new", "empty-title"), say("_new", "empty-title-hint"))
    max_title = int(spec.FIELDS_BY_NAME["title"].schema["maxLength"])  # type: ignore[call-overload]
    if len(title) > max_title:
        raise ScaffoldError(
            say("_new", "title-too-long", length=len(title), max=max_title), say("_new", "title-too-long-hint")
        )
    new_id = entry_id if entry_id is not None else spec.slugify(title)
    if not spec.is_id(new_id):
        raise ScaffoldError(say("_new", "bad-id", id=new_id), say("_new", "bad-id-hint", example=spec.slugify(new_id)))

    files = load_directory(laws) if laws.is_dir() else []
    taken: dict[str, Path] = {}
    kinds: dict[str, str] = {}
    for loaded in files:
        stem = loaded.path.name.rsplit(".", 1)[0]
        taken.setdefault(stem, loaded.path)
        if isinstance(loaded.data, dict) and isinstance(loaded.data.get("id"), str):
            taken.setdefault(loaded.data["id"], loaded.path)
            kinds[loaded.data["id"]] = str(loaded.data.get("kind"))
    target = laws / kind.folder / f"{new_id}.yaml"
    if new_id in taken or target.exists() or target.with_suffix(".yml").exists():
        where = taken.get(new_id, target)
        raise ScaffoldError(say("_new", "id-taken", id=new_id, path=_shown(where, laws)), say("_new", "id-taken-hint"))

    sources = sorted(i for i, k in kinds.items() if k == "source")
    if "source" in kind.forbidden:
        if source is not None:
            raise ScaffoldError(
                say("_new", "no-source-for-kind", kind=kind.name),
                say("_new", "no-source-for-kind-hint", kind=kind.name),
            )
    elif not kind.source_required:
        if source is not None and kinds.get(source) != "source":
            raise _not_a_source(source, kinds, sources)
    elif source is None:
        if len(sources) == 1:
            source = sources[0]
        elif not sources:
            raise ScaffoldError(say("_new", "no-source-yet"), say("_new", "no-source-yet-hint"))
        else:
            raise ScaffoldError(say("_new", "which-source"), say("_new", "which-source-hint", ids=", ".join(sources)))
    elif kinds.get(source) != "source":
        raise _not_a_source(source, kinds, sources)

    text = new_entry_text(kind, new_id, title, source, schema_ref_from(target.parent), override_dirs, today, kinds)
    _check_before_writing(files, target, text, laws)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrite
            handle.write(text)
    except FileExistsError as exc:  # created in the meantime
        raise ScaffoldError(
            say("_new", "already-exists", path=_shown(target, laws)), say("_new", "nothing-written")
        ) from exc
    return NewEntry(target, new_id, kind, text)


def _check_before_writing(files: list, target: Path, text: str, laws: Path) -> None:
    shown = _shown(target, laws)
    new = load_bytes(text.encode("utf-8"), target, shown)
    problems = [
        p
        for p in validate_files([*files, new])
        if p.path == shown and p.severity is Severity.ERROR and p.code != "placeholder"
    ]
    if problems:  # a broken template override, or a bug: never write an invalid file
        details = "; ".join(say("_new", "line-detail", line=p.line, message=p.message) for p in problems)
        raise ScaffoldError(say("_new", "would-not-be-valid", details=details), say("_new", "would-not-be-valid-hint"))


def _not_a_source(source: str, kinds: Mapping[str, str], sources: list[str]) -> ScaffoldError:
    """``--source`` names an entry that is not a source, or nothing."""
    message = say("_new", "not-a-source" if source in kinds else "unknown-source", id=source)
    return ScaffoldError(message, say("_new", "sources", ids=", ".join(sources) or say("_new", "none-yet")))


def _shown(path: Path, laws: Path) -> str:
    try:
        return (Path(laws.name) / path.relative_to(laws)).as_posix()
    except ValueError:
        return path.as_posix()
