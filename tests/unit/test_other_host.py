"""One host check for every form of address (issue 27, item 3): ``validate`` refuses an image
that may load from another host and the sanitizer drops it, on the same vectors as Chromium's
own URL parser (tests/browser/test_other_host.py)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from playbook.core.markdown_lint import is_other_host, iter_markdown_issues
from playbook.core.sanitize import clean_html

VECTORS = json.loads((Path(__file__).parents[1] / "golden" / "other_host_vectors.json").read_text(encoding="utf-8"))[
    "vectors"
]


@pytest.mark.parametrize(("address", "other"), VECTORS, ids=[repr(v[0]) for v in VECTORS])
def test_the_host_check(address: str, other: bool) -> None:
    assert is_other_host(address) is other


#: Addresses that Markdown reads whole in ``![x](address)`` (a space or a control ends it there).
MARKDOWN_VECTORS = [v for v in VECTORS if not any(ord(c) <= 0x20 or c == ")" for c in v[0])]


@pytest.mark.parametrize(("address", "other"), MARKDOWN_VECTORS, ids=[repr(v[0]) for v in MARKDOWN_VECTORS])
def test_validate_refuses_every_image_that_may_load_from_another_host(address: str, other: bool) -> None:
    codes = [issue[3] for issue in iter_markdown_issues(f"Voir ![x]({address}) ici.")]
    assert ("remote-image" in codes or "unsafe-link" in codes) is other, codes


@pytest.mark.parametrize(("address", "other"), VECTORS, ids=[repr(v[0]) for v in VECTORS])
def test_the_sanitizer_drops_every_image_that_may_load_from_another_host(address: str, other: bool) -> None:
    cleaned = clean_html(f'<p><img src="{html.escape(address, quote=True)}" alt="x"></p>')
    assert ("src=" in cleaned) is not other, cleaned
