"""Where every generated page is, and the URLs between pages: one implementation of each.

- :class:`PageSpec`: the src_uri (``lois/x.md``) of every page made from entries;
  the printable pages' and exports' locations are the constants and functions below;
- :func:`page_url`: the URL MkDocs serves a page at (``lois/x.md`` → ``lois/x/``);
- :func:`relative_uri`: a page's src_uri relative to another (for Markdown links, which MkDocs
  rewrites); :func:`relative_url`: a served URL relative to a page's URL (for raw HTML and SVG,
  which MkDocs does not rewrite);
- :class:`SiteInfo`: the site's name and address, printed on sheets;
- :func:`edit_base`: where « Modifier cette page » of an entry leads, from MkDocs' settings.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from .. import spec
from ..messages import say

if TYPE_CHECKING:
    from ..model import Entry

#: The home page (``docs/index.md``), whose address a book prints on its cover.
HOME_URI = "index.md"
#: The plugin's scripts and style sheets in the site, and the files the build writes beside them.
ASSETS_FOLDER = "assets/playbook"
EDITION_CSS_URI = f"{ASSETS_FOLDER}/edition.css"
#: Vendored scripts, beside the scripts that load them (assets/trainers.js finds the QR script next
#: to its own address).
WORKER_SHIM_URI = f"{ASSETS_FOLDER}/iframe-worker/shim.js"
QR_SCRIPT_URI = f"{ASSETS_FOLDER}/qrcode-generator/qrcode.js"

#: Folder of the PDFs inside the site (and the layout of the local ``pdf/`` folder below it).
PDF_FOLDER = "pdf"
#: The books, below the PDF folder.
BOOKS_FOLDER = "livres"
#: The file ``make pdf`` writes next to the PDFs: path below the PDF folder → fingerprint and digest.
PDF_MANIFEST = "manifest.json"
CHECKLISTS_FOLDER = "listes"
KITS_FOLDER = "kits"
HUB_URI = "imprimables/index.md"
EXPORTS_FOLDER = "exports"
CSV_URI = f"{EXPORTS_FOLDER}/listes-de-controle.csv"
#: The columns of that file, in order (the printables' page names them too).
CSV_COLUMNS = ("collection", "identifiant", "titre", "action", "public")
JSON_URI = f"{EXPORTS_FOLDER}/playbook.json"
SCHEMA_URI = f"{EXPORTS_FOLDER}/entry.schema.json"
MANIFEST_URI = f"{EXPORTS_FOLDER}/imprimables.json"
#: « Ma séance », the session builder page, and the data it reads.
BUILDER_URI = "ma-seance/index.md"
SESSION_INDEX_URI = f"{EXPORTS_FOLDER}/seance.json"
#: The same data as a script, which the builder loads from a ``file://`` copy too (``make offline``),
#: where browsers refuse ``fetch``.
SESSION_SCRIPT_URI = f"{EXPORTS_FOLDER}/seance.js"
#: The search index's files (scripts, so that a ``file://`` copy loads them too).
SEARCH_FOLDER = "search"
#: The playbook for machines, at the site's root (https://llmstxt.org/).
LLMS_URI = "llms.txt"
#: « Nouveautés » and its Atom feed.
NEWS_URI = "nouveautes.md"
FEED_URI = "nouveautes.xml"
#: « Suivi des entrées », for contributors.
UPKEEP_URI = "contribuer/suivi.md"
#: The self-assessments, one per collection.
DIAGNOSTIC_FOLDER = "auto-diagnostic"
DIAGNOSTIC_INDEX_URI = f"{DIAGNOSTIC_FOLDER}/index.md"
#: Folder of the QR code files in the site.
QR_FOLDER = "qr"


#: Cards to cut out, one page per kind printed as cards (``cartes/cas.md``).
CARDS_FOLDER = "cartes"


def cards_uri(kind: spec.Kind) -> str:
    return f"{CARDS_FOLDER}/{kind.folder}.md"


def checklist_uri(collection: Entry) -> str:
    return f"{CHECKLISTS_FOLDER}/{collection.id}.md"


def kit_uri(collection: Entry) -> str:
    return f"{KITS_FOLDER}/{collection.id}.md"


def diagnostic_uri(collection: Entry) -> str:
    return f"{DIAGNOSTIC_FOLDER}/{collection.id}.md"


def session_kit_uri(session: Entry) -> str:
    """A session's « fiche d'animation », beside the collections' kits (ids are unique across kinds)."""
    return f"{KITS_FOLDER}/{session.id}.md"


def session_support_uri(session: Entry) -> str:
    """A session's « support participant », below its fiche d'animation."""
    return f"{KITS_FOLDER}/{session.id}/support.md"


def markdown_uri(entry: Entry) -> str:
    """Where an entry's Markdown is published: ``<kind folder>/<id>/index.md``."""
    return f"{entry.kind.folder}/{entry.id}/index.md"


def search_file_uri(name: str) -> str:
    """One file of the search index (``search/meta.js``)."""
    return f"{SEARCH_FOLDER}/{name}.js"


def qr_uri(src_uri: str) -> str:
    """The QR code file of the page built from ``src_uri`` (``listes/x.md`` → ``qr/listes/x.svg``)."""
    return f"{QR_FOLDER}/{src_uri.removesuffix('.md')}.svg"


def book_pdf(slug: str) -> str:
    """A book's PDF below the PDF folder (``livres/playbook-complet.pdf``)."""
    return f"{BOOKS_FOLDER}/{slug}.pdf"


def pdf_of(src_uri: str) -> str:
    """The PDF of a printable page, below the PDF folder (``listes/x.md`` → ``listes/x.pdf``)."""
    return src_uri[:-3] + ".pdf"


@dataclass(frozen=True)
class PageSpec:
    """Where generated pages go. ``entry_uri`` is the single rule for an entry's page path."""

    tags_folder: str = "etiquettes"
    views_folder: str = "vues"
    #: MkDocs' ``use_directory_urls``: ``lois/x.md`` is served as ``lois/x/`` (else ``lois/x.html``).
    directory_urls: bool = True

    def entry_uri(self, entry: Entry) -> str:
        return self.former_uri(entry, entry.id)

    def former_uri(self, entry: Entry, old_id: str) -> str:
        """Where the page of ``entry`` was when its id was ``old_id`` (its redirect lives there)."""
        return f"{entry.kind.folder}/{old_id}.md"

    def kind_index_uri(self, kind: spec.Kind) -> str:
        return f"{kind.folder}/index.md"

    def tag_uri(self, tag: str) -> str:
        return f"{self.tags_folder}/{spec.tag_slug(tag)}.md"

    def tags_index_uri(self) -> str:
        return f"{self.tags_folder}/index.md"

    def format_reference_uri(self) -> str:
        return "reference/format.md"

    def messages_uri(self) -> str:
        """The « Messages du validateur » page, beside the format reference."""
        return "reference/messages.md"

    def matrix_uri(self) -> str:
        return f"{self.views_folder}/matrice.md"

    def map_uri(self) -> str:
        return f"{self.views_folder}/carte.md"

    def url_path(self, src_uri: str) -> str:
        """The URL MkDocs serves a page at, relative to the site root (for links in raw HTML)."""
        return page_url(src_uri, self.directory_urls)


@dataclass(frozen=True)
class SiteInfo:
    """What the core needs to know about the site to print a page's address on paper, and whether
    its pages are read from disk."""

    name: str = "Playbook"
    url: str = ""  #: the site's public address (``site_url``), or "" when unknown
    directory_urls: bool = True
    #: the offline copy, opened from ``file://``: a page cannot fetch the files beside it, so what a
    #: script needs of them is embedded in the page (« Copier en Markdown »)
    from_disk: bool = False

    def page_url(self, src_uri: str) -> str:
        """The site-relative URL of a page (``listes/x.md`` → ``listes/x/``)."""
        return page_url(src_uri, self.directory_urls)

    def public_url(self, src_uri: str) -> str:
        """The address printed on a sheet: absolute when ``site_url`` is set."""
        path = self.page_url(src_uri)
        if not self.url:
            return path or "./"
        return self.url.rstrip("/") + "/" + path


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL a page is served at, relative to the site root (``lois/x.md`` → ``lois/x/``)."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def served_file(src_uri: str, directory_urls: bool) -> str:
    """The file that serves the URL of the page ``src_uri`` (``lois/x.md`` → ``lois/x/index.html``)."""
    url = page_url(src_uri, directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


@lru_cache(maxsize=1 << 16)
def relative_url(from_src_uri: str, target: str, directory_urls: bool = True) -> str:
    """``target`` (a site-relative URL) as seen from the page built from ``from_src_uri``.

    Cached: the pages made from whole collections (views, cards, « Suivi des entrées ») link
    every entry and are rendered again after each edit under ``mkdocs serve``, with the same pairs
    (15,000 per edit at 1,000 entries; ``posixpath.relpath`` was 10 % of the core's time)."""
    here = page_url(from_src_uri, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def relative_uri(target: str, here: str) -> str:
    """``target`` relative to the folder of ``here`` (both relative POSIX paths of pages).

    Same result as ``posixpath.relpath(target, posixpath.dirname(here) or ".")`` without its
    ``os.getcwd()`` and normalisations: generated pages have clean paths. Only the folders
    matter for the ``../`` part, so that part is cached per pair of folders, not per link."""
    target_dir, _, name = target.rpartition("/")
    return _relative_folder(target_dir, here.rpartition("/")[0]) + name


@lru_cache(maxsize=1 << 12)
def _relative_folder(target_dir: str, here_dir: str) -> str:
    """The prefix that leads from folder ``here_dir`` to folder ``target_dir`` ("", "../x/"...)."""
    base = here_dir.split("/") if here_dir else []
    parts = target_dir.split("/") if target_dir else []
    common = 0
    while common < len(base) and common < len(parts) and base[common] == parts[common]:
        common += 1
    return "".join(["../"] * (len(base) - common) + [p + "/" for p in parts[common:]])


@dataclass(frozen=True)
class EditBase:
    """Where « Modifier cette page » of an entry leads: ``url`` + the entry file's path in the project
    (``laws/lois/x.yaml``); no link when ``url`` is empty, and ``problem`` then says why."""

    url: str = ""
    problem: str = ""


def edit_base(repo_url: str, edit_uri: str, docs_dir: str, *, where: str = "mkdocs.yml") -> EditBase:
    """The project's edit URL, from MkDocs' ``repo_url`` and ``edit_uri``.

    ``edit_uri`` addresses the docs folder (``edit/main/docs/``: MkDocs appends a page's path in
    ``docs/`` to it), and an entry's file is outside that folder: the project's edit URL is
    ``edit_uri`` without its ``docs_dir`` (relative to the project, POSIX). An ``edit_uri`` that does
    not end with it (``edit/main/``) sends docs pages to the wrong file too: that is a problem located
    in ``where``, never entry links that silently lose their branch."""
    if not repo_url or not edit_uri:
        return EditBase()
    docs = posixpath.normpath(docs_dir).strip("/")
    uri = edit_uri.rstrip("/")
    if "?" in edit_uri or "#" in edit_uri or docs in ("", ".") or docs.startswith(".."):
        return EditBase(
            problem=say("_serve", "edit-links-impossible", config=where, edit_uri=edit_uri, docs_dir=docs_dir)
        )
    if uri != docs and not uri.endswith("/" + docs):
        fixed = f"{uri + '/' if uri else ''}{docs}/"
        return EditBase(
            problem=say("_serve", "edit-uri-misses-docs", config=where, edit_uri=edit_uri, docs=docs, fixed=fixed)
        )
    repo = repo_url if repo_url.endswith("/") else repo_url + "/"  # as MkDocs does
    return EditBase(urljoin(repo, uri[: len(uri) - len(docs)]))
