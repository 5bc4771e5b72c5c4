"""`mkdocs serve`: an edited entry rebuilds its page and its neighbours' pages, nothing else, nothing stale."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI_LAWS, MINI_MKDOCS_YML, run_mkdocs

pytestmark = pytest.mark.slow

NAV = ("nav:\n  - Accueil: index.md\n  - Lois: lois/index.md\n  - Cas: cas/index.md\n"
       "  - Étiquettes: etiquettes/index.md\n")
OLD_TITLE = "Coolblue et la livraison en retard"
NEW_TITLE = "Coolblue et le colis égaré"
NEIGHBOURS = ["lois/loi-temkin-4", "notions/paradoxe-reclamation", "questions/question-conflit",
              "sources/article-temkin", "cas", "etiquettes/reclamations"]  # show coolblue's title
UNRELATED = ["collections/lois-temkin", "lois", "etiquettes/management", "index.html"]


class Serve:
    """What `mkdocs serve` does around its builder, without the HTTP server and the file watcher."""

    def __init__(self, project: Path):
        from mkdocs.config import load_config

        self.project = project
        self.site = project / "served"
        self.full_builds = 0
        self._load = lambda: load_config(str(project / "mkdocs.yml"), site_dir=str(self.site))
        config = self._load()
        config.plugins.on_startup(command="serve", dirty=False)
        self._build(config)
        self._watched: dict[str, int] = {}
        self.builder: Callable[..., None] = self._build
        self.watch(config.docs_dir)
        self.watch(config.config_file_path)
        server = config.plugins.on_serve(self, config=config, builder=self._build)
        assert server is self

    def _build(self, config: object = None) -> None:
        from mkdocs.commands.build import build

        self.full_builds += 1
        build(config or self._load(), serve_url="http://127.0.0.1:8000/")

    def watch(self, path: str) -> None:  # LiveReloadServer.watch, minus the observer
        self._watched[os.path.abspath(path)] = 1

    @property
    def _watched_paths(self) -> dict[str, int]:
        return self._watched

    def rebuild(self) -> None:  # what LiveReloadServer._build_loop calls after a change
        self.builder()


def _page(site: Path, name: str) -> Path:
    return site / name if name.endswith(".html") else site / name / "index.html"


def _snapshot(site: Path, names: list[str]) -> dict[str, tuple[bytes, int]]:
    return {n: (_page(site, n).read_bytes(), _page(site, n).stat().st_mtime_ns) for n in names}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Accueil\n\nBienvenue.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(MINI_MKDOCS_YML + NAV, encoding="utf-8")
    shutil.copytree(MINI_LAWS, project / "laws")
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_rebuilds_the_entry_and_its_neighbours_only(project: Path, tmp_path: Path) -> None:
    serve = Serve(project)
    site = serve.site
    before = _snapshot(site, [*NEIGHBOURS, *UNRELATED, "cas/coolblue"])
    index_before = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    time.sleep(0.05)

    _edit(project / "laws" / "cas" / "coolblue.yaml", OLD_TITLE, NEW_TITLE)
    serve.rebuild()

    outcome = serve.builder.last
    assert outcome.incremental, outcome.reason
    assert serve.full_builds == 1
    assert set(outcome.rebuilt) == {"cas/coolblue.md", *(n + ".md" for n in NEIGHBOURS if n != "cas"), "cas/index.md"}
    for name in ["cas/coolblue", *NEIGHBOURS]:  # the new title is everywhere it is shown
        html = _page(site, name).read_text(encoding="utf-8")
        assert NEW_TITLE in html and OLD_TITLE not in html, name
    for name in UNRELATED:  # untouched: same bytes, not even rewritten
        assert (_page(site, name).read_bytes(), _page(site, name).stat().st_mtime_ns) == before[name], name

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert len(docs) == len(index_before)  # replaced, not duplicated
    assert any(d["location"] == "cas/coolblue/" and d["title"] == NEW_TITLE for d in docs)
    assert not any(OLD_TITLE in d["title"] or OLD_TITLE in d["text"] for d in docs)

    # Nothing stale: every page equals what a full build of the edited project produces.
    fresh = run_mkdocs(project, "--site-dir", str(tmp_path / "fresh"))
    assert fresh.returncode == 0, fresh.stderr
    for page in sorted((tmp_path / "fresh").rglob("*.html")):
        rel = page.relative_to(tmp_path / "fresh")
        assert (site / rel).read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), rel


def test_a_new_relation_adds_a_backlink_on_its_target(project: Path) -> None:
    serve = Serve(project)
    target = _page(serve.site, "collections/lois-temkin")
    assert "Que décidez-vous" not in target.read_text(encoding="utf-8")
    _edit(project / "laws" / "questions" / "question-conflit.yaml", "  tests: [loi-temkin-4]",
          "  tests: [loi-temkin-4]\n  relies_on: [paradoxe-reclamation]")
    serve.rebuild()
    assert serve.builder.last.incremental
    concept = _page(serve.site, "notions/paradoxe-reclamation").read_text(encoding="utf-8")
    assert "Fondement de" in concept and "Que décidez-vous" in concept


@pytest.mark.parametrize("change, reason", [
    (lambda p: (p / "laws" / "cas" / "autre.yaml").write_text(
        (p / "laws" / "cas" / "coolblue.yaml").read_text(encoding="utf-8").replace("id: coolblue", "id: autre"),
        encoding="utf-8"), "added"),
    (lambda p: (p / "docs" / "index.md").write_text("# Accueil modifié\n", encoding="utf-8"), "outside"),
    (lambda p: _edit(p / "laws" / "cas" / "coolblue.yaml", "tags: [réclamations]", "tags: [nouvelle]"), "pages"),
])
def test_other_changes_fall_back_to_a_full_rebuild(project: Path, change: Callable[[Path], None], reason: str) -> None:
    serve = Serve(project)
    time.sleep(0.05)
    change(project)
    serve.rebuild()
    assert not serve.builder.last.incremental
    assert reason in serve.builder.last.reason
    assert serve.full_builds == 2


def test_an_invalid_edit_goes_to_the_full_build_which_reports_it(project: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    serve = Serve(project)
    _edit(project / "laws" / "cas" / "coolblue.yaml", "illustrates: [loi-temkin-4", "illustrates: [loi-temkin-9")
    with pytest.raises(Abort):  # what the live-reload server reports, as for any failed build
        serve.rebuild()
    assert "laws/cas/coolblue.yaml:8:17: error: unknown entry 'loi-temkin-9'" in caplog.text
    assert serve.full_builds == 2
    _edit(project / "laws" / "cas" / "coolblue.yaml", "loi-temkin-9", "loi-temkin-4")
    serve.rebuild()  # fixed: a full build (the failed one left no state to build on), then incremental again
    assert serve.full_builds == 3
    _edit(project / "laws" / "cas" / "coolblue.yaml", OLD_TITLE, NEW_TITLE)
    serve.rebuild()
    assert serve.builder.last.incremental


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_mkdocs_serve_serves_the_edit_without_a_full_rebuild(project: Path) -> None:
    port = _free_port()
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        url = f"http://127.0.0.1:{port}/lois/loi-temkin-4/"

        def fetch() -> str:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")

        deadline = time.monotonic() + 60
        while True:
            try:
                assert OLD_TITLE in fetch()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        time.sleep(1.0)  # the watcher takes its first picture of the files
        _edit(project / "laws" / "cas" / "coolblue.yaml", OLD_TITLE, NEW_TITLE)
        deadline = time.monotonic() + 30
        while NEW_TITLE not in fetch():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    output = log.read_text(encoding="utf-8")
    assert re.search(r"rebuilt \d+ page\(s\) in [\d.]+ s \(incremental\)", output), output
    assert output.count("Documentation built in") == 1, output  # the initial build only
