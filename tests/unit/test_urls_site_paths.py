"""Every site path lives in ``core/render/urls.py``: where a page type, an export, the search index,
a PDF or an asset sits in the built site is written there once, and every other module asks it.

The scan reads each module of the package (``ast``: string constants and f-strings, docstrings
left out) and names any literal shaped like a site path (``lois/{}.md``, ``exports/x.json``,
``{}/index.md``, ``nouveautes.xml``, a folder ``x/``) outside urls.py, and any module-level
``*_URI`` / ``*_FOLDER`` constant defined elsewhere. The few literals of that shape that are not
site paths (package files, template names of the theme) are listed with their reasons.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "plugins" / "playbook"
HOME = Path("core/render/urls.py")
_EXT = r"(?:md|html|json|js|css|xml|csv|txt|svg|pdf)"
#: A path of the site, ``{}`` standing for an f-string's placeholders: folders ending in ``/`` or
#: in a file of the site, or a file of the site alone.
SITE_PATH = re.compile(r"(?:[a-z0-9{}][\w{}.-]*/)+(?:[\w{}.-]*\." + _EXT + r")?|[\w{}-][\w{}.-]*\." + _EXT)
#: Literals of that shape that are not site paths, with why.
NOT_SITE_PATHS = {
    ("core/cache.py", "validate.json"): "the validation cache's file, in the project's .playbook-cache/",
    ("cli.py", "CONTRIBUTING.md"): "the repository's guide, where `messages --write` writes the table of messages",
    ("core/corpus.py", "{}/"): "a kind's folder under laws/, named in a message",
    ("core/resources.py", "entry.schema.json"): "a file of the package (the schema's source)",
    ("core/thesaurus.py", "thesaurus.schema.json"): "a file of the package",
    ("core/search_text.py", "search_words.json"): "a file of the package",
    ("mkdocs_plugin/theme.py", "shim.js"): "the vendored file in the package; its site path is urls.WORKER_SHIM_URI",
    ("mkdocs_plugin/theme.py", "qrcode.js"): "the vendored file in the package; its site path is urls.QR_SCRIPT_URI",
    ("mkdocs_plugin/theme.py", "diagnostic.js"): "a script's own name in the assets (the folder: urls.ASSETS_FOLDER)",
    ("mkdocs_plugin/theme.py", "quiz.js"): "a script's own name in the assets (the folder: urls.ASSETS_FOLDER)",
    ("mkdocs_plugin/theme.py", "plan.js"): "a script's own name in the assets (the folder: urls.ASSETS_FOLDER)",
    ("mkdocs_plugin/theme.py", "common.js"): "a script's own name in the assets (the folder: urls.ASSETS_FOLDER)",
    ("mkdocs_plugin/theme.py", "{}playbook.{}.css"): "the style bundle's name, below urls.ASSETS_FOLDER",
    ("mkdocs_plugin/theme.py", "{}playbook.{}.js"): "the script bundle's name, below urls.ASSETS_FOLDER",
    ("mkdocs_plugin/theme.py", "base.html"): "a template of the theme",
}
#: Files whose literals of that shape are names in the theme's folder, not in the site.
THEME_FILES = {"mkdocs_plugin/theme_contract.py": "the templates, icons and translations mkdocs-material must have"}


def literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each string constant and f-string (placeholders as ``{}``), docstrings left out."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(v) for v in node.values)
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            yield node.lineno, node.value


def location_constants(source: str) -> Iterator[tuple[int, str]]:
    """(line, name) of each module-level ``X_URI`` / ``X_FOLDER`` / ``FOLDER`` set to text."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant | ast.JoinedStr):
            for target in node.targets:
                if isinstance(target, ast.Name) and re.fullmatch(r"(?:\w+_)?(?:URI|FOLDER)", target.id):
                    yield node.lineno, target.id


def site_paths_outside_urls(package: Path) -> list[str]:
    found = []
    for file in sorted(package.rglob("*.py")):
        relative = file.relative_to(package)
        if relative == HOME or relative.as_posix() in THEME_FILES:
            continue
        source = file.read_text(encoding="utf-8")
        for line, text in literals(source):
            if SITE_PATH.fullmatch(text) and (relative.as_posix(), text) not in NOT_SITE_PATHS:
                found.append(f"{relative}:{line}: {text!r}")
        found.extend(
            f"{relative}:{line}: {name} (a location: its home is {HOME})" for line, name in location_constants(source)
        )
    return sorted(found)


def test_every_site_path_is_written_in_urls_py() -> None:
    assert site_paths_outside_urls(PACKAGE) == []


def test_the_exceptions_are_still_there() -> None:
    """An exception whose literal has gone is removed from the list, so the list stays short and true."""
    present = {
        (file.relative_to(PACKAGE).as_posix(), text)
        for file in PACKAGE.rglob("*.py")
        for _, text in literals(file.read_text(encoding="utf-8"))
    }
    assert set(NOT_SITE_PATHS) - present == set()


def test_the_scan_names_a_site_path_written_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "core" / "render").mkdir(parents=True)
    (tmp_path / "core" / "render" / "urls.py").write_text('NEWS_URI = "nouveautes.md"\n', encoding="utf-8")
    (tmp_path / "sample").mkdir()
    (tmp_path / "sample" / "x.py").write_text(
        '"""Pages under lois/x.md (a docstring: not a path)."""\n'
        'FOLDER = "auto-diagnostic"\n'
        "def uri(e):\n"
        '    return f"{FOLDER}/{e.id}.md"\n'
        'TEMPLATE = "playbook/entry.md.j2"\n'
        'KIT = "kits/" + "x"\n'
        'FEED = "nouveautes.xml"\n',
        encoding="utf-8",
    )
    assert site_paths_outside_urls(tmp_path) == [
        "sample/x.py:2: FOLDER (a location: its home is core/render/urls.py)",
        "sample/x.py:4: '{}/{}.md'",
        "sample/x.py:6: 'kits/'",
        "sample/x.py:7: 'nouveautes.xml'",
    ]
