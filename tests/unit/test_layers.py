"""The layers of ``plugins/playbook/``, declared here and checked over the import graph.

Every module belongs to one layer; a module imports only from its own layer or the layers below
it, never from a layer above, and the import graph has no cycle. Every import counts: at the top
of a module, inside a function, or under ``TYPE_CHECKING``. A new module must be given a layer
below, or this test fails and says so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE_DIR = REPO / "plugins" / "playbook"

#: Lowest first. Inside the core: format → loading → validation → model → rendering toolkit →
#: pages → build; the adapters (MkDocs plugin, command line, PDF printer) above the core.
#: A name is a prefix (``core.render`` holds ``core.render.urls``); a name ending in ``:`` is one
#: module only: the packages' ``__init__`` (``core:``, and ``:`` for the package itself), so a new
#: module under ``core/`` is not given a layer by accident.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "format",
        (
            "core.spec",
            "core.resources",
            "core.messages",
            "core.problems",
            "core.schema",
            "core.markdown_refs",
            "core.markdown_lint",
            "core.typography",
            "core.search_text",
            "core.reproducible",
            "core.edition",
            "core.sanitize",
            "core.settings",
        ),
    ),
    ("loading", ("core.corpus", "core.positions", "core.yaml_messages", "core.loader", "core.cache")),
    ("validation", ("core.fastcheck", "core.schema_messages", "core.validate", "core.thesaurus")),
    (
        "model",
        (
            "core.model",
            "core.pipeline",
            "core.search",
            "core.source_report",
            "core.history",
            "core.review",
            "core.living",
            "core:",
        ),
    ),
    ("rendering toolkit", ("core.render", "core.reference", "core.scaffold")),
    ("pages", ("core.pages",)),
    ("build", ("core.export", "core.feed", "core.incremental", "core.book", "core.build", "core.diff")),
    ("adapters", ("mkdocs_plugin", "cli", "pdf_printer", "pdf_finish", "book_printer", "__main__", "schema", ":")),
)


def module_name(path: Path) -> str:
    """``core/render/urls.py`` → ``core.render.urls``; a package is named by its folder."""
    parts = list(path.relative_to(PACKAGE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The index in :data:`LAYERS` of the longest declared prefix of ``module``."""
    best, found = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if prefix.endswith(":"):
                matches = module == prefix[:-1]
            else:
                matches = module == prefix or module.startswith(prefix + ".")
            if matches and len(prefix) > best:
                best, found = len(prefix), index
    assert found is not None, f"{module}: no layer declared for it in {__file__}"
    return found


def resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package's modules an import statement of ``module`` imports (others are ignored)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
        return [n.removeprefix("playbook.") for n in names if n == "playbook" or n.startswith("playbook.")]
    if node.level == 0:
        if not (node.module or "").startswith("playbook"):
            return []
        base = (node.module or "").removeprefix("playbook").lstrip(".")
    else:
        is_package = MODULES[module].name == "__init__.py"
        parts = module.split(".") if module else []
        keep = len(parts) - node.level + (1 if is_package else 0)
        base = ".".join(parts[:keep] + ([node.module] if node.module else []))
    targets = []
    for alias in node.names:
        sub = f"{base}.{alias.name}" if base else alias.name
        targets.append(sub if sub in MODULES else base)
    return targets


def imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.update(t for t in resolve(module, node) if t in MODULES and t != module)
        graph[module] = found
    return graph


GRAPH = imports()


def test_the_graph_is_read_from_the_sources() -> None:
    assert "core.render.renderer" in GRAPH["core.pages.entries"]
    assert "core.spec" in GRAPH["core.validate"]
    assert "core.validate" in GRAPH["core.pipeline"]  # an import inside a function counts


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_from_a_layer_above_its_own(module: str) -> None:
    upward = sorted(t for t in GRAPH[module] if layer_of(t) > layer_of(module))
    assert not upward, f"{module} ({LAYERS[layer_of(module)][0]}) imports from a layer above: " + ", ".join(
        f"{t} ({LAYERS[layer_of(t)][0]})" for t in upward
    )


def test_the_rendering_toolkit_imports_no_page_module() -> None:
    toolkit = [m for m in MODULES if m == "core.render" or m.startswith("core.render.")]
    assert toolkit
    assert not {m: GRAPH[m] for m in toolkit if any(t.startswith("core.pages") for t in GRAPH[m])}


def test_a_module_with_no_declared_layer_is_refused() -> None:
    """``test_every_module_has_a_layer`` is not vacuous: an undeclared module has no layer."""
    for undeclared in ("core.newcomer", "newcomer", "core.pages_extra"):
        with pytest.raises(AssertionError, match="no layer declared"):
            layer_of(undeclared)
    assert LAYERS[layer_of("core")][0] == "model" and LAYERS[layer_of("")][0] == "adapters"
    assert LAYERS[layer_of("core.render.urls")][0] == "rendering toolkit"


def test_the_import_graph_has_no_cycle() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " → ".join([*path[path.index(target) :], target]))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_no_private_name_is_taken_from_another_module() -> None:
    taken = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("playbook")):
                taken += [
                    f"{module}: {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert not taken


def test_an_upward_import_or_a_cycle_would_be_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks above fail on a graph with a violation (they are not vacuous)."""
    bad = {**GRAPH, "core.spec": {*GRAPH["core.spec"], "core.pages"}}
    monkeypatch.setitem(globals(), "GRAPH", bad)
    with pytest.raises(AssertionError, match="imports from a layer above"):
        test_no_module_imports_from_a_layer_above_its_own("core.spec")
    with pytest.raises(AssertionError, match="import cycle"):
        test_the_import_graph_has_no_cycle()
