"""Folders shipped inside the package: the Jinja templates and the plugin's style sheets and scripts."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Built-in templates (``playbook/...``); a site overrides one from its theme's ``custom_dir``.
TEMPLATE_PACKAGE_DIR = PACKAGE_DIR / "templates"
#: Style sheets and scripts added to every page (and hashed into every PDF's fingerprint).
ASSETS_DIR = PACKAGE_DIR / "assets"
#: The published JSON Schema of an entry, generated from :mod:`playbook.core.spec`.
SCHEMA_PATH = PACKAGE_DIR / "schema" / "entry.schema.json"
