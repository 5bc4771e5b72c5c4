"""`mkdocs serve` always answers: a real server (subprocess, free port) on a copy of the mini
project, an entry broken and fixed twice while it runs.

- every failed rebuild prints its located message, the second time too (MkDocs' duplicate
  filter used to leave only « Aborted with a BuildError! »);
- while the entry is wrong, a page requested answers at once with the French error page (file,
  line, message, hint), instead of waiting for a build that succeeds;
- once the file is fixed, the page comes back;
- the start is quiet: no list of the generated pages « not included in the nav », and the line
  saying what is watched names ``laws``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from serving import mini_served_project, mkdocs_serve

pytestmark = pytest.mark.slow

LAW = Path("laws") / "lois" / "loi-temkin-4.yaml"
TITLE = "title: Des employés non impliqués ne font pas des clients impliqués"
#: A beginner's mistake: no space after the colon (the YAML is then not `field: value`).
BROKEN = "title:Des employés non impliqués ne font pas des clients impliqués"
#: How the console names the problem (file:line:column: error:).
LOCATED = f"{LAW.as_posix()}:"


def _error_page(answer: tuple[int, str]) -> bool:
    status, text = answer
    return status == 200 and "Le site n’est pas à jour" in text


def test_serve_answers_with_the_error_page_while_an_entry_is_wrong_and_prints_every_error(
    tmp_path: Path,
) -> None:
    project = mini_served_project(tmp_path / "project")
    law = project / LAW
    good = law.read_text(encoding="utf-8")
    assert TITLE in good
    with mkdocs_serve(project, tmp_path / "serve.log") as server:
        start = server.output()
        assert not _error_page(server.get("lois/loi-temkin-4/"))
        for round_ in (1, 2):  # the same mistake twice: the second time is told as the first
            law.write_text(good.replace(TITLE, BROKEN), encoding="utf-8")
            server.wait_for("the error page", lambda: _error_page(server.get("lois/loi-temkin-4/")))
            page = server.get("lois/loi-temkin-4/")[1]
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
            assert '<html lang="fr">' in page
            assert "Le site n’est pas à jour" in text
            assert f"Fichier {LAW.as_posix()} , ligne " in text
            assert "erreur de syntaxe YAML : pas d'espace après les deux-points" in text
            assert "Piste :" in text
            # every page of the site answers so, at once; the style sheets and scripts still load
            assert _error_page(server.get("cas/coolblue/")) and _error_page(server.get(""))
            status, css = server.get("assets/playbook/edition.css")
            assert status == 200 and not _error_page((status, css))
            # the page knows which failure it shows; the server says which one it shows now
            failure = server.get("livereload/playbook-failure")[1]
            assert len(failure) == 16 and f'"{failure}"' in page

            law.write_text(good, encoding="utf-8")
            server.wait_for("the fixed page", lambda: not _error_page(server.get("lois/loi-temkin-4/")))
            status, page = server.get("lois/loi-temkin-4/")
            assert status == 200 and "Des employés non impliqués" in html.unescape(page)
            assert server.get("livereload/playbook-failure") == (200, "")
            assert server.output().count("l'erreur est corrigée") == round_
    output = server.output()

    failures = output.count("le site n'est pas à jour")
    assert failures >= 2, output
    # every failed rebuild printed where the error is, the repeated one too
    assert output.count(LOCATED) == failures, output
    assert "will appear stuck" not in output  # MkDocs' server is never left waiting for a good build

    # A quiet start: what is watched, laws/ included, and no list of pages missing from the nav.
    assert "not included in the" not in output
    watching = [line for line in start.splitlines() if "Watching paths for changes" in line]
    assert len(watching) == 1 and "'laws'" in watching[0], start


def test_serve_starts_on_wrong_content_with_the_error_page_and_builds_the_site_once_fixed(tmp_path: Path) -> None:
    """`make serve` after a mistake saved while no server ran: the server starts anyway."""
    project = mini_served_project(tmp_path / "project")
    law = project / LAW
    good = law.read_text(encoding="utf-8")
    law.write_text(good.replace(TITLE, BROKEN), encoding="utf-8")
    with mkdocs_serve(project, tmp_path / "serve.log") as server:
        for path in ("", "lois/loi-temkin-4/", "cas/coolblue/"):
            answer = server.get(path)
            assert _error_page(answer), answer
        assert f"{LAW.as_posix()}:" in server.output()
        law.write_text(good, encoding="utf-8")
        server.wait_for("the built page", lambda: not _error_page(server.get("lois/loi-temkin-4/")))
        status, page = server.get("lois/loi-temkin-4/")
        assert status == 200 and "Des employés non impliqués" in html.unescape(page)
        assert not _error_page(server.get("cas/coolblue/"))
    output = server.output()
    assert "l'erreur est corrigée" in output
    assert "warning" not in output.lower(), output  # the first build's missing pages say nothing
