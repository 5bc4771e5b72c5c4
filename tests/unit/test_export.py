"""Exports: the CSV of checklist items and the JSON of entries and relations."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from conftest import MINI_LAWS
from corpus import write_collection
from playbook.core import check, spec
from playbook.core.edition import Edition
from playbook.core.export import CSV_HEADER, build_exports, checklist_csv, entry_record, playbook_json
from playbook.core.loader import load_file
from playbook.core.render import session_layout
from playbook.core.render.escape import plain_text
from playbook.core.render.renderer import Renderer
from playbook.core.render.session_layout import session_index
from playbook.core.render.templates import RenderError
from playbook.core.render.urls import SESSION_INDEX_URI, SESSION_SCRIPT_URI, PageSpec, SiteInfo
from playbook.core.schema import load_schema


def _playbook(laws: Path):
    result = check(laws)
    assert result.ok, [p.format() for p in result.problems]
    return result.playbook


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode()), "a BOM tells spreadsheets the file is UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_has_one_row_per_checklist_item(tmp_path: Path) -> None:
    laws = tmp_path / "laws"
    expected = write_collection(laws, "synthese", [3, 1, 4], item_length=90)
    playbook = _playbook(laws)
    rows = read_csv(checklist_csv(playbook))
    assert tuple(rows[0]) == CSV_HEADER
    assert [r[3] for r in rows[1:]] == expected
    assert rows[1][:3] == ["synthese", "synthese-loi-1", playbook.entries["synthese-loi-1"].title]
    assert [r[1] for r in rows[1:]] == ["synthese-loi-1"] * 3 + ["synthese-loi-2"] + ["synthese-loi-3"] * 4


def test_csv_quotes_separators_and_guards_formulas(tmp_path: Path) -> None:
    laws = tmp_path / "laws"
    shutil_copy(MINI_LAWS, laws)
    law = laws / "lois" / "loi-temkin-4.yaml"
    text = law.read_text(encoding="utf-8").replace(
        "  - Former les équipes au contact client",
        '  - "=HYPERLINK(\\"http://x\\"; \\"a\\")"\n  - "Un; deux \\"trois\\""',
    )
    law.write_text(text, encoding="utf-8")
    rows = read_csv(checklist_csv(_playbook(laws)))
    items = [r[3] for r in rows[1:]]
    assert items == ['\'=HYPERLINK("http://x"; "a")', 'Un; deux "trois"', "Donner des outils qui facilitent le travail"]
    assert all(len(r) == 5 for r in rows)


#: Shared with the browser's export (tests/browser/test_trainer_tools.py): both guard the same cells.
#: The cells of the shared vectors that get the guard (tests/vectors/csv-formula-guard.json; the
#: rule itself is tested on all of them by tests/unit/test_csv_guard_vectors.py), here through the
#: whole export.
FORMULA_CELLS = [
    c["cell"]
    for c in json.loads((Path(__file__).parents[1] / "vectors" / "csv-formula-guard.json").read_text("utf-8"))["cases"]
    if c["guarded"] != c["cell"] and not {"\n", "\r"} & set(c["cell"])  # an item or a name is one line
]


@pytest.mark.parametrize("item", FORMULA_CELLS)
def test_csv_guards_formulas_behind_spaces_and_in_full_width(item: str, tmp_path: Path) -> None:
    laws = tmp_path / "laws"
    shutil_copy(MINI_LAWS, laws)
    law = laws / "lois" / "loi-temkin-4.yaml"
    quoted = json.dumps(item, ensure_ascii=True)  # a JSON string is a YAML double-quoted scalar
    text = law.read_text(encoding="utf-8").replace("  - Former les équipes au contact client", f"  - {quoted}")
    law.write_text(text, encoding="utf-8")
    items = [r[3] for r in read_csv(checklist_csv(_playbook(laws)))[1:]]
    assert items[0] == "'" + plain_text(item)  # the text as the sheets show it (outer spaces folded), guarded


def _with_audiences(tmp_path: Path) -> Path:
    """The mini corpus, one law's first item typed plainly and said to be for managers."""
    laws = tmp_path / "laws"
    shutil_copy(MINI_LAWS, laws)
    law = laws / "lois" / "loi-temkin-4.yaml"
    text = law.read_text(encoding="utf-8").replace(
        "  - Former les équipes au contact client",
        '  - text: "Former l\'équipe : vite"\n    audience: managers',
    )
    law.write_text(text, encoding="utf-8")
    return laws


def test_csv_says_who_each_action_is_for_and_prints_text_as_the_sheets_do(tmp_path: Path) -> None:
    rows = read_csv(checklist_csv(_playbook(_with_audiences(tmp_path))))
    assert rows[0] == ["collection", "identifiant", "titre", "action", "public"]
    assert rows[1] == [
        "lois-temkin",
        "loi-temkin-4",
        "Des employés non impliqués ne font pas des clients impliqués",
        "Former l’équipe : vite",
        "Managers",
    ]
    assert rows[2][3:] == ["Donner des outils qui facilitent le travail", ""], "no audience said: empty"


def test_session_records_are_typeset_and_carry_each_item_s_audience(tmp_path: Path) -> None:
    """« Ma séance » prints what exports/seance.json holds: the same text and labels as the sheets."""
    files = session_index(_playbook(_with_audiences(tmp_path)), Renderer(pages=PageSpec(), site=SiteInfo()))
    document = json.loads(files[SESSION_INDEX_URI])
    assert document["audiences"] == spec.AUDIENCES
    record = next(r for r in document["entries"] if r["id"] == "loi-temkin-4")
    assert record["summary"] == "S’occuper d’abord des employés : ce sont eux qui servent les clients."
    assert record["checklist"] == [
        {"text": "Former l’équipe : vite", "audience": "managers"},
        {"text": "Donner des outils qui facilitent le travail", "audience": ""},
    ]
    script = _script(files)
    # the page's script: the same records, each with its sheet blocks, which the JSON export leaves
    # out; the checklist's text is in the blocks alone (not twice in the file the page loads)
    assert all("sheet" not in r for r in document["entries"])
    assert all("group" in r["sheet"] for r in script["entries"])
    scripted = next(r for r in script["entries"] if r["id"] == "loi-temkin-4")
    assert scripted["checklist"] == [{"audience": "managers"}, {"audience": ""}]
    assert "Former l’équipe" in scripted["sheet"]["group"] and "Donner des outils" in scripted["sheet"]["group"]
    # and the markup the page fills (test_the_builder_fills_the_fragments_a_theme_may_override)
    assert set(script.pop("templates")) == {"plan", "about"} and "templates" not in document
    with_text = {r["id"]: r["checklist"] for r in document["entries"]}
    assert {
        **script,
        "entries": [
            {k: v for k, v in r.items() if k != "sheet"} | {"checklist": with_text[r["id"]]} for r in script["entries"]
        ],
    } == document
    for r in script["entries"]:
        assert r["checklist"] == [{"audience": item["audience"]} for item in with_text[r["id"]]]


def test_the_builder_fills_the_fragments_a_theme_may_override(tmp_path: Path) -> None:
    """« Ma séance » fills the markup of the ready séances' timetable blocks and of the kits' « à propos
    de » (exports/seance.js "templates"): rendered by their fragments, so a theme's copy of a
    fragment changes « Ma séance » too (its words and punctuation have one home)."""
    playbook = _playbook(MINI_LAWS)
    templates = _script(session_index(playbook, Renderer(pages=PageSpec(), site=SiteInfo())))["templates"]
    assert list(templates["plan"]) == list(spec.ACTIVITIES)
    for activity, label in spec.ACTIVITIES.items():
        block = templates["plan"][activity]
        assert f'class="pb-plan__block pb-plan__block--{activity}"' in block
        assert f'<span class="pb-plan__activity">{label}</span>' in block, "the activity's label, from the fragment"
        assert "15&nbsp;min" in block and '<strong class="pb-plan__title"><a href="">' in block
    assert templates["about"] == (
        ' <span class="pb-kit__about">(à propos de&nbsp;: <span class="pb-kit__about-entry"></span>\u202f; '
        '<span class="pb-kit__about-entry"></span>)</span>'
    )
    theme = tmp_path / "theme" / "playbook" / "fragments"
    theme.mkdir(parents=True)
    (theme / "kit-about.html.j2").write_text(
        '{{ " " }}<span class="pb-kit__about">[au sujet de {% for e in about %}'
        '<span class="pb-kit__about-entry">{{ e.title }}</span>{% if not loop.last %} / {% endif %}'
        "{% endfor %}]</span>",
        encoding="utf-8",
    )
    (theme / "plan-block.html.j2").write_text(
        '<li class="pb-plan__block" data-pb-minutes="{{ block.minutes }}"><span class="pb-plan__minutes">'
        "{{ block.minutes }} minutes</span> {{ block.activity_label | upper }}</li>\n",
        encoding="utf-8",
    )
    renderer = Renderer(override_dirs=[tmp_path / "theme"], pages=PageSpec(), site=SiteInfo())
    templates = _script(session_index(playbook, renderer))["templates"]
    assert templates["about"] == (
        ' <span class="pb-kit__about">[au sujet de <span class="pb-kit__about-entry"></span> / '
        '<span class="pb-kit__about-entry"></span>]</span>'
    )
    assert templates["plan"]["jeu-de-role"] == (
        '<li class="pb-plan__block" data-pb-minutes="15">'
        '<span class="pb-plan__minutes">15 minutes</span> JEU DE RÔLE</li>'
    )
    # a copy that leaves out what the page repeats: a located error, not a page that breaks
    (theme / "kit-about.html.j2").write_text("{{ ' ' }}<span>(à propos)</span>", encoding="utf-8")
    with pytest.raises(RenderError, match=r"theme/playbook/fragments/kit-about\.html\.j2: « Ma séance » repeats"):
        session_index(playbook, Renderer(override_dirs=[tmp_path / "theme"], pages=PageSpec(), site=SiteInfo()))
    (theme / "kit-about.html.j2").unlink()
    # a timetable block that is not the li.pb-plan__block « Ma séance » clones and plan.js times
    for copy, shown in [
        ('<div class="pb-plan__block">{{ block.minutes }} min</div>', "not <div class='pb-plan__block'>"),
        ("{{ block.minutes }} min <li class='pb-plan__block'></li>", "not text and no element"),
        ('<li class="pb-plan">{{ block.minutes }} min</li>', "not <li class='pb-plan'>"),
    ]:
        (theme / "plan-block.html.j2").write_text(copy, encoding="utf-8")
        with pytest.raises(RenderError) as error:
            session_index(playbook, Renderer(override_dirs=[tmp_path / "theme"], pages=PageSpec(), site=SiteInfo()))
        assert str(error.value).startswith(str(theme / "plan-block.html.j2") + ": « Ma séance » clones the block")
        assert "rendered for « apport »" in str(error.value) and str(error.value).endswith(shown)


def _script(files: dict[str, bytes]) -> Any:
    """What ``exports/seance.js`` gives the page."""
    text = files[SESSION_SCRIPT_URI].decode("ascii")
    assert text.startswith("window.playbookSessionIndex = ") and text.endswith(";\n")
    return json.loads(text[len("window.playbookSessionIndex = ") : -2])


def shutil_copy(src: Path, dst: Path) -> None:
    import shutil

    shutil.copytree(src, dst)


def test_json_holds_every_entry_as_written_and_valid_against_the_schema() -> None:
    playbook = _playbook(MINI_LAWS)
    document = json.loads(playbook_json(playbook, Edition("1.2", None)))
    validator = Draft7Validator(load_schema())
    assert sorted(e["id"] for e in document["entries"]) == sorted(playbook.entries)
    for record in document["entries"]:
        assert not list(validator.iter_errors(record)), record["id"]
    # the record is exactly what the YAML file holds
    for path in MINI_LAWS.rglob("*.yaml"):
        data = load_file(path, path.name).data
        assert entry_record(playbook.entries[data["id"]]) == data, path.name
    assert {"source": "coolblue", "relation": "illustrates", "target": "loi-temkin-4"} in document["relations"]
    assert document["relation_types"]["see_also"]["symmetric"] is True
    assert document["edition"] == {"version": "1.2", "date": None}


def test_exports_are_deterministic_and_include_the_schema() -> None:
    playbook = _playbook(MINI_LAWS)
    one = build_exports(playbook, Edition("1", None), [])
    two = build_exports(_playbook(MINI_LAWS), Edition("1", None), [])
    assert [(f.uri, f.content) for f in one] == [(f.uri, f.content) for f in two]
    files = {f.uri: f.content for f in one}
    published = Path(__file__).resolve().parents[2] / "plugins" / "playbook" / "schema" / "entry.schema.json"
    assert files["exports/entry.schema.json"] == published.read_bytes()
    assert json.loads(files["exports/imprimables.json"]) == {"pdf_folder": "pdf", "documents": []}


def test_json_has_one_line_per_entry_and_per_relation() -> None:
    """Readable and diff-friendly: editing one entry changes one line of the export."""
    playbook = _playbook(MINI_LAWS)
    text = playbook_json(playbook, Edition("1.2", None)).decode("utf-8")
    lines = text.splitlines()
    entry_lines = [line for line in lines if line.startswith('    {"id": ')]
    assert len(entry_lines) == len(playbook.entries)
    for line in entry_lines:
        assert json.loads(line.rstrip(","))["id"] in playbook.entries
    relations = [line for line in lines if line.startswith('    {"source": ')]
    assert len(relations) == len(json.loads(text)["relations"]) > 0
    assert lines[0] == "{" and lines[-1] == "}" and text.endswith("}\n")


def test_json_from_cached_lines_is_the_json_written_afresh() -> None:
    playbook = _playbook(MINI_LAWS)
    cache: dict = {}
    first = playbook_json(playbook, Edition("1.2", None), cache)
    assert set(cache) == set(playbook.entries)
    assert (
        playbook_json(playbook, Edition("1.2", None), cache) == first == playbook_json(playbook, Edition("1.2", None))
    )


def test_csv_rows_from_the_cache_are_made_again_only_for_entries_not_in_it(monkeypatch) -> None:
    """Under `mkdocs serve`, the checklists' rows of an unchanged entry are taken from the export
    cache (the build drops an edited entry's lines from it): the file is the one written afresh."""
    from playbook.core import export

    playbook = _playbook(MINI_LAWS)
    cache: dict = {}
    afresh = checklist_csv(playbook)
    assert build_exports(playbook, Edition("1.2", None), [], cache)[0].content == afresh
    made: list[str] = []
    real = export.checklist_rows
    monkeypatch.setattr(export, "checklist_rows", lambda entry: made.append(entry.id) or real(entry))
    assert checklist_csv(playbook, cache) == afresh
    assert made == []
    del cache["loi-temkin-4"]
    assert checklist_csv(playbook, cache) == afresh
    assert made == ["loi-temkin-4"]


def test_session_blocks_are_rendered_again_only_for_the_entries_that_changed(tmp_path: Path) -> None:
    """A rebuild with the same renderer (``mkdocs serve``) reuses the blocks of unchanged entries."""
    renderer = Renderer(pages=PageSpec(), site=SiteInfo())
    laws = _with_audiences(tmp_path)
    first = _script(session_index(_playbook(laws), renderer))
    law = laws / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("Former l'équipe : vite", "Former l'équipe"), "utf-8")
    rendered: list[str] = []
    original = session_layout._sheet_blocks

    def counting(renderer: Renderer, links: Any, entry: Any) -> dict[str, str]:
        rendered.append(entry.id)
        return original(renderer, links, entry)

    session_layout._sheet_blocks = counting
    try:
        second = _script(session_index(_playbook(laws), renderer))
    finally:
        session_layout._sheet_blocks = original
    assert rendered == ["loi-temkin-4"]
    sheets = {r["id"]: r["sheet"] for r in first["entries"]}, {r["id"]: r["sheet"] for r in second["entries"]}
    changed = [i for i in sheets[0] if sheets[0][i] != sheets[1][i]]
    assert changed == ["loi-temkin-4"] and "Former l’équipe</span>" in sheets[1]["loi-temkin-4"]["group"]
    assert len(renderer.sheet_blocks) == len(second["entries"]), "the old block is not kept"


def test_a_full_render_draws_the_session_blocks_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full render (``forget_templates``: a template may have been edited) keeps no block of the
    renders before it, as it keeps no view block nor record."""
    renderer = Renderer(pages=PageSpec(), site=SiteInfo())
    playbook = _playbook(_with_audiences(tmp_path))
    session_index(playbook, renderer)
    rendered: list[str] = []
    original = session_layout._sheet_blocks
    original_templates = session_layout._builder_templates

    def counting(renderer: Renderer, links: Any, entry: Any) -> dict[str, str]:
        rendered.append(entry.id)
        return original(renderer, links, entry)

    def counting_templates(renderer: Renderer, links: Any) -> dict[str, Any]:
        rendered.append("templates")
        return original_templates(renderer, links)

    monkeypatch.setattr(session_layout, "_sheet_blocks", counting)
    monkeypatch.setattr(session_layout, "_builder_templates", counting_templates)
    session_index(playbook, renderer)
    assert rendered == []  # the same renderer, nothing changed: every block and template kept
    renderer.forget_templates()
    session_index(playbook, renderer)
    assert rendered.count("templates") == 1, "the page's templates drawn again, once"
    assert len(rendered) - 1 == len(renderer.sheet_blocks)


def test_session_records_are_encoded_again_only_for_the_entries_not_reused(tmp_path: Path) -> None:
    """Under ``mkdocs serve`` the entries of unchanged files are the same objects (``Session``): their
    records are taken encoded from the previous index; the files are what json.dumps gives."""
    from playbook.core.incremental import Session

    renderer = Renderer(pages=PageSpec(), site=SiteInfo())
    laws = _with_audiences(tmp_path)
    session = Session(laws)
    playbook = session.check()[0].playbook
    assert playbook is not None
    first = session_index(playbook, renderer)
    law = laws / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("Former l'équipe : vite", "Former l'équipe"), "utf-8")
    playbook = session.check()[0].playbook
    assert playbook is not None
    encoded: list[str] = []
    original = session_layout._json

    def counting(value: Any, *, ascii: bool) -> str:
        encoded.append(value.get("id", "document"))
        return original(value, ascii=ascii)

    session_layout._json = counting
    try:
        second = session_index(playbook, renderer)
    finally:
        session_layout._json = original
    assert sorted(set(encoded)) == ["document", "loi-temkin-4"]
    for files in (first, second):
        document = json.loads(files[SESSION_INDEX_URI])
        assert (
            files[SESSION_INDEX_URI]
            == (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        )
        script = json.dumps(_script(files), ensure_ascii=True, separators=(",", ":"))
        assert files[SESSION_SCRIPT_URI] == f"window.playbookSessionIndex = {script};\n".encode("ascii")
    assert json.loads(first[SESSION_INDEX_URI]) != json.loads(second[SESSION_INDEX_URI])
    assert second == session_index(playbook, Renderer(pages=PageSpec(), site=SiteInfo()))


def test_an_entry_s_markdown_is_encoded_again_only_when_its_text_is_another() -> None:
    """Under `mkdocs serve`, the entries' Markdown documents whose text is the very object of the
    last build (their page was not rendered again) keep their bytes: the same files as afresh."""
    from playbook.core.render.markdown_export import entry_markdown, markdown_files
    from playbook.core.render.urls import markdown_uri

    playbook = _playbook(MINI_LAWS)
    pages, site, edition = PageSpec(), SiteInfo(), Edition("1.2", None)
    made = {e.id: entry_markdown(playbook, e, pages, site) for e in playbook.entries.values()}
    encoded: dict = {}
    first = markdown_files(playbook, pages, site, edition, made, encoded)
    assert first == markdown_files(playbook, pages, site, edition, made)
    edited = dict(made, coolblue=made["coolblue"] + "\nUne ligne de plus.\n")
    second = markdown_files(playbook, pages, site, edition, edited, encoded)
    assert second == markdown_files(playbook, pages, site, edition, edited)
    for entry in playbook.entries.values():
        uri = markdown_uri(entry)
        assert (second[uri] is first[uri]) == (entry.id != "coolblue"), entry.id
    assert set(encoded) == set(playbook.entries)
