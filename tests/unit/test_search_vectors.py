"""The search's query analysis agrees with the indexer's: the shared vectors of
tests/vectors/search-analysis.json, read here by pytest and by `node --test` in tests/js/ (which
this module runs too, so `make test` runs both halves)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import REPO
from playbook.core.search import chunk_of, vocabulary_length
from playbook.core.search_text import STOP_WORDS, Stems, words

VECTORS = json.loads((REPO / "tests" / "vectors" / "search-analysis.json").read_text(encoding="utf-8"))
CASES = VECTORS["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_indexer_reads_each_vector_as_expected(case: dict[str, object]) -> None:
    assert words(str(case["text"])) == case["words"]


@pytest.mark.parametrize("case", VECTORS["families"], ids=[c["name"] for c in VECTORS["families"]])
def test_the_indexer_stems_each_family_vector_as_the_browser_must_find_it(case: dict[str, object]) -> None:
    """The text's stems are what the index holds; the word typed is stemmed by Snowball into one
    of them (the browser, which does not stem, must find that one: tests/js/search-core.test.js)."""
    stems = Stems()
    assert sorted(set(stems.of(str(case["text"])))) == case["stems"]
    found = stems(str(case["typed"]))
    assert found is not None and found[1] == case["stem"] and found[0] not in words(str(case["text"]))


@pytest.mark.parametrize("case", VECTORS["keys"], ids=[c["key"] for c in VECTORS["keys"]])
def test_the_indexer_puts_each_key_in_the_file_the_browser_reads(case: dict[str, object]) -> None:
    """A key's postings file is its CRC-32 modulo the number of files: at 2**32 files, the CRC itself."""
    assert chunk_of(str(case["key"]), 2**32) == case["crc32"]


@pytest.mark.parametrize("case", VECTORS["vocabulary"], ids=[c["word"] for c in VECTORS["vocabulary"]])
def test_the_indexer_puts_each_word_in_the_vocabulary_file_the_browser_reads(case: dict[str, object]) -> None:
    assert vocabulary_length(str(case["word"])) == case["length"]


def test_the_vectors_cover_what_the_two_sides_could_disagree_on() -> None:
    names = " ".join(c["name"] for c in CASES)
    for topic in ("NFD", "apostrophes", "ligatures", "stop words", "digits", "other scripts", "outside the BMP"):
        assert topic in names, topic
    texts = "".join(c["text"] for c in CASES)
    assert "\u0301" in texts and "’" in texts and "'" in texts and "œ" in texts.lower()
    keys = [c["key"] for c in VECTORS["keys"]]
    assert {k[0] for k in keys} >= {"=", "~", "#"} and any(not k.isascii() for k in keys)
    assert any(len(c["word"]) != len(c["word"].encode("utf-16-le")) // 2 for c in VECTORS["vocabulary"])


def test_the_stop_words_have_one_home() -> None:
    """The indexer and the browser read the same list (the browser gets it from search/meta.js)."""
    listed = json.loads((REPO / "plugins" / "playbook" / "core" / "search_words.json").read_text(encoding="utf-8"))
    assert frozenset(listed["stop"]) == STOP_WORDS
    script = (REPO / "plugins" / "playbook" / "assets" / "playbook-search-core.js").read_text(encoding="utf-8")
    assert '"avec"' not in script and " avec " not in script  # not copied into the script


def test_node_runs_the_same_vectors_and_the_engine_tests() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: run `bash scripts/install-system-deps.sh` (or `make test`)", pytrace=False)
    result = subprocess.run(
        [node, "--test", str(REPO / "tests" / "js")], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
