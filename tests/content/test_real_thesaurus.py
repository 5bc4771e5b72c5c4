"""The real thesaurus (``thesaurus.yaml``) against the real entries: every word it leads to is in
the playbook, so that what a reader types through it finds something.

- each target of an expansion (``to``) is used by at least one entry (all its words in one entry);
- each group of equivalents has at least one word some entry uses (else it links nothing);
- each ``distinct`` family is a word some entry uses (else it is dead weight);
- the seed's size, as OPERATIONS.md (« Search ») states it.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from playbook.core import check
from playbook.core.search import SearchIndexer
from playbook.core.search_text import Stems, distinct_key, fold

ROOT = Path(__file__).resolve().parents[2]


def _index() -> tuple[dict[str, object], object, Stems]:
    result = check(ROOT / "laws")
    assert result.ok and result.playbook is not None and result.thesaurus
    playbook, thesaurus = result.playbook, result.thesaurus
    urls = {e.id: f"{e.kind.folder}/{e.id}/" for e in playbook.entries.values()}
    files = SearchIndexer().files(playbook, urls, thesaurus)
    index = {}
    for path, content in files.items():
        name = path.removeprefix("search/").removesuffix(".js")
        text = content.decode("utf-8")
        index[name] = json.loads(text[len(f'playbookSearch("{name}",') : -3])
    distinct = {fold(w.strip()): distinct_key(fold(f[0].strip())) for f in thesaurus.distinct for w in f}
    return index, thesaurus, Stems(distinct)


def _documents(index: dict[str, object], stem: str) -> set[int]:
    """The entries whose own text has ``stem`` (the postings hold more: families, thesaurus)."""
    gaps = index[f"p{zlib.crc32(stem.encode()) % index['meta']['postings']}"].get(stem, [])
    docs, doc = set(), -1
    for i in range(0, len(gaps), 2):
        doc += gaps[i]
        docs.add(doc)
    return docs


def _used(index: dict[str, object], stems: Stems, term: str) -> bool:
    found = [_documents(index, s) for s in stems.of(term)]
    return bool(found) and bool(set.intersection(*found))


def test_every_target_of_an_expansion_is_used_by_an_entry() -> None:
    index, thesaurus, stems = _index()
    unused = [t for e in thesaurus.expansions for t in e.targets if not _used(index, stems, t)]
    assert unused == []


def test_every_group_of_equivalents_has_a_word_an_entry_uses() -> None:
    index, thesaurus, stems = _index()
    idle = [group for group in thesaurus.equivalents if not any(_used(index, stems, t) for t in group)]
    assert idle == []


def test_every_distinct_family_is_a_word_of_the_playbook() -> None:
    index, thesaurus, _ = _index()
    vocabulary = {w for name, data in index.items() if name.startswith("w") for w in data["w"]}
    assert [f for f in thesaurus.distinct if not any(fold(w) in vocabulary for w in f)] == []


def test_the_seed_is_the_size_the_operations_guide_gives() -> None:
    _, thesaurus, _ = _index()
    sizes = (len(thesaurus.equivalents), len(thesaurus.expansions), len(thesaurus.distinct))
    guide = (ROOT / "OPERATIONS.md").read_text(encoding="utf-8")
    assert f"{sizes[0]} groups of equivalents, {sizes[1]} expansions and {sizes[2]} distinct families" in guide
