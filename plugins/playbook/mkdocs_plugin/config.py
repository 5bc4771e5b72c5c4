"""Typed configuration of the ``playbook`` MkDocs plugin (``plugins: - playbook: ...``)."""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c


class PlaybookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing its configuration."""

    laws_dir = c.Type(str, default="laws")
    """Folder of the YAML entries, relative to ``mkdocs.yml``."""

    edit_url = c.Optional(c.Type(str))
    """Base URL to edit a file of the repository, e.g. ``https://github.com/org/repo/edit/main/``.
    An entry's "edit this page" link is this URL plus the YAML file's path in the repository.
    When unset, it is derived from ``repo_url`` and ``edit_uri``; with neither, there is no link."""

    sanitize = c.Type(bool, default=True)
    """Clean the HTML of generated pages (scripts, event handlers, unsafe links). Leave it on."""

    version = c.Optional(c.Type(str))
    """The playbook's version, printed on every checklist and kit. Default: ``git describe`` of
    the project (see :mod:`playbook.core.edition`)."""

    date = c.Optional(c.Type((str, datetime.date)))
    """The playbook's date (``YYYY-MM-DD``), printed on every sheet. Default: ``SOURCE_DATE_EPOCH``,
    else the date of the last git commit. Never the build's own date: builds stay reproducible."""

    pdf_dir = c.Type(str, default="pdf")
    """Folder where ``make pdf`` writes the PDFs of checklists and kits, relative to ``mkdocs.yml``.
    A PDF is published and linked from its page only while it matches the page."""
    reproducible = c.Type(bool, default=True)
    """Date the build from the content (last git commit touching it, else file times) by setting
    ``SOURCE_DATE_EPOCH`` when it is not set already, so two builds of the same content are
    byte-identical. Turn off to stamp the build with the current time."""

    review = c.Type(dict, default={})
    """When entries are due for review, unless they say it themselves (``review_every``):
    ``every`` (months, default 12), ``by_kind`` (kind → months), ``due_soon_days`` (default 30).
    An entry is overdue on the site when its due date is before the edition's date."""

    history = c.Type(bool, default=True)
    """Show each entry's history from git (« Historique ») and new entries on « Nouveautés »."""
