// The search engine without the page (plugins/playbook/assets/playbook-search-core.js), under
// `node --test tests/js` (run by tests/unit/test_search_vectors.py, so by `make test` too).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const core = require(path.join(ROOT, "plugins/playbook/assets/playbook-search-core.js"));
const vectors = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/vectors/search-analysis.json"), "utf8"));
const STOP = new Set(JSON.parse(fs.readFileSync(path.join(ROOT, "plugins/playbook/core/search_words.json"), "utf8")).stop);

test("the browser reads each shared vector as the indexer does", () => {
  assert.ok(vectors.cases.length >= 15);
  for (const c of vectors.cases) assert.deepEqual(core.words(c.text, STOP), c.words, c.name);
});

test("a key is looked for in the file the indexer put it in: the standard CRC-32 of its UTF-8 bytes", () => {
  assert.ok(vectors.keys.length >= 5);
  for (const c of vectors.keys) assert.equal(core.crc32(c.key), c.crc32, c.key);
});

test("a word typed that the text does not use gets the stem Snowball gives it, as the indexer does", () => {
  assert.ok(vectors.families.length >= 5);
  for (const c of vectors.families) {
    const store = {};
    for (const stem of c.stems) {
      const name = "w" + core.size(stem);
      (store[name] = store[name] || {w: {}, s: {}}).s[stem] = "";
    }
    const engine = new core.Engine(() => Promise.reject(new Error("no file")));
    engine.meta = {longest: 24, lengths: Object.keys(store).map((n) => +n.slice(1))};
    engine.store = store;
    assert.equal(engine.exactStem(core.words(c.typed, STOP)[0]), c.stem, c.name);
  }
});

test("a word is looked for in the vocabulary file of its length in code points, as the indexer counts it", () => {
  const engine = new core.Engine(() => Promise.reject(new Error("no file")));
  engine.meta = {longest: 24, lengths: Array.from({length: 24}, (_, i) => i + 1)};
  for (const c of vectors.vocabulary) assert.equal(engine.vocabularyFile(core.size(c.word)), "w" + c.length, c.word);
});

test("edit distance counts one swap as one typo and stops past the limit", () => {
  assert.equal(core.distance("nordstrom", "nordstorm", 2), 1);
  assert.equal(core.distance("bezos", "bzeoss", 2), 2);
  assert.equal(core.distance("client", "colere", 1), 2);
});

test("a rank typed as people say it names a kind and a number", () => {
  const ref = (text) => core.reference(core.tokens(text).map(core.fold), STOP);
  assert.deepEqual(ref("loi 5"), {number: 5, words: ["loi"]});
  assert.deepEqual(ref("la loi n° 5"), {number: 5, words: ["loi"]});
  assert.deepEqual(ref("Loi numéro 5"), {number: 5, words: ["loi"]});
  assert.deepEqual(ref("5e loi"), {number: 5, words: ["loi"]});
  assert.deepEqual(ref("cinquième loi"), {number: 5, words: ["loi"]});
  assert.deepEqual(ref("la deuxième règle de Temkin"), {number: 2, words: ["regle", "temkin"]});
  assert.equal(ref("10 commandements"), null);  // a number before a plural: a count, not a rank
  assert.equal(ref("la règle des 2 000 dollars"), null);
  assert.equal(ref("loi"), null);
});

// A small index, as core/search.py writes it (one postings and one phrase file: every key in p0 / q0).
// Documents: 0 a complaint case, 1 a delivery case, 2 a source about complaints, 3 law 5.
function index() {
  const files = {
    meta: {docs: 4, docsPerChunk: 8, excerptsPerChunk: 2, postings: 1, phrases: 1, longest: 24,
      lengths: [3, 5, 6, 7, 9, 11, 12], kinds: [["case", "Cas"], ["law", "Loi"], ["source", "Source"]],
      collections: [], tags: [], stop: [...STOP], multiword: ["servic apres vent"], report: null,
      related: {mecontent: ["reclam"]}},
    w3: {w: {loi: "loi"}, s: {loi: ""}},
    w5: {w: {vente: "vent"}, s: {}},
    w6: {w: {client: "client", retard: "retard"}, s: {client: "", retard: "", servic: ""}},
    w7: {w: {clients: "client", service: "servic", plainte: "plaint"}, s: {}},
    w9: {w: {livraison: "livraison", nordstrom: "nordstrom", mecontent: "mecontent"}, s: {livraison: "", mecontent: ""}},
    w11: {w: {reclamation: "reclam"}, s: {}},
    w12: {w: {reclamations: "reclam"}, s: {}},
    p0: {
      reclam: [1, 24, 2, 2],          // doc 0 (title), doc 2 (a source: low)
      plaint: [1, 8],                 // doc 0
      client: [1, 8, 1, 8, 1, 1, 2, 3],  // docs 0, 1, 2, 3
      retard: [2, 24],                // doc 1
      livraison: [2, 24],             // doc 1
      mecontent: [1, 12, 2, 1],       // thesaurus: the complaint entries, at half score
      nordstrom: [4, 24],             // doc 3
      "servic apres vent": [1, 4],    // thesaurus: after-sales service → doc 0
      loi: [4, 24]                    // doc 3
    },
    q0: {"#loi 5": [4, 3], "=loi 5": [], "~loi 5": []},
    d0: [["cas/plainte/", "Une plainte", 0, "Résumé"], ["cas/livraison/", "Une livraison", 0, "Résumé"],
      ["sources/etude/", "Une étude", 2, "Résumé"], ["lois/loi-5/", "Loi 5", 1, "Résumé"]],
    f: [[0, -1, []], [0, -1, []], [2, -1, []], [1, -1, []]]
  };
  const loaded = [];
  const engine = new core.Engine((name) => {
    loaded.push(name);
    return files[name] === undefined ? Promise.reject(new Error(name)) : Promise.resolve(files[name]);
  });
  return {engine, loaded};
}

test("an entry matching every word comes first; one matching fewer still comes, the rest set aside", async () => {
  const {engine} = index();
  const all = await engine.search("client réclamation");
  assert.deepEqual(all.docs.slice(0, 2), [0, 2]);
  assert.equal(all.partial, false);
  const some = await engine.search("réclamation colis");
  assert.deepEqual(some.docs, [0, 2]);
  assert.equal(some.partial, true);
  assert.deepEqual(some.setAside, ["colis"]);
  assert.deepEqual(some.unmatched, ["colis"]);
  const none = await engine.search("zzzz yyyy");
  assert.deepEqual(none.docs, []);
  assert.deepEqual(none.unmatched, ["zzzz", "yyyy"]);
});

test("a word the entries never use is found through the thesaurus (in the postings) and its endings", async () => {
  const {engine} = index();
  assert.deepEqual((await engine.search("client mécontent")).docs.slice(0, 1), [0]);
  assert.deepEqual((await engine.search("mécontente")).docs, [0, 2]);  // a known stem plus an ending
});

test("a thesaurus phrase typed as consecutive words counts for each of them", async () => {
  const {engine} = index();
  const found = await engine.search("service après-vente");
  assert.equal(found.docs[0], 0);
  assert.equal(found.partial, false);
});

test("an entry named by a rank comes first", async () => {
  const {engine, loaded} = index();
  const found = await engine.search("la loi n° 5");
  assert.equal(found.docs[0], 3);
  assert.ok(loaded.includes("q0"));
});

test("a typo finds the word, after exact matches", async () => {
  const {engine} = index();
  assert.deepEqual((await engine.search("nordstorm")).docs, [3]);
  const mixed = await engine.search("client retrad");
  assert.equal(mixed.docs[0], 1);
});

test("filters keep entries by kind", async () => {
  const {engine} = index();
  const cases = await engine.search("réclamation", {keep: (f) => f[0] === 0});
  assert.deepEqual(cases.docs, [0]);
});

test("suggestions come from the vocabulary, nearest and most frequent first, and each finds something", async () => {
  const {engine} = index();
  assert.deepEqual(await engine.suggest("reclamasions"), ["reclamations"]);
  assert.deepEqual(await engine.suggest("plainet"), ["plainte"]);
  assert.deepEqual(await engine.suggest("colere"), []);  // nothing near enough: no nonsense
  // with a filter that keeps nothing, a suggestion would find nothing: none is offered
  assert.deepEqual(await engine.suggest("plainet", {keep: () => false}), []);
});

test("among suggestions as near, the word the playbook uses more comes first", async () => {
  // w6 lists its words most frequent first: « carton » (in two entries) before « canton » (one);
  // « cafton » is one typo from both
  const files = {
    meta: {docs: 3, docsPerChunk: 8, excerptsPerChunk: 2, postings: 1, phrases: 1, longest: 24, lengths: [6],
      kinds: [], collections: [], tags: [], stop: [], multiword: [], report: null, related: {}},
    w6: {w: {carton: "carton", canton: "canton"}, s: {carton: "", canton: ""}},
    p0: {carton: [1, 8, 1, 8], canton: [3, 8]},
    q0: {}
  };
  const engine = new core.Engine((name) => files[name] === undefined ? Promise.reject(new Error(name)) : Promise.resolve(files[name]));
  assert.deepEqual(await engine.suggest("cafton"), ["carton", "canton"]);
  assert.deepEqual(await engine.suggest("cafton", undefined, 1), ["carton"]);
});

test("passages mark the words the query matched, and never build markup", async () => {
  const {engine} = index();
  const outcome = await engine.search("réclamations livraison");
  const hit = core.highlighter(outcome);
  const parts = core.passage(["Rien ici.", "La réclamation <b>après</b> une livraison."], hit, 160);
  assert.deepEqual(parts.filter((p) => p.hit).map((p) => p.text), ["réclamation", "livraison"]);
  assert.equal(parts.map((p) => p.text).join(""), "La réclamation <b>après</b> une livraison.");
  assert.equal(core.passage(["Rien ici."], hit, 160), null);
  const long = core.passage(["x ".repeat(200) + "réclamation " + "y ".repeat(200)], hit, 80);
  const text = long.map((p) => p.text).join("");
  assert.ok(text.startsWith("… ") && text.endsWith(" …") && text.length < 100, text);
});

test("a word most entries use does not count among the words matched, only in the score", async () => {
  const {engine} = index();
  // « client » is in all four entries: « client retard » ranks the entry with « retard » first,
  // and an entry without « retard » is a partial match for « retard » only
  const found = await engine.search("client retard");
  assert.equal(found.docs[0], 1);
  const other = await engine.search("client nordstrom colis");
  assert.deepEqual(other.setAside, ["colis"]);
});

test("what the thesaurus found is marked too, and entries with only common words are left out", async () => {
  const {engine} = index();
  const outcome = await engine.search("client mécontent");
  assert.deepEqual(outcome.docs, [0, 2]);  // not 1 and 3, which have only « client »
  const hit = core.highlighter(outcome, engine.meta.related);
  const parts = core.marks("Une réclamation de client.", hit);
  assert.deepEqual(parts.filter((p) => p.hit).map((p) => p.text), ["réclamation", "client"]);
  assert.deepEqual(core.marks("Une réclamation.", core.highlighter(outcome)).filter((p) => p.hit), []);
});

test("a word named like JavaScript's object machinery is a word like any other", async () => {
  // The index's files are plain objects parsed from JSON: « constructor » (11 letters, like
  // « reclamation ») must not be read as a known word through their prototype.
  const {engine} = index();
  const alone = await engine.search("constructor");
  assert.deepEqual(alone.docs, []);
  assert.deepEqual(alone.unmatched, ["constructor"]);
  const mixed = await engine.search("réclamation constructor");
  assert.deepEqual(mixed.docs, [0, 2]);
  assert.deepEqual(mixed.setAside, ["constructor"]);
  assert.equal(engine.exactStem("constructor"), null);
  assert.equal(engine.postings("constructor").length, 0);
  assert.equal(engine.postings("=constructor").length, 0);
  // a passage marks only what the query matched: « constructor » in a text is not a hit
  const hit = core.highlighter(await engine.search("réclamation"), {});
  assert.equal(hit("constructor"), false);
  assert.equal(hit("reclamation"), true);
});

test("edit distance: insertions, deletions and substitutions count one each, a swap of neighbours one", () => {
  assert.equal(core.distance("", "", 1), 0);
  assert.equal(core.distance("client", "client", 0), 0);
  assert.equal(core.distance("client", "clients", 1), 1);  // insertion
  assert.equal(core.distance("clients", "client", 1), 1);  // deletion
  assert.equal(core.distance("client", "cliant", 1), 1);  // substitution
  assert.equal(core.distance("client", "cleint", 1), 1);  // neighbours swapped
  assert.equal(core.distance("abc", "ca", 3), 3);  // optimal string alignment: a swapped pair is not edited again
  assert.equal(core.distance("a", "abcd", 2), 3);  // lengths too far apart: max + 1 at once
  assert.equal(core.distance("abcdef", "uvwxyz", 2), 3);  // stops past the limit
  assert.equal(core.distance("réclamation", "reclamation", 1), 1);
});

test("chunk lookup: a phrase key in its q file, a stem in its p file, by the CRC-32 the indexer uses", () => {
  const engine = new core.Engine(() => Promise.reject(new Error("no file")));
  engine.meta = {postings: 7, phrases: 3};
  for (const c of vectors.keys) {
    const phrase = /^[=~#]/.test(c.key);
    assert.equal(engine.fileOf(c.key), (phrase ? "q" + (c.crc32 % 3) : "p" + (c.crc32 % 7)), c.key);
  }
  engine.meta = {postings: 1, phrases: 1};
  assert.equal(engine.fileOf("réclam"), "p0");
  assert.equal(engine.fileOf("=loi 5"), "q0");
});

test("a key's postings are read from its file's gaps; a key absent, or named like Object's machinery, has none", () => {
  const engine = new core.Engine(() => Promise.reject(new Error("no file")));
  engine.meta = {postings: 1, phrases: 1};
  engine.store = {p0: Object.assign(Object.create(null), {client: [3, 10, 2, 5, 1, 7]}), q0: Object.create(null)};
  assert.deepEqual(engine.postings("client"), [2, 10, 4, 5, 5, 7]);  // documents 2, 4 and 5, with their scores
  assert.deepEqual(engine.postings("absent"), []);
  assert.deepEqual(engine.postings("constructor"), []);
  assert.deepEqual(engine.postings("=client"), []);
});

test("a vocabulary file by length: the longest file holds every longer word, a missing length none", () => {
  const engine = new core.Engine(() => Promise.reject(new Error("no file")));
  engine.meta = {longest: 24, lengths: [3, 5, 24]};
  assert.equal(engine.vocabularyFile(5), "w5");
  assert.equal(engine.vocabularyFile(4), null);
  assert.equal(engine.vocabularyFile(40), "w24");
});
