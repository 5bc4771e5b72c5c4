"""A living playbook, built for real: history from git, reproducible builds, a build from an export
without ``.git``, and `mkdocs serve` serving nothing stale (history, news page, feed, redirects)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import feedparser
import pytest
from test_serve_incremental import Served, _edit, _full_build_of, _project, _same_site

from conftest import make_mini_project, run_mkdocs

pytestmark = pytest.mark.slow

UPKEEP = "owner: equipe-contenu\nreviewed: 2025-01-15\n"


def git(project: Path, *args: str, date: str = "2026-03-01T10:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(
        ["git", "-C", str(project), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


def committed(project: Path) -> Path:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Premières entrées", date="2025-01-10T09:00:00+00:00")
    law = project / "laws" / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8") + UPKEEP, encoding="utf-8")
    git(project, "commit", "-qam", "Loi 4 relue", date="2025-01-15T09:00:00+00:00")
    return project


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def strict_build(project: Path, site: str) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return project / site


def test_two_builds_of_one_commit_are_byte_identical_and_show_its_history(tmp_path: Path) -> None:
    project = committed(make_mini_project(tmp_path / "project"))
    (project / ".gitignore").write_text("site-*/\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Accueil\n\nNouvelle édition.\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Nouvelle édition", date="2026-03-01T09:00:00+00:00")
    first, second = tree(strict_build(project, "site-a")), tree(strict_build(project, "site-b"))
    assert first == second
    page = first["lois/loi-temkin-4/index.html"].decode()
    assert (
        'Entrée ajoutée le <span class="pb-history__date">10 janvier 2025</span>\u202f; modifiée 1\u00a0fois '
        'depuis, la dernière fois le <span class="pb-history__date">15 janvier 2025</span>.' in page
    )
    assert "Loi 4 relue" not in page and "Premières entrées" not in page  # commit messages are for developers
    # The edition is the last commit's day (2026-03-01): more than 12 months after the review.
    assert "Relecture en retard" in page and "pb-review--late" in page
    feed = feedparser.parse(first["nouveautes.xml"])
    assert not feed.bozo and feed.version == "atom10"
    assert [e.title for e in feed.entries][:1] == [
        "Relue : Des employés non impliqués ne font pas des clients impliqués"
    ]


def test_the_site_builds_from_an_export_without_git(tmp_path: Path) -> None:
    project = committed(make_mini_project(tmp_path / "project"))
    archive = tmp_path / "export.tar"
    git(project, "archive", "--format=tar", f"--output={archive}", "HEAD")
    export = tmp_path / "export"
    with tarfile.open(archive) as tar:
        tar.extractall(export, filter="data")
    assert not (export / ".git").exists()
    result = run_mkdocs(export, "--strict")
    assert result.returncode == 0, result.stderr
    page = (export / "site" / "lois" / "loi-temkin-4" / "index.html").read_text(encoding="utf-8")
    assert "Historique des modifications indisponible" in page and "Entrée relue le 15 janvier 2025." in page
    news = (export / "site" / "nouveautes" / "index.html").read_text(encoding="utf-8")
    assert "historique git n’est pas disponible" in news
    assert not feedparser.parse((export / "site" / "nouveautes.xml").read_bytes()).bozo


def text_of(page: Path) -> str:
    """A built page's text as a reader reads it: tags dropped, spaces (no-break ones too) folded."""
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def test_a_shallow_clone_says_its_history_is_incomplete_and_never_shows_false_history(tmp_path: Path) -> None:
    """Issue 27, item 5: in a real ``git clone --depth 1``, the one commit there looks as if it had
    added every file; no entry page may list it, and the pages and the news say « Historique
    incomplet »."""
    project = committed(make_mini_project(tmp_path / "project"))
    case = project / "laws" / "cas" / "coolblue.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "owner: equipe-service\n", encoding="utf-8")
    git(project, "commit", "-qam", "Coolblue, responsable", date="2025-02-01T09:00:00+00:00")

    def shallow_clone(depth: int) -> Path:
        clone = tmp_path / f"clone-{depth}"
        command = ["git", "clone", "-q", "--depth", str(depth), project.resolve().as_uri(), str(clone)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        return clone

    clone = shallow_clone(1)
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    site = strict_build(clone, "site")
    for path in ("lois/loi-temkin-4", "cas/coolblue", "notions/paradoxe-reclamation"):
        page = (site / path / "index.html").read_text(encoding="utf-8")
        assert "Historique incomplet" in page, path
        assert "Coolblue, responsable" not in page and "Premières entrées" not in page, path
        assert "pb-commit" not in page, path  # no commit is listed: none is known to touch the entry
    news = (site / "nouveautes" / "index.html").read_text(encoding="utf-8")
    assert "Historique incomplet" in news
    feed = feedparser.parse((site / "nouveautes.xml").read_bytes())
    assert not feed.bozo and not [e for e in feed.entries if e.title.startswith("Nouvelle")]
    # A deeper clone dates the changes it has after its boundary, truly, and claims no creation.
    deeper_site = strict_build(shallow_clone(2), "site")
    page = text_of(deeper_site / "lois" / "loi-temkin-4" / "index.html")
    # the boundary commit (which edited it) is left out: no date of a change is claimed
    assert "Historique incomplet" in page and "modification connue" not in page and "Entrée ajoutée" not in page
    page = text_of(deeper_site / "cas" / "coolblue" / "index.html")
    assert "Historique incomplet" in page and "dernière modification connue le 1er février 2025" in page
    assert "Entrée ajoutée le" not in page and "Coolblue, responsable" not in page  # never a commit message
    full = text_of(strict_build(project, "site") / "lois" / "loi-temkin-4" / "index.html")
    assert "Historique incomplet" not in full
    assert "Entrée ajoutée le 10 janvier 2025 ; modifiée 1 fois depuis, la dernière fois le 15 janvier 2025." in full


# -- mkdocs serve: nothing stale --------------------------------------------------------------


@pytest.fixture
def served_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Served:
    # `mkdocs serve` dates the site by setting SOURCE_DATE_EPOCH in its process: put it back after
    # the test, or later builds in this process would be dated 2025 (and refuse today's reviews)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # recorded as it was (unset), so put back at teardown
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    project = committed(_project(tmp_path))
    return Served(project, tmp_path / "site")


def test_serve_updates_the_news_page_and_the_feed_incrementally(served_repo: Served, tmp_path: Path) -> None:
    law = served_repo.project / "laws" / "lois" / "loi-temkin-4.yaml"
    _edit(law, "reviewed: 2025-01-15\n", "reviewed: 2025-01-15\nchanges:\n  - {date: 2025-12-24, note: Un exemple}\n")
    served_repo.rebuild()
    assert served_repo.full_builds == 0
    news = (served_repo.site / "nouveautes" / "index.html").read_text(encoding="utf-8")
    assert "Un exemple" in news
    feed = feedparser.parse((served_repo.site / "nouveautes.xml").read_bytes())
    assert feed.entries[0].summary == "Un exemple"
    _full_build_of(served_repo.project, tmp_path / "full")
    assert _same_site(served_repo.site, tmp_path / "full") == []


def test_serve_follows_a_new_commit_and_redirects_that_appear_or_go(served_repo: Served, tmp_path: Path) -> None:
    # (a full build for comparison runs only at the end: MkDocs keeps the served plugin instance for it)
    project = served_repo.project
    case = project / "laws" / "cas" / "coolblue.yaml"
    _edit(case, "tags: [réclamations]", "tags: [réclamations]\nformer_ids: [coolblue-retard]")
    served_repo.rebuild()
    redirect = served_repo.site / "cas" / "coolblue-retard" / "index.html"
    assert 'url=../coolblue/"' in redirect.read_text(encoding="utf-8")

    git(project, "commit", "-qam", "Coolblue : ancien identifiant", date="2025-02-01T09:00:00+00:00")
    served_repo.rebuild()
    page = (served_repo.site / "cas" / "coolblue" / "index.html").read_text(encoding="utf-8")
    assert 'la dernière fois le <span class="pb-history__date">1er février 2025</span>' in page

    _edit(case, "former_ids: [coolblue-retard]", "")
    served_repo.rebuild()
    assert not redirect.exists()
    _full_build_of(project, tmp_path / "full")
    assert _same_site(served_repo.site, tmp_path / "full") == []
