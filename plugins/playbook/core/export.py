"""Exports published with the site (``exports/``), made from the same linked playbook as the pages.

- ``listes-de-controle.csv``: one row per checklist item of the content, columns ``collection``
  (the collection's id, empty for an entry outside any collection), ``identifiant``, ``titre``,
  ``action`` and ``public`` (who the item is for, as the sheets label it; empty when the entry
  does not say); titles and items as the pages show them (French typography). Semicolon-separated,
  UTF-8 with a byte-order mark, CRLF line ends: what spreadsheets set up for French open without
  an import dialog. A cell that a spreadsheet would take for a formula gets a leading ``'``, the
  usual guard against formula injection: one starting with ``= + - @``, tab or carriage return,
  also after leading spaces, or with their full-width forms (``＝ ＋ － ＠``, which spreadsheets
  read as the same signs).
- ``playbook.json``: every entry as written in its YAML file (each one valid against the entry
  schema), the typed relations as a list of edges, the relation types and the edition.
- ``entry.schema.json``: that schema, so tools can validate the entries of ``playbook.json``.
- ``imprimables.json``: the printable pages, their PDFs and fingerprints (read by ``make pdf``).

All of them are deterministic: same content and edition, same bytes.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from . import spec
from .edition import Edition
from .model import Entry, Playbook
from .render.escape import plain_text
from .render.pdf_downloads import Printable
from .render.urls import CSV_COLUMNS, CSV_URI, JSON_URI, MANIFEST_URI, PDF_FOLDER, SCHEMA_URI
from .schema import schema_text

CSV_HEADER = CSV_COLUMNS
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: What a spreadsheet skips before it looks for a formula sign.
_LEADING_BLANKS = " \u00a0\u3000\n"


@dataclass(frozen=True)
class ExportFile:
    """A generated file of the site that is not a page."""

    uri: str
    content: bytes


#: Fields the export leaves out: the upkeep of the entry (owner, review dates, change notes,
#: former ids) is about the repository, not the content.
EXPORTED_FIELDS = tuple(f.name for f in spec.FIELDS if f.name not in spec.UPKEEP_FIELDS)


def entry_record(entry: Entry) -> dict[str, Any]:
    """The entry as its YAML file gives it: fields in the format's order (:data:`spec.FIELDS`),
    empty ones left out; relations in the order of :data:`spec.RELATIONS`, a citation's fields in
    the order of :class:`~playbook.core.model.Citation`."""
    record: dict[str, Any] = {}
    for name in EXPORTED_FIELDS:
        value = entry.data.get(name)
        if name == "relations" and value:
            value = {
                r.name: [_target(entry, r.name, t) for t in entry.relations[r.name]]
                for r in spec.RELATIONS
                if entry.relations.get(r.name)
            }
        elif name == "citation":
            value = _citation(entry)
        if value not in (None, "", [], {}):
            record[name] = value
    return record


def _target(entry: Entry, relation: str, target: str) -> str | dict[str, str]:
    """A relation item as written: the id, or ``{id, why}`` when the entry gives a reason."""
    why = entry.why(relation, target)
    return {"id": target, "why": why} if why else target


def _citation(entry: Entry) -> dict[str, Any]:
    if entry.citation is None:
        return {}
    return {k: v for k, v in dataclasses.asdict(entry.citation).items() if v is not None}


def guard_formula(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would take it for a formula. The browser's
    self-assessment export applies the same rule (``guardFormula`` in ``assets/diagnostic.js``); both
    are tested on ``tests/vectors/csv-formula-guard.json``."""
    return "'" + text if text.lstrip(_LEADING_BLANKS).startswith(_FORMULA_START) else text


def checklist_rows(entry: Entry) -> list[tuple[str, str, str, str, str]]:
    """The rows of ``entry``'s checklist items (the file has them in the site's order: by kind,
    collection, rank, id)."""
    return [
        (entry.collection or "", entry.id, plain_text(entry.title), plain_text(text), spec.AUDIENCES.get(who, ""))
        for text, who in entry.checklist_items()
    ]


def _csv_lines(rows: Iterable[Iterable[str]]) -> bytes:
    """``rows`` as lines of the CSV file (a row's text does not depend on the other rows)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(tuple(guard_formula(value) for value in row) for row in rows)
    return out.getvalue().encode("utf-8")


def checklist_csv(playbook: Playbook, cache: LineCache | None = None) -> bytes:
    """One row per checklist item (``cache``: see :func:`playbook_json`)."""
    found = (
        (_entry_lines(entry, cache).checklist for entry in playbook.entries.values())
        if cache is not None
        else (_csv_lines(checklist_rows(entry)) for entry in playbook.entries.values())
    )
    return b"".join(["\ufeff".encode(), _csv_lines([CSV_HEADER]), *found])


class _Encoded(bytes):
    """A list item of :func:`_json_bytes` already encoded: its line, indented, in UTF-8."""


class EntryLines(NamedTuple):
    """An entry's part of the exports, encoded: they depend on the entry's own file only."""

    record: _Encoded  #: its line of ``entries`` in ``playbook.json``
    relations: list[_Encoded]  #: its lines of ``relations`` there
    checklist: bytes  #: its rows of the checklists' CSV file


#: Entry id → its encoded lines (see :func:`playbook_json`).
LineCache = dict[str, EntryLines]


def _entry_lines(entry: Entry, cache: LineCache) -> EntryLines:
    lines = cache.get(entry.id)
    if lines is None:
        relations = [
            {
                "source": entry.id,
                "relation": relation.name,
                "target": target,
                **({"why": why} if (why := entry.why(relation.name, target)) else {}),
            }
            for relation in spec.RELATIONS
            for target in entry.relations.get(relation.name, [])
        ]
        lines = cache[entry.id] = EntryLines(
            _encoded(entry_record(entry)),
            [_encoded(relation) for relation in relations],
            _csv_lines(checklist_rows(entry)),
        )
    return lines


def playbook_json(playbook: Playbook, edition: Edition, cache: LineCache | None = None) -> bytes:
    """Every entry as written, and every relation. ``cache`` holds the encoded lines of entries
    (they depend on the entry's own file only): lines found there are used as they are, the
    others are added to it, so after an edit only the edited entries are encoded again, and the
    file is put together from bytes (5.6 MB for 1,000 synthetic entries)."""
    cache = {} if cache is None else cache
    records: list[_Encoded] = []
    relations: list[_Encoded] = []
    for entry in playbook.entries.values():
        lines = _entry_lines(entry, cache)
        records.append(lines.record)
        relations.extend(lines.relations)
    document = {
        "format": "playbook-relation-client",
        "schema": posixpath.basename(SCHEMA_URI),
        "schema_version": spec.SCHEMA_VERSION,
        "edition": {"version": edition.version, "date": edition.iso_date},
        "relation_types": {
            r.name: {"label": r.label, "inverse": r.inverse, "symmetric": r.symmetric, "description": r.description}
            for r in spec.RELATIONS
        },
        "entries": records,
        "relations": relations,
    }
    return _json_bytes(document)


def printables_manifest(printables: Iterable[Printable]) -> bytes:
    """What ``make pdf`` prints: every printable page, its print mode, PDF and fingerprint."""
    return _json_bytes({"pdf_folder": PDF_FOLDER, "documents": [p.record() for p in printables]})


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _encoded(item: object) -> _Encoded:
    return _Encoded(("    " + _ENCODER.encode(item)).encode("utf-8"))


def _json_bytes(document: dict[str, Any]) -> bytes:
    """``document`` as JSON, one line per top-level field and per item of a top-level list: easy
    to read and to diff, and written by the C encoder (``indent`` would use the Python one,
    about 10 times slower on a playbook of thousands of entries)."""

    dumps = _ENCODER.encode
    parts = [b"{\n"]  # put together once (the items of playbook.json are megabytes)
    for number, (key, value) in enumerate(document.items()):
        if number:
            parts.append(b",\n")
        parts.append(f"  {dumps(key)}: ".encode())
        if isinstance(value, list) and value:
            for at, item in enumerate(value):
                parts += (b",\n" if at else b"[\n", item if isinstance(item, _Encoded) else _encoded(item))
            parts.append(b"\n  ]")
        else:
            parts.append(dumps(value).encode("utf-8"))
    parts.append(b"\n}\n")
    return b"".join(parts)


def build_exports(
    playbook: Playbook, edition: Edition, printables: Iterable[Printable], cache: LineCache | None = None
) -> list[ExportFile]:
    """Every file of ``exports/`` (``cache``: see :func:`playbook_json`)."""
    return [
        ExportFile(CSV_URI, checklist_csv(playbook, cache)),
        ExportFile(JSON_URI, playbook_json(playbook, edition, cache)),
        ExportFile(SCHEMA_URI, schema_text().encode("utf-8")),
        ExportFile(MANIFEST_URI, printables_manifest(printables)),
    ]
