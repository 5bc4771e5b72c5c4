"""What keeps a page alive: its review status, its history and the « Signaler une erreur » link
(and the search's « Signaler cette recherche », the same kind of prefilled issue).

:class:`Living` is what the renderer needs on top of the entries: the git history
(:mod:`.history`), the review policy and the day that decides what is overdue (the edition's
date: never the clock, see :mod:`.edition`), and the repository issues are opened on. Two
:class:`Living` are equal when every page they render would be: under ``mkdocs serve``, a new
commit or a new edition date makes the core render every page again.

Readers see, from git, *when* an entry changed (when it was added, how many times and when it
was last modified) and a link to its full history on the repository; never a commit message or
hash, which are written for developers (:class:`EntryLife` has no field that carries them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from .edition import french_date
from .history import UNAVAILABLE, History
from .model import Entry
from .review import ReviewPolicy, ReviewStatus, status

#: Hosts whose issue form (``/issues/new?title=&body=``) and file history (``/commits/HEAD/<path>``)
#: are known.
ISSUE_HOSTS = ("github.com",)
#: Stands for the reader's selected text in the issue body; ``playbook.js`` replaces it with the
#: quoted selection when the reader clicks (without JavaScript, the reader sees the placeholder).
SELECTION_MARK = "(collez ici le passage concerné)"
#: Stands for the edition; ``playbook.js`` replaces it with the edition printed on the page's sheets
#: (from ``edition.css``: the pages themselves do not change with every commit).
EDITION_MARK = "(voir le pied de page des feuilles imprimées)"
#: Stand for the query, what it found and the page it was typed on, in the search's issue form
#: (:meth:`Living.search_report`); ``playbook-search.js`` replaces them.
QUERY_MARK = "{requête}"
RESULTS_MARK = "{résultats}"
PAGE_MARK = "{page}"


def repository_base(repo_url: str) -> str | None:
    """``https://github.com/org/repo``, or ``None`` when the host's addresses are not known."""
    parts = urlsplit(repo_url.strip())
    path = parts.path.strip("/").removesuffix(".git")
    if parts.scheme != "https" or parts.netloc.lower() not in ISSUE_HOSTS or path.count("/") != 1:
        return None
    return f"https://{parts.netloc.lower()}/{path}"


def issue_base(repo_url: str) -> str | None:
    """``https://github.com/org/repo/issues/new``, or ``None`` when issues cannot be opened there."""
    base = repository_base(repo_url)
    return f"{base}/issues/new" if base else None


@dataclass(frozen=True)
class EntryLife:
    """What an entry page shows about the entry's upkeep: dates and a count, never a commit's
    message or hash (they are for developers, and in English)."""

    review: ReviewStatus
    history_available: bool
    changes: int  #: how many times git recorded the entry's file (its creation included)
    created: dt.date | None  #: the day of its first commit
    updated: dt.date | None  #: the day of its last commit
    history_url: str | None  #: the file's full history on the repository
    report_url: str | None
    history_complete: bool = True  #: False in a shallow clone: « Historique incomplet »


@dataclass(frozen=True)
class Living:
    history: History = UNAVAILABLE
    policy: ReviewPolicy = field(default_factory=ReviewPolicy)
    today: dt.date | None = None  #: the edition's date; ``None``: unknown (no state is shown)
    repo_url: str = ""

    def entry(self, entry: Entry, page_url: str) -> EntryLife:
        """The review status, history and report link of ``entry``, whose page is at ``page_url``."""
        commits = self.history.of(entry)
        return EntryLife(
            status(entry, self.policy, self.today),
            self.history.available,
            len(commits),
            min(c.date for c in commits) if commits else None,
            max(c.date for c in commits) if commits else None,
            self.history_url(entry),
            self.report_url(entry, page_url),
            self.history.complete,
        )

    def history_url(self, entry: Entry) -> str | None:
        """Every change of ``entry``'s file on the repository (``None``: no known repository, or a
        file outside the project)."""
        base = repository_base(self.repo_url) if self.repo_url and self.history.available else None
        path = self.history.path_of(entry) if base else None
        return f"{base}/commits/HEAD/{quote(path)}" if base and path else None

    def report_url(self, entry: Entry, page_url: str) -> str | None:
        """A prefilled « new issue » form for ``entry`` (``None`` without a known repository)."""
        base = issue_base(self.repo_url) if self.repo_url else None
        if base is None:
            return None
        title = f"Erreur dans « {entry.title} » ({entry.id})"
        body = "\n".join(
            [
                f"Entrée : `{entry.id}`",
                f"Page : {page_url}",
                f"Édition : {EDITION_MARK}",
                "",
                "Passage concerné :",
                "",
                f"> {SELECTION_MARK}",
                "",
                "Ce qui ne va pas, et la correction proposée :",
                "",
            ]
        )
        return f"{base}?title={quote(title, safe='')}&body={quote(body, safe='')}"

    def search_report(self) -> dict[str, str] | None:
        """The « Signaler cette recherche » issue form the search box fills in when a query found
        little (``None`` without a known repository): the address of the « new issue » form, and
        a title and body with :data:`QUERY_MARK`, :data:`RESULTS_MARK` and :data:`PAGE_MARK` for
        the search box to replace (with the query, what it found, and the page it was typed on)."""
        base = issue_base(self.repo_url) if self.repo_url else None
        if base is None:
            return None
        body = "\n".join(
            [
                f"Recherche : « {QUERY_MARK} »",
                f"Résultats : {RESULTS_MARK}",
                f"Page : {PAGE_MARK}",
                f"Édition : {EDITION_MARK}",
                "",
                "Ce que je cherchais (la situation, les mots que j’attendais) :",
                "",
            ]
        )
        return {"url": base, "title": f"Recherche sans bonne réponse : « {QUERY_MARK} »", "body": body}

    def reviewed_span(self, entries: Iterable[Entry]) -> str | None:
        """For a printed sheet of several entries: "relu le X" or "relu du X au Y" (``None``: no date)."""
        days = sorted({e.reviewed for e in entries if e.reviewed is not None})
        if not days:
            return None
        if len(days) == 1:
            return f"relu le {french_date(days[0])}"
        return f"relu du {french_date(days[0])} au {french_date(days[-1])}"
