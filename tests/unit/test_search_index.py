"""The search index tuning of the core (core/search.py), on material-shaped data."""

from __future__ import annotations

import copy
import json
import re

from playbook.core.search import FIELD_BOOSTS, LANGUAGE, PIPELINE, SEPARATOR, SearchTerms, tune_index

MATERIAL_INDEX = {
    "config": {
        "lang": ["fr"],
        "separator": "[\\s\\-]+",
        "pipeline": ["stopWordFilter"],
        "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
    },
    "docs": [
        {"location": "", "title": "Accueil", "text": "Bienvenue."},
        {"location": "notions/paradoxe-reclamation/", "title": "Le paradoxe de la réclamation", "text": "..."},
        {"location": "notions/paradoxe-reclamation/#liens", "title": "Liens", "text": "..."},
        {"location": "lois/loi-temkin-4/", "title": "Loi 4", "text": "..."},
    ],
}
TERMS = {
    "notions/paradoxe-reclamation/": SearchTerms("paradoxe-reclamation", ("plainte", "gestion des réclamations")),
    "lois/loi-temkin-4/": SearchTerms("loi-temkin-4"),
}


def test_the_index_uses_the_playbook_language_pipeline_and_separator() -> None:
    tuned, warnings = tune_index(MATERIAL_INDEX, TERMS)
    assert warnings == []
    assert tuned["config"]["lang"] == [LANGUAGE] == ["playbook"]
    assert tuned["config"]["pipeline"] == PIPELINE
    assert tuned["config"]["separator"] == SEPARATOR


def test_ids_and_aliases_are_weighted_fields_of_the_entry_page_only() -> None:
    tuned, _ = tune_index(MATERIAL_INDEX, TERMS)
    fields = tuned["config"]["fields"]
    assert fields["title"] == {"boost": 1000.0} and fields["text"] == {"boost": 1.0}  # material's kept
    assert fields["id"] == {"boost": FIELD_BOOSTS["id"]} and fields["aliases"] == {"boost": FIELD_BOOSTS["aliases"]}
    assert fields["text"]["boost"] < fields["aliases"]["boost"] <= fields["title"]["boost"]
    docs = {doc["location"]: doc for doc in tuned["docs"]}
    assert docs["notions/paradoxe-reclamation/"]["id"] == "paradoxe-reclamation"
    assert docs["notions/paradoxe-reclamation/"]["aliases"] == ["plainte", "gestion des réclamations"]
    assert "id" not in docs["notions/paradoxe-reclamation/#liens"]  # a section, not the entry
    assert docs["lois/loi-temkin-4/"]["id"] == "loi-temkin-4" and "aliases" not in docs["lois/loi-temkin-4/"]
    assert docs[""] == MATERIAL_INDEX["docs"][0]
    assert [doc["location"] for doc in tuned["docs"]] == [doc["location"] for doc in MATERIAL_INDEX["docs"]]


def test_the_input_is_not_modified_and_the_tuning_is_idempotent() -> None:
    before = copy.deepcopy(MATERIAL_INDEX)
    once, _ = tune_index(MATERIAL_INDEX, TERMS)
    assert MATERIAL_INDEX == before
    twice, warnings = tune_index(once, TERMS)
    assert twice == once and warnings == []


def test_a_site_boost_is_kept() -> None:
    index = copy.deepcopy(MATERIAL_INDEX)
    index["config"]["fields"]["aliases"] = {"boost": 5.0}
    tuned, _ = tune_index(index, TERMS)
    assert tuned["config"]["fields"]["aliases"] == {"boost": 5.0}


def test_another_language_is_left_alone_with_a_warning() -> None:
    index = copy.deepcopy(MATERIAL_INDEX)
    index["config"]["lang"] = ["en"]
    tuned, warnings = tune_index(index, TERMS)
    assert tuned["config"]["lang"] == ["en"] and tuned["config"]["separator"] == "[\\s\\-]+"
    assert len(warnings) == 1 and "lang: fr" in warnings[0]
    assert tuned["docs"][1]["id"] == "paradoxe-reclamation"  # ids and aliases still help


def test_the_separator_splits_french_text_into_words() -> None:
    text = ("L'entreprise « réclamation », c’est-à-dire : le client (VIP) ; prix/qualité ? "
            "Service&nbsp;client &amp; après-vente... Oui!")
    words = [w for w in re.split(SEPARATOR, text) if w]
    assert words == ["L", "entreprise", "réclamation", "c", "est", "à", "dire", "le", "client", "VIP", "prix",
                     "qualité", "Service", "client", "après", "vente", "Oui"]
    assert re.split(SEPARATOR, "2000") == ["2000"] and re.split(SEPARATOR, "NPS") == ["NPS"]


def test_the_in_memory_index_of_a_search_plugin_is_tuned_before_it_is_written(tmp_path) -> None:
    """Material's search plugin keeps its settings and documents in memory until on_post_build;
    the adapter tunes them there; with no such index it rewrites the file instead."""
    from playbook.mkdocs_plugin.search import SearchIndexTuner

    class Index:
        def __init__(self) -> None:
            self.config = {**copy.deepcopy(MATERIAL_INDEX["config"]), "min_search_length": 3}
            self.entries = copy.deepcopy(MATERIAL_INDEX["docs"])

    class MaterialLike:
        search_index = Index()

    tuner = SearchIndexTuner()
    for url, terms in TERMS.items():
        tuner.record(url, terms)
    plugin = MaterialLike()
    assert tuner.tune_in_memory([object(), plugin]) == []
    expected, _ = tune_index(MATERIAL_INDEX, TERMS)
    assert plugin.search_index.entries == expected["docs"]
    assert {k: plugin.search_index.config[k] for k in expected["config"]} == expected["config"]
    assert plugin.search_index.config["min_search_length"] == 3
    assert tuner.tune_in_memory([plugin]) == [] and plugin.search_index.entries == expected["docs"]
    # no index in memory: the written file is tuned instead
    assert tuner.tune_in_memory([object()]) is None
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(MATERIAL_INDEX), encoding="utf-8")
    assert tuner.rewrite(tmp_path) == []
    assert json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8")) == expected
