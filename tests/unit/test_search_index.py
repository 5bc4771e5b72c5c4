"""The search index the build writes (core/search.py): folding, stems, weights, files."""

from __future__ import annotations

import dataclasses
import json
import zlib

from conftest import MINI_LAWS
from playbook.core import check
from playbook.core.search import DOCS_PER_CHUNK, FAMILY_WEIGHT, THESAURUS_WEIGHT, SearchIndexer, chunk_of
from playbook.core.search_text import fold, words
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
    if key[0] in "=~#":
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
    url, title, kind, summary, session_id = docs[law]
    assert (url, title) == ("lois/loi-temkin-4/", playbook["loi-temkin-4"].title)
    # the id of an entry « Ma séance » can hold (« Ajouter à ma séance » in the results), "" otherwise
    assert session_id == "loi-temkin-4"
    assert {doc[4] for doc in docs if index["meta"]["kinds"][doc[2]][0] == "source"} == {""}
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
    monkeypatch.setattr(
        search, "analyse", lambda entry, stems, titles: analysed.append(entry.id) or real(entry, stems, titles)
    )
    assert indexer.files(playbook, _urls(playbook)) == first
    assert analysed == []
    edited = dataclasses.replace(playbook["coolblue"], title="Coolblue et le colis perdu")
    playbook.entries["coolblue"] = edited
    second = indexer.files(playbook, _urls(playbook))
    # the law links to the case ([[coolblue]]): its passages show the new title
    assert analysed == ["coolblue", "loi-temkin-4"]
    assert second != first and "perdu" in _read(second)["w5"]["w"]


def test_a_title_edit_encodes_again_only_the_keys_whose_postings_changed(monkeypatch) -> None:
    """An edited entry's words that kept their score keep their postings: their members are not
    worked out and encoded again (`mkdocs serve`: about 5 % of an edit at N = 1,000)."""
    playbook = _playbook()
    indexer = SearchIndexer()
    indexer.files(playbook, _urls(playbook))
    merged: list[str] = []
    real = SearchIndexer._merged_postings
    monkeypatch.setattr(SearchIndexer, "_merged_postings", lambda self, key: merged.append(key) or real(self, key))
    case = playbook["coolblue"]
    playbook.entries["coolblue"] = dataclasses.replace(case, title=case.title + " perdu")
    kept = indexer.files(playbook, _urls(playbook))
    # the key of the new word and the title's phrases, in the case and in the law that links to it
    assert "perdu" in merged and "=coolblue et la livraison en retard perdu" in merged
    assert len(merged) < 10, sorted(merged)
    monkeypatch.undo()
    assert kept == SearchIndexer().files(playbook, _urls(playbook))  # what a new indexer writes


def test_no_markup_can_leave_a_script() -> None:
    playbook = _playbook()
    playbook.entries["coolblue"] = dataclasses.replace(playbook["coolblue"], title="</script><img src=x>")
    files = SearchIndexer().files(playbook, _urls(playbook))
    assert all(b"<" not in content for content in files.values())
    assert any(doc[1] == "</script><img src=x>" for doc in _read(files)["d0"])


# -- what this index adds to Snowball: the thesaurus, prefix families, ranks, passages ------------
def _index(playbook, thesaurus=None, report=None) -> dict[str, object]:
    from playbook.core.thesaurus import EMPTY

    return _read(SearchIndexer().files(playbook, _urls(playbook), thesaurus or EMPTY, report))


def _thesaurus(text: str):
    from pathlib import Path

    from playbook.core.thesaurus import parse

    found, problems = parse(text.encode(), Path("thesaurus.yaml"), "thesaurus.yaml")
    assert problems == []
    return found


def _scores(index: dict[str, object], key: str) -> dict[int, int]:
    postings = _postings(index, key)
    return dict(zip(postings[::2], postings[1::2], strict=True))


def test_an_expansion_finds_its_targets_entries_below_the_words_own() -> None:
    playbook = _playbook()
    ids = sorted(playbook.entries)
    index = _index(playbook, _thesaurus("expansions:\n  - from: [mécontent, en colère]\n    to: [réclamation]\n"))
    complaint = _scores(index, "reclam")
    found = _scores(index, "mecontent")
    assert found == {d: max(1, round(s * THESAURUS_WEIGHT)) for d, s in complaint.items()}  # below the word's own
    assert max(complaint.values()) > max(found.values())
    assert _scores(index, "coler") == found
    assert index["w9"]["w"]["mecontent"] == "mecontent"  # the browser knows the word: typos, endings
    assert index["meta"]["related"] == {"coler": ["reclam"], "mecontent": ["reclam"]}  # to mark what it found
    assert ids.index("paradoxe-reclamation") in found


def test_a_group_works_both_ways_and_a_phrase_source_is_listed_for_the_browser() -> None:
    playbook = _playbook()
    groups = "equivalents:\n  - [livraison, expédition]\n  - [plainte, service après-vente]\n"
    index = _index(playbook, _thesaurus(groups))
    assert set(_scores(index, "expedit")) == set(_scores(index, "livraison"))  # a word no entry uses
    assert "servic apres vent" in index["meta"]["multiword"]
    assert _scores(index, "servic apres vent") == {d: max(1, round(s / 2)) for d, s in _scores(index, "plaint").items()}


def test_a_thesaurus_word_that_finds_nothing_is_not_in_the_vocabulary() -> None:
    index = _index(_playbook(), _thesaurus("expansions:\n  - from: [furibond]\n    to: [inexistant]\n"))
    assert "furibond" not in json.dumps([v for k, v in index.items() if k.startswith("w")])
    assert _postings(index, "furibond") == []


def test_distinct_words_get_a_family_of_their_own() -> None:
    """Snowball stems « livre » (a book) and « livrer » alike; the thesaurus keeps them apart."""
    playbook = _playbook()
    text = "Il faut livrer vite. Un livre photo."
    playbook.entries["coolblue"] = dataclasses.replace(playbook["coolblue"], body=text)
    merged = _index(playbook)
    assert merged["w5"]["w"]["livre"] == merged["w6"]["w"]["livrer"] == "livr"
    apart = _index(playbook, _thesaurus("distinct:\n  - [livre, livres]\n"))
    assert apart["w5"]["w"]["livre"] == "livre_" and apart["w6"]["w"]["livrer"] == "livr"


def test_a_long_stem_finds_the_stems_it_begins_at_a_lower_score() -> None:
    """Snowball leaves « insatisfait » (insatisf) and « insatisfaction » (insatisfact) apart."""
    playbook = _playbook()
    ids = sorted(playbook.entries)
    playbook.entries["coolblue"] = dataclasses.replace(playbook["coolblue"], title="Un client insatisfait")
    playbook.entries["question-conflit"] = dataclasses.replace(
        playbook["question-conflit"], title="L'insatisfaction des clients"
    )
    index = _index(playbook)
    case, question = ids.index("coolblue"), ids.index("question-conflit")
    short, long = _scores(index, "insatisf"), _scores(index, "insatisfact")
    assert short[case] > short[question] > 0 and long[question] > long[case] > 0
    assert short[question] == max(1, round(long[question] * FAMILY_WEIGHT))


def test_a_rank_in_a_collection_is_a_phrase_naming_the_entry() -> None:
    playbook = _playbook()
    law = sorted(playbook.entries).index("loi-temkin-4")
    index = _index(playbook)
    assert _postings(index, "#loi 4") == [law, 3]


def test_a_source_is_found_by_its_author_but_its_text_weighs_less() -> None:
    playbook = _playbook()
    ids = sorted(playbook.entries)
    source, case = ids.index("article-temkin"), ids.index("coolblue")
    playbook.entries["article-temkin"] = dataclasses.replace(playbook["article-temkin"], body="Une livraison.")
    playbook.entries["coolblue"] = dataclasses.replace(playbook["coolblue"], body="Une livraison.")
    index = _index(playbook)
    assert _scores(index, "forrest")[source] >= 20  # the citation's publication
    assert _scores(index, "bruc")[source] >= 20  # and its author
    body = {d: s for d, s in _scores(index, "livraison").items() if d in (source, case)}
    assert body[source] < body[case]


def test_passages_are_plain_text_in_french_typography() -> None:
    playbook = _playbook()
    law = sorted(playbook.entries).index("loi-temkin-4")
    index = _index(playbook)
    lines = index[f"e{law // 2}"][law % 2]
    # one line per paragraph, [[id]] as the entry's title, without emphasis; code stays as typed
    assert lines[:2] == [
        "Avant de soigner les clients, soignez ceux qui les servent. Voir Coolblue et la livraison en retard et le"
        " paradoxe.",
        "[[pas-un-lien]] reste du code.",
    ]
    assert "Former les équipes au contact client" in lines  # the checklist too
    case = sorted(playbook.entries).index("coolblue")
    playbook.entries["coolblue"] = dataclasses.replace(playbook["coolblue"], body="Le client d'abord : toujours.")
    assert _index(playbook)[f"e{case // 2}"][case % 2][0] == "Le client d\u2019abord\u00a0: toujours."
    assert index["meta"]["excerptsPerChunk"] == 2


def test_meta_ships_the_stop_words_and_the_report_form() -> None:
    from playbook.core.search_text import STOP_WORDS

    plain = _index(_playbook())
    assert plain["meta"]["stop"] == sorted(STOP_WORDS) and plain["meta"]["report"] is None
    form = {"url": "https://github.com/o/r/issues/new", "title": "t {requête}", "body": "b"}
    assert _index(_playbook(), report=form)["meta"]["report"] == form


def test_after_edits_the_index_is_what_a_new_indexer_writes(monkeypatch) -> None:
    """With a thesaurus and prefix families, an edit reaches other keys' postings: the files an
    indexer keeps up to date equal those of a fresh one, edit after edit."""
    playbook = _playbook()
    thesaurus = _thesaurus(
        "equivalents:\n  - [livraison, expédition]\nexpansions:\n  - from: [mécontent]\n    to: [réclamation, client]\n"
    )
    indexer = SearchIndexer()
    indexer.files(playbook, _urls(playbook), thesaurus)
    edits = [
        ("coolblue", {"title": "Coolblue et l'expédition manquée"}),
        ("coolblue", {"summary": "Un client insatisfait, puis l'insatisfaction réparée."}),
        ("paradoxe-reclamation", {"body": "Plus de réclamation ici, seulement un client."}),
        ("question-conflit", {"title": "Le client mécontent"}),
        ("coolblue", {"body": "Il faut livrer vite."}),
    ]
    for entry_id, change in edits:
        playbook.entries[entry_id] = dataclasses.replace(playbook[entry_id], **change)
        kept = indexer.files(playbook, _urls(playbook), thesaurus)
        fresh = SearchIndexer().files(playbook, _urls(playbook), thesaurus)
        assert kept == fresh, (entry_id, change)


def test_the_training_material_is_searchable_and_the_session_kinds_addable() -> None:
    """Issue #23: situations, guides, quizzes, glossary terms and séances of the real playbook are
    found by the search, each as a document of its kind; « Ajouter à ma séance » is offered on
    exactly the results of the kinds a séance can hold."""
    from conftest import REPO

    result = check(REPO / "laws")
    assert result.playbook is not None
    playbook = result.playbook
    index = _read(SearchIndexer().files(playbook, _urls(playbook)))
    kinds = [k[0] for k in index["meta"]["kinds"]]
    docs = [doc for name in sorted(index) if name[0] == "d" and name[1:].isdigit() for doc in index[name]]
    assert len(docs) == len(playbook)
    by_kind: dict[str, list[list[object]]] = {}
    for doc in docs:
        by_kind.setdefault(kinds[doc[2]], []).append(doc)
    for kind in ("scenario", "guide", "quiz", "term", "session"):
        assert len(by_kind.get(kind, [])) == len(playbook.by_kind[kind]) > 0, kind
    for kind, found in by_kind.items():
        addable = playbook.by_kind[kind][0].kind.in_sessions
        assert all((doc[4] != "") == addable for doc in found), kind
