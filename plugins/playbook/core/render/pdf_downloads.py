"""The PDFs of printable pages: which PDF belongs to a page, and whether that PDF is still current.

A printable page (a collection's checklist or trainer kit, an entry page with a checklist) has a
*fingerprint*: a hash of its Markdown and of the plugin's styles, i.e. of everything its PDF is
printed from. ``make pdf`` (:mod:`playbook.pdf_printer`) prints each page listed in the site's
``exports/imprimables.json`` and records, for each PDF, the fingerprint of what it printed and
the SHA-256 of the PDF's own bytes; the next build links a PDF from its page only while both
fingerprints match *and* the PDF's bytes are the ones recorded, so a PDF that no longer matches
its page, or that is not the one printed for it (an interrupted ``make pdf``, a file replaced by
hand or by a checkout), is never offered.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import say
from ..resources import ASSETS_DIR
from .urls import BOOKS_FOLDER, PDF_MANIFEST

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
    role: str  #: "checklist", "kit", "entry-checklist", "session-kit", "session-support" or "cards"
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
    """The PDFs available to this build: path below the PDF folder → fingerprint it was printed
    from, for the PDFs whose bytes are the ones recorded; ``digests``: their SHA-256."""

    available: Mapping[str, str] = field(default_factory=dict)
    digests: Mapping[str, str] = field(default_factory=dict)
    folder: Path | None = None
    mismatched: int = 0  #: PDFs listed whose bytes are not the recorded ones (never published)

    def current(self, pdf: str, fingerprint: str) -> bool:
        return self.available.get(pdf) == fingerprint

    def content(self, pdf: str) -> bytes | None:
        """The bytes of ``pdf``, read now, if they are still the recorded ones (else ``None``)."""
        digest = self.digests.get(pdf)
        if self.folder is None or digest is None:
            return None
        data = _read_pdf(self.folder, pdf)
        return data if data is not None and pdf_digest(data) == digest else None


def pdf_digest(data: bytes) -> str:
    """The digest recorded for a PDF: SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def _read_pdf(folder: Path, pdf: str) -> bytes | None:
    """The bytes of ``folder/pdf`` when it is a regular file inside ``folder`` (not through a link)."""
    path = folder / pdf
    if not pdf.endswith(".pdf") or not path.resolve().is_relative_to(folder.resolve()):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return stream.read()


def assets_digest(assets_dir: Path = ASSETS_DIR) -> str:
    """A hash of the plugin's styles and scripts: a PDF printed with other styles is out of date."""
    digest = hashlib.sha256()
    for path in sorted(assets_dir.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(markdown: str, digest: str) -> str:
    return hashlib.sha256(digest.encode() + b"\0" + markdown.encode("utf-8")).hexdigest()[:20]


#: Manifests of an older ``make pdf`` (no digests) are read as listing nothing current.
MANIFEST_FORMAT = 2


class DownloadsError(ValueError):
    """The PDF folder's manifest cannot be read (the message says how to fix it)."""


@dataclass(frozen=True)
class Printed:
    """What the manifest records of one PDF."""

    fingerprint: str  #: of the page it was printed from
    sha256: str  #: of the PDF's own bytes


def read_manifest(pdf_dir: Path) -> dict[str, Printed]:
    """The manifest of ``pdf_dir`` (empty when there is none, or when an older ``make pdf`` wrote
    it without digests); a manifest that is not what ``make pdf`` writes is a :class:`DownloadsError`."""
    manifest = pdf_dir / PDF_MANIFEST
    if not manifest.is_file():
        return {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        documents = data["documents"]
        if not isinstance(documents, dict) or not all(isinstance(k, str) for k in documents):
            raise TypeError("'documents' is not a mapping of PDF paths")
        if data.get("format") != MANIFEST_FORMAT:
            if all(isinstance(v, str) for v in documents.values()):
                return {}  # an older make pdf: no digests, nothing can be trusted as current
            raise TypeError(f"unknown format {data.get('format')!r}")
        printed = {}
        for pdf, record in documents.items():
            if not (
                isinstance(record, dict) and all(isinstance(record.get(k), str) for k in ("fingerprint", "sha256"))
            ):
                raise TypeError(f"{pdf}: not a fingerprint and a digest")
            printed[pdf] = Printed(record["fingerprint"], record["sha256"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise DownloadsError(say("_build", "not-a-manifest", manifest=manifest, error=error, folder=pdf_dir)) from None
    return printed


def read_downloads(pdf_dir: Path) -> Downloads:
    """The PDFs of ``pdf_dir`` whose bytes are the ones the manifest records, with the fingerprint
    of the page each was printed from. No folder or no manifest: no downloads."""
    printed = read_manifest(pdf_dir)
    available, digests, mismatched = {}, {}, 0
    for pdf, record in sorted(printed.items()):
        data = _read_pdf(pdf_dir, pdf)
        if data is None:
            continue
        if pdf_digest(data) != record.sha256:
            mismatched += 1
            continue
        available[pdf] = record.fingerprint
        digests[pdf] = record.sha256
    return Downloads(available, digests, pdf_dir if printed else None, mismatched)


def record_pdf(pdf_dir: Path, name: str, data: bytes, fingerprint: str) -> None:
    """Save one printed PDF (through a ``.part`` file: never a half-written PDF under its real
    name), then its record in the manifest: the fingerprint of what it was printed from and the
    digest of these bytes. Both printers (``make pdf``, ``make book``) save each PDF this way, so a
    run cut short anywhere leaves no record trusted over other bytes."""
    target = pdf_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".pdf.part")
    partial.write_bytes(data)
    partial.replace(target)
    write_downloads(pdf_dir, {**read_manifest(pdf_dir), name: Printed(fingerprint, pdf_digest(data))})


def replace_downloads(pdf_dir: Path, printed: Mapping[str, str], folder: str | None) -> Path:
    """After one printer's run (each PDF saved by :func:`record_pdf`): remove the PDFs and records
    it no longer makes. ``make pdf`` owns every PDF but those under ``livres/`` (``folder=None``,
    the books excluded), ``make book`` those under ``livres/`` (``folder="livres"``); the other's
    PDFs and records are kept."""

    def owned(path: str) -> bool:
        in_books = path.startswith(BOOKS_FOLDER + "/")
        return in_books if folder == BOOKS_FOLDER else not in_books

    for old in sorted(pdf_dir.rglob("*.pdf")):
        if owned(old.relative_to(pdf_dir).as_posix()) and old.relative_to(pdf_dir).as_posix() not in printed:
            old.unlink()
    records = read_manifest(pdf_dir)
    return write_downloads(pdf_dir, {k: r for k, r in records.items() if not owned(k) or k in printed})


def write_downloads(pdf_dir: Path, printed: Mapping[str, Printed]) -> Path:
    """Write the manifest atomically (a temporary file moved into place)."""
    manifest = pdf_dir / PDF_MANIFEST
    documents = {pdf: {"fingerprint": r.fingerprint, "sha256": r.sha256} for pdf, r in sorted(printed.items())}
    text = json.dumps({"format": MANIFEST_FORMAT, "documents": documents}, ensure_ascii=False, indent=2) + "\n"
    partial = manifest.with_name(PDF_MANIFEST + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(manifest)
    return manifest
