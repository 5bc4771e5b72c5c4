"""The share link of a session: what the site writes for « Ouvrir dans « Ma séance » » is what the
browser writes and reads (assets/seance-plan.js, tests/js/seance-plan.test.js): same vectors."""

from __future__ import annotations

import json

from conftest import REPO
from playbook.core.render.session_layout import clock, link_fragment

VECTORS = json.loads((REPO / "tests" / "fixtures" / "session-links.json").read_text(encoding="utf-8"))["vectors"]


def test_the_site_writes_the_share_links_the_browser_writes() -> None:
    for vector in VECTORS:
        blocks = [(ids, minutes, activity) for ids, minutes, activity in vector["blocks"]]
        assert link_fragment(blocks, vector["audience"], vector["title"]) == vector["fragment"]


def test_clock_times_are_those_the_browser_prints() -> None:
    assert clock(9 * 60) == "9\u00a0h\u00a000"
    assert clock(13 * 60 + 5) == "13\u00a0h\u00a005"
    assert clock(24 * 60 + 30) == "0\u00a0h\u00a030"
