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
from typing import Any

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


def checklist_rows(playbook: Playbook) -> list[tuple[str, str, str, str, str]]:
    """One row per checklist item, in the site's order (by kind, collection, rank, id)."""
    return [
        (entry.collection or "", entry.id, plain_text(entry.title), plain_text(text), spec.AUDIENCES.get(who, ""))
        for entry in playbook.entries.values()
        for text, who in entry.checklist_items()
    ]


def checklist_csv(playbook: Playbook) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(tuple(guard_formula(value) for value in row) for row in checklist_rows(playbook))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class _Encoded(str):
    """A list item of :func:`_json_bytes` already encoded as JSON."""


#: Entry id → its encoded record and relations (see :func:`playbook_json`).
LineCache = dict[str, tuple[str, list[str]]]


def playbook_json(playbook: Playbook, edition: Edition, cache: LineCache | None = None) -> bytes:
    """Every entry as written, and every relation. ``cache`` holds the encoded lines of entries
    (they depend on the entry's own file only): lines found there are used as they are, the
    others are added to it, so after an edit only the edited entries are encoded again."""
    cache = {} if cache is None else cache
    records: list[str] = []
    relations: list[str] = []
    for entry in playbook.entries.values():
        lines = cache.get(entry.id)
        if lines is None:
            lines = cache[entry.id] = (
                _Encoded(_ENCODER.encode(entry_record(entry))),
                [
                    _Encoded(
                        _ENCODER.encode(
                            {
                                "source": entry.id,
                                "relation": relation.name,
                                "target": target,
                                **({"why": why} if (why := entry.why(relation.name, target)) else {}),
                            }
                        )
                    )
                    for relation in spec.RELATIONS
                    for target in entry.relations.get(relation.name, [])
                ],
            )
        records.append(lines[0])
        relations.extend(lines[1])
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


def _json_bytes(document: dict[str, Any]) -> bytes:
    """``document`` as JSON, one line per top-level field and per item of a top-level list: easy
    to read and to diff, and written by the C encoder (``indent`` would use the Python one,
    about 10 times slower on a playbook of thousands of entries)."""

    dumps = _ENCODER.encode
    fields = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            text = (
                "[\n"
                + ",\n".join("    " + (item if isinstance(item, _Encoded) else dumps(item)) for item in value)
                + "\n  ]"
            )
        else:
            text = dumps(value)
        fields.append(f"  {dumps(key)}: {text}")
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode("utf-8")


def build_exports(
    playbook: Playbook, edition: Edition, printables: Iterable[Printable], cache: LineCache | None = None
) -> list[ExportFile]:
    """Every file of ``exports/`` (``cache``: see :func:`playbook_json`)."""
    return [
        ExportFile(CSV_URI, checklist_csv(playbook)),
        ExportFile(JSON_URI, playbook_json(playbook, edition, cache)),
        ExportFile(SCHEMA_URI, schema_text().encode("utf-8")),
        ExportFile(MANIFEST_URI, printables_manifest(printables)),
    ]
