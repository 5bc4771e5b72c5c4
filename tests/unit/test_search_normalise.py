"""The search language's word normalisation (theme/.../lunr.playbook.min.js), run in Node.

The browser tests show that the search works end to end; these check the normalisation rules
themselves on many words: accents and plurals fold onto one form, and folding is idempotent
(material lexes a query twice, so a second pass must change nothing).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from browser.support import REPO, require_command
from conftest import MINI_LAWS
from playbook.core.search import SEPARATOR

LANGUAGE_JS = REPO / "plugins/playbook/theme/assets/javascripts/lunr/min/lunr.playbook.min.js"

#: A stand-in for the few lunr.js members the language file touches; lexer emits are recorded.
HARNESS = r"""
const lunr = {
  Pipeline: { registerFunction() {} },
  generateStopWordFilter(words) {
    const stop = new Set(words);
    return token => (stop.has(token.toString()) ? undefined : token);
  },
  QueryLexer: function (str) { this.str = str; this.lexemes = []; },
  tokenizer: { separator: new RegExp(process.env.SEPARATOR) },
};
lunr.QueryLexer.TERM = "TERM";
lunr.QueryLexer.prototype.emit = function (type) { this.lexemes.push({ type, str: this.str }); };
globalThis.self = globalThis;
self.lunr = lunr;
require(process.env.LANGUAGE_JS);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const token = word => ({
  str: word, toString() { return this.str; }, update(fn) { this.str = fn(this.str); return this; },
});
const stem = word => lunr.playbook.stemmer(token(word)).str;
const query = term => { const lexer = new lunr.QueryLexer(term); lexer.emit("TERM"); return lexer.lexemes[0].str; };
process.stdout.write(JSON.stringify({
  normalised: input.words.map(lunr.playbook.normalise),
  twice: input.words.map(w => lunr.playbook.normalise(lunr.playbook.normalise(w))),
  stemmed: input.words.map(stem),
  stopped: input.stop.map(w => lunr.playbook.stopWordFilter(token(w)) === undefined),
  queries: input.queries.map(query),
}));
"""


def run(words: list[str], *, stop: list[str] | None = None, queries: list[str] | None = None) -> dict[str, list]:
    node = require_command("node", "install Node.js (Debian package nodejs; `bash scripts/install-system-deps.sh`)")
    result = subprocess.run(
        [node, "-e", HARNESS], input=json.dumps({"words": words, "stop": stop or [], "queries": queries or []}),
        capture_output=True, text=True, timeout=60,
        env={"LANGUAGE_JS": str(LANGUAGE_JS), "SEPARATOR": SEPARATOR, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("word", "expected"), [
    ("réclamation", "reclamation"), ("Réclamations", "reclamation"), ("RÉCLAMATIONS", "reclamation"),
    ("reclamations", "reclamation"), ("employés", "employe"), ("équipes", "equipe"), ("Cœur", "coeur"),
    ("canaux", "canal"), ("principaux", "principal"), ("bureaux", "bureau"), ("cheveux", "cheveu"),
    ("genoux", "genou"), ("stress", "stress"), ("prix", "prix"), ("mois", "mois"), ("NPS", "nps"),
    ("2000", "2000"), ("covid19", "covid19"), ("naïveté", "naivete"), ("Ça", "ca"),
])
def test_a_word_normalises_to_its_folded_singular(word: str, expected: str) -> None:
    assert run([word])["normalised"] == [expected]


def corpus_words() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for root in (MINI_LAWS, REPO / "laws") if root.is_dir()
             for p in sorted(root.rglob("*.yaml"))]
    words = {w for text in texts for w in re.split(SEPARATOR, text) if w and not w.startswith("#")}
    return sorted(words)


def test_normalising_is_idempotent_and_the_same_when_indexing() -> None:
    words = corpus_words()
    assert len(words) > 40
    out = run(words)
    assert out["twice"] == out["normalised"]
    assert out["stemmed"] == out["normalised"]


def test_a_regular_plural_meets_its_singular() -> None:
    singulars = [w for w in corpus_words() if len(w) >= 5 and re.fullmatch(r"[a-zà-ÿ]+", w) and w[-1] not in "sxz"]
    assert len(singulars) > 20
    out = run(singulars + [w + "s" for w in singulars])
    half = len(singulars)
    assert out["normalised"][:half] == out["normalised"][half:]


def test_french_stop_words_are_not_indexed() -> None:
    out = run([], stop=["le", "la", "les", "des", "à", "été", "l", "d", "qu", "réclamation", "client"])
    assert out["stopped"] == [True] * 9 + [False, False]


@pytest.mark.parametrize(("typed", "term"), [
    ("Réclamations*", "reclamation*"), ("l'entreprise*", "entreprise*"), ("d’intérêts", "interet"),
    ("qu'un", "un"), ("loi-temkin-4", "loi-temkin-4"), ("*clients", "*client"),
    ("aujourd'hui", "aujourd'hui"), ("équipes", "equipe"), ("cœurs*", "coeur*"),
])
def test_a_typed_query_term_is_normalised_where_lunr_reads_it(typed: str, term: str) -> None:
    assert run([], queries=[typed])["queries"] == [term]
