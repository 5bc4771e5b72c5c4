"""The browser scripts' French strings follow the site's typography (core/typography.py): ’ between
letters, a no-break space before « : » and inside « », a narrow one before « ; ? ! ». Every
string literal of the scripts is read (comments and regular expressions skipped) and checked
with the same function that typesets the entries, plus the rules it leaves to the author (it
only replaces the spaces that were typed, and a string may start with the punctuation)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.core.resources import ASSETS_DIR
from playbook.core.typography import french_typography

#: The scripts whose strings content-review F40 listed.
SCRIPTS = ("trainers.js", "diagnostic.js", "playbook-search.js")
#: After one of these, a ``/`` opens a regular expression rather than dividing.
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof"}
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def string_literals(source: str) -> list[tuple[int, str]]:
    """(line, decoded text) of every string literal of a script, in order."""
    found: list[tuple[int, str]] = []
    i, n, last = 0, len(source), ""
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i == -1 else i
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif c in "'\"`":
            start, i, text = i, i + 1, []
            while source[i] != c:
                if source[i] == "\\":
                    i, char = _escape(source, i)
                    text.append(char)
                else:
                    text.append(source[i])
                    i += 1
            found.append((source.count("\n", 0, start) + 1, "".join(text)))
            i += 1
            last = "string"
        elif c == "/" and last in _BEFORE_REGEX:
            i, in_class = i + 1, False
            while in_class or source[i] != "/":
                if source[i] == "\\":
                    i += 1
                elif source[i] == "[":
                    in_class = True
                elif source[i] == "]":
                    in_class = False
                i += 1
            i += 1
            last = "regex"
        elif c.isalnum() or c in "_$":
            word = re.match(r"[\w$]+", source[i:])
            assert word is not None
            last = word.group()
            i += len(last)
        else:
            if not c.isspace():
                last = c
            i += 1
    return found


def _escape(source: str, i: int) -> tuple[int, str]:
    """The character a backslash escape at ``i`` stands for, and the index after it."""
    kind = source[i + 1]
    if kind == "u" and source[i + 2] == "{":
        end = source.index("}", i)
        return end + 1, chr(int(source[i + 3 : end], 16))
    if kind == "u":
        return i + 6, chr(int(source[i + 2 : i + 6], 16))
    if kind == "x":
        return i + 4, chr(int(source[i + 2 : i + 4], 16))
    return i + 2, _ESCAPES.get(kind, kind)


#: What typography wants and a string can still get wrong: a straight apostrophe between letters,
#: a typed space before « : ; ? ! » or inside « », the wrong kind of no-break space.
_WRONG = [
    (re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])"), "straight apostrophe: ’"),
    (
        re.compile(r" [:;?!»]"),
        "a space before « : ; ? ! » or « » »: \\u00a0 before « : » and « » », \\u202f before « ; ? ! »",
    ),
    (re.compile(r"« "), "a space after « « »: \\u00a0"),
    (re.compile(r"\u00a0[;?!]|\u202f[:»]"), "the other no-break space: \\u00a0 before « : », \\u202f before « ; ? ! »"),
]


def typography_problems(text: str) -> list[str]:
    problems = [why for pattern, why in _WRONG if pattern.search(text)]
    if french_typography(text) != text:
        problems.append(f"core/typography.py would write {french_typography(text)!r}")
    return problems


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_scripts_french_strings_are_typeset(script: str) -> None:
    source = (ASSETS_DIR / script).read_text(encoding="utf-8")
    wrong = [
        f"{script}:{line}: {text!r}: {'; '.join(problems)}"
        for line, text in string_literals(source)
        if (problems := typography_problems(text))
    ]
    assert wrong == []


def test_the_reader_finds_strings_and_skips_comments_and_regexes() -> None:
    """The check can fail: it sees a badly typeset string, and only strings."""
    source = (
        "// l'apostrophe d'un commentaire\n"
        "var a = /[\"';]/g, b = x / 2 / y;\n"
        "status(\"Lien copié : l'adresse\" + '\\u00a0?' + `« ok »`);\n"
    )
    assert string_literals(source) == [(3, "Lien copié : l'adresse"), (3, "\u00a0?"), (3, "« ok »")]
    assert [typography_problems(text) for _, text in string_literals(source)] == [
        [_WRONG[0][1], _WRONG[1][1], "core/typography.py would write 'Lien copié\\xa0: l’adresse'"],
        [_WRONG[3][1]],
        [_WRONG[1][1], _WRONG[2][1], "core/typography.py would write '«\\xa0ok\\xa0»'"],
    ]


def test_the_qr_code_alt_text_is_typeset() -> None:
    template = Path(ASSETS_DIR).parent / "templates" / "playbook" / "fragments" / "qr.html.j2"
    alt = re.search(r'alt="([^"{]*)', template.read_text(encoding="utf-8"))
    assert alt is not None and typography_problems(alt.group(1)) == [] and "’" in alt.group(1)
