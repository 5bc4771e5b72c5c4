"""A paragraph longer than spec.MAX_PARAGRAPH is a located error.

Python-Markdown's inline pass costs the square of a paragraph's length on text full of brackets or
links (a single 59,000-character paragraph of ``[[`` took 5 s to convert, 72× a 5,900-character one);
bounded paragraphs keep a build linear in the body's length (``scripts/bench.py --hostile --markdown``)."""

from __future__ import annotations

import sys

from conftest import MINI_LAWS, REPO
from playbook.core import spec
from playbook.core.loader import load_bytes
from playbook.core.markdown_lint import iter_long_paragraphs
from playbook.core.pipeline import check_files, load_directory

sys.path.insert(0, str(REPO / "scripts"))
from hostile import PATTERNS, RAW_PATTERNS, entry_yaml

CORPUS = load_directory(MINI_LAWS)


def problems_of(body: str) -> list[tuple[int, int, str]]:
    path = MINI_LAWS / "notions" / "hostile.yaml"
    result = check_files([*CORPUS, load_bytes(entry_yaml(body).encode("utf-8"), path, "laws/notions/hostile.yaml")])
    return [(p.line, p.column, p.code) for p in result.problems if p.path == "laws/notions/hostile.yaml"]


def test_paragraphs_are_measured_between_blank_lines() -> None:
    text = "a" * 10 + "\n\n" + "b" * 5 + "\nc" * 3 + "\n  \n" + "d" * 12
    assert list(iter_long_paragraphs(text, 6)) == [(0, 10), (12, 11), (27, 12)]
    assert list(iter_long_paragraphs(text, 12)) == []
    assert list(iter_long_paragraphs("", 1)) == [] and list(iter_long_paragraphs("\n\n\n", 1)) == []


def test_a_paragraph_over_the_limit_is_an_error_at_its_first_line() -> None:
    words = ("mot " * spec.MAX_PARAGRAPH)[: spec.MAX_PARAGRAPH + 1].strip() + "x"
    body = f"Introduction.\n\n{words[:2000]}\n{words[2000:]}\n\nFin."
    # the body starts on line 7 of the file (entry_yaml), its third line is line 9, indented by 2
    assert problems_of(body) == [(9, 3, "long-paragraph")]


def test_paragraphs_at_the_limit_are_fine() -> None:
    at_limit = ("mot " * spec.MAX_PARAGRAPH)[: spec.MAX_PARAGRAPH].strip() + "s"
    assert len(at_limit) <= spec.MAX_PARAGRAPH
    assert problems_of(f"{at_limit}\n\n{at_limit}") == []


def test_every_hostile_pattern_in_one_paragraph_is_refused_and_in_paragraphs_is_not() -> None:
    for name, make in RAW_PATTERNS.items():
        body = make(20_000)
        if any(True for _ in iter_long_paragraphs(body, spec.MAX_PARAGRAPH)):
            assert "long-paragraph" in {code for _, _, code in problems_of(body)}, name
        assert not any(True for _ in iter_long_paragraphs(PATTERNS[name](20_000), spec.MAX_PARAGRAPH)), name


def test_the_quick_look_for_a_long_stretch_agrees_with_splitting_on_empty_lines() -> None:
    """The pre-check of iter_long_paragraphs against its definition, on every text of up to 7
    characters among 'a', a line break and a space, for every limit."""
    import itertools

    from playbook.core.markdown_lint import _stretches_within

    for size in range(8):
        for chars in itertools.product("a\n ", repeat=size):
            text = "".join(chars)
            for limit in range(size + 1):
                assert _stretches_within(text, limit) == (max(map(len, text.split("\n\n"))) <= limit), (text, limit)
