"""Search: material's ``search/search_index.json`` tuned for the playbook (see core/search.py).

Entry pages are recorded while they are rendered (their URL is the location material gives the
page's first search document); once material has written the index, it is rewritten in place.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.search import SearchTerms, tune_index


class SearchIndexTuner:
    def __init__(self) -> None:
        self.terms: dict[str, SearchTerms] = {}

    def record(self, url: str, terms: SearchTerms) -> None:
        self.terms[url] = terms

    def rewrite(self, site_dir: str | Path) -> list[str]:
        """Tune ``site_dir/search/search_index.json``; warnings are returned. No index, no change."""
        path = Path(site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return []
        index = json.loads(path.read_text(encoding="utf-8"))
        tuned, warnings = tune_index(index, self.terms)
        path.write_text(json.dumps(tuned, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return warnings
