"""What every message says, in French and in English: the catalogue of problems and texts.

Each file of ``core/catalogue/`` is one problem code (``unknown-reference.yaml``) or, when its name
starts with ``_``, a group of texts that are not problems (``_words.yaml``, ``_cli.yaml``). A
problem code's file holds its title, a one-line explanation, an example and its texts (messages
and hints); a group holds only texts. Every text is given in both languages, with the same
``{placeholders}``:

.. code-block:: yaml

    code: unknown-reference
    title: {fr: Entrée inconnue, en: Unknown entry}
    explanation: {fr: "…", en: "…"}
    example: |
      relations:
        illustrates: [loi-temkin-9]
    texts:
      in-link: {fr: "entrée inconnue « {id} » dans [[{id}]]", en: "unknown entry '{id}' in [[{id}]]"}

Code asks for a text with :func:`say` (``say("unknown-reference", "in-link", id=x)``) in the
language of the run: French unless ``PLAYBOOK_LANG=en`` or ``--lang en`` (:func:`use_language`).
The catalogue is read on the first :func:`say`, so a clean run never reads it; a warm ``validate``
gets the few texts it prints from the validation cache instead (:func:`remember`, :func:`texts`).
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
#: The environment variable that picks the language when no ``--lang`` is given.
LANGUAGE_VARIABLE = "PLAYBOOK_LANG"
CATALOGUE_DIR = Path(__file__).parent / "catalogue"
_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")

#: Texts handed over by the validation cache, (code, key, language) → text: a warm run says its
#: summary without reading the catalogue (nor loading a YAML parser). See :func:`remember`.
_remembered: dict[tuple[str, str, str], str] = {}

#: The language :func:`use_language` chose for this process (``None``: the environment's). A module
#: global on purpose: the run's language is set once at its edge (CLI, MkDocs plugin), like a locale.
_language: str | None = None


def language() -> str:
    """The language of this run: the one :func:`use_language` set, else ``$PLAYBOOK_LANG``, else French."""
    if _language is not None:
        return _language
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    """Speak ``lang`` from now on (``None``: back to ``$PLAYBOOK_LANG`` or French)."""
    global _language  # noqa: PLW0603 (see _language)
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    _language = lang


@contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    """Speak ``lang`` inside the ``with`` block, then the language before it."""
    global _language  # noqa: PLW0603 (see _language)
    before = _language
    set_language(lang)
    try:
        yield
    finally:
        _language = before


@dataclass(frozen=True)
class Entry:
    """One file of the catalogue: a problem code (``title`` set) or a group of texts."""

    code: str
    title: dict[str, str]
    explanation: dict[str, str]
    example: str
    severity: str
    texts: dict[str, dict[str, str]]

    @property
    def is_problem(self) -> bool:
        return not self.code.startswith("_")


class CatalogueError(Exception):
    """A catalogue file is wrong: a developer's mistake, raised at once with the file named."""


def _bilingual(value: Any, where: str) -> dict[str, str]:
    if not (
        isinstance(value, dict) and set(value) == set(LANGUAGES) and all(isinstance(v, str) for v in value.values())
    ):
        raise CatalogueError(f"{where}: needs exactly {', '.join(LANGUAGES)}, each a text")
    fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name is not None} for text in value.values()]
    if any(f != fields[0] for f in fields):
        raise CatalogueError(f"{where}: the languages use different {{placeholders}}: {fields}")
    return dict(value)


def _read(path: Path) -> Entry:
    import yaml  # here, not at the top: a clean run (a cache hit) never reads the catalogue nor loads yaml

    name = path.stem
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    if not isinstance(data, dict) or not isinstance(data.get("texts"), dict):
        raise CatalogueError(f"{path}: a mapping with 'texts' is needed")
    problem = not name.startswith("_")
    if problem and (data.get("code") != name or not _CODE.match(name)):
        raise CatalogueError(f"{path}: 'code' must be the file's name, {name!r}")
    allowed = {"code", "title", "explanation", "example", "severity", "texts"} if problem else {"texts"}
    if set(data) - allowed:
        raise CatalogueError(f"{path}: unknown keys {sorted(set(data) - allowed)}")
    texts = {str(key): _bilingual(value, f"{path}: texts.{key}") for key, value in data["texts"].items()}
    if not problem:
        return Entry(name, {}, {}, "", "", texts)
    severity = data.get("severity", "error")
    if severity not in ("error", "warning"):
        raise CatalogueError(f"{path}: severity is error or warning")
    example = data.get("example")
    if not isinstance(example, str) or not example.strip():
        raise CatalogueError(f"{path}: 'example' (the wrong YAML this code is given for) is needed")
    return Entry(
        name,
        _bilingual(data.get("title"), f"{path}: title"),
        _bilingual(data.get("explanation"), f"{path}: explanation"),
        example,
        severity,
        texts,
    )


@cache
def catalogue() -> dict[str, Entry]:
    """Every file of ``core/catalogue/``, by code (groups of texts start with ``_``)."""
    return {path.stem: entry(path.stem) for path in sorted(CATALOGUE_DIR.glob("*.yaml"))}


@cache
def entry(code: str) -> Entry:
    """The file of ``code`` alone (:func:`say` reads only the files a run speaks from: a clean
    ``validate`` reads one, for its summary, not the whole catalogue)."""
    path = CATALOGUE_DIR / f"{code}.yaml"
    if not _CODE.match(code.removeprefix("_")) or not path.is_file():
        raise KeyError(code)
    return _read(path)


def problem_codes() -> list[Entry]:
    """The problem codes, in alphabetical order (the groups of texts left out)."""
    return [entry for entry in catalogue().values() if entry.is_problem]


def say(code: str, key: str, /, **params: object) -> str:
    """The text ``key`` of ``code`` in this run's language, its ``{placeholders}`` filled in.

    A code or key missing from the catalogue is a developer's mistake: :class:`KeyError` at once
    (every call is exercised by the golden cases, and the catalogue's test checks each call's names).
    """
    lang = language()
    text = _remembered.get((code, key, lang))
    if text is None:
        try:
            text = entry(code).texts[key][lang]
        except KeyError:
            raise KeyError(f"no text {key!r} for {code!r} in plugins/playbook/core/catalogue/") from None
    return text.format(**params) if params else text


def texts(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The texts ``names`` ((code, key) pairs) in this run's language, unfilled, as ``"code/key"`` →
    text: what a cache keeps so that a later run can :func:`remember` them."""
    return {f"{code}/{key}": say(code, key) for code, key in names}


def remember(given: Mapping[str, str]) -> None:
    """Use ``given`` (from :func:`texts`, in this run's language) without reading the catalogue.
    Only for texts read from a cache whose key covers the catalogue's files and the language."""
    lang = language()
    for name, text in given.items():
        code, _, key = name.partition("/")
        _remembered[(code, key, lang)] = text


def quote(text: object) -> str:
    """A name or value quoted the way this run's language does: « x » in French, 'x' in English."""
    return f"« {text} »" if language() == "fr" else f"'{text}'"


def listing(items: list[str] | tuple[str, ...], conjunction: bool = True) -> str:
    """``a, b and c`` / ``a, b et c``; with ``conjunction=False`` a plain comma list."""
    items = list(items)
    if len(items) < 2 or not conjunction:
        return ", ".join(items)
    word = " et " if language() == "fr" else " and "
    return ", ".join(items[:-1]) + word + items[-1]
