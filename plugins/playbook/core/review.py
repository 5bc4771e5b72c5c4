"""Review dates: when each entry was last reviewed, by whom, and when it is due again.

An entry says who keeps it up to date (``owner``), when it was last reviewed (``reviewed``) and,
optionally, how many months may pass before the next review (``review_every``). Otherwise the
period comes from the playbook's :class:`ReviewPolicy` (plugin option ``review`` in
``mkdocs.yml``: ``every`` months, ``by_kind`` per kind, ``due_soon_days``), else
:data:`~.spec.DEFAULT_REVIEW_MONTHS`.

"Today" is always given by the caller, never read from the clock here: the site uses the
edition's date (:mod:`.edition`), so two builds of one commit are identical;
``python -m playbook review`` uses the day it runs (``--today`` pins it).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import spec
from .edition import french_date
from .messages import listing, quote, say
from .model import Entry

#: States of an entry's review, from the most urgent.
OVERDUE, NEVER, SOON, CURRENT = "overdue", "never", "soon", "current"
#: What ``review`` lists (and the weekly issue): the others need nothing yet.
TO_DO = (OVERDUE, NEVER, SOON)
NO_OWNER = "(sans responsable)"


class PolicyError(ValueError):
    """The ``review`` option of ``mkdocs.yml`` is not usable; the message says how to fix it."""


@dataclass(frozen=True)
class ReviewPolicy:
    """How often entries are reviewed when they do not say it themselves."""

    every: int = spec.DEFAULT_REVIEW_MONTHS  #: months, for the whole playbook
    by_kind: Mapping[str, int] = field(default_factory=dict)  #: kind name → months
    due_soon_days: int = 30  #: "due soon" this many days before the due date

    def __hash__(self) -> int:
        return hash((self.every, tuple(sorted(self.by_kind.items())), self.due_soon_days))

    @classmethod
    def from_options(cls, options: Mapping[str, object] | None, origin: str | None = None) -> ReviewPolicy:
        """The policy from the plugin's ``review`` option; :class:`PolicyError` when it is not valid
        (``origin``: where the option was read, ``mkdocs.yml: option « review » …``)."""
        if not options:
            return cls()
        origin = origin or say("_review", "option")
        if not isinstance(options, Mapping):
            raise PolicyError(say("_review", "policy-not-a-mapping", origin=origin))
        unknown = sorted(set(options) - {"every", "by_kind", "due_soon_days"})
        if unknown:
            raise PolicyError(
                say("_review", "policy-unknown-keys", origin=origin, keys=listing([quote(k) for k in unknown]))
            )
        every = _months(options.get("every", spec.DEFAULT_REVIEW_MONTHS), f"{origin}.every")
        by_kind_raw = options.get("by_kind") or {}
        if not isinstance(by_kind_raw, Mapping):
            raise PolicyError(say("_review", "policy-by-kind-not-a-mapping", origin=origin))
        by_kind = {}
        for kind, months in by_kind_raw.items():
            if kind not in spec.KINDS_BY_NAME:
                raise PolicyError(
                    say(
                        "_review",
                        "policy-unknown-kind",
                        origin=origin,
                        kind=quote(kind),
                        kinds=", ".join(spec.KIND_NAMES),
                    )
                )
            by_kind[str(kind)] = _months(months, f"{origin}.by_kind.{kind}")
        soon = options.get("due_soon_days", 30)
        if type(soon) is not int or not 0 <= soon <= 366:
            raise PolicyError(say("_review", "policy-days", origin=origin, value=repr(soon)))
        return cls(every, dict(sorted(by_kind.items())), soon)

    def months(self, entry: Entry) -> int:
        """Months between two reviews of ``entry``: its own, else its kind's, else the playbook's."""
        if entry.review_every is not None:
            return entry.review_every
        return self.by_kind.get(entry.kind.name, self.every)


def _months(value: object, origin: str) -> int:
    if type(value) is not int or not 1 <= value <= spec.MAX_REVIEW_MONTHS:
        raise PolicyError(say("_review", "policy-months", origin=origin, max=spec.MAX_REVIEW_MONTHS, value=repr(value)))
    return value


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewStatus:
    """Where one entry stands: reviewed when and by whom, due when, and the state on ``today``."""

    entry: Entry
    due: dt.date | None  #: ``None`` when the entry was never reviewed
    state: str  #: :data:`OVERDUE`, :data:`NEVER`, :data:`SOON` or :data:`CURRENT`; ``""`` when today is unknown
    months: int

    @property
    def owner(self) -> str:
        return self.entry.owner or NO_OWNER

    @property
    def reviewed_text(self) -> str | None:
        return french_date(self.entry.reviewed) if self.entry.reviewed else None

    @property
    def due_text(self) -> str | None:
        return french_date(self.due) if self.due else None

    def describe(self) -> str:
        """One line for ``review``'s text and annotations, in the run's language."""
        if self.state == NEVER:
            return say("_review", "never-reviewed")
        assert self.due is not None and self.entry.reviewed is not None
        return say(
            "_review",
            "was-due" if self.state == OVERDUE else "is-due",
            reviewed=self.entry.reviewed.isoformat(),
            due=self.due.isoformat(),
            months=self.months,
        )

    @property
    def state_text(self) -> str:
        """The state, as ``review``'s text says it (« en retard », « jamais relue », « bientôt »)."""
        return say("_review", f"state-{self.state}") if self.state in TO_DO else self.state


def status(entry: Entry, policy: ReviewPolicy, today: dt.date | None) -> ReviewStatus:
    """The review status of ``entry`` on ``today`` (``None``: unknown day, no state)."""
    months = policy.months(entry)
    due = add_months(entry.reviewed, months) if entry.reviewed else None
    if today is None:
        state = ""
    elif due is None:
        state = NEVER
    elif due < today:
        state = OVERDUE
    elif (due - today).days <= policy.due_soon_days:
        state = SOON
    else:
        state = CURRENT
    return ReviewStatus(entry, due, state, months)


def to_review(entries: Iterable[Entry], policy: ReviewPolicy, today: dt.date) -> dict[str, list[ReviewStatus]]:
    """Entries overdue, never reviewed or due soon, grouped by owner (owners sorted, entries by due date)."""
    groups: dict[str, list[ReviewStatus]] = {}
    for entry in entries:
        found = status(entry, policy, today)
        if found.state in TO_DO:
            groups.setdefault(found.owner, []).append(found)
    rank = {state: i for i, state in enumerate(TO_DO)}
    return {
        owner: sorted(items, key=lambda s: (rank[s.state], s.due or dt.date.min, s.entry.id))
        for owner, items in sorted(groups.items(), key=lambda kv: (kv[0] == NO_OWNER, kv[0].lower()))
    }


def format_text(groups: Mapping[str, list[ReviewStatus]], today: dt.date) -> str:
    """The report as plain text, one block per owner."""
    if not groups:
        return say("_review", "nothing-due", today=today.isoformat()) + "\n"
    lines: list[str] = []
    counts = {state: sum(1 for items in groups.values() for s in items if s.state == state) for state in TO_DO}
    width = max(len(say("_review", f"state-{state}")) for state in TO_DO)
    for owner, items in groups.items():
        lines.append(f"{owner} ({len(items)})")
        for item in items:
            state = f"{item.state_text:<{width}}"
            lines.append(
                say("_review", "item", state=state, path=item.entry.display, id=item.entry.id, status=item.describe())
            )
        lines.append("")
    lines.append(
        say(
            "_review",
            "totals",
            overdue=counts[OVERDUE],
            never=counts[NEVER],
            soon=counts[SOON],
            today=today.isoformat(),
        )
    )
    return "\n".join(lines) + "\n"


#: GitHub refuses an issue body over 65,536 characters; the review issue stays well below (counted
#: in UTF-8 bytes, never fewer than characters).
ISSUE_MAX = 60_000
#: Where the whole list is: said at the top of the issue and wherever the list is cut.
FULL_LIST_COMMAND = "python -m playbook review"


def format_issue(groups: Mapping[str, list[ReviewStatus]], today: dt.date, edit_base: str) -> str:
    """The body of the weekly review issue (GitHub Markdown, in French): how many entries each
    owner has overdue or never reviewed, then those entries by owner, a box each, with a link to
    edit the file (``edit_base`` + the file's path, e.g. ``https://github.com/org/repo/edit/main/``).

    Bounded: at most :data:`ISSUE_MAX` bytes whatever the number of entries; past that the list
    is cut and says how many entries it leaves out and which command lists them all. Nothing in
    it mentions anyone: owners are shown as code (``@org/team`` notifies nobody), and an ``@`` in
    a title is the full-width ``＠``."""
    late = {owner: [s for s in items if s.state in (OVERDUE, NEVER)] for owner, items in groups.items()}
    late = {owner: items for owner, items in late.items() if items}
    total = sum(len(items) for items in late.values())
    body = _BoundedLines(ISSUE_MAX)
    body.add(
        f"Entrées à relire au {french_date(today)} : {total} (liste complète : `{FULL_LIST_COMMAND}`). "
        "Relire une entrée : vérifier son texte, puis mettre à jour `reviewed:` (et `changes:` si le "
        "changement compte pour le lecteur)."
    )
    body.add("")
    if not late:
        body.add("Aucune entrée en retard de relecture.")
        return body.text()
    body.reserve(_cut_note(total, len(late)))
    summary = ["| Responsable | En retard | Jamais relues |", "| --- | ---: | ---: |"]
    for owner, items in late.items():
        never = sum(1 for s in items if s.state == NEVER)
        summary.append(f"| {_handle(owner)} | {len(items) - never} | {never} |")
    owners_shown = sum(1 for line in summary if body.add(line)) - 2
    body.add("")
    if owners_shown < len(late):
        body.close(_cut_note(total, len(late) - max(0, owners_shown)))
        return body.text()
    shown = 0
    for owner, items in late.items():  # once a line does not fit, no later line is added
        body.add(f"### {_handle(owner)} ({len(items)})")
        body.add("")
        for item in items:
            link = edit_base.rstrip("/") + "/" + item.entry.display
            when = (
                f"relue le {item.reviewed_text}, à relire depuis le {item.due_text}"
                if item.entry.reviewed is not None
                else "jamais relue"
            )
            shown += body.add(f"- [ ] [{_md(item.entry.title)}]({link}) (`{item.entry.id}`) : {when}")
        body.add("")
    if shown < total:
        body.close(_cut_note(total - shown))
    return body.text()


class _BoundedLines:
    """Lines of text that never exceed ``limit`` UTF-8 bytes, room kept for a closing note."""

    def __init__(self, limit: int) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.limit = limit
        self.kept = 0

    def reserve(self, note: str) -> None:
        self.kept = len(note.encode()) + 2

    def add(self, line: str) -> bool:
        """Add ``line`` if it fits (with the room reserved); once one does not, no more line is added."""
        cost = len(line.encode()) + 1
        if self.size + cost + self.kept > self.limit or (self.lines and self.lines[-1] is _FULL):
            if not self.lines or self.lines[-1] is not _FULL:
                self.lines.append(_FULL)
            return False
        self.lines.append(line)
        self.size += cost
        return True

    def close(self, note: str) -> None:
        self.lines = [line for line in self.lines if line is not _FULL]
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines.append(note)

    def text(self) -> str:
        return "\n".join(line for line in self.lines if line is not _FULL).rstrip("\n") + "\n"


_FULL = "\0full"  #: marks a :class:`_BoundedLines` that refused a line


def _cut_note(left: int, owners: int = 0) -> str:
    plural = "s" if left > 1 else ""
    whose = f" (de {owners} responsable{'s' if owners > 1 else ''})" if owners else ""
    return (
        f"_Liste tronquée (taille limite d’un ticket) : {left} entrée{plural}{whose} non listée{plural} ici. "
        f"Liste complète : `{FULL_LIST_COMMAND}`._"
    )


def _handle(owner: str) -> str:
    """An owner as code: GitHub notifies nobody for a handle in a code span."""
    return "`" + owner.replace("`", "ʼ") + "`"


def _md(text: str) -> str:
    """Text for a Markdown line: the characters that would make links, markup or emphasis escaped,
    and ``@`` made the full-width ``＠`` (GitHub would notify the handle that follows)."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else "＠" if c == "@" else c for c in text)


def format_github(groups: Mapping[str, list[ReviewStatus]], today: dt.date) -> str:
    """The report as GitHub Actions annotations: one warning per entry, on the line of its ``reviewed``."""
    from .loader import locate  # only here: reading positions needs the YAML parser

    out = []
    for owner, items in groups.items():
        for item in items:
            line = 1
            if item.entry.reviewed is not None:
                try:
                    text = item.entry.path.read_text(encoding="utf-8")
                    line = locate(text, ["reviewed"])[0] or 1
                except OSError:
                    pass
            title = say("_review", "annotation-title", state=item.state_text)
            message = say(
                "_review", "annotation", id=item.entry.id, owner=owner, status=item.describe(), today=today.isoformat()
            )
            out.append(f"::warning file={_prop(item.entry.display)},line={line},title={_prop(title)}::{_data(message)}")
    return "\n".join(out) + ("\n" if out else "")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
