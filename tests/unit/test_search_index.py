"""The search index the build writes (core/search.py): folding, stems, weights, files."""

from __future__ import annotations

import dataclasses
import json
import zlib

from conftest import MINI_LAWS
from playbook.core import check
from playbook.core.search import DOCS_PER_CHUNK, SearchIndexer, chunk_of, fold, words
from playbook.core.typography import french_typography


def _playbook():
    result = check(MINI_LAWS)
    assert result.playbook is not None
    return result.playbook


def _urls(playbook) -> dict[str, str]:
    return {e.id: f"{e.kind.folder}/{e.id}/" for e in playbook.entries.values()}


def _read(files: dict[str, bytes]) -> dict[str, object]:
    out = {}
    for path, content in files.items():
        name = path.removeprefix("search/").removesuffix(".js")
        text = content.decode("utf-8")
        prefix = f'playbookSearch("{name}",'
        assert text.startswith(prefix) and text.endswith(");\n")
        out[name] = json.loads(text[len(prefix) : -3])
    return out


def _postings(index: dict[str, object], key: str) -> list[int]:
    """[doc, score, ...] of a key, from its file (which holds the gaps between documents)."""
    if key[0] in "=~":
        gaps = index[f"q{chunk_of(key, index['meta']['phrases'])}"].get(key, [])
    else:
        gaps = index[f"p{chunk_of(key, index['meta']['postings'])}"].get(key, [])
    out, doc = [], -1
    for i in range(0, len(gaps), 2):
        doc += gaps[i]
        out += (doc, gaps[i + 1])
    return out


def test_folding_and_words() -> None:
    assert fold("Œuvre Élue ÇA") == "oeuvre elue ca"
    assert words("L’entreprise et l'équipe : d'abord les clients !") == ["entreprise", "equipe", "abord", "clients"]
    assert words("service-client, 24h/24") == ["service", "client", "24h", "24"]


def test_a_key_s_file_is_the_standard_crc32_of_its_utf8_bytes() -> None:
    """playbook-search.js computes the same CRC-32 (the standard one: 0xCBF43926 for "123456789");
    the browser tests show both sides agree on every key they search."""
    assert chunk_of("123456789", 2**32) == 0xCBF43926
    assert chunk_of("réclam", 7) == zlib.crc32("réclam".encode()) % 7


def test_words_map_to_their_family_and_the_unaccented_stem_too() -> None:
    index = _read(SearchIndexer().files(_playbook(), _urls(_playbook())))
    assert index["w10"]["w"]["engagement"] == "engag"
    assert index["w8"]["w"]["employes"] == "emploi"  # Snowball stems "employés" to "emploi"
    assert index["w6"]["s"]["employ"] == "emploi"  # ... and "employes" to "employ": the same family
    assert index["w5"]["s"]["engag"] == ""  # a stem of the postings
    assert _postings(index, "engag")


def test_title_outweighs_summary_outweighs_body() -> None:
    playbook = _playbook()
    index = _read(SearchIndexer().files(playbook, _urls(playbook)))
    ids = sorted(playbook.entries)
    coolblue = ids.index("coolblue")
    scores = dict(zip(_postings(index, "livraison")[::2], _postings(index, "livraison")[1::2], strict=True))
    assert scores[coolblue] > 20  # title (and body)
    law = ids.index("loi-temkin-4")
    title_word = dict(zip(*[iter(_postings(index, "impliqu"))] * 2, strict=True))[law]  # "impliqués": title
    summary_word = dict(zip(*[iter(_postings(index, "occup"))] * 2, strict=True))[law]  # "occuper": summary
    body_word = dict(zip(*[iter(_postings(index, "soign"))] * 2, strict=True))[law]  # "soignez": body
    assert title_word > summary_word > body_word


def test_ids_and_aliases_are_phrases_naming_their_entry() -> None:
    playbook = _playbook()
    index = _read(SearchIndexer().files(playbook, _urls(playbook)))
    law = sorted(playbook.entries).index("loi-temkin-4")
    assert _postings(index, "=loi temkin 4") == [law, 3]
    assert _postings(index, "=engagement des employes") == [law, 2]
    assert _postings(index, "~engag emploi") == [law, 2]


def test_documents_carry_url_title_kind_and_summary_and_facets() -> None:
    playbook = _playbook()
    index = _read(SearchIndexer().files(playbook, _urls(playbook)))
    assert len(playbook) <= DOCS_PER_CHUNK and "d1" not in index
    docs = index["d0"]
    law = sorted(playbook.entries).index("loi-temkin-4")
    url, title, kind, summary = docs[law]
    assert (url, title) == ("lois/loi-temkin-4/", playbook["loi-temkin-4"].title)
    assert index["meta"]["kinds"][kind] == ["law", "Loi"]
    # shown as the pages show it: French typography (’, no-break spaces), one rule for both
    assert summary == french_typography(playbook["loi-temkin-4"].summary) != playbook["loi-temkin-4"].summary
    assert "’" in summary and "'" not in summary
    facets = index["f"][law]
    assert index["meta"]["collections"][facets[1]] == ["lois-temkin", "Les 6 lois de Temkin"]
    assert sorted(index["meta"]["tags"][t] for t in facets[2]) == ["engagement", "management"]


def test_an_unchanged_entry_is_not_analysed_again(monkeypatch) -> None:
    from playbook.core import search

    playbook = _playbook()
    indexer = SearchIndexer()
    first = indexer.files(playbook, _urls(playbook))
    analysed: list[str] = []
    real = search.analyse
    monkeypatch.setattr(search, "analyse", lambda entry, stems: analysed.append(entry.id) or real(entry, stems))
    assert indexer.files(playbook, _urls(playbook)) == first
    assert analysed == []
    edited = dataclasses.replace(playbook["coolblue"], title="Coolblue et le colis perdu")
    playbook.entries["coolblue"] = edited
    second = indexer.files(playbook, _urls(playbook))
    assert analysed == ["coolblue"]
    assert second != first and "perdu" in _read(second)["w5"]["w"]


def test_no_markup_can_leave_a_script() -> None:
    playbook = _playbook()
    playbook.entries["coolblue"] = dataclasses.replace(playbook["coolblue"], title="</script><img src=x>")
    files = SearchIndexer().files(playbook, _urls(playbook))
    assert all(b"<" not in content for content in files.values())
    assert any(doc[1] == "</script><img src=x>" for doc in _read(files)["d0"])
