"""What each source vouches for, and what comes from elsewhere: the review list of
``python -m playbook validate --sources``.

For every source entry: what its citation says (and what it leaves out), whether its title is
the original's or a description, and the entries drawn from it. Then every entry whose
``source_note`` declares a precision or a fact from outside its source, grouped by source, so a
reviewer can check each one against the article. A fact added *without* such a note cannot be
found by a program (it is ordinary prose); the note is how a contributor makes it visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import say
from .model import Entry, Playbook


@dataclass(frozen=True)
class SourceLine:
    """One source and what depends on it."""

    source: Entry
    cited_by: tuple[Entry, ...]
    notes: tuple[Entry, ...]  #: entries drawn from it that carry a ``source_note``

    @property
    def missing(self) -> tuple[str, ...]:
        """Citation fields the source does not give (left out rather than guessed)."""
        citation = self.source.citation
        return tuple(
            name
            for name in ("author", "publication", "year", "url")
            if citation is None or getattr(citation, name) in (None, "")
        )


def source_lines(playbook: Playbook) -> list[SourceLine]:
    """Every source in the playbook's order, with the entries citing it and their notes."""
    return [
        SourceLine(
            source,
            tuple(playbook.cited_by.get(source.id, ())),
            tuple(e for e in playbook.cited_by.get(source.id, ()) if e.source_note),
        )
        for source in playbook.by_kind["source"]
    ]


def format_source_report(playbook: Playbook) -> str:
    """The report as plain text, one source per block."""
    lines = source_lines(playbook)
    noted = sum(len(line.notes) for line in lines)
    out = [say("_sources", "header", sources=len(lines), notes=noted, entries=_entries(noted))]
    unknown = say("_sources", "not-given-value")
    for line in lines:
        source, citation = line.source, line.source.citation
        descriptive = citation is not None and citation.descriptive_title
        title = say("_sources", "descriptive-title" if descriptive else "original-title")
        out.append("")
        out.append(say("_sources", "source", path=source.display, id=source.id, title=title))
        out.append(say("_sources", "author", value=citation.author if citation and citation.author else unknown))
        publication = citation.publication if citation and citation.publication else unknown
        out.append(say("_sources", "publication", value=publication))
        if line.missing:
            out.append(say("_sources", "not-given", fields=", ".join(line.missing)))
        out.append(say("_sources", "cited-by", count=len(line.cited_by), entries=_entries(len(line.cited_by))))
        for entry in line.notes:
            out.append(say("_sources", "note", path=entry.display, note=entry.source_note))
    return "\n".join(out)


def _entries(count: int) -> str:
    return say("_sources", "entry-one" if count == 1 else "entry-many")
