"""The files the site gets besides its pages (core/build.py ``FILE_PRODUCERS``): every kind is
declared once, a kind declared there (and nowhere else) is written by the build, and two files at
one path, whichever kinds they come from, are refused with the path named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import MINI_LAWS
from playbook.core import build
from playbook.core.build import FILE_PRODUCERS, Made, Options, OutputsError, build_outputs
from playbook.core.render.urls import FEED_URI, SiteInfo, served_file


@pytest.fixture
def options(tmp_path: Path) -> Options:
    laws = tmp_path / "laws"
    shutil.copytree(MINI_LAWS, laws)
    with (laws / "notions" / "paradoxe-reclamation.yaml").open("a", encoding="utf-8") as entry:
        entry.write("former_ids: [ancien-paradoxe]\n")  # so that a redirect is made too
    # with a site URL, so that the QR codes of the sheets are made too
    return Options(laws, tmp_path, tmp_path / "pdf", history=False, site=SiteInfo(url="https://example.org/playbook/"))


def _producer_of(options: Options) -> dict[str, str]:
    """Each generated file's path → the name of the producer that made it (one build)."""
    made: dict[str, str] = {}
    outputs = build_outputs(options)
    context = Made(
        options,
        outputs.playbook,
        outputs.pages,
        outputs.renderer,
        outputs.edition,
        outputs.living,
        {},
        outputs.search,
        build.EMPTY,
    )
    for name, produce in FILE_PRODUCERS:
        for uri, _ in produce(context):
            made[uri] = name
    assert made.keys() == outputs.files.keys()
    return made


def test_every_kind_of_generated_file_is_declared_once_and_makes_files(options: Options) -> None:
    names = [name for name, _ in FILE_PRODUCERS]
    assert len(set(names)) == len(names)
    producer_of = _producer_of(options)
    # every declared kind makes at least one file of the mini playbook (none is stale)
    assert set(producer_of.values()) == set(names)
    assert producer_of[FEED_URI] == "feed"


def test_a_kind_of_file_declared_there_alone_is_written_by_the_build(
    options: Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    def titles(made: Made) -> list[tuple[str, bytes]]:
        text = "\n".join(sorted(e.title for e in made.playbook.entries.values()))
        return [("exports/titres.txt", text.encode("utf-8"))]

    monkeypatch.setattr(build, "FILE_PRODUCERS", (*FILE_PRODUCERS, ("titles", titles)))
    outputs = build_outputs(options)
    assert "Le paradoxe" in outputs.files["exports/titres.txt"].decode("utf-8")


@pytest.mark.parametrize("where", ["exports/", "search/", "a page"])
def test_a_file_written_where_another_output_is_is_refused_with_its_path(
    options: Options, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A file of another kind at an export's path, a search file's path, or a page's file: the
    later one would replace the earlier one. Before the declared list, only the exports among
    themselves, the redirects and the pages were compared."""
    outputs = build_outputs(options)
    if where == "a page":
        path = served_file(sorted(outputs.pages)[0], options.site.directory_urls)
    else:
        path = sorted(u for u in outputs.files if u.startswith(where))[0]

    def clash(made: Made) -> list[tuple[str, bytes]]:
        return [(path, b"autre chose")]

    monkeypatch.setattr(build, "FILE_PRODUCERS", (*FILE_PRODUCERS, ("clash", clash)))
    with pytest.raises(OutputsError, match=f"deux fichiers générés seraient écrits à {re.escape(path)}$"):
        build_outputs(options)


def test_a_single_build_forgets_caches_only_after_the_files_that_need_them(options: Options) -> None:
    """``Options.keep`` off (a single build, not ``mkdocs serve``): each producer's cache is let go
    once its files are made (``FORGET_AFTER``), so no later producer may need it. The files and
    pages are then byte for byte those of a build that keeps everything, and only producers
    forget."""
    from dataclasses import replace

    assert set(build.FORGET_AFTER) <= {name for name, _ in FILE_PRODUCERS}
    kept = build_outputs(options)
    single = build_outputs(replace(options, keep=False))
    assert single.files == kept.files
    assert {u: p.markdown for u, p in single.pages.items()} == {u: p.markdown for u, p in kept.pages.items()}
    assert single.export_cache == {} and single.renderer.markdown_bytes == {}
    assert all(page.entry_markdown is None for page in single.pages.values())
    assert kept.export_cache and kept.renderer.markdown_bytes
    assert any(page.entry_markdown is not None for page in kept.pages.values())
