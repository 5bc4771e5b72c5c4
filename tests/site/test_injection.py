"""Content cannot inject into the site: scripts, event handlers, styles and unsafe links never
reach a built page, whatever field they are written in; titles are always shown as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import build_in_process, read_search_index
from htmltools import article

pytestmark = pytest.mark.slow

TITLE = "<script>alert('titre')</script> Titre <img src=x onerror=alert('t2')>"

EVIL = f"""\
id: piege
kind: concept
title: {json.dumps(TITLE)}
summary: "<b onmouseover=alert('s1')>résumé</b> [clic](javascript:alert('s2')) <script>alert('s3')</script>"
body: |
  Premier paragraphe.

  <script>alert('b1')</script>
  <img src=x onerror="alert('b2')">
  <a href="javascript:alert('b3')">lien HTML</a>
  <p style="color:red" onclick="alert('b4')">stylé</p>
  <div onmouseover="alert('b5')">div</div>
  <iframe src="https://evil.example/"></iframe>
  <svg><script>alert('b6')</script><a href="javascript:alert('b7')">svg</a></svg>
  <style>body {{ display: none }}</style>
  <form action="https://evil.example/"><input onfocus="alert('b8')" autofocus></form>
  <details open ontoggle="alert('b9')"><summary>d</summary>x</details>
  <object data="javascript:alert('b10')"></object>
  <math><mi xlink:href="javascript:alert('b11')">m</mi></math>

  Liens : [markdown](javascript:alert('m1')), [casse](JaVaScRiPt:alert('m2')),
  [entités](&#106;avascript:alert('m3')), [tabulation](java&#x09;script:alert('m4')),
  [deux-points](javascript&colon;alert('m5')), [référence][r], <javascript:alert('m6')>,
  [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==), [vb](vbscript:msgbox('m7')).

  ![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
  ![image2](javascript:alert('m8'))

  Paragraphe à attributs.
  {{: onclick="alert('a1')" style="background:red" #ok .classe-ok }}

  ## Titre de section {{: onmouseover="alert('a2')" }}

  [r]: javascript:alert('m9')

  Du code reste du texte : `<script>alert('code')</script>`.
checklist:
  - "<script>alert('c1')</script> cocher"
  - "[lien](javascript:alert('c2')) <img src=x onerror=alert('c3')>"
quotes:
  - text: "<img src=x onerror=alert('q1')> citation"
    author: "<script>alert('q2')</script>"
    context: "<a href=javascript:alert('q3')>contexte</a>"
aliases: ["<svg onload=alert('al1')>", "[x](javascript:alert('al2'))"]
tags: ["<b onclick=alert(1)>"]
source: article-temkin
source_note: "<script>alert('n1')</script> [n](javascript:alert('n2'))"
"""

UNSAFE_URL = re.compile(r"^\s*(?:javascript|data|vbscript)\s*:", re.I)


class Elements(HTMLParser):
    """Every element and attribute of a fragment, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.title_tags: list[str] = []
        self._in_title = False
        self.title_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if self._in_title:
            self.title_tags.append(tag)
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_text += data


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


THEME_BUTTONS = re.compile(r'<a [^>]*class="md-content__button[^"]*"[^>]*>.*?</a>', re.S)


#: Static SVG drawn by our own templates (the relation map); never allowed where entries' Markdown lands.
TEMPLATE_SVG = {"svg", "g", "path", "rect", "text", "title"}


def assert_inert(fragment: str, where: str, *, svg_allowed: bool = False) -> None:
    parsed = elements(THEME_BUTTONS.sub("", fragment))  # the theme's "edit" button carries an SVG icon
    forbidden = {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "form",
        "svg",
        "math",
        "link",
        "meta",
        "base",
        "use",
        "foreignobject",
        "animate",
        "set",
        "image",
    }
    for tag, attrs in parsed.tags:
        assert tag not in forbidden - (TEMPLATE_SVG if svg_allowed else set()), f"<{tag}> in {where}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}={value!r} on <{tag}> in {where}"
            assert name != "style" or tag in ("td", "th"), f"inline style on <{tag}> in {where}"
            if name in ("href", "src", "action", "data", "xlink:href", "formaction", "cite"):
                assert not UNSAFE_URL.match(value or ""), f"{name}={value!r} on <{tag}> in {where}"


@pytest.fixture(scope="module")
def evil_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_mini_project

    project = make_mini_project(tmp_path_factory.mktemp("evil"))
    (project / "laws" / "notions" / "piege.yaml").write_text(EVIL, encoding="utf-8")
    # the entry is also cited from another page, and its tag has a page: every place it shows up
    cas = project / "laws" / "cas" / "coolblue.yaml"
    cas.write_text(
        cas.read_text(encoding="utf-8").replace("see_also: [question-conflit]", "see_also: [question-conflit, piege]"),
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def built(evil_project: Path) -> Path:
    result = build_in_process(evil_project)  # not strict: warnings are allowed, the page is built
    assert result.returncode == 0, result.stderr
    return evil_project / "site"


def test_the_offline_copy_embeds_the_markdown_as_inert_text(evil_project: Path) -> None:
    from playbook.core.pages import render_all
    from playbook.core.pipeline import check
    from playbook.core.render.renderer import Renderer
    from playbook.core.render.urls import SiteInfo

    result = check(evil_project / "laws")
    assert result.playbook is not None
    pages = render_all(Renderer(site=SiteInfo(from_disk=True)), result.playbook)
    (page,) = [p for p in pages if p.src_uri == "notions/piege.md"]
    # « Copier en Markdown » from disk: the entry's Markdown as written, as escaped text, inert like code
    (source,) = re.findall(r'<pre class="pb-copy-md__source" aria-hidden="true">(.*?)</pre>', page.markdown, re.S)
    assert "<" not in source, source[source.find("<") - 80 : source.find("<") + 80]
    assert "&lt;script&gt;alert(&#39;b1&#39;)" in source


def test_the_entry_page_contains_no_script_handler_style_or_unsafe_link(built: Path) -> None:
    page = (built / "notions" / "piege" / "index.html").read_text(encoding="utf-8")
    body = article(page)
    assert_inert(body, "the article")
    # payloads written as HTML or as links are gone; the same text in an escaped field is plain text
    without_code = re.sub(r"<code>.*?</code>", "", body, flags=re.S)
    assert "pb-copy-md__source" not in body  # (the Markdown is embedded in the offline copy only: below)
    for marker in (
        "b1",
        "b2",
        "b3",
        "b4",
        "b5",
        "b6",
        "b7",
        "b8",
        "b9",
        "b10",
        "m1",
        "m2",
        "m3",
        "m4",
        "m8",
        "m9",
        "a1",
        "a2",
    ):
        assert f"alert('{marker}')" not in without_code, marker
    assert "&lt;javascript:alert('m6')&gt;" in body  # not an autolink for Markdown: inert, escaped text
    # what was written as text is shown as text
    assert "Premier paragraphe." in body and "Paragraphe à attributs." in body
    assert "&lt;script&gt;alert('code')&lt;/script&gt;" in body  # code stays code, escaped


def test_a_title_cannot_close_the_title_element(tmp_path: Path, evil_project: Path) -> None:
    """The theme writes `{{ page.title | striptags }}`, which unescapes: the title must survive it."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(evil_project, project, ignore=shutil.ignore_patterns("site"))
    entry = project / "laws" / "notions" / "piege.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8")
        .replace(f"title: {json.dumps(TITLE)}", 'title: "</title><script>alert(1)</script>"')
        .replace('tags: ["<b onclick=alert(1)>"]', 'tags: ["</title><script>alert(2)</script>"]'),
        encoding="utf-8",
    )
    assert build_in_process(project).returncode == 0
    site = project / "site"
    for page in [site / "notions" / "piege" / "index.html", *sorted((site / "etiquettes").rglob("index.html"))]:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in html, page
        assert elements(html).title_tags == [], page
    title = elements((site / "notions" / "piege" / "index.html").read_text(encoding="utf-8")).title_text
    assert title == "</title><script>alert(1)</script> - Mini playbook"


def test_every_page_of_the_site_is_inert(built: Path) -> None:
    """The entry appears on other pages too (links, tag pages, indexes): none carries its payload."""
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "<article" in html:
            where = str(page.relative_to(built))
            assert_inert(article(html), where, svg_allowed=where.startswith("vues/carte/"))
        parsed = elements(html)
        assert parsed.title_tags == [], f"markup inside <title> of {page}"
        for tag, attrs in parsed.tags:  # the theme's own markup: no handler, no unsafe URL either
            for name, value in attrs:
                assert not name.startswith("on"), (page, tag, name, value)
                if name in ("href", "src"):
                    assert not re.match(r"^\s*javascript\s*:", value or "", re.I), (page, tag, name, value)


def test_titles_are_always_escaped_text(built: Path) -> None:
    page = (built / "notions" / "piege" / "index.html").read_text(encoding="utf-8")
    parsed = elements(page)
    assert parsed.title_tags == []
    assert parsed.title_text.startswith(TITLE.replace("'", "'"))  # shown literally in the tab title
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", article(page), re.S)
    assert h1 is not None
    assert "&lt;script&gt;alert('titre')&lt;/script&gt;" in h1.group(1)
    assert "<img" not in h1.group(1)
    linking = (built / "cas" / "coolblue" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('titre')&lt;/script&gt;" in article(linking)


def test_the_search_index_holds_no_markup_from_content(built: Path) -> None:
    """The search box shows titles and summaries from the index (as text): they are stored as
    written, and no ``<`` reaches the index's scripts (no ``</script>``, no tag)."""
    for path in sorted((built / "search").glob("*.js")):
        assert "<" not in path.read_text(encoding="utf-8"), path
    index = read_search_index(built)
    docs = [doc for name, chunk in index.items() if name.startswith("d") for doc in chunk]
    trap = next(doc for doc in docs if doc[0] == "notions/piege/")
    assert trap[1] == TITLE


def test_a_strict_build_refuses_the_entry(evil_project: Path) -> None:
    result = build_in_process(evil_project, "--strict")
    assert result.returncode == 1
    for expected in (
        "le HTML brut (<script>)",
        "les liens « javascript: » ne sont pas permis",
        "les liens « data: » ne sont pas permis",
        "l'attribut « onclick » dans {: ...} n'est pas permis",
    ):
        assert expected in result.stderr, expected
    assert "Traceback" not in result.stderr
