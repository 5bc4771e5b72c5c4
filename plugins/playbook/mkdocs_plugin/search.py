"""Search: material's ``search/search_index.json`` tuned for the playbook (see core/search.py).

Entry pages are recorded while they are rendered (their URL is the location material gives the
page's first search document). At the end of the build the index is tuned in memory, just before
material's search plugin writes it; with a search plugin whose index cannot be reached that way
(another theme's), the file it wrote is rewritten instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from collections.abc import Iterable
from typing import Any

from ..core.search import SearchTerms, tune_index

#: The settings of material's in-memory index that end up in the file's ``config``.
_INDEX_CONFIG = ("lang", "separator", "pipeline", "fields")


class SearchIndexTuner:
    def __init__(self) -> None:
        self.terms: dict[str, SearchTerms] = {}

    def record(self, url: str, terms: SearchTerms) -> None:
        self.terms[url] = terms

    def tune_in_memory(self, plugins: Iterable[Any]) -> list[str] | None:
        """Tune the index a search plugin holds in memory (material's ``search_index``: its
        settings and its list of documents) before it writes it; warnings are returned, ``None``
        when no such index was found. Tuning twice changes nothing more."""
        for plugin in plugins:
            index = getattr(plugin, "search_index", None)
            config, docs = getattr(index, "config", None), getattr(index, "entries", None)
            if isinstance(config, dict) and isinstance(docs, list) and all(k in config for k in _INDEX_CONFIG):
                tuned, warnings = tune_index({"config": {k: config[k] for k in _INDEX_CONFIG}, "docs": docs},
                                             self.terms)
                config.update(tuned["config"])
                docs[:] = tuned["docs"]
                return warnings
        return None

    def rewrite(self, site_dir: str | Path) -> list[str]:
        """Tune ``site_dir/search/search_index.json``; warnings are returned. No index, no change."""
        path = Path(site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return []
        index = json.loads(path.read_text(encoding="utf-8"))
        tuned, warnings = tune_index(index, self.terms)
        path.write_text(json.dumps(tuned, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return warnings
