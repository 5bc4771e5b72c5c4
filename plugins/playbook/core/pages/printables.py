"""Printable pages built from the entries: a checklist and a trainer kit per collection, and the
hub page that lists them with the exports.

- ``listes/<collection>.md``: every checklist item of the collection's members, with a box, the
  members' titles and ids, the source, lines for notes, and the sheet's address and edition,
  set to fit one A4 page (:mod:`playbook.core.render.sheet_layout`).
- ``kits/<collection>.md``: the same checklist, the questions to discuss, the related cases in
  one sentence each and space for notes; a handout of one or more pages.
- ``imprimables/index.md``: the list of all of them, their PDFs when ``make pdf`` made them, the
  sessions' sheets, « Ma séance » and the self-assessments (what a trainer prints), and the
  CSV / JSON exports.

An entry's own checklist is printed from its entry page (the "Imprimer la liste" button prints
only the checklist block): no extra page per entry, however many entries there are.
Collections whose members have no checklist item get neither page.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from .. import spec
from ..model import Playbook
from ..render.renderer import RenderedPage, Renderer
from ..render.sheet_layout import CollectionSheet, collection_sheets, shown_ids
from ..render.urls import (
    BUILDER_URI,
    CSV_COLUMNS,
    CSV_URI,
    DIAGNOSTIC_INDEX_URI,
    HUB_URI,
    JSON_URI,
    PDF_FOLDER,
    SCHEMA_URI,
    cards_uri,
    checklist_uri,
    diagnostic_uri,
    kit_uri,
    session_kit_uri,
    session_support_uri,
)
from .diagnostic import diagnostics


def render_printables(
    renderer: Renderer,
    playbook: Playbook,
    previous: Mapping[str, RenderedPage] | None = None,
    changed: AbstractSet[str] = frozenset(),
) -> list[RenderedPage]:
    """The collection checklists, the trainer kits and the hub page.

    With the ``previous`` pages and the ids of the ``changed`` entries (``mkdocs serve`` after an
    edit), a sheet that showed none of them and shows none of them now is taken as it was."""
    sheets = collection_sheets(playbook)
    pages: list[RenderedPage] = []
    for sheet in sheets:
        depends = {sheet.collection.id, *(g.entry.id for g in sheet.groups)}
        untouched = previous is not None and not changed & shown_ids(sheet)
        for role, here, template, title in (
            (
                "checklist",
                checklist_uri(sheet.collection),
                "playbook/checklist.md.j2",
                f"Liste de contrôle : {sheet.collection.title}",
            ),
            ("kit", kit_uri(sheet.collection), "playbook/kit.md.j2", f"Kit du formateur : {sheet.collection.title}"),
        ):
            before = previous.get(here) if previous is not None else None
            if untouched and before is not None and not changed & before.depends_on:
                pages.append(before)
                continue
            ctx = renderer.page_context(playbook, here)
            markdown = renderer.render_template(
                template,
                sheet=sheet,
                title=title,
                links=ctx,
                url=ctx.url,
                checklist_url=ctx.page_href(checklist_uri(sheet.collection)),
                kit_url=ctx.page_href(kit_uri(sheet.collection)),
                reviewed=renderer.living.reviewed_span([sheet.collection, *(g.entry for g in sheet.groups)]),
                **renderer.sheet_context(here),
            )
            if role == "kit":
                depends |= {q.id for q in sheet.questions} | {c.case.id for c in sheet.cases}
            markdown, printable = renderer.printable(here, markdown, mode="page", role=role, title=title)
            pages.append(
                RenderedPage(
                    here,
                    markdown,
                    title,
                    role,
                    sheet.collection.id,
                    depends_on=frozenset(depends | {e.id for e in ctx.used}),
                    printable=printable,
                )
            )
    pages.append(_render_hub(renderer, playbook, sheets, pages))
    return pages


def _render_hub(
    renderer: Renderer, playbook: Playbook, sheets: list[CollectionSheet], printable_pages: list[RenderedPage]
) -> RenderedPage:
    here = HUB_URI
    ctx = renderer.page_context(playbook, here)
    pdfs = {
        p.src_uri: ctx.rel(f"{PDF_FOLDER}/{p.printable.pdf}")
        for p in printable_pages
        if p.printable is not None and renderer.downloads.current(p.printable.pdf, p.printable.fingerprint)
    }
    rows = [
        {
            "sheet": sheet,
            "checklist": ctx.rel(checklist_uri(sheet.collection)),
            "kit": ctx.rel(kit_uri(sheet.collection)),
            "checklist_pdf": pdfs.get(checklist_uri(sheet.collection)),
            "kit_pdf": pdfs.get(kit_uri(sheet.collection)),
        }
        for sheet in sheets
    ]
    with_checklists = [
        k for k in spec.KINDS if playbook.by_kind[k.name] and any(e.checklist for e in playbook.by_kind[k.name])
    ]
    ready = playbook.by_kind.get("session", [])
    sessions = [
        {"entry": s, "kit": ctx.rel(session_kit_uri(s)), "support": ctx.rel(session_support_uri(s))} for s in ready
    ]
    rated = diagnostics(playbook)
    markdown = renderer.render_template(
        "playbook/printables-index.md.j2",
        sessions=sessions,
        builder_url=ctx.rel(BUILDER_URI),
        diagnostic_url=ctx.rel(DIAGNOSTIC_INDEX_URI),
        diagnostics=[(d.collection.title, ctx.rel(diagnostic_uri(d.collection))) for d in rated],
        rows=rows,
        url=ctx.url,
        kinds_with_checklists=with_checklists,
        kind_index_url=ctx.kind_index_url,
        csv_url=ctx.rel(CSV_URI),
        csv_columns=CSV_COLUMNS,
        json_url=ctx.rel(JSON_URI),
        schema_url=ctx.rel(SCHEMA_URI),
        item_count=sum(len(e.checklist) for e in playbook.entries.values()),
        training_pages=[
            *(
                (f"Cartes à découper{chr(0xA0)}: {k.plural.lower()}", ctx.rel(cards_uri(k)))
                for k in spec.KINDS
                if k.card and playbook.by_kind[k.name]
            ),
            *(
                (k.plural, ctx.kind_index_url(k))
                for k in spec.KINDS
                if (k.fiction or k.about) and playbook.by_kind[k.name]
            ),
        ],
        books=[
            {"book": book, "pdf": ctx.rel(f"{PDF_FOLDER}/{book.pdf}") if book.current else None}
            for book in renderer.books
        ],
        entry_count=len(playbook),
    )
    depends = {s.collection.id for s in sheets} | {g.entry.id for s in sheets for g in s.groups}
    depends |= {s.id for s in ready} | {d.collection.id for d in rated}
    return RenderedPage(here, markdown, "Imprimables", "printables-index", depends_on=frozenset(depends))
