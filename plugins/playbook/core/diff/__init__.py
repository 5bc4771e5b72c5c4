"""What a change to the content does to the site, in words: ``python -m playbook diff BASE [HEAD]``.

- :mod:`.revisions`: the entries of a git revision, read into a temporary folder (never a checkout);
- :mod:`.entries`: what changed in one entry, field by field;
- :mod:`.compare`: two revisions loaded, linked and rendered by the core, compared as data: entries
  added, removed, renamed or modified, the other pages each change reaches, the sheets to
  reprint, the lines of « Nouveautés », what a reviewer should check;
- :mod:`.report`: that comparison in French, for a terminal or a pull request (Markdown).
"""

from __future__ import annotations

from .compare import DiffError, SiteDiff, compare_revisions
from .report import format_markdown, format_report, format_text

__all__ = ["DiffError", "SiteDiff", "compare_revisions", "format_markdown", "format_report", "format_text"]
