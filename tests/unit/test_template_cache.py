"""Compiled templates kept between processes (``core/render/templates.py``): a template is
compiled once, compiled again when its source changes, never shared between environments that
compile differently, and never read from a folder another user could write into."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from playbook.core.render.templates import environment


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The names of the templates Jinja compiles from source, with a fresh user cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kw: Any) -> Any:
        names.append(str(name))
        return original(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def _render(folder: Path, **options: Any) -> str:
    """What a new process would do: a new environment, the template looked up and rendered."""
    return environment(jinja2.FileSystemLoader(str(folder)), **options).get_template("t.j2").render(x="<b>")


def test_a_template_is_compiled_once_then_again_when_its_source_changes(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "t.j2").write_text("a {{ x }}\n", encoding="utf-8")
    assert _render(tmp_path) == "a <b>\n"
    assert _render(tmp_path) == "a <b>\n"
    assert compiles == ["t.j2"]  # the second environment read the compiled code
    assert list((tmp_path / "cache" / "playbook" / "jinja").rglob("*.cache"))
    (tmp_path / "t.j2").write_text("b {{ x }}\n", encoding="utf-8")
    assert _render(tmp_path) == "b <b>\n"
    assert compiles == ["t.j2", "t.j2"]


def test_environments_that_compile_differently_do_not_share_compiled_code(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "t.j2").write_text("{{ x }}", encoding="utf-8")
    assert _render(tmp_path, autoescape=False) == "<b>"
    assert _render(tmp_path, autoescape=True) == "&lt;b&gt;"
    assert _render(tmp_path, autoescape=True, finalize=lambda v: f"[{v}]") == "[&lt;b&gt;]"
    assert len(compiles) == 3
    assert _render(tmp_path, autoescape=True) == "&lt;b&gt;"
    assert len(compiles) == 3


def test_a_folder_other_users_can_write_into_is_not_used(tmp_path: Path, compiles: list[str]) -> None:
    (tmp_path / "t.j2").write_text("{{ x }}", encoding="utf-8")
    folder = tmp_path / "cache" / "playbook" / "jinja"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert _render(tmp_path) == "<b>"
    assert _render(tmp_path) == "<b>"
    assert len(compiles) == 2  # compiled each time, as without a cache
    assert not list(folder.rglob("*.cache"))
