"""How the search reads French text: the one definition of a searchable word, and of a word's family.

The same steps run in the browser on what the reader types (``assets/playbook-search-core.js``,
``analysis``); ``tests/vectors/search-analysis.json`` holds the cases both must agree on (pytest
and ``node --test`` read it):

1. :func:`tokens`: the text NFC-normalised (``e`` + U+0301 is ``é``), in lower case, cut on
   anything that is not a letter or a digit (so ``l'entreprise``, ``l’entreprise`` and
   ``lʼentreprise`` all give ``l`` and ``entreprise``);
2. :func:`fold`: each token without accents, ligatures spelled out (``Œuvre`` → ``oeuvre``);
3. :func:`words`: the folded tokens that are not stop words (:data:`STOP_WORDS`, in
   ``search_words.json``, shipped to the browser by the index) nor single letters (a single digit
   is a word: « loi 5 », of any script, but not a superscript ``²``).

A word's family is its Snowball stem (:class:`Stems`: the French stemmer of ``snowballstemmer``),
except for the words a thesaurus lists in ``distinct`` (Snowball puts ``livre`` and ``livrer`` in
one family): those get a family of their own, :func:`distinct_key`.

:func:`plain_text` turns an entry's Markdown into the plain sentences shown as a result's passage.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .markdown_refs import expand_refs, mask_code
from .spec import nfc

# read beside this module (importlib.resources and its imports cost a cold ``validate`` 20-60 ms)
_WORDS = json.loads(Path(__file__).with_name("search_words.json").read_text(encoding="utf-8"))
#: Words never indexed nor searched (folded): articles, pronouns, prepositions, auxiliaries.
STOP_WORDS: frozenset[str] = frozenset(_WORDS["stop"])

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_WORD = re.compile(r"[^\W_]+")


@cache
def _stemmer() -> Any:
    """Snowball's French stemmer, made at the first word stemmed: ``snowballstemmer`` imports every
    language's stemmer, which ``validate`` of a playbook without a thesaurus never needs."""
    import snowballstemmer  # type: ignore[import-untyped]  # no type hints published

    return snowballstemmer.stemmer("french")


#: Ends a :func:`distinct_key`: no Snowball stem does, so it is never taken for another family's.
DISTINCT_MARK = "_"


def fold(text: str) -> str:
    """Lower case, ligatures spelled out, accents removed (``Œuvre Élue`` → ``oeuvre elue``)."""
    text = text.lower().translate(_LIGATURES)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M"))


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text``, accents kept, split on anything but letters and digits
    (one linear pass: a single character class, repeated). The modifier letter apostrophe
    (U+02BC, a letter for Unicode) splits words like ``'`` and ``’``."""
    return _WORD.findall(nfc(text).lower().replace("\u02bc", "'"))


def is_word(folded: str) -> bool:
    """Whether a folded token is searched: not a stop word, not a single letter (a single decimal
    digit, of any script, is a word: « loi 5 »; a superscript ``²`` is not)."""
    return (len(folded) > 1 or folded.isdecimal()) and folded not in STOP_WORDS


def words(text: str) -> list[str]:
    """The searchable words of ``text``, folded, without stop words and single letters."""
    return [w for w in map(fold, tokens(text)) if is_word(w)]


def distinct_key(folded: str) -> str:
    """The family of the words a thesaurus keeps apart (``livre`` → ``livre_``)."""
    return folded + DISTINCT_MARK


class Stems:
    """Snowball stems of words, each word stemmed once; ``distinct`` (folded word → family key)
    overrides the stemmer for the words a thesaurus keeps apart."""

    def __init__(self, distinct: Mapping[str, str] | None = None) -> None:
        self.distinct = dict(distinct or {})
        self.cache: dict[str, tuple[str, str, str] | None] = {}

    def __call__(self, token: str) -> tuple[str, str, str] | None:
        """(folded word, stem of the word as written (folded), stem of the folded word); ``None``
        for a stop word or a single letter."""
        try:
            return self.cache[token]
        except KeyError:
            folded = fold(token)
            found = None
            if is_word(folded):
                key = self.distinct.get(folded)
                if key is not None:
                    found = (folded, key, key)
                else:
                    stemmer = _stemmer()
                    found = (folded, fold(stemmer.stemWord(token)), stemmer.stemWord(folded))
            self.cache[token] = found
            return found

    def of(self, text: str) -> list[str]:
        """The stems of the searchable words of ``text``, in order."""
        return [found[1] for found in map(self, tokens(text)) if found is not None]


# -- plain text for a result's passage ------------------------------------------------------------
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")  #: [text](address), ![alt](image)
_ATTRS = re.compile(r"\{:[^}\n]*\}")  #: {: .class }
_ITEM = re.compile(r"\n[ \t]*(?=[-*+][ \t]|\d+[.)][ \t]|#|>)")  #: a line that starts an item, a heading, a quote
_BLOCK = re.compile(r"\n[ \t]*\n\s*")  #: a blank line
_LEADS = re.compile(r"(?m)^(\0*)[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)")  #: marks that start a line
_MARKS = re.compile(r"[*_~]+|<[^>\n]*>")  #: emphasis, tags (outside code: see plain_text)
_SPACES = re.compile(r"\s+")


def plain_text(markdown: str, title_of: Callable[[str], str | None]) -> str:
    """The text of ``markdown`` as a reader reads it, one line per paragraph, list item or
    heading: ``[[id|label]]`` as its label (``[[id]]`` as the entry's title), links as their
    text, without emphasis, list marks, heading marks, HTML tags or attribute lists. Linear:
    each pattern is one pass."""
    text = expand_refs(markdown, lambda target, label: label or title_of(target) or target)
    text = _ATTRS.sub("", _LINK.sub(r"\1", text))
    text = _BLOCK.sub("\n\0", _ITEM.sub("\n\0", "\n" + text))  # \0: where a line of the passage starts
    text = _LEADS.sub(r"\1", text)
    masked = mask_code(text)  # marks and tags inside code are shown as typed, as on the page
    pieces, last = [], 0
    for match in _MARKS.finditer(masked):
        pieces.append(text[last : match.start()])
        last = match.end()
    text = ("".join(pieces) + text[last:]).replace("`", "")
    lines = (_SPACES.sub(" ", block).strip() for block in text.split("\0"))
    return "\n".join(line for line in lines if line)


def sentences(texts: Iterable[str]) -> list[str]:
    """The non-empty lines of ``texts``, in order."""
    return [line for text in texts for line in text.split("\n") if line.strip()]
