"""The blank lines and indentation of material's templates are collapsed in every built page
(``mkdocs_plugin/theme.py``, ``collapse_blank_lines``): the same page for a browser, about a tenth
lighter. What keeps its white space keeps it: ``<pre>``, ``<textarea>``, ``<code>``, scripts,
styles, comments, attribute values, non-breaking spaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_in_process, make_mini_project
from playbook.mkdocs_plugin.theme import collapse_blank_lines, fix_page_html

KEPT = [
    "<pre><code>def f():\n    return 1\n\n\n    # fin\n</code></pre>",
    '<pre class="pb-copy-md__source" aria-hidden="true"># Titre&#10;&#10;  - a\n\n  b</pre>',
    "<textarea>ligne 1\n\n    ligne 2</textarea>",
    "<code>a\n   b</code>",
    "<script>var a = 1;\n\n    var b = '\n  ';</script>",
    "<style>\n  .a { color: red; }\n</style>",
    "<!-- un\n\n    commentaire -->",
    '<a title="ligne 1\n    ligne 2"\n     href="x">',
]


def test_indentation_and_blank_lines_become_one_line_break() -> None:
    page = '<div>\n    \n      <a href="x">Lien</a>\n\n\n  <span>texte</span>\n  </div>\n'
    assert collapse_blank_lines(page) == '<div>\n<a href="x">Lien</a>\n<span>texte</span>\n</div>\n'


@pytest.mark.parametrize("kept", KEPT)
def test_what_keeps_its_white_space_is_left_as_it_is(kept: str) -> None:
    assert collapse_blank_lines(f"<div>\n    {kept}\n    </div>") == f"<div>\n{kept}\n</div>"


def test_spaces_a_reader_sees_stay() -> None:
    # between inline elements, at least one white space stays (a line break shows as a space);
    # non-breaking spaces (« » in French) are not white space for HTML, and stay where they are
    page = "<p>« Bonjour »\n      <a>un</a>\n   <em>deux</em> trois\u00a0: quatre\n\u00a0  cinq</p>"
    expected = "<p>« Bonjour »\n<a>un</a>\n<em>deux</em> trois\u00a0: quatre\n\u00a0  cinq</p>"
    assert collapse_blank_lines(page) == expected
    assert collapse_blank_lines(collapse_blank_lines(page)) == collapse_blank_lines(page)


def test_every_page_gets_it() -> None:
    assert fix_page_html("<body>\n      <p>a</p>\n\n    </body>") == "<body>\n<p>a</p>\n</body>"


def test_an_element_left_open_keeps_the_rest_of_the_page() -> None:
    # the scan looks for one end per element it enters: an element left open ends it (one pass)
    assert collapse_blank_lines("<p>\n  a</p>\n  <pre>x\n  <pre>y\n  ") == "<p>\na</p>\n<pre>x\n  <pre>y\n  "
    assert collapse_blank_lines("<!-- a\n  " * 3) == "<!-- a\n  " * 3
    assert collapse_blank_lines("a <\n  b\n  <") == "a <\nb\n<"


def _collapse_each_tag(html: str) -> str:
    """The rule written plainly (the first implementation): outside kept elements and comments,
    every tag as it is, and every line break with the blank space after it as one line break."""
    kept_start = re.compile(r"<(pre|textarea|script|style|code)\b|<!--", re.IGNORECASE)
    tag_or_blank = re.compile(r"(<[^<>]*>)|\n[ \t\r\n]*")
    parts, pos = [], 0
    while (start := kept_start.search(html, pos)) is not None:
        parts.append(tag_or_blank.sub(lambda m: m.group(1) or "\n", html[pos : start.start()]))
        end_mark = rf"</{start.group(1)}\s*>" if start.group(1) else "-->"
        end = re.compile(end_mark, re.IGNORECASE).search(html, start.end())
        pos = end.end() if end is not None else len(html)
        parts.append(html[start.start() : pos])
    parts.append(tag_or_blank.sub(lambda m: m.group(1) or "\n", html[pos:]))
    return "".join(parts)


def test_the_collapse_is_the_plain_rule_on_random_pages() -> None:
    """The collapse skips only the tags that hold a line break (one substitution between them, not
    a call per tag): the same output as the plain rule on random mixes of what matters."""
    import random

    pieces = ["<", ">", "\n", " ", "\t", "\r", "\u00a0", "a", "<p>", "</p>", "<a\nb>", '<a t="\n  ">', "<pre>"]
    pieces += ["</pre>", "<CODE>", "</code >", "<!--", "-->", "<script>", "</script>", "\n\n    "]
    rng = random.Random(25)
    for _ in range(20_000):
        page = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        assert collapse_blank_lines(page) == _collapse_each_tag(page), repr(page)
    for kept in KEPT:
        page = f"<div>\n  <p>a\n  <b>b</b></p>{kept}\n\n  <br>\n  "
        assert collapse_blank_lines(page) == _collapse_each_tag(page)


@pytest.mark.slow
def test_a_built_page_has_no_indentation_outside_what_keeps_it(tmp_path: Path) -> None:
    project = make_mini_project(tmp_path / "project")
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea|script|style|code)\b.*?</\1\s*>|<!--.*?-->|<[^<>]*>", "\0", html, flags=re.S)
        assert not re.search(r"\n[ \t\n]", outside), path
