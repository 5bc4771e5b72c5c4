"""The own-words check without the seed articles: fingerprints of every run of 12 words of the seeds.

The five seed articles the playbook is written from stay out of the repository (they are not ours).
Every run of ``RUN`` consecutive words of theirs is kept as a truncated SHA-256 of the run (never the
words), in ``tests/fixtures/seed-runs.txt``; ``tests/content/test_own_words.py`` checks on a clean
clone that no entry under ``laws/`` shares such a run with the seeds (the bar of
``shared/tools/overlap_check.py SEEDS laws/ 12``: zero runs). Words are read as that tool reads them:
accents and case folded, typographic apostrophes made plain, runs of letters and digits.

Usage, when the seeds change::

    .venv/bin/python scripts/seed_runs.py ../shared/seeds > tests/fixtures/seed-runs.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Words in a run: the project's bar (DEVELOPERS' guide: K = 12, zero runs).
RUN = 12
#: Hex digits kept of each run's SHA-256 (64 bits: a chance collision among a few thousand runs and
#: a few hundred thousand words of entries is about one in ten million).
DIGITS = 16


def words(text: str) -> list[str]:
    """The words of ``text`` as overlap_check.py reads them."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.findall(r"[a-z0-9]+", folded)


def run_key(run: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:DIGITS]


def runs(text: str) -> Iterator[tuple[str, str]]:
    """Each run of ``RUN`` words of ``text``: (its key, its words)."""
    found = words(text)
    for i in range(len(found) - RUN + 1):
        run = found[i : i + RUN]
        yield run_key(run), " ".join(run)


def fingerprints(seeds: Path) -> list[str]:
    """The sorted keys of every run of the seeds (``*.txt``)."""
    return sorted({key for path in sorted(seeds.glob("*.txt")) for key, _ in runs(path.read_text("utf-8"))})


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: seed_runs.py SEEDS_DIR > tests/fixtures/seed-runs.txt", file=sys.stderr)
        return 2
    keys = fingerprints(Path(argv[0]))
    if not keys:
        print(f"seed_runs.py: no run of {RUN} words in {argv[0]}/*.txt", file=sys.stderr)
        return 1
    print(f"# SHA-256 (first {DIGITS} hex digits) of every run of {RUN} words of the seed articles;")
    print("# written by scripts/seed_runs.py, read by tests/content/test_own_words.py.")
    print("\n".join(keys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
