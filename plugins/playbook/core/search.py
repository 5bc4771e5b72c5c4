"""The playbook's own search index: French words folded and stemmed, cut into small files that the
browser loads only when a reader searches (``assets/playbook-search-core.js`` reads them).

Every entry is one document. Its words go through :mod:`.search_text` (folded, stop words
dropped, stemmed by Snowball, so that a word finds its family: ``engager``, ``engagement``,
``engagés`` → ``engag``). Two things widen a word's family, both at a lower score than the word
itself, so entries that use the words typed always come first:

- **prefix families** (:data:`FAMILY_MIN`, :data:`FAMILY_WEIGHT`): Snowball leaves
  ``insatisfait`` (``insatisf``) and ``insatisfaction`` (``insatisfact``) apart; a stem of 6
  letters or more also finds the stems it begins (and those that begin it);
- **the thesaurus** (:mod:`.thesaurus`, :data:`THESAURUS_WEIGHT`): a word of an equivalence group
  finds the entries of the others, the source of an expansion those of its targets; a source
  that no entry uses is added to the vocabulary, so typos and suggestions know it too. The
  thesaurus's ``distinct`` words get a family of their own (``livre`` is not ``livrer``).

Both are merged into the postings at build time: the browser does not know them, it only sees
scores (multi-word thesaurus sources, such as ``service après-vente``, are listed in
``meta.js``: the browser matches them on consecutive words of a query).

The files, all under ``search/``, are scripts (``playbookSearch(name, data)``) rather than JSON,
so that a page opened from ``file://`` (the offline copy) can load them with a ``<script>``
element, where ``fetch`` is refused:

- ``search/meta.js``: the sizes below, the kinds, collections and tags offered as filters, the
  stop words (:data:`.search_text.STOP_WORDS`), the multi-word thesaurus sources, each thesaurus
  source's target stems (the browser marks them in the results), and the « Signaler cette
  recherche » issue form when the site has a repository;
- ``search/w<L>.js``: the vocabulary, by word length ``L``: ``w`` maps each folded word of the
  text (most frequent first) to its stem, ``s`` maps each stem (and the stem of the unaccented
  word) to the stem the postings use. The browser looks a typed word up in the file of its
  length, tries one typo in the files of lengths ``L-1..L+1`` and a stem in a shorter one: it
  never stems by itself;
- ``search/p<k>.js``: postings, by :func:`chunk_of` the stem: ``stem → [gap, score, ...]``, the
  documents in increasing order, each given by its distance to the previous one (the first: to -1);
- ``search/q<k>.js``: the same for phrases, by :func:`chunk_of` the key: ``=phrase`` (every folded
  word of an id, alias or title), ``~stems`` (their stems) and ``#stem n`` (« loi 5 »: the stem
  of the kind's name and the entry's rank in its collection) list the entries they name;
- ``search/d<k>.js``: :data:`DOCS_PER_CHUNK` documents each: URL, title, kind, summary, the title
  and summary set in French typography as on the pages (:func:`~.typography.french_typography`);
- ``search/e<k>.js``: :data:`EXCERPTS_PER_CHUNK` documents each: the lines of plain text a
  result's passage is cut from (at most :data:`EXCERPT_CHARS` characters a document);
- ``search/f.js``: each document's kind, collection and tags (loaded when a filter is set).

Scores weigh where a word is: :data:`WEIGHTS` (title above aliases above tags and summary above
checklist and body), and what the entry is: a source's words count for less, its citation in full
(:attr:`.spec.Kind.search_weight`). :class:`SearchIndexer` keeps each entry's analysis between two
builds (``mkdocs serve``): an edit analyses again only the entries that changed.
"""

from __future__ import annotations

import bisect
import json
import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Entry, Playbook
from .search_text import DISTINCT_MARK, STOP_WORDS, Stems, distinct_key, fold, plain_text, sentences, tokens
from .thesaurus import EMPTY, Thesaurus
from .typography import french_typography

#: Documents per ``d<k>.js`` file: a query loads the few files of its first results.
DOCS_PER_CHUNK = 8
#: Documents per ``e<k>.js`` file (the passages): a result loads the file of its own text.
EXCERPTS_PER_CHUNK = 2
#: Characters of a document's passages, at most (whole lines, the last one cut at a word).
EXCERPT_CHARS = 2_000
#: Target size of a ``p<k>.js`` or ``q<k>.js`` file, in bytes (before compression).
CHUNK_BYTES = 12_000
#: Words of this length or more share one vocabulary file.
LONGEST_WORD_FILE = 24
#: Weight of a word by field; the body counts each occurrence, up to :data:`BODY_CAP`.
WEIGHTS: dict[str, int] = {
    "title": 24,
    "aliases": 20,
    "citation": 20,
    "tags": 10,
    "summary": 8,
    "checklist": 3,
    "quotes": 2,
}
BODY_CAP = 4
#: Fields weighed by the kind's :attr:`~.spec.Kind.search_weight`: all but a source's citation (a
#: source's words count less, its author and publication in full).
WEIGHED_BY_KIND = frozenset({"title", "aliases", "tags", "summary", "checklist", "quotes", "body"})
#: Score of a phrase key by what it names (the browser lists those entries first).
PHRASE_SCORES: dict[str, int] = {"id": 3, "reference": 3, "aliases": 2, "title": 1}
#: Shortest stem whose prefix family is searched (shorter stems begin too many strangers).
FAMILY_MIN = 6
#: Score of an entry found through a word's prefix family, against the word's own.
FAMILY_WEIGHT = 0.5
#: Score of an entry found through the thesaurus, against the word's own.
THESAURUS_WEIGHT = 0.5


def chunk_of(key: str, chunks: int) -> int:
    """The postings file of ``key``: the CRC-32 of its UTF-8 bytes (as the browser computes it),
    modulo ``chunks``."""
    return zlib.crc32(key.encode("utf-8")) % chunks


def vocabulary_length(word: str) -> int:
    """The ``L`` of the vocabulary file ``w<L>`` that holds ``word``: its length in code points
    (the browser's ``size``, not its UTF-16 units), :data:`LONGEST_WORD_FILE` at most."""
    return min(len(word), LONGEST_WORD_FILE)


def _is_phrase(key: str) -> bool:
    return key[0] in "=~#"


@dataclass(frozen=True)
class Analysis:
    """What one entry gives the index."""

    scores: dict[str, int]  #: stem → score in this entry
    forms: dict[str, str]  #: folded word → stem
    stem_forms: dict[str, str]  #: folded stem (of the word or of its unaccented spelling) → stem
    phrases: dict[str, int]  #: ``=phrase`` / ``~stems`` / ``#stem n`` → score
    excerpt: tuple[str, ...] = ()  #: the lines of plain text a result's passage is cut from


def analyse(entry: Entry, stems: Stems, title_of: Mapping[str, str] | None = None) -> Analysis:
    """What ``entry`` gives the index. Its body is read as the reader reads it (:func:`.plain_text`:
    ``[[id|label]]`` as its label, ``[[id]]`` as the title of ``title_of[id]``, no link address)."""
    citation = entry.citation
    body = plain_text(entry.body, (title_of or {}).get)
    fields = {
        "title": [entry.title],
        "aliases": list(entry.aliases),
        "citation": [t for t in (citation.author, citation.publication) if t] if citation else [],
        "tags": [t.replace("-", " ") for t in entry.tags] + ([entry.role] if entry.role else []),
        "summary": [entry.summary, *entry.objectives],
        "checklist": [*entry.checklist, *(step.goal for step in entry.steps)],
        "quotes": [f"{q.text} {q.author}" for q in entry.quotes],
        "body": [body],
    }
    scores: dict[str, float] = {}
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
        factor = entry.kind.search_weight if name in WEIGHED_BY_KIND else 1.0
        for stem, count in per_stem.items():
            scores[stem] = scores.get(stem, 0) + (min(count, BODY_CAP) if weight is None else weight) * factor
    phrases: dict[str, int] = {}
    for name, texts in (("id", [entry.id]), ("aliases", entry.aliases), ("title", [entry.title])):
        for text in texts:
            for key in phrase_keys(text, stems):
                phrases[key] = max(phrases.get(key, 0), PHRASE_SCORES[name])
    for key in reference_keys(entry, stems):
        phrases[key] = PHRASE_SCORES["reference"]
    excerpt = _excerpt(sentences([body, *entry.checklist, *(q.text for q in entry.quotes)]))
    return Analysis({s: max(1, round(v)) for s, v in scores.items()}, forms, stem_forms, phrases, excerpt)


def phrase_keys(text: str, stems: Stems) -> list[str]:
    """``=`` + every folded word, and ``~`` + the stems of the searchable words (as the browser
    builds them from a query)."""
    folded = [fold(t) for t in tokens(text)]
    if not folded:
        return []
    keys = ["=" + " ".join(folded)]
    kept = stems.of(text)
    if kept:
        keys.append("~" + " ".join(kept))
    return keys


def reference_keys(entry: Entry, stems: Stems) -> list[str]:
    """``#loi 5``: the entry's rank in its collection, after the stem of each word of its kind's
    name, as the browser builds it from « loi 5 », « la loi n° 5 » or « cinquième loi »."""
    if entry.order is None:
        return []
    return [f"#{stem} {entry.order}" for stem in stems.of(entry.kind.label)]


def _excerpt(lines: list[str]) -> tuple[str, ...]:
    """The first lines, in French typography, up to :data:`EXCERPT_CHARS` characters (the last
    one cut after a word)."""
    out: list[str] = []
    left = EXCERPT_CHARS
    for whole in lines:
        if left <= 0:
            break
        line = whole
        if len(line) > left:
            cut = line[:left].rsplit(" ", 1)[0]
            line = cut + " …" if cut else ""
        if line:
            out.append(french_typography(line))
        left -= len(line) + 1
    return tuple(out)


@dataclass(frozen=True)
class Document:
    url: str
    entry: Entry


class _Expansions:
    """What the thesaurus adds to the index: each source key (a stem, or several stems for a phrase)
    and the stems of the terms it leads to; the words each source spells."""

    def __init__(self, thesaurus: Thesaurus, stems: Stems) -> None:
        self.thesaurus = thesaurus
        self.targets: dict[str, list[tuple[str, ...]]] = {}  #: source key → target stems
        #: folded word of a source → (its stem, the stem of its folded spelling, the source's key)
        self.spellings: dict[str, tuple[str, str, str]] = {}
        self.users: dict[str, set[str]] = defaultdict(set)  #: stem → source keys whose postings use it
        for term, targets in thesaurus.links():
            key_stems = stems.of(term)
            if not key_stems:
                continue
            key = " ".join(key_stems)
            for target in targets:
                target_stems = tuple(stems.of(target))
                if target_stems and target_stems not in self.targets.get(key, []):
                    self.targets.setdefault(key, []).append(target_stems)
                    for stem in target_stems:
                        self.users[stem].add(key)
            for token in tokens(term):
                found = stems(token)
                if found is not None:
                    self.spellings.setdefault(found[0], (found[1], found[2], key))

    @property
    def phrases(self) -> list[str]:
        """The sources of several words (their stems, space-separated), for the browser."""
        return sorted(k for k in self.targets if " " in k)


class SearchIndexer:
    """Builds the files of ``search/`` and keeps what it built: the next call (``mkdocs serve``,
    after an edit) analyses again only the entries that changed and writes again only the files
    their words, stems and documents are in. Its files are the same as a new indexer's."""

    def __init__(self) -> None:
        self._thesaurus = EMPTY
        self._setup(EMPTY)

    def forget(self) -> None:
        """Keep nothing of the index built (a single build: no update will follow)."""
        self._reset()

    def _setup(self, thesaurus: Thesaurus) -> None:
        self._thesaurus = thesaurus
        self._stems = Stems({fold(w.strip()): distinct_key(fold(f[0].strip())) for f in thesaurus.distinct for w in f})
        self._expansions = _Expansions(thesaurus, self._stems)
        self._reset()

    def _reset(self) -> None:
        self._docs: list[Document] = []
        self._analyses: list[Analysis] = []
        self._postings: dict[str, dict[int, int]] = {}  #: key → {document: score}, as the entries give them
        self._forms: dict[str, Counter[str]] = {}  #: folded word → its stems, by number of documents
        self._stem_forms: dict[str, Counter[str]] = {}  #: stem form → stems of the postings
        self._counts: dict[str, int] = {"p": 0, "q": 0}  #: number of p<k> and q<k> files
        self._members: dict[str, dict[int, set[str]]] = {"p": {}, "q": {}}  #: keys of each file
        self._files: dict[str, bytes] = {}
        self._encoded: dict[str, str] = {}  #: key → its JSON member in a postings file
        self._sizes: dict[str, int] = {"p": 0, "q": 0}  #: estimated bytes of the p and q files
        self._stem_list: list[str] = []  #: the stems of the postings, sorted (prefix families)
        self._merged: dict[str, dict[int, int]] = {}  #: key → postings with families and thesaurus

    def files(
        self,
        playbook: Playbook,
        urls: Mapping[str, str],
        thesaurus: Thesaurus = EMPTY,
        report: Mapping[str, str] | None = None,
    ) -> dict[str, bytes]:
        """The index of the entries whose page URL ``urls`` gives (entry id → site-relative URL), as
        file name (``meta``, ``w5``...) → script; the build places each file in the site
        (``render/urls.py``: ``search_file_uri``). ``report``: the « Signaler cette recherche »
        issue form (see :meth:`.living.Living.search_report`)."""
        if thesaurus != self._thesaurus:
            self._setup(thesaurus)  # other families and expansions: everything again
        docs = [Document(urls[e.id], e) for e in sorted(playbook.entries.values(), key=lambda e: e.id) if e.id in urls]
        titles = {e.id: e.title for e in playbook.entries.values()}
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
            retitled = {o.entry.id for o, d in zip(self._docs, docs, strict=True) if o.entry.title != d.entry.title}
            if retitled:  # a passage shows the title of the entries its text links to
                done = set(changed)
                changed += [
                    n
                    for n, d in enumerate(docs)
                    if n not in done and "[[" in d.entry.body and any(f"[[{i}" in d.entry.body for i in retitled)
                ]
            self._docs = docs
        dirty_keys: set[str] = set()
        dirty_words: set[str] = set()
        for number in changed:
            old, new = self._analyses[number], analyse(docs[number].entry, self._stems, titles)
            self._analyses[number] = new
            # Only what differs between the entry's two analyses: a title edit changes a few keys,
            # and the others' postings (and their files) stay as they were.
            for before, after in ((old.scores, new.scores), (old.phrases, new.phrases)):
                for key in _differing(before, after):
                    kind = "q" if _is_phrase(key) else "p"
                    postings = self._postings.get(key)
                    if postings is None:
                        postings = self._postings[key] = {}
                        self._sizes[kind] += len(key) + 6
                    if key in before:
                        del postings[number]
                        self._sizes[kind] -= 5
                    if key in after:
                        postings[number] = after[key]
                        self._sizes[kind] += 5
                    if not postings:
                        del self._postings[key]
                        self._sizes[kind] -= len(key) + 6
                    dirty_keys.add(key)
            for table, before_forms, after_forms in (
                (self._forms, old.forms, new.forms),
                (self._stem_forms, old.stem_forms, new.stem_forms),
            ):
                for word in _differing(before_forms, after_forms):
                    stems = table.get(word)
                    if stems is None:
                        stems = table[word] = Counter()
                    for forms, sign in ((before_forms, -1), (after_forms, 1)):
                        stem = forms.get(word)
                        if stem is None:
                            continue
                        stems[stem] += sign
                        if stems[stem] <= 0:
                            del stems[stem]
                    if not stems:
                        del table[word]
                    dirty_words.add(word)
        dirty_keys |= self._neighbours(dirty_keys)
        for key in dirty_keys:
            self._encoded.pop(key, None)
            self._merged.pop(key, None)
        for word, (stem, folded_stem, key) in self._expansions.spellings.items():
            if key in dirty_keys:  # a thesaurus word joins or leaves the vocabulary
                dirty_words.update((word, stem, folded_stem))
        names = self._dirty_files(dirty_keys, dirty_words, changed)
        context = _Context(docs, playbook, self._forms, self._stem_forms, self._vocabulary_additions())
        for name in sorted(names):
            data = self._file(name, context, report)
            if data is None:
                self._files.pop(name, None)
            else:
                self._files[name] = script(name, data)
        return dict(self._files)  # by name; the build places them (render/urls.py: search_file_uri)

    # -- families and thesaurus ----------------------------------------------------------------
    def _neighbours(self, keys: set[str]) -> set[str]:
        """The keys whose merged postings use one of ``keys``: their prefix families and the
        thesaurus sources that lead to them (after the stem list is brought up to date)."""
        stems = sorted(k for k in self._postings if not _is_phrase(k))
        if stems != self._stem_list:
            self._stem_list = stems
        found: set[str] = set()
        for key in keys:
            if _is_phrase(key):
                continue
            found.update(self._family(key))
            found.update(self._expansions.users.get(key, ()))
        return found

    def _family(self, stem: str) -> list[str]:
        """The stems of the postings that begin with ``stem`` or that it begins (both at least
        :data:`FAMILY_MIN` letters; a thesaurus's ``distinct`` family has none)."""
        if len(stem) < FAMILY_MIN or stem.endswith(DISTINCT_MARK) or " " in stem:
            return []
        out = [stem[:n] for n in range(FAMILY_MIN, len(stem)) if stem[:n] in self._postings]
        at = bisect.bisect_right(self._stem_list, stem)
        while at < len(self._stem_list) and self._stem_list[at].startswith(stem):
            if not self._stem_list[at].endswith(DISTINCT_MARK):
                out.append(self._stem_list[at])
            at += 1
        return out

    def _merged_postings(self, key: str) -> dict[int, int]:
        """The postings of ``key`` with its prefix family and the thesaurus's expansions, each
        document at its best score."""
        found = self._merged.get(key)
        if found is not None:
            return found
        merged = dict(self._postings.get(key, {}))

        def add(postings: Mapping[int, int], weight: float) -> None:
            for doc, score in postings.items():
                scaled = max(1, round(score * weight))
                if merged.get(doc, 0) < scaled:
                    merged[doc] = scaled

        if not _is_phrase(key):
            for other in self._family(key):
                add(self._postings[other], FAMILY_WEIGHT)
            for target in self._expansions.targets.get(key, []):
                add(self._all_of(target), THESAURUS_WEIGHT)
        self._merged[key] = merged
        return merged

    def _all_of(self, stems: tuple[str, ...]) -> dict[int, int]:
        """The documents that have every one of ``stems``, each at its lowest score among them."""
        lists = [self._postings.get(s) for s in stems]
        if any(p is None for p in lists):
            return {}
        first, *rest = [p for p in lists if p is not None]
        return {d: min([s, *(p[d] for p in rest)]) for d, s in first.items() if all(d in p for p in rest)}

    def _vocabulary_additions(self) -> dict[str, tuple[str, str]]:
        """The words of the thesaurus's sources that no entry uses, when their source finds
        something: the browser knows them (a query is read with them, typos find them)."""
        return {
            word: (stem, folded_stem)
            for word, (stem, folded_stem, key) in self._expansions.spellings.items()
            if word not in self._forms and self._merged_postings(key)
        }

    def _related(self) -> dict[str, list[str]]:
        """Each thesaurus source that finds something → the stems of its targets: the browser marks
        them in the results (« mécontent » found « réclamation »)."""
        return {
            key: sorted({s for target in targets for s in target})
            for key, targets in sorted(self._expansions.targets.items())
            if self._merged_postings(key)
        }

    # -- files ---------------------------------------------------------------------------------
    def _dirty_files(self, keys: set[str], words: set[str], docs: list[int]) -> set[str]:
        names = {"meta", "f"}
        extra = set(self._expansions.targets)  # thesaurus sources: members of their file, found or not
        for prefix in ("p", "q"):
            count = max(1, math.ceil(self._sizes[prefix] / CHUNK_BYTES))
            if count != self._counts[prefix]:
                mine = [k for k in {*self._postings, *extra} if _is_phrase(k) == (prefix == "q")]
                names |= {f"{prefix}{k}" for k in range(max(count, self._counts[prefix]))}
                self._counts[prefix] = count
                members: dict[int, set[str]] = defaultdict(set)
                for key in mine:
                    members[chunk_of(key, count)].add(key)
                self._members[prefix] = members
            else:
                for key in keys:
                    if _is_phrase(key) == (prefix == "q"):
                        chunk = chunk_of(key, count)
                        names.add(f"{prefix}{chunk}")
                        if key in self._postings or key in extra:
                            self._members[prefix].setdefault(chunk, set()).add(key)
                        else:
                            self._members[prefix].get(chunk, set()).discard(key)
        names |= {f"w{vocabulary_length(w)}" for w in words}
        names |= {f"d{n // DOCS_PER_CHUNK}" for n in docs}
        names |= {f"e{n // EXCERPTS_PER_CHUNK}" for n in docs}
        return names

    def _member(self, key: str) -> str | None:
        """``"key":[gap,score,...]``, kept until the key's postings change; ``None`` for no postings."""
        found = self._encoded.get(key)
        if found is None:
            postings = self._merged_postings(key)
            if not postings:
                return None
            found = self._encoded[key] = (
                json.dumps(key, ensure_ascii=False) + ":" + json.dumps(_gaps(postings), separators=(",", ":"))
            )
        return found

    def _file(self, name: str, context: _Context, report: Mapping[str, str] | None) -> object:
        """The data of one file; ``None`` for a file that no longer has any."""
        docs, playbook = context.docs, context.playbook
        if name == "meta":
            return {
                "docs": len(docs),
                "docsPerChunk": DOCS_PER_CHUNK,
                "excerptsPerChunk": EXCERPTS_PER_CHUNK,
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
                "stop": sorted(STOP_WORDS),
                "multiword": self._expansions.phrases,
                "related": self._related(),
                "report": dict(report) if report else None,
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
            members = (self._member(key) for key in sorted(self._members[prefix].get(number, ())))
            return _Encoded("{" + ",".join(m for m in members if m is not None) + "}")
        if prefix == "d":
            chunk = docs[number * DOCS_PER_CHUNK : (number + 1) * DOCS_PER_CHUNK]
            return [
                [
                    d.url,
                    french_typography(d.entry.title),
                    context.kind_index[d.entry.kind.name],
                    french_typography(d.entry.summary),
                    d.entry.id if d.entry.kind.in_sessions else "",  # « Ajouter à ma séance » in the results
                ]
                for d in chunk
            ] or None
        if prefix == "e":
            start = number * EXCERPTS_PER_CHUNK
            return [list(a.excerpt) for a in self._analyses[start : start + EXCERPTS_PER_CHUNK]] or None
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
        additions: Mapping[str, tuple[str, str]],
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
                self.lengths.setdefault(vocabulary_length(word), ({}, {}))[at][word] = stems
        for word, (stem, folded_stem) in additions.items():  # words of the thesaurus alone: found by nobody's text
            self.lengths.setdefault(vocabulary_length(word), ({}, {}))[0][word] = Counter({stem: 0})
            for form in (stem, folded_stem):
                if form not in stem_forms:
                    self.lengths.setdefault(vocabulary_length(form), ({}, {}))[1][form] = Counter({stem: 0})


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
        [(q.text, q.author) for q in entry.quotes],
        entry.collection,
        entry.order,
        entry.citation,
        entry.objectives,
        entry.role,
        [s.goal for s in entry.steps],
    )


def _differing(before: Mapping[str, object], after: Mapping[str, object]) -> list[str]:
    """The keys of either mapping whose value is not the same in both (a key missing from one
    differs), in the order of ``before`` then of ``after``."""
    out = [key for key, value in before.items() if after.get(key, _MISSING) != value]
    out += [key for key in after if key not in before]
    return out


_MISSING = object()


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
