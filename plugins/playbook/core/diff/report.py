"""The comparison of two revisions in words, in French: for the terminal, or in Markdown for a
pull request (GitHub Flavored Markdown, within one comment's size).

The report is built once as blocks of inline parts (:class:`Ref` to an entry, :class:`Code`,
plain text), then written by :func:`format_text` or :func:`format_markdown`, so both say the same
thing. Text written by contributors never becomes markup: in Markdown, the characters that would
make links, emphasis, headings or HTML are escaped and ``@`` is the full-width ``＠`` (GitHub would
notify the handle that follows); in both formats control characters are shown escaped
(:func:`~playbook.core.problems.shown`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import spec
from ..edition import french_date
from ..model import Entry
from ..pages.news import NewsItem
from ..problems import Problem, shown, sort_problems
from ..render.urls import PageSpec, SiteInfo
from .compare import ADDED, MODIFIED, REMOVED, RENAMED, EntryChange, Notice, PageChange, Reprint, SiteDiff
from .entries import Body, Checklist, Detail, Items, Relations, StepGoal, Value

#: A pull-request comment holds at most 65,536 characters; the report stays under this, with room
#: for what the workflow adds around it (the hidden marker, the preview's address).
MARKDOWN_MAX = 60_000
#: Other pages listed under one entry; the rest are counted.
MAX_PAGES_PER_ENTRY = 12
#: Files listed in a notice (outside the entries' folder), the rest counted.
MAX_FILES = 10

FIELD_LABELS: dict[str, str] = {
    "id": "Identifiant",
    "kind": "Type",
    "title": "Titre",
    "summary": "Résumé",
    "body": "Texte",
    "checklist": "Liste de contrôle",
    "tags": "Étiquettes",
    "aliases": "Synonymes pour la recherche",
    "quotes": "Citations",
    "collection": "Collection",
    "order": "Rang dans la collection",
    "relations": "Relations",
    "source": "Source",
    "source_note": "Précision sur la source",
    "also_from": "Autres sources",
    "citation": "Référence",
    "entries": "Entrées de la séance",
    "duration": "Durée (minutes)",
    "objectives": "Objectifs",
    "role": "Rôle du lecteur",
    "steps": "Étapes du parcours",
    "owner": "Responsable",
    "reviewed": "Date de relecture",
    "review_every": "Relecture tous les (mois)",
    "changes": "Notes de changement",
    "former_ids": "Anciens identifiants",
}
CITATION_LABELS: dict[str, str] = {
    "author": "Auteur",
    "publication": "Publication",
    "title_kind": "Nature du titre",
    "year": "Année",
    "url": "Adresse de l'article",
    "language": "Langue de l'original",
}
#: Notices listed as one point, with the entries they concern.
_GROUPED_NOTICES = ("no-review-date", "major-without-note")
_TITLE_KINDS = {"exact": "titre original", "descriptive": "titre descriptif"}
_STATUS_WORDS = {ADDED: "Ajoutée", REMOVED: "Supprimée", RENAMED: "Renommée", MODIFIED: "Modifiée"}
_PAGE_STATUS = {ADDED: " (nouvelle page)", REMOVED: " (page supprimée)", MODIFIED: ""}
_REPRINT_STATUS = {ADDED: "nouvelle feuille", REMOVED: "feuille retirée", MODIFIED: "à réimprimer"}
_MAJOR_WORDS = {
    "kind": "type",
    "title": "titre",
    "summary": "résumé",
    "collection": "collection",
    "checklist": "liste de contrôle",
    "body": "texte",
    "relations": "relations retirées",
    "entries": "entrées de la séance",
    "steps": "étapes du parcours",
}


# --- inline parts and blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """An entry, shown by its title in « », linked to its page when the site's address is known."""

    title: str
    url: str = ""


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Strong:
    text: str


Part = str | Ref | Code | Strong
Line = tuple[Part, ...]


@dataclass(frozen=True)
class Heading:
    level: int  #: 1: the report, 2: a section, 3: an entry
    line: Line


@dataclass(frozen=True)
class Bullet:
    line: Line
    depth: int = 0


@dataclass(frozen=True)
class Paragraph:
    line: Line


@dataclass(frozen=True)
class DiffLines:
    """Changed lines of a text, with a title (fixed wording, never contributor text)."""

    title: str
    lines: tuple[str, ...]
    more: int = 0


Block = Heading | Bullet | Paragraph | DiffLines


class _Report:
    """Builds the blocks of one report."""

    def __init__(self, diff: SiteDiff, site_url: str):
        self.diff = diff
        self.site = SiteInfo(url=site_url) if site_url else None
        self.pages = PageSpec()
        self.blocks: list[Block] = []

    # -- parts

    def url(self, uri: str) -> str:
        return self.site.public_url(uri) if self.site is not None else ""

    def ref(self, entry: Entry | None, *, linked: bool = True) -> Part:
        if entry is None:
            return "(entrée inconnue)"
        return Ref(entry.title, self.url(self.pages.entry_uri(entry)) if linked else "")

    def ref_id(self, entry_id: str, *, after: bool) -> Part:
        """The entry ``entry_id`` on the side where it is named (``after``: the newest)."""
        playbooks = (self.diff.head.playbook, self.diff.base.playbook)
        for playbook in playbooks if after else playbooks[::-1]:
            if entry_id in playbook.entries:
                entry = playbook.entries[entry_id]
                return self.ref(entry, linked=entry_id in self.diff.head.playbook.entries)
        return Code(entry_id)

    def address(self, entry: Entry) -> Code:
        return Code(self.pages.url_path(self.pages.entry_uri(entry)))

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def bullet(self, *parts: Part, depth: int = 0) -> None:
        self.add(Bullet(tuple(parts), depth))

    # -- sections

    def build(self) -> list[Block]:
        diff = self.diff
        self.add(Heading(1, ("Ce que ces changements montrent aux lecteurs",)))
        self.add(
            Paragraph(
                (
                    "Entrées de ",
                    Code(diff.folder + "/"),
                    " comparées entre ",
                    Strong(diff.base.label),
                    " et ",
                    Strong(diff.head.label),
                    ", rendues par le même code (seul le contenu est comparé, jamais le code ni le thème).",
                )
            )
        )
        if diff.empty:
            self.add(Paragraph(("Aucun changement visible pour les lecteurs.",)))
        else:
            self.add(Paragraph((Strong("En bref :"), " " + self.overview())))
        self.notices()
        self.entries()
        self.other_pages()
        self.reprints()
        self.news()
        if diff.unchanged_files:
            self.add(Heading(2, ("Fichiers d'entrées modifiés sans effet visible",)))
            for name in diff.unchanged_files:
                self.bullet(Code(name), " (mise en forme, commentaires ou ordre des champs)")
        return self.blocks

    def overview(self) -> str:
        diff = self.diff
        hidden = sum(1 for change in diff.entries if not change.visible)
        modified = diff.count(MODIFIED)
        unseen = (
            ""
            if not hidden
            else " (sans effet sur les pages)"
            if hidden == modified
            else f" (dont {hidden} sans effet sur les pages)"
        )
        counts = [
            (diff.count(ADDED), "ajoutée", "ajoutées"),
            (diff.count(RENAMED), "renommée", "renommées"),
            (modified, "modifiée" + unseen, "modifiées" + unseen),
            (diff.count(REMOVED), "supprimée", "supprimées"),
        ]
        entries = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
        parts = [f"entrées : {entries}" if entries else "aucune entrée ne change"]
        pages = {p.uri for c in diff.entries for p in c.pages} | {p.uri for p in diff.other_pages}
        if pages:
            parts.append(_plural(len(pages), "autre page change", "autres pages changent"))
        if diff.reprints:
            parts.append(
                _plural(len(diff.reprints), "feuille à réimprimer ou à imprimer", "feuilles à réimprimer ou à imprimer")
            )
        if diff.news_added or diff.news_removed:
            parts.append(
                _plural(
                    len(diff.news_added) + len(diff.news_removed), "ligne de « Nouveautés »", "lignes de « Nouveautés »"
                )
            )
        if diff.notices:
            grouped = {n.code for n in diff.notices if n.code in _GROUPED_NOTICES}
            count = len(grouped) + sum(1 for n in diff.notices if n.code not in _GROUPED_NOTICES)
            parts.append(_plural(count, "point à vérifier", "points à vérifier"))
        return " · ".join(parts) + "."

    def notices(self) -> None:
        notices = self.diff.notices
        if not notices:
            return
        self.add(Heading(2, ("Points à vérifier",)))
        for notice in notices:
            if notice.code not in _GROUPED_NOTICES:
                self.notice(notice)
        undated = [n.entry for n in notices if n.code == "no-review-date" and n.entry is not None]
        if undated:
            self.bullet(
                _plural(len(undated), "entrée n'a", "entrées n'ont"),
                " pas de date de relecture (",
                Code("reviewed:"),
                ") : leur page n'affiche pas « Relue le … » et ",
                Code("python -m playbook review"),
                " les compte comme jamais relues : ",
                *_joined([self.ref(e) for e in undated]),
                ".",
            )
        major = [n for n in notices if n.code == "major-without-note" and n.entry is not None]
        if major:
            self.bullet(
                _plural(len(major), "entrée change", "entrées changent"),
                " pour le lecteur sans nouvelle note dans ",
                Code("changes:"),
                " ; si le changement compte, ajoutez-en une (",
                Code('- {date: AAAA-MM-JJ, note: "…"}'),
                "), elle paraîtra dans « Nouveautés » :",
            )
            for notice in major:
                what = ", ".join(_MAJOR_WORDS.get(r, r) for r in notice.detail)
                self.bullet(self.ref(notice.entry), f" ({what})", depth=1)

    def notice(self, notice: Notice) -> None:
        entry, other, code = notice.entry, notice.other, notice.code
        if code == "invalid-warnings":
            self.bullet(
                _plural(len(notice.detail), "avertissement", "avertissements"),
                f" de validation dans {self.diff.head.label} : la construction stricte (",
                Code("make build"),
                ") échouera ; ",
                Code("make validate"),
                " les montre.",
            )
            for line in notice.detail[:MAX_FILES]:
                self.bullet(Code(line.splitlines()[0]), depth=1)
        elif code in ("no-author", "no-publication") and entry is not None:
            shown_as = "auteur non indiqué" if code == "no-author" else "publication non indiquée"
            what = "d'auteur" if code == "no-author" else "de publication"
            parts: list[Part] = [
                "La source ",
                self.ref(entry),
                f" n'indique pas {what} : sa page, et les pages et feuilles qui la citent, affichent « {shown_as} »",
            ]
            if notice.detail:
                count = _plural(
                    len(notice.detail), "entrée de ce changement la cite", "entrées de ce changement la citent"
                )
                parts.append(f" ({count})")
            self.bullet(*parts, ". Vérifiez que l'original ne le dit pas.")
        elif code == "address-lost" and entry is not None:
            self.bullet(
                "L'adresse de ",
                self.ref(entry, linked=False),
                " (",
                self.address(entry),
                ") ne mènera plus nulle part : si une autre entrée la remplace, ajoutez ",
                Code(f"former_ids: [{entry.id}]"),
                " à celle-ci (l'ancienne adresse y mènera).",
            )
        elif code == "kind-changed" and entry is not None and other is not None:
            self.bullet(
                self.ref(entry),
                f" change de type ({other.kind.label} → {entry.kind.label}) : son adresse passe de ",
                self.address(other),
                " à ",
                self.address(entry),
                ", et l'ancienne ne redirige pas (les liens extérieurs et les feuilles imprimées y mènent).",
            )
        elif code == "maybe-renamed" and entry is not None and other is not None:
            self.bullet(
                self.ref(entry),
                " (ajoutée) ressemble à ",
                self.ref(other, linked=False),
                " (supprimée) : si c'est un renommage, ajoutez ",
                Code(f"former_ids: [{other.id}]"),
                " à la nouvelle entrée, pour que l'ancienne adresse y mène.",
            )
        elif code == "outside-content":
            files = len(notice.detail)
            self.bullet(
                _plural(files, "fichier", "fichiers"),
                " hors de ",
                Code(self.diff.folder + "/"),
                " change" if files == 1 else " changent",
                " aussi (code, pages de docs/, réglages) : ce résumé ne décrit que les entrées ; relisez-les à part.",
            )
            for name in notice.detail[:MAX_FILES]:
                self.bullet(Code(name), depth=1)
            if len(notice.detail) > MAX_FILES:
                self.bullet(f"et {len(notice.detail) - MAX_FILES} autres", depth=1)

    def entries(self) -> None:
        if not self.diff.entries:
            return
        self.add(Heading(2, ("Entrées",)))
        for change in self.diff.entries:
            self.entry(change)

    def entry(self, change: EntryChange) -> None:
        entry = change.entry
        heading: list[Part] = [f"{_STATUS_WORDS[change.status]} : ", self.ref(entry, linked=change.new is not None)]
        heading += [f" · {entry.kind.label} · ", Code(entry.id)]
        if change.status == RENAMED and change.old is not None:
            heading += [" (ancien identifiant ", Code(change.old.id), ")"]
        self.add(Heading(3, tuple(heading)))
        self.bullet("Fichier : ", Code(entry.display))
        if change.status == ADDED:
            self.added_entry(change)
        elif change.status == REMOVED:
            self.removed_entry(change)
        else:
            if change.status == RENAMED and change.old is not None:
                if change.redirected_to is not None:
                    self.bullet(
                        "L'ancienne adresse ",
                        self.address(change.old),
                        " mène à la nouvelle, ",
                        self.address(entry),
                        ".",
                    )
                else:
                    self.bullet("L'ancienne adresse ", self.address(change.old), " ne mène plus nulle part.")
            if not change.visible:
                self.bullet(
                    "Aucune page ne change : le site affichait déjà ce texte ainsi (typographie, espaces, "
                    "mise en forme). Seuls les exports et la recherche, qui gardent le texte tel qu'il est "
                    "écrit, peuvent changer."
                )
            for detail in change.diff.details:
                self.detail(detail)
        self.consequences(change)

    def added_entry(self, change: EntryChange) -> None:
        entry = change.new
        assert entry is not None
        self.bullet("Résumé : ", _quoted(entry.summary))
        for detail in change.diff.details:
            if isinstance(detail, Value) and detail.field in ("kind", "title", "summary"):
                continue
            if isinstance(detail, Body):
                self.bullet(f"Texte : {_plural(detail.added, 'paragraphe', 'paragraphes')}.")
            elif isinstance(detail, Checklist):
                self.bullet(f"Liste de contrôle : {_plural(len(detail.added), 'élément', 'éléments')}.")
                for item in detail.added:
                    self.bullet(_quoted(item), depth=1)
            else:
                self.detail(detail)

    def removed_entry(self, change: EntryChange) -> None:
        old = change.old
        assert old is not None
        if change.redirected_to is not None:
            self.bullet("Son adresse ", self.address(old), " mène désormais à ", self.ref(change.redirected_to), ".")
        else:
            self.bullet("Son adresse ", self.address(old), " ne mènera plus nulle part.")

    def consequences(self, change: EntryChange) -> None:
        if change.pages:
            shown_pages = change.pages[:MAX_PAGES_PER_ENTRY]
            label = "Se voit aussi sur : " if change.status != REMOVED else "Disparaît aussi de : "
            parts: list[Part] = [label]
            for n, page in enumerate(shown_pages):
                if n:
                    parts.append(", ")
                parts.extend(self.page(page))
            if len(change.pages) > MAX_PAGES_PER_ENTRY:
                left = len(change.pages) - MAX_PAGES_PER_ENTRY
                parts.append(" et " + _plural(left, "autre page", "autres pages"))
            self.bullet(*parts, ".")
        if change.news:
            said = " ; ".join(_news_words(item, lower=True) for item in change.news)
            self.bullet(f"« Nouveautés » : {said}.")

    def page(self, page: PageChange) -> list[Part]:
        url = self.url(page.uri) if page.status != REMOVED else ""
        if page.role == "entry" and page.entry is not None:
            parts: list[Part] = [Ref(page.title, url), f" ({page.entry.kind.label.lower()})"]
        elif page.role == "kind-index":
            parts = [Ref(page.title, url), " (index)"]
        else:
            parts = [Ref(page.title, url)]
        if _PAGE_STATUS[page.status]:
            parts.append(_PAGE_STATUS[page.status])
        return parts

    # -- one field

    def detail(self, detail: Detail) -> None:
        if isinstance(detail, Value):
            self.value(detail)
        elif isinstance(detail, Items):
            self.items(detail)
        elif isinstance(detail, Checklist):
            self.checklist(detail)
        elif isinstance(detail, Body):
            self.body(detail)
        elif isinstance(detail, Relations):
            self.relations(detail)
        elif isinstance(detail, StepGoal):
            self.bullet(
                "Objectif de l'étape ",
                self.ref_id(detail.entry, after=True),
                " : ",
                _quoted(detail.before),
                " → ",
                _quoted(detail.after),
            )

    def value(self, detail: Value) -> None:
        if detail.field.startswith("citation."):
            key = detail.field.split(".", 1)[1]
            label = CITATION_LABELS[key]
        else:
            key, label = detail.field, FIELD_LABELS[detail.field]
        before, after = (
            self.shown_value(detail, key, detail.before, False),
            self.shown_value(detail, key, detail.after, True),
        )
        if detail.before is None:
            self.bullet(f"{label} : ", *after)
        elif detail.after is None:
            self.bullet(f"{label} : ", *before, " retiré")
        else:
            self.bullet(f"{label} : ", *before, " → ", *after)

    def shown_value(self, detail: Value, key: str, value: str | None, after: bool) -> list[Part]:
        if value is None:
            return ["(aucun)"]
        if detail.ref:
            return [self.ref_id(value, after=after)]
        if key == "kind":
            return [spec.KINDS_BY_NAME[value].label]
        if key == "reviewed":
            return [french_date(dt.date.fromisoformat(value))]
        if key == "title_kind":
            return [_TITLE_KINDS.get(value, value)]
        if key in ("owner", "url", "language"):
            return [Code(value)]
        if key in ("title", "summary", "source_note", "role", "author", "publication"):
            return [_quoted(value)]
        return [value]

    def items(self, detail: Items) -> None:
        parts: list[Part] = [f"{FIELD_LABELS[detail.field]} : "]
        pieces: list[list[Part]] = []
        for sign, values, after in (("+ ", detail.added, True), ("− ", detail.removed, False)):
            if values:
                shown_values = [
                    self.ref_id(v, after=after) if detail.ref else self.item(detail.field, v) for v in values
                ]
                pieces.append([sign, *_joined(shown_values)])
        if detail.reordered:
            pieces.append(["ordre modifié"])
        for n, piece in enumerate(pieces):
            parts += ([" ; "] if n else []) + piece
        self.bullet(*parts)

    @staticmethod
    def item(name: str, value: str) -> Part:
        if name == "former_ids":
            return Code(value)
        if name == "tags":
            return value
        return _quoted(value)

    def checklist(self, detail: Checklist) -> None:
        counts = [
            (len(detail.added), "ajouté", "ajoutés"),
            (len(detail.removed), "retiré", "retirés"),
            (len(detail.reworded), "reformulé", "reformulés"),
        ]
        said = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
        self.bullet("Liste de contrôle :" + (f" éléments {said}." if said else ""))
        for item in detail.added:
            self.bullet("ajouté : ", _quoted(item), depth=1)
        for item in detail.removed:
            self.bullet("retiré : ", _quoted(item), depth=1)
        for pair in detail.reworded:
            self.bullet("reformulé : ", _quoted(pair.before), " → ", _quoted(pair.after), depth=1)
        for text, before, after in detail.audience:
            self.bullet("public de ", _quoted(text), " : ", _audience(before), " → ", _audience(after), depth=1)
        if detail.reordered:
            self.bullet("ordre des éléments modifié", depth=1)

    def body(self, detail: Body) -> None:
        counts = [
            (detail.changed, "paragraphe modifié", "paragraphes modifiés"),
            (detail.added, "paragraphe ajouté", "paragraphes ajoutés"),
            (detail.removed, "paragraphe retiré", "paragraphes retirés"),
        ]
        said = ", ".join(_plural(n, one, many) for n, one, many in counts if n) or "mise en forme"
        self.bullet(f"Texte : {said} ({round(detail.share * 100)} % du texte).")
        if detail.lines:
            self.add(DiffLines("Texte : lignes modifiées", detail.lines, detail.more_lines))

    def relations(self, detail: Relations) -> None:
        self.bullet("Relations :")
        for word, changes, after in (("ajoutée", detail.added, True), ("retirée", detail.removed, False)):
            for change in changes:
                relation = spec.RELATIONS_BY_NAME[change.relation]
                why = change.why_after if after else change.why_before
                parts: list[Part] = [f"{word} : {relation.label} ", self.ref_id(change.target, after=after)]
                if why:
                    parts += [" — ", _quoted(why)]
                self.bullet(*parts, depth=1)
        for change in detail.reasons:
            relation = spec.RELATIONS_BY_NAME[change.relation]
            self.bullet(
                f"raison du lien {relation.label} ",
                self.ref_id(change.target, after=True),
                " : ",
                _quoted(change.why_before) if change.why_before else "(aucune)",
                " → ",
                _quoted(change.why_after) if change.why_after else "(aucune)",
                depth=1,
            )

    # -- the other sections

    def other_pages(self) -> None:
        if not self.diff.other_pages:
            return
        self.add(Heading(2, ("Autres pages qui changent",)))
        for page in self.diff.other_pages:
            self.bullet(*self.page(page))

    def reprints(self) -> None:
        if not self.diff.reprints:
            return
        self.add(Heading(2, ("Feuilles et PDF à réimprimer",)))
        self.add(
            Paragraph(
                (
                    "Leur page imprimée a changé : son PDF n'est plus publié tant que ",
                    Code("make pdf"),
                    " ne l'a pas refait. La liste de contrôle d'une entrée s'imprime depuis la page de "
                    "l'entrée : elle compte ici dès que cette page change, même si la liste est la même.",
                )
            )
        )
        for reprint in self.diff.reprints:
            self.reprint(reprint)

    def reprint(self, reprint: Reprint) -> None:
        url = self.url(reprint.uri) if reprint.status != REMOVED else ""
        self.bullet(Ref(reprint.title, url), " — ", Code(f"pdf/{reprint.pdf}"), f" ({_REPRINT_STATUS[reprint.status]})")

    def news(self) -> None:
        diff = self.diff
        if not (diff.news_added or diff.news_removed):
            return
        self.add(Heading(2, ("Lignes de « Nouveautés »",)))
        for word, items in (("en plus", diff.news_added), ("en moins", diff.news_removed)):
            for item in items:
                parts: list[Part] = [f"{word} : ", _news_words(item, with_note=False), " : "]
                parts.append(self.ref(item.entry, linked=word == "en plus"))
                self.bullet(*parts, *([" — ", item.note] if item.note else []))


def _news_words(item: NewsItem, *, with_note: bool = True, lower: bool = False) -> str:
    """« Modifiée le 14 février 2026 (la note) », as the line of « Nouveautés » says it."""
    label = item.label.lower() if lower else item.label
    return f"{label} le {item.date_text}" + (f" ({item.note})" if item.note and with_note else "")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _quoted(text: str) -> str:
    return f"«\u00a0{text}\u00a0»"


def _audience(key: str) -> str:
    return spec.AUDIENCES.get(key, "tout le monde") if key else "tout le monde"


def _joined(parts: Sequence[Part]) -> list[Part]:
    out: list[Part] = []
    for n, part in enumerate(parts):
        out += ([", "] if n else []) + [part]
    return out


# --- writers ----------------------------------------------------------------------------------


def format_text(diff: SiteDiff) -> str:
    """The report for a terminal: plain text, indented lists."""
    out: list[str] = []
    for block in _Report(diff, "").build():
        if isinstance(block, Heading):
            text = _text_line(block.line)
            if out:
                out.append("")
            out.append(text)
            if block.level < 3:
                out.append(("=" if block.level == 1 else "-") * len(text))
        elif isinstance(block, Paragraph):
            out.append(_text_line(block.line))
        elif isinstance(block, Bullet):
            out.append("  " * block.depth + "- " + _text_line(block.line))
        else:
            out.extend("    " + shown(line) for line in block.lines)
            if block.more:
                out.append(f"    … ({_plural(block.more, 'ligne de plus', 'lignes de plus')})")
    return "\n".join(out) + "\n"


def _text_line(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, Ref):
            out.append(_quoted(shown(part.title)))
        elif isinstance(part, (Code, Strong)):
            out.append(shown(part.text))
        else:
            out.append(shown(part))
    return "".join(out)


def format_markdown(diff: SiteDiff, site_url: str = "", limit: int = MARKDOWN_MAX) -> str:
    """The report in GitHub Flavored Markdown, at most ``limit`` characters: past it, the report
    stops at a block and says how to get the rest. ``site_url``: where the pages are (a preview),
    to link each page named."""
    blocks = _Report(diff, site_url).build()
    chunks = [_markdown_block(block) for block in blocks]
    out: list[str] = []
    size = 0
    for n, chunk in enumerate(chunks):
        if size + len(chunk) + 1 > limit - 400:
            left = len(chunks) - n
            out.append(
                f"\n_… résumé coupé ici pour tenir dans un commentaire ({_plural(left, 'bloc', 'blocs')} de plus) : "
                f"`python -m playbook diff` en local donne tout._\n"
            )
            break
        out.append(chunk)
        size += len(chunk) + 1
    return _BLANK_LINES.sub("\n\n", "\n".join(out)).strip("\n") + "\n"


_BLANK_LINES = re.compile(r"\n{3,}")


def _markdown_block(block: Block) -> str:
    if isinstance(block, Heading):
        return "\n" + "#" * (block.level + 1) + " " + _markdown_line(block.line) + "\n"
    if isinstance(block, Paragraph):
        return "\n" + _markdown_line(block.line) + "\n"
    if isinstance(block, Bullet):
        return "  " * block.depth + "- " + _markdown_line(block.line)
    fence = _fence("\n".join(block.lines), "`")
    body = "\n".join(shown(line) for line in block.lines)
    more = f"\n… ({_plural(block.more, 'ligne de plus', 'lignes de plus')})" if block.more else ""
    return f"\n<details><summary>{block.title}</summary>\n\n{fence}diff\n{body}{more}\n{fence}\n\n</details>\n"


def _markdown_line(line: Line) -> str:
    out = []
    for part in line:
        if isinstance(part, Ref):
            text = _quoted(markdown_text(part.title))
            out.append(f"[{text}](<{_link_target(part.url)}>)" if part.url else text)
        elif isinstance(part, Code):
            out.append(markdown_code(part.text))
        elif isinstance(part, Strong):
            out.append(f"**{markdown_text(part.text)}**")
        else:
            out.append(markdown_text(part))
    return "".join(out)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>#|~!&]")
_SPACES = re.compile(r"\s+")


def markdown_text(text: str) -> str:
    """Plain text in a Markdown line: no markup, no HTML, no link, no mention, one line."""
    text = _SPACES.sub(" ", shown(text))
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), text).replace("@", "＠")


def markdown_code(text: str) -> str:
    """A code span holding ``text`` exactly (on one line), whatever backticks it holds."""
    text = _SPACES.sub(" ", shown(text))
    fence = _fence(text, "`", minimum=1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fence(text: str, char: str, minimum: int = 3) -> str:
    """A run of ``char`` longer than any in ``text`` (at least ``minimum``)."""
    longest = max((len(m) for m in re.findall(re.escape(char) + "+", text)), default=0)
    return char * max(minimum, longest + 1)


def _link_target(url: str) -> str:
    """A URL inside ``<...>``: nothing that could end the target early."""
    return "".join(c if c not in "<>\\ \n\r" and ord(c) > 0x1F else f"%{ord(c):02X}" for c in url)


def format_report(diff: SiteDiff, fmt: str, site_url: str = "") -> str:
    return format_markdown(diff, site_url) if fmt == "markdown" else format_text(diff)


__all__ = ["format_failure", "format_markdown", "format_report", "format_text", "markdown_code", "markdown_text"]


def format_failure(message: str, problems: Sequence[Problem] = ()) -> str:
    """In Markdown, why the comparison could not be made (for the pull request's comment)."""
    out = [
        "## Ce que ces changements montrent aux lecteurs",
        "",
        f"Le résumé n'a pas pu être établi : {markdown_text(message)}.",
    ]
    if problems:
        listing = "\n".join(p.format() for p in sort_problems(problems)[:50])
        fence = _fence(listing, "`")
        out += ["", f"{fence}text", listing, fence]
        if len(problems) > 50:
            out.append(f"… et {len(problems) - 50} autres : `make validate` les donne tous.")
    return "\n".join(out) + "\n"
