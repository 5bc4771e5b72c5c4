"""The playbook's own search index: French words folded and stemmed, cut into small files that the
browser loads only when a reader searches (``assets/playbook-search.js`` reads them).

Every entry is one document. Its words go through :func:`words` (lower case, accents and
ligatures folded, split on anything that is not a letter or a digit, so ``l'entreprise`` and
``l’entreprise`` both give ``entreprise``; French stop words and single letters dropped) and
through the Snowball French stemmer (``snowballstemmer``), so that a word finds its family
(``engager``, ``engagement``, ``engagés`` → ``engag``). The files, all under ``search/``, are
scripts (``playbookSearch(name, data)``) rather than JSON, so that a page opened from ``file://``
(the offline copy) can load them with a ``<script>`` element, where ``fetch`` is refused:

- ``search/meta.js``: the sizes below, the kinds, collections and tags offered as filters;
- ``search/w<L>.js``: the vocabulary, by word length ``L``: ``w`` maps each folded word of the
  text to its stem, ``s`` maps each stem (and the stem of the unaccented word) to the stem the
  postings use. The browser looks a typed word up in the file of its length, tries one typo in
  the files of lengths ``L-1..L+1`` and a stem in a shorter one: it never stems by itself;
- ``search/p<k>.js``: postings, by :func:`chunk_of` the stem: ``stem → [gap, score, ...]``, the
  documents in increasing order, each given by its distance to the previous one (the first: to -1);
- ``search/q<k>.js``: the same for phrases, by :func:`chunk_of` the key: ``=phrase`` (every folded
  word of an id, alias or title) and ``~stems`` (their stems) list the entries that phrase names;
- ``search/d<k>.js``: :data:`DOCS_PER_CHUNK` documents each: URL, title, kind, summary, the title
  and summary set in French typography as on the pages (:func:`~.typography.french_typography`);
- ``search/f.js``: each document's kind, collection and tags (loaded when a filter is set).

Scores weigh where a word is: :data:`WEIGHTS` (title above aliases above tags and summary above
checklist and body). :class:`SearchIndexer` keeps each entry's analysis between two builds
(``mkdocs serve``): an edit analyses again only the entries that changed.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import snowballstemmer  # type: ignore[import-untyped]  # no type hints published

from .model import Entry, Playbook
from .typography import french_typography

FOLDER = "search"
#: Documents per ``d<k>.js`` file: a query loads the few files of its first results.
DOCS_PER_CHUNK = 8
#: Target size of a ``p<k>.js`` or ``q<k>.js`` file, in bytes (before compression).
CHUNK_BYTES = 12_000
#: Words of this length or more share one vocabulary file.
LONGEST_WORD_FILE = 24
#: Weight of a word by field; the body counts each occurrence, up to :data:`BODY_CAP`.
WEIGHTS: dict[str, int] = {"title": 24, "aliases": 20, "tags": 10, "summary": 8, "checklist": 3, "quotes": 2}
BODY_CAP = 4
#: Score of an ``=phrase``/``~stems`` key by what it names (the browser lists those entries first).
PHRASE_SCORES: dict[str, int] = {"id": 3, "aliases": 2, "title": 1}
STOP_WORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "c",
        "ce",
        "ces",
        "cet",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "si",
        "son",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "est",
        "sont",
        "ete",
        "etre",
        "avoir",
        "ont",
    }
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "ʼ": "'"})
_STEMMER = snowballstemmer.stemmer("french")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, ligatures spelled out, accents removed (``Œuvre Élue`` → ``oeuvre elue``)."""
    text = text.lower().translate(_LIGATURES)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M"))


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text``, accents kept, split on anything but letters and digits
    (one linear pass: a single character class, repeated)."""
    return _WORD.findall(text.lower())


def words(text: str) -> list[str]:
    """The searchable words of ``text``, folded, without stop words and single letters."""
    return [w for w in (fold(t) for t in tokens(text)) if len(w) > 1 and w not in STOP_WORDS]


def chunk_of(key: str, chunks: int) -> int:
    """The postings file of ``key``: the CRC-32 of its UTF-8 bytes (as the browser computes it),
    modulo ``chunks``."""
    return zlib.crc32(key.encode("utf-8")) % chunks


@dataclass(frozen=True)
class Analysis:
    """What one entry gives the index."""

    scores: dict[str, int]  #: stem → score in this entry
    forms: dict[str, str]  #: folded word → stem
    stem_forms: dict[str, str]  #: folded stem (of the word or of its unaccented spelling) → stem
    phrases: dict[str, int]  #: ``=phrase`` / ``~stems`` → score


class _Stems:
    """Snowball stems of words, each word stemmed once per indexer."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, str, str] | None] = {}

    def __call__(self, token: str) -> tuple[str, str, str] | None:
        """(folded word, stem of the word as written (folded), stem of the folded word); ``None``
        for a stop word or a single letter."""
        try:
            return self.cache[token]
        except KeyError:
            folded = fold(token)
            found = None
            if len(folded) > 1 and folded not in STOP_WORDS:
                found = (folded, fold(_STEMMER.stemWord(token)), _STEMMER.stemWord(folded))
            self.cache[token] = found
            return found


def analyse(entry: Entry, stems: _Stems) -> Analysis:
    fields = {
        "title": [entry.title],
        "aliases": list(entry.aliases),
        "tags": [t.replace("-", " ") for t in entry.tags],
        "summary": [entry.summary],
        "checklist": list(entry.checklist),
        "quotes": [q.text for q in entry.quotes],
        "body": [entry.body],
    }
    scores: dict[str, int] = {}
    forms: dict[str, str] = {}
    stem_forms: dict[str, str] = {}
    for name, texts in fields.items():
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(tokens(text))
        per_stem: dict[str, int] = {}
        for token, count in counts.items():
            found = stems(token)
            if found is None:
                continue
            folded, stem, folded_stem = found
            per_stem[stem] = per_stem.get(stem, 0) + count
            if folded not in forms:
                forms[folded] = stem
            if stem not in stem_forms:
                stem_forms[stem] = stem
            if folded_stem not in stem_forms:
                stem_forms[folded_stem] = stem
        weight = WEIGHTS.get(name)
        for stem, count in per_stem.items():
            scores[stem] = scores.get(stem, 0) + (min(count, BODY_CAP) if weight is None else weight)
    phrases: dict[str, int] = {}
    for name, texts in (("id", [entry.id]), ("aliases", entry.aliases), ("title", [entry.title])):
        for text in texts:
            for key in phrase_keys(text, stems):
                phrases[key] = max(phrases.get(key, 0), PHRASE_SCORES[name])
    return Analysis(scores, forms, stem_forms, phrases)


def phrase_keys(text: str, stems: _Stems) -> list[str]:
    """``=`` + every folded word, and ``~`` + the stems of the searchable words (as the browser
    builds them from a query)."""
    folded = [fold(t) for t in tokens(text)]
    if not folded:
        return []
    keys = ["=" + " ".join(folded)]
    kept = [found[1] for found in map(stems, tokens(text)) if found is not None]
    if kept:
        keys.append("~" + " ".join(kept))
    return keys


@dataclass(frozen=True)
class Document:
    url: str
    entry: Entry


class SearchIndexer:
    """Builds the files of ``search/`` and keeps what it built: the next call (``mkdocs serve``,
    after an edit) analyses again only the entries that changed and writes again only the files
    their words, stems and documents are in. Its files are the same as a new indexer's."""

    def __init__(self) -> None:
        self._stems = _Stems()
        self._reset()

    def _reset(self) -> None:
        self._docs: list[Document] = []
        self._analyses: list[Analysis] = []
        self._postings: dict[str, dict[int, int]] = {}  #: key → {document: score}
        self._forms: dict[str, Counter[str]] = {}  #: folded word → its stems, by number of documents
        self._stem_forms: dict[str, Counter[str]] = {}  #: stem form → stems of the postings
        self._counts: dict[str, int] = {"p": 0, "q": 0}  #: number of p<k> and q<k> files
        self._members: dict[str, dict[int, set[str]]] = {"p": {}, "q": {}}  #: keys of each file
        self._files: dict[str, bytes] = {}
        self._encoded: dict[str, str] = {}  #: key → its JSON member in a postings file
        self._sizes: dict[str, int] = {"p": 0, "q": 0}  #: estimated bytes of the p and q files

    def files(self, playbook: Playbook, urls: Mapping[str, str]) -> dict[str, bytes]:
        """The index of the entries whose page URL ``urls`` gives (entry id → site-relative URL)."""
        docs = [Document(urls[e.id], e) for e in sorted(playbook.entries.values(), key=lambda e: e.id) if e.id in urls]
        if [(d.url, d.entry.id) for d in docs] != [(d.url, d.entry.id) for d in self._docs]:
            self._reset()  # other documents: everything again
            self._docs = docs
            self._analyses = [Analysis({}, {}, {}, {}) for _ in docs]
            changed = list(range(len(docs)))
        else:
            changed = [
                n
                for n, (old, new) in enumerate(zip(self._docs, docs, strict=True))
                if old.entry is not new.entry and _indexed(old.entry) != _indexed(new.entry)
            ]
            self._docs = docs
        dirty_keys: set[str] = set()
        dirty_words: set[str] = set()
        for number in changed:
            old, new = self._analyses[number], analyse(docs[number].entry, self._stems)
            self._analyses[number] = new
            for scores, sign in ((old.scores, -1), (old.phrases, -1), (new.scores, 1), (new.phrases, 1)):
                for key, score in scores.items():
                    kind = "q" if key[0] in "=~" else "p"
                    postings = self._postings.get(key)
                    if postings is None:
                        postings = self._postings[key] = {}
                        self._sizes[kind] += len(key) + 6
                    self._sizes[kind] += 5 * sign
                    if sign > 0:
                        postings[number] = score
                    else:
                        del postings[number]
                        if not postings:
                            del self._postings[key]
                            self._sizes[kind] -= len(key) + 6
                dirty_keys.update(scores)
            for table, forms, sign in (
                (self._forms, old.forms, -1),
                (self._stem_forms, old.stem_forms, -1),
                (self._forms, new.forms, 1),
                (self._stem_forms, new.stem_forms, 1),
            ):
                for word, stem in forms.items():
                    stems = table.get(word)
                    if stems is None:
                        stems = table[word] = Counter()
                    stems[stem] += sign
                    if stems[stem] <= 0:
                        del stems[stem]
                        if not stems:
                            del table[word]
                dirty_words.update(forms)
        for key in dirty_keys:
            self._encoded.pop(key, None)
        names = self._dirty_files(dirty_keys, dirty_words, changed)
        context = _Context(docs, playbook, self._forms, self._stem_forms)
        for name in sorted(names):
            data = self._file(name, context)
            if data is None:
                self._files.pop(name, None)
            else:
                self._files[name] = script(name, data)
        return {f"{FOLDER}/{name}.js": content for name, content in self._files.items()}

    def _dirty_files(self, keys: set[str], words: set[str], docs: list[int]) -> set[str]:
        names = {"meta", "f"}
        for prefix in ("p", "q"):
            count = max(1, math.ceil(self._sizes[prefix] / CHUNK_BYTES))
            if count != self._counts[prefix]:
                mine = [k for k in self._postings if (k[0] in "=~") == (prefix == "q")]
                names |= {f"{prefix}{k}" for k in range(max(count, self._counts[prefix]))}
                self._counts[prefix] = count
                members: dict[int, set[str]] = defaultdict(set)
                for key in mine:
                    members[chunk_of(key, count)].add(key)
                self._members[prefix] = members
            else:
                for key in keys:
                    if (key[0] in "=~") == (prefix == "q"):
                        chunk = chunk_of(key, count)
                        names.add(f"{prefix}{chunk}")
                        if key in self._postings:
                            self._members[prefix].setdefault(chunk, set()).add(key)
                        else:
                            self._members[prefix].get(chunk, set()).discard(key)
        names |= {f"w{min(len(w), LONGEST_WORD_FILE)}" for w in words}
        names |= {f"d{n // DOCS_PER_CHUNK}" for n in docs}
        return names

    def _member(self, key: str) -> str:
        """``"key":[gap,score,...]``, kept until the key's postings change."""
        found = self._encoded.get(key)
        if found is None:
            found = self._encoded[key] = (
                json.dumps(key, ensure_ascii=False)
                + ":"
                + json.dumps(_gaps(self._postings[key]), separators=(",", ":"))
            )
        return found

    def _file(self, name: str, context: _Context) -> object:
        """The data of one file; ``None`` for a file that no longer has any."""
        docs, playbook = context.docs, context.playbook
        if name == "meta":
            return {
                "docs": len(docs),
                "docsPerChunk": DOCS_PER_CHUNK,
                "postings": self._counts["p"],
                "phrases": self._counts["q"],
                "longest": LONGEST_WORD_FILE,
                "lengths": sorted(context.lengths),
                "kinds": [[k.name, k.label] for k in context.kinds],
                "collections": [
                    [c, french_typography(playbook[c].title) if c in playbook.entries else c]
                    for c in context.collections
                ],
                "tags": list(context.tags),
            }
        if name == "f":
            return [
                [
                    context.kind_index[d.entry.kind.name],
                    context.collections.get(d.entry.collection or "", -1),
                    sorted(context.tags[t] for t in d.entry.tags),
                ]
                for d in docs
            ]
        prefix, number = name[0], int(name[1:])
        if prefix in "pq":
            if number >= self._counts[prefix]:
                return None
            return _Encoded(
                "{" + ",".join(self._member(key) for key in sorted(self._members[prefix].get(number, ()))) + "}"
            )
        if prefix == "d":
            chunk = docs[number * DOCS_PER_CHUNK : (number + 1) * DOCS_PER_CHUNK]
            return [
                [
                    d.url,
                    french_typography(d.entry.title),
                    context.kind_index[d.entry.kind.name],
                    french_typography(d.entry.summary),
                ]
                for d in chunk
            ] or None
        forms, stem_forms = context.lengths.get(number, ({}, {}))
        if not forms and not stem_forms:
            return None
        ordered = sorted(forms, key=lambda w: (-sum(forms[w].values()), w))
        return {
            "w": {w: min(forms[w]) for w in ordered},
            "s": {w: "" if min(c) == w else min(c) for w, c in sorted(stem_forms.items())},
        }


class _Context:
    """What several files of one call share, worked out once."""

    def __init__(
        self,
        docs: list[Document],
        playbook: Playbook,
        forms: dict[str, Counter[str]],
        stem_forms: dict[str, Counter[str]],
    ) -> None:
        self.docs, self.playbook = docs, playbook
        self.kinds = sorted({d.entry.kind for d in docs}, key=lambda k: k.label)
        self.kind_index = {k.name: i for i, k in enumerate(self.kinds)}
        self.collections = {
            c: i for i, c in enumerate(sorted({d.entry.collection for d in docs if d.entry.collection}))
        }
        self.tags = {t: i for i, t in enumerate(sorted({t for d in docs for t in d.entry.tags}))}
        self.lengths: dict[int, tuple[dict[str, Counter[str]], dict[str, Counter[str]]]] = {}
        for table, at in ((forms, 0), (stem_forms, 1)):
            for word, stems in table.items():
                self.lengths.setdefault(min(len(word), LONGEST_WORD_FILE), ({}, {}))[at][word] = stems


def _indexed(entry: Entry) -> tuple[object, ...]:
    """What the index holds of an entry (entries compare by identity; a new check makes new ones)."""
    return (
        entry.kind.name,
        entry.title,
        entry.summary,
        entry.body,
        entry.tags,
        entry.aliases,
        entry.checklist,
        [q.text for q in entry.quotes],
        entry.collection,
    )


def _gaps(postings: dict[int, int]) -> list[int]:
    """``{doc: score}`` → ``[gap, score, ...]``, documents in increasing order."""
    out: list[int] = []
    previous = -1
    for doc in sorted(postings):
        out += (doc - previous, postings[doc])
        previous = doc
    return out


class _Encoded(str):
    """JSON text already encoded."""


def script(name: str, data: object) -> bytes:
    """``playbookSearch("name", data);``: JSON, with ``<`` escaped so that no text from an entry
    can close a script element or start markup."""
    text = data if isinstance(data, _Encoded) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = text.replace("<", "\\u003c")
    return f'playbookSearch("{name}",{payload});\n'.encode()
