"""Synthetic playbooks for benchmarks and scale tests: N realistic French entries under ``laws/``.

Entry ``i`` depends only on ``(seed, i)``: a corpus of 500 entries starts with exactly the
entries of a corpus of 50. Every link of entry ``i`` (relations, ``[[id]]`` references,
collection, source) points at entries in the window ``[i - WINDOW, i)``, so no entry gathers
more links as the corpus grows: the same entry has the same page at N = 50 and N = 5,000.

Sizes follow the real content: bodies of 300-800 words in a few paragraphs, 3-8 checklist items
for the kinds that need one, 2-5 tags, 2-5 relations, a collection of up to 10 laws or
commandments, a source per block of 25 entries, a quote and aliases now and then.

Usage: ``python scripts/synth.py OUT_LAWS_DIR N`` (or ``generate()`` from Python).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WINDOW = 30  #: entries link only to the WINDOW entries before them
COLLECTION_BLOCK = 50  #: one collection per block of 50 entries (its laws/commandments)
SOURCE_BLOCK = 25  #: one source per block of 25 entries

# kind, folder, id prefix, weight
_KINDS = [
    ("law", "lois", "loi", 15),
    ("commandment", "commandements", "commandement", 10),
    ("procedure", "procedures", "procedure", 15),
    ("rule", "regles", "regle", 5),
    ("case", "cas", "cas", 25),
    ("question", "questions", "question", 15),
    ("concept", "notions", "notion", 15),
]
_CHECKLIST = {"law", "commandment", "procedure", "rule"}
_CONTENT = [k[0] for k in _KINDS]
# relation name -> (source kinds, target kinds), as in core/spec.py
_RELATIONS = {
    "illustrates": ({"case"}, {"law", "commandment", "procedure", "rule", "question", "concept"}),
    "tests": ({"question"}, {"law", "commandment", "procedure", "rule", "concept", "case"}),
    "applies": (
        {"law", "commandment", "procedure", "rule", "case", "question"},
        {"law", "commandment", "procedure", "rule", "concept"},
    ),
    "relies_on": (set(_CONTENT), set(_CONTENT)),
    "see_also": (set(_CONTENT), set(_CONTENT)),
}

_WORDS = [
    "client",
    "clients",
    "entreprise",
    "équipe",
    "équipes",
    "service",
    "conseiller",
    "conseillère",
    "réclamation",
    "promesse",
    "confiance",
    "livraison",
    "commande",
    "retard",
    "remboursement",
    "écoute",
    "réponse",
    "délai",
    "attente",
    "expérience",
    "fidélité",
    "relation",
    "produit",
    "magasin",
    "appel",
    "courriel",
    "message",
    "problème",
    "solution",
    "geste",
    "excuse",
    "erreur",
    "accueil",
    "parcours",
    "direction",
    "manager",
    "collaborateurs",
    "salariés",
    "engagement",
    "qualité",
    "mesure",
    "indicateur",
    "satisfaction",
    "recommandation",
    "vente",
    "prix",
    "facture",
    "contrat",
    "garantie",
    "retour",
    "échange",
    "colis",
    "transporteur",
    "boutique",
    "rapide",
    "simple",
    "clair",
    "honnête",
    "humain",
    "attentif",
    "généreux",
    "durable",
    "concret",
    "précis",
    "visible",
    "utile",
    "toujours",
    "souvent",
    "jamais",
    "rarement",
    "vraiment",
    "simplement",
    "ensuite",
    "enfin",
    "aussi",
    "même",
    "encore",
    "déjà",
    "comprendre",
    "résoudre",
    "proposer",
    "expliquer",
    "rappeler",
    "promettre",
    "tenir",
    "offrir",
    "accueillir",
    "mesurer",
    "écouter",
    "corriger",
    "prévenir",
    "anticiper",
    "former",
    "décider",
    "choisir",
    "garder",
    "perdre",
    "gagner",
    "reconnaître",
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "ce",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "notre",
    "nos",
    "votre",
    "vos",
    "et",
    "ou",
    "mais",
    "donc",
    "car",
    "puis",
    "quand",
    "si",
    "parce",
    "que",
    "qui",
    "dont",
    "où",
    "avec",
    "sans",
    "pour",
    "par",
    "dans",
    "sur",
    "sous",
    "vers",
    "est",
    "sont",
    "a",
    "ont",
    "fait",
    "font",
    "doit",
    "peut",
    "veut",
    "sait",
    "reste",
    "devient",
    "semble",
    "paraît",
]
_TAGS = [
    "réclamations",
    "management",
    "engagement",
    "fidélité",
    "confiance",
    "promesse",
    "délais",
    "livraison",
    "écoute",
    "excuses",
    "geste-commercial",
    "mesure",
    "indicateurs",
    "recrutement",
    "formation",
    "culture",
    "direction",
    "parcours",
    "accueil",
    "téléphone",
    "courriel",
    "magasin",
    "en-ligne",
    "prix",
    "garantie",
    "retours",
    "transparence",
    "simplicité",
    "empathie",
    "proactivité",
    "qualité",
    "personnalisation",
    "communauté",
]
_NAMES = [
    "Coolblue",
    "Zappos",
    "Darty",
    "Decathlon",
    "Amazon",
    "Ritz-Carlton",
    "In-N-Out Burger",
    "Nordstrom",
    "Free",
    "Boulanger",
    "Nature & Découvertes",
    "Camif",
    "Back Market",
    "Maif",
    "Leroy Merlin",
]
_AUTHORS = ["Bruce Temkin", "Jeanne Bliss", "Fred Reichheld", "Shep Hyken", "Tony Hsieh", "Walt Disney"]


def _id(i: int, prefix: str) -> str:
    return f"{prefix}-{i:05d}"


def kind_of(seed: int, i: int) -> tuple[str, str, str]:
    rng = random.Random(f"{seed}:kind:{i}")
    kind, folder, prefix, _ = rng.choices(_KINDS, weights=[k[3] for k in _KINDS])[0]
    return kind, folder, _id(i, prefix)


def _sentence(rng: random.Random, lo: int = 8, hi: int = 22) -> str:
    words = rng.choices(_WORDS, k=rng.randint(lo, hi))
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words)), rng.choice(_NAMES))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    end = rng.choices([".", " ?", " !", " : c'est la règle", " ; voilà tout."], weights=[70, 10, 5, 8, 7])[0]
    return text + end + ("." if end.startswith(" :") else "")


def _title(rng: random.Random, lo: int = 4, hi: int = 9) -> str:
    words = rng.choices(_WORDS, k=rng.randint(lo, hi))
    return (" ".join(words)).capitalize()


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body(rng: random.Random, refs: list[str]) -> str:
    target = rng.randint(300, 800)
    paragraphs: list[str] = []
    count = 0
    while count < target:
        sentences = [_sentence(rng) for _ in range(rng.randint(3, 7))]
        if rng.random() < 0.3:
            k = rng.randrange(len(sentences))
            words = sentences[k].split()
            j = rng.randrange(len(words))
            words[j] = f"**{words[j]}**"
            sentences[k] = " ".join(words)
        para = " ".join(sentences)
        count += len(para.split())
        paragraphs.append(para)
        if rng.random() < 0.15:
            paragraphs.append("\n".join(f"- {_sentence(rng, 4, 10)}" for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.1 and len(paragraphs) > 1:
            paragraphs.append(f"## {_title(rng)}")
    for ref in refs:  # inline [[id]] references, some with a label
        k = rng.randrange(len(paragraphs))
        link = f"[[{ref}]]" if rng.random() < 0.6 else f"[[{ref}|{rng.choice(_WORDS)} {rng.choice(_WORDS)}]]"
        paragraphs[k] = paragraphs[k] + f" Voir {link}."
    return "\n\n".join(paragraphs)


def entry_yaml(seed: int, i: int, *, upkeep: bool = True) -> tuple[str, str, str]:
    """(folder, id, YAML text) of content entry ``i`` (``upkeep=False``: without the owner, review
    date and change notes, the format of commits older than the living playbook)."""
    kind, folder, entry_id = kind_of(seed, i)
    rng = random.Random(f"{seed}:entry:{i}")
    window = [kind_of(seed, j) for j in range(max(0, i - WINDOW), i)]
    lines = [
        f"id: {entry_id}",
        f"kind: {kind}",
        f"title: {_yaml_str(_title(rng))}",
        f"summary: {_yaml_str(_sentence(rng, 10, 25))}",
    ]
    relations: dict[str, list[str]] = {}
    wanted = rng.randint(2, 5)
    names = [n for n, (sources, _) in _RELATIONS.items() if kind in sources]
    for _ in range(wanted * 3):
        if sum(map(len, relations.values())) >= wanted:
            break
        name = rng.choice(names)
        targets = [w[2] for w in window if w[0] in _RELATIONS[name][1]]
        if not targets:
            continue
        target = rng.choice(targets)
        if target not in relations.setdefault(name, []):
            relations[name].append(target)
    relations = {k: v for k, v in relations.items() if v}
    refs = rng.sample([w[2] for w in window], k=min(len(window), rng.randint(1, 3)))
    lines.append("body: |")
    lines.extend(("  " + line) if line else "" for line in _body(rng, refs).split("\n"))
    if kind in _CHECKLIST:
        lines.append("checklist:")
        lines.extend(f"  - {_yaml_str(_sentence(rng, 4, 12))}" for _ in range(rng.randint(3, 8)))
    if kind in ("law", "commandment"):
        block = i // COLLECTION_BLOCK
        members = [j for j in range(block * COLLECTION_BLOCK, i + 1) if kind_of(seed, j)[0] in ("law", "commandment")]
        if len(members) <= 10:
            lines += [f"collection: {_id(block, 'collection')}", f"order: {len(members)}"]
    lines.append("tags: [" + ", ".join(rng.sample(_TAGS, k=rng.randint(2, 5))) + "]")
    if rng.random() < 0.3:
        lines.append("aliases: [" + ", ".join(_yaml_str(_title(rng, 2, 5)) for _ in range(rng.randint(1, 3))) + "]")
    if rng.random() < 0.3:
        lines += ["quotes:", f"  - text: {_yaml_str(_sentence(rng))}", f"    author: {rng.choice(_AUTHORS)}"]
    if relations:
        lines.append("relations:")
        lines.extend(f"  {name}: [{', '.join(targets)}]" for name, targets in relations.items())
    lines.append(f"source: {_id(i // SOURCE_BLOCK, 'source')}")
    if rng.random() < 0.2:
        lines.append(f"source_note: {_yaml_str(_sentence(rng, 5, 12))}")
    if upkeep:
        lines.extend(_upkeep(seed, i))
    return folder, entry_id, "\n".join(lines) + "\n"


_OWNERS = ("equipe-contenu", "equipe-formation", "equipe-service", "equipe-qualite", "maintainers")


def _upkeep(seed: int, i: int) -> list[str]:
    """The upkeep block at the end of an entry (its own random stream: the other fields stay the
    same as before it existed): an owner, a review date in 2024–2026, now and then a change note."""
    rng = random.Random(f"{seed}:upkeep:{i}")
    day = f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines = [f"owner: {rng.choice(_OWNERS)}", f"reviewed: {day}"]
    if rng.random() < 0.1:
        lines += ["changes:", f"  - {{date: {day}, note: {_yaml_str(_sentence(rng, 5, 10))}}}"]
    return lines


def _collection_yaml(seed: int, block: int) -> str:
    rng = random.Random(f"{seed}:collection:{block}")
    return (
        "\n".join(
            [
                f"id: {_id(block, 'collection')}",
                "kind: collection",
                f"title: {_yaml_str('Les lois ' + _title(rng).lower())}",
                f"summary: {_yaml_str(_sentence(rng, 8, 16))}",
                "body: |",
                *("  " + _sentence(rng) for _ in range(rng.randint(3, 6))),
                f"tags: [{rng.choice(_TAGS)}]",
                f"source: {_id(block * COLLECTION_BLOCK // SOURCE_BLOCK, 'source')}",
            ]
        )
        + "\n"
    )


def _source_yaml(seed: int, block: int) -> str:
    rng = random.Random(f"{seed}:source:{block}")
    return (
        "\n".join(
            [
                f"id: {_id(block, 'source')}",
                "kind: source",
                f"title: {_yaml_str(_title(rng))}",
                f"summary: {_yaml_str(_sentence(rng, 8, 16))}",
                "body: |",
                *("  " + _sentence(rng) for _ in range(rng.randint(2, 4))),
                "citation:",
                f"  author: {rng.choice(_AUTHORS)}",
                "  publication: Harvard Business Review",
                f"  year: {rng.randint(1990, 2024)}",
                f"  url: https://example.org/articles/{block}",
            ]
        )
        + "\n"
    )


def generate(laws: Path, n: int, seed: int = 7, *, upkeep: bool = True) -> int:
    """Write ``n`` content entries, their collections and sources under ``laws``; return the file count."""
    written = 0
    used_collections: set[int] = set()
    for i in range(n):
        folder, entry_id, text = entry_yaml(seed, i, upkeep=upkeep)
        if "collection: " in text:
            used_collections.add(i // COLLECTION_BLOCK)
        (laws / folder).mkdir(parents=True, exist_ok=True)
        (laws / folder / f"{entry_id}.yaml").write_text(text, encoding="utf-8")
        written += 1
    (laws / "collections").mkdir(parents=True, exist_ok=True)
    for block in sorted(used_collections):
        (laws / "collections" / f"{_id(block, 'collection')}.yaml").write_text(_collection_yaml(seed, block), "utf-8")
        written += 1
    (laws / "sources").mkdir(parents=True, exist_ok=True)
    for block in range((max(n, 1) - 1) // SOURCE_BLOCK + 1):
        (laws / "sources" / f"{_id(block, 'source')}.yaml").write_text(_source_yaml(seed, block), "utf-8")
        written += 1
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    count = generate(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"wrote {count} entry files under {sys.argv[1]}")
