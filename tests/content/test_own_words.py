"""Own words: no entry shares a run of 12 words with the seed articles (the bar of
``shared/tools/overlap_check.py SEEDS laws/ 12``), checked on a clean clone, where the seeds are not:
against the fingerprints of their runs (``tests/fixtures/seed-runs.txt``, ``scripts/seed_runs.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import seed_runs

FINGERPRINTS = REPO / "tests" / "fixtures" / "seed-runs.txt"
#: The seed articles beside the checkout, where the team works (not on a clean clone).
SEEDS = REPO.parent / "shared" / "seeds"


def known_runs() -> set[str]:
    lines = FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def shared_runs(text: str, keys: set[str]) -> list[str]:
    """The runs of ``text`` found among ``keys``, merged where they overlap (as overlap_check.py)."""
    found: list[str] = []
    last = -2
    for i, (key, run) in enumerate(seed_runs.runs(text)):
        if key not in keys:
            continue
        if i == last + 1 and found:
            found[-1] += " " + run.rsplit(" ", 1)[1]
        else:
            found.append(run)
        last = i
    return found


def test_no_entry_shares_twelve_words_with_the_seeds() -> None:
    keys = known_runs()
    assert len(keys) > 1000, "the seeds' fingerprints are there"
    shared = {
        str(path.relative_to(REPO)): runs
        for path in sorted((REPO / "laws").rglob("*.y*ml"))
        if (runs := shared_runs(path.read_text(encoding="utf-8"), keys))
    }
    assert shared == {}, "say it in your own words: " + "; ".join(f"{p}: « {r[0]} »" for p, r in shared.items())


def test_the_check_sees_a_copied_sentence(tmp_path: Path) -> None:
    """It can fail: a seed's sentence copied into an entry, even re-typeset (capitals, accents,
    typographic apostrophes, line breaks), is found; the same words in another order are not."""
    seed = tmp_path / "seeds"
    seed.mkdir()
    sentence = (
        "Le conseiller a pris le temps d'écouter la cliente jusqu'au bout avant de proposer "
        "une solution qui lui convenait vraiment, et elle est revenue"
    )
    (seed / "article.txt").write_text("Introduction. " + sentence + " la semaine suivante.", encoding="utf-8")
    keys = set(seed_runs.fingerprints(seed))
    copied = "summary: |\n  LE CONSEILLER a pris le temps d’écouter la cliente\n  jusqu’au bout avant de proposer une"
    assert shared_runs(copied, keys) == [
        "le conseiller a pris le temps d ecouter la cliente jusqu au bout avant de proposer une"
    ]
    assert shared_runs("summary: " + " ".join(reversed(sentence.split())), keys) == []


def test_the_fingerprints_are_those_of_the_seeds() -> None:
    """Where the seeds are (the team's machines), the committed fingerprints are theirs."""
    if not SEEDS.is_dir():
        pytest.skip(f"no seed articles at {SEEDS} (a clean clone): the committed fingerprints are used")
    assert sorted(known_runs()) == seed_runs.fingerprints(SEEDS), "run scripts/seed_runs.py again"
