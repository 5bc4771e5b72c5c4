"""Reading printed PDFs in tests: text (pypdf), character positions and rasters (pypdfium2)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

MM = 72 / 25.4  #: PDF points per millimetre
A4_PT = (595.3, 841.9)


def norm(text: str) -> str:
    """NFKC (ligatures such as "ﬁ" → "fi", non-breaking spaces → spaces) and folded white space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def squash(text: str) -> str:
    """NFKC without any white space: lines wrapped at a hyphen or inside an id still match."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, by pypdf's extractor."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@dataclass
class Raster:
    """A page rendered in grey levels (0 black .. 255 white), with PDF → pixel conversion."""

    width: int
    height: int
    rows: list[bytes]
    scale: float
    page_height_pt: float

    def px(self, x_pt: float, y_pt: float) -> tuple[int, int]:
        return round(x_pt * self.scale), round((self.page_height_pt - y_pt) * self.scale)

    def dark(self, x: int, y: int, level: int = 110) -> bool:
        return 0 <= x < self.width and 0 <= y < self.height and self.rows[y][x] < level

    def dark_count(self) -> int:
        return sum(1 for row in self.rows for v in row if v < 110)


def raster(page: pdfium.PdfPage, scale: float = 4.0) -> Raster:
    bitmap = page.render(scale=scale, grayscale=True)
    width, height, stride, channels = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
    data = bytes(bitmap.buffer)
    rows = [data[y * stride : y * stride + width * channels : channels] for y in range(height)]
    return Raster(width, height, rows, scale, page.get_height())


@dataclass(frozen=True)
class Found:
    page: int
    left: float  #: PDF points of the first character's box
    bottom: float
    right: float
    top: float


class Located:
    """Every character of a PDF with its page and box; finds texts in reading order."""

    def __init__(self, pdf: bytes):
        self.document = pdfium.PdfDocument(pdf)
        self.text = ""
        self.where: list[tuple[int, int]] = []  # per normalised character: (page, char index)
        for page_no in range(len(self.document)):
            textpage = self.document[page_no].get_textpage()
            for i in range(textpage.count_chars()):
                char = unicodedata.normalize("NFKC", textpage.get_text_range(i, 1))
                for original in char:
                    c = " " if original.isspace() else original
                    if c == " " and self.text.endswith(" "):
                        continue
                    self.text += c
                    self.where.append((page_no, i))
            if not self.text.endswith(" "):
                self.text += " "
                self.where.append((page_no, -1))

    def find_all_in_order(self, texts: list[str], prefix: int = 24) -> list[Found | None]:
        """Where each text starts (its first ``prefix`` characters), each after the previous one."""
        results: list[Found | None] = []
        position = 0
        for text in texts:
            needle = norm(text)[:prefix]
            at = self.text.find(needle, position)
            if at < 0:
                results.append(None)
                continue
            position = at + len(needle)
            page_no, index = self.where[at]
            left, bottom, right, top = self.document[page_no].get_textpage().get_charbox(index)
            results.append(Found(page_no, left, bottom, right, top))
        return results


@dataclass(frozen=True)
class Box:
    width_mm: float
    height_mm: float
    sides_dark: tuple[float, float, float, float]  #: share of dark pixels along top, bottom, left, right
    inside_dark: int  #: dark pixels inside, away from the border


def box_left_of(image: Raster, found: Found) -> Box | None:
    """The outlined square just left of a text's first character, or ``None`` when there is none.

    Scans leftwards along the character's middle line for the box's right and left borders, then
    up and down its middle column for the top and bottom borders."""
    x_text, y_mid = image.px(found.left, (found.top + found.bottom) / 2)
    limit = x_text - round(9 * MM * image.scale)
    x = x_text - round(0.3 * MM * image.scale)
    while x > limit and not image.dark(x, y_mid):
        x -= 1
    if x <= limit:
        return None
    right = x
    while x > limit and image.dark(x, y_mid):
        x -= 1
    while x > limit and not image.dark(x, y_mid):
        x -= 1
    if x <= limit:
        return None
    left = x
    while image.dark(left - 1, y_mid):
        left -= 1
    x_mid = (left + right) // 2
    top = y_mid
    while top > y_mid - 8 * MM * image.scale and not image.dark(x_mid, top):
        top -= 1
    bottom = y_mid
    while bottom < y_mid + 8 * MM * image.scale and not image.dark(x_mid, bottom):
        bottom += 1
    while image.dark(x_mid, top - 1):
        top -= 1
    while image.dark(x_mid, bottom + 1):
        bottom += 1
    width, height = right - left + 1, bottom - top + 1

    def share(points: list[tuple[int, int]]) -> float:
        # a side is dark when the pixel or a neighbour is (anti-aliasing)
        hits = sum(
            1 for px, py in points if any(image.dark(px + dx, py + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        )
        return hits / len(points)

    sides = (
        share([(px, top) for px in range(left, right + 1)]),
        share([(px, bottom) for px in range(left, right + 1)]),
        share([(left, py) for py in range(top, bottom + 1)]),
        share([(right, py) for py in range(top, bottom + 1)]),
    )
    inset_x, inset_y = max(3, width // 4), max(3, height // 4)
    inside = sum(
        1
        for py in range(top + inset_y, bottom - inset_y + 1)
        for px in range(left + inset_x, right - inset_x + 1)
        if image.dark(px, py)
    )
    mm = image.scale * MM
    return Box(width / mm, height / mm, sides, inside)


def accessibility_findings(path: Path) -> list[str]:
    """What keeps the PDF at ``path`` from being accessible, by three readers: poppler's ``pdfinfo``
    (``Tagged: yes``), our own reading (:func:`playbook.pdf_finish.accessibility_problems`: French,
    a title, an outline, no text outside the tagged content) and the ``pdfua`` triage checker (12
    checks of PDF/UA-1; any finding, warnings included). [] when all three agree it is fine."""
    from playbook.pdf_finish import accessibility_problems

    findings = [f"{path.name}: {p}" for p in accessibility_problems(path.read_bytes())]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False, timeout=60)
    if re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE) is None:
        findings.append(f"{path.name}: pdfinfo does not say 'Tagged: yes' ({info.stdout or info.stderr})")
    pdfua = Path(sys.executable).with_name("pdfua")
    check = subprocess.run(
        [str(pdfua), "check", "--format", "json", str(path)], capture_output=True, text=True, check=False, timeout=120
    )
    if check.returncode != 0:
        report = json.loads(check.stdout) if check.stdout.startswith("{") else {"findings": [check.stderr]}
        messages = sorted(
            {f"{f['rule_id']}: {f['message']}" for f in report.get("findings", []) if isinstance(f, dict)}
        )
        findings.append(f"{path.name}: pdfua exit {check.returncode}: {messages or report}")
    return findings


def pdfium_page_texts(pdf: bytes) -> list[str]:
    """The text of each page, by PDFium (pypdfium2): lines as laid out."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def book_chapter_pages(pdf: bytes) -> tuple[dict[str, int], dict[str, int]]:
    """A printed book read as a reader does: the page its table of contents (« Sommaire ») gives
    for each chapter, and the page where each chapter starts (a page that opens with « Chapitre N »).
    Chapters are keyed by their number ("3"); pages are numbered from 1."""
    pages = [[norm(line) for line in text.splitlines() if line.strip()] for text in pdfium_page_texts(pdf)]
    starts: dict[str, int] = {}
    for number, lines in enumerate(pages, start=1):
        if lines and (match := re.fullmatch(r"Chapitre (\d+)", lines[0])):
            starts.setdefault(match[1], number)
    first = next(i for i, lines in enumerate(pages) if lines and lines[0] == "Sommaire")
    listed: dict[str, int] = {}
    pending = ""
    for lines in pages[first : min(starts.values(), default=len(pages)) - 1]:
        for line in lines[1:] if lines[0] == "Sommaire" else lines:
            pending = f"{pending} {line}".strip()
            if not re.search(r"[ .]\d+$", pending):
                continue  # a title wrapped onto the next line
            if chapter := re.fullmatch(r"(\d+)\. .*?[ .…]+(\d+)", pending):
                listed[chapter[1]] = int(chapter[2])
            pending = ""
    return listed, starts


def assert_boxes(pdf: bytes, items: list[str]) -> None:
    """Each item is printed with an empty, closed, square box of 2.3–5 mm at its left."""
    located = Located(pdf)
    found = located.find_all_in_order(items)
    missing = [item for item, where in zip(items, found, strict=True) if where is None]
    assert not missing, f"items not found by position: {missing}"
    images = {}
    for item, where in zip(items, found, strict=True):
        assert where is not None
        image = images.setdefault(where.page, raster(located.document[where.page]))
        box = box_left_of(image, where)
        assert box is not None, f"no box before {item!r}"
        assert 2.3 <= box.width_mm <= 5 and 2.3 <= box.height_mm <= 5, (item, box)
        assert abs(box.width_mm - box.height_mm) <= 0.5, (item, box)
        assert min(box.sides_dark) >= 0.95, (item, box)  # a closed outline
        assert box.inside_dark == 0, (item, box)  # empty
