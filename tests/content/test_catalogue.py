"""The real catalogue under ``laws/``: complete, valid and well linked.

These tests read the French content of the playbook through the core API (no MkDocs) and check
what the editorial brief asks for:

- every expected entry exists, with the expected kind (the lists below are the catalogue);
- ``validate`` is clean: no error and no warning;
- nothing is orphaned: each content entry has at least two typed relations (declared or
  received); each case illustrates a law or a commandment; each law and commandment is linked
  to at least one case or question;
- checklists exist where the kind requires them and stay short enough to print a collection
  on one A4 page (3-4 items per law, at most 3 per commandment, items of at most 90 characters,
  at most 30 items per collection);
- collections are numbered 1..n without gaps (the 6 laws of Temkin, the 10 commandments...);
- every entry other than a source, a session or a path names a source entry that exists.

Run from anywhere: ``PYTHONPATH=plugins python -m pytest tests/content -q``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from playbook.core import Entry, Playbook, Result, check, format_problems

ROOT = Path(__file__).resolve().parents[2]
LAWS = ROOT / "laws"

#: The ten commandments, in their order.
COMMANDMENTS = [
    "commandement-1-marque",
    "commandement-2-soutien",
    "commandement-3-management",
    "commandement-4-sous-traitants",
    "commandement-5-connaissance-clients",
    "commandement-6-donnees",
    "commandement-7-mesure",
    "commandement-8-relation-durable",
    "commandement-9-coherence-canaux",
    "commandement-10-dialogue",
]

#: The catalogue, kind by kind. Adding an entry to laws/ means adding its id here.
EXPECTED: dict[str, set[str]] = {
    "source": {
        "article-lois-temkin-2e-partie",
        "temkin-six-lois-2008",
        "rozes-trois-procedures-confiance",
        "sens-du-client-dix-commandements",
        "schwab-revolution-relation-client",
        "van-belleghem-trois-questions",
        "reichheld-one-number-2003",
        # outside facts the guide adds, each with its publication (review F7)
        "magnini-paradoxe-2007",
        "de-matos-paradoxe-2007",
        "consumerist-nordstrom-2010",
        "business-insider-nordstrom-2014",
        "kotler-keller-marketing-management",
    },
    "collection": {
        "lois-temkin",
        "regles-temkin",
        "dix-commandements",
        "procedures-leaders-confiance",
        "questions-van-belleghem",
        "questions-compte-confiance",
    },
    "law": {f"loi-temkin-{n}" for n in range(1, 7)},
    "session": {
        "quart-d-heure-loi-temkin-1",
        "quart-d-heure-loi-temkin-5",
        "seance-accueil-reclamation",
        "seance-dix-commandements-direction",
        "seance-experience-humaine",
        "seance-lois-temkin-managers",
        "seance-procedures-confiance-managers",
        "seance-trois-questions-direction",
    },
    "path": {"parcours-contact-client", "parcours-manager", "parcours-formateur"},
    "scenario": {
        "mise-en-situation-album-erreur-client",
        "mise-en-situation-appel-long",
        "mise-en-situation-avis-negatif",
        "mise-en-situation-colis-transporteur",
        "mise-en-situation-deux-services",
        "mise-en-situation-machine-a-cafe",
    },
    "guide": {
        "guide-amazon-chaise-vide",
        "guide-coolblue-retard-livraison",
        "guide-greyhound-repas-dans-les-toilettes",
        "guide-in-n-out-burger-buns",
        "guide-jetblue-le-client-d-abord",
        "guide-nordstrom-regle-unique",
        "guide-ritz-carlton-regle-2000-dollars",
        "guide-smartphoto-livre-photo",
        "guide-zappos-societe-de-services",
    },
    "quiz": {
        "quiz-dix-commandements",
        "quiz-lois-temkin",
        "quiz-procedures-leaders-confiance",
        "quiz-questions-compte-confiance",
        "quiz-questions-van-belleghem",
        "quiz-regles-temkin",
    },
    "term": {
        "alignement",
        "autonomie-des-employes-terme",
        "capital-confiance",
        "centricite-client-terme",
        "client-interne",
        "coherence-omnicanale-terme",
        "compte-confiance",
        "conflit-d-interets",
        "donnees-client",
        "effet-bonne-surprise-terme",
        "engagement-des-employes-terme",
        "equipes-au-contact-des-clients",
        "exemplarite-manageriale-terme",
        "experience-client",
        "geste-commercial",
        "indicateur-client",
        "net-promoter-score-terme",
        "paradoxe-de-la-reclamation",
        "parcours-client",
        "prestataire",
        "question-d-audit",
        "valeur-vie-client-terme",
        "verbatim-client",
        "vision-d-entreprise",
    },
    "rule": {
        "regle-temkin-1-lois-sacrees",
        "regle-temkin-2-verifier-regulierement",
        "regle-temkin-3-partager-les-lois",
    },
    "commandment": set(COMMANDMENTS),
    "procedure": {
        "procedure-1-vision-confiance",
        "procedure-2-souvenir-agreable",
        "procedure-3-experience-humaine",
    },
    "case": {
        "amazon-chaise-vide",
        "zappos-societe-de-services",
        "jetblue-le-client-d-abord",
        "greyhound-repas-dans-les-toilettes",
        "nordstrom-regle-unique",
        "coolblue-retard-livraison",
        "in-n-out-burger-buns",
        "smartphoto-livre-photo",
        "ritz-carlton-regle-2000-dollars",
    },
    "question": {
        # Steven Van Belleghem's three questions
        "question-conflit-d-interets",
        "question-resoudre-ou-enqueter",
        "question-responsabilite-deleguee",
        # Gilbert Rozès' trust account: the 1-10 score, then one question per procedure
        "question-niveau-compte-confiance",
        "question-vision-centree-client",
        "question-managers-souvenirs-agreables",
        "question-experience-humaine",
        # questions raised by the laws and the commandments, and how to use the answers
        "question-audit-six-lois",
        "question-satisfaction-trois-priorites",
        "question-definir-bon-comportement",
        "question-connaissance-partagee",
        "question-audit-dix-commandements",
        "question-exploiter-les-reponses",
    },
    "concept": {
        "paradoxe-reclamation",
        "net-promoter-score",
        "valeur-vie-client",
        "clients-internes-externes",
        "centricite-client",
        "autonomie-des-employes",
        "effet-bonne-surprise",
        "coherence-omnicanale",
        "engagement-des-employes",
        "capital-confiance-client",
        "exemplarite-manageriale",
    },
}

#: Collection id → the members it must have, in order (rank 1 first).
COLLECTION_MEMBERS: dict[str, list[str]] = {
    "lois-temkin": [f"loi-temkin-{n}" for n in range(1, 7)],
    "dix-commandements": COMMANDMENTS,
    "regles-temkin": [
        "regle-temkin-1-lois-sacrees",
        "regle-temkin-2-verifier-regulierement",
        "regle-temkin-3-partager-les-lois",
    ],
    "procedures-leaders-confiance": [
        "procedure-1-vision-confiance",
        "procedure-2-souvenir-agreable",
        "procedure-3-experience-humaine",
    ],
    "questions-van-belleghem": [
        "question-conflit-d-interets",
        "question-resoudre-ou-enqueter",
        "question-responsabilite-deleguee",
    ],
    "questions-compte-confiance": [
        "question-niveau-compte-confiance",
        "question-vision-centree-client",
        "question-managers-souvenirs-agreables",
        "question-experience-humaine",
    ],
}

CONTENT_KINDS = ("law", "commandment", "procedure", "rule", "case", "question", "concept")

#: (min, max) checklist items per kind, so that a collection prints on one A4 page.
CHECKLIST_SIZE = {"law": (3, 4), "commandment": (1, 3), "procedure": (1, 4), "rule": (1, 4)}
CHECKLIST_ITEM_MAX = 90
CHECKLIST_PER_COLLECTION_MAX = 30


@pytest.fixture(scope="module")
def result() -> Result:
    return check(LAWS, display_root=ROOT)


@pytest.fixture(scope="module")
def playbook(result: Result) -> Playbook:
    assert result.playbook is not None, "laws/ has errors:\n" + format_problems(result.problems)
    return result.playbook


def entries_of(playbook: Playbook, *kinds: str) -> Iterator[Entry]:
    for kind in kinds:
        yield from playbook.by_kind[kind]


def neighbours(playbook: Playbook, entry_id: str) -> set[str]:
    """Ids linked to ``entry_id`` by a typed relation, in either direction."""
    return {other.id for group in playbook.links(entry_id) for other in group.entries}


# --- the catalogue is complete and valid -----------------------------------------------------


def test_validation_is_clean(result: Result) -> None:
    assert result.problems == [], format_problems(result.problems)
    assert result.ok


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_expected_entries_exist(playbook: Playbook, kind: str) -> None:
    found = {e.id for e in playbook.by_kind[kind]}
    missing = EXPECTED[kind] - found
    assert not missing, f"missing {kind} entries: {sorted(missing)}"
    wrong_kind = {i: playbook.entries[i].kind.name for i in EXPECTED[kind] if playbook.entries[i].kind.name != kind}
    assert not wrong_kind, f"expected kind {kind!r}: {wrong_kind}"


def test_no_entry_outside_the_catalogue(playbook: Playbook) -> None:
    listed = set().union(*EXPECTED.values())
    extra = sorted(set(playbook.entries) - listed)
    assert not extra, f"add these ids to EXPECTED in {Path(__file__).name}: {extra}"


# --- nothing is orphaned ---------------------------------------------------------------------


def test_every_content_entry_has_two_relations(playbook: Playbook) -> None:
    lonely = {
        e.id: sorted(neighbours(playbook, e.id))
        for e in entries_of(playbook, *CONTENT_KINDS)
        if len(neighbours(playbook, e.id)) < 2
    }
    assert not lonely, f"entries with fewer than two typed relations (in + out): {lonely}"


def test_every_case_illustrates_a_law_or_commandment(playbook: Playbook) -> None:
    bad = []
    for case in playbook.by_kind["case"]:
        targets = case.relations.get("illustrates", [])
        if not any(playbook.entries[t].kind.name in ("law", "commandment") for t in targets):
            bad.append(case.id)
    assert not bad, f"cases that illustrate no law or commandment: {bad}"


def test_every_law_and_commandment_has_a_case_or_question(playbook: Playbook) -> None:
    bad = []
    for entry in entries_of(playbook, "law", "commandment"):
        kinds = {playbook.entries[i].kind.name for i in neighbours(playbook, entry.id)}
        if not kinds & {"case", "question"}:
            bad.append(entry.id)
    assert not bad, f"laws or commandments with no case or question linked: {bad}"


def test_every_entry_but_sources_is_used_or_uses(playbook: Playbook) -> None:
    """Collections and sources are reached through membership and citation instead."""
    for collection in playbook.by_kind["collection"]:
        assert playbook.members[collection.id], f"collection {collection.id} has no members"
    for source in playbook.by_kind["source"]:
        assert playbook.cited_by[source.id], f"source {source.id} is cited by no entry"


# --- checklists ------------------------------------------------------------------------------


def test_required_checklists_are_present(playbook: Playbook) -> None:
    missing = [e.id for e in playbook.entries.values() if e.kind.checklist_required and not e.checklist]
    assert not missing, f"entries without the checklist their kind requires: {missing}"


@pytest.mark.parametrize("kind", sorted(CHECKLIST_SIZE))
def test_checklists_are_short(playbook: Playbook, kind: str) -> None:
    low, high = CHECKLIST_SIZE[kind]
    for entry in playbook.by_kind[kind]:
        assert low <= len(entry.checklist) <= high, (
            f"{entry.id}: {len(entry.checklist)} checklist items, expected {low} to {high}"
        )
        for item in entry.checklist:
            assert len(item) <= CHECKLIST_ITEM_MAX, f"{entry.id}: item longer than {CHECKLIST_ITEM_MAX}: {item!r}"


def test_collection_checklists_fit_one_page(playbook: Playbook) -> None:
    for collection_id, members in playbook.members.items():
        total = sum(len(m.checklist) for m in members)
        assert total <= CHECKLIST_PER_COLLECTION_MAX, (
            f"{collection_id}: {total} checklist items (at most {CHECKLIST_PER_COLLECTION_MAX})"
        )


# --- collections and sources -----------------------------------------------------------------


@pytest.mark.parametrize("collection_id", sorted(COLLECTION_MEMBERS))
def test_collection_members_and_order(playbook: Playbook, collection_id: str) -> None:
    members = playbook.members[collection_id]
    assert [m.id for m in members] == COLLECTION_MEMBERS[collection_id]
    assert [m.order for m in members] == list(range(1, len(members) + 1))


def test_temkin_laws_and_commandments_are_numbered(playbook: Playbook) -> None:
    assert [m.order for m in playbook.members["lois-temkin"]] == [1, 2, 3, 4, 5, 6]
    assert [m.order for m in playbook.members["dix-commandements"]] == list(range(1, 11))


def test_every_entry_names_an_existing_source(playbook: Playbook) -> None:
    for entry in playbook.entries.values():
        if not entry.kind.source_required:  # sources, and sessions and paths written by the team
            continue
        assert entry.source, f"{entry.id} names no source"
        assert entry.source in playbook.entries, f"{entry.id}: unknown source {entry.source!r}"
        assert playbook.entries[entry.source].kind.name == "source", f"{entry.id}: {entry.source} is not a source"


def cited(entry: Entry, name: str) -> object:
    """One field of a source's citation."""
    return getattr(entry.citation, name, None)


#: Sources whose text gives no title: their entry's title is a description, flagged as such.
DESCRIPTIVE_TITLES = {
    "rozes-trois-procedures-confiance",
    "sens-du-client-dix-commandements",
    "van-belleghem-trois-questions",
}
#: Words that betray a placeholder instead of a name (an unknown field is left out instead).
PLACEHOLDER_WORDS = ("non indiqu", "inconnu", "propos rapportés", "nom non", "anonyme")


def test_sources_are_cited_honestly(playbook: Playbook) -> None:
    for source in playbook.by_kind["source"]:
        for name in ("author", "publication"):
            value = str(cited(source, name) or "")
            assert not any(w in value.lower() for w in PLACEHOLDER_WORDS), f"{source.id}: placeholder {name} {value!r}"
        assert cited(source, "language") in ("fr", "en"), source.id
    # the French article on laws 4-6 names neither its author nor its blog
    unnamed = playbook.entries["article-lois-temkin-2e-partie"]
    assert cited(unnamed, "author") is None and cited(unnamed, "publication") is None
    flagged = {s.id for s in playbook.by_kind["source"] if source_title_is_descriptive(s)}
    assert flagged == DESCRIPTIVE_TITLES
    # Temkin's blog is "Customer Experience Matters"
    assert "Customer Experience Matters" in str(cited(playbook.entries["temkin-six-lois-2008"], "publication"))


def source_title_is_descriptive(entry: Entry) -> bool:
    return bool(entry.citation and entry.citation.descriptive_title)


#: Relations the review found pointing the wrong way (the body says the opposite), and the fix.
WRONG_WAY = [
    ("loi-temkin-2", "relies_on", "centricite-client"),
    ("loi-temkin-5", "relies_on", "commandement-7-mesure"),
    ("commandement-6-donnees", "relies_on", "coherence-omnicanale"),
    ("loi-temkin-1", "relies_on", "autonomie-des-employes"),
]
RIGHT_WAY = [
    ("centricite-client", "relies_on", "loi-temkin-2"),
    ("commandement-7-mesure", "applies", "loi-temkin-5"),
    ("coherence-omnicanale", "relies_on", "commandement-6-donnees"),
    ("autonomie-des-employes", "relies_on", "loi-temkin-1"),
]


def test_relations_point_the_way_the_text_says(playbook: Playbook) -> None:
    for source, relation, target in WRONG_WAY:
        assert target not in playbook.entries[source].relations.get(relation, []), (source, relation, target)
    for source, relation, target in RIGHT_WAY:
        assert target in playbook.entries[source].relations.get(relation, []), (source, relation, target)


def test_every_relation_is_explained(playbook: Playbook) -> None:
    """A typed link is explained by a [[link]] in the declaring entry's body, or by a 'why:'."""
    silent = [
        f"{entry.id} {name} {target}"
        for entry in playbook.entries.values()
        for name, targets in entry.relations.items()
        for target in targets
        if target not in entry.inline_refs and not entry.why(name, target)
    ]
    assert not silent, f"{len(silent)} relations never explained: {silent}"


def test_aliases_are_not_wrong_names(playbook: Playbook) -> None:
    # the body of law 3 says this translation distorts the law: it is no other name for it
    assert "la familiarité avec le client engendre la fidélité" not in playbook.entries["loi-temkin-3"].aliases


def test_company_names_are_spelt_right(playbook: Playbook) -> None:
    text = _all_text(playbook)
    # "Nordström" is the seed's misspelling: kept only as a search alias and in the note that says so
    assert text.count("Nordström") == 2, text.count("Nordström")
    assert "Nordstrom" in text
    original = playbook.entries["temkin-six-lois-2008"]
    assert [cited(original, f) for f in ("author", "year", "language")] == ["Bruce Temkin", 2008, "en"]
    # Laws 1 to 3 are completed from Temkin's original publication, and say so.
    for n in (1, 2, 3):
        law = playbook.entries[f"loi-temkin-{n}"]
        assert law.source == "temkin-six-lois-2008" and law.source_note, law.id


def test_quotes_are_attributed(playbook: Playbook) -> None:
    for entry in playbook.entries.values():
        for quote in entry.quotes:
            assert quote.text.strip() and quote.author.strip(), entry.id
    authors = {q.author for e in playbook.entries.values() for q in e.quotes}
    assert "Walt Disney" in authors


#: Every name and figure of the seed articles, as it must be findable in the playbook's text.
SEED_FACTS = [
    # Temkin's laws (seed 000 and the original publication)
    "Bruce Temkin",
    "Forrester",
    "Walt Disney",
    # Gilbert Rozès' three procedures (seed 001)
    "Gilbert Rozès",
    "Starbucks",
    "Google",
    "Amazon",
    "Facebook",
    "Apple",
    "Zappos",
    "Southwest Airlines",
    "Jeff Bezos",
    "chaise vide",
    "Tony Hsieh",
    "chaussures",
    "JetBlue",
    "Le client d'abord",
    "Greyhound",
    "FlixBus",
    "toilettes",
    "Nordstrom",
    "meilleur jugement",
    "compte-confiance",
    "1 à 10",
    # the ten commandments (seed 002)
    "Sens du client",
    "sous-traitan",
    "données",
    "canaux",
    "dialogue",
    # the complaint paradox (seed 003)
    "Pierre-Nicolas Schwab",
    "IntoTheMinds",
    "Coolblue",
    "Kim",
    "bpost",
    "carte postale",
    "2014",
    "customer centricity",
    # Van Belleghem's three questions (seed 004)
    "Steven Van Belleghem",
    "In-N-Out Burger",
    "37 restaurants",
    "Texas",
    "deux jours",
    "buns",
    "smartphoto",
    "livre photo",
    "Ritz-Carlton",
    "2 000 dollars",
    "250 000 dollars",
    "Net Promoter Score",
    "NPS",
    "A Diamond in the Rough",
]


def _all_text(playbook: Playbook) -> str:
    parts: list[str] = []
    for e in playbook.entries.values():
        parts += [e.title, e.summary, e.body, e.source_note, *e.checklist, *e.aliases, *e.tags]
        parts += [f"{q.text} {q.author} {q.context}" for q in e.quotes]
        if e.citation:
            parts += [e.citation.author or "", e.citation.publication or "", str(e.citation.year or "")]
    text = " ".join(parts).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return " ".join(text.split())


@pytest.mark.parametrize("fact", SEED_FACTS)
def test_every_seed_name_and_figure_is_in_the_playbook(playbook: Playbook, fact: str) -> None:
    assert fact.lower() in _all_text(playbook).lower(), f"{fact!r} from the seeds is missing"


# --- trainers' pages: séances, parcours, front-line actions (December review) -----------------


def test_every_session_adds_up(playbook: Playbook) -> None:
    """Every séance is a timed plan whose blocks fill its duration exactly (review F2: 10 + 4 × 20
    + 10 minutes for a 90-minute séance), each block but a pause says what the trainer does, and
    the summary gives the length."""
    for session in playbook.by_kind["session"]:
        blocks = session.data["blocks"]
        assert sum(b["minutes"] for b in blocks) == session.duration, session.id
        assert all(b.get("trainer") for b in blocks if b["activity"] != "pause"), session.id
        assert re.search(r"\d+ minutes|une heure|deux heures", session.summary, re.I), session.id


def session_entries(session: Entry) -> set[str]:
    return {i for block in session.data["blocks"] for i in block.get("entries", ())}


def test_the_sessions_cover_every_collection_and_every_audience(playbook: Playbook) -> None:
    """At least six séances; for each collection, a séance that uses it or one of its members; one
    for each audience; and 15-minute team huddles, « un quart d'heure, une loi » (Temkin's third
    rule: share the laws)."""
    sessions = playbook.by_kind["session"]
    assert len(sessions) >= 6
    used = set().union(*(session_entries(s) for s in sessions))
    for collection in playbook.by_kind["collection"]:
        members = {m.id for m in playbook.members[collection.id]}
        assert used & (members | {collection.id}), f"no séance uses {collection.id}"
    assert {s.data["audience"] for s in sessions} == {"front-line", "managers", "leadership"}
    huddles = [s for s in sessions if s.duration == 15]
    assert len(huddles) >= 2 and all("quart d'heure" in s.title for s in huddles)
    assert all(
        "regle-temkin-3-partager-les-lois" in session_entries(h) or "[[regle-temkin-3" in h.body for h in huddles
    )


def test_training_material_is_there(playbook: Playbook) -> None:
    """Issue #23: six situations to play or more, a discussion guide for every case, a quiz for every
    collection, a glossary of twenty terms or more."""
    assert len(playbook.by_kind["scenario"]) >= 6
    guided = {g.data["about"] for g in playbook.by_kind["guide"]}
    assert {c.id for c in playbook.by_kind["case"]} <= guided, "cases without a discussion guide"
    quizzed = {q.data["about"] for q in playbook.by_kind["quiz"]}
    assert {c.id for c in playbook.by_kind["collection"]} <= quizzed, "collections without a quiz"
    assert len(playbook.by_kind["term"]) >= 20
    english = [t.data["english"] for t in playbook.by_kind["term"]]
    assert len(set(english)) == len(english), "two terms with one English equivalent"


def test_every_situation_is_fiction_and_tied_to_the_guide(playbook: Playbook) -> None:
    """A situation to play has a client and a counsellor (the observer's card is added), a grid
    whose every criterion comes from an entry of the guide, and debrief questions; it names no
    company of the guide's cases."""
    companies = ["Amazon", "Coolblue", "Greyhound", "In-N-Out", "JetBlue", "Nordstrom", "Ritz", "smartphoto", "Zappos"]
    for scenario in playbook.by_kind["scenario"]:
        assert scenario.kind.fiction
        assert len(scenario.data["roles"]) >= 2 and len(scenario.data["debrief"]) >= 2
        assert {c["entry"] for c in scenario.data["observation"]} <= set(playbook.entries)
        text = " ".join([scenario.body, *(r["brief"] for r in scenario.data["roles"])])
        assert not [c for c in companies if c.lower() in text.lower()], scenario.id


def front_line_items(entry: Entry) -> list[str]:
    return [text for text, who in entry.checklist_items() if who == "front-line"]


def front_line_paths(playbook: Playbook) -> list[Entry]:
    return [p for p in playbook.by_kind["path"] if "contact des clients" in p.role]


def test_front_line_readers_always_have_something_to_do(playbook: Playbook) -> None:
    """Every entry a séance or the front-line parcours uses has at least one action for front-line
    staff, so the « Contact client » filter never empties a sheet they are handed (review F3, F11)."""
    paths = front_line_paths(playbook)
    assert paths, "no parcours for front-line staff"
    used = {i for s in playbook.by_kind["session"] if s.data["audience"] == "front-line" for i in session_entries(s)}
    used |= {step.entry for p in paths for step in p.steps}
    bare = sorted(
        i
        for i in used
        if playbook.entries[i].kind.checklist_required or playbook.entries[i].checklist
        if not front_line_items(playbook.entries[i])
    )
    assert bare == [], f"entries used by a séance or the front-line parcours without a front-line action: {bare}"


def test_every_collection_sheet_has_several_front_line_actions(playbook: Playbook) -> None:
    thin = {
        collection: n
        for collection, members in playbook.members.items()
        if (n := sum(len(front_line_items(m)) for m in members)) < 3
    }
    assert thin == {}, f"collections with fewer than 3 front-line actions: {thin}"


def test_every_collection_front_line_sheet_is_usable(playbook: Playbook) -> None:
    """Issue #23: filtered on « Contact client », a collection's sheet shows something under every
    member that has a checklist (the filter then leaves no empty heading)."""
    bare = sorted(
        m.id for members in playbook.members.values() for m in members if m.checklist and not front_line_items(m)
    )
    assert bare == [], f"members whose « Contact client » sheet would be empty: {bare}"


def test_front_line_parcours_is_not_about_managing(playbook: Playbook) -> None:
    """The front-line parcours does not send its readers to an entry whose actions are all for
    managers or Direction (review F8: procedure 2 belongs to the manager parcours)."""
    for path in front_line_paths(playbook):
        for step in path.steps:
            entry = playbook.entries[step.entry]
            if entry.checklist:
                assert front_line_items(entry), f"{path.id}: {entry.id} has no front-line action"
    manager = playbook.entries["parcours-manager"]
    assert {"procedure-2-souvenir-agreable", "procedure-3-experience-humaine"} <= {s.entry for s in manager.steps}


def test_the_trainer_parcours_starts_from_a_ready_made_session(playbook: Playbook) -> None:
    """Review F10: the trainer's parcours goes through a séance, several collections' tools and a case."""
    steps = [playbook.entries[s.entry] for s in playbook.entries["parcours-formateur"].steps]
    assert steps[0].kind.name == "session"
    kinds = {e.kind.name for e in steps}
    assert {"session", "collection", "case"} <= kinds
    sources = {e.source for e in steps if e.source}
    assert len(sources) >= 3, sources  # not Temkin and Rozès only


# --- one name per idea, honest upkeep (review F12, F15) ----------------------------------------

#: Words the guide no longer uses in text a reader sees, and the one it uses instead.
RETIRED_WORDS = {
    "équipes en contact": "au contact des clients",
    "employés en contact": "au contact des clients",
    "employé en contact": "au contact des clients",
    "personnel en contact": "au contact des clients",
    "en contact client": "au contact des clients",
    "en contact avec le client": "au contact des clients",
    "auto-évaluation": "auto-diagnostic",
    "diagnostic rapide": "questions d'audit",
    "valeur à vie": "valeur vie client",
    "valeur vie du client": "valeur vie client",
    "playbook": "guide",
}


#: Fields a reader does not read as text (ids, search synonyms, upkeep).
_NOT_READ = {"id", "kind", "aliases", "tags", "owner", "reviewed", "about", "collection", "source", "also_from"}


def _strings(value: object) -> list[str]:
    """Every string inside ``value`` (the training material's fields: blocks, roles, grids...)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in ("entry", "entries") for t in _strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return []


def _reader_text(entry: Entry) -> str:
    """What a reader sees of an entry (aliases excepted: they are search synonyms)."""
    parts = [entry.title, entry.summary, entry.body, entry.source_note, entry.role, *entry.checklist]
    parts += [*entry.objectives, *(s.goal for s in entry.steps), *(c.note for c in entry.changes)]
    parts += [f"{q.text} {q.context}" for q in entry.quotes]
    parts += _strings({k: v for k, v in entry.data.items() if k not in _NOT_READ})
    return " ".join(" ".join(parts).replace("\u2019", "'").split()).lower()


def test_one_name_per_idea(playbook: Playbook) -> None:
    found = [
        f"{e.id}: « {old} » (write « {new} »)"
        for e in playbook.entries.values()
        for old, new in RETIRED_WORDS.items()
        if old in _reader_text(e)
    ]
    assert found == []
    tags = set(playbook.tags)
    assert "réclamation" not in tags and "réclamations" in tags


def test_every_entry_has_a_real_owner_and_a_review_date(playbook: Playbook) -> None:
    """Séances and parcours included; no English placeholder owner (review F15)."""
    for entry in playbook.entries.values():
        assert entry.owner and entry.owner.startswith("@") and entry.owner != "@maintainers", entry.id
        assert entry.reviewed is not None, entry.id


#: Facts corrected after the entries were first published (22 November 2026): the entry tells its
#: readers with a ``changes:`` note, which « Nouveautés » lists too.
CORRECTED = {
    "nordstrom-regle-unique": "Nordstrom",
    "commandement-2-soutien": "Bezos",
    "commandement-8-relation-durable": "vingt ans",
    "autonomie-des-employes": "2 000 dollars",
    "ritz-carlton-regle-2000-dollars": "Van Belleghem",
    "greyhound-repas-dans-les-toilettes": "célébration",
    "procedure-2-souvenir-agreable": "motivation",
    "paradoxe-reclamation": "satisfaction",
}


@pytest.mark.parametrize("entry_id", sorted(CORRECTED))
def test_corrected_facts_carry_a_change_note(playbook: Playbook, entry_id: str) -> None:
    notes = " ".join(c.note for c in playbook.entries[entry_id].changes)
    assert CORRECTED[entry_id] in notes, (entry_id, notes)


# --- link titles read as part of the sentence (review F14) --------------------------------------


def _open_parenthesis(text: str) -> bool:
    return text.count("(") > text.count(")")


def test_link_titles_fit_their_sentence(playbook: Playbook) -> None:
    """A bare ``[[id]]`` prints the target's title: a title with parentheses is not put inside
    parentheses, and a question (its title ends with « ? ») is not pasted mid-sentence: it stands
    alone in a list item, or between « » or ( )."""
    bad = []
    for entry in playbook.entries.values():
        for paragraph in entry.body.split("\n\n"):
            for match in re.finditer(r"\[\[([a-z0-9-]+)\]\]", paragraph):
                title = playbook.entries[match.group(1)].title
                before, after = paragraph[: match.start()], paragraph[match.end() :]
                if "(" in title and _open_parenthesis(before):
                    bad.append(f"{entry.id}: ({title}) in parentheses")
                if title.endswith("?"):
                    alone = re.search(r"(^|\n)\s*(\d+\.|-)\s*(\*\*)?$", before)
                    framed = before.rstrip().endswith(("«", "(")) or after.lstrip().startswith(("»", ")"))
                    if not (alone or framed):
                        bad.append(f"{entry.id}: « {title} » pasted into a sentence")
    assert bad == []


def test_no_review_or_change_is_dated_in_the_future(playbook: Playbook) -> None:
    """A review date or a change note after today tells readers something that has not happened
    (« relue le 7 décembre » on 6 December)."""
    import datetime as dt

    today = dt.date.today()
    late = [
        (e.id, day.isoformat())
        for e in playbook.entries.values()
        for day in [e.reviewed, *(c.date for c in e.changes)]
        if day is not None and day > today
    ]
    assert late == []
