"""Pages that skip the sanitizer are exactly those where it would change nothing."""

from __future__ import annotations

import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINI_LAWS, MINI_MKDOCS_YML, REPO, run_mkdocs
from htmltools import article
from playbook.core.pipeline import check
from playbook.core.render import Renderer
from playbook.core.sanitize import clean_html

pytestmark = pytest.mark.slow

sys.path.insert(0, str(REPO / "scripts"))
from synth import generate  # noqa: E402


class _Events(HTMLParser):
    """Tags with their attributes, and text: what a browser builds, whatever the serialization."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.events.append(("text", " ".join(data.split())))


def _dom(fragment: str) -> list[tuple[str, ...]]:
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    return [e for e in parser.events if e[:2] not in (("end", "input"), ("end", "br"), ("end", "img"))]


def _content(page_html: str) -> str:
    body = article(page_html)
    return body[body.index("<h1"):]  # the page's content: after the theme's edit button, from its title


def test_sanitizing_a_plain_page_would_change_nothing(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(MINI_MKDOCS_YML, encoding="utf-8")
    generate(project / "laws", 60)
    shutil.copytree(MINI_LAWS, project / "laws", dirs_exist_ok=True)
    hostile = project / "laws" / "notions" / "paradoxe-reclamation.yaml"
    hostile.write_text(hostile.read_text(encoding="utf-8").replace(
        "Cela ne justifie pas de créer des problèmes.",
        'Cela ne justifie pas de créer des problèmes.\n  {: onclick="alert(1)" }\n\n'
        "  [lien](javascript:alert(2)) et <img src=x onerror=alert(3)>"), encoding="utf-8")
    assert run_mkdocs(project).returncode == 0

    result = check(project / "laws")
    assert result.playbook is not None
    pages = Renderer().render_all(result.playbook)
    plain = [p for p in pages if p.plain]
    assert len(plain) > 50 and any(not p.plain for p in pages)
    for page in pages:
        folder = page.src_uri.removesuffix(".md").removesuffix("/index")
        html = (project / "site" / folder / "index.html").read_text(encoding="utf-8")
        content = _content(html)
        if page.plain:
            assert _dom(clean_html(content)) == _dom(content), page.src_uri
        assert "onclick" not in content and "onerror" not in content and "javascript:" not in content, page.src_uri
    concept = next(p for p in pages if p.src_uri == "notions/paradoxe-reclamation.md")
    assert not concept.plain  # sanitized: see the assertions above


def test_overridden_templates_make_every_page_sanitized(tmp_path: Path) -> None:
    (tmp_path / "overrides" / "playbook").mkdir(parents=True)
    result = check(MINI_LAWS)
    assert result.playbook is not None
    assert not any(p.plain for p in Renderer(override_dirs=[tmp_path / "overrides"]).render_all(result.playbook))
    assert any(p.plain for p in Renderer().render_all(result.playbook))
