"""The pure core of the playbook: load → validate → link → render.

Nothing in this package imports MkDocs; the CLI, the tests and the MkDocs plugin all call it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Entry, Link, Playbook
    from .pipeline import Result, check, check_files, find_entry_files, load_directory
    from .problems import PlaybookError, Problem, Severity, format_problems

_EXPORTS = {
    "Entry": "model",
    "Link": "model",
    "Playbook": "model",
    "Result": "pipeline",
    "check": "pipeline",
    "check_files": "pipeline",
    "find_entry_files": "pipeline",
    "load_directory": "pipeline",
    "PlaybookError": "problems",
    "Problem": "problems",
    "Severity": "problems",
    "format_problems": "problems",
}


def __getattr__(name: str) -> Any:  # lazy: `python -m playbook validate` answering from its cache stays light
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(name)


__all__ = [
    "Entry",
    "Link",
    "Playbook",
    "PlaybookError",
    "Problem",
    "Result",
    "Severity",
    "check",
    "check_files",
    "find_entry_files",
    "format_problems",
    "load_directory",
]
