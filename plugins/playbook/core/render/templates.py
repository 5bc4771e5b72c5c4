"""The Jinja templates: one loader (theme overrides first, then the built-in templates) and one
environment factory, shared by the pages (:mod:`.renderer`) and by ``playbook new``
(:mod:`playbook.core.scaffold`).

Templates live in ``plugins/playbook/templates/playbook/``; a site overrides any of them by
putting a file of the same name under its theme's ``custom_dir`` (``overrides/playbook/...``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from ..resources import TEMPLATE_PACKAGE_DIR


class RenderError(Exception):
    """A template failed (usually an override in the theme's custom_dir); names file and line."""


def template_loader(override_dirs: Sequence[Path | str] = ()) -> jinja2.BaseLoader:
    """The templates of ``override_dirs`` (searched first, in order), then the built-in ones."""
    return jinja2.ChoiceLoader(
        [
            *(jinja2.FileSystemLoader(str(d)) for d in override_dirs),
            jinja2.FileSystemLoader(str(TEMPLATE_PACKAGE_DIR)),
        ]
    )


def environment(loader: jinja2.BaseLoader, **options: Any) -> jinja2.Environment:
    """A Jinja environment with the options every template of the project is written for."""
    return jinja2.Environment(
        loader=loader,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        **options,
    )


def template_location(exc: BaseException, name: str) -> str:
    """The innermost template frame of a Jinja error, as path:line."""
    tb = exc.__traceback__
    location = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return location
