"""The PDFs of printable pages: which PDF belongs to a page, and whether that PDF is still current.

A printable page (a collection's checklist or trainer kit, an entry page with a checklist) has a
*fingerprint*: a hash of its Markdown and of the plugin's styles, i.e. of everything its PDF is
printed from. ``make pdf`` (:mod:`playbook.pdf_printer`) prints each page listed in the site's
``exports/imprimables.json`` and records the fingerprint of what it printed next to the PDF; the
next build links a PDF from its page only while both fingerprints match, so a PDF that no longer
matches its page is never offered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import ASSETS_DIR
from .book_layout import BOOKS_FOLDER

#: Where the download link goes in a printable page's Markdown; replaced after hashing, so a
#: page's fingerprint does not depend on whether its PDF exists.
DOWNLOAD_SLOT = "<!--playbook-download-->"

#: Print modes: "page" prints the whole page; "sheet" prints only the page's ``.pb-sheet``
#: (an entry page's checklist), selected by ``<html data-pb-print="sheet">``.
PRINT_MODES = ("page", "sheet")


@dataclass(frozen=True)
class Printable:
    """One document ``make pdf`` prints: a page of the site and the PDF that belongs to it."""

    page: str  #: the page's src_uri (``listes/lois-temkin.md``)
    url: str  #: the page's site-relative URL (``listes/lois-temkin/``)
    pdf: str  #: the PDF's path below the PDF folder (``listes/lois-temkin.pdf``)
    mode: str  #: one of :data:`PRINT_MODES`
    title: str
    role: str  #: "checklist", "kit" or "entry-checklist"
    fingerprint: str

    def record(self) -> dict[str, str]:
        return {
            "page": self.url,
            "pdf": self.pdf,
            "mode": self.mode,
            "title": self.title,
            "role": self.role,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Downloads:
    """The PDFs available to this build: path below the PDF folder → fingerprint it was printed from."""

    available: Mapping[str, str] = field(default_factory=dict)

    def current(self, pdf: str, fingerprint: str) -> bool:
        return self.available.get(pdf) == fingerprint


def assets_digest(assets_dir: Path = ASSETS_DIR) -> str:
    """A hash of the plugin's styles and scripts: a PDF printed with other styles is out of date."""
    digest = hashlib.sha256()
    for path in sorted(assets_dir.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(markdown: str, digest: str) -> str:
    return hashlib.sha256(digest.encode() + b"\0" + markdown.encode("utf-8")).hexdigest()[:20]


#: The file ``make pdf`` writes next to the PDFs: path below the PDF folder → fingerprint.
PDF_MANIFEST = "manifest.json"


class DownloadsError(ValueError):
    """The PDF folder's manifest cannot be read (the message says how to fix it)."""


def read_downloads(pdf_dir: Path) -> Downloads:
    """The PDFs of ``pdf_dir`` that exist, with the fingerprint of the page each was printed from.

    No folder or no manifest: no downloads. A manifest that is not what ``make pdf`` writes is a
    :class:`DownloadsError`."""
    manifest = pdf_dir / PDF_MANIFEST
    if not manifest.is_file():
        return Downloads()
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        documents = data["documents"]
        if not isinstance(documents, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in documents.items()
        ):
            raise TypeError("'documents' is not a mapping of PDF paths to fingerprints")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise DownloadsError(
            f"{manifest}: not a PDF manifest written by `make pdf` ({error}); run `make pdf` again or delete {pdf_dir}"
        ) from None
    available = {}
    for pdf, print_fingerprint in sorted(documents.items()):
        path = (pdf_dir / pdf).resolve()
        if pdf.endswith(".pdf") and path.is_file() and path.is_relative_to(pdf_dir.resolve()):
            available[pdf] = print_fingerprint
    return Downloads(available)


def replace_downloads(pdf_dir: Path, printed: Mapping[str, str], folder: str | None) -> Path:
    """Record what one printer made and remove the PDFs it no longer makes: ``make pdf`` owns every
    PDF but those under ``livres/`` (``folder=None``, the books excluded), ``make book`` those under
    ``livres/`` (``folder="livres"``); the other's PDFs and manifest lines are kept."""

    def owned(path: str) -> bool:
        in_books = path.startswith(BOOKS_FOLDER + "/")
        return in_books if folder == BOOKS_FOLDER else not in_books

    for old in sorted(pdf_dir.rglob("*.pdf")):
        if owned(old.relative_to(pdf_dir).as_posix()) and old.relative_to(pdf_dir).as_posix() not in printed:
            old.unlink()
    kept = {k: v for k, v in read_downloads(pdf_dir).available.items() if not owned(k)}
    return write_downloads(pdf_dir, {**kept, **printed})


def write_downloads(pdf_dir: Path, printed: Mapping[str, str]) -> Path:
    manifest = pdf_dir / PDF_MANIFEST
    text = json.dumps({"documents": dict(sorted(printed.items()))}, ensure_ascii=False, indent=2) + "\n"
    manifest.write_text(text, encoding="utf-8")
    return manifest
