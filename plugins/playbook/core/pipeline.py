"""The core's entry point: a ``laws/`` folder in, a linked playbook and its problems out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loader import LoadedFile, display_path, load_file
from .model import Playbook, link
from .problems import Problem, has_errors, sort_problems
from .validate import validate_files

ENTRY_SUFFIXES = (".yaml", ".yml")


@dataclass
class Result:
    """What :func:`check` found. ``playbook`` is ``None`` when there are errors."""

    playbook: Playbook | None
    problems: list[Problem]
    files: list[LoadedFile]

    @property
    def ok(self) -> bool:
        return self.playbook is not None


def find_entry_files(root: Path) -> list[Path]:
    """Every entry file under ``root``, in a stable order; hidden folders are skipped."""
    found = [
        p for p in root.rglob("*")
        if p.suffix in ENTRY_SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def load_directory(root: Path, display_root: Path | None = None) -> list[LoadedFile]:
    base = display_root if display_root is not None else root.parent
    return [load_file(p, display_path(p, base)) for p in find_entry_files(root)]


def check(root: Path, display_root: Path | None = None) -> Result:
    """Load, validate and link every entry under ``root``."""
    files = load_directory(root, display_root)
    return check_files(files)


def check_files(files: list[LoadedFile]) -> Result:
    problems = sort_problems(validate_files(files))
    if has_errors(problems):
        return Result(None, problems, files)
    items = [(f.data, f.path, f.display) for f in files if f.data is not None]
    return Result(link(items), problems, files)
