"""The incremental builder's contract with `mkdocs serve` (no build here: stand-in callables)."""

from __future__ import annotations

import gc

import pytest

from playbook.mkdocs_plugin.serve import FullBuildNeeded, IncrementalBuilder


def test_an_incremental_rebuild_runs_without_garbage_collection_and_restores_it() -> None:
    seen: list[bool] = []
    builder = IncrementalBuilder(lambda: seen.append(gc.isenabled()) or 3, lambda *a: pytest.fail("full build"))
    assert gc.isenabled()
    builder()
    assert seen == [False] and gc.isenabled() and builder.incremental_builds == 1


@pytest.mark.parametrize("error", [FullBuildNeeded("new entry"), RuntimeError("boom")])
def test_anything_the_incremental_rebuild_cannot_do_gets_the_full_build(error: Exception) -> None:
    full: list[tuple] = []

    def rebuild() -> int:
        raise error

    builder = IncrementalBuilder(rebuild, lambda *args: full.append(args))
    builder()
    assert full == [()] and builder.full_builds == 1 and gc.isenabled()
    builder("config")  # the first build of `mkdocs serve` passes its config: always a full build
    assert full == [(), ("config",)]


def test_garbage_collection_stays_off_if_it_was_off() -> None:
    builder = IncrementalBuilder(lambda: 1, lambda *a: None)
    gc.disable()
    try:
        builder()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_full_build_unfreezes_the_previous_site_and_freezes_its_own() -> None:
    frozen_during: list[int] = []
    builder = IncrementalBuilder(lambda: None, lambda *a: frozen_during.append(gc.get_freeze_count()))
    try:
        gc.freeze()
        assert gc.get_freeze_count() > 0
        builder()  # rebuild() gives None: a full build is needed
        assert frozen_during == [0]  # the previous build's objects were collectable again
        assert gc.get_freeze_count() > 0  # and what this one left is kept out of collection passes
    finally:
        gc.unfreeze()
