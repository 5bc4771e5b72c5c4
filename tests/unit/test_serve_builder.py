"""The incremental builder's contract with `mkdocs serve`, and what it does when a rebuild fails
(no build here: stand-in callables; tests/site/test_serve_errors.py runs a real server)."""

from __future__ import annotations

import gc
import logging

import pytest

from playbook.core.problems import Problem
from playbook.core.render.error_page import FAILURE_PATH, error_page, failure_id
from playbook.mkdocs_plugin.serve import (
    BuildOutcome,
    ErrorPages,
    Failure,
    FullBuildNeeded,
    IncrementalBuilder,
    forget_printed_messages,
)


def test_an_incremental_rebuild_runs_without_garbage_collection_and_restores_it() -> None:
    seen: list[bool] = []
    builder = IncrementalBuilder(lambda: seen.append(gc.isenabled()) or 3, lambda *a: pytest.fail("full build"))
    assert gc.isenabled()
    builder()
    assert seen == [False] and gc.isenabled() and builder.incremental_builds == 1


@pytest.mark.parametrize("error", [FullBuildNeeded("new entry"), RuntimeError("boom")])
def test_anything_the_incremental_rebuild_cannot_do_gets_the_full_build(error: Exception) -> None:
    full: list[tuple] = []

    def rebuild() -> int:
        raise error

    builder = IncrementalBuilder(rebuild, lambda *args: full.append(args))
    builder()
    assert full == [()] and builder.full_builds == 1 and gc.isenabled()
    builder("config")  # the first build of `mkdocs serve` passes its config: always a full build
    assert full == [(), ("config",)]


def test_garbage_collection_stays_off_if_it_was_off() -> None:
    builder = IncrementalBuilder(lambda: 1, lambda *a: None)
    gc.disable()
    try:
        builder()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_full_build_unfreezes_the_previous_site_and_freezes_its_own() -> None:
    frozen_during: list[int] = []
    builder = IncrementalBuilder(lambda: None, lambda *a: frozen_during.append(gc.get_freeze_count()))
    try:
        gc.freeze()
        assert gc.get_freeze_count() > 0
        builder()  # rebuild() gives None: a full build is needed
        assert frozen_during == [0]  # the previous build's objects were collectable again
        assert gc.get_freeze_count() > 0  # and what this one left is kept out of collection passes
    finally:
        gc.unfreeze()


class _Outcome(BuildOutcome):
    def __init__(self) -> None:
        self.told: list[tuple[str, list[str]]] = []

    def failed(self, error: Exception, messages: list[str]) -> None:
        self.told.append((str(error), messages))

    def succeeded(self) -> None:
        self.told.append(("ok", []))


def test_a_failed_rebuild_is_told_with_what_it_logged_and_never_raised_to_the_server() -> None:
    """MkDocs' server keeps every page request waiting after a rebuild raises: it must not."""

    def full_build(*config: object) -> None:
        logging.getLogger("mkdocs.commands.build").error("laws/x.yaml:3:1: error: wrong")
        raise RuntimeError("Aborted with a BuildError!")

    outcome = _Outcome()
    builder = IncrementalBuilder(lambda: None, full_build, outcome)
    builder()  # not raised
    assert outcome.told == [("Aborted with a BuildError!", ["laws/x.yaml:3:1: error: wrong"])]
    with pytest.raises(RuntimeError):
        builder("config")  # the first build, before the server starts: its errors stop `mkdocs serve`
    IncrementalBuilder(lambda: 2, full_build, outcome)()  # an incremental rebuild that works
    assert outcome.told[-1] == ("ok", [])


def _call(app: ErrorPages, path: str) -> tuple[str, dict[str, str], bytes]:
    answer: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.update(status=status, headers=dict(headers))

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return str(answer["status"]), answer["headers"], body  # type: ignore[return-value]


def test_while_a_rebuild_has_failed_every_page_answers_with_the_error_page_and_nothing_else_does() -> None:
    failure: list[Failure | None] = [None]
    site = ErrorPages(lambda environ, start: start("200 OK", [("X-Site", "1")]) or [b"site"], lambda: failure[0])
    pages = ["/", "/lois/loi-temkin-4/", "/lois/loi-temkin-4/index.html", "/lois"]
    assets = ["/assets/playbook/edition.css", "/search/d0.js", "/livereload/17/18"]
    assert all(_call(site, path)[2] == b"site" for path in pages + assets)
    assert _call(site, FAILURE_PATH)[2] == b""  # no failure: the error page would reload

    failure[0] = Failure("0123456789abcdef", b"<html>erreur</html>")
    for path in pages:
        status, headers, body = _call(site, path)
        assert (status, body) == ("200 OK", b"<html>erreur</html>")
        assert headers["Cache-Control"] == "no-store" and headers["Content-Type"].startswith("text/html")
    assert all(_call(site, path)[2] == b"site" for path in assets)
    assert _call(site, FAILURE_PATH)[2] == b"0123456789abcdef"


def test_the_error_page_shows_each_problem_in_french_escaped_and_knows_its_failure() -> None:
    problem = Problem("laws/cas/x.yaml", 3, 7, "bad <script>alert(1)</script>", "write \x1b[31mthis")
    page = error_page([problem], site_name="Playbook")
    assert '<html lang="fr">' in page and "Le site n’est pas à jour" in page
    assert "Le contenu a 1 erreur." in page
    assert "Fichier <code>laws/cas/x.yaml</code>, ligne 3, colonne 7" in page
    assert "<script>alert" not in page and "bad &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "write \\x1b[31mthis" in page
    assert f'"{failure_id([problem], [])}"' in page and FAILURE_PATH in page
    # without located problems (a build that failed for another reason): what the build said
    other = error_page([], ["Aborted with 2 warnings in strict mode!"])
    assert "La construction du site a échoué" in other and "Aborted with 2 warnings" in other
    assert failure_id([], ["a"]) != failure_id([], ["b"])


def test_mkdocs_duplicate_filter_forgets_at_each_build() -> None:
    """MkDocs' command line drops a message its build logger printed before in the process."""
    from mkdocs.utils import DuplicateFilter

    logger = logging.getLogger("mkdocs.commands.build")
    duplicates = DuplicateFilter()
    logger.addFilter(duplicates)
    try:
        record = logging.LogRecord("mkdocs.commands.build", logging.ERROR, __file__, 1, "x.yaml:3: error", None, None)
        assert duplicates(record) and not duplicates(record)
        assert forget_printed_messages()
        assert duplicates(record)  # printed again, as a new build meets it again
    finally:
        logger.removeFilter(duplicates)
