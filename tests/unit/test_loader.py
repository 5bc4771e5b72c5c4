"""The strict loader: what it accepts, what it refuses, and that refusing is safe."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import MINI_LAWS, run_cli
from playbook.core import check
from playbook.core.loader import MAX_DEPTH, LoadedFile, load_bytes, locate, node_text

NOTION = MINI_LAWS / "notions" / "paradoxe-reclamation.yaml"


def load(text: str | bytes) -> tuple[dict | None, list[str]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    loaded = load_bytes(raw, Path("laws/notions/x.yaml"), "laws/notions/x.yaml")
    return loaded.data, [p.format() for p in loaded.problems]


def test_text_saved_decomposed_is_loaded_composed(tmp_path: Path) -> None:
    """NFC at load, once, for every text: a file pasted from macOS (e + U+0301) gives the same
    entry as one saved composed, so validation, pages and the search index see one spelling."""
    import unicodedata

    from playbook.core.search import SearchIndexer

    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    target = laws / "notions" / "paradoxe-reclamation.yaml"
    target.write_text(unicodedata.normalize("NFD", target.read_text(encoding="utf-8")), encoding="utf-8")
    assert "réclamation" not in target.read_text(encoding="utf-8")
    data, problems = load(target.read_bytes())
    assert problems == [] and data is not None and data["title"] == "Le paradoxe de la réclamation"
    result = check(laws)
    assert result.ok and result.playbook is not None
    entry = result.playbook["paradoxe-reclamation"]
    assert all(unicodedata.is_normalized("NFC", t) for t in (entry.title, entry.summary, entry.body, *entry.aliases))
    urls = {e.id: f"{e.kind.folder}/{e.id}/" for e in result.playbook.entries.values()}
    index = SearchIndexer().files(result.playbook, urls)
    vocabulary = b"".join(v for k, v in index.items() if k.startswith("w"))
    assert b'"reclamation":"reclam"' in vocabulary and b'"clamation"' not in vocabulary


@pytest.mark.parametrize("more", ["", "audience: oui\n"], ids=["quick reader", "careful reader"])
def test_an_escape_that_writes_a_decomposed_letter_is_composed_too(more: str) -> None:
    """NFC at load covers what YAML's escapes write: ``"re\\u0301clamation"`` is « réclamation »
    (the careful reader, which an ambiguous « oui » calls, gives the same data)."""
    import unicodedata

    data, problems = load('id: x\nkind: notion\ntitle: "La re\\u0301clamation"\ntags: ["e\\u0301quipe"]\n' + more)
    assert data is not None and data["title"] == "La réclamation" and data["tags"] == ["équipe"]
    assert unicodedata.is_normalized("NFC", data["title"])
    assert [p for p in problems if "oui" not in p] == []


def test_the_libyaml_c_parser_is_used() -> None:
    from playbook.core import loader

    assert loader._Parser.__module__ == "yaml._yaml", "libyaml is missing: the slow pure-Python parser is used"


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    target = laws / "notions" / "paradoxe-reclamation.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())
    result = check(laws)
    assert result.ok, result.problems
    assert result.playbook is not None
    assert result.playbook["paradoxe-reclamation"].title == "Le paradoxe de la réclamation"


def test_only_unambiguous_scalars_are_typed() -> None:
    data, problems = load("a: true\nb: 12\nc: ~\nd: texte\ne: '1.10'\nf: \"Non\"\ng: -3\n")
    assert problems == []
    assert data == {"a": True, "b": 12, "c": None, "d": "texte", "e": "1.10", "f": "Non", "g": -3}


@pytest.mark.parametrize("value", ["Non", "oui", "off", "yes", "2024-01-01", "1.10", "0x1F", "1_000", ".inf", "012"])
def test_yaml11_implicit_values_stay_text_and_are_reported(value: str) -> None:
    data, problems = load(f"title: {value}\n")
    assert data == {"title": value}, "the value must be kept as written, never coerced"
    assert len(problems) == 1 and f'piste : mettez-le entre guillemets : "{value}"' in problems[0]
    assert problems[0].startswith(f"laws/notions/x.yaml:1:8: erreur [ambiguous]: sans guillemets, « {value} »")


def test_a_number_field_is_not_asked_to_be_quoted() -> None:
    data, problems = load("order: 4.5\n")
    assert data == {"order": "4.5"}
    assert problems == [], "the schema check says 'must be a whole number'; quoting would be wrong advice"


def test_python_tags_are_refused_and_nothing_is_executed(tmp_path: Path) -> None:
    """The classic PyYAML exploit: with an unsafe loader this creates a file. Here: refused, inert."""
    marker = tmp_path / "pwned"
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    evil = (
        NOTION.read_text(encoding="utf-8")
        .replace(
            "aliases: [plainte]",
            f"aliases: !!python/object/apply:os.system ['touch {marker}']\n"
            f"tags: !!python/object/apply:subprocess.check_call [['touch', '{marker}']]\n"
            f"source_note: !!python/object/new:os.system ['touch {marker}']",
        )
        .replace("tags: [réclamations]\n", "")
    )
    (laws / "notions" / "paradoxe-reclamation.yaml").write_text(evil, encoding="utf-8")
    result = check(laws)
    tags = [p for p in result.problems if p.code == "tag"]
    assert len(tags) == 3 and all("« !!python/object" in p.message for p in tags), result.problems
    assert not marker.exists()
    cli = run_cli("validate", str(laws))  # the command line as well, in a fresh process
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert not marker.exists(), "a YAML tag ran a command"


def test_billion_laughs_is_refused_without_expanding_anything() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):  # 10**12 strings if expanded
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    data, problems = load("\n".join(lines) + "\n")
    assert data is not None
    flat = repr(data)
    assert flat.count("'lol'") == 10, "aliases were expanded"
    assert len(flat) < 2_000
    anchors = [p for p in problems if "les ancres (&" in p]
    aliases = [p for p in problems if "les alias (*" in p]
    assert len(anchors) == 12 and len(aliases) == 11  # one per anchor, one per line of aliases
    assert any(
        p.startswith("laws/notions/x.yaml:2:5: erreur [alias]: les ancres (&l1) ne sont pas acceptées\n")
        for p in problems
    )
    assert any(
        p.startswith("laws/notions/x.yaml:2:10: erreur [alias]: les alias (*l0) ne sont pas acceptés") for p in problems
    )


def test_an_alias_at_the_start_of_text_is_explained() -> None:
    _, problems = load("title: *important* le titre\n")
    assert problems == [
        (
            "laws/notions/x.yaml:1:8: erreur [syntax]: YAML lit « * » au début d'une valeur comme un alias\n"
            "  piste : un texte qui commence par * (gras ou italique Markdown...) doit être entre guillemets : "
            '"*..."'
        )
    ]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_000, 120_000])
def test_deep_nesting_is_refused_without_crashing(depth: int) -> None:
    """libyaml's own composer overflows the C stack on ~100k levels; the event reader does not."""
    data, problems = load("title: x\naliases: " + "[" * depth + "]" * depth + "\n")
    assert data is None, "a file nested too deep is refused as a whole"
    assert problems == [
        (
            f"laws/notions/x.yaml:2:{10 + MAX_DEPTH - 1}: erreur [too-deep]: la structure a plus de "
            f"{MAX_DEPTH} niveaux d'imbrication\n  piste : les entrées sont plates : la référence du "
            "format donne la forme de chaque champ"
        )
    ]


@pytest.mark.parametrize("prefix", ["title: x\ntitle: ", "title: !!python/object ", "title: &a ", "? "])
def test_deep_nesting_is_refused_even_inside_a_value_that_is_skipped(prefix: str) -> None:
    """A duplicate key, a refused tag or a complex key skip their value: its depth still counts."""
    raw = (prefix + "[" * 50_000 + "]" * 50_000 + "\n").encode()
    loaded = load_bytes(raw, Path("laws/notions/x.yaml"), "laws/notions/x.yaml")
    assert loaded.data is None
    assert "too-deep" in [p.code for p in loaded.problems], loaded.problems


def test_deep_nesting_in_a_separate_process_does_not_crash(tmp_path: Path) -> None:
    """The same through the CLI: a crash of the C parser would kill the process (no Python traceback)."""
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    text = NOTION.read_text(encoding="utf-8").replace("aliases: [plainte]", "aliases: " + "[" * 120_000 + "]" * 120_000)
    (laws / "notions" / "paradoxe-reclamation.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", str(laws))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "[too-deep]: la structure a plus de 16 niveaux d'imbrication" in result.stdout


def test_very_long_numbers_are_refused_not_crashing() -> None:
    digits = "9" * 5000  # Python refuses int() on more than 4300 digits
    data, problems = load(f"order: {digits}\n")
    assert data == {"order": None}
    assert len(problems) == 1 and "[bad-number]: le nombre 99999999999999999999... est trop long" in problems[0]


def test_duplicate_keys_keep_the_first_value_and_say_so() -> None:
    data, problems = load("title: Premier\nsummary: s\ntitle: Second\n")
    assert data == {"title": "Premier", "summary": "s"}
    assert problems == [
        (
            "laws/notions/x.yaml:3:1: erreur [duplicate-key]: clé « title » en double (déjà donnée à la ligne 1)\n"
            "  piste : gardez-en une seule : YAML effacerait la première sans rien dire"
        )
    ]


def test_control_characters_and_utf16_are_located() -> None:
    _, problems = load("title: abc\nsummary: a\x07b\n")
    assert problems[0].startswith(
        "laws/notions/x.yaml:2:11: erreur [encoding]: le fichier contient un caractère de contrôle invisible (U+0007)"
    )
    _, problems = load("title: abc\n".encode("utf-16"))
    assert problems[0].startswith("laws/notions/x.yaml:1:1: erreur [encoding]: le fichier est enregistré en UTF-16")


def test_a_key_among_list_items_is_explained_by_the_structure_and_other_errors_keep_libyaml_words() -> None:
    _, problems = load("title: x\nchecklist:\n  - Écouter\n  note: appeler\n")
    assert problems == [
        "laws/notions/x.yaml:4:3: erreur [syntax]: erreur de syntaxe YAML : cette ligne ne suit pas la structure "
        "des lignes au-dessus\n  piste : vérifiez le retrait : les champs commencent en début de ligne ; les éléments "
        "de liste (« - ») et les sous-champs sont décalés de deux espaces, tous de la même façon"
    ]
    _, problems = load("%FOO\n---\ntitle: x\n")
    assert problems[0].startswith(
        "laws/notions/x.yaml:1:5: erreur [syntax]: erreur de syntaxe YAML (message du lecteur YAML, en anglais : "
        "« found unknown directive name »)"
    )


def test_a_backslash_between_double_quotes_is_told_and_doubling_it_fixes_it() -> None:
    text = 'title: x\nsummary: "Rangez-la dans S:\\Clients, puis rappelez."\n'
    _, problems = load(text)
    assert problems == [
        "laws/notions/x.yaml:2:28: erreur [syntax]: entre guillemets doubles, « \\C » n'est pas une séquence "
        "d'échappement que YAML connaît\n  piste : écrivez la barre oblique inverse deux fois (\\\\), ou mettez le "
        "texte entre apostrophes ('...'), où elle ne compte pas"
    ]
    data, problems = load(text.replace("\\", "\\\\"))  # what the hint says
    assert problems == [] and data is not None and data["summary"] == "Rangez-la dans S:\\Clients, puis rappelez."


def test_text_starting_with_exclamation_marks_is_told_to_be_quoted_and_quoting_fixes_it() -> None:
    _, problems = load("title: !!! Attention\n")
    assert [p.split("\n")[1] for p in problems] == [
        '  piste : un texte qui commence par « ! » doit être entre guillemets : "!!!..."'
    ]
    data, problems = load('title: "!!! Attention"\n')
    assert problems == [] and data == {"title": "!!! Attention"}
    _, problems = load("title: !!python/object x\n")  # a real tag: removed, not quoted
    assert problems[0].endswith(
        "piste : supprimez l'étiquette : une entrée ne contient que du texte, des nombres, des listes et des "
        "suites de clés"
    )


def test_a_file_that_cannot_be_read_is_one_located_error(tmp_path: Path) -> None:
    from playbook.core.loader import load_file
    from playbook.core.messages import use_language

    loaded = load_file(tmp_path, "laws/notions/x.yaml")  # a folder: open() fails
    assert loaded.data is None and [p.format() for p in loaded.problems] == [
        "laws/notions/x.yaml:1:1: erreur [unreadable]: impossible de lire le fichier : c'est un dossier\n"
        "  piste : vérifiez ses droits d'accès"
    ]
    with use_language("en"):
        assert load_file(tmp_path, "x.yaml").problems[0].message == "cannot read the file: Is a directory"


def test_locate_and_node_text_find_values_keys_and_items() -> None:
    text = "# modeline\nid: x\nrelations:\n  see_also: [a, b]\nchecklist:\n  - un\n  - '1.10'\n"
    assert locate(text, ["id"]) == (2, 5)
    assert locate(text, ["relations", "see_also"], key=True) == (4, 3)
    assert locate(text, ["relations", "see_also", 1]) == (4, 17)
    assert locate(text, ["checklist", 1]) == (7, 5)
    assert locate(text, ["nope"]) == (2, 1)  # as deep as it exists: the mapping itself
    assert node_text(text, ["checklist", 1]) == "1.10"
    assert locate("a: [unclosed\n", ["a"]) == (1, 1)


def test_the_whole_loader_never_imports_an_unsafe_constructor() -> None:
    from playbook.core import loader

    source = Path(loader.__file__).read_text(encoding="utf-8")
    for unsafe in ("yaml.load(", "yaml.unsafe_load", "FullLoader", "UnsafeLoader", "Constructor"):
        assert unsafe not in source, unsafe
    assert "yaml" in sys.modules


# --- the quick reader and the careful one -----------------------------------------------------


def both_ways(text: str) -> tuple[LoadedFile, LoadedFile]:
    """(what load_bytes gives, what the careful reader alone gives) for the same text."""
    from playbook.core import loader

    shown = "laws/notions/x.yaml"
    quick = load_bytes(text.encode("utf-8"), Path(shown), shown)
    careful = loader._read_carefully(LoadedFile(Path(shown), shown, None, text=text), text)
    return quick, careful


def deep(depth: int, inner: str) -> str:
    """A block structure ``depth`` levels deep (mapping, list, mapping...: one more per line) around
    ``inner``, a mapping."""
    lines = ["id: x"]
    for level in range(depth - 1):
        indent = "  " * level
        lines.append(f"{indent}k{level}:" if level % 2 == 0 or level == 0 else f"{indent}- k{level}:")
    indent = "  " * (depth - 1)
    lines.extend(indent + line for line in inner.splitlines())
    return "\n".join(lines) + "\n"


UNUSUAL = {
    "too deep (block)": deep(MAX_DEPTH + 1, "a: b"),
    "too deep (flow)": "title: x\naliases: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "exactly too deep": "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",
    "alias deep inside": deep(8, "a: &x [1]\nb: *x"),
    "alias without anchor": "title: x\nlist: [a, *b]\n",
    "anchor on a key": "title: x\n&k summary: s\n",
    "anchor on a mapping": "relations: &r\n  see_also: [a]\n",
    "tag on a value": "title: !!str x\nsummary: !!python/object:os.system s\n",
    "tag on a list": "tags: !!set [a, b]\n",
    "non-specific tag": "title: ! x\n",
    "duplicate keys at depth": deep(6, "a: 1\nb: 2\na: 3"),
    "duplicate keys at the top": "title: a\nsummary: b\ntitle: c\n",
    "typed keys": "true: x\n12: y\n~: z\n",
    "complex key": "? [a, b]\n: c\n",
    "ambiguous values at depth": deep(5, "a: Non\nb: 1.10\nc: 2024-01-01\nd: oui"),
    "ambiguous where a number is expected": "order: 4.5\n",
    "dates where text is expected": "title: 2026-06-05\nchanges:\n  - {date: 2026-06-05, note: 2026-06-05}\n",
    "a date with a time where a date is expected": "reviewed: 2026-06-05 10:00\nchanges:\n  - date: 2026-7-1\n",
    "number too long": "order: " + "9" * 40 + "\n",
    "several documents": "title: a\n---\ntitle: b\n",
    "a list": "- a\n- b\n",
    "a single value": "texte\n",
    "empty document": "# rien\n---\n",
    "null document": "~\n",
    "syntax error": "title: [a\nsummary: b\n",
    "control character": "title: a\x07b\n",
    "control character in a comment": "title: ab # \x1b\n",
    "control character written as an escape": 'title: "a\\eb"\nsummary: "équipe"\n',
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_the_quick_reader_leaves_anything_unusual_to_the_careful_one(name: str) -> None:
    from playbook.core import loader

    text = UNUSUAL[name]
    assert loader._read_quickly(text) is None
    quick, careful = both_ways(text)
    assert (quick.data, quick.problems, quick.refused) == (careful.data, careful.problems, careful.refused)


def test_unusual_files_still_report_their_problems_where_they_are() -> None:
    """Not only the same as the careful reader: the problems are there, at their place."""
    quick, _ = both_ways(UNUSUAL["duplicate keys at depth"])
    assert [(p.line, p.column, p.code) for p in quick.problems] == [(9, 11, "duplicate-key")]
    quick, _ = both_ways(UNUSUAL["anchor on a key"])
    assert [(p.line, p.column, p.code) for p in quick.problems] == [(2, 1, "alias")]
    quick, _ = both_ways(UNUSUAL["alias deep inside"])
    assert [p.code for p in quick.problems] == ["alias", "alias"]
    quick, _ = both_ways(UNUSUAL["too deep (block)"])
    assert quick.data is None and [p.code for p in quick.problems] == ["too-deep"]
    quick, _ = both_ways(UNUSUAL["ambiguous values at depth"])
    assert [p.code for p in quick.problems] == ["ambiguous"] * 4


ORDINARY = {
    "typed values": "a: true\nb: 12\nc: ~\nd: texte\ne: '1.10'\nf: \"Non\"\ng: -3\nh:\ni: FALSE\nj: +0\n",
    "nested": "id: x\nrelations:\n  see_also: [a, b]\n  applies:\n    - c\nquotes:\n  - {text: t, author: ''}\n",
    "blocks": "body: |\n  ligne\n\n  - puce\nsummary: >\n  plié\n  ici\n",
    "markers": "---\ntitle: x\n...\n",
    "deepest allowed": deep(MAX_DEPTH, "a: b"),
    "quoted keys": "'title': x\n\"yes\": v\nno: z\n",
    "empty collections": "tags: []\nrelations: {}\n",
    "dates where dates are expected": (
        "reviewed: 2026-06-05\nchanges:\n  - {date: 2026-06-05, note: texte}\n  - date: 2026-07-01\n"
    ),
    "double-quoted text over lines, no escape": 'title: "Une réclamation\n  traitée"\nsummary: "e\n  \u0301té"\n',
    "text that looks like nothing special": "title: Nature & Découvertes\nsummary: 'a: b'\nx: N\u00e9\n",
}


@pytest.mark.parametrize("name", sorted(ORDINARY))
def test_the_quick_reader_reads_ordinary_files_as_the_careful_one_does(name: str) -> None:
    from playbook.core import loader

    text = ORDINARY[name]
    data = loader._read_quickly(text)
    assert data is not None, "an ordinary file should not need the careful reader"
    quick, careful = both_ways(text)
    assert careful.problems == [] and quick.problems == []
    assert quick.data == careful.data == data
    assert repr(quick.data) == repr(careful.data), "same types, same key order"


def test_a_value_that_may_be_typed_starts_with_one_of_the_quick_readers_characters() -> None:
    """The quick reader runs the typed-or-ambiguous regex only on plain values starting with one of
    _MAY_BE_TYPED's characters (or empty): no value starting with any other character may match it."""
    from playbook.core import loader

    tails = ["", "0", "1", "_1", ":30", ".5", "e5", ".inf", ".nan", "x1f", "b101", "-01-01", "2024-01-01", "\n"]
    words = ["true", "True", "FALSE", "null", "Null", "~", "y", "Yes", "NO", "on", "Off", "oui", "Non", ".inf", ".NaN"]
    for tail in [*tails, *words, *(w[1:] for w in words)]:
        for code in range(0x3000):
            value = chr(code) + tail
            if loader._NOT_JUST_TEXT.match(value) is not None:
                assert value[:1] in loader._MAY_BE_TYPED, repr(value)
    for value in ["", "12", "-3", "+0", "1.10", "2024-01-01", "0x1F", "1:30", "1_000", *words]:
        assert loader._NOT_JUST_TEXT.match(value) is not None and value[:1] in loader._MAY_BE_TYPED, repr(value)
