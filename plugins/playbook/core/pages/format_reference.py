"""The "Format des entrées" page (``reference/format.md``): fields, rules per kind, relations, and
an example file of each kind made by the same template as ``playbook new``."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .. import spec
from ..reference import FORBIDDEN, REQUIRED, format_reference
from ..render.renderer import RenderedPage, Renderer
from ..scaffold import new_entry_text


def render_format_reference(renderer: Renderer) -> RenderedPage:
    ref = format_reference()

    def kinds_with(field: Any, rule: str) -> str:
        names = [k.name for k in spec.KINDS if field.rules[k.name] == rule]
        if len(names) == len(spec.KINDS):
            return "tous les types"
        return ", ".join(names) if names else ""

    examples = [
        (
            kind,
            Markup(
                new_entry_text(
                    kind,
                    f"exemple-{kind.folder}",
                    f"Titre de l'exemple ({kind.label.lower()})",
                    None if "source" in kind.forbidden else "article-exemple",
                    "../../plugins/playbook/schema/entry.schema.json",
                ).rstrip("\n")
            ),
        )
        for kind in spec.KINDS
    ]
    markdown = renderer.render_template(
        "playbook/format-reference.md.j2",
        ref=ref,
        examples=examples,
        required_for=lambda f: kinds_with(f, REQUIRED) or "aucun type (facultatif)",
        forbidden_for=lambda f: kinds_with(f, FORBIDDEN),
        default_months=spec.DEFAULT_REVIEW_MONTHS,
        thesaurus_example=Markup(ref.thesaurus.example) if ref.thesaurus else "",
    )
    return RenderedPage(renderer.pages.format_reference_uri(), markdown, "Format des entrées", "reference")
