"""What goes in a book, and in which order: « Le playbook complet » and one book per collection.

A :class:`BookPlan` is a list of numbered chapters, each with its entries (numbered sections), and
the sources at the end. Every entry appears once; a relation, a ``[[id]]`` in a body or a source
points at the entry's anchor in the same book (the printed book shows its page number) or, when
the entry is not in this book, is named without a page.

- **Le playbook complet** (``playbook-complet``): one chapter per collection, in the order of the
  kinds of their members (laws, then commandments, procedures, rules...) with the collection's
  text first and its members in their order; then one chapter per kind for the entries no
  collection holds (cases, questions, notions...), then the training sessions and reading paths;
  the sources close the book.
- **A collection's book** (``<collection id>``): the collection and its members (chapter 1), the
  entries they are related to (chapter 2, « Pour aller plus loin »), and their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import spec
from ..model import Entry, Playbook, sort_key
from .urls import book_pdf

COMPLETE = "playbook-complet"

#: Kinds that close the complete book (after the content), in this order; sources come last: those
#: the team writes for training (they cite no source; a source is cited, it cites none).
_TRAINING_KINDS = tuple(k.name for k in spec.KINDS if not k.source_required and "source" not in k.forbidden)
_KIND_RANK = {k.name: i for i, k in enumerate(spec.KINDS)}


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    anchor: str
    intro: Entry | None  #: a collection whose own text opens the chapter
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class BookPlan:
    slug: str  #: ``playbook-complet`` or the collection's id
    title: str
    subtitle: str
    chapters: tuple[Chapter, ...]
    sources: tuple[Entry, ...]

    @property
    def pdf(self) -> str:
        """The PDF's path below the PDF folder (``livres/playbook-complet.pdf``)."""
        return book_pdf(self.slug)

    def entries(self) -> list[Entry]:
        """Every entry of the book in reading order (collections that open a chapter included)."""
        found: list[Entry] = []
        for chapter in self.chapters:
            if chapter.intro is not None:
                found.append(chapter.intro)
            found.extend(chapter.entries)
        return [*found, *self.sources]

    def numbers(self) -> dict[str, str]:
        """Entry id → its number in the book ("2.3"; "2" for a collection opening chapter 2)."""
        numbers: dict[str, str] = {}
        for chapter in self.chapters:
            if chapter.intro is not None:
                numbers[chapter.intro.id] = str(chapter.number)
            for index, entry in enumerate(chapter.entries, start=1):
                numbers[entry.id] = f"{chapter.number}.{index}"
        return numbers


def anchor(entry: Entry) -> str:
    """The id of an entry's section in a book (entry ids are unique slugs)."""
    return f"entree-{entry.id}"


def _collection_rank(playbook: Playbook, collection: Entry) -> tuple[int, str]:
    members = playbook.members.get(collection.id, [])
    return (min((_KIND_RANK[m.kind.name] for m in members), default=len(_KIND_RANK)), collection.id)


def _chapters(groups: list[tuple[str, Entry | None, list[Entry]]]) -> tuple[Chapter, ...]:
    chapters: list[Chapter] = []
    for title, intro, entries in groups:
        if intro is None and not entries:
            continue
        number = len(chapters) + 1
        chapters.append(Chapter(number, title, f"chapitre-{number}", intro, tuple(entries)))
    return tuple(chapters)


def _sources(playbook: Playbook, entries: list[Entry]) -> tuple[Entry, ...]:
    cited = {source for e in entries for source in e.sources}
    return tuple(s for s in playbook.by_kind["source"] if s.id in cited)


def complete_book(playbook: Playbook) -> BookPlan:
    groups: list[tuple[str, Entry | None, list[Entry]]] = []
    collections = sorted(playbook.by_kind["collection"], key=lambda c: _collection_rank(playbook, c))
    held: set[str] = set()
    for collection in collections:
        members = [m for m in playbook.members.get(collection.id, []) if m.id not in held]
        held.update(m.id for m in members)
        groups.append((collection.title, collection, members))
    for kind in spec.KINDS:
        if kind.name in ("collection", "source", *_TRAINING_KINDS):
            continue
        groups.append((kind.plural, None, [e for e in playbook.by_kind[kind.name] if e.id not in held]))
    for name in _TRAINING_KINDS:
        groups.append((spec.KINDS_BY_NAME[name].plural, None, list(playbook.by_kind[name])))
    chapters = _chapters(groups)
    shown = [e for c in chapters for e in ((c.intro,) if c.intro else ()) + c.entries]
    return BookPlan(
        COMPLETE, "Le playbook complet", "Toutes les entrées du playbook", chapters, _sources(playbook, shown)
    )


def collection_book(playbook: Playbook, collection: Entry) -> BookPlan:
    members = list(playbook.members.get(collection.id, []))
    inside = {collection.id, *(m.id for m in members)}
    related: dict[str, Entry] = {}
    for entry in [collection, *members]:
        for group in playbook.links(entry.id):
            for other in group.entries:
                if other.id not in inside and other.kind.name not in ("source", *_TRAINING_KINDS):
                    related[other.id] = other
        for ref in entry.inline_refs:
            if ref in playbook.entries or ref in playbook.former:
                other = playbook.resolve(ref)
                if other.id not in inside and other.kind.name not in ("source", *_TRAINING_KINDS):
                    related[other.id] = other
    further = sorted(related.values(), key=sort_key)
    chapters = _chapters([(collection.title, collection, members), ("Pour aller plus loin", None, further)])
    return BookPlan(
        collection.id,
        collection.title,
        f"{spec.KINDS_BY_NAME['collection'].label} et ses entrées liées",
        chapters,
        _sources(playbook, [collection, *members, *further]),
    )


def book_plans(playbook: Playbook) -> list[BookPlan]:
    """« Le playbook complet », then one book per collection that has members."""
    plans = [complete_book(playbook)]
    plans += [collection_book(playbook, c) for c in playbook.by_kind["collection"] if playbook.members.get(c.id)]
    return plans
