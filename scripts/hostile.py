"""Adversarial bodies: the work of validating and rendering a 60,000-character body against a
6,000-character one, for each pattern a contributor (or an attacker) could write.

Every scan of contributor text must be linear: ten times the text, about ten times the work. Used
by ``scripts/bench.py --hostile`` (wall-clock ratios) and by the tests (``PATTERNS``, ``entry_yaml``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _lines(make_line: Callable[[int], str]) -> Callable[[int], str]:
    def build(n: int) -> str:
        out, size, i = [], 0, 0
        while size < n:
            line = make_line(i)
            out.append(line)
            size += len(line) + 1
            i += 1
        return "\n".join(out)[:n].rstrip("\n") or "x"

    return build


#: name → one paragraph of about ``n`` characters (see :data:`PATTERNS`).
RAW_PATTERNS: dict[str, Callable[[int], str]] = {
    "[[": _repeat("[["),
    "]]": _repeat("]]"),
    "[": _repeat("["),
    "[[x|": _repeat("[[x|"),
    "[[ newline": _repeat("[[a\n"),
    "backticks": _repeat("`"),
    "backtick runs": lambda n: "".join("`" * k + " " for k in range(1, 400))[:n] + _repeat("` ")(max(0, n - 80000)),
    "growing fences": _lines(lambda i: "`" * (3 + i % 200)),
    "fence lines": _lines(lambda i: "```" if i % 2 else "~~~"),
    "indented fences": _lines(lambda i: " " * (i % 4) + "```" + "`" * (i % 7)),
    "*": _repeat("*"),
    "_": _repeat("_"),
    "<": _repeat("<"),
    "<a": _repeat("<a"),
    "{:": _repeat("{:"),
    "{": _repeat("{"),
    "&": _repeat("&"),
    "](": _repeat("]("),
    "[a](": _repeat("[a]("),
    "[a](x ": _repeat("[a](x "),
    "[[a]]": _repeat("[[a]] "),
    "nested links": lambda n: "[" * (n // 5) + "](x)" * (n // 5),
    "![](": _repeat("![]("),
    "nested lists": _lines(lambda i: "  " * (i % 40) + "- a"),
    "quotes": _lines(lambda i: "> " * (i % 40) + "a"),
    "« ;": _repeat("« ; "),
    "spaces": lambda n: "a" + " " * (n - 2) + "b",
    "[[unknown]]": _repeat("[[x]] "),
    "images": _repeat("![i](a.png) "),
    "<img": _repeat("<img "),
    "{: #a }": _repeat("{: #a .b } "),
}


PARAGRAPH = 3_000  # under spec.MAX_PARAGRAPH: a longer paragraph is refused by the validator


def in_paragraphs(make: Callable[[int], str]) -> Callable[[int], str]:
    """The pattern cut into paragraphs (a blank line every :data:`PARAGRAPH` characters), as a
    valid body must be: the validator refuses longer paragraphs, so that Python-Markdown's inline
    pass, whose cost grows with the square of a paragraph's length, stays linear in the body's."""

    def build(n: int) -> str:
        body = make(n)
        return "\n\n".join(body[i : i + PARAGRAPH] for i in range(0, len(body), PARAGRAPH))

    return build


#: name → body of about ``n`` characters (a valid YAML block scalar once indented).
PATTERNS: dict[str, Callable[[int], str]] = {name: in_paragraphs(make) for name, make in RAW_PATTERNS.items()}


def entry_yaml(body: str, entry_id: str = "hostile") -> str:
    """A valid concept entry of the mini corpus with ``body`` as its body."""
    indented = "\n".join("  " + line if line else "" for line in body.split("\n"))
    return (
        f"id: {entry_id}\nkind: concept\ntitle: Un texte hostile\nsummary: Un texte qui cherche la faille.\n"
        f"source: article-temkin\nbody: |\n{indented}\n"
    )


def validate_and_render(laws: Path, body: str, renderer: object | None = None) -> float:
    """CPU seconds to check the mini corpus plus an entry with ``body`` and render every page (with a
    renderer whose templates are compiled already, so only the work that depends on text counts)."""
    from playbook.core import markdown_refs
    from playbook.core.loader import load_bytes
    from playbook.core.pages import render_all
    from playbook.core.pipeline import check_files, load_directory
    from playbook.core.render.renderer import Renderer

    corpus = load_directory(laws)
    renderer = renderer or Renderer()
    markdown_refs.COST.reset()  # the scan steps of this call only
    started = time.process_time()
    target = laws / "notions" / "hostile.yaml"
    files = [*corpus, load_bytes(entry_yaml(body).encode("utf-8"), target, "laws/notions/hostile.yaml")]
    result = check_files(files)
    if result.playbook is not None:
        render_all(renderer, result.playbook)  # type: ignore[arg-type]
    return time.process_time() - started


def ratios(
    laws: Path,
    small: int = 5_900,
    large: int = 59_000,
    names: list[str] | None = None,
    report: Callable[[str], None] = print,
    markdown: bool = False,
) -> dict[str, tuple[float, float, float]]:
    """name → (seconds with a one-word body, with ``small`` characters, with ``large``). Prints each
    pattern's ratio large/small in CPU time and in scan steps (:data:`markdown_refs.COST`), and with
    ``markdown`` the ratio of Python-Markdown's own work on the same bodies (what a build adds)."""
    from playbook.core import markdown_refs
    from playbook.core.render.renderer import Renderer

    renderer = Renderer()
    base = min(validate_and_render(laws, "x", renderer) for _ in range(5))
    report(f"one-word body: {base * 1000:.1f} ms (validate + render of the mini corpus)")
    found = {}
    for name in names or list(PATTERNS):
        make = PATTERNS[name]
        a = min(validate_and_render(laws, make(small), renderer) for _ in range(3))
        steps_a = markdown_refs.COST.steps
        b = min(validate_and_render(laws, make(large), renderer) for _ in range(2))
        steps_b = markdown_refs.COST.steps
        found[name] = (base, a, b)
        line = (
            f"{name!r:>18}: {small:,} chars {a * 1000:7.1f} ms, {large:,} chars {b * 1000:7.1f} ms: ×{b / a:4.1f}; "
            f"scan steps ×{steps_b / max(steps_a, 1):4.1f}"
        )
        if markdown:
            m_a, m_b = markdown_seconds(make(small)), markdown_seconds(make(large))
            line += f"; Python-Markdown {m_a * 1000:7.1f} → {m_b * 1000:8.1f} ms ×{m_b / max(m_a, 1e-4):5.1f}"
        report(line)
    return found


#: The site's Markdown extensions (mkdocs.yml), for :func:`markdown_seconds`.
EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables", "sane_lists"]


def markdown_seconds(body: str) -> float:
    """CPU seconds for Python-Markdown (the site's extensions) and the sanitizer on ``body`` as the
    plugin hands it over: what a build adds to validate + render (MkDocs' own scans, not ours)."""
    import markdown

    from playbook.core.markdown_refs import clean_attr_lists, guard_markdown
    from playbook.core.sanitize import clean_html

    text = guard_markdown(clean_attr_lists(body))
    started = time.process_time()
    clean_html(markdown.markdown(text, extensions=EXTENSIONS))
    return time.process_time() - started


if __name__ == "__main__":
    import sys

    here = Path(__file__).resolve().parent.parent
    ratios(here / "tests" / "fixtures" / "mini" / "laws", names=sys.argv[1:] or None)
