"""Sources as data, relations with a reason, checklist items with an audience: read, validated,
rendered, exported; the plain forms stay valid."""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from pathlib import Path

import pytest

from playbook.core import check
from playbook.core.edition import Edition
from playbook.core.export import entry_record, playbook_json
from playbook.core.messages import use_language
from playbook.core.pages import render_all
from playbook.core.render.renderer import Renderer
from playbook.core.source_report import format_source_report

NBSP, NNBSP = "\u00a0", "\u202f"


def _write(laws: Path, folder: str, entry_id: str, text: str) -> None:
    (laws / folder).mkdir(parents=True, exist_ok=True)
    (laws / folder / f"{entry_id}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture()
def laws(tmp_path: Path) -> Path:
    laws = tmp_path / "laws"
    _write(
        laws,
        "sources",
        "billet-anonyme",
        """\
        id: billet-anonyme
        kind: source
        title: Un billet sur la relation client
        summary: Un billet de blog dont le texte ne nomme ni l'auteur ni le blog.
        body: Le texte ne nomme pas son auteur.
        citation:
          title_kind: descriptive
          language: fr
        """,
    )
    _write(
        laws,
        "sources",
        "article-signe",
        """\
        id: article-signe
        kind: source
        title: L'article signé
        summary: Un article dont on connaît l'auteur.
        body: Un article.
        citation:
          author: Ada Martin
          publication: Revue du client
          year: 2020
        """,
    )
    _write(
        laws,
        "lois",
        "loi-a",
        """\
        id: loi-a
        kind: law
        title: La loi A
        summary: Une loi.
        body: L'entreprise paie 2 000 dollars, soit 0,8 % du total - pas plus.
        checklist:
          - Une action simple
          - text: Une action pour l'équipe en contact
            audience: front-line
          - text: Une action pour la direction
            audience: leadership
        source: billet-anonyme
        """,
    )
    _write(
        laws,
        "notions",
        "notion-b",
        """\
        id: notion-b
        kind: concept
        title: La notion B
        summary: Une notion.
        body: Elle suppose [[loi-a]].
        relations:
          relies_on:
            - id: loi-a
              why: la loi A explique d'où vient la notion
            - notion-c
          see_also: [notion-c]
        source: article-signe
        source_note: Un fait ajouté d'après une autre publication.
        """,
    )
    _write(
        laws,
        "notions",
        "notion-c",
        """\
        id: notion-c
        kind: concept
        title: La notion C
        summary: Une autre notion.
        body: Voir [[notion-b]].
        source: article-signe
        """,
    )
    return laws


def _playbook(laws: Path):
    result = check(laws)
    assert result.ok, [p.format() for p in result.problems]
    return result.playbook


def _pages(laws: Path) -> dict[str, str]:
    return {p.src_uri: p.markdown for p in render_all(Renderer(), _playbook(laws))}


def test_both_forms_are_read(laws: Path) -> None:
    playbook = _playbook(laws)
    law, concept = playbook.entries["loi-a"], playbook.entries["notion-b"]
    assert law.checklist == ["Une action simple", "Une action pour l'équipe en contact", "Une action pour la direction"]
    assert law.checklist_audience == ["", "front-line", "leadership"]
    assert concept.relations == {"relies_on": ["loi-a", "notion-c"], "see_also": ["notion-c"]}
    assert concept.why("relies_on", "loi-a") == "la loi A explique d'où vient la notion"
    assert concept.why("see_also", "notion-c") == ""
    anonymous = playbook.entries["billet-anonyme"].citation
    assert anonymous.author is None and anonymous.publication is None and anonymous.descriptive_title


def test_the_reason_is_shown_beside_the_link_on_both_pages(laws: Path) -> None:
    pages = _pages(laws)
    why = "*la loi A explique d’où vient la notion*"
    declaring, target = pages["notions/notion-b.md"], pages["lois/loi-a.md"]
    assert f"- [La loi A](../lois/loi-a.md) (loi){NBSP}: {why}" in declaring
    assert why in target.split("### Fondement de", 1)[1]
    # one link per line, whether it has a reason or not
    # (the Markdown embedded for « Copier en Markdown » is one escaped line, &#10; between its lines)
    shown = re.sub(r'<pre class="pb-copy-md__source".*?</pre>', "", declaring + target, flags=re.S)
    assert f"{why}\n- [La notion C]" in declaring and re.search(r"\S- \[", shown) is None
    # a link without a reason shows the target's summary, as before
    assert f"(notion){NBSP}: Une autre notion." in declaring


def test_sources_say_what_is_not_known_and_descriptive_titles_have_no_guillemets(laws: Path) -> None:
    pages = _pages(laws)
    law = pages["lois/loi-a.md"]
    assert "Auteur non indiqué, Un billet sur la relation client](" in law
    assert "«" not in law.split("## Source", 1)[1].split("\n\n")[1]
    signed = pages["notions/notion-b.md"].split("## Source", 1)[1]
    assert f"Ada Martin, «{NBSP}L’article signé{NBSP}», Revue du client (2020)" in signed
    reference = pages["sources/billet-anonyme.md"]
    assert f"**Auteur**{NBSP}: non indiqué" in reference and f"**Publication**{NBSP}: non indiquée" in reference
    assert "descriptif" in reference


def test_checklist_items_say_who_they_are_for(laws: Path) -> None:
    page = _pages(laws)["lois/loi-a.md"]
    assert "pb-checklist__item--for-front-line" in page and ">Contact client</span>" in page
    assert ">Direction</span>" in page
    items = page.count('class="pb-checklist__item')
    assert items == 3 and page.count('class="pb-audience ') == 2  # the plain item has no label


def test_the_renderer_sets_french_typography_but_not_in_ids_or_attributes(laws: Path) -> None:
    page = _pages(laws)["lois/loi-a.md"]
    assert f"L’entreprise paie 2{NNBSP}000 dollars, soit 0,8{NNBSP}% du total \u2013 pas plus." in page
    assert 'data-pb-key="loi-a:2"' in page and "Une action pour l’équipe en contact" in page
    assert re.search(r"[^\W\d_]'[^\W\d_]", page) is None  # no straight apostrophe left between letters


def test_exports_keep_the_text_and_both_forms_as_written(laws: Path) -> None:
    playbook = _playbook(laws)
    record = entry_record(playbook.entries["loi-a"])
    assert record["body"] == "L'entreprise paie 2 000 dollars, soit 0,8 % du total - pas plus."
    assert record["checklist"][0] == "Une action simple"
    assert record["checklist"][1] == {"text": "Une action pour l'équipe en contact", "audience": "front-line"}
    concept = entry_record(playbook.entries["notion-b"])
    assert concept["relations"]["relies_on"] == [
        {"id": "loi-a", "why": "la loi A explique d'où vient la notion"},
        "notion-c",
    ]
    assert concept["relations"]["see_also"] == ["notion-c"]
    assert "citation" in entry_record(playbook.entries["billet-anonyme"])
    edges = json.loads(playbook_json(playbook, Edition("1", datetime.date(2026, 11, 24))))["relations"]
    assert {
        "source": "notion-b",
        "relation": "relies_on",
        "target": "loi-a",
        "why": "la loi A explique d'où vient la notion",
    } in edges


def test_a_duplicate_or_malformed_relation_item_is_a_located_error(laws: Path) -> None:
    path = laws / "notions" / "notion-b.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "see_also: [notion-c]", "see_also: [notion-c, {id: notion-c, why: deux fois}]"
        ),
        encoding="utf-8",
    )
    messages = [p.format() for p in check(laws).problems]
    assert any(
        "« notion-c » figure deux fois dans « relations.see_also »" in m and "notion-b.yaml:" in m for m in messages
    ), messages
    path.write_text(
        path.read_text(encoding="utf-8").replace("{id: notion-c, why: deux fois}", "{id: notion-c, pourquoi: x}"),
        encoding="utf-8",
    )
    messages = [p.format() for p in check(laws).problems]
    assert any("pourquoi" in m and "notion-b.yaml:" in m for m in messages), messages
    path.write_text(
        path.read_text(encoding="utf-8").replace("[notion-c, {id: notion-c, pourquoi: x}]", "[12]"), encoding="utf-8"
    )
    messages = [p.format() for p in check(laws).problems]
    assert any("doit être du texte ou un bloc de champs" in m for m in messages), messages


def test_an_unknown_audience_is_a_located_error(laws: Path) -> None:
    path = laws / "lois" / "loi-a.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("audience: leadership", "audience: everyone"), encoding="utf-8"
    )
    messages = [p.format() for p in check(laws).problems]
    assert any(
        "loi-a.yaml:" in m and "« checklist[2].audience » doit être l'une de ces valeurs" in m and "leadership" in m
        for m in messages
    ), messages


def test_the_sources_report_lists_what_is_missing_and_every_note(laws: Path) -> None:
    report = format_source_report(_playbook(laws))
    assert "billet-anonyme (titre descriptif)" in report
    assert "  author : (non indiqué)\n  publication : (non indiqué)" in report
    assert "Un fait ajouté d'après une autre publication." in report
    assert "article-signe (titre original)" in report and "citée par 2 entrées" in report
    with use_language("en"):
        report = format_source_report(_playbook(laws))
    assert "billet-anonyme (descriptive title)" in report and "  author: (not given)\n" in report


def _add_second_source(laws: Path) -> None:
    """notion-c also draws on the anonymous post (``also_from``)."""
    path = laws / "notions" / "notion-c.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "also_from: [billet-anonyme]\n", encoding="utf-8")


def test_an_entry_may_name_more_than_one_source(laws: Path) -> None:
    _add_second_source(laws)
    playbook = _playbook(laws)
    notion = playbook.entries["notion-c"]
    assert notion.source == "article-signe" and notion.also_from == ["billet-anonyme"]
    assert notion.sources == ["article-signe", "billet-anonyme"]
    assert notion in playbook.cited_by["billet-anonyme"] and notion in playbook.cited_by["article-signe"]
    pages = _pages(laws)
    block = pages["notions/notion-c.md"].split("## Sources\n", 1)[1].split("\n## ", 1)[0]
    signed, anonymous = block.index("Ada Martin, «"), block.index("Auteur non indiqué, Un billet")
    assert signed < anonymous  # the main source first
    # the other source's page lists the entry among those drawn from it
    assert "[La notion C](../notions/notion-c.md)" in pages["sources/billet-anonyme.md"].split("## Entrées tirées")[1]
    # one source: the heading stays singular
    assert "## Source\n" in pages["notions/notion-b.md"] and "## Sources" not in pages["notions/notion-b.md"]
    assert entry_record(notion)["also_from"] == ["billet-anonyme"]
    assert "billet-anonyme (titre descriptif)" in format_source_report(playbook)
    assert "citée par 2 entrées" in format_source_report(playbook).split("billet-anonyme (titre descriptif)")[1]


def test_old_files_with_one_source_are_unchanged(laws: Path) -> None:
    notion = _playbook(laws).entries["notion-b"]
    assert notion.also_from == [] and notion.sources == ["article-signe"]
    assert "also_from" not in entry_record(notion)


def test_a_path_step_may_be_a_session(laws: Path) -> None:
    _write(
        laws,
        "seances",
        "seance-a",
        """\
        id: seance-a
        kind: session
        title: Une séance
        summary: Une séance prête à l'emploi.
        body: Le déroulé.
        audience: managers
        group_size: {min: 2, max: 8}
        duration: 30
        objectives: [Apprendre]
        blocks:
          - {minutes: 30, activity: apport, title: La loi, trainer: Présente la loi., entries: [loi-a]}
        """,
    )
    _write(
        laws,
        "parcours",
        "parcours-a",
        """\
        id: parcours-a
        kind: path
        title: Un parcours de formateur
        summary: Un parcours qui commence par une séance.
        body: Les étapes.
        role: Formateur
        steps:
          - entry: seance-a
            goal: Voir comment une séance est construite
          - entry: loi-a
            goal: Lire la loi
        """,
    )
    playbook = _playbook(laws)
    assert [s.entry for s in playbook.entries["parcours-a"].steps] == ["seance-a", "loi-a"]
    # a session is still no entry of a session
    path = laws / "seances" / "seance-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("entries: [loi-a]}", "entries: [loi-a, seance-a]}"))
    messages = [p.format() for p in check(laws).problems]
    assert any("l'entrée « seance-a » renvoie à elle-même" in m for m in messages), messages


def test_the_browser_filters_use_the_audience_labels_of_the_sheets() -> None:
    """The sheets (spec.AUDIENCES) and the filter buttons (assets/sheet-filters.js) name each audience
    with the same words, so a reader sees one term for front-line staff everywhere."""
    from playbook.core import spec
    from playbook.core.resources import ASSETS_DIR

    script = (ASSETS_DIR / "sheet-filters.js").read_text(encoding="utf-8")
    table = re.search(r"var AUDIENCES = (\[.*?\]);", script, re.S)
    assert table is not None
    pairs = json.loads(table.group(1))
    assert {key: label for key, label in pairs if key} == spec.AUDIENCES
    assert spec.AUDIENCES["front-line"] == "Contact client"
