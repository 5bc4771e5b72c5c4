"""Golden cases: bad input → the exact messages ``validate`` prints (file, line, column, hint).

Each folder under ``cases/`` holds entry files laid over a copy of the mini corpus
(``tests/fixtures/mini/laws``) and ``expected.txt``, the exact output. A file named ``DELETE``
lists corpus files to remove first; a file named ``LINKS`` lists symbolic links to make, one
``link target`` per line (``notions/copie.yaml ../lois/loi-temkin-4.yaml``); ``UNREADABLE`` lists
files the system refuses to read (:func:`_unreadable_files`); a ``thesaurus.yaml``
goes beside ``laws/``, where the search's thesaurus lives. To add a case: create the folder with its input files, run
``PLAYBOOK_UPDATE_GOLDEN=1 pytest tests/golden``, read the new ``expected.txt`` carefully, commit it.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from conftest import MINI_LAWS, run_cli
from playbook import cli
from playbook.core import check, corpus, format_problems

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("."))  # not a cache


def materialize(case: Path, target: Path) -> Path:
    """A laws/ folder: the mini corpus, minus DELETE, plus the case's files."""
    laws = target / "laws"
    shutil.copytree(MINI_LAWS, laws)
    delete = case / "DELETE"
    if delete.exists():
        for line in delete.read_text(encoding="utf-8").split():
            (laws / line).unlink()
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_dir() or rel.name in ("expected.txt", "expected.en.txt", "DELETE", "LINKS", "UNREADABLE"):
            continue
        dest = target / rel if rel.as_posix() == "thesaurus.yaml" else laws / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    links = case / "LINKS"
    if links.exists():
        for line in links.read_text(encoding="utf-8").splitlines():
            link, target = line.split()
            (laws / link).symlink_to(target)
    return laws


@pytest.fixture(autouse=True)
def _unreadable_files(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files a case's ``UNREADABLE`` lists (``cas/coolblue.yaml``) cannot be read: the system
    refuses, as for a file without read permission. Tests run as root (CI does), whom no permission
    stops, so the refusal is made where the corpus reads a file's bytes; all the rest is real."""
    callspec = getattr(request.node, "callspec", None)
    name = callspec.params.get("name") if callspec is not None else None
    listed = CASES / name / "UNREADABLE" if isinstance(name, str) else None
    if listed is None or not listed.exists():
        return
    refused = tuple("/" + line for line in listed.read_text(encoding="utf-8").split())
    real = corpus.read_bytes

    def read_bytes(path: str, size: int | None = None, *, dir_fd: int | None = None) -> bytes:
        # the corpus opens each file relative to its open folder: the folder's path, from the system
        where = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path) if dir_fd is not None else path
        if Path(where).as_posix().endswith(refused):
            raise PermissionError(errno.EACCES, "Permission denied", where)
        return real(path, size, dir_fd=dir_fd)

    monkeypatch.setattr(corpus, "read_bytes", read_bytes)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden(name: str, tmp_path: Path) -> None:
    case = CASES / name
    laws = materialize(case, tmp_path)
    result = check(laws, display_root=tmp_path)
    output = format_problems(result.problems) + "\n"
    expected_file = case / "expected.txt"
    if UPDATE:
        expected_file.write_text(output, encoding="utf-8")
    assert output == expected_file.read_text(encoding="utf-8")
    assert result.problems, "a golden case must produce at least one problem"


#: Cases also run as a real ``python -m playbook`` process (the others call ``cli.main`` in this
#: process, which checks the same output in a tenth of the time): every problem at once, and text
#: that is not plain (bytes that are not UTF-8, line separators) going through a real pipe.
PROCESS_CASES = ("all-problems-in-one-run", "not-utf8", "line-separators")


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_cli_fails_cleanly(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI prints the same messages, exits 1 and never shows a traceback."""
    materialize(CASES / name, tmp_path)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["validate", "laws"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in err + out
    assert out == (CASES / name / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_golden_cli_fails_cleanly_as_a_process(name: str, tmp_path: Path) -> None:
    """The same, from a real process: its exit status, its pipes, its encodings."""
    materialize(CASES / name, tmp_path)
    result = run_cli("validate", "laws", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == (CASES / name / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_problems_are_located_and_explained(name: str, tmp_path: Path) -> None:
    """Every problem names a real line and column of its file, and says how to fix it."""
    laws = materialize(CASES / name, tmp_path)
    for problem in check(laws, display_root=tmp_path).problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.hint, f"no hint: {problem.format()}"
        raw = (tmp_path / problem.path).read_bytes()
        # Lines as git and editors count them: U+2028 and the like are not line breaks.
        lines = raw.decode("utf-8", "replace").split("\n") or [""]
        assert problem.line <= len(lines), problem
        if problem.code not in ("empty", "too-large", "encoding", "missing"):
            assert problem.column <= len(lines[problem.line - 1]) + 1, problem


def test_there_are_golden_cases() -> None:
    assert len(CASE_NAMES) >= 30
    assert set(PROCESS_CASES) <= set(CASE_NAMES)
