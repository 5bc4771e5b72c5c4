"""``python -m playbook diff``: what a change to the entries shows readers, on a fixture repository.

The repository is built here: a first commit (the mini corpus and a few more entries), then a
commit with every kind of change (an entry added, one removed, one renamed with ``former_ids``, a
title, a summary and a body rewritten, relations added and removed, checklist items added, removed,
reworded and given an audience, tags changed, an entry moved to another collection, a new source
without author, an entry without review date, a file only reformatted, a page of docs/). The
Markdown and the terminal reports are compared with golden files; to update them after a deliberate
change: ``PLAYBOOK_UPDATE_GOLDEN=1 pytest tests/unit/test_diff.py``, then read the diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import MINI_LAWS, REPO, run_cli
from playbook.core import spec
from playbook.core.diff import DiffError, compare_revisions, format_markdown, format_text
from playbook.core.diff.compare import ADDED, MODIFIED, REMOVED, RENAMED, SiteDiff
from playbook.core.diff.entries import COMPARED_FIELDS, Body, Checklist, Items, Relations, Value
from playbook.core.diff.report import CITATION_LABELS, FIELD_LABELS, markdown_code, markdown_text
from playbook.core.render.urls import SiteInfo

GOLDEN = REPO / "tests" / "golden" / "diff"
UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"
PREVIEW = "https://example.org/playbook/pr-previews/7/"

BASE_FILES = {
    "lois/loi-temkin-5.yaml": """\
        id: loi-temkin-5
        kind: law
        title: Les employés font ce qui est mesuré et récompensé
        summary: Ce que l'entreprise mesure et récompense devient ce que font les équipes.
        body: |
          Les équipes suivent les indicateurs.
        checklist:
          - Lister les indicateurs suivis par chaque équipe
          - Vérifier qu'un indicateur client compte dans les primes
        collection: lois-temkin
        order: 5
        tags: [mesure]
        source: article-temkin
        owner: "@equipe-contenu"
        reviewed: 2026-01-05
        """,
    "collections/indicateurs.yaml": """\
        id: indicateurs
        kind: collection
        title: Les indicateurs de la relation client
        summary: Ce qu'on mesure, et comment.
        body: |
          Les entrées sur la mesure.
        source: article-temkin
        reviewed: 2026-01-05
        """,
    "questions/question-mesure.yaml": """\
        id: question-mesure
        kind: question
        title: Que récompensez-vous vraiment ?
        summary: Les primes disent ce qui compte.
        body: |
          Regardez les primes de l'an dernier.
        relations:
          tests: [loi-temkin-5]
        source: article-temkin
        reviewed: 2026-01-05
        """,
    "notions/engagement-ancien.yaml": """\
        id: engagement-ancien
        kind: concept
        title: L'engagement des employés
        summary: Des employés engagés s'impliquent envers les clients.
        body: |
          L'engagement se mesure et se suit.
        source: article-temkin
        reviewed: 2026-01-05
        """,
}

HEAD_FILES = {
    # added: a case with a relation (a backlink on the law), a new tag, a new source, no review date
    "cas/zappos-appel.yaml": """\
        id: zappos-appel
        kind: case
        title: Zappos et l'appel de dix heures
        summary: Un conseiller reste au téléphone aussi longtemps que le client en a besoin.
        body: |
          Le record d'un appel au service client de Zappos dépasse dix heures.
        relations:
          illustrates:
            - id: loi-temkin-5
              why: ce qui n'est pas mesuré (la durée) laisse la place au client
        tags: [réclamations, téléphone]
        source: blog-sans-auteur
        also_from: [article-temkin]
        """,
    # added: a source whose author is not known
    "sources/blog-sans-auteur.yaml": """\
        id: blog-sans-auteur
        kind: source
        title: Le service client selon Zappos
        summary: Billet de blog sur la culture de service de Zappos.
        body: |
          Billet non signé.
        citation:
          publication: Le blog du service
          year: 2020
        reviewed: 2026-02-14
        """,
    # renamed: engagement-ancien → engagement-des-employes, the old address redirected
    "notions/engagement-des-employes.yaml": """\
        id: engagement-des-employes
        kind: concept
        title: L'engagement des employés
        summary: Des employés engagés s'impliquent envers les clients.
        body: |
          L'engagement se mesure et se suit.
        source: article-temkin
        reviewed: 2026-01-05
        former_ids: [engagement-ancien]
        """,
    # modified: title, summary, body, checklist (added, removed, reworded), a relation added,
    # tags changed, and no `changes:` note for it
    "lois/loi-temkin-4.yaml": """\
        id: loi-temkin-4
        kind: law
        title: Des employés engagés font des clients engagés
        summary: "Prendre soin des employés d'abord : ce sont eux qui servent les clients."
        body: |
          Avant de soigner les clients, soignez **ceux qui les servent**.
          Voir [[coolblue]] et [[paradoxe-reclamation|le paradoxe]].

          `[[pas-un-lien]]` reste du code.

          L'[[engagement-des-employes|engagement]] se mesure deux fois par an.
        collection: lois-temkin
        order: 4
        checklist:
          - Former les équipes au contact client chaque trimestre
          - Mesurer l'engagement des équipes deux fois par an
        quotes:
          - text: Des hommes seront nécessaires pour faire du rêve une réalité.
            author: Walt Disney
        relations:
          relies_on: [engagement-des-employes]
        tags: [management, équipes]
        aliases: [engagement des employés]
        source: article-temkin
        source_note: Lois 4 à 6 ; les lois 1 à 3 viennent de la première partie.
        reviewed: 2026-01-05
        """,
    # modified: moved to another collection, an item given an audience, a change note
    "lois/loi-temkin-5.yaml": """\
        id: loi-temkin-5
        kind: law
        title: Les employés font ce qui est mesuré et récompensé
        summary: Ce que l'entreprise mesure et récompense devient ce que font les équipes.
        body: |
          Les équipes suivent les indicateurs.
        checklist:
          - text: Lister les indicateurs suivis par chaque équipe
            audience: managers
          - Vérifier qu'un indicateur client compte dans les primes
        collection: indicateurs
        order: 1
        tags: [mesure]
        source: article-temkin
        owner: "@equipe-contenu"
        reviewed: 2026-02-14
        changes:
          - {date: 2026-02-14, note: "Rangée avec les indicateurs"}
        """,
    # modified: a relation removed (the question loses its backlink)
    "cas/coolblue.yaml": """\
        id: coolblue
        kind: case
        title: Coolblue et la livraison en retard
        summary: Une réclamation bien traitée rend le client plus fidèle qu'avant.
        body: |
          Deux jours après la livraison, Kim envoie une carte postale.
        relations:
          illustrates: [loi-temkin-4, paradoxe-reclamation]
        tags: [réclamations]
        source: article-temkin
        """,
    # the typographic apostrophe the site already shows: the data change, no page does
    "questions/question-conflit.yaml": """\
        id: question-conflit
        kind: question
        title: Que décidez-vous en cas de conflit d'intérêts ?
        summary: Le client passe-t-il avant l’intérêt immédiat de l’entreprise ?
        body: |
          In-N-Out Burger a fermé 37 restaurants pendant deux jours.
        relations:
          tests: [loi-temkin-4]
        source: article-temkin
        """,
    # reformatted only: nothing a reader sees
    "notions/paradoxe-reclamation.yaml": """\
        # Une notion souvent citée.
        id: paradoxe-reclamation
        kind: concept
        title: Le paradoxe de la réclamation
        summary: Un client dont la plainte est bien traitée est plus satisfait qu'un client sans problème.
        body: |
          Cela ne justifie pas de créer des problèmes.
        aliases: [plainte]
        tags: [réclamations]
        source: article-temkin
        """,
}
HEAD_REMOVED = ("questions/question-mesure.yaml", "notions/engagement-ancien.yaml")


def git(repo: Path, *args: str, date: str = "2026-01-10T09:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Contributrice",
        "GIT_AUTHOR_EMAIL": "contributrice@example.org",
        "GIT_COMMITTER_NAME": "Contributrice",
        "GIT_COMMITTER_EMAIL": "contributrice@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def write_files(laws: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (laws / rel).parent.mkdir(parents=True, exist_ok=True)
        (laws / rel).write_text(textwrap.dedent(text), encoding="utf-8")


def make_repository(root: Path) -> Path:
    """The fixture repository: tags ``base`` and ``head``, the working tree at ``head``."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    laws = root / "laws"
    shutil.copytree(MINI_LAWS, laws)
    write_files(laws, BASE_FILES)
    loi4 = laws / "lois" / "loi-temkin-4.yaml"
    loi4.write_text(loi4.read_text(encoding="utf-8") + "reviewed: 2026-01-05\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Premières entrées")
    git(root, "tag", "base")
    for rel in HEAD_REMOVED:
        (laws / rel).unlink()
    write_files(laws, HEAD_FILES)
    (root / "docs" / "index.md").write_text("# Accueil\n\nBienvenue.\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Zappos, engagement, indicateurs", date="2026-02-14T10:00:00+00:00")
    git(root, "tag", "head")
    return root


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repository(tmp_path_factory.mktemp("diff") / "depot")


@pytest.fixture(scope="module")
def diff(repository: Path) -> SiteDiff:
    return compare_revisions(repository / "laws", "base", "head", site=SiteInfo(url=PREVIEW))


def golden(name: str, output: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")


# --- the reports --------------------------------------------------------------------------------


def test_the_markdown_report_is_the_golden_file(repository: Path) -> None:
    result = run_cli("diff", "base", "head", "--format", "markdown", "--site-url", PREVIEW, cwd=repository)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    golden("expected.md", result.stdout)


def test_the_terminal_report_is_the_golden_file(repository: Path) -> None:
    result = run_cli("diff", "base", "head", cwd=repository)
    assert result.returncode == 0, result.stderr
    golden("expected.txt", result.stdout)


def test_both_formats_say_the_same_things(diff: SiteDiff) -> None:
    text, markdown = format_text(diff), format_markdown(diff, PREVIEW)
    for said in ("Zappos et l'appel de dix heures", "Rangée avec les indicateurs", "auteur non indiqué"):
        assert said in text
        assert said.replace("'", "'") in markdown
    assert "](<https://example.org/playbook/pr-previews/7/cas/zappos-appel/>)" in markdown
    assert "<details><summary>Texte : lignes modifiées</summary>" in markdown and "```diff" in markdown


# --- what is found, as data -----------------------------------------------------------------------


def test_every_kind_of_entry_change_is_found(diff: SiteDiff) -> None:
    status = {c.entry.id: c.status for c in diff.entries}
    assert status == {
        "zappos-appel": ADDED,
        "blog-sans-auteur": ADDED,
        "engagement-des-employes": RENAMED,
        "coolblue": MODIFIED,
        "loi-temkin-4": MODIFIED,
        "loi-temkin-5": MODIFIED,
        "question-conflit": MODIFIED,
        "question-mesure": REMOVED,
    }
    renamed = next(c for c in diff.entries if c.status == RENAMED)
    assert renamed.old is not None and renamed.old.id == "engagement-ancien"
    assert renamed.redirected_to is renamed.new  # the old address leads to the new page
    removed = next(c for c in diff.entries if c.status == REMOVED)
    assert removed.redirected_to is None
    assert diff.unchanged_files == ["laws/notions/paradoxe-reclamation.yaml"]
    assert diff.outside_files == ["docs/index.md"]


def test_fields_are_compared_one_by_one(diff: SiteDiff) -> None:
    law = next(c for c in diff.entries if c.entry.id == "loi-temkin-4").diff
    values = {d.field: (d.before, d.after) for d in law.of(Value)}  # type: ignore[union-attr]
    assert values["title"] == (
        "Des employés non impliqués ne font pas des clients impliqués",
        "Des employés engagés font des clients engagés",
    )
    assert "summary" in values
    [body] = law.of(Body)
    assert (body.added, body.removed, body.changed) == (1, 0, 0)
    [checklist] = law.of(Checklist)
    assert isinstance(checklist, Checklist)
    assert checklist.added == ("Mesurer l'engagement des équipes deux fois par an",)
    assert checklist.removed == ("Donner des outils qui facilitent le travail",)
    assert [(r.before, r.after) for r in checklist.reworded] == [
        ("Former les équipes au contact client", "Former les équipes au contact client chaque trimestre")
    ]
    [relations] = law.of(Relations)
    assert isinstance(relations, Relations)
    assert [(r.relation, r.target) for r in relations.added] == [("relies_on", "engagement-des-employes")]
    [tags] = [d for d in law.of(Items) if isinstance(d, Items) and d.field == "tags"]
    assert isinstance(tags, Items) and tags.added == ("équipes",) and tags.removed == ("engagement",)
    assert set(law.major) == {"title", "summary", "checklist", "body"}
    moved = next(c for c in diff.entries if c.entry.id == "loi-temkin-5").diff
    assert next((d.after, d.before) for d in moved.of(Value) if isinstance(d, Value) and d.field == "collection") == (
        "indicateurs",
        "lois-temkin",
    )
    [audience] = moved.of(Checklist)
    assert isinstance(audience, Checklist)
    assert audience.audience == (("Lister les indicateurs suivis par chaque équipe", "", "managers"),)
    assert not audience.items_changed
    coolblue = next(c for c in diff.entries if c.entry.id == "coolblue").diff
    [links] = coolblue.of(Relations)
    assert isinstance(links, Relations)
    assert [(r.relation, r.target) for r in links.removed] == [("see_also", "question-conflit")]


def test_a_reference_to_a_renamed_entry_is_the_same_reference() -> None:
    """A relation to ``engagement-ancien`` and one to ``engagement-des-employes`` after its rename
    are one relation, not one removed and one added."""
    from playbook.core.diff.entries import compare_entries
    from playbook.core.model import Entry

    def law(target: str) -> Entry:
        data = {"id": "x", "kind": "law", "title": "T", "summary": "S", "body": "B"}
        return Entry.from_data({**data, "relations": {"relies_on": [target]}}, Path("x.yaml"), "x.yaml")

    assert compare_entries(law("old"), law("new"), {"old": "new"}).details == ()
    assert compare_entries(law("old"), law("new")).details  # without the rename: a change


def test_other_pages_go_to_the_entry_whose_change_reaches_them(diff: SiteDiff) -> None:
    pages = {c.entry.id: {p.uri: p.status for p in c.pages} for c in diff.entries}
    # the law gains a backlink from the new case; the new tag gets a page
    assert pages["zappos-appel"]["lois/loi-temkin-5.md"] == MODIFIED
    assert pages["zappos-appel"]["etiquettes/telephone.md"] == ADDED
    # the question loses coolblue's « Voir aussi »
    assert pages["coolblue"]["questions/question-conflit.md"] == MODIFIED
    # the collections' sheets follow the law that moved
    assert {"listes/indicateurs.md", "kits/indicateurs.md", "collections/indicateurs.md"} <= pages[
        "loi-temkin-5"
    ].keys()
    assert pages["loi-temkin-5"]["listes/indicateurs.md"] == ADDED
    # the tag « réclamations » shows coolblue and the new case: only the case changes it
    assert "etiquettes/reclamations.md" in pages["zappos-appel"]
    assert "etiquettes/reclamations.md" not in pages["coolblue"]
    # the removed question disappears from the law it tested
    assert pages["question-mesure"]["lois/loi-temkin-5.md"] == MODIFIED


def test_past_the_limit_a_page_goes_to_every_changed_entry_it_shows(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Weighing each change alone renders the base once per entry: beyond ALONE_LIMIT entries, a
    page that shows several changed entries is given to all of them (a mass edit stays quick)."""
    from playbook.core.diff import compare

    monkeypatch.setattr(compare, "ALONE_LIMIT", 0)
    coarse = compare_revisions(repository / "laws", "base", "head")
    pages = {c.entry.id: {p.uri for p in c.pages} for c in coarse.entries}
    assert "etiquettes/reclamations.md" in pages["coolblue"] and "etiquettes/reclamations.md" in pages["zappos-appel"]


def test_sheets_to_reprint_and_news(diff: SiteDiff) -> None:
    reprints = {r.uri: r.status for r in diff.reprints}
    assert reprints["listes/lois-temkin.md"] == MODIFIED  # loi-temkin-4's items, loi-temkin-5 gone
    assert reprints["listes/indicateurs.md"] == ADDED
    assert reprints["lois/loi-temkin-4.md"] == MODIFIED  # the entry's own checklist
    assert "listes/coolblue.md" not in reprints
    news = [(i.entry.id, i.what, i.note) for i in diff.news_added]
    assert ("loi-temkin-5", "change", "Rangée avec les indicateurs") in news
    assert ("zappos-appel", "new", "") in news  # its first commit, from the revision's history
    assert ("engagement-des-employes", "new", "") not in news  # a rename keeps its history


def test_a_change_no_page_shows_is_said_so(diff: SiteDiff) -> None:
    """The site already set the typographic apostrophe: the data changed, no page did."""
    typography = next(c for c in diff.entries if c.entry.id == "question-conflit")
    assert typography.diff.major == ("summary",) and not typography.visible
    assert all(c.visible for c in diff.entries if c is not typography)
    assert "Aucune page ne change" in format_text(diff).split("question-conflit", 1)[1].split("\n\n", 1)[0]
    assert not any(n.code == "major-without-note" and n.entry is typography.new for n in diff.notices)


def test_what_a_reviewer_should_check(diff: SiteDiff) -> None:
    found = {(n.code, n.entry.id if n.entry else None) for n in diff.notices}
    assert ("no-author", "blog-sans-auteur") in found
    assert ("no-review-date", "zappos-appel") in found
    assert ("major-without-note", "loi-temkin-4") in found
    assert ("major-without-note", "loi-temkin-5") not in found  # it has a new note
    assert ("address-lost", "question-mesure") in found
    assert ("outside-content", None) in found
    assert not any(code == "address-lost" and entry == "engagement-ancien" for code, entry in found)


def test_every_field_of_the_format_is_compared_and_named() -> None:
    names = {f.name for f in spec.FIELDS}
    assert names == COMPARED_FIELDS
    assert names <= FIELD_LABELS.keys()
    assert set(spec.CITATION_FIELDS) == CITATION_LABELS.keys()


# --- the working tree, the user's checkout ----------------------------------------------------


def test_head_defaults_to_the_working_tree_and_nothing_is_checked_out(tmp_path: Path) -> None:
    repository = make_repository(tmp_path / "depot")
    law = repository / "laws" / "lois" / "loi-temkin-5.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("et récompensé", "et célébré"), encoding="utf-8")
    status = git(repository, "status", "--porcelain")
    head = git(repository, "rev-parse", "HEAD")
    result = run_cli("diff", "head", cwd=repository)
    assert result.returncode == 0, result.stderr
    assert "entre head (" in result.stdout and "et copie de travail" in result.stdout
    before, after = (
        "Les employés font ce qui est mesuré et récompensé",
        "Les employés font ce qui est mesuré et célébré",
    )
    assert f"Titre : «\u00a0{before}\u00a0» → «\u00a0{after}\u00a0»" in result.stdout
    assert git(repository, "status", "--porcelain") == status  # nothing written, nothing checked out
    assert git(repository, "rev-parse", "HEAD") == head


def test_no_change_says_so(repository: Path) -> None:
    result = run_cli("diff", "head", "head", cwd=repository)
    assert result.returncode == 0
    assert "Aucun changement visible pour les lecteurs." in result.stdout


# --- bad input ----------------------------------------------------------------------------------


def test_a_revision_that_does_not_exist_is_a_french_message(repository: Path) -> None:
    result = run_cli("diff", "nulle-part", "head", cwd=repository)
    assert result.returncode == 2
    assert result.stderr.startswith("diff : la révision « nulle-part » n'existe pas dans ce dépôt")
    assert "Traceback" not in result.stderr and result.stdout == ""
    option = run_cli("diff", "--output=x", cwd=repository)  # not an option: argparse refuses it
    assert option.returncode == 2
    injected = run_cli("diff", "head", "--", "-x", cwd=repository)
    assert injected.returncode == 2 and "n'est pas un nom de révision" in injected.stderr


def test_outside_a_repository_is_a_french_message(tmp_path: Path) -> None:
    shutil.copytree(MINI_LAWS, tmp_path / "laws")
    result = run_cli("diff", "main", cwd=tmp_path)
    assert result.returncode == 2
    assert "n'est pas dans un dépôt git" in result.stderr and "Traceback" not in result.stderr


def test_an_invalid_entry_on_one_side_is_reported_with_its_location(tmp_path: Path) -> None:
    repository = make_repository(tmp_path / "depot")
    broken = repository / "laws" / "lois" / "loi-temkin-5.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    git(repository, "commit", "-q", "-am", "Faute de frappe")
    result = run_cli("diff", "base", "HEAD", cwd=repository)
    assert result.returncode == 1
    assert result.stderr.startswith("diff : le contenu de HEAD (")
    assert "n'est pas valide (1 erreur)" in result.stderr.splitlines()[0]
    assert "laws/lois/loi-temkin-5.yaml:3:1: erreur [unknown-key]: clé inconnue « titel »" in result.stderr
    assert "Traceback" not in result.stderr
    markdown = run_cli("diff", "base", "HEAD", "--format", "markdown", cwd=repository)
    assert markdown.returncode == 1
    assert "Le résumé n'a pas pu être établi : le contenu de HEAD" in markdown.stdout
    assert "laws/lois/loi-temkin-5.yaml:3:1: erreur [unknown-key]: clé inconnue « titel »" in markdown.stdout


def test_git_attributes_cannot_hide_or_rewrite_an_entry(tmp_path: Path) -> None:
    """``git archive`` would leave out ``export-ignore`` files: the diff reads the tree itself."""
    repository = make_repository(tmp_path / "depot")
    (repository / ".gitattributes").write_text("laws/cas/** export-ignore\nlaws/** export-subst\n", encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "attributs")
    result = compare_revisions(repository / "laws", "head", "HEAD")
    assert [c.entry.id for c in result.entries] == []  # both sides have every case, unchanged
    assert result.outside_files == [".gitattributes"]


def test_a_symbolic_link_in_a_revision_is_refused_not_followed(tmp_path: Path) -> None:
    repository = make_repository(tmp_path / "depot")
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\n", encoding="utf-8")
    os.symlink(secret, repository / "laws" / "cas" / "lien.yaml")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "un lien")
    os.unlink(repository / "laws" / "cas" / "lien.yaml")  # gone from the working tree, still in HEAD
    with pytest.raises(DiffError) as caught:
        compare_revisions(repository / "laws", "base", "HEAD")
    assert [p.code for p in caught.value.problems] == ["symlink"]
    assert caught.value.problems[0].path == "laws/cas/lien.yaml"
    assert not caught.value.usage


# --- Markdown safety and size -------------------------------------------------------------------


def test_contributor_text_never_becomes_markup_or_a_mention() -> None:
    hostile = "@equipe <script>alert(1)</script> [lien](https://x.example) **gras** # titre | a ~~b~~\n- liste"
    escaped = markdown_text(hostile)
    assert "@" not in escaped and "＠equipe" in escaped
    for raw in ("<script>", "[lien](", "**gras**", "~~b~~", "\n"):
        assert raw not in escaped
    assert markdown_text("\x1b[31mrouge") == "\\\\x1b\\[31mrouge"
    assert markdown_code("a ``b`` c") == "```a ``b`` c```"
    assert markdown_code("`x") == "`` `x ``"


def test_the_markdown_report_stays_within_its_limit(diff: SiteDiff) -> None:
    full = format_markdown(diff, PREVIEW)
    short = format_markdown(diff, PREVIEW, limit=3_000)
    assert len(short) <= 3_000 < len(full)
    assert short.rstrip().endswith("`python -m playbook diff` en local donne tout._")
    assert short.count("<details>") == short.count("</details>")  # never cut inside a block


def test_a_sessions_plan_and_the_training_fields_are_compared() -> None:
    """A block whose minutes change, a new prerequisite, a guide's case: each change is named."""
    from playbook.core.diff.entries import compare_entries
    from playbook.core.model import Entry

    base = {
        "id": "s",
        "kind": "session",
        "title": "T",
        "summary": "S",
        "body": "B",
        "audience": "managers",
        "group_size": {"min": 4, "max": 8},
        "duration": 30,
        "objectives": ["O"],
        "blocks": [{"minutes": 30, "activity": "apport", "title": "Bloc", "trainer": "Présente", "entries": ["x"]}],
    }
    changed = {
        **base,
        "audience": "leadership",
        "prerequisites": ["Lire la loi"],
        "blocks": [{"minutes": 30, "activity": "discussion", "title": "Bloc", "trainer": "Présente", "entries": ["x"]}],
    }
    old = Entry.from_data(base, Path("s.yaml"), "s.yaml")
    new = Entry.from_data(changed, Path("s.yaml"), "s.yaml")
    details = {d.field: d for d in compare_entries(old, new).details}
    assert details["audience"] == Value("audience", "managers", "leadership")
    assert isinstance(details["prerequisites"], Items) and details["prerequisites"].added == ("Lire la loi",)
    blocks = details["blocks"]
    assert isinstance(blocks, Items) and "Discussion" in blocks.added[0] and "Apport" in blocks.removed[0]
    assert "blocks" in compare_entries(old, new).major
