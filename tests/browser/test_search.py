"""Search, typed into the search box of the built site: accents, plurals, ids and aliases.

The mini corpus writes "réclamation" with its accent everywhere; material's own French search
finds nothing for "reclamation" on the case page, and nothing at all for "reclamations".
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from conftest import MINI_LAWS, REPO
from playbook.core import check

from .conftest import MINI_EXTRA
from .support import Site, search

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COMPLAINT_ENTRIES = {"/notions/paradoxe-reclamation/", "/cas/coolblue/"}


@pytest.fixture
def home(page: Any, mini_site: Site) -> Any:
    page.goto(mini_site.url)
    return page


@pytest.mark.parametrize("query", ["reclamation", "reclamations", "réclamation", "Réclamations", "RECLAMATION"])
def test_every_spelling_finds_the_complaint_entries(home: Any, query: str) -> None:
    found = search(home, query)
    assert COMPLAINT_ENTRIES <= set(found), f"{query!r} found {found}"


def test_the_spellings_find_the_same_pages_in_the_same_order(home: Any) -> None:
    results = {query: search(home, query) for query in ["réclamation", "reclamation", "reclamations"]}
    assert len({tuple(found) for found in results.values()}) == 1, results


def test_a_plural_query_finds_a_singular_text_and_the_other_way_round(home: Any) -> None:
    # "employés" is written in the plural only; "équipes" too ("Former les équipes...")
    assert "/lois/loi-temkin-4/" in search(home, "employe")
    assert "/lois/loi-temkin-4/" in search(home, "equipe")
    # "paradoxe" is singular in the text
    assert search(home, "paradoxes")[0] == "/notions/paradoxe-reclamation/"


def test_an_elided_article_does_not_drown_the_word(home: Any) -> None:
    """ "l'entreprise": the "l" must not match every word starting with l."""
    assert search(home, "d'intérêts")[0] == "/questions/question-conflit/"


@pytest.fixture(scope="module")
def corpus_ids(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    """(id, page path) of every entry of the mini site."""
    laws = tmp_path_factory.mktemp("ids") / "laws"
    shutil.copytree(MINI_LAWS, laws)
    shutil.copytree(MINI_EXTRA, laws, dirs_exist_ok=True)
    result = check(laws)
    assert result.playbook is not None
    return [(e.id, f"/{e.kind.folder}/{e.id}/") for e in result.playbook.entries.values()]


def test_each_entry_is_the_first_result_for_its_id(home: Any, corpus_ids: list[tuple[str, str]]) -> None:
    """Ids share words (loi-temkin-4 and lois-temkin, question-conflit and question-client-mecontent,
    article-temkin and every page citing Temkin): the entry itself must come first."""
    assert len(corpus_ids) == 7
    wrong = {}
    for entry_id, path in corpus_ids:
        found = search(home, entry_id)
        if not found or found[0] != path:
            wrong[entry_id] = found[:3]
    assert wrong == {}


def test_an_alias_ranks_its_entry_first(home: Any) -> None:
    """'plainte' is an alias of the complaint paradox; another entry says "plainte" four times in
    its text but has no such alias: the alias wins."""
    found = search(home, "plainte")
    assert found[0] == "/notions/paradoxe-reclamation/", found
    assert "/questions/question-client-mecontent/" in found
    assert search(home, "plaintes")[0] == "/notions/paradoxe-reclamation/"


def test_a_multi_word_alias_without_accents_finds_its_entry(home: Any) -> None:
    # loi-temkin-4 has the alias "engagement des employés"
    assert search(home, "engagement des employes")[0] == "/lois/loi-temkin-4/"


@pytest.mark.parametrize("query", ["reclamation", "reclamations", "réclamation"])
def test_the_real_site_finds_its_complaint_entries_with_every_spelling(page: Any, real_site: Site, query: str) -> None:
    """On the real content: every entry that speaks of "réclamation(s)" in its title, summary or
    aliases is found, whatever the spelling typed."""
    result = check(REPO / "laws")
    assert result.playbook is not None
    expected = {f"/{e.kind.folder}/{e.id}/" for e in result.playbook.entries.values()
                if "réclamation" in " ".join([e.title, e.summary, *e.aliases]).lower()}
    assert expected
    page.goto(real_site.url)
    found = set(search(page, query))
    assert expected <= found, sorted(expected - found)
