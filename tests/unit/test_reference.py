"""The "Format des entrées" page is generated from the schema and says what the validator does."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from playbook.core import spec
from playbook.core.loader import LoadedFile
from playbook.core.pages import render_all
from playbook.core.pages.format_reference import render_format_reference
from playbook.core.reference import FORBIDDEN, OPTIONAL, REQUIRED, format_reference
from playbook.core.render.renderer import Renderer
from playbook.core.schema import load_schema
from playbook.core.schema_messages import schema_problems

REFERENCE = format_reference()
PAGE = render_format_reference(Renderer())


def minimal(kind: spec.Kind) -> dict:
    """The smallest valid entry of ``kind``: the common fields, then each field it requires, from
    :data:`SAMPLE` or, for a field added since, from its ``example`` in spec.py."""
    data: dict = {"id": "x", "kind": kind.name, "title": "T", "summary": "S", "body": "B"}
    if kind.checklist_required:
        data["checklist"] = ["Agir"]
    if kind.source_required:
        data["source"] = "s"
    for name in kind.required:
        data[name] = copy.deepcopy(SAMPLE[name] if name in SAMPLE else spec.FIELDS_BY_NAME[name].example)
    return data


SAMPLE = {
    "checklist": ["Agir"],
    "tags": ["mot"],
    "aliases": ["autre"],
    "quotes": [{"text": "T", "author": "A"}],
    "collection": "c",
    "order": 1,
    "relations": {"see_also": ["y"]},
    "source": "s",
    "source_note": "N",
    "citation": {"author": "A", "publication": "P"},
    "audience": "managers",
    "group_size": {"min": 2, "max": 8},
    "duration": 60,
    "objectives": ["Savoir"],
    "prerequisites": ["Avoir lu"],
    "blocks": [{"minutes": 60, "activity": "apport", "title": "Bloc", "trainer": "Présente", "entries": ["y"]}],
    "role": "Manager",
    "steps": [{"entry": "y", "goal": "Comprendre"}],
    "roles": [{"name": "Client", "brief": "Attend"}, {"name": "Conseiller", "brief": "Aide"}],
    "observation": [{"look_for": "Écoute", "entry": "y"}, {"look_for": "Propose", "entry": "y"}],
    "debrief": ["Quoi ?", "Pourquoi ?"],
    "about": "y",
    "open_questions": ["Quoi ?", "Pourquoi ?"],
    "objections": ["Mais"],
    "unsaid": ["Rien"],
    "questions": [
        {"question": "Q", "choices": ["A", "B"], "answer": 1, "explanation": "E", "entries": ["y"]},
    ]
    * 3,
    "english": "term",
}


def errors(data: dict) -> list[str]:
    from pathlib import Path

    loaded = LoadedFile(Path("x.yaml"), "x.yaml", data, text="")
    return [p.message for p in schema_problems(loaded)]


@pytest.mark.parametrize("kind", spec.KINDS, ids=lambda k: k.name)
def test_the_rules_per_kind_are_what_the_validator_enforces(kind: spec.Kind) -> None:
    """Each 'obligatoire / facultatif / interdit' cell is checked against the real validator."""
    assert errors(minimal(kind)) == []
    for field in REFERENCE.fields:
        rule = field.rules[kind.name]
        data = minimal(kind)
        if rule == REQUIRED:
            data.pop(field.name, None)
            assert errors(data), f"{field.name} is said required for {kind.name}, but may be left out"
        elif field.name in SAMPLE:
            data[field.name] = copy.deepcopy(SAMPLE[field.name])
            if field.name == "relations":
                own = [r.name for r in spec.RELATIONS if kind.name in r.sources] or ["see_also"]
                data["relations"] = {own[0]: ["y"]}
            if field.name == "collection":
                data["order"] = 1
            if field.name == "order":
                data["collection"] = "c"
            found = errors(data)
            if rule == FORBIDDEN:
                assert found, f"{field.name} is said forbidden for {kind.name}, but is accepted"
            else:
                assert rule == OPTIONAL and found == [], (kind.name, field.name, found)


def test_every_schema_field_kind_and_relation_is_on_the_page() -> None:
    text = PAGE.markdown
    for name in load_schema()["properties"]:
        assert f"### `{name}`" in text, name
    for kind in spec.KINDS:
        assert f"| `{kind.name}` | {kind.label} | `{kind.folder}/` |" in text
    for relation in spec.RELATIONS:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{relation.name}` |"))
        assert all(f"`{k}`" in row for k in relation.sources + relation.targets), row
    for name in [*list(spec.CITATION_FIELDS), "text", "author", "context"]:
        assert f"| `{name}` |" in text


def test_the_page_follows_the_schema_not_a_copy_of_it() -> None:
    """Change the schema (a field becomes longer, a kind requires tags): the page says so."""
    schema = copy.deepcopy(load_schema())
    schema["properties"]["title"]["maxLength"] = 99
    schema["allOf"][0]["then"]["required"].append("tags")
    changed = format_reference(schema)
    title = next(f for f in changed.fields if f.name == "title")
    assert title.type == "texte sur une ligne (99 caractères au plus)"
    tags = next(f for f in changed.fields if f.name == "tags")
    assert tags.rules[spec.KINDS[0].name] == REQUIRED
    assert next(f for f in REFERENCE.fields if f.name == "tags").rules[spec.KINDS[0].name] == OPTIONAL


def test_each_example_is_a_file_that_new_would_write() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", PAGE.markdown.split("\n## Exemples\n")[1], re.S)
    assert len(blocks) == len(spec.KINDS)
    for kind, block in zip(spec.KINDS, blocks, strict=True):
        assert f"kind: {kind.name}\n" in block
        assert block.startswith("# yaml-language-server: $schema=../../plugins/playbook/schema/entry.schema.json\n")


def test_the_page_is_part_of_every_build_and_in_the_nav(repo) -> None:
    from conftest import MINI_LAWS
    from playbook.core.pipeline import check

    result = check(MINI_LAWS)
    assert result.playbook is not None
    uris = [p.src_uri for p in render_all(Renderer(), result.playbook)]
    assert "reference/format.md" in uris
    assert "reference/format.md" in (repo / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_page_documents_the_thesaurus_with_a_valid_example() -> None:
    from playbook.core import thesaurus

    section = PAGE.markdown.split("## Le thésaurus de la recherche")[1].split("\n## ")[0]
    for name in ("equivalents", "expansions", "distinct", "from", "to", "thesaurus.yaml"):
        assert f"`{name}`" in section, name
    assert "`plugins/playbook/schema/thesaurus.schema.json`" in section
    example = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert example == [thesaurus.reference_example()]
    assert thesaurus.parse(example[0].encode(), Path("thesaurus.yaml"), "thesaurus.yaml")[1] == []
