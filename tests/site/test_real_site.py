"""The real playbook (mkdocs.yml + docs/ + laws/) builds with --strict in a temp dir."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, build_in_process, copy_real_project
from htmltools import article, collect, h1, resolve, text
from playbook.core import check, spec
from playbook.core.typography import french_typography

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_real_project(tmp_path_factory.mktemp("real"))
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_one_page_per_entry_file(real_site: Path) -> None:
    result = check(REPO / "laws")
    assert result.playbook is not None and len(result.playbook) > 0
    for entry in result.playbook.entries.values():
        page = real_site / entry.kind.folder / entry.id / "index.html"
        assert page.is_file(), f"no page for {entry.display}"
        assert _spaces(h1(page)) == _spaces(french_typography(" ".join(entry.title.split())))
    for kind in spec.KINDS:
        assert (real_site / kind.folder / "index.html").is_file()


def _spaces(value: str) -> str:
    return value.replace("\u202f", " ").replace("\u00a0", " ")


def test_every_internal_link_in_generated_content_resolves(real_site: Path) -> None:
    broken = []
    pages = sorted(real_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        content = collect(article(page.read_text(encoding="utf-8")))
        for href, label in content.links:
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            target, fragment = resolve(real_site, page, href)
            if not target.is_file():
                broken.append(f"{page.relative_to(real_site)}: {label!r} → {href}")
            elif fragment.startswith("e=") and target.parent.name == "ma-seance":
                continue  # « Ma séance » reads the session from the fragment (assets/trainers.js)
            elif fragment and fragment not in collect(target.read_text(encoding="utf-8")).ids:
                broken.append(f"{page.relative_to(real_site)}: {label!r} → {href} (no #{fragment})")
    assert broken == []


#: What plain typing leaves that French typography does not want in prose: a straight apostrophe
#: between letters, a breakable space inside a number or before %, before « : ; ? ! » or inside
#: « » (after a link too: `[[x]] :`, review F13).
_PLAIN_TYPING = re.compile(r"[^\W\d_]'[^\W\d_]|\d \d{3}(?!\d)|\d %|\S [:;?!»]|« ")


def test_prose_has_french_typography(real_site: Path) -> None:
    """Contributors type plain text; the built pages, hand-written ones included (the home page,
    review F39), show ’, keep numbers on one line and never break a line before « : ; ? ! »."""
    found = []
    pages = sorted(real_site.rglob("index.html"))
    for page in pages:
        body = re.sub(r"(?is)<(code|pre|script|style)\b.*?</\1>", " ", article(page.read_text(encoding="utf-8")))
        prose = text(body)
        found += [f"{page.relative_to(real_site)}: {m.group(0)!r}" for m in _PLAIN_TYPING.finditer(prose)]
    assert len(pages) > 50
    assert found == [], found
    ritz_page = real_site / "cas" / "ritz-carlton-regle-2000-dollars" / "index.html"
    ritz = text(article(ritz_page.read_text(encoding="utf-8")))
    assert "2\u202f000 dollars" in ritz and "250\u202f000 dollars" in ritz and "0,8\u202f%" in ritz
