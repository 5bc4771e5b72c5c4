"""QR codes of printed sheets: the page's absolute address, drawn as SVG at build time.

Every printable page (collection checklist, trainer kit, entry checklist, session) carries, when
the site's address (``site_url``) is known, a QR code that leads a reader of the paper copy back
to the page. The code is one small SVG file per page (``qr/<page>.svg``), drawn by ``segno`` (pure
Python, no image library): vector paths, so it prints sharp at any size; the page shows it with
an ``<img>``, which every page may carry (inline SVG is kept on template-only pages alone).
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno


@lru_cache(maxsize=1 << 14)
def qr_svg(url: str) -> bytes:
    """An SVG QR code of ``url`` (error correction M: a crease or a stain does not stop it),
    with a quiet zone of two modules (the sheet's margins give the rest), black on white.

    The mask pattern is fixed: every reader decodes any of the eight, and choosing the "best"
    one (segno's default) costs four times as much for each of the thousands of sheets."""
    code = segno.make(url, error="m", micro=False, mask=2)
    out = io.BytesIO()
    code.save(out, kind="svg", border=2, xmldecl=False, svgns=True, omitsize=True, dark="#000", light="#fff", title=url)
    return out.getvalue()
