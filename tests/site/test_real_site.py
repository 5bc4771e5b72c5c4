"""The real playbook (mkdocs.yml + docs/ + laws/) builds with --strict in a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, copy_real_project, build_in_process
from htmltools import article, collect, h1, resolve
from playbook.core import check, spec

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
        assert h1(page).replace("\u202f", " ").replace("\u00a0", " ") == " ".join(entry.title.split())
    for kind in spec.KINDS:
        assert (real_site / kind.folder / "index.html").is_file()


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
            elif fragment and fragment not in collect(target.read_text(encoding="utf-8")).ids:
                broken.append(f"{page.relative_to(real_site)}: {label!r} → {href} (no #{fragment})")
    assert broken == []
