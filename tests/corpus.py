"""Synthetic corpora for printing tests: collections of a chosen shape, written as YAML entries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

WORDS = (
    "vérifier",
    "chaque",
    "réclamation",
    "client",
    "équipe",
    "mesurer",
    "délai",
    "réponse",
    "écrit",
    "conseiller",
    "parcours",
    "promesse",
    "trimestre",
    "indicateur",
    "satisfaction",
    "direction",
    "formation",
    "prestataire",
    "canal",
    "historique",
)


def item_text(group: int, item: int, length: int) -> str:
    """A French-looking action of about ``length`` characters, unique by its opening words."""
    words = [f"Action {group:02d}.{item:02d}"]
    n = group * 7 + item * 3
    while len(" ".join(words)) < length:
        words.append(WORDS[n % len(WORDS)])
        n += 5
    return " ".join(words)[:length].rstrip()


def _write(path: Path, data: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")  # JSON is YAML


def write_collection(
    laws: Path,
    collection_id: str,
    shape: Sequence[int],
    *,
    item_length: int = 80,
    title: str = "Une collection synthétique",
    title_length: int = 60,
) -> list[str]:
    """A collection of laws, ``shape[i]`` checklist items for the i-th law; returns every item's text."""
    source = f"{collection_id}-source"
    _write(
        laws / "sources" / f"{source}.yaml",
        {
            "id": source,
            "kind": "source",
            "title": "Une source pour les tests d'impression",
            "summary": "Une source.",
            "body": "Une source.",
            "citation": {"author": "Autrice Test", "publication": "Éditions Test", "year": 2024},
        },
    )
    _write(
        laws / "collections" / f"{collection_id}.yaml",
        {
            "id": collection_id,
            "kind": "collection",
            "title": title,
            "summary": "Une collection pour les tests.",
            "body": "Une collection.",
            "source": source,
        },
    )
    items: list[str] = []
    for n, count in enumerate(shape, start=1):
        law_id = f"{collection_id}-loi-{n}"
        checklist = [item_text(n, i, item_length) for i in range(1, count + 1)]
        items.extend(checklist)
        law_title = (f"Loi {n} de {collection_id} " + "et " * 40)[:title_length].rstrip()
        _write(
            laws / "lois" / f"{law_id}.yaml",
            {
                "id": law_id,
                "kind": "law",
                "title": law_title,
                "summary": "Une loi.",
                "body": "Une loi.",
                "collection": collection_id,
                "order": n,
                "checklist": checklist,
                "source": source,
            },
        )
    return items
