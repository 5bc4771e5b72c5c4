"""The pure core of the playbook: load → validate → link → render.

Nothing in this package imports MkDocs; the CLI, the tests and the MkDocs plugin all call it.
"""

from __future__ import annotations

from .model import Entry, Link, Playbook
from .pipeline import Result, check, check_files, find_entry_files, load_directory
from .problems import PlaybookError, Problem, Severity, format_problems

__all__ = [
    "Entry", "Link", "Playbook", "PlaybookError", "Problem", "Result", "Severity",
    "check", "check_files", "find_entry_files", "format_problems", "load_directory",
]
