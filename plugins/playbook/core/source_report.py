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
    out = [
        f"{len(lines)} source(s); {noted} entr{'y' if noted == 1 else 'ies'} with a source_note "
        "(a precision or a fact from outside the source: check each one against the original)"
    ]
    for line in lines:
        source, citation = line.source, line.source.citation
        title = "descriptive title" if citation is not None and citation.descriptive_title else "original title"
        out.append("")
        out.append(f"{source.display}: {source.id} ({title})")
        out.append(f"  author: {citation.author if citation and citation.author else '(not given)'}")
        out.append(f"  publication: {citation.publication if citation and citation.publication else '(not given)'}")
        if line.missing:
            out.append(f"  not given: {', '.join(line.missing)}")
        out.append(f"  cited by {len(line.cited_by)} entr{'y' if len(line.cited_by) == 1 else 'ies'}")
        for entry in line.notes:
            out.append(f"  - {entry.display}: {entry.source_note}")
    return "\n".join(out)
