"""The search's relevance benchmark: real questions typed into the real search of a built site.

``tests/relevance/questions.yaml`` holds questions as employees, managers and trainers type them,
each with the entries that should come first. :func:`measure` types each one into the search box
of a served site through the box's own hook (``window.playbookSearch.query``, the code the box
runs on every keystroke), in headless Chromium, and reads the results the reader sees: the
ranking measured is the browser engine's own, on the index the build wrote. :func:`summary` gives
success@1, success@5 (one of the expected entries among the first 1 or 5 results) and the mean
reciprocal rank of the first expected entry (0 when none of the first 20 is expected).

Used by ``scripts/bench.py --relevance`` (a table per question and the totals) and by
``tests/browser/test_relevance.py`` (the floor recorded in the questions file).
"""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "relevance" / "questions.yaml"


@dataclass(frozen=True)
class Question:
    ask: str
    expect: tuple[str, ...]
    who: str = ""


@dataclass(frozen=True)
class Answer:
    question: Question
    found: tuple[str, ...]  #: entry ids of the results, best first

    @property
    def rank(self) -> int | None:
        """1-based rank of the first expected entry among the results (``None``: not found)."""
        for n, entry_id in enumerate(self.found, 1):
            if entry_id in self.question.expect:
                return n
        return None


def load(path: Path = QUESTIONS) -> tuple[list[Question], dict[str, float]]:
    """The questions and the recorded floor (``{"success_at_5": ...}``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [Question(str(q["ask"]), tuple(q["expect"]), str(q.get("who", ""))) for q in data["questions"]]
    return questions, {k: float(v) for k, v in (data.get("floor") or {}).items()}


def entry_id(url: str) -> str:
    """The entry id of a result's address (``…/lois/loi-temkin-5/`` or ``…/loi-temkin-5.html``)."""
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last == "index.html":
        last = path.rsplit("/", 2)[-2]
    return last.removesuffix(".html")


_RUN = """async q => {
    await window.playbookSearch.query(q);
    return Array.from(document.querySelectorAll('.md-search-result__item > .md-search-result__link'), a => a.href);
}"""


def measure(page: Any, url: str, questions: list[Question]) -> list[Answer]:
    """Every question typed into the search of the site at ``url``, in ``page`` (Playwright)."""
    page.goto(url)
    page.locator(".md-search__input").focus()  # starts the search, as a reader does
    answers = []
    for question in questions:
        links = page.evaluate(_RUN, question.ask)
        answers.append(Answer(question, tuple(entry_id(link) for link in links)))
    return answers


def summary(answers: list[Answer]) -> dict[str, float]:
    ranks = [a.rank for a in answers]
    n = len(answers) or 1
    return {
        "questions": float(len(answers)),
        "success_at_1": sum(1 for r in ranks if r == 1) / n,
        "success_at_5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks if r is not None) / n,
    }


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` served on 127.0.0.1 (a random port), like any static host; its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run(site: Path, questions: list[Question]) -> list[Answer]:
    """The questions asked of the built site in ``site``, in a fresh headless Chromium."""
    from playwright.sync_api import sync_playwright

    from playbook.pdf_printer import CHROMIUM, CHROMIUM_ARGS  # the system's Chromium, the project's flags

    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
        try:
            return measure(browser.new_page(), url, questions)
        finally:
            browser.close()


def report(answers: list[Answer]) -> str:
    """A Markdown table, one row per question, and the totals."""
    lines = ["| who | question | rank of the first expected entry | first result |", "| --- | --- | ---: | --- |"]
    for a in answers:
        lines.append(f"| {a.question.who} | {a.question.ask} | {a.rank or '—'} | {a.found[0] if a.found else '—'} |")
    totals = summary(answers)
    lines.append("")
    lines.append(
        f"{len(answers)} questions: success@1 {totals['success_at_1']:.3f}, success@5 {totals['success_at_5']:.3f}, "
        f"MRR {totals['mrr']:.3f}"
    )
    return "\n".join(lines)
