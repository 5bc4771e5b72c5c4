"""French typography of contributors' text, so that they can type plain text.

- non-breaking spaces around punctuation: before ``; ! ?`` (narrow), before ``:`` and inside
  « » (regular); only spaces the author typed are replaced, nothing is added;
- typographic apostrophes: a straight ``'`` between a letter and a letter, a link or emphasis
  becomes ``’`` (``l’entreprise``);
- numbers: a typed space between digit groups (``2 000``, ``250 000``) and before ``%``
  (``0,8 %``) becomes a narrow no-break space, so a line never breaks inside a number;
- dashes: `` - `` between two words (a hyphen used as a dash) becomes an en dash `` – ``.

Never inside code (spans and fences), link destinations, autolinks, attribute lists or web
addresses; entry ids cannot be touched (no space, apostrophe or ``%`` in an id). Every scan is a
single pass over the text (``str.find`` or regexes without nested repetition), so crafted input
cannot make it slow.
"""

from __future__ import annotations

import re

from .markdown_refs import mask_code

# "a space after a non-space, then more spaces, then the mark": written space-first so that the
# regex engine can skip ahead to the next space instead of testing a look-behind at every position.
_FR_BEFORE = re.compile(r"[ \u00a0\u202f](?<=\S[ \u00a0\u202f])[ \u00a0\u202f]*([;!?:»])")
_FR_OPEN = re.compile(r"«[ \u00a0\u202f]+")
_FR_SPACE = {";": "\u202f;", "!": "\u202f!", "?": "\u202f?", ":": "\u00a0:", "»": "\u00a0»"}

NNBSP = "\u202f"
#: A straight apostrophe after a letter and before a letter (any script), a link (``l'[[id]]``,
#: ``l'[texte](...)``) or emphasis (``l'*effet*``); one character of context each side.
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d]|[\[*])")
#: A run of digit groups separated by single typed spaces: "250 000", "2014 200", "3".
_DIGIT_RUN = re.compile(r"\d+(?: \d+)*")
#: A typed space (regular or no-break) between a digit and a percent sign.
_PERCENT = re.compile(r"(?<=\d)[ \u00a0]%")
#: A hyphen between two spaces, between two characters that are not markup (- * _) or spaces.
_DASH = re.compile(r"(?<=[^\s\-*_]) - (?=[^\s\-*_])")
#: A web address in running text, up to the next space.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S*")


def french_typography(text: str) -> str:
    """All the rules above on plain text (a title, a summary, a checklist item...)."""
    if "://" in text:  # leave web addresses exactly as typed
        out, last = [], 0
        for match in _URL.finditer(text):
            out.append(_typography(text[last : match.start()]))
            out.append(match.group(0))
            last = match.end()
        out.append(_typography(text[last:]))
        return "".join(out)
    return _typography(text)


def _typography(text: str) -> str:
    if "'" in text:
        text = _APOSTROPHE.sub("\u2019", text)
    if " " in text or "\u00a0" in text:
        if any(c.isdigit() for c in text):
            text = _DIGIT_RUN.sub(_group_digits, text) if " " in text else text
            text = _PERCENT.sub(NNBSP + "%", text) if "%" in text else text
        if " - " in text:
            text = _DASH.sub(" \u2013 ", text)
    if not any(c in text for c in ";:!?«»"):
        return text
    text = _FR_BEFORE.sub(lambda m: _FR_SPACE[m.group(1)], text)  # narrow before ; ! ?, regular before : »
    return _FR_OPEN.sub("«\u00a0", text) if "«" in text else text


def _group_digits(match: re.Match[str]) -> str:
    """Join the groups of a number (1 to 3 digits, then groups of exactly 3) with a narrow no-break
    space; other spaces of the run stay (``en 2014 200 clients`` is two numbers)."""
    run = match.group(0)
    if " " not in run:
        return run
    groups = run.split(" ")
    out = [groups[0]]
    in_number = len(groups[0]) <= 3
    for group in groups[1:]:
        if in_number and len(group) == 3:
            out.append(NNBSP)
        else:
            out.append(" ")
            in_number = len(group) <= 3
        out.append(group)
    return "".join(out)


#: Stands for the end of a protected span (a link, a code span) while the text after it is typeset:
#: a non-space that no rule changes (not a letter, digit, space, markup or punctuation mark).
_SPAN_END = "\ue000"


def french_typography_markdown(text: str) -> str:
    """:func:`french_typography` on Markdown, leaving code spans, fenced code, link destinations,
    autolinks and attribute lists untouched (the text between them is processed).

    The end of a protected span counts as a non-space for the rules that need one before a space:
    ``[[id]] :`` (a link, then a typed space) gets its no-break space like ``mot :``."""
    protected = _protected_spans(text)
    if not protected:
        return french_typography(text)
    out, last = [], 0
    for start, end in protected:
        out.append(_after_span(text[last:start], text, last))
        out.append(text[start:end])
        last = end
    out.append(_after_span(text[last:], text, last))
    return "".join(out)


def _after_span(segment: str, text: str, start: int) -> str:
    """The typography of ``segment``, which starts at ``start`` in ``text`` (right after a protected
    span when ``start`` > 0 and the span ends with a non-space)."""
    if start == 0 or not segment[:1].isspace() or text[start - 1].isspace():
        return french_typography(segment)
    return french_typography(_SPAN_END + segment)[1:]


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of ``text`` that typography must not touch."""
    spans: list[tuple[int, int]] = []
    masked = mask_code(text)
    if masked != text:  # code: the characters mask_code blanked out
        start = None
        for i, (a, b) in enumerate(zip(text, masked, strict=True)):
            if a != b and start is None:
                start = i
            elif a == b and start is not None and b != " ":
                spans.append((start, i))
                start = None
        if start is not None:
            spans.append((start, len(text)))
    for opener, closer in (("](", ")"), ("<", ">"), ("{", "}")):
        at = masked.find(opener)
        while at != -1:
            line_end = masked.find("\n", at)
            line_end = len(text) if line_end == -1 else line_end
            end = masked.find(closer, at + len(opener), line_end)
            end = line_end if end == -1 else end + len(closer)
            spans.append((at + (2 if opener == "](" else 0), end))
            at = masked.find(opener, end)
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
