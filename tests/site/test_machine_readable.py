"""The playbook for machines: ``llms.txt`` (one line per entry) and each entry as Markdown at
``<folder>/<id>/index.md``, from the same data as the pages; every link in them resolves in the
built site, and « Copier en Markdown » on the entry pages copies that file (embedded in the page only
in the offline copy: tests/site/test_theme_layer.py). That two builds
write the same bytes, these files included, is tests/site/test_reproducible.py's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import build_in_process, copy_real_project, page_scripts
from playbook.core.typography import french_typography

pytestmark = pytest.mark.slow

LINK = re.compile(r"\]\(([^)\s]+)\)")
AUTOLINK = re.compile(r"<((?:\.|https?:)[^>\s]*)>")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_real_project(tmp_path_factory.mktemp("machine"))
    result = build_in_process(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def real_entries() -> list[dict]:
    root = Path(__file__).resolve().parents[2] / "laws"
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.yaml"))]


def folder_of(kind: str) -> str:
    from playbook.core import spec

    return spec.KINDS_BY_NAME[kind].folder


def resolves(site: Path, here: Path, target: str) -> bool:
    """Whether a relative link of the file ``here`` leads to a file of the site."""
    path = (here.parent / target.split("#", maxsplit=1)[0]).resolve()
    if path.is_dir():
        path = path / "index.html"
    return path.is_file() and path.is_relative_to(site.resolve())


def test_llms_txt_lists_every_entry_once_with_a_link_that_resolves(site: Path) -> None:
    text = (site / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith("# Playbook Relation Client\n\n> ")
    lines = [line for line in text.splitlines() if line.startswith("- [")]
    entries = real_entries()
    assert len(lines) == len(entries)
    links = [LINK.search(line)[1] for line in lines]  # type: ignore[index]
    assert sorted(links) == sorted(f"{folder_of(e['kind'])}/{e['id']}/index.md" for e in entries)
    assert [link for link in links if not resolves(site, site / "llms.txt", link)] == []
    assert re.search(r"^## Lois$", text, re.MULTILINE) and "édition du" in text


def test_every_entry_is_in_markdown_and_its_links_resolve(site: Path) -> None:
    broken = []
    for entry in real_entries():
        path = site / folder_of(entry["kind"]) / entry["id"] / "index.md"
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# {french_typography(entry['title'].strip())}\n"), path  # as the page shows it
        assert f"- Identifiant\xa0: `{entry['id']}`" in text
        assert "[[" not in text  # every reference became a link
        for item in entry.get("checklist", []):
            assert f"- [ ] {(item['text'] if isinstance(item, dict) else item).split()[0]}" in text
        targets = LINK.findall(text) + AUTOLINK.findall(text)
        broken += [
            f"{path.relative_to(site)}: {t}"
            for t in targets
            if not t.startswith("http") and not resolves(site, path, t)
        ]
        assert "- Page\xa0: <./>" in text  # its page, beside it
    assert broken == []


def test_the_copy_action_points_at_the_markdown_file_without_a_second_copy(site: Path) -> None:
    page = (site / "lois" / "loi-temkin-1" / "index.html").read_text(encoding="utf-8")
    assert 'class="pb-copy-md__file" href="index.md"' in page  # the script copies this file
    assert (site / "lois" / "loi-temkin-1" / "index.md").is_file()
    assert "pb-copy-md__source" not in page  # its text is not stored a second time in every page
    assert "copy-markdown.js" in page_scripts(site, page)  # a script file, not an inline script
