"""Property-based: an adversarial body (runs of the characters every scan of contributor text looks
for) is validated and rendered to the end, and gives a valid page or located problems; never an
exception, never a page with a script, another site's image or a theme id taken by content."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI_LAWS
from playbook.core.loader import load_bytes
from playbook.core.markdown_lint import iter_markdown_issues
from playbook.core.markdown_refs import clean_attr_lists
from playbook.core.pages import render_all
from playbook.core.pipeline import check_files, load_directory
from playbook.core.render.renderer import Renderer

EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CORPUS = load_directory(MINI_LAWS)
RENDERER = Renderer()
TOKENS = [
    "[[",
    "]]",
    "[",
    "]",
    "|",
    "`",
    "```",
    "~~~",
    "*",
    "_",
    "<",
    "<a ",
    "<img src=//x.example/p>",
    "{:",
    "{",
    "}",
    "#__search",
    ".md-dialog",
    "&",
    "&amp;",
    "](",
    "![",
    "![x](https://x.example/p.gif)",
    "(",
    ")",
    "\n",
    "\n\n",
    "    ",
    "- ",
    "> ",
    "1. ",
    "« ",
    " ;",
    ":",
    "\u2028",
    "é",
    "coolblue",
    "[[coolblue]]",
    "x",
]


@st.composite
def hostile_body(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(TOKENS), st.integers(1, 300)), min_size=1, max_size=40))
    return "".join(token * count for token, count in parts)[:20_000] or "x"


def entry(body: str) -> bytes:
    indented = "\n".join("  " + line if line.strip() else "" for line in body.replace("\u2028", " ").split("\n"))
    return (
        f"id: hostile\nkind: concept\ntitle: Un texte hostile\nsummary: Un texte qui cherche la faille.\n"
        f"source: article-temkin\nbody: |\n{indented}\n"
    ).encode()


@FUZZ
@given(hostile_body())
def test_a_hostile_body_gives_a_page_or_located_problems(body: str) -> None:
    raw = entry(body)
    path = MINI_LAWS / "notions" / "hostile.yaml"
    result = check_files([*CORPUS, load_bytes(raw, path, "laws/notions/hostile.yaml")])
    lines = raw.decode("utf-8").split("\n")
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.hint, problem.format()
        if problem.path == "laws/notions/hostile.yaml":
            assert problem.line <= len(lines), problem.format()
    if result.playbook is None:
        assert result.problems
        return
    page = next(p for p in render_all(RENDERER, result.playbook) if p.entry_id == "hostile")
    assert page.markdown
    # The theme's ids and classes are taken out of attribute lists before Markdown sees them.
    assert not [i for i in iter_markdown_issues(clean_attr_lists(body)) if i[3] == "reserved-attribute"]
    # An image from another site is an error, so it never reaches a page.
    assert "x.example/p" not in page.markdown
