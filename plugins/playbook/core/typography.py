"""French typography of contributors' text: the non-breaking spaces French wants around punctuation."""

from __future__ import annotations

import re

from .markdown_refs import mask_code

# "a space after a non-space, then more spaces, then the mark": written space-first so that the
# regex engine can skip ahead to the next space instead of testing a look-behind at every position.
_FR_BEFORE = re.compile(r"[ \u00a0\u202f](?<=\S[ \u00a0\u202f])[ \u00a0\u202f]*([;!?:»])")
_FR_OPEN = re.compile(r"«[ \u00a0\u202f]+")
_FR_SPACE = {";": "\u202f;", "!": "\u202f!", "?": "\u202f?", ":": "\u00a0:", "»": "\u00a0»"}


def french_typography(text: str) -> str:
    """Non-breaking spaces where French typography wants them: before ; ! ? (narrow), before :
    and inside « » (regular). Only spaces the author typed are replaced; nothing is added."""
    if not any(c in text for c in ";:!?«»"):
        return text
    text = _FR_BEFORE.sub(lambda m: _FR_SPACE[m.group(1)], text)  # narrow before ; ! ?, regular before : »
    return _FR_OPEN.sub("«\u00a0", text) if "«" in text else text


def french_typography_markdown(text: str) -> str:
    """:func:`french_typography` on Markdown, leaving code spans and fenced code untouched."""
    masked = mask_code(text)
    if masked == text:
        return french_typography(text)
    out, last = [], 0
    for match in re.finditer(r"[^\n]+", text):  # line by line: code masks never span lines partially
        line, masked_line = match.group(0), masked[match.start() : match.end()]
        out.append(text[last : match.start()])
        out.append(french_typography(line) if line == masked_line else line)
        last = match.end()
    out.append(text[last:])
    return "".join(out)
