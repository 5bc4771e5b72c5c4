"""Chromium's own URL parser against the project's host check (issue 27, item 3): on every vector
of tests/golden/other_host_vectors.json, wherever Chromium resolves an address to another host,
``is_other_host`` says so too (the check may be stricter, never laxer)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest

from playbook.core.markdown_lint import is_other_host

from .support import Site

pytestmark = pytest.mark.browser

VECTORS = json.loads((Path(__file__).parents[1] / "golden" / "other_host_vectors.json").read_text(encoding="utf-8"))[
    "vectors"
]


def test_chromium_finds_another_host_only_where_the_check_does(mini_site: Site, page: Any) -> None:
    page.goto(mini_site.page_url(""))
    # What an <img src> attribute holds once the HTML parser has read the character references.
    attributes = [html.unescape(address) for address, _ in VECTORS]
    resolved = page.evaluate(
        """(values) => values.map((value) => {
            const image = document.createElement('img');
            image.setAttribute('src', value);
            try { return new URL(image.getAttribute('src'), document.baseURI).host; }
            catch (error) { return null; }
        })""",
        attributes,
    )
    here = page.evaluate("() => location.host")
    for (address, other), host in zip(VECTORS, resolved, strict=True):
        if host is not None and host != here:
            assert is_other_host(address), f"Chromium loads {address!r} from {host}"
        if not other:
            assert host == here, f"{address!r} should stay on the site, Chromium says {host}"
