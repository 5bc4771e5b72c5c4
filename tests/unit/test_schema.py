"""The published JSON Schema is generated from core/spec.py and must not drift from it."""

from __future__ import annotations

import json

from jsonschema import Draft7Validator

from conftest import REPO
from playbook.core import spec
from playbook.core.schema import load_schema, schema_text

SCHEMA_PATH = REPO / "plugins" / "playbook" / "schema" / "entry.schema.json"


def test_schema_file_is_in_sync_with_the_spec() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "plugins/playbook/schema/entry.schema.json is stale: run `make schema`"
    )


def test_schema_is_a_valid_draft7_schema() -> None:
    Draft7Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_schema_lists_every_kind_and_relation() -> None:
    schema = load_schema()
    assert schema["properties"]["kind"]["enum"] == [k.name for k in spec.KINDS]
    assert set(schema["definitions"]["relations"]["properties"]) == {r.name for r in spec.RELATIONS}


def test_relation_rules_reference_existing_kinds() -> None:
    names = {k.name for k in spec.KINDS}
    for relation in spec.RELATIONS:
        assert set(relation.sources) <= names and set(relation.targets) <= names, relation.name
    assert len({k.folder for k in spec.KINDS}) == len(spec.KINDS), "two kinds share a folder"
