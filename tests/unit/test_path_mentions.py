"""Every repository path named in the code, templates, style sheets, scripts and docs exists.

A comment that says « see core/views.py » after core/views.py has moved sends the next reader
nowhere; this test reads every ``.py .j2 .html .css .js .md`` file of the repository (not ``.venv``,
``node_modules``, the built ``site`` or other dot folders, nor the vendored third-party scripts) and
lists each path-like mention that names no file.

How a mention is found, in one linear pass per file: the text is cut into runs of path characters
(letters, digits, ``_ . / -``), each character in at most one run; a run is a mention when it has a
``/``, ends in a file extension and starts with a folder of the source tree (:data:`SOURCE_FOLDERS`).
Site addresses (``lois/index.md``, ``exports/seance.json``) and entry files (``laws/…``) start
with other names, so they are not mentions; that is the one rule that keeps false alarms out.

A mention exists when it names a file or folder from the repository, from the mentioning file's
own folder or one above it (``render/urls.py`` in ``core/pages/``), or from one of the roots a
reader of this code takes for granted (:data:`ROOTS`: ``playbook/cli.py``, ``core/spec.py``,
``fragments/qr.html.j2``). The only exceptions are listed with their reasons (:data:`NOT_FILES`, and
this file, whose examples of stale mentions are stale on purpose).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

SCANNED = (".py", ".j2", ".html", ".css", ".js", ".md")
#: Folders not read: the environments and outputs (dot folders are skipped too) and third-party code.
SKIPPED = {"node_modules", "site", "vendor", "__pycache__"}
#: Dot folders that are part of the project.
DOT_FOLDERS = {".github", ".ci", ".vscode"}
#: Names a mention may start with: the top-level source folders, the plugin's package and its folders.
#: Kept as a list (not read from the tree) so that a mention of a folder that has gone still fails.
SOURCE_FOLDERS = frozenset(
    {".ci", ".github", ".vscode", "docs", "plugins", "scripts", "tests"}
    | {"playbook", "assets", "core", "mkdocs_plugin", "schema", "templates", "theme"}
    | {"diff", "pages", "render", "book", "fragments", "kinds"}
)
#: Where a short mention is read from, besides the repository and the mentioning file's folders:
#: the package (``playbook/cli.py``), its folders, and the templates' folder, from which Jinja names
#: a template (``playbook/entry.md.j2``, ``fragments/qr.html.j2`` from the templates).
ROOTS = (
    "plugins",
    "plugins/playbook",
    "plugins/playbook/core",
    "plugins/playbook/templates",
    "plugins/playbook/templates/playbook",
)
#: The site's folder for the plugin's scripts and style sheets (``assets/playbook/playbook.js``):
#: an address of the built site, not of the repository.
SITE_ASSETS = "assets/playbook/"
#: Mentions that name a file on purpose absent, each with why.
NOT_FILES = {
    "docs/images/x.png": "an example address in validate.py's image check",
    "docs/lois/index.md": "a page tests/site/test_plugin_adapter.py writes in a temporary project",
}
#: This file: its examples of stale mentions are stale on purpose.
THIS = Path(__file__).resolve()

_RUN = re.compile(r"[\w./-]+")
_MENTION = re.compile(r"(?:[\w.-]+/)+[\w-][\w.-]*\.(?:py|js|css|j2|md|html|json|ya?ml|toml|sh|txt|lock|png|svg)")


def scanned_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and (not d.startswith(".") or d in DOT_FOLDERS))
        yield from (Path(folder) / f for f in sorted(files) if f.endswith(SCANNED))


def mentions(text: str) -> Iterator[tuple[int, str]]:
    """(line, path) of each path-like mention of ``text``."""
    line, seen = 1, 0
    for run in _RUN.finditer(text):
        path = run.group().rstrip(".").removeprefix("./")
        if path.startswith(("/", "..")) or path.startswith(SITE_ASSETS) or path.split("/", 1)[0] not in SOURCE_FOLDERS:
            continue
        if _MENTION.fullmatch(path):
            line += text.count("\n", seen, run.start())
            seen = run.start()
            yield line, path


def missing_mentions(root: Path) -> list[str]:
    missing = []
    for file in scanned_files(root):
        if file.resolve() == THIS:
            continue
        relative = file.relative_to(root)
        bases = [root / p for p in relative.parents] + [root / r for r in ROOTS]
        for line, path in mentions(file.read_text(encoding="utf-8")):
            if path not in NOT_FILES and not any((base / path).exists() for base in bases):
                missing.append(f"{relative}:{line}: {path}")
    return missing


def test_every_path_named_in_code_templates_styles_and_docs_exists() -> None:
    assert missing_mentions(REPO) == []


def test_the_scan_finds_a_stale_mention_and_reads_short_ones_from_their_roots(tmp_path: Path) -> None:
    core = tmp_path / "plugins" / "playbook" / "core"
    (core / "render").mkdir(parents=True)
    (core / "render" / "urls.py").write_text("", encoding="utf-8")
    (core / "spec.py").write_text("", encoding="utf-8")
    (tmp_path / "plugins" / "playbook" / "assets").mkdir()
    (tmp_path / "plugins" / "playbook" / "assets" / "a.css").write_text(
        "/* see core/views.py, core/render/urls.py\n   and core/spec.py. */\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "Pages: lois/index.md, exports/seance.json, assets/playbook/playbook.js, https://x.org/core/a.py,\n"
        "`plugins/playbook/core/spec.py` and `render/urls.py` and `tests/unit/test_gone.py`.\n",
        encoding="utf-8",
    )
    for hidden in ("node_modules", "site", ".venv"):
        (tmp_path / hidden).mkdir()
        (tmp_path / hidden / "x.js").write_text("// core/nowhere.py\n", encoding="utf-8")
    assert missing_mentions(tmp_path) == [
        "docs/index.md:2: tests/unit/test_gone.py",
        "plugins/playbook/assets/a.css:1: core/views.py",
    ]


def test_the_scan_is_linear_on_long_runs() -> None:
    """A run of path characters is matched once, anchored: no backtracking across runs."""
    text = ("core/" * 20_000 + "x") + " " + "a" * 100_000 + "/" + "\n" * 10
    assert list(mentions(text)) == []
    assert list(mentions("core/" * 20_000 + "x.py")) == [(1, "core/" * 20_000 + "x.py")]
