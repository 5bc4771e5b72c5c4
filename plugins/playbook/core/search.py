"""Search tuning: French search that forgives accents and plurals, and finds ids and aliases.

mkdocs-material's search runs lunr.js in a web worker on ``search/search_index.json``; the
index's ``config`` tells the worker which lunr language to load, how to split words and how much
each field weighs. :func:`tune_index` rewrites that file after the build:

- ``lang`` becomes :data:`LANGUAGE`, a lunr "language" shipped by the plugin's theme
  (``theme/assets/javascripts/lunr/min/lunr.playbook.min.js``). Material loads it like any
  lunr-languages file; it folds accents (``réclamation`` → ``reclamation``), drops French plural
  endings (``réclamations`` → ``reclamation``) and French stop words, on the indexed words and on
  the words typed in the search box alike, so every spelling meets the same index term.
- ``separator`` also splits on apostrophes and punctuation, so ``l'entreprise`` indexes
  ``entreprise`` and a query ``entreprise`` finds it.
- every entry page's document gets two more fields: ``id`` (its identifier, so typing
  ``loi-temkin-4`` lists that law first) and ``aliases`` (its synonyms, weighted close to the
  title, so ``plainte`` finds an entry whose alias it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import Entry

#: The lunr language of the plugin's theme; replaces material's ``fr``.
LANGUAGE = "playbook"
#: lunr pipeline steps kept by material (the language defines them).
PIPELINE = ["stopWordFilter", "stemmer"]
#: Word separator: white space, hyphens, apostrophes, punctuation, quotes and HTML entities.
SEPARATOR = r"""[\s\-,;:!?.()\[\]{}"«»“”„‘’'/|]+|&(?:[a-z]+|#\d+);"""
#: Field weights; material's defaults are title 1000, text 1, tags 1e6.
FIELD_BOOSTS: dict[str, float] = {"id": 1000.0, "aliases": 300.0}


@dataclass(frozen=True)
class SearchTerms:
    """What the search index learns about an entry beyond its page's text."""

    entry_id: str
    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, entry: Entry) -> SearchTerms:
        return cls(entry.id, tuple(entry.aliases))


def tune_index(index: Mapping[str, Any], terms: Mapping[str, SearchTerms]) -> tuple[dict[str, Any], list[str]]:
    """A copy of material's search index tuned for the playbook, and warnings about it.

    ``terms`` maps an entry page's location (its URL relative to the site, as material writes it)
    to that entry's :class:`SearchTerms`; the page's first document (no ``#anchor``) gets them."""
    config = dict(index.get("config") or {})
    warnings: list[str] = []
    lang = list(config.get("lang") or [])
    if lang in (["fr"], [LANGUAGE]):
        config["lang"] = [LANGUAGE]
        config["pipeline"] = list(PIPELINE)
        config["separator"] = SEPARATOR
    else:
        warnings.append(f"search language is {lang or 'unset'}: the playbook's search forgives accents and "
                        f"plurals only with 'lang: fr' under 'plugins: - search:' in mkdocs.yml")
    fields = {name: dict(value) for name, value in (config.get("fields") or {}).items()}
    for name, boost in FIELD_BOOSTS.items():
        fields.setdefault(name, {"boost": boost})
    config["fields"] = fields
    docs = []
    for doc in index.get("docs") or []:
        found = terms.get(doc.get("location", ""))
        if found is not None:
            doc = {**doc, "id": found.entry_id}
            if found.aliases:
                doc["aliases"] = list(found.aliases)
        docs.append(doc)
    return {**index, "config": config, "docs": docs}, warnings
