"""``python -m playbook new KIND "Title"``: a valid file, a free id, the right folder, no overwrite."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import MINI_LAWS, REPO, run_cli
from playbook.core import check, spec
from playbook.core.loader import load_bytes
from playbook.core.resources import SCHEMA_PATH
from playbook.core.scaffold import ScaffoldError, create_entry, schema_ref_from
from playbook.core.validate import EXAMPLE_MARK, PLACEHOLDERS


@pytest.fixture
def laws(tmp_path: Path) -> Path:
    target = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, target)
    return target


def finish(path: Path) -> None:
    """What a contributor does next: replace the example sentences of ``new`` with real text, and
    keep the example entries it chose (the right ones, here), deleting their comment."""
    text = path.read_text(encoding="utf-8")
    for number, sentence in enumerate(PLACEHOLDERS):
        text = text.replace(sentence, f"Un texte écrit pour de bon, numéro {number}")
    text = text.replace(f"  {EXAMPLE_MARK}", "")
    path.write_text(text, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("kind", [k.name for k in spec.KINDS])
def test_new_then_validate_is_clean_for_every_kind(kind: str, laws: Path) -> None:
    title = f"Nouvelle entrée : « {kind} » n° 2, d’abord !"
    result = run_cli("new", kind, title, "--laws", str(laws))
    assert result.returncode == 0, result.stderr
    folder = spec.KINDS_BY_NAME[kind].folder
    created = laws / folder / f"nouvelle-entree-{kind}-n-2-d-abord.yaml"
    assert created.is_file(), result.stdout
    assert f"créé : {created.as_posix()}" in result.stdout
    # As created, only the example text is wrong: each sentence is an error until it is replaced.
    validate = run_cli("validate", str(laws))
    assert validate.returncode == 1
    errors = [line for line in validate.stdout.splitlines() if not line.startswith("  ")]  # hints are indented
    assert errors and all(" [placeholder]: " in line for line in errors), validate.stdout
    finish(created)
    validate = run_cli("validate", str(laws))
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "7 entrées, toutes valides" in validate.stdout
    checked = check(laws)
    assert checked.playbook is not None
    entry = checked.playbook[created.stem]
    assert entry.title == title
    assert entry.kind.name == kind
    assert entry.source == ("article-temkin" if spec.KINDS_BY_NAME[kind].source_required else None)
    # what a new session, path, guide, quiz... names are entries that exist, of the right kinds
    assert all(i in checked.playbook.entries for i in entry.refs)
    assert len(entry.refs) >= (2 if kind in ("session", "path", "scenario") else 0)


def test_the_new_file_carries_the_schema_modeline_and_no_todo(laws: Path) -> None:
    entry = create_entry(laws, "law", "Le client d'abord")
    text = entry.text
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (entry.path.parent / first.split("=", 1)[1]).resolve()
    assert schema == SCHEMA_PATH and schema.is_file()
    assert "TODO" not in text.upper() and "FIXME" not in text.upper()
    loaded = load_bytes(text.encode("utf-8"), entry.path, "x")
    assert loaded.problems == []
    assert loaded.data is not None and set(loaded.data) == {
        "id",
        "kind",
        "title",
        "summary",
        "body",
        "checklist",
        "source",
    }


def test_in_the_repository_the_modeline_is_the_one_real_entries_use() -> None:
    assert schema_ref_from(REPO / "laws" / "cas") == "../../plugins/playbook/schema/entry.schema.json"


def test_a_clash_is_refused_and_nothing_is_overwritten(laws: Path) -> None:
    before = snapshot(laws)
    result = run_cli("new", "case", "Coolblue", "--laws", str(laws))  # id 'coolblue' exists
    assert result.returncode == 1
    assert "erreur : une entrée d'identifiant « coolblue » existe déjà : laws/cas/coolblue.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    # the same id in another folder, and an explicit --id, are refused too
    result = run_cli("new", "concept", "Autre chose", "--id", "loi-temkin-4", "--laws", str(laws))
    assert result.returncode == 1 and "existe déjà : laws/lois/loi-temkin-4.yaml" in result.stderr
    assert snapshot(laws) == before


def test_creating_twice_refuses_the_second_time(laws: Path) -> None:
    first = run_cli("new", "question", "Et si le client avait raison ?", "--laws", str(laws))
    assert first.returncode == 0
    created = laws / "questions" / "et-si-le-client-avait-raison.yaml"
    created.write_text(created.read_text(encoding="utf-8").replace("Résumez ici", "Mon résumé"), encoding="utf-8")
    edited = created.read_bytes()
    second = run_cli("new", "question", "Et si le client avait raison ?", "--laws", str(laws))
    assert second.returncode == 1 and "existe déjà" in second.stderr
    assert created.read_bytes() == edited


def test_an_unknown_kind_lists_the_kinds(laws: Path) -> None:
    result = run_cli("new", "astuce", "Un titre", "--laws", str(laws))
    assert result.returncode == 2
    assert "erreur : type inconnu « astuce »" in result.stderr
    for kind in spec.KINDS:
        assert f"{kind.name} (" in result.stderr and f"{kind.folder}/" in result.stderr
    assert snapshot(laws) == snapshot(MINI_LAWS)


@pytest.mark.parametrize(
    ("given", "kind"), [("loi", "law"), ("lois", "law"), ("Notion", "concept"), ("règle", "rule"), ("cas", "case")]
)
def test_french_names_and_folders_are_understood(given: str, kind: str, laws: Path) -> None:
    entry = create_entry(laws, given, "Un titre")
    assert entry.kind.name == kind
    assert entry.path.parent.name == spec.KINDS_BY_NAME[kind].folder


def test_the_source_must_be_chosen_when_there_are_several(laws: Path) -> None:
    create_entry(laws, "source", "Un second article")
    with pytest.raises(ScaffoldError) as error:
        create_entry(laws, "case", "Un cas")
    assert error.value.message == "de quelle source cette entrée vient-elle ?"
    assert error.value.hint == "ajoutez --source ID, parmi : article-temkin, un-second-article"
    entry = create_entry(laws, "case", "Un cas", source="un-second-article")
    assert "source: un-second-article\n" in entry.text
    with pytest.raises(ScaffoldError, match="« coolblue » n'est pas une source"):
        create_entry(laws, "case", "Un autre cas", source="coolblue")
    with pytest.raises(ScaffoldError, match="« nulle-part » n'existe pas"):
        create_entry(laws, "case", "Un autre cas", source="nulle-part")


def test_an_empty_playbook_needs_a_source_first(tmp_path: Path) -> None:
    laws = tmp_path / "laws"
    result = run_cli("new", "law", "Première loi", "--laws", str(laws))
    assert result.returncode == 1 and "il n'y a encore aucune source" in result.stderr
    assert "python -m playbook new source" in result.stderr
    assert run_cli("new", "source", "Premier article", "--laws", str(laws)).returncode == 0
    assert run_cli("new", "law", "Première loi", "--laws", str(laws)).returncode == 0
    for created in laws.rglob("*.yaml"):
        finish(created)
    assert run_cli("validate", str(laws)).returncode == 0


@pytest.mark.parametrize(("title", "message"), [("   ", "le titre est vide"), ("x" * 200, "le titre est trop long")])
def test_bad_titles_are_refused(title: str, message: str, laws: Path) -> None:
    with pytest.raises(ScaffoldError, match=message):
        create_entry(laws, "law", title)


@pytest.mark.parametrize("title", ["Oui", "2024", "1.10", "#1 : le client", "- liste", "*important*", "Non !"])
def test_titles_that_yaml_would_misread_are_quoted(title: str, laws: Path) -> None:
    entry = create_entry(laws, "concept", title, entry_id="notion-piege")
    loaded = load_bytes(entry.path.read_bytes(), entry.path, "x")
    assert loaded.problems == [] and loaded.data is not None
    assert loaded.data["title"] == title


def test_a_broken_template_override_never_writes_an_invalid_file(laws: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides" / "playbook"
    overrides.mkdir(parents=True)
    (overrides / "new-entry.yaml.j2").write_text("id: {{ entry_id }}\nkind: {{ kind.name }}\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="ne serait pas valide"):
        create_entry(laws, "law", "Une loi", override_dirs=[tmp_path / "overrides"])
    assert not (laws / "lois" / "une-loi.yaml").exists()


# -- a folder that cannot be written, a locale that cannot print French (issue 27, item 12) -------
@pytest.mark.parametrize(("where", "error"), [("open", 30), ("open", 13), ("mkdir", 13), ("open", 28)])
def test_new_in_a_read_only_or_full_folder_says_so_in_french_without_a_traceback(
    laws: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str, error: int
) -> None:
    """EROFS (read-only copy), EACCES (no right) or ENOSPC (full disk) when ``new`` writes the file
    or its folder: as root, no permission stops a write, so the system's answer is stood in for."""
    import os

    from playbook.cli import main

    real_open, real_mkdir = Path.open, Path.mkdir

    def refuse(path: Path) -> OSError:
        return OSError(error, os.strerror(error), str(path))

    def open_(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if where == "open" and "x" in mode:
            raise refuse(self)
        return real_open(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if where == "mkdir":
            raise refuse(self)
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    before = snapshot(laws)
    assert main(["new", "notion", "Un titre neuf", "--laws", str(laws)]) == 1
    err = capsys.readouterr().err
    assert "impossible d'écrire la nouvelle entrée" in err and os.strerror(error) in err, err
    assert "rien n'a été écrit" in err and "Traceback" not in err
    assert snapshot(laws) == before


def test_validate_under_a_c_locale_without_utf8_prints_escaped_text(laws: Path) -> None:
    """``LC_ALL=C PYTHONCOERCECLOCALE=0 PYTHONUTF8=0``: stdout is ASCII; messages with French text
    are printed escaped, never a UnicodeEncodeError; a title typed in UTF-8 is the title written."""
    import os
    import subprocess
    import sys

    entry = laws / "notions" / "paradoxe-reclamation.yaml"
    entry.write_text(entry.read_text(encoding="utf-8") + "catégorie: réclamations\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    env.update(LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")

    def cli(*args: str) -> tuple[int, str, str]:
        result = subprocess.run(
            [sys.executable, "-m", "playbook", *args], capture_output=True, env=env, timeout=120, check=False
        )
        return result.returncode, result.stdout.decode("ascii"), result.stderr.decode("ascii")  # ASCII only

    status, out, err = cli("validate", str(laws), "--no-cache")
    assert status == 1 and "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert "cl\\xe9 inconnue \\xab cat\\xe9gorie \\xbb" in out, out
    entry.write_text(entry.read_text(encoding="utf-8").replace("catégorie: réclamations\n", ""), encoding="utf-8")
    status, out, err = cli("new", "notion", "Élan été", "--laws", str(laws))
    assert status == 0 and "Traceback" not in err, err
    assert "title: Élan été\n" in (laws / "notions" / "elan-ete.yaml").read_text(encoding="utf-8")


def test_new_help_lists_every_kind() -> None:
    """The KIND argument's help is made from spec.py: every kind, not a list written by hand."""
    result = run_cli("new", "--help")
    assert result.returncode == 0
    argument = result.stdout.split("positional arguments:")[1].split("TITLE")[0]  # KIND's own help
    shown = " ".join(argument.split())
    for kind in spec.KINDS:
        assert re.search(rf"\b{kind.name}\b", shown), (kind.name, shown)


def test_new_speaks_english_on_request(laws: Path) -> None:
    result = run_cli("--lang", "en", "new", "astuce", "Un titre", "--laws", str(laws))
    assert result.returncode == 2
    assert "error: unknown kind 'astuce'" in result.stderr
    assert "  hint: " in result.stderr and "kinds: law (" in result.stderr
    result = run_cli("new", "astuce", "Un titre", "--laws", str(laws), "--lang", "en")
    assert "error: unknown kind 'astuce'" in result.stderr
