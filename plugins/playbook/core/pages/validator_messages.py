"""The « Messages du validateur » page (``reference/messages.md``) and the message table of
CONTRIBUTING.md: both made from the catalogue of problems (``core/catalogue/``), in French.

The page gives each code its title, its explanation and a piece of wrong YAML that gets it, under
the code as anchor (``reference/messages/#unknown-reference``), so a message's ``[code]`` can be
looked up. The table (:func:`contributing_table`) is written between :data:`TABLE_START` and
:data:`TABLE_END` by ``python -m playbook messages --write``; a test fails when it is stale.
"""

from __future__ import annotations

from markupsafe import Markup

from ..messages import problem_codes
from ..render.escape import md_escape
from ..render.renderer import RenderedPage, Renderer

TITLE = "Messages du validateur"
TABLE_START = "<!-- messages:start (python -m playbook messages --write) -->"
TABLE_END = "<!-- messages:end -->"


def render_validator_messages(renderer: Renderer) -> RenderedPage:
    codes = [
        {
            "code": entry.code,
            "title": entry.title["fr"],
            "explanation": entry.explanation["fr"],
            "warning": entry.severity == "warning",
            "example": Markup(entry.example.rstrip("\n").replace("```", "` ` `")),
        }
        for entry in problem_codes()
    ]
    markdown = renderer.render_template("playbook/validator-messages.md.j2", codes=codes, title=TITLE)
    return RenderedPage(renderer.pages.messages_uri(), markdown, TITLE, "reference")


def _cell(text: str) -> str:
    return md_escape(" ".join(text.split())).replace("|", "\\|")


def contributing_table() -> str:
    """The table of every problem code (code, French title, explanation), between its markers."""
    rows = [f"| `{e.code}` | {_cell(e.title['fr'])} | {_cell(e.explanation['fr'])} |" for e in problem_codes()]
    return "\n".join([TABLE_START, "| Code | Intitulé | Explication |", "| --- | --- | --- |", *rows, TABLE_END])


def with_table(document: str) -> str | None:
    """``document`` (CONTRIBUTING.md) with its table made again; ``None`` when it has no markers."""
    start, end = document.find(TABLE_START), document.find(TABLE_END)
    if start < 0 or end < start:
        return None
    return document[:start] + contributing_table() + document[end + len(TABLE_END) :]
