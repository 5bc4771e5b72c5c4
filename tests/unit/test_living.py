"""A living playbook, in the core: upkeep fields, former ids, review dates, git history, news, feed."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from conftest import MINI_LAWS, run_cli
from playbook.core.build import FEED_URI, Options, build_outputs
from playbook.core.history import read_history
from playbook.core.living import Living, issue_base
from playbook.core.messages import use_language
from playbook.core.pages import render_all
from playbook.core.pages.entries import render_entry_page
from playbook.core.pages.format_reference import render_format_reference
from playbook.core.pages.news import news_items
from playbook.core.pipeline import check
from playbook.core.problems import Severity
from playbook.core.render.renderer import Renderer
from playbook.core.render.urls import SiteInfo
from playbook.core.review import (
    NEVER,
    OVERDUE,
    SOON,
    PolicyError,
    ReviewPolicy,
    ReviewStatus,
    add_months,
    format_github,
    format_issue,
    format_text,
    status,
    to_review,
)

UPKEEP = "owner: equipe-contenu\nreviewed: 2025-01-15\n"


@pytest.fixture
def laws(tmp_path: Path) -> Path:
    target = tmp_path / "project" / "laws"
    shutil.copytree(MINI_LAWS, target)
    return target


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def git(project: Path, *args: str, date: str = "2026-03-01T10:00:00+00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


# -- the format -------------------------------------------------------------------------------


def test_old_entries_without_upkeep_fields_stay_valid(laws: Path) -> None:
    assert check(laws).ok


def test_upkeep_fields_are_read_with_an_unquoted_date(laws: Path) -> None:
    append(
        laws / "lois" / "loi-temkin-4.yaml",
        UPKEEP + "review_every: 6\nchanges:\n"
        "  - date: 2025-01-15\n    note: Chiffres mis à jour\nformer_ids: [loi-ancienne]\n",
    )
    result = check(laws)
    assert result.ok, [p.format() for p in result.problems]
    entry = result.playbook["loi-temkin-4"]  # type: ignore[index]
    assert entry.reviewed == dt.date(2025, 1, 15) and entry.owner == "equipe-contenu" and entry.review_every == 6
    assert [(c.date, c.note) for c in entry.changes] == [(dt.date(2025, 1, 15), "Chiffres mis à jour")]
    assert entry.former_ids == ["loi-ancienne"]


def test_an_unquoted_date_where_text_is_expected_is_still_refused(laws: Path) -> None:
    append(laws / "cas" / "coolblue.yaml", "source_note: 2025-01-15\n")
    problems = [p for p in check(laws).problems if p.code == "ambiguous"]
    assert [p.message for p in problems] == [
        "sans guillemets, « 2025-01-15 » peut être lu comme une date, pas comme un texte"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-30", "« 2025-02-30 » n'est pas un jour du calendrier"),
        ("2025-6-1", "2025-6-1"),
        ("'15/01/2025'", "15/01/2025"),
        ("2025-01-15T10:00", "2025-01-15T10:00"),
    ],
)
def test_a_bad_review_date_is_a_located_error(laws: Path, value: str, expected: str) -> None:
    path = laws / "lois" / "loi-temkin-4.yaml"
    line = len(path.read_text(encoding="utf-8").splitlines()) + 1
    append(path, f"reviewed: {value}\n")
    errors = [p for p in check(laws).problems if p.severity is Severity.ERROR]
    assert errors and all(p.path.endswith("lois/loi-temkin-4.yaml") for p in errors)
    assert any(expected in p.message and p.line == line and p.column == 11 for p in errors), [
        p.format() for p in errors
    ]


def test_a_bad_owner_and_period_are_refused(laws: Path) -> None:
    append(laws / "lois" / "loi-temkin-4.yaml", "owner: deux mots\nreview_every: 0\n")
    errors = [p for p in check(laws).problems if p.severity is Severity.ERROR]
    assert {p.line for p in errors} >= {22, 23}, [p.format() for p in errors]
    assert any("« deux mots » n'est pas un nom d'équipe" in p.message and "'@deux-mots'" in p.hint for p in errors)


# -- renamed entries --------------------------------------------------------------------------


def rename_law(laws: Path, new_id: str = "loi-employes-impliques") -> Path:
    """loi-temkin-4 renamed: new file, new id, the old id in former_ids."""
    old = laws / "lois" / "loi-temkin-4.yaml"
    new = old.with_name(f"{new_id}.yaml")
    text = old.read_text(encoding="utf-8").replace("id: loi-temkin-4", f"id: {new_id}")
    old.unlink()
    new.write_text(text + "former_ids: [loi-temkin-4]\n", encoding="utf-8")
    return new


def test_an_old_id_in_a_body_resolves_with_a_warning_naming_the_new_id(laws: Path) -> None:
    rename_law(laws)
    for other in (
        "cas/coolblue.yaml",
        "questions/question-conflit.yaml",
        "notions/paradoxe-reclamation.yaml",
        "collections/lois-temkin.yaml",
    ):
        path = laws / other
        path.write_text(
            path.read_text(encoding="utf-8").replace("loi-temkin-4", "loi-employes-impliques"), encoding="utf-8"
        )
    append(laws / "notions" / "paradoxe-reclamation.yaml", "")
    body_file = laws / "cas" / "coolblue.yaml"
    body_file.write_text(
        body_file.read_text(encoding="utf-8").replace(
            "envoie une carte postale.", "envoie une carte postale (voir [[loi-temkin-4]])."
        ),
        encoding="utf-8",
    )
    result = check(laws)
    assert result.ok, [p.format() for p in result.problems]
    warnings = [p for p in result.problems if p.code == "former-id"]
    assert len(warnings) == 1 and warnings[0].severity is Severity.WARNING
    assert warnings[0].path.endswith("cas/coolblue.yaml") and warnings[0].line == 6
    assert "« loi-employes-impliques »" in warnings[0].message
    assert warnings[0].hint == "écrivez [[loi-employes-impliques]]"
    page = next(p for p in render_all(Renderer(), result.playbook) if p.src_uri == "cas/coolblue.md")  # type: ignore[arg-type]
    assert (
        "(voir [Des employés non impliqués ne font pas des clients impliqués](../lois/loi-employes-impliques.md))"
        in page.markdown
    )


def test_reusing_a_former_id_is_a_located_error(laws: Path) -> None:
    rename_law(laws)
    reuse = laws / "lois" / "loi-temkin-4.yaml"
    reuse.write_text(
        (laws / "lois" / "loi-employes-impliques.yaml")
        .read_text(encoding="utf-8")
        .replace("id: loi-employes-impliques", "id: loi-temkin-4")
        .replace("former_ids: [loi-temkin-4]\n", "")
        .replace("order: 4", "order: 5"),
        encoding="utf-8",
    )
    problems = [p for p in check(laws).problems if p.code == "former-id-reused"]
    assert len(problems) == 1, [p.format() for p in check(laws).problems]
    problem = problems[0]
    assert (problem.path, problem.line, problem.column) == ("laws/lois/loi-temkin-4.yaml", 1, 5)
    assert "a déjà servi à « loi-employes-impliques »" in problem.message
    assert "laws/lois/loi-employes-impliques.yaml:22:14" in problem.message
    assert problem.severity is Severity.ERROR and "choisissez un autre identifiant" in problem.hint


def test_a_former_id_listed_twice_or_its_own_id_is_an_error(laws: Path) -> None:
    append(laws / "lois" / "loi-temkin-4.yaml", "former_ids: [loi-temkin-4, ancienne]\n")
    append(laws / "cas" / "coolblue.yaml", "former_ids: [ancienne]\n")
    problems = sorted((p.path, p.message) for p in check(laws).problems if p.code == "former-id-reused")
    assert problems == [
        ("laws/lois/loi-temkin-4.yaml", "l'ancien identifiant « ancienne » figure aussi dans laws/cas/coolblue.yaml"),
        ("laws/lois/loi-temkin-4.yaml", "« loi-temkin-4 » est l'identifiant actuel de cette entrée, pas un ancien"),
    ]


def test_index_is_a_reserved_former_id(laws: Path) -> None:
    """Issue 27, item 10: its redirect would be written over the kind's index page."""
    append(laws / "lois" / "loi-temkin-4.yaml", "former_ids: [ancienne, index]\n")
    problems = [p for p in check(laws).problems if p.code == "reserved-name"]
    assert [(p.path, p.line, p.column, p.severity) for p in problems] == [
        ("laws/lois/loi-temkin-4.yaml", 22, 24, Severity.ERROR)
    ]
    assert "« index » est réservé" in problems[0].message and "lois/index.md" in problems[0].message


def test_the_clash_check_compares_written_files_with_written_files(laws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were ``index`` not reserved, the build itself refuses a redirect written where a page is:
    ``lois/index/`` → ``lois/index.html``, the file of the page ``lois/index.md``."""
    from playbook.core import validate
    from playbook.core.build import OutputsError

    monkeypatch.setattr(validate, "RESERVED_NAMES", frozenset())
    append(laws / "lois" / "loi-temkin-4.yaml", "former_ids: [index]\n")
    with pytest.raises(OutputsError, match=r"deux fichiers générés seraient écrits à lois/index\.html"):
        build_outputs(Options(laws, laws.parent, laws.parent / "pdf", date="2026-03-01"))


def test_a_relation_to_a_former_id_names_the_new_id(laws: Path) -> None:
    rename_law(laws)
    problems = [p for p in check(laws).problems if p.path.endswith("cas/coolblue.yaml")]
    assert any(
        p.hint == "« loi-temkin-4 » s'appelle désormais « loi-employes-impliques » : écrivez « loi-employes-impliques »"
        for p in problems
    ), [p.format() for p in problems]


# -- review dates -----------------------------------------------------------------------------


def law(laws: Path, extra: str = UPKEEP) -> object:
    append(laws / "lois" / "loi-temkin-4.yaml", extra)
    result = check(laws)
    assert result.playbook is not None, [p.format() for p in result.problems]
    return result.playbook


def test_review_states_from_the_period_of_the_entry_the_kind_or_the_playbook(laws: Path) -> None:
    playbook = law(laws)
    entry = playbook["loi-temkin-4"]  # type: ignore[index]
    policy = ReviewPolicy()
    assert status(entry, policy, dt.date(2026, 1, 16)).state == OVERDUE
    assert status(entry, policy, dt.date(2026, 1, 15)).due == dt.date(2026, 1, 15)
    assert status(entry, policy, dt.date(2025, 12, 20)).state == SOON
    assert status(entry, policy, dt.date(2025, 6, 1)).state == "current"
    by_kind = ReviewPolicy.from_options({"every": 12, "by_kind": {"law": 24}})
    assert status(entry, by_kind, dt.date(2026, 6, 1)).state == "current"
    assert status(playbook["coolblue"], by_kind, dt.date(2026, 6, 1)).state == NEVER  # type: ignore[index]
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    "options", [{"every": 0}, {"every": "12"}, {"by_kind": {"loi": 12}}, {"evry": 12}, {"due_soon_days": -1}]
)
def test_a_bad_review_option_is_refused_with_its_name(options: dict[str, object]) -> None:
    with pytest.raises(PolicyError, match="option « review » du plugin playbook"):
        ReviewPolicy.from_options(options)
    with use_language("en"), pytest.raises(PolicyError, match="playbook option 'review'"):
        ReviewPolicy.from_options(options)


def test_review_reports_overdue_entries_by_owner_as_text_and_github_annotations(laws: Path) -> None:
    playbook = law(laws)
    today = dt.date(2026, 3, 1)
    groups = to_review(playbook.entries.values(), ReviewPolicy(), today)  # type: ignore[attr-defined]
    assert next(iter(groups)) == "equipe-contenu" and groups["equipe-contenu"][0].state == OVERDUE
    text = format_text(groups, today)
    assert (
        "equipe-contenu (1)\n  en retard    laws/lois/loi-temkin-4.yaml  loi-temkin-4 : relue le 2025-01-15, à "
        "relire depuis le 2026-01-15 (tous les 12 mois)" in text
    )
    assert text.endswith("1 en retard, 5 jamais relue(s), 0 à relire bientôt (au 2026-03-01)\n"), text
    github = format_github(groups, today).splitlines()
    assert (
        "::warning file=laws/lois/loi-temkin-4.yaml,line=23,title=relecture %3A en retard::loi-temkin-4 "
        "(equipe-contenu) : relue le 2025-01-15, à relire depuis le 2026-01-15 (tous les 12 mois) ; au 2026-03-01"
    ) in github
    with use_language("en"):  # as it was before the catalogue
        assert (
            "equipe-contenu (1)\n  overdue laws/lois/loi-temkin-4.yaml  loi-temkin-4: reviewed 2025-01-15, was due "
            "2026-01-15 (every 12 months)" in format_text(groups, today)
        )
        assert (
            "::warning file=laws/lois/loi-temkin-4.yaml,line=23,title=review overdue::loi-temkin-4 (equipe-contenu): "
            "reviewed 2025-01-15, was due 2026-01-15 (every 12 months); as of 2026-03-01"
        ) in format_github(groups, today).splitlines()
    issue = format_issue(groups, today, "https://github.com/o/r/edit/main/")
    assert (
        "- [ ] [Des employés non impliqués ne font pas des clients impliqués]"
        "(https://github.com/o/r/edit/main/laws/lois/loi-temkin-4.yaml) (`loi-temkin-4`)"
    ) in issue


def test_the_review_command(laws: Path) -> None:
    append(laws / "lois" / "loi-temkin-4.yaml", UPKEEP)
    project = laws.parent
    (project / "mkdocs.yml").write_text(
        "site_url: !ENV [NOPE, null]\nplugins:\n  - playbook:\n      review:\n        every: 24\n", encoding="utf-8"
    )
    late = run_cli("review", "--today", "2026-03-01", cwd=project)
    assert late.returncode == 0, late.stderr
    assert "en retard    laws/lois/loi-temkin-4.yaml" not in late.stdout  # every 24 months, from mkdocs.yml
    later = run_cli("review", "--today", "2027-03-01", "--format", "github", "--strict", cwd=project)
    assert later.returncode == 1
    assert "::warning file=laws/lois/loi-temkin-4.yaml,line=23,title=relecture %3A en retard::" in later.stdout
    bad = run_cli("review", "--today", "2027-02-30", cwd=project)
    assert bad.returncode == 2 and "« 2027-02-30 » n'est pas une date" in bad.stderr


# -- history, news, feed, redirects, report link ----------------------------------------------


@pytest.fixture
def repo_project(laws: Path) -> Path:
    project = laws.parent
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Premières entrées", date="2025-01-10T09:00:00+00:00")
    return project


def test_history_is_read_in_one_call_and_follows_former_ids(repo_project: Path) -> None:
    laws = repo_project / "laws"
    append(laws / "cas" / "coolblue.yaml", "reviewed: 2026-02-01\n")
    git(repo_project, "commit", "-qam", "Coolblue relu", date="2026-02-01T09:00:00+00:00")
    rename_law(laws)
    git(repo_project, "add", "-A")
    git(repo_project, "commit", "-qm", "Loi 4 renommée", date="2026-03-01T09:00:00+00:00")
    history = read_history(repo_project, laws)
    result = check(laws)
    assert history.available and result.playbook is None  # coolblue still points at the old id
    renamed = laws / "lois" / "loi-employes-impliques.yaml"
    from playbook.core.model import Entry

    entry = Entry.from_data(
        {
            "id": "loi-employes-impliques",
            "kind": "law",
            "title": "t",
            "summary": "s",
            "body": "b",
            "former_ids": ["loi-temkin-4"],
        },
        renamed,
        "x",
    )
    assert [c.message for c in history.of(entry)] == ["Loi 4 renommée", "Premières entrées"]
    assert history.created(entry) == dt.date(2025, 1, 10)


def test_without_git_the_history_is_unavailable(laws: Path) -> None:
    assert not read_history(laws.parent, laws).available


def outputs_of(project: Path, **options: object) -> object:
    return build_outputs(Options(project / "laws", project, project / "pdf", date="2026-03-01", **options))  # type: ignore[arg-type]


def test_pages_show_review_history_and_report_link_and_the_feed_is_valid_atom(repo_project: Path) -> None:
    laws = repo_project / "laws"
    append(laws / "lois" / "loi-temkin-4.yaml", UPKEEP + "changes:\n  - {date: 2026-02-15, note: Nouvel exemple}\n")
    git(repo_project, "commit", "-qam", "Loi 4 : un exemple", date="2026-02-15T09:00:00+00:00")
    site = SiteInfo("Mini", "https://example.org/pb/")
    outputs = outputs_of(repo_project, site=site, repo_url="https://github.com/org/playbook")
    page = outputs.pages["lois/loi-temkin-4.md"]  # type: ignore[attr-defined]
    assert (
        "Relecture en retard</strong>\u00a0: entrée relue le 15 janvier 2025, à relire depuis le 15 janvier 2026."
        in page.markdown
    )
    assert 'href="#historique">Relecture en retard</a>' in page.markdown  # flagged under the summary
    # git says when: two commits, dated; never what a developer wrote in them, nor a hash
    assert (
        'Entrée ajoutée le <span class="pb-history__date">10 janvier 2025</span>\u202f; modifiée 1\u00a0fois '
        'depuis, la dernière fois le <span class="pb-history__date">15 février 2026</span>.' in page.markdown
    )
    assert 'href="https://github.com/org/playbook/commits/HEAD/laws/lois/loi-temkin-4.yaml"' in page.markdown
    for developer in ("un exemple", "Premières entrées", "equipe-contenu", "prochaine relecture"):
        assert developer not in page.markdown, developer
    assert not re.search(r"\b[0-9a-f]{7,40}\b", page.markdown.replace("loi-temkin-4", ""))
    assert "15 février 2026</span>\u00a0: Nouvel exemple" in page.markdown  # the change note, for readers
    upkeep = outputs.pages["contribuer/suivi.md"].markdown  # type: ignore[attr-defined]
    assert "equipe-contenu" in upkeep and "15 janvier 2026" in upkeep  # the owner and due date are there
    assert (
        'href="https://github.com/org/playbook/issues/new?title=Erreur%20dans%20%C2%AB%20Des%20employ%C3%A9s'
        in page.markdown
    )
    assert "Page%20%3A%20https%3A%2F%2Fexample.org%2Fpb%2Flois%2Floi-temkin-4%2F" in page.markdown
    assert "relu le 15 janvier 2025" in page.markdown  # on the printed sheet
    news = outputs.pages["nouveautes.md"]  # type: ignore[attr-defined]
    assert news.markdown.index("15 février 2026** — Modifiée") < news.markdown.index("10 janvier 2025** — Nouvelle")
    feed = feedparser.parse(outputs.files[FEED_URI])  # type: ignore[attr-defined]
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "Mini : nouveautés"
    first = feed.entries[0]
    assert first.title == "Modifiée : Des employés non impliqués ne font pas des clients impliqués"
    assert first.link == "https://example.org/pb/lois/loi-temkin-4/" and first.summary == "Nouvel exemple"
    assert first.updated == "2026-02-15T00:00:00Z" and first.id.startswith("urn:uuid:")
    assert (
        len({e.id for e in feed.entries})
        == len(feed.entries)
        == len(news_items(outputs.playbook, outputs.living.history))
    )  # type: ignore[attr-defined]


def test_no_report_link_without_a_repository_and_no_history_outside_git(laws: Path) -> None:
    outputs = outputs_of(laws.parent)
    page = outputs.pages["lois/loi-temkin-4.md"]  # type: ignore[attr-defined]
    assert "pb-report" not in page.markdown and "issues/new" not in page.markdown
    assert "Historique des modifications indisponible" in page.markdown and "ajoutée le" not in page.markdown
    assert (
        issue_base("https://gitlab.com/o/r") is None
        and issue_base("https://github.com/o/r.git") == "https://github.com/o/r/issues/new"
    )


def test_an_old_url_gets_a_redirect_page_with_a_canonical_link(laws: Path) -> None:
    rename_law(laws)
    for other in (
        "cas/coolblue.yaml",
        "questions/question-conflit.yaml",
        "collections/lois-temkin.yaml",
        "notions/paradoxe-reclamation.yaml",
    ):
        path = laws / other
        path.write_text(
            path.read_text(encoding="utf-8").replace("loi-temkin-4", "loi-employes-impliques"), encoding="utf-8"
        )
    outputs = outputs_of(laws.parent, site=SiteInfo("Mini", "https://example.org/pb/"))
    html = outputs.files["lois/loi-temkin-4/index.html"].decode()  # type: ignore[attr-defined]
    assert '<link rel="canonical" href="https://example.org/pb/lois/loi-employes-impliques/">' in html
    assert '<meta http-equiv="refresh" content="0; url=../loi-employes-impliques/">' in html
    flat = outputs_of(laws.parent, site=SiteInfo("Mini", "", directory_urls=False))
    assert 'url=loi-employes-impliques.html"' in flat.files["lois/loi-temkin-4.html"].decode()  # type: ignore[attr-defined]


def test_the_overdue_state_follows_the_edition_date_not_the_clock(laws: Path) -> None:
    append(laws / "lois" / "loi-temkin-4.yaml", UPKEEP)
    playbook = check(laws).playbook
    assert playbook is not None
    early = render_entry_page(Renderer(living=Living(today=dt.date(2025, 6, 1))), playbook, playbook["loi-temkin-4"])
    late = render_entry_page(Renderer(living=Living(today=dt.date(2026, 6, 1))), playbook, playbook["loi-temkin-4"])
    assert "Relecture en retard" not in early.markdown and "Entrée relue le 15 janvier 2025." in early.markdown
    assert "Relecture en retard" in late.markdown


def test_a_review_or_change_after_the_edition_is_a_located_warning(laws: Path) -> None:
    """The pages and « Nouveautés » would say the entry was reviewed or changed on a day to come."""
    append(
        laws / "lois" / "loi-temkin-4.yaml",
        'owner: "@equipe-contenu"\nreviewed: 2026-03-02\nchanges:\n'
        '  - {date: 2026-03-01, note: "Exemple précisé"}\n  - {date: 2026-03-05, note: "Liste revue"}\n',
    )
    outputs = build_outputs(Options(laws, laws.parent, laws.parent / "pdf", date="2026-03-01", history=False))
    late = [(p.path, p.line, p.column, p.message) for p in outputs.warnings if p.code == "date-after-edition"]
    text = (laws / "lois" / "loi-temkin-4.yaml").read_text(encoding="utf-8").splitlines()
    reviewed = next(i for i, line in enumerate(text, 1) if line.startswith("reviewed:"))
    assert late == [
        (
            "laws/lois/loi-temkin-4.yaml",
            reviewed,
            11,
            "la date 2026-03-02 est postérieure à celle de cette édition (2026-03-01) : "
            "les lecteurs liraient que l'entrée a été relue un jour qui n'est pas encore venu",
        ),
        (
            "laws/lois/loi-temkin-4.yaml",
            reviewed + 3,
            12,
            "la date 2026-03-05 est postérieure à celle de cette édition (2026-03-01) : "
            "les lecteurs liraient que l'entrée a été modifiée un jour qui n'est pas encore venu",
        ),
    ]
    on_the_day = build_outputs(Options(laws, laws.parent, laws.parent / "pdf", date="2026-03-05", history=False))
    assert [p for p in on_the_day.warnings if p.code == "date-after-edition"] == []


# -- documentation and scaffolding ------------------------------------------------------------


def test_the_format_page_and_new_cover_the_upkeep_fields(laws: Path) -> None:
    page = render_format_reference(Renderer()).markdown
    for name in ("owner", "reviewed", "review_every", "changes", "former_ids"):
        assert f"### `{name}`" in page
    assert "## Entretien d’une entrée" in page and "date AAAA-MM-JJ \\(sans guillemets\\)" in page
    from playbook.core.scaffold import create_entry

    created = create_entry(laws, "case", "Un cas relu", today=dt.date(2026, 11, 24))
    assert "\nreviewed: 2026-11-24\n" in created.text and '# owner: "@equipe-contenu"' in created.text
    # Valid but for the example text of `new`, which must be replaced before it is published.
    assert {p.code for p in check(laws).problems} == {"placeholder"}


# -- the weekly review issue: bounded, mentions nobody (issue 27, item 6) ------------------------
def _late(count: int, owners: int, title: str) -> dict[str, list[ReviewStatus]]:
    """``count`` overdue entries spread over ``owners`` owners (handles that GitHub would notify)."""
    from types import SimpleNamespace

    groups: dict[str, list[ReviewStatus]] = {}
    for number in range(count):
        entry = SimpleNamespace(
            id=f"entree-{number:05d}",
            title=f"{title} {number}",
            display=f"laws/lois/entree-{number:05d}.yaml",
            reviewed=dt.date(2024, 1, 1),
            owner=f"@org/equipe-{number % owners}",
        )
        status = ReviewStatus(entry, dt.date(2025, 1, 1), OVERDUE, 12)  # type: ignore[arg-type]
        groups.setdefault(entry.owner, []).append(status)
    return groups


@pytest.mark.parametrize(("count", "owners"), [(400, 7), (5_000, 40), (3_000, 3_000)])
def test_the_review_issue_stays_under_githubs_limit_and_points_to_the_full_list(count: int, owners: int) -> None:
    title = "Une entrée au titre assez long pour peser dans le ticket, avec @quelquun dedans"
    body = format_issue(_late(count, owners, title), dt.date(2026, 3, 1), "https://github.com/o/r/edit/main/")
    assert len(body) <= 65_536 and len(body.encode("utf-8")) <= 65_536, len(body)
    assert f"au 1er mars 2026 : {count}" in body
    assert "Liste tronquée" in body and "`python -m playbook review`" in body
    listed = body.count("- [ ] ")
    assert 0 < listed < count or owners > 1_000
    if owners <= 1_000:
        for number in range(owners):  # every owner's count, even when its entries are not listed
            assert f"| `@org/equipe-{number}` | {len(range(number, count, owners))} | 0 |" in body
        assert f"{count - listed} entrées non listées ici" in body


def test_the_review_issue_mentions_nobody() -> None:
    body = format_issue(_late(3, 2, "Avec @quelquun"), dt.date(2026, 3, 1), "https://github.com/o/r/edit/main/")
    # GitHub notifies "@name" in text, never inside code; every handle is in a code span.
    outside_code = "".join(part for i, part in enumerate(body.split("`")) if i % 2 == 0)
    assert "@" not in outside_code, body
    assert "### `@org/equipe-0` (2)" in body and "Avec ＠quelquun 0" in body
    assert "Liste tronquée" not in body
