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


#: name → body of about ``n`` characters (a valid YAML block scalar once indented).
PATTERNS: dict[str, Callable[[int], str]] = {
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
    from playbook.core.loader import load_bytes
    from playbook.core.pipeline import check_files, load_directory
    from playbook.core.render import Renderer

    corpus = load_directory(laws)
    renderer = renderer or Renderer()
    started = time.process_time()
    target = laws / "notions" / "hostile.yaml"
    files = [*corpus, load_bytes(entry_yaml(body).encode("utf-8"), target, "laws/notions/hostile.yaml")]
    result = check_files(files)
    if result.playbook is not None:
        renderer.render_all(result.playbook)  # type: ignore[attr-defined]
    return time.process_time() - started


def ratios(
    laws: Path,
    small: int = 5_900,
    large: int = 59_000,
    names: list[str] | None = None,
    report: Callable[[str], None] = print,
) -> dict[str, tuple[float, float, float]]:
    """name → (seconds with a one-word body, with ``small`` characters, with ``large``). Prints
    each pattern's ratio large/small, whole and minus the one-word body's time (the text's share)."""
    from playbook.core.render import Renderer

    renderer = Renderer()
    base = min(validate_and_render(laws, "x", renderer) for _ in range(5))
    report(f"one-word body: {base * 1000:.1f} ms (validate + render of the mini corpus)")
    found = {}
    for name in names or list(PATTERNS):
        make = PATTERNS[name]
        a = min(validate_and_render(laws, make(small), renderer) for _ in range(3))
        b = min(validate_and_render(laws, make(large), renderer) for _ in range(2))
        found[name] = (base, a, b)
        marginal = (b - base) / max(a - base, 1e-4)
        report(
            f"{name!r:>18}: {small:,} chars {a * 1000:8.1f} ms, {large:,} chars {b * 1000:9.1f} ms: "
            f"×{b / a:5.1f} (text's share ×{marginal:5.1f})"
        )
    return found


if __name__ == "__main__":
    import sys

    here = Path(__file__).resolve().parent.parent
    ratios(here / "tests" / "fixtures" / "mini" / "laws", names=sys.argv[1:] or None)
