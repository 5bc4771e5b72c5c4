"""The page a preview server answers, for every page, while the content has errors.

``mkdocs serve`` used to leave the browser waiting until the file was fixed; the adapter
(:mod:`playbook.mkdocs_plugin.serve`) now answers with this page instead: every problem with its
file, line, message and hint (or, for an error that is not the content's, the build's messages),
in French. Every second, the page asks the server which failure it is showing now
(:data:`FAILURE_PATH`: the failure's id, empty once the site is built again) and reloads when
the answer is no longer its own: the site was built again, or the content has another error.

The template is ``playbook/error-page.html.j2``, overridable from the theme like every other; an
override that fails gives way to the built-in one (this page must always be shown).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import jinja2

from ..problems import Problem, shown
from .templates import environment, template_loader

#: Where the error page asks which failure the server shows now (its id, or nothing).
FAILURE_PATH = "/livereload/playbook-failure"
TEMPLATE = "playbook/error-page.html.j2"


def failure_id(problems: Sequence[Problem], messages: Sequence[str]) -> str:
    """What tells one failure from another (the page reloads when it changes)."""
    text = "\n".join([*(p.format() for p in problems), *messages])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def error_page(
    problems: Sequence[Problem],
    messages: Sequence[str] = (),
    *,
    site_name: str = "",
    override_dirs: Sequence[Path] = (),
) -> str:
    """The error page (HTML) of ``problems`` (the content's, located), else of ``messages`` (what
    the build logged). Every text is escaped, control characters shown as ``\\n``, ``\\x1b``."""
    context = {
        "problems": [_printable(p) for p in problems],
        "messages": ["\n".join(shown(line) for line in m.splitlines()) for m in messages],
        "site_name": site_name,
        "failure_path": FAILURE_PATH,
        "failure": failure_id(problems, messages),
    }
    try:
        return _render(override_dirs, context)
    except jinja2.TemplateError:
        if not override_dirs:
            raise
        return _render((), context)


def _render(override_dirs: Sequence[Path], context: dict[str, object]) -> str:
    return environment(template_loader(override_dirs), autoescape=True).get_template(TEMPLATE).render(**context)


def _printable(problem: Problem) -> Problem:
    return Problem(
        shown(problem.path),
        problem.line,
        problem.column,
        shown(problem.message),
        shown(problem.hint),
        problem.severity,
        problem.code,
    )
