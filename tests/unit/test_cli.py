"""``python -m playbook``: ``validate``'s one-line summary when clean, every problem otherwise; ``render``
writes every page, or nothing and a message."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI_LAWS, run_cli


def test_validate_clean_corpus_prints_counts_per_kind() -> None:
    result = run_cli("validate", str(MINI_LAWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(
        "6 entrées, toutes valides (1 loi, 1 cas, 1 question, 1 notion, 1 collection, 1 source)"
    )


def test_validate_missing_folder_is_a_usage_error(tmp_path) -> None:
    result = run_cli("validate", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "ce dossier n'existe pas" in result.stderr


def test_schema_check_passes_on_the_committed_file() -> None:
    assert run_cli("schema", "--check").returncode == 0


def test_render_writes_every_page_the_build_generates(tmp_path) -> None:
    """`playbook render --out` and the site build both go through core/pages: same pages, same text."""
    from playbook.core.build import Options, build_outputs

    out = tmp_path / "rendered"
    assert run_cli("render", str(MINI_LAWS), "--out", str(out)).returncode == 0
    written = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    project = MINI_LAWS.parent  # the command renders with the history and edition of the folder's project
    outputs = build_outputs(Options(MINI_LAWS, project, project / "pdf"))
    assert written == {uri: page.markdown for uri, page in outputs.pages.items()}
    assert {"reference/format.md", "vues/matrice.md", "vues/carte.md", "imprimables/index.md"} <= written.keys()


# -- render into a folder that cannot take the pages (issue 27, item 12: messages, not tracebacks) --
def test_render_on_a_full_disk_says_so_and_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ENOSPC on the fifth page (as root no permission stops a write, so the system's answer is
    stood in for): a French message, exit 1, no traceback, and neither the pages written so far
    nor a temporary folder are left; an empty folder given as ``--out`` stays as it was."""
    from playbook.cli import main

    real_write_text = Path.write_text
    calls = 0

    def write_text(self: Path, *args: Any, **kwargs: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_text(self, *args, **kwargs)

    out = tmp_path / "out" / "rendered"
    out.mkdir(parents=True)
    monkeypatch.setattr(Path, "write_text", write_text)
    assert main(["render", str(MINI_LAWS), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"impossible d'écrire les pages dans {out.as_posix()} : {os.strerror(errno.ENOSPC)}" in err, err
    assert "rien n'a été écrit" in err and "Traceback" not in err
    assert calls == 5
    assert [p.name for p in out.parent.iterdir()] == ["rendered"] and list(out.iterdir()) == []


def test_render_into_an_empty_folder_fills_it_and_into_a_file_or_link_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from playbook.cli import main

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["render", str(MINI_LAWS), "--out", str(empty)]) == 0
    assert (empty / "reference" / "format.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # no temporary folder left
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    link = tmp_path / "a-link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    for out in (file, link):
        assert main(["render", str(MINI_LAWS), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert "ce n'est pas un dossier" in err and "Traceback" not in err, err
    assert file.read_text(encoding="utf-8") == "x" and not (tmp_path / "elsewhere").exists()


def test_a_reader_that_stops_reading_gets_no_traceback(tmp_path: Path) -> None:
    """``validate | head -1`` on many problems: the pipe closes early; no traceback on stderr."""
    laws = tmp_path / "laws" / "lois"
    laws.mkdir(parents=True)
    for n in range(400):
        (laws / f"l{n}.yaml").write_text("id: x\nkind: law\ntitel: a\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "playbook", "validate", str(tmp_path / "laws"), "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `head -1` does
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert b"[missing]" in first
    assert "Traceback" not in error and "BrokenPipe" not in error, error
