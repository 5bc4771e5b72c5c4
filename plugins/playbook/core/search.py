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
- ``search/d<k>.js``: :data:`DOCS_PER_CHUNK` documents each: URL, title, kind, summary;
- ``search/f.js``: each document's kind, collection and tags (loaded when a filter is set).

Scores weigh where a word is: :data:`WEIGHTS` (title above aliases above tags and summary above
checklist and body). :class:`SearchIndexer` keeps each entry's analysis between two builds
(``mkdocs serve``): an edit analyses again only the entries that changed.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import snowballstemmer

from .model import Entry, Playbook

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
    "a au aux avec c ce ces cet cette d dans de des du elle elles en et eux il ils j je l la le les leur "
    "leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses si "
    "son sur t ta te tes toi ton tu un une vos votre vous y est sont ete etre avoir ont".split()
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "ʼ": "'"})
_STEMMER = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case, ligatures spelled out, accents removed (``Œuvre Élue`` → ``oeuvre elue``)."""
    text = text.lower().translate(_LIGATURES)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M"))


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text``, accents kept, split on anything but letters and digits
    (one linear pass)."""
    out: list[str] = []
    start = -1
    lowered = text.lower().translate(_LIGATURES)
    for i, char in enumerate(lowered):
        if char.isalnum():
            if start < 0:
                start = i
        elif start >= 0:
            out.append(lowered[start:i])
            start = -1
    if start >= 0:
        out.append(lowered[start:])
    return out


def words(text: str) -> list[str]:
    """The searchable words of ``text``, folded, without stop words and single letters."""
    return [w for w in (fold(t) for t in tokens(text)) if len(w) > 1 and w not in STOP_WORDS]


def chunk_of(key: str, chunks: int) -> int:
    """The postings file of ``key``: a 32-bit hash of its UTF-16 code units (the browser's
    ``charCodeAt``), modulo ``chunks``."""
    h = 0
    data = key.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = (h * 31 + data[i] + (data[i + 1] << 8)) & 0xFFFFFFFF
    return h % chunks


@dataclass(frozen=True)
class Analysis:
    """What one entry gives the index."""

    scores: dict[str, int]  #: stem → score in this entry
    forms: dict[str, str]  #: folded word → stem
    stem_forms: dict[str, str]  #: folded stem (of the word or of its unaccented spelling) → stem
    phrases: dict[str, int]  #: ``=phrase`` / ``~stems`` → score


class _Stems:
    """Snowball stems of words, each word stemmed once per build."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, str, str]] = {}

    def __call__(self, token: str) -> tuple[str, str, str]:
        """(folded word, stem of the word as written (folded), stem of the folded word)."""
        found = self.cache.get(token)
        if found is None:
            folded = fold(token)
            found = (folded, fold(_STEMMER.stemWord(token)), _STEMMER.stemWord(folded))
            self.cache[token] = found
        return found


def analyse(entry: Entry, stems: _Stems) -> Analysis:
    fields = {
        "title": [entry.title], "aliases": list(entry.aliases), "tags": [t.replace("-", " ") for t in entry.tags],
        "summary": [entry.summary], "checklist": list(entry.checklist),
        "quotes": [q.text for q in entry.quotes], "body": [entry.body],
    }
    scores: Counter[str] = Counter()
    forms: dict[str, str] = {}
    stem_forms: dict[str, str] = {}
    for name, texts in fields.items():
        counts: Counter[str] = Counter()
        for text in texts:
            for token in tokens(text):
                folded, stem, folded_stem = stems(token)
                if len(folded) < 2 or folded in STOP_WORDS:
                    continue
                counts[stem] += 1
                forms.setdefault(folded, stem)
                stem_forms.setdefault(stem, stem)
                stem_forms.setdefault(folded_stem, stem)
        if name == "body":
            for stem, count in counts.items():
                scores[stem] += min(count, BODY_CAP)
        else:
            for stem in counts:
                scores[stem] += WEIGHTS[name]
    phrases: dict[str, int] = {}
    for name, texts in (("id", [entry.id]), ("aliases", entry.aliases), ("title", [entry.title])):
        for text in texts:
            phrase = phrase_keys(text, stems)
            for key in phrase:
                phrases[key] = max(phrases.get(key, 0), PHRASE_SCORES[name])
    return Analysis(dict(scores), forms, stem_forms, phrases)


def phrase_keys(text: str, stems: _Stems) -> list[str]:
    """``=`` + every folded word, and ``~`` + the stems of the searchable words (as the browser
    builds them from a query)."""
    folded = [fold(t) for t in tokens(text)]
    if not folded:
        return []
    keys = ["=" + " ".join(folded)]
    kept = [stems(t)[1] for t in tokens(text) if len(fold(t)) > 1 and fold(t) not in STOP_WORDS]
    if kept:
        keys.append("~" + " ".join(kept))
    return keys


@dataclass(frozen=True)
class Document:
    url: str
    entry: Entry


class SearchIndexer:
    """Builds the files of ``search/``; keeps each entry's analysis for the next build."""

    def __init__(self) -> None:
        self._stems = _Stems()
        self._analyses: dict[str, tuple[Entry, Analysis]] = {}

    def files(self, playbook: Playbook, urls: Mapping[str, str]) -> dict[str, bytes]:
        """The index of the entries whose page URL ``urls`` gives (entry id → site-relative URL)."""
        docs = [Document(urls[e.id], e) for e in sorted(playbook.entries.values(), key=lambda e: e.id)
                if e.id in urls]
        analyses = {}
        for doc in docs:
            known = self._analyses.get(doc.entry.id)
            if known is None or (known[0] is not doc.entry and known[0] != doc.entry):
                known = (doc.entry, analyse(doc.entry, self._stems))
            analyses[doc.entry.id] = known
        self._analyses = analyses
        return build_files(playbook, docs, [analyses[d.entry.id][1] for d in docs])


def build_files(playbook: Playbook, docs: list[Document], analyses: list[Analysis]) -> dict[str, bytes]:
    postings: dict[str, list[int]] = defaultdict(list)
    vocabulary: dict[int, tuple[dict[str, str], dict[str, str]]] = defaultdict(lambda: ({}, {}))
    frequency: Counter[str] = Counter()
    for number, analysis in enumerate(analyses):
        for stem, score in analysis.scores.items():
            postings[stem] += (number, score)
        for key, score in analysis.phrases.items():
            postings[key] += (number, score)
        for word, stem in analysis.forms.items():
            frequency[word] += 1
            vocabulary[min(len(word), LONGEST_WORD_FILE)][0].setdefault(word, stem)
        for form, stem in analysis.stem_forms.items():
            vocabulary[min(len(form), LONGEST_WORD_FILE)][1].setdefault(form, "" if form == stem else stem)
    stems = {k: _gaps(v) for k, v in postings.items() if k[0] not in "=~"}
    phrases = {k: _gaps(v) for k, v in postings.items() if k[0] in "=~"}
    chunks, by_chunk = _chunks(stems)
    phrase_chunks, by_phrase_chunk = _chunks(phrases)
    kinds = sorted({d.entry.kind for d in docs}, key=lambda k: k.label)
    kind_index = {k.name: i for i, k in enumerate(kinds)}
    collections = sorted({d.entry.collection for d in docs if d.entry.collection})
    collection_index = {c: i for i, c in enumerate(collections)}
    tags = sorted({t for d in docs for t in d.entry.tags})
    tag_index = {t: i for i, t in enumerate(tags)}
    files = {
        "meta": {
            "docs": len(docs), "docsPerChunk": DOCS_PER_CHUNK, "postings": chunks, "phrases": phrase_chunks,
            "longest": LONGEST_WORD_FILE,
            "lengths": sorted(vocabulary),
            "kinds": [[k.name, k.label] for k in kinds],
            "collections": [[c, playbook[c].title if c in playbook.entries else c] for c in collections],
            "tags": tags,
        },
        "f": [[kind_index[d.entry.kind.name], collection_index.get(d.entry.collection or "", -1),
               sorted(tag_index[t] for t in d.entry.tags)] for d in docs],
    }
    for length, (forms, stem_forms) in vocabulary.items():
        ordered = dict(sorted(forms.items(), key=lambda item: (-frequency[item[0]], item[0])))
        files[f"w{length}"] = {"w": ordered, "s": dict(sorted(stem_forms.items()))}
    for number, chunk in enumerate(by_chunk):
        files[f"p{number}"] = chunk
    for number, chunk in enumerate(by_phrase_chunk):
        files[f"q{number}"] = chunk
    for start in range(0, len(docs), DOCS_PER_CHUNK):
        files[f"d{start // DOCS_PER_CHUNK}"] = [
            [d.url, d.entry.title, kind_index[d.entry.kind.name], d.entry.summary]
            for d in docs[start:start + DOCS_PER_CHUNK]]
    return {f"{FOLDER}/{name}.js": script(name, data) for name, data in files.items()}


def _gaps(postings: list[int]) -> list[int]:
    """``[doc, score, ...]`` (documents in increasing order) → ``[gap, score, ...]``."""
    out, previous = [], -1
    for i in range(0, len(postings), 2):
        out += (postings[i] - previous, postings[i + 1])
        previous = postings[i]
    return out


def _chunks(postings: dict[str, list[int]]) -> tuple[int, list[dict[str, list[int]]]]:
    """How many files for ``postings`` (about :data:`CHUNK_BYTES` each), and their contents."""
    size = sum(len(key) + 6 + len(json.dumps(value, separators=(",", ":"))) for key, value in postings.items())
    chunks = max(1, math.ceil(size / CHUNK_BYTES))
    by_chunk: list[dict[str, list[int]]] = [{} for _ in range(chunks)]
    for key in sorted(postings):
        by_chunk[chunk_of(key, chunks)][key] = postings[key]
    return chunks, by_chunk


def script(name: str, data: object) -> bytes:
    """``playbookSearch("name", data);``: JSON, with ``<`` escaped so that no text from an entry
    can close a script element or start markup."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'playbookSearch("{name}",{payload});\n'.encode()
