"""`mkdocs serve` after an edit of an entry: only the pages the edit reaches are built again, and
the site is then exactly what a full build of the edited content gives (nothing stale).

The builds here run in-process, the way `mkdocs serve` runs them: a first full build, then the
plugin's ``on_serve`` puts its incremental builder in front of the server's, and each edit calls
it as the server's file watcher would.
"""

from __future__ import annotations

import filecmp
import logging
import os
import re
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import read_search_index
from serving import mini_served_project, mkdocs_serve

pytestmark = pytest.mark.slow

SERVE_URL = "http://127.0.0.1:8000/"


class Served:
    """A project built as `mkdocs serve` builds it, with the builder the plugin installed."""

    def __init__(self, project: Path, site: Path):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        self.project, self.site = project, site
        self.full_builds = 0

        def get_config():
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
            config.site_url = SERVE_URL
            return config

        def full_build(config=None) -> None:
            self.full_builds += 1
            build(config or get_config(), serve_url=SERVE_URL)

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        full_build(config)
        self.full_builds = 0

        class Server:
            def __init__(self) -> None:
                self.builder: Callable[..., None] = full_build
                self.watched: list[str] = []

            def watch(self, path: str) -> None:
                self.watched.append(path)

        self.server = config.plugins.on_serve(Server(), config=config, builder=full_build)

    def rebuild(self) -> None:
        """What the server does when its watcher sees a change."""
        self.server.builder()

    def snapshot(self) -> dict[str, tuple[int, bytes]]:
        return {
            p.relative_to(self.site).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(self.site.rglob("*"))
            if p.is_file()
        }


def _project(tmp_path: Path, nav: bool = True) -> Path:
    return mini_served_project(tmp_path / "project", nav=nav)


@pytest.fixture(autouse=True)
def _dated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: every build dated alike


@pytest.fixture
def served(tmp_path: Path) -> Served:
    return Served(_project(tmp_path), tmp_path / "site")


def _full_build_of(project: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL)


def _same_site(a: Path, b: Path) -> list[str]:
    """Files that differ between two built sites (or exist in one only)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b)
    differ += [f for f in sorted(files_a & files_b) if not filecmp.cmp(a / f, b / f, shallow=False)]
    return differ


def _search_docs(site: Path) -> list[list]:
    """The search index's documents: [url, title, kind, summary]."""
    return [doc for name, chunk in read_search_index(site).items() if name.startswith("d") for doc in chunk]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rebuilds_the_entry_and_its_backlink_neighbours_only(served: Served, tmp_path: Path) -> None:
    before = served.snapshot()
    law = served.project / "laws" / "lois" / "loi-temkin-4.yaml"
    _edit(
        law,
        "title: Des employés non impliqués ne font pas des clients impliqués",
        "title: Des employés désengagés font des clients désengagés",
    )
    served.rebuild()

    assert served.full_builds == 0, "the edit should not have needed a full build"
    after = served.snapshot()
    assert before.keys() == after.keys()
    rewritten = {path for path in after if after[path] != before[path]}
    # The edited entry, the pages that link to it (their link text is its title), the pages that
    # list it: its kind's index, its tags, its collection; and the search index.
    for page in [
        "lois/loi-temkin-4/index.html",
        "lois/index.html",
        "etiquettes/management/index.html",
        "collections/lois-temkin/index.html",
        "search/d0.js",
    ]:
        assert page in rewritten, page
    html = (served.site / "lois/loi-temkin-4/index.html").read_text(encoding="utf-8")
    assert "Des employés désengagés font des clients désengagés" in html
    # A backlink neighbour: the case the law links to shows it among the entries pointing to it.
    neighbour = (served.site / "cas/coolblue/index.html").read_text(encoding="utf-8")
    assert "Des employés désengagés" in neighbour
    assert "cas/coolblue/index.html" in rewritten
    # Entries the edit does not reach are not even written again.
    untouched = [
        p for p in after if p.endswith("index.html") and p.startswith(("questions/", "notions/")) and p not in rewritten
    ]
    assert untouched, "some entry pages are unrelated to the edit"
    for page in untouched:
        assert after[page] == before[page]
    assert len(rewritten) < len(after) / 3

    titles = [doc[1] for doc in _search_docs(served.site)]
    assert "Des employés désengagés font des clients désengagés" in titles
    assert not any("Des employés non impliqués" in title for title in titles)

    # Nothing stale: the served site is the one a full build of the edited content gives.
    _full_build_of(served.project, tmp_path / "full")
    assert _same_site(served.site, tmp_path / "full") == []


def test_successive_edits_stay_identical_to_a_full_build(served: Served, tmp_path: Path) -> None:
    laws = served.project / "laws"
    _edit(
        laws / "lois" / "loi-temkin-4.yaml",
        "aliases: [engagement des employés]",
        "aliases: [engagement des employés, implication]",
    )
    served.rebuild()
    _edit(laws / "cas" / "coolblue.yaml", "title:", "title: Nouveau —")
    served.rebuild()
    # An edit that does not change the entry's pages at all (a YAML comment): nothing is written.
    before = served.snapshot()
    with open(laws / "cas" / "coolblue.yaml", "a", encoding="utf-8") as stream:
        stream.write("# relu\n")
    served.rebuild()
    assert served.snapshot() == before
    assert served.full_builds == 0
    # the new alias is a word of the index, and names the law
    index = read_search_index(served.site)
    assert index["w11"]["w"]["implication"] == "impliqu"
    assert any("=implication" in chunk for name, chunk in index.items() if name.startswith("q"))
    _full_build_of(served.project, tmp_path / "full")
    assert _same_site(served.site, tmp_path / "full") == []


def test_without_git_the_site_date_follows_the_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No git history: the site is dated by its newest file, so an edit moves the date of every
    page in the sitemap and of the printed sheets; the incremental build follows."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    served = Served(_project(tmp_path), tmp_path / "site")
    law = served.project / "laws" / "lois" / "loi-temkin-4.yaml"
    sitemap = (served.site / "sitemap.xml").read_text(encoding="utf-8")
    _edit(law, "title: Des employés non impliqués", "title: Des salariés non impliqués")
    later = time.time() + 3 * 86400  # three days later, so the date printed on the sheets changes too
    os.utime(law, (later, later))
    served.rebuild()
    assert served.full_builds == 0
    assert (served.site / "sitemap.xml").read_text(encoding="utf-8") != sitemap
    _full_build_of(served.project, tmp_path / "full")
    assert _same_site(served.site, tmp_path / "full") == []


@pytest.mark.parametrize("change", ["new entry", "error", "docs page"])
def test_other_changes_get_a_full_build(
    served: Served, change: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    laws = served.project / "laws"
    if change == "new entry":
        text = (laws / "lois" / "loi-temkin-4.yaml").read_text(encoding="utf-8")
        (laws / "lois" / "loi-temkin-5.yaml").write_text(
            text.replace("id: loi-temkin-4", "id: loi-temkin-5").replace("order: 4", "order: 5"), encoding="utf-8"
        )
    elif change == "error":
        _edit(laws / "lois" / "loi-temkin-4.yaml", "kind: law", "kind: lawz")
    else:
        _edit(served.project / "docs" / "index.md", "Bienvenue.", "Bienvenue à tous.")
    if change == "error":
        served.rebuild()  # the full build reports the error, as MkDocs does, and the pages show it
        assert "laws/lois/loi-temkin-4.yaml:2:7: erreur [unknown-kind]: type inconnu « lawz »" in caplog.text
        assert served.full_builds == 1
        state = served.server.builder.outcome
        assert state.failure is not None and b"type inconnu" in state.failure.page
        _edit(laws / "lois" / "loi-temkin-4.yaml", "kind: lawz", "kind: law")
        served.rebuild()  # fixed: the site is right again (a full build: the previous one failed)
        assert state.failure is None
    else:
        served.rebuild()
        assert served.full_builds == 1
    _full_build_of(served.project, tmp_path / "full")
    assert _same_site(served.site, tmp_path / "full") == []


def test_a_new_title_for_a_page_of_the_navigation_gets_a_full_build(tmp_path: Path) -> None:
    """Without `nav:` in mkdocs.yml every entry is in the navigation shown on every page."""
    served = Served(_project(tmp_path, nav=False), tmp_path / "site")
    _edit(
        served.project / "laws" / "lois" / "loi-temkin-4.yaml",
        "title: Des employés non impliqués",
        "title: Des salariés non impliqués",
    )
    served.rebuild()
    assert served.full_builds == 1
    _full_build_of(served.project, tmp_path / "full")
    assert _same_site(served.site, tmp_path / "full") == []


def test_an_edit_is_noticed_at_once_and_reading_the_entries_is_not_an_edit(tmp_path: Path) -> None:
    """With the system's file notifications (inotify), laws/ is not polled: the server is asked
    for a build as soon as an entry file is written, and not when a build reads the entries."""
    import threading

    from mkdocs.config import load_config

    project = _project(tmp_path)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)

    class Server:  # what the plugin uses of MkDocs' LiveReloadServer
        def __init__(self) -> None:
            self._rebuild_cond = threading.Condition()
            self._want_rebuild = False
            self.build_delay = 0.1
            self.builder = lambda: None
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = config.plugins.on_serve(Server(), config=config, builder=lambda: None)
    try:
        assert server.watched == [], "laws/ is watched by notifications, not polled"
        assert server.build_delay < 0.1  # and one save needs no long wait for more events
        law = project / "laws" / "lois" / "loi-temkin-4.yaml"
        law.read_bytes()
        time.sleep(0.5)
        assert server._want_rebuild is False
        _edit(law, "order: 4", "order: 4  # relu")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5)
    finally:
        config.plugins.on_shutdown()


def test_a_real_mkdocs_serve_serves_the_edit_without_a_full_build(tmp_path: Path) -> None:
    """End to end: `mkdocs serve` in a subprocess, an entry edited, the new title served on the
    entry's page and on a page that shows it as a backlink; the log says incremental."""
    project = _project(tmp_path)
    with mkdocs_serve(project, tmp_path / "serve.log") as server:
        time.sleep(1.5)  # the watcher's first look at the files
        _edit(
            project / "laws" / "lois" / "loi-temkin-4.yaml",
            "title: Des employés non impliqués ne font pas des clients impliqués",
            'title: "Titre modifié"',
        )
        server.wait_for(
            "the new title",
            lambda: all("Titre modifié" in server.get(p)[1] for p in ("lois/loi-temkin-4/", "cas/coolblue/")),
            seconds=60,
        )
    output = server.output()
    assert re.search(r"\d+ page\(s\) reconstruite\(s\) en [\d.]+ s \(reconstruction partielle\)", output), output
    assert output.count("Documentation built in") == 1, output


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_without_mkdocs_private_page_functions_builds_work_and_serve_falls_back_with_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A MkDocs (or fork) whose ``mkdocs.commands.build`` lacks ``_build_page``,
    ``_build_theme_template`` and ``_populate_page``: the plugin is imported and the site built as
    usual, and under `mkdocs serve` each edit gets a full build, announced once at info level."""
    import mkdocs.commands
    import mkdocs.commands.build as real

    stripped = types.ModuleType("mkdocs.commands.build")
    stripped.build = real.build  # type: ignore[attr-defined]
    stripped.get_context = real.get_context  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mkdocs.commands.build", stripped)
    monkeypatch.setattr(mkdocs.commands, "build", stripped)
    for name in [m for m in sys.modules if m.startswith("playbook.mkdocs_plugin")]:
        monkeypatch.delitem(sys.modules, name)  # imported again by the build, against the stripped module
    records = _Records()
    plugin_logger = logging.getLogger("mkdocs.plugins.playbook")
    plugin_logger.addHandler(records)
    level = plugin_logger.level
    plugin_logger.setLevel(logging.DEBUG)  # (setLevel: also clears the loggers' cached levels)
    try:
        served = Served(_project(tmp_path), tmp_path / "site")  # a full build: works
        assert (tmp_path / "site" / "lois" / "loi-temkin-4" / "index.html").is_file()
        law = served.project / "laws" / "lois" / "loi-temkin-4.yaml"
        for old, new in (
            ("Des employés non impliqués", "Des employés désengagés"),
            ("Des employés désengagés", "Des salariés désengagés"),
        ):
            _edit(law, old, new)
            served.rebuild()
    finally:
        plugin_logger.removeHandler(records)
        plugin_logger.setLevel(level)
    assert served.full_builds == 2
    announced = [r for r in records.records if "reconstructions complètes désormais" in r.getMessage()]
    assert len(announced) == 1 and announced[0].levelno == logging.INFO, [r.getMessage() for r in records.records]
    assert "_populate_page" in announced[0].getMessage() or "_build_page" in announced[0].getMessage()
    assert not any("playbook: playbook:" in r.getMessage() for r in records.records)
    assert "Des salariés désengagés" in (tmp_path / "site" / "lois" / "loi-temkin-4" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_search_file_that_comes_or_goes_with_an_edit_needs_no_full_build(served: Served, tmp_path: Path) -> None:
    """A title with a word of a length no other word has adds a vocabulary file to the search
    index (``search/w<length>.js``); taking it out again removes it. Both are data files, written
    or deleted in place: no full build, and the site stays the one a full build gives."""
    law = served.project / "laws" / "lois" / "loi-temkin-4.yaml"
    title = "title: Des employés non impliqués ne font pas des clients impliqués"
    word = "anticonstitutionnellementissimes"  # no other word of the corpus is that long
    before = set(read_search_index(served.site))
    _edit(law, title, f"{title} {word}")
    served.rebuild()
    added = set(read_search_index(served.site)) - before
    assert added and all(name.startswith("w") for name in added), added
    assert served.full_builds == 0
    _edit(law, f"{title} {word}", title)
    served.rebuild()
    assert set(read_search_index(served.site)) == before
    assert served.full_builds == 0
    # (the full build runs last: an in-process build of another config shares MkDocs' state)
    _full_build_of(served.project, tmp_path / "full")
    assert _same_site(served.site, tmp_path / "full") == []
