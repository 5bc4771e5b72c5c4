"""The playbook for machines: each entry as plain Markdown, and ``llms.txt``, its map.

- :func:`entry_markdown`: one entry as a Markdown document (title, kind, id, collection, summary,
  body with ``[[id]]`` as links, quotes, checklist as ``- [ ]`` items, what a collection, session
  or path holds, relations with their reasons, source), its links pointing at the other entries'
  Markdown. Published at :func:`markdown_uri` (``lois/<id>/index.md``, beside the entry's page) and
  embedded in the entry's page for « Copier en Markdown » (which then works from ``file://`` too).
- :func:`llms_txt`: the `llms.txt <https://llmstxt.org/>`_ of the site: its name, what it is, the
  edition, then one line per entry, kind by kind: ``- [title](address): summary``.

An entry's Markdown has the pages' French typography outside its body (its body is as written);
``llms.txt`` keeps the titles and summaries as written, like the exports.
Both are made from the linked playbook, as the pages are; nothing here depends on the clock or the
build (the edition is in ``llms.txt`` only, so a new commit does not change every entry's file).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from .. import spec
from ..edition import Edition
from ..markdown_refs import expand_refs
from ..model import Entry, Playbook
from ..typography import french_typography
from .urls import LLMS_URI, PageSpec, SiteInfo, markdown_uri

BODY_SLOT = "\0body\0"  #: where the body goes (it never holds a NUL: control characters are refused)
_SPACES = re.compile(r"\s+")
#: A Markdown link to a path of the site (not a web address, an absolute path or an anchor).
_RELATIVE_LINK = re.compile(r"\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^)\s]+)\)")


def _text(value: str) -> str:
    """One line of plain text for a list item or a link label (``[`` and ``]`` escaped)."""
    return _SPACES.sub(" ", value).strip().replace("[", "\\[").replace("]", "\\]")


def _relative(target: str, here: str) -> str:
    """``target`` (a path from the site's root) from the folder of ``here``."""
    start = posixpath.dirname(here) or "."
    rel = posixpath.relpath(target or ".", start)
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def _rebase(body: str, src_uri: str, here: str, site: SiteInfo) -> str:
    """A body's links to pages of the site, written from the entry's page (``lois/x.md``:
    ``../ma-seance/index.md``), as seen from its Markdown file (``../../ma-seance/``)."""

    def rebase(match: re.Match[str]) -> str:
        dest, hash_, fragment = match[1].partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), dest))
        if target.endswith(".md"):
            target = site.page_url(target)
        return f"]({_relative(target, here)}{hash_}{fragment})"

    return _RELATIVE_LINK.sub(rebase, body)


class _Writer:
    def __init__(self, playbook: Playbook, pages: PageSpec, site: SiteInfo, here: str, shown: set[str]):
        self.playbook, self.pages, self.site, self.here = playbook, pages, site, here
        self.shown = shown  #: ids of the entries linked (what the document shows of other entries)

    def link(self, entry: Entry, label: str | None = None) -> str:
        self.shown.add(entry.id)
        return f"[{_text(label or entry.title)}]({_relative(markdown_uri(entry), self.here)})"

    def inline(self, entry_id: str, label: str | None) -> str:
        return self.link(self.playbook.resolve(entry_id), label)


def entry_markdown(
    playbook: Playbook, entry: Entry, pages: PageSpec, site: SiteInfo, shown: set[str] | None = None
) -> str:
    """The entry as a Markdown document (see the module docstring). The ids of the other entries
    it shows (every title, summary or relation reason it takes from another entry comes with a link
    to that entry) are added to ``shown``: the document changes only when the entry or one of them does."""
    here = markdown_uri(entry)
    w = _Writer(playbook, pages, site, here, set() if shown is None else shown)
    page_url = site.page_url(pages.entry_uri(entry))
    page = site.public_url(pages.entry_uri(entry)) if site.url else _relative(page_url, here)
    body = ""
    lines = [f"# {entry.title.strip()}", ""]
    lines.append(f"- Type : {entry.kind.label}")
    lines.append(f"- Identifiant : `{entry.id}`")
    collection = playbook.entries.get(entry.collection) if entry.collection else None
    if collection is not None:
        lines.append(f"- Collection : {w.link(collection)} (n° {entry.order})")
    if entry.tags:
        lines.append(f"- Étiquettes : {', '.join(_text(t) for t in entry.tags)}")
    lines.append(f"- Page : <{page}>")
    lines += ["", f"> {_text(entry.summary)}", ""]
    if entry.body.strip():
        body = expand_refs(_rebase(entry.body.strip(), pages.entry_uri(entry), here, site), w.inline)
        lines += [BODY_SLOT, ""]
    if entry.quotes:
        lines += ["## Citations", ""]
        for quote in entry.quotes:
            who = ", ".join(x for x in (_text(quote.author), _text(quote.context)) if x)
            lines += [f"> « {_text(quote.text)} »" + (f" — {who}" if who else ""), ""]
    members = playbook.members.get(entry.id, [])
    if members:
        lines += ["## Entrées de la collection", ""]
        lines += [f"{m.order or i}. {w.link(m)} : {_text(m.summary)}" for i, m in enumerate(members, start=1)]
        lines.append("")
    if entry.objectives:
        lines += ["## Objectifs", "", *(f"- {_text(o)}" for o in entry.objectives), ""]
    if entry.data.get("blocks"):
        lines += [f"## Déroulé ({entry.duration} minutes)", ""]
        for i, block in enumerate(entry.data["blocks"], start=1):
            used = ", ".join(w.inline(e, None) for e in block.get("entries", ()))
            what = f"{block['minutes']} min, {spec.ACTIVITIES[block['activity']].lower()} : {_text(block['title'])}"
            lines.append(f"{i}. {what}" + (f" ({used})" if used else ""))
        lines.append("")
    if entry.steps:
        lines += [f"## Étapes ({_text(entry.role)})", ""]
        lines += [f"{i}. {w.inline(s.entry, None)} : {_text(s.goal)}" for i, s in enumerate(entry.steps, start=1)]
        lines.append("")
    if entry.checklist:
        lines += ["## Liste de contrôle", ""]
        for text, audience in entry.checklist_items():
            lines.append(f"- [ ] {_text(text)}" + (f" ({spec.AUDIENCES[audience]})" if audience else ""))
        lines.append("")
    if entry.citation is not None:
        citation = entry.citation
        parts = [citation.author or "auteur non indiqué", entry.title.strip()]
        parts += [str(x) for x in (citation.publication, citation.year) if x]
        lines += ["## Référence", "", _text(", ".join(parts)) + (f" <{citation.url}>" if citation.url else ""), ""]
    groups = playbook.links(entry.id)
    if groups:
        lines += ["## Relations", ""]
        for group in groups:
            lines += [f"### {group.label}", ""]
            lines += [f"- {w.link(other)}" + (f" — {_text(why)}" if why else "") for other, why in group.items]
            lines.append("")
    sources = [playbook.entries[s] for s in entry.sources if s in playbook.entries]
    if sources:
        lines += ["## Sources" if len(sources) > 1 else "## Source", "", *(f"- {w.link(s)}" for s in sources), ""]
        if entry.source_note:
            lines += [_text(entry.source_note), ""]
    # titles, summaries and lists as the page shows them (French typography), so that a change no page
    # shows (typing ' for ’ in a summary) changes no Markdown either; the body stays as written (one
    # scan of contributors' text less: see tests/unit/test_hostile_input.py)
    head, _, rest = "\n".join(lines).rstrip().partition(BODY_SLOT)
    return french_typography(head) + body + french_typography(rest) + "\n"


def llms_txt(playbook: Playbook, site: SiteInfo, edition: Edition, description: str = "") -> str:
    """The site's ``llms.txt``: one line per entry, kind by kind, linking its Markdown."""
    base = site.url.rstrip("/") + "/" if site.url else ""
    about = description or (
        "Playbook de la relation client : lois, commandements, procédures, règles, cas d'entreprise, "
        "questions et notions, reliés entre eux, avec leurs listes de contrôle et leurs sources."
    )
    lines = [f"# {site.name}", "", f"> {_text(about)}", ""]
    lines += [
        f"Chaque lien mène au texte de l'entrée en Markdown ; sa page est indiquée en tête. {edition.text}.",
        "",
    ]
    for kind in spec.KINDS:
        entries = playbook.by_kind[kind.name]
        if not entries:
            continue
        lines += [f"## {kind.plural}", ""]
        lines += [f"- [{_text(e.title)}]({base}{markdown_uri(e)}): {_text(e.summary)}" for e in entries]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def markdown_files(
    playbook: Playbook,
    pages: PageSpec,
    site: SiteInfo,
    edition: Edition,
    made: Mapping[str, str] | None = None,
    encoded: dict[str, tuple[str, bytes]] | None = None,
) -> dict[str, bytes]:
    """``llms.txt`` and every entry's Markdown, by site path. ``made``: the entries' Markdown already
    made (by their pages, :attr:`~.renderer.RenderedPage.entry_markdown`), by id; made here otherwise.
    ``encoded``: each entry's Markdown and its bytes of the last call (by id), replaced by this
    call's: a text that is the very same object is not encoded again (`mkdocs serve`: the pages an
    edit did not reach keep their Markdown)."""
    made = made or {}
    kept = dict(encoded or {})
    if encoded is not None:
        encoded.clear()
    files = {LLMS_URI: llms_txt(playbook, site, edition).encode("utf-8")}
    for entry in playbook.entries.values():
        text = made.get(entry.id)
        if text is None:
            text = entry_markdown(playbook, entry, pages, site)
        found = kept.get(entry.id)
        data = found[1] if found is not None and found[0] is text else text.encode("utf-8")
        if encoded is not None:
            encoded[entry.id] = (text, data)
        files[markdown_uri(entry)] = data
    return files
