"""French typography done by the renderer: contributors type plain text, pages get ’, narrow
no-break spaces in numbers and before %, en dashes; code, links, ids and attributes stay as typed."""

from __future__ import annotations

import pytest

from playbook.core.markdown_refs import expand_refs
from playbook.core.search_text import words
from playbook.core.typography import french_typography, french_typography_markdown

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("l'entreprise d'aujourd'hui", "l’entreprise d’aujourd’hui"),
        ("L'Œuvre et qu'il", "L’Œuvre et qu’il"),
        ("l'[autonomie](../x.md) et l'*effet*", "l’[autonomie](../x.md) et l’*effet*"),
        ("'rien' n'est cité", "'rien' n’est cité"),  # quote marks, not apostrophes, stay
        ("2 000 dollars", f"2{NNBSP}000 dollars"),
        ("250 000 dollars, 1 000 000 de clients", f"250{NNBSP}000 dollars, 1{NNBSP}000{NNBSP}000 de clients"),
        ("en 2014 200 clients", "en 2014 200 clients"),  # a year then a number: two numbers
        ("de 1 à 10", "de 1 à 10"),
        ("soit 0,8 % du total", f"soit 0,8{NNBSP}% du total"),
        ("50 % de promoteurs", f"50{NNBSP}% de promoteurs"),
        ("réseaux sociaux - pour le client", "réseaux sociaux \u2013 pour le client"),
        ("prix : 2 000 !", f"prix{NBSP}: 2{NNBSP}000{NNBSP}!"),
    ],
)
def test_prose_numbers_percentages_and_dashes(typed: str, shown: str) -> None:
    assert french_typography(typed) == shown
    assert french_typography(shown) == shown  # applying it twice changes nothing


def test_web_addresses_and_ids_are_left_as_typed() -> None:
    assert french_typography("voir https://ex.org/l'a?n=2 000 ici") == "voir https://ex.org/l'a?n=2 000 ici"
    assert french_typography("loi-temkin-4 - commandement-2") == "loi-temkin-4 \u2013 commandement-2"
    for entry_id in ("loi-temkin-4", "ritz-carlton-regle-2000-dollars", "question-conflit-d-interets"):
        assert french_typography(entry_id) == entry_id


def test_markdown_code_links_autolinks_and_attributes_are_untouched() -> None:
    typed = (
        "L'essentiel : `l'id 2 000` puis [l'article](https://ex.org/l'a 1) et <https://ex.org/b'c>"
        "{: .x'y }\n\n```yaml\ntitle: l'effet 2 000 %\n```\nEnfin l'autre - 2 000 %."
    )
    shown = french_typography_markdown(typed)
    assert shown.startswith(f"L’essentiel{NBSP}: `l'id 2 000` puis [l’article](https://ex.org/l'a 1)")
    assert "<https://ex.org/b'c>{: .x'y }" in shown
    assert "```yaml\ntitle: l'effet 2 000 %\n```" in shown
    assert shown.endswith(f"Enfin l’autre \u2013 2{NNBSP}000{NNBSP}%.")
    # list markers, rules and table rows are not dashes
    assert french_typography_markdown("- un\n- deux\n\n- - -\n\n| a | b |\n| --- | --- |") == (
        "- un\n- deux\n\n- - -\n\n| a | b |\n| --- | --- |"
    )


def _with_links(typed: str) -> str:
    """What an entry page gets: ``[[id]]`` expanded to a Markdown link, then typeset."""
    return french_typography_markdown(expand_refs(typed, lambda target, label: f"[{label or 'Titre'}](../{target}.md)"))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("1. [[x]] : la question", f"1. [Titre](../x.md){NBSP}: la question"),
        ("voir [[x|y]] ; puis", f"voir [y](../x.md){NNBSP}; puis"),
        ("[[x]] ? et [[x|la loi]] !", f"[Titre](../x.md){NNBSP}? et [la loi](../x.md){NNBSP}!"),
        ("« [[x]] »", f"«{NBSP}[Titre](../x.md){NBSP}»"),
        ("[texte](https://ex.org/a) : fin", f"[texte](https://ex.org/a){NBSP}: fin"),
        ("([[x]]) : déjà juste", f"([Titre](../x.md)){NBSP}: déjà juste"),
        ("[[x]]\n: à la ligne", "[Titre](../x.md)\n: à la ligne"),  # a line break is not a typed space
    ],
)
def test_a_link_counts_as_a_word_before_punctuation(typed: str, shown: str) -> None:
    """The space typed between a link and « : ; ? ! » becomes a no-break space, as after a word, so
    the mark never starts a line on its own."""
    assert _with_links(typed) == shown
    assert french_typography_markdown(shown) == shown


def test_search_finds_a_straight_apostrophe_in_typographic_text() -> None:
    """The site shows l’entreprise; a reader types l'entreprise: both give the same search words."""
    shown = french_typography("l'entreprise d'aujourd'hui")
    assert "\u2019" in shown
    assert words(shown) == words("l'entreprise d'aujourd'hui") and "entreprise" in words(shown)


def test_crafted_input_is_processed_in_one_pass() -> None:
    """Long runs of the characters each rule looks at: a backtracking scan would not finish."""
    for text in (
        "1 " * 50_000 + "x",
        "a'" * 50_000,
        " - " * 50_000,
        "1 %" * 50_000,
        "`x` " * 20_000 + "'",
        "`" * 50_001 + "'",
        "](" * 50_000,
        "<" * 50_000,
        "{" * 50_000,
        "https://a " * 20_000,
    ):
        assert len(french_typography_markdown(text)) <= len(text)
