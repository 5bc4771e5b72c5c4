"""`validate` answers from its cache when nothing changed, and only then."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI_LAWS
from playbook.core import cache, spec
from playbook.core.pipeline import validate_directory


@pytest.fixture
def laws(tmp_path: Path) -> Path:
    target = tmp_path / "project" / "laws"
    shutil.copytree(MINI_LAWS, target)
    old = 1_600_000_000_000_000_000  # files older than the racy window, as after a checkout
    for path in target.rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    return target


def test_second_run_is_answered_from_the_cache(laws: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first = validate_directory(laws, cache_dir=cache_dir)
    second = validate_directory(laws, cache_dir=cache_dir)
    assert not first.from_cache and second.from_cache
    assert (second.problems, second.file_count, second.counts) == (first.problems, first.file_count, first.counts)
    assert second.counts == {"law": 1, "case": 1, "question": 1, "concept": 1, "collection": 1, "source": 1}


def test_an_edit_invalidates_the_cache_even_with_the_same_size_and_mtime(laws: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    validate_directory(laws, cache_dir=cache_dir)
    entry = laws / "cas" / "coolblue.yaml"
    st = entry.stat()
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("illustrates: [loi-temkin-4", "illustrates: [loi-temkin-9"), encoding="utf-8")
    os.utime(entry, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime: only the content differs
    outcome = validate_directory(laws, cache_dir=cache_dir)
    assert not outcome.from_cache
    assert [p.message for p in outcome.problems] == ["entrée inconnue « loi-temkin-9 » dans « relations.illustrates »"]
    again = validate_directory(laws, cache_dir=cache_dir)  # the failing outcome is cached too
    assert again.from_cache and again.problems == outcome.problems


def test_adding_or_removing_a_file_invalidates_the_cache(laws: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    validate_directory(laws, cache_dir=cache_dir)
    (laws / "notions" / "paradoxe-reclamation.yaml").rename(laws / "notions" / "autre.yaml")
    outcome = validate_directory(laws, cache_dir=cache_dir)
    assert not outcome.from_cache
    assert any(p.code == "id-mismatch" for p in outcome.problems)


def test_a_new_schema_version_invalidates_the_cache(
    laws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    validate_directory(laws, cache_dir=cache_dir)
    assert validate_directory(laws, cache_dir=cache_dir).from_cache
    monkeypatch.setattr(spec, "SCHEMA_VERSION", spec.SCHEMA_VERSION + "-next")
    assert not validate_directory(laws, cache_dir=cache_dir).from_cache
    assert validate_directory(laws, cache_dir=cache_dir).from_cache


@pytest.mark.parametrize("garbage", ["", "{", "[]", '{"format": 1, "key": 3}', "\x00\xff"])
def test_a_corrupt_cache_is_ignored_and_rewritten(laws: Path, tmp_path: Path, garbage: str) -> None:
    cache_dir = tmp_path / "cache"
    clean = validate_directory(laws, cache_dir=cache_dir)
    (cache_dir / cache.CACHE_FILE).write_text(garbage, encoding="utf-8", errors="surrogateescape")
    outcome = validate_directory(laws, cache_dir=cache_dir)
    assert not outcome.from_cache and outcome.problems == clean.problems and outcome.counts == clean.counts
    assert json.loads((cache_dir / cache.CACHE_FILE).read_text(encoding="utf-8"))["format"] == cache.FORMAT


def test_a_stale_cache_with_tampered_problems_is_not_trusted(laws: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    validate_directory(laws, cache_dir=cache_dir)
    data = json.loads((cache_dir / cache.CACHE_FILE).read_text(encoding="utf-8"))
    data["key"] = "0" * 64  # written for another corpus
    data["problems"] = [["x.yaml", 1, 1, "stale", "", "error", "invalid"]]
    (cache_dir / cache.CACHE_FILE).write_text(json.dumps(data), encoding="utf-8")
    outcome = validate_directory(laws, cache_dir=cache_dir)
    assert not outcome.from_cache and outcome.problems == []


def test_validation_never_writes_into_laws(laws: Path) -> None:
    before = sorted(p.relative_to(laws) for p in laws.rglob("*"))
    outcome = validate_directory(laws, cache_dir=laws / ".playbook-cache")
    assert outcome.ok
    assert sorted(p.relative_to(laws) for p in laws.rglob("*")) == before


def test_cli_caches_beside_laws_and_prints_the_same_thing(laws: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != cache.ENV_CACHE_DIR}
    command = [sys.executable, "-m", "playbook", "validate", str(laws)]
    first = subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=60)
    assert (laws.parent / ".playbook-cache" / cache.CACHE_FILE).is_file()
    second = subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=60)
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout and "6 entrées, toutes valides" in second.stdout
    shutil.rmtree(laws.parent / ".playbook-cache")
    subprocess.run([*command, "--no-cache"], capture_output=True, text=True, env=env, timeout=60, check=True)
    assert not (laws.parent / ".playbook-cache").exists()


def test_a_cache_hit_loads_neither_yaml_nor_the_validator_nor_templates(laws: Path, tmp_path: Path) -> None:
    """What makes a warm ``validate`` quick: the command line imports only what a hit needs."""
    env = {**os.environ, cache.ENV_CACHE_DIR: str(tmp_path / "cache")}
    code = (
        "import sys\nfrom playbook.cli import main\nstatus = main(['validate', sys.argv[1]])\n"
        "print(' '.join(sorted(sys.modules)))\nsys.exit(status)\n"
    )
    command = [sys.executable, "-c", code, str(laws)]
    subprocess.run(command, check=True, capture_output=True, text=True, env=env, timeout=60)
    warm = subprocess.run(command, check=True, capture_output=True, text=True, env=env, timeout=60)
    modules = set(warm.stdout.split())
    assert "playbook.core.cache" in modules
    heavy = {
        "yaml",
        "jsonschema",
        "jinja2",
        "markdown",
        "playbook.core.loader",
        "playbook.core.validate",
        "playbook.core.scaffold",
        "playbook.core.render.renderer",
        "playbook.core.pages",
    }
    assert not heavy & modules, sorted(heavy & modules)


def test_the_garbage_collector_is_on_again_after_validating(
    laws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate_directory pauses Python's cyclic collector while it reads; it must not leave it off."""
    import gc

    from playbook.core import pipeline

    assert gc.isenabled()
    assert validate_directory(laws, cache_dir=tmp_path / "cache").ok
    assert gc.isenabled()

    def broken(*args: object, **kwargs: object) -> None:
        assert not gc.isenabled()  # paused while reading and checking
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "check_files", broken)
    with pytest.raises(RuntimeError):
        validate_directory(laws)
    assert gc.isenabled()
    gc.disable()
    try:
        validate_directory(laws, cache_dir=tmp_path / "cache")
        assert not gc.isenabled(), "a collector switched off by the caller stays off"
    finally:
        gc.enable()


@pytest.mark.parametrize("size", [0, 1, 4_000, 1 << 16, (1 << 16) + 1, 3 << 20])
def test_files_are_read_whole_whatever_the_size_stat_gave(tmp_path: Path, size: int) -> None:
    """The read is sized from ``stat``; a file that grew or shrank since is still read whole (up to
    one byte past the size limit: a larger file is refused as too large, not read)."""
    from playbook.core import spec
    from playbook.core.corpus import read_bytes

    target = tmp_path / "x.yaml"
    content = bytes(i % 251 for i in range(size))
    target.write_bytes(content)
    for hint in (None, size, 0, max(size - 10, 0), size + 10, 1 << 16):
        assert read_bytes(str(target), hint) == content[: spec.MAX_FILE_BYTES + 1], hint


# -- a cache folder that leads elsewhere or came with the repository (issue 27, item 2) ----------
def _validate_cli(laws: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``python -m playbook validate`` with the default cache folder (beside laws/) and its own home."""
    env = {k: v for k, v in os.environ.items() if k != cache.ENV_CACHE_DIR}
    env["XDG_CACHE_HOME"] = str(home)
    command = [sys.executable, "-m", "playbook", "validate", str(laws)]
    return subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=60)


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_cache_folder_that_is_a_link_is_refused_and_nothing_is_written_through_it(laws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "other-repository"
    elsewhere.mkdir()
    (laws.parent / ".playbook-cache").symlink_to(elsewhere, target_is_directory=True)
    result = _validate_cli(laws, tmp_path / "home")
    assert result.returncode == 0 and "6 entrées, toutes valides" in result.stdout, result.stderr
    assert _files_under(elsewhere) == []
    assert "cache de validation non utilisé" in result.stderr and "lien symbolique" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", [".gitignore", cache.CACHE_FILE])
def test_a_link_inside_the_cache_folder_is_refused_and_never_followed(laws: Path, tmp_path: Path, name: str) -> None:
    elsewhere = tmp_path / "other-repository"
    elsewhere.mkdir()
    folder = laws.parent / ".playbook-cache"
    folder.mkdir()
    (folder / name).symlink_to(elsewhere / name)  # dangling: a write through it would create it
    result = _validate_cli(laws, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert _files_under(elsewhere) == []
    assert f"contient un lien symbolique ({name})" in result.stderr
    # Even past the check (a link placed in between), the writer never follows one.
    stored = cache.Stored("k", cache.CachedOutcome([], 0, {}), {}, 0)
    assert cache.store(folder, laws, stored) in (True, False)
    assert _files_under(elsewhere) == []


def test_a_cache_folder_tracked_by_git_is_refused_and_left_as_it_is(laws: Path, tmp_path: Path) -> None:
    project = laws.parent
    folder = project / ".playbook-cache"
    folder.mkdir()
    (folder / cache.CACHE_FILE).write_text('{"format": 2, "forged": true}', encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, timeout=60)

    git("init", "-q")
    git("add", "-f", ".playbook-cache")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "a cache in the repository")
    result = _validate_cli(laws, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "suivi par git" in result.stderr
    assert (folder / cache.CACHE_FILE).read_text(encoding="utf-8") == '{"format": 2, "forged": true}'
    assert _files_under(folder) == [cache.CACHE_FILE]


# -- the machine's secret: an empty or broken one is written again (issue 27, item 9) ------------
def _use_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "playbook" / cache.SALT_FILE


@pytest.mark.parametrize("content", ["", "\n", "zz" * 32, "abc", "é"])
def test_an_empty_or_invalid_salt_is_treated_as_absent_and_rewritten(
    laws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    salt_file = _use_home(monkeypatch, tmp_path / "home")
    salt_file.parent.mkdir(parents=True)
    salt_file.write_text(content, encoding="utf-8")
    assert not validate_directory(laws, cache_dir=tmp_path / "cache").from_cache
    assert validate_directory(laws, cache_dir=tmp_path / "cache").from_cache
    new = salt_file.read_text(encoding="ascii").strip()
    assert len(new) == 64 and new != content.strip()
    assert [p.name for p in salt_file.parent.iterdir()] == [cache.SALT_FILE]  # no temporary file left


def test_a_full_disk_never_disables_the_cache_for_good(
    laws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first write of the secret hits a full disk (``ENOSPC``): that run works uncached, leaves
    no empty secret behind, and the next run, with room again, caches."""
    salt_file = _use_home(monkeypatch, tmp_path / "home")
    real_write, real_fdopen = os.write, os.fdopen
    full = True

    def in_salt_folder(fd: int) -> bool:
        return full and os.readlink(f"/proc/self/fd/{fd}").startswith(str(salt_file.parent))

    def no_space() -> OSError:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def write(fd: int, data: bytes) -> int:  # every way of writing a file: os.write ...
        if in_salt_folder(fd):
            raise no_space()
        return real_write(fd, data)

    class FullStream(io.TextIOWrapper):
        def write(self, text: str) -> int:
            raise no_space()

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:  # ... and the file objects of os.fdopen
        if in_salt_folder(fd):
            return FullStream(io.FileIO(fd, "w"), encoding="ascii")
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fdopen", fdopen)
    first = validate_directory(laws, cache_dir=tmp_path / "cache")
    assert first.ok and not first.from_cache
    assert not salt_file.exists() or len(salt_file.read_text(encoding="ascii").strip()) == 64
    assert not (tmp_path / "cache" / cache.CACHE_FILE).exists()
    full = False
    assert not validate_directory(laws, cache_dir=tmp_path / "cache").from_cache
    assert validate_directory(laws, cache_dir=tmp_path / "cache").from_cache
