"""What the generated pages say to readers, rendered from the frozen corpus of the screenshots
(``tests/fixtures/screens/laws``: every kind, a séance and paths): content first, no contributor
furniture on reader pages, and the interface findings of the December content review (F31, F42,
F44, F46, F49). The browser checks of the same pages are in ``tests/browser/test_reader.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO
from playbook.core import check
from playbook.core.living import Living
from playbook.core.pages import render_all
from playbook.core.render.renderer import Renderer

SCREENS = REPO / "tests" / "fixtures" / "screens" / "laws"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = check(SCREENS)
    assert result.ok and result.playbook is not None
    renderer = Renderer(living=Living(today=dt.date(2026, 11, 24)))
    return {p.src_uri: p.markdown for p in render_all(renderer, result.playbook)}


def test_an_entry_reads_title_summary_then_its_text(pages: dict[str, str]) -> None:
    page = pages["lois/loi-temkin-5.md"]
    title = page.index("# Loi 5")
    summary = page.index("Le comportement des équipes suit ce que l’entreprise mesure")
    text = page.index("Trois leviers déterminent")
    between = page[summary:text]
    assert title < summary < text
    assert "Identifiant" not in between and "maintainers" not in between and "Relu" not in between
    assert 'aria-label="Sur cette page"' in between and 'href="#liens-illustre-par">Illustré par' in between
    assert "### Illustré par {: #liens-illustre-par }" in page  # where that link leads


def test_search_aliases_and_owners_stay_off_reader_pages(pages: dict[str, str]) -> None:
    entries = {
        uri: md
        for uri, md in pages.items()
        if uri.count("/") == 1 and not uri.endswith("index.md") and not uri.startswith("contribuer/")
    }
    assert len(entries) > 60
    assert not [uri for uri, md in entries.items() if "Mots-clés de recherche" in md or "maintainers" in md]
    assert "employees do what is measured" not in pages["lois/loi-temkin-5.md"]  # an English alias
    upkeep = pages["contribuer/suivi.md"]
    assert "maintainers" in upkeep and "<code>loi-temkin-5</code>" in upkeep
    assert "<code>laws/lois/loi-temkin-5.yaml</code>" in upkeep


def test_a_never_reviewed_entry_says_so_whatever_its_gender(pages: dict[str, str]) -> None:
    """F42: « Jamais relue » on a masculine parcours; « Entrée jamais relue » agrees with « entrée »."""
    page = pages["parcours/parcours-manager.md"]
    assert "Entrée jamais relue." in page and "<strong" not in page.split("Entrée jamais relue")[0][-40:]


def test_a_kind_index_without_collections_has_no_lone_heading(pages: dict[str, str]) -> None:
    """F44: the cases are in no collection: one list, no « Autres »."""
    assert "## Autres" not in pages["cas/index.md"] and '/">Amazon' in pages["cas/index.md"]
    laws = pages["lois/index.md"]
    assert "## Les six lois de l’expérience client de Bruce Temkin" in laws


def test_the_self_assessment_scale_fits_laws(pages: dict[str, str]) -> None:
    """F31: laws act whatever one does: a team takes them into account, it does not apply them."""
    laws = pages["auto-diagnostic/lois-temkin.md"]
    assert "1 (nous n’en tenons pas compte) à 10 (nous en tenons toujours compte)" in laws
    assert "appliquons" not in laws
    assert "1 (nous l’ignorons) à 10 (nous l’appliquons toujours)" in pages["auto-diagnostic/dix-commandements.md"]


def test_the_session_builder_says_what_its_button_adds(pages: dict[str, str]) -> None:
    """F46: « la place ici » read as « la page »; the button exists on every kind a session holds."""
    builder = pages["ma-seance/index.md"]
    assert "la place ici" not in builder
    assert "(loi, procédure, cas, question…)" in builder and "**Ajouter à ma séance**\nl’ajoute ici" in builder


def test_printables_list_the_trainers_sheets_without_developer_jargon(pages: dict[str, str]) -> None:
    """F49: the séance sheets, « Ma séance » and the self-assessments are on « Imprimables »."""
    hub = pages["imprimables/index.md"]
    assert "[fiche d’animation](../kits/seance-accueil-reclamation.md)" in hub
    assert "[support participant](../kits/seance-accueil-reclamation/support.md)" in hub
    assert "[Auto-diagnostic](../auto-diagnostic/index.md)" in hub and "(../auto-diagnostic/lois-temkin.md)" in hub
    assert "[Ma séance](../ma-seance/index.md)" in hub
    assert "make pdf" not in hub and "imprimables.json" not in hub
