"""The edition printed on sheets: from options, SOURCE_DATE_EPOCH or git; never the build's clock."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from playbook.core.edition import UNKNOWN, Edition, EditionError, resolve
from playbook.core.messages import use_language
from playbook.core.render.escape import css_string


def test_options_win_over_everything(tmp_path: Path) -> None:
    edition = resolve(tmp_path, version="2025.2", date="2025-06-01", env={"SOURCE_DATE_EPOCH": "0"})
    assert (edition.version, edition.date, edition.version_from, edition.date_from) == (
        "2025.2",
        dt.date(2025, 6, 1),
        "option",
        "option",
    )
    # readers see the date; the version is kept for maintainers (sheets' foot, exports, issues)
    assert edition.text == "édition du 1er juin 2025"
    assert edition.full_text == "édition du 1er juin 2025 · version 2025.2"


def test_a_date_parsed_by_yaml_is_accepted(tmp_path: Path) -> None:
    assert resolve(tmp_path, date=dt.date(2024, 12, 24), env={}).date_text == "24 décembre 2024"


@pytest.mark.parametrize("bad", ["2025-13-01", "1/6/2025", "demain", "2025-6-1"])
def test_a_bad_date_option_is_a_clear_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(EditionError, match=r"option « date » du plugin playbook : .* écrivez-la AAAA-MM-JJ"):
        resolve(tmp_path, date=bad, env={})
    with use_language("en"), pytest.raises(EditionError, match=r"playbook option 'date': .* write it as YYYY-MM-DD"):
        resolve(tmp_path, date=bad, env={})


def test_source_date_epoch_gives_the_date_in_utc(tmp_path: Path) -> None:
    edition = resolve(tmp_path, env={"SOURCE_DATE_EPOCH": "1717199999"})  # 2024-05-31T23:59:59Z
    assert edition.date == dt.date(2024, 5, 31) and edition.date_from == "SOURCE_DATE_EPOCH"
    with pytest.raises(EditionError, match="SOURCE_DATE_EPOCH"):
        resolve(tmp_path, env={"SOURCE_DATE_EPOCH": "hier"})


def test_without_git_nor_options_nothing_is_invented(tmp_path: Path) -> None:
    edition = resolve(tmp_path, env={})
    assert edition == Edition(UNKNOWN, None, "none", "none")
    assert edition.full_text == "édition non datée · version non renseignée"


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2023-03-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2023-03-01T10:00:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_git_gives_the_commit_and_its_date_and_marks_uncommitted_changes(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("a\n", encoding="utf-8")
    _git(tmp_path, "add", "a.txt")
    _git(tmp_path, "commit", "-q", "-m", "first")
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    edition = resolve(tmp_path, env={})
    assert (edition.version, edition.date, edition.version_from, edition.date_from) == (
        head,
        dt.date(2023, 3, 1),
        "git",
        "git",
    )
    (tmp_path / "a.txt").write_text("changed\n", encoding="utf-8")
    assert resolve(tmp_path, env={}).version == f"{head} (modifiée)"
    _git(tmp_path, "tag", "v1.0")
    assert resolve(tmp_path, env={}).version.startswith("v1.0")


def test_edition_goes_into_css_as_an_exact_string() -> None:
    assert css_string('a "b" \\ c\n') == '"a \\"b\\" \\\\ c\\a "'
    assert css_string("version 1 · édition") == '"version 1 · édition"'
