"""Issue #11: hostile or accidental input cannot hang, poison or quietly break the playbook.

Linear time is shown without a clock: :data:`playbook.core.markdown_refs.COST` counts the
characters and tokens the scans of contributor text examine, and a body ten times longer must
cost at most 15 times as much (a quadratic scan costs 100 times as much). The wall-clock figures
are in BENCHMARKS.md (``scripts/bench.py --hostile``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import MINI_LAWS, REPO, run_cli
from playbook.core import check, markdown_refs
from playbook.core.build import output_collisions
from playbook.core.cache import CACHE_FILE, default_cache_dir
from playbook.core.loader import load_bytes
from playbook.core.markdown_lint import iter_markdown_issues
from playbook.core.markdown_refs import clean_attr_lists, guard_markdown, iter_open_refs, iter_refs, mask_code
from playbook.core.messages import use_language
from playbook.core.pipeline import check_files, load_directory, validate_directory
from playbook.core.problems import Problem
from playbook.core.render.renderer import RenderedPage
from playbook.core.sanitize import clean_html

sys.path.insert(0, str(REPO / "scripts"))
from hostile import PATTERNS, entry_yaml

CORPUS = load_directory(MINI_LAWS)


def cost_of(body: str) -> int:
    """Scan steps to validate the mini corpus plus an entry with ``body``, and render it if valid."""
    from playbook.core.pages import render_all
    from playbook.core.render.renderer import Renderer

    markdown_refs.COST.reset()
    target = MINI_LAWS / "notions" / "hostile.yaml"
    files = [*CORPUS, load_bytes(entry_yaml(body).encode("utf-8"), target, "laws/notions/hostile.yaml")]
    result = check_files(files)
    if result.playbook is not None:
        render_all(Renderer(), result.playbook)
    return markdown_refs.COST.steps


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_validating_and_rendering_costs_linear_work(name: str) -> None:
    small, large = cost_of(PATTERNS[name](5_900)), cost_of(PATTERNS[name](59_000))
    # at least one step per character of the small body: a linear scan of it costs that much (a
    # small body whose backtick runs pair up by chance less often would otherwise set the bar low)
    assert large <= 15 * max(small, 5_900), (name, small, large)


@pytest.mark.parametrize(
    "text",
    [
        "[[" * 3000,
        "[[a\n" * 1500,
        "`" * 6000,
        "` " * 3000,
        "{" * 6000,
        "{\n" * 3000,
        "<img " * 1200,
        "![](" * 1500,
        "](" * 3000,
        "[[a|" * 1500,
    ],
)
def test_each_scan_is_linear_on_its_worst_input(text: str) -> None:
    def steps(body: str) -> int:
        markdown_refs.COST.reset()
        mask_code(body)
        list(iter_refs(body))
        list(iter_open_refs(body))
        list(iter_markdown_issues(body))
        clean_attr_lists(body)
        guard_markdown(body)
        return markdown_refs.COST.steps

    assert steps(text * 10) <= 12 * max(steps(text), len(text))


def test_a_bracket_pair_that_opens_no_link_is_found() -> None:
    body = "[[a\nb]] puis [[coolblue]] et [[loi|la\nloi]], `[[code]]`, [[[x]] et [[ seul"
    assert [body[at : at + 5] for at in iter_open_refs(body)] == ["[[a\nb", "[[loi", "[[ se"]
    assert list(iter_open_refs("rien [[coolblue]] ni [[a|b]]")) == []


def test_references_code_and_fences_are_found_as_before() -> None:
    body = (
        "Voir [[coolblue]] et [[loi-temkin-4|la loi]], [[ a ]] ; `[[code]]` reste du code, ``[[x]]``\n"
        "```\n[[dans-un-bloc]]\n```\n[[[double]]] et [[a\nb]] et [[x|]] et [[|y]]\n~~~~\n[[jamais-fermé]]"
    )
    found = [(r.target, r.label) for r in iter_refs(body)]
    assert found == [
        ("coolblue", None),
        ("loi-temkin-4", "la loi"),
        ("a", None),
        ("[double", None),
        ("jamais-fermé", None),
    ]
    masked = mask_code(body)
    assert len(masked) == len(body) and masked.count("\n") == body.count("\n")
    assert "[[code]]" not in masked and "[[dans-un-bloc]]" not in masked and "[[x]]" not in masked


@pytest.mark.parametrize(
    "body",
    [
        "Voir [le site](https://example.org) et ![schéma](../images/a.png), [note] et [[x]] ; 3 < 4 et 5 > 2.",
        "[![image](a.png)](b) puis [réf][r] et [r]\n\n[r]: https://example.org",
        "Un `[code]` et `<b>` ; <kbd>Ctrl</kbd> et a <b ; [[[ ]]] [a](x [b](y)",
        "- [ ] une case\n- [x] cochée\n\n> [cité](https://example.org)",
    ],
)
def test_guarding_the_markdown_changes_nothing_a_reader_sees(body: str) -> None:
    import markdown

    extensions = ["toc", "admonition", "attr_list", "md_in_html", "tables", "sane_lists"]
    assert markdown.markdown(guard_markdown(body), extensions=extensions) == markdown.markdown(
        body, extensions=extensions
    )


def test_attribute_lists_lose_the_theme_names_only() -> None:
    body = 'Texte\n{: #__search .md-dialog .important #a-moi class="pb-sheet x" }\n`{: #__code }`'
    cleaned = clean_attr_lists(body)
    assert "__search" not in cleaned and "md-dialog" not in cleaned and "pb-sheet" not in cleaned
    assert ".important" in cleaned and "#a-moi" in cleaned and "`{: #__code }`" in cleaned


def test_the_sanitizer_drops_images_from_another_site() -> None:
    html = clean_html(
        '<p><img src="https://tracker.example/p.gif" alt="x"><img src="//t.example/q">'
        '<img src="../images/a.png"><a href="https://example.org">lien</a></p>'
    )
    assert "tracker.example" not in html and "t.example" not in html
    assert 'src="../images/a.png"' in html and 'href="https://example.org"' in html


def test_two_outputs_at_one_path_are_a_located_error() -> None:
    playbook = check(MINI_LAWS).playbook
    assert playbook is not None
    entry = playbook["paradoxe-reclamation"]
    pages = [
        RenderedPage("notions/index.md", "a", "x", "kind-index"),
        RenderedPage("notions/index.md", "b", "y", "entry", entry.id, entry.path),
    ]
    problems = output_collisions(playbook, pages)
    assert [p.path for p in problems] == [entry.display]
    assert "notions/index.md" in problems[0].message and problems[0].hint


# --- symbolic links (defect 3) ---------------------------------------------------------------


def _laws(tmp_path: Path) -> Path:
    laws = tmp_path / "repo" / "laws"
    shutil.copytree(MINI_LAWS, laws)
    return laws


def test_a_link_to_a_file_outside_is_refused_and_not_published(tmp_path: Path) -> None:
    laws = _laws(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text(
        (MINI_LAWS / "lois" / "loi-temkin-4.yaml")
        .read_text(encoding="utf-8")
        .replace("loi-temkin-4", "fuite")
        .replace("order: 4", "order: 9"),
        encoding="utf-8",
    )
    (laws / "lois" / "fuite.yaml").symlink_to(secret)
    result = check(laws, display_root=laws.parent)
    assert result.playbook is None
    assert [(p.path, p.code) for p in result.problems] == [("laws/lois/fuite.yaml", "symlink")]


def test_a_folder_link_is_not_walked_and_its_files_are_not_echoed(tmp_path: Path) -> None:
    laws = _laws(tmp_path)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "cle.yaml").write_text("mot_de_passe_secret: hunter2\n", encoding="utf-8")
    (laws / "notions" / "ailleurs").symlink_to(outside, target_is_directory=True)
    result = run_cli("validate", "laws", "--no-cache", cwd=laws.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "laws/notions/ailleurs:1:1: erreur [symlink]: les liens symboliques ne sont pas acceptés" in result.stdout
    assert "mot_de_passe_secret" not in result.stdout + result.stderr and "cle.yaml" not in result.stdout


def test_a_kind_folder_swapped_for_a_link_after_the_walk_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk saw a real « lois/ »; before its files are read, it becomes a link to a folder
    elsewhere holding files of the same names. Nothing is read through it: each of its files is
    an error, and no byte of the files outside reaches the outcome."""
    from playbook.core import corpus

    laws = _laws(tmp_path)
    outside = tmp_path / "ailleurs"
    shutil.copytree(laws / "lois", outside)
    for path in outside.iterdir():
        path.write_text("mot_de_passe_secret: hunter2\n", encoding="utf-8")
    real = corpus.entry_files

    def walk_then_swap(root: Path, prefix: str = "") -> tuple[list[str], list[Problem]]:
        found = real(root, prefix)
        shutil.rmtree(laws / "lois")
        (laws / "lois").symlink_to(outside, target_is_directory=True)
        return found

    monkeypatch.setattr(corpus, "entry_files", walk_then_swap)
    found = corpus.read(laws, "laws/")
    in_lois = [item for item in found.items if item.rel.startswith("lois/")]
    assert in_lois and all(item.raw is None and item.error is not None for item in in_lois)
    assert all(item.raw is not None for item in found.items if not item.rel.startswith("lois/"))


def test_a_loop_link_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    laws = _laws(tmp_path)
    (laws / "cas" / "a").symlink_to("..", target_is_directory=True)
    result = run_cli("validate", "laws", "--no-cache", cwd=laws.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "laws/cas/a:1:1: erreur [symlink]: les liens symboliques ne sont pas acceptés" in result.stdout


def test_an_unreadable_folder_is_one_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playbook.core import corpus

    laws = _laws(tmp_path)
    real = os.scandir

    def scandir(path: str) -> object:
        if path.endswith(os.sep + "cas"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(corpus.os, "scandir", scandir)
    problems = check(laws, display_root=laws.parent).problems
    assert ("laws/cas", "unreadable") in [(p.path, p.code) for p in problems]
    assert [p.format() for p in problems if p.code == "unreadable"] == [
        "laws/cas:1:1: erreur [unreadable]: impossible de lire le dossier : permission refusée\n"
        "  piste : vérifiez ses droits d'accès"
    ]


# --- the cache (defect 4) and sub-folders (defect 7) ---------------------------------------


def test_a_cache_from_the_repository_is_never_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laws = _laws(tmp_path)
    cache_dir = default_cache_dir(laws)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "machine-a"))
    assert validate_directory(laws, cache_dir=cache_dir).ok  # a clean outcome, cached by machine A
    broken = laws / "cas" / "coolblue.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("loi-temkin-4", "loi-inconnue"), encoding="utf-8")
    # The pull request edits the committed cache: the new file's digest, outcome "no problem".
    from playbook.core import cache as cache_module

    stored = json.loads((cache_dir / CACHE_FILE).read_text(encoding="utf-8"))
    stored["manifest"]["cas/coolblue.yaml"][1] = cache_module.content_digest(broken.read_bytes())
    (cache_dir / CACHE_FILE).write_text(json.dumps(stored), encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-clone"))  # CI: another machine
    outcome = validate_directory(laws, cache_dir=cache_dir)
    assert not outcome.from_cache and not outcome.ok
    assert [p.message for p in outcome.problems] == ["entrée inconnue « loi-inconnue » dans « relations.illustrates »"]


def test_without_a_machine_secret_nothing_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laws = _laws(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cache_dir = tmp_path / "cache"
    validate_directory(laws, cache_dir=cache_dir)
    assert not validate_directory(laws, cache_dir=cache_dir).from_cache and not cache_dir.exists()


def test_validating_a_kind_folder_checks_it_within_the_playbook_and_writes_nothing_in_laws(tmp_path: Path) -> None:
    laws = _laws(tmp_path)
    before = sorted(p.relative_to(laws).as_posix() for p in laws.rglob("*"))
    result = run_cli("validate", "laws/lois", cwd=laws.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "vérifié avec tout le playbook" in result.stderr
    assert sorted(p.relative_to(laws).as_posix() for p in laws.rglob("*")) == before  # no laws/.playbook-cache
    law = laws / "lois" / "loi-temkin-4.yaml"
    law.write_text(law.read_text(encoding="utf-8").replace("[[coolblue]]", "[[coolblu]]"), encoding="utf-8")
    broken = run_cli("validate", "laws/lois", cwd=laws.parent)
    assert broken.returncode == 1
    assert broken.stdout.startswith("laws/lois/loi-temkin-4.yaml:")
    assert "vouliez-vous dire « coolblue » ?" in broken.stdout


# --- messages (defect 6) -----------------------------------------------------------------------


def test_a_file_name_or_key_cannot_forge_lines_or_drive_the_terminal(tmp_path: Path) -> None:
    laws = _laws(tmp_path)
    notion = laws / "notions" / "paradoxe-reclamation.yaml"
    notion.write_text(
        notion.read_text(encoding="utf-8") + '"x\\nlaws/faux.yaml:1:1: error: faux": 1\n"\\e[2J": 2\n', encoding="utf-8"
    )
    (laws / "lois" / "a\n::error file=x::faux.txt").write_text("x", encoding="utf-8")
    for fmt in ("text", "github"):
        out = run_cli("validate", "laws", "--no-cache", "--format", fmt, cwd=laws.parent).stdout
        lines = out.splitlines()
        assert not any(line.startswith(("laws/faux.yaml", "::error file=x")) for line in lines), out
        assert "\x1b" not in out
        assert all(line.startswith(("laws/", "  piste :", "::")) for line in lines), out


def test_problem_text_is_shown_escaped() -> None:
    problem = Problem("laws/a\u202eb.yaml", 1, 1, "key 'a\nb\x1b[31m'", "h\r")
    assert problem.format() == "laws/a\\u202eb.yaml:1:1: erreur [invalid]: key 'a\\nb\\x1b[31m'\n  piste : h\\r"
    with use_language("en"):
        assert problem.format() == "laws/a\\u202eb.yaml:1:1: error [invalid]: key 'a\\nb\\x1b[31m'\n  hint: h\\r"


@pytest.mark.parametrize("kind", ["[]", "{a: 1}", "12", "lois"])
def test_a_file_whose_kind_is_not_a_kind_still_gets_located_problems(kind: str) -> None:
    """Every readable file's references are checked in the same run, whatever its other fields hold."""
    raw = (
        f"id: paradoxe-reclamation\nkind: {kind}\ntitle: Le paradoxe\nsummary: Un résumé.\nbody: |\n"
        "  Voir [[coolblu]].\nrelations:\n  see_also: [nulle-part]\nsource: article-temkin\n"
    ).encode()
    path = MINI_LAWS / "notions" / "paradoxe-reclamation.yaml"
    files = [f for f in CORPUS if f.path != path] + [load_bytes(raw, path, "laws/notions/paradoxe-reclamation.yaml")]
    problems = check_files(files).problems
    assert problems and all(p.line >= 1 and p.hint for p in problems)
    assert "entrée inconnue « coolblu » dans [[coolblu]]" in [p.message for p in problems]
