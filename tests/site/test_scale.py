"""Scale: an entry page does not grow with the number of entries; the benchmark runs (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI_MKDOCS_YML, REPO, build_in_process

pytestmark = pytest.mark.slow

sys.path.insert(0, str(REPO / "scripts"))
from synth import entry_yaml, generate  # noqa: E402

NAV = "nav:\n  - Accueil: index.md\n  - Lois: lois/index.md\n  - Cas: cas/index.md\n"


def _build(root: Path, n: int) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MINI_MKDOCS_YML + NAV, encoding="utf-8")
    generate(root / "laws", n)
    result = build_in_process(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_an_entry_page_does_not_grow_with_the_number_of_entries(tmp_path: Path) -> None:
    small, large = _build(tmp_path / "n50", 50), _build(tmp_path / "n500", 500)
    checked = 0
    for i in range(0, 20):  # entries whose neighbours all exist in both corpora
        folder, entry_id, _ = entry_yaml(7, i)
        page = Path(folder) / entry_id / "index.html"
        a, b = (small / page).stat().st_size, (large / page).stat().st_size
        assert abs(b - a) <= 0.10 * a, f"{page}: {a} bytes with 50 entries, {b} with 500"
        checked += 1
    assert checked == 20

    # and on average over every entry page of each site
    def mean(site: Path) -> float:
        sizes = [p.stat().st_size for p in site.glob("*/*-0*/index.html")]
        return sum(sizes) / len(sizes)

    assert abs(mean(large) - mean(small)) <= 0.10 * mean(small)


def _bench(work: Path, *args: str) -> str:
    """What ``scripts/bench.py ARGS`` prints; it must succeed."""
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench.py"), *args, "--work", str(work)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    print(result.stdout)
    return result.stdout


def test_small_benchmark_runs_and_prints_its_tables(tmp_path: Path) -> None:
    args = ["--sizes", "10,20", "--rounds", "1", "--validate", "60", "--serve", "20", "--edits", "1"]
    out = _bench(tmp_path / "bench", *args)
    for needle in [
        "| build | wall median s | wall min–max s | CPU median s |",
        "ratio plugin/plain at N = 10: CPU time",
        "ratio plugin/plain at N = 20: CPU time",
        "flatness, N = smallest → largest",
        "site by kind of file at N = 20, MB (KB per entry file):",
        "  plugin: entry pages ",
        "| bare C-loader parse |",
        "| validate, cold |",
        "| validate, warm |",
        "ratio validate cold / bare parse: CPU",
        "| edit | edit → both pages served, s | server CPU s | pages rebuilt | incremental builder s |",
        "median edit → served:",
        "full builds in the whole session: 1",
    ]:
        assert needle in out, needle


def test_bench_against_a_commit_alternates_with_it_and_prints_the_ratios(tmp_path: Path) -> None:
    """``--against REF`` checks REF out in a git worktree, runs every benchmark on both, and
    removes the worktree afterwards (REF = HEAD here: the same code, so any commit would do)."""
    work = tmp_path / "bench"
    args = ["--against", "HEAD", "--sizes", "0", "--rounds", "1", "--validate", "20", "--serve", "10", "--edits", "1"]
    out = _bench(work, *args)
    for needle in [
        "against HEAD = ",
        "runs with this checkout's interpreter",  # the same lock file: no second environment
        "empty playbook (fixed cost, CPU median): plain ",
        "plugin @ HEAD ",
        "ratio this/HEAD, empty build: CPU time ",
        "| validate, cold @ HEAD |",
        "| validate, warm @ HEAD |",
        "ratio validate cold / bare parse @ HEAD: CPU ",
        "ratio this/HEAD, validate, cold: CPU ",
        "ratio this/HEAD, validate, warm: CPU ",
        "HEAD: full builds in the whole session: 1",
        "median @ HEAD edit → served: ",
        "ratio this/HEAD, edit → served: ",
        "load average at the end: ",
    ]:
        assert needle in out, needle
    worktrees = subprocess.run(["git", "-C", str(REPO), "worktree", "list"], capture_output=True, text=True, check=True)
    assert str(work) not in worktrees.stdout  # removed, and pruned
