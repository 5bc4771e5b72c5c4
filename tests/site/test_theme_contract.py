"""The theme contract (``mkdocs_plugin/theme_contract.py``): the installed mkdocs-material honours
it, a scratch copy of it with one partial dropped (or a block, a class, a hook) does not, and the
contract names everything our partials, templates, styles and scripts take from the theme."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import material
import pytest

from conftest import REPO
from playbook.mkdocs_plugin import theme_contract as contract

THEME = Path(material.__file__).parent / "templates"
OURS = REPO / "plugins" / "playbook"


def our_files() -> dict[Path, str]:
    """Our partials, templates, styles and scripts, and the adapter's Python (markup it writes)."""
    files = [
        *(OURS / "theme").rglob("*.html"),
        *(OURS / "templates").rglob("*.j2"),
        *(OURS / "assets").glob("*.css"),
        *(OURS / "assets").glob("*.js"),
        *(OURS / "mkdocs_plugin").glob("*.py"),
    ]
    return {p: p.read_text(encoding="utf-8") for p in sorted(files) if p.name != "theme_contract.py"}


@pytest.fixture
def scratch_theme(tmp_path: Path) -> Path:
    """A copy of the installed theme (without its 10,000 icons, but for the ones we use)."""
    scratch = tmp_path / "theme"
    shutil.copytree(THEME, scratch, ignore=shutil.ignore_patterns(".icons", "*.map", "__pycache__"))
    for icon in contract.ICONS:
        target = scratch / ".icons" / f"{icon}.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(THEME / ".icons" / f"{icon}.svg", target)
    assert contract.check_theme(scratch) == []
    return scratch


def test_the_installed_theme_honours_the_contract() -> None:
    assert [str(b) for b in contract.check_theme(THEME)] == []


def test_a_dropped_partial_is_caught(scratch_theme: Path) -> None:
    (scratch_theme / "partials" / "toc-item.html").unlink()  # our toc.html includes it
    assert contract.check_theme(scratch_theme) == [
        contract.Breach("template", "partials/toc-item.html", "the theme has no such file")
    ]


def test_a_partial_no_longer_included_a_renamed_block_a_class_and_a_hook_are_caught(scratch_theme: Path) -> None:
    base = scratch_theme / "base.html"
    text = base.read_text(encoding="utf-8")
    text = text.replace('{% include "partials/toc.html" %}', "", 1).replace("{% block scripts %}", "{% block js %}")
    base.write_text(text, encoding="utf-8")
    (stylesheet,) = (scratch_theme / "assets" / "stylesheets").glob("main.*.css")
    css = stylesheet.read_text(encoding="utf-8")
    stylesheet.write_text(re.sub(r"\.md-typeset__scrollwrap(?![\w-])", ".md-scrollwrap", css), encoding="utf-8")
    (bundle,) = (scratch_theme / "assets" / "javascripts").glob("bundle.*.js")
    bundle.write_text(bundle.read_text(encoding="utf-8").replace("document$", "page$"), encoding="utf-8")
    (scratch_theme / ".icons" / "material" / "magnify.svg").unlink()
    found = {(b.kind, b.name) for b in contract.check_theme(scratch_theme)}
    assert found == {
        ("include", "partials/toc.html"),
        ("block", "scripts"),
        ("class", "md-typeset__scrollwrap"),
        ("hook", "document$"),
        ("icon", "material/magnify"),
    }


def test_the_contract_names_every_theme_class_we_use() -> None:
    declared = set(contract.CSS_CLASSES) | {v.removeprefix("--") for v in contract.CSS_VARIABLES}
    used = {
        cls: [p.name for p, text in our_files().items() if cls in text]
        for cls in contract.used_classes(our_files().values())
    }
    assert {cls: where for cls, where in used.items() if cls not in declared} == {}
    assert set(contract.CSS_CLASSES) <= set(used)  # nothing declared that nobody uses


def test_the_contract_names_every_variable_partial_icon_and_translation_we_use() -> None:
    texts = our_files()
    joined = "\n".join(texts.values())
    assert set(re.findall(r"var\((--md-[\w-]+)\)", joined)) == set(contract.CSS_VARIABLES)
    partials = "\n".join(t for p, t in texts.items() if p.suffix == ".html")
    ours = {p.relative_to(OURS / "theme").as_posix() for p in (OURS / "theme").rglob("*.html")}
    included = set(re.findall(r'\{%-?\s*include\s+"([^"]+\.html)"', partials)) - ours
    assert included <= set(contract.TEMPLATES)
    icons = set(re.findall(r'or "([\w/-]+)"\s*%\}', partials))
    assert icons == set(contract.ICONS)
    keys = set(re.findall(r"lang\.t\([\"']([\w.]+)[\"']\)", partials))
    assert keys == set(contract.TRANSLATIONS)
    assert {p for _, p in contract.INCLUDES} <= ours
