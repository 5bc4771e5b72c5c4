"""The core must outlive MkDocs 1.x: it imports and works with mkdocs unavailable."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import MINI_LAWS, REPO

BLOCK_MKDOCS = textwrap.dedent(
    """\
    import sys
    from importlib.abc import MetaPathFinder

    class NoMkdocs(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "mkdocs" or name.startswith("mkdocs."):
                raise ImportError(f"mkdocs is not installed (blocked by the test): {name}")
            return None

    sys.meta_path.insert(0, NoMkdocs())
    """
)


def test_core_and_cli_work_without_mkdocs(tmp_path) -> None:
    script = BLOCK_MKDOCS + textwrap.dedent(
        f"""\
        from pathlib import Path
        from playbook.core import check
        from playbook.core.pages import render_all
        from playbook.core.render.renderer import Renderer
        from playbook import cli
        result = check(Path({str(MINI_LAWS)!r}))
        assert result.ok, result.problems
        pages = render_all(Renderer(), result.playbook)
        assert any(p.src_uri == "lois/loi-temkin-4.md" for p in pages)
        assert cli.main(["validate", {str(MINI_LAWS)!r}]) == 0
        assert not any(m == "mkdocs" or m.startswith("mkdocs.") for m in sys.modules)
        print("pure")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("pure")


def test_no_core_module_mentions_mkdocs_imports() -> None:
    core = REPO / "plugins" / "playbook" / "core"
    offenders = [
        p.name
        for p in core.glob("*.py")
        if "import mkdocs" in p.read_text(encoding="utf-8") or "from mkdocs" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
