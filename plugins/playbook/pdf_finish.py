"""What every PDF of the playbook carries for readers of assistive technology, whatever printed it.

Chromium (``page.pdf(tagged=True, outline=True)``) and WeasyPrint (``pdf_variant="pdf/ua-1"``)
both write a structure tree, ``/Lang`` and an outline. :func:`finish` adds what a printer leaves
out, with pikepdf (the qpdf binding, which rewrites a PDF without touching its structure tree):

- the title shown by viewers (``/DisplayDocTitle``) and the XMP packet that claims PDF/UA-1 with
  the title and the language (``pdfuaid:part``, ``dc:title``, ``dc:language``);
- a description (``/Contents``) on every link annotation: the address, or « Aller à la page N »;
- links to the local server that printed the page (``http://127.0.0.1:…/x/``) rewritten to the
  site's public address, or made relative to nothing (removed) when the site has none: a PDF
  never points at the printing machine.

:func:`accessibility_problems` is the check the tests and ``make pdf`` / ``make book`` run on each
PDF: tagged, French, titled, with an outline and no unmarked text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pikepdf

LANG = "fr-FR"


@dataclass(frozen=True)
class Finish:
    title: str
    lang: str = LANG
    local_base: str = ""  #: the address the printer read the pages from ("" for none)
    public_base: str = ""  #: the site's public address (``site_url``), "" when unknown


def save_pdf(out: Path, name: str, data: bytes) -> None:
    """Write ``out/name`` through a ``.part`` file: never a half-written PDF under its real name."""
    target = out / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".pdf.part")
    partial.write_bytes(data)
    partial.replace(target)


def finish(data: bytes, options: Finish) -> bytes:
    """``data`` (a tagged PDF) with its title, language claim and link descriptions; see the module."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        root.Lang = pikepdf.String(options.lang)
        prefs = root.get("/ViewerPreferences")
        if not isinstance(prefs, pikepdf.Dictionary):
            prefs = root.ViewerPreferences = pikepdf.Dictionary()
        prefs.DisplayDocTitle = True
        pdf.docinfo["/Title"] = pikepdf.String(options.title)
        pdf.docinfo["/Creator"] = pikepdf.String("Playbook Relation Client")
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
            meta["pdfuaid:part"] = "1"
            meta["dc:title"] = options.title
            meta["dc:language"] = [options.lang]
            meta["pdf:Producer"] = str(pdf.docinfo.get("/Producer", ""))
        page_numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", pikepdf.Array()):
                if isinstance(annot, pikepdf.Dictionary) and annot.get("/Subtype") == "/Link":
                    _describe_link(annot, options, page_numbers)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _describe_link(annot: pikepdf.Dictionary, options: Finish, page_numbers: dict[tuple[int, int], int]) -> None:
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/URI":
        uri = str(action.URI)
        if options.local_base and uri.startswith(options.local_base):
            if options.public_base:
                uri = options.public_base.rstrip("/") + "/" + uri[len(options.local_base) :]
                action.URI = pikepdf.String(uri)
            else:  # no public address: a link to the printing machine would be a dead end
                del annot["/A"]
                annot.Contents = pikepdf.String("Lien sans adresse publique")
                return
        annot.Contents = pikepdf.String(uri)
    elif "/Contents" not in annot:
        target = _destination_page(annot)
        number = page_numbers.get(target.objgen) if target is not None else None
        annot.Contents = pikepdf.String(f"Aller à la page {number}" if number else "Lien interne")


def _destination_page(annot: pikepdf.Dictionary) -> pikepdf.Object | None:
    dest = annot.get("/Dest")
    action = annot.get("/A")
    if dest is None and isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo":
        dest = action.get("/D")
    if isinstance(dest, pikepdf.Array) and len(dest) and isinstance(dest[0], pikepdf.Dictionary):
        return dest[0]
    return None


@dataclass(frozen=True)
class PdfFacts:
    """What :func:`accessibility_problems` reads of a PDF."""

    tagged: bool
    lang: str
    title: str
    outline: int  #: number of outline items (all levels)
    pages: int
    unmarked_text: int  #: text-showing operators outside any marked-content sequence


def read_facts(data: bytes) -> PdfFacts:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        mark = pdf.Root.get("/MarkInfo")
        tagged = bool(isinstance(mark, pikepdf.Dictionary) and mark.get("/Marked")) and "/StructTreeRoot" in pdf.Root
        with pdf.open_outline() as outline:
            items = _count(outline.root)
        unmarked = sum(_unmarked_text(page) for page in pdf.pages)
        return PdfFacts(
            tagged,
            str(pdf.Root.get("/Lang", "")),
            str(pdf.docinfo.get("/Title", "")),
            items,
            len(pdf.pages),
            unmarked,
        )


def _count(items: Iterable[pikepdf.OutlineItem]) -> int:
    return sum(1 + _count(item.children) for item in items)


_TEXT_OPERATORS = frozenset({"Tj", "TJ", "'", '"'})


def _unmarked_text(page: pikepdf.Page) -> int:
    depth = count = 0
    for instruction in pikepdf.parse_content_stream(page):
        name = str(instruction.operator)
        if name in ("BMC", "BDC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name in _TEXT_OPERATORS and depth <= 0:
            count += 1
    return count


def accessibility_problems(data: bytes) -> list[str]:
    """What keeps ``data`` from being a tagged French PDF with a title and an outline ([] if none)."""
    facts = read_facts(data)
    problems = []
    if not facts.tagged:
        problems.append("not tagged (no structure tree)")
    if not facts.lang.lower().startswith("fr"):
        problems.append(f"language is {facts.lang!r}, not French")
    if not facts.title.strip():
        problems.append("no title")
    if facts.outline == 0:
        problems.append("no outline")
    if facts.unmarked_text:
        problems.append(f"{facts.unmarked_text} text operator(s) outside the tagged content")
    return problems
