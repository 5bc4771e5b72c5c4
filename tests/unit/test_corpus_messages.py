"""The corpus checks' messages (validate.py's corpus half, markdown_refs.py) come from the catalogue:
French by default, English on request, and every code they emit is shown by a French golden case."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import REPO
from golden.test_golden import CASES, materialize
from playbook.core import check
from playbook.core.messages import use_language

CORE = REPO / "plugins" / "playbook" / "core"
#: Codes ``check()`` cannot emit: the edition's date is known at build time only (build.py's
#: ``dates_after``); tests/unit/test_living.py shows that one in a real build.
BUILD_TIME = {"date-after-edition"}


def corpus_codes() -> set[str]:
    """The codes the corpus half of validate.py and markdown_refs.py ask the catalogue for."""
    codes: set[str] = set()
    for path in (CORE / "validate.py", CORE / "markdown_refs.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        start = next((n.lineno for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "corpus_problems"), 0)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "say" and node.lineno >= start:
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value != "_words":
                    codes.add(first.value)
    return codes


def test_every_corpus_code_is_shown_by_a_french_golden_case() -> None:
    codes = corpus_codes()
    assert {"placeholder", "former-id-reused", "raw-html", "duplicate-order"} <= codes, "the scan finds the calls"
    shown = set()
    for expected in CASES.glob("*/expected.txt"):
        text = expected.read_text(encoding="utf-8")
        shown |= set(re.findall(r": (?:erreur|avertissement) \[([a-z0-9-]+)\]: ", text))
    assert sorted(codes - BUILD_TIME - shown) == []


def messages(case: str, tmp_path: Path, lang: str) -> dict[str, list[str]]:
    """code → the messages and hints of a golden case, in ``lang``."""
    laws = materialize(CASES / case, tmp_path / lang)
    with use_language(lang):
        problems = check(laws, display_root=tmp_path / lang).problems
    found: dict[str, list[str]] = {}
    for p in problems:
        found.setdefault(p.code, []).extend([p.message, p.hint])
    return found


@pytest.mark.parametrize(
    ("case", "code", "french", "english"),
    [
        (
            "training-material-problems",
            "duration-mismatch",
            "les blocs durent 100 minutes (40 + 10 + 50), la séance en annonce 90",
            "the blocks last 100 minutes (40 + 10 + 50), the session announces 90",
        ),
        (
            "training-material-problems",
            "quiz-answer",
            "answer: le numéro du bon choix, de 1 à 2",
            "answer: the number of the right choice, from 1 to 2",
        ),
        (
            "former-ids-reused-and-linked",
            "former-id",
            "[[loi-employes]] est un ancien identifiant de « coolblue » : le lien y mène encore",
            "[[loi-employes]] is a former id of 'coolblue'; it leads there",
        ),
        (
            "unsafe-links-and-raw-html",
            "unsafe-attribute",
            "l'attribut « onclick » dans {: ...} n'est pas permis : il sera retiré",
            "the attribute 'onclick' in {: ...} is not allowed; it will be removed",
        ),
        (
            "attribute-list-reserved-names",
            "reserved-attribute",
            "choisissez un nom qui ne commence par aucun de ces préfixes : « md- », « __ », « pb- »",
            "choose a name that does not start with 'md-', '__', 'pb-'",
        ),
        (
            "long-paragraph",
            "long-paragraph",
            "ce paragraphe fait 4 625 caractères (au plus 4 000)",
            "this paragraph is 4 625 characters long (at most 4 000)",
        ),
    ],
)
def test_a_corpus_message_is_french_by_default_and_english_on_request(
    case: str, code: str, french: str, english: str, tmp_path: Path
) -> None:
    assert french in messages(case, tmp_path, "fr")[code]
    assert english in messages(case, tmp_path, "en")[code]


def test_no_french_word_is_left_in_an_english_corpus_message(tmp_path: Path) -> None:
    """The training checks were written in French only: in English, none of it is left."""
    english = messages("training-material-problems", tmp_path, "en")
    texts = [t for code in ("duration-mismatch", "block-trainer", "group-size", "quiz-answer") for t in english[code]]
    assert len(texts) == 8
    assert not [t for t in texts if re.search(r"«|’|\b(?:les|le|la|des|aux|ajoutez|retirez)\b", t)], texts
