// Pure rules of plugins/playbook/assets/diagnostic.js (« Auto-diagnostic »), run by
// `node --test tests/js` (tests/unit/test_js.py). The formula guard is checked on the vectors the
// checklists' export is checked on in Python (tests/unit/test_csv_guard_vectors.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

// The page loads assets/common.js (the global `Playbook`) first; readExport's messages use it.
vm.runInThisContext(fs.readFileSync(path.join(__dirname, "..", "..", "plugins", "playbook", "assets", "common.js"), "utf8"));
const diagnostic = require("../../plugins/playbook/assets/diagnostic.js");

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "csv-formula-guard.json"), "utf8")).cases;

test("the self-assessment export guards each shared vector as the checklists' export does", () => {
  assert.ok(cases.length >= 20);
  const wrong = cases.filter((c) => diagnostic.guardFormula(c.cell) !== c.guarded).map((c) => c.name);
  assert.deepEqual(wrong, []);
});

test("every cell of the export goes through the guard, then CSV quoting", () => {
  for (const c of cases) {
    const cell = diagnostic.csvCell(c.cell);
    const quoted = /[";\r\n]/.test(c.guarded);
    assert.equal(cell, quoted ? '"' + c.guarded.replace(/"/g, '""') + '"' : c.guarded, c.name);
  }
});

test("a written cell reads back as it was, guard included", () => {
  const row = cases.map((c) => c.cell);
  const text = row.map(diagnostic.csvCell).join(";") + "\r\n";
  const rows = diagnostic.parseCsv(text, ";");
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0].cells, cases.map((c) => c.guarded));
});

test("CSV is read in one pass: quoted separators, doubled quotes, line breaks inside quotes, CRLF", () => {
  const text = 'a;"b;c";"say ""hi"""\r\n"two\nlines";x;\n\nlast';
  const rows = diagnostic.parseCsv(text, ";");
  assert.deepEqual(rows.map((r) => r.cells), [["a", "b;c", 'say "hi"'], ["two\nlines", "x", ""], [""], ["last"]]);
  assert.deepEqual(rows.map((r) => r.line), [1, 2, 4, 5]);  // the line each row starts on, as an editor counts
  assert.deepEqual(diagnostic.parseCsv("a,b\n", ","), [{ cells: ["a", "b"], line: 1 }]);
  assert.deepEqual(diagnostic.parseCsv("", ";"), []);
});

test("the separator is the one of ; , or tab the first line has most, outside quotes", () => {
  assert.equal(diagnostic.delimiterOf("identifiant;note\n"), ";");
  assert.equal(diagnostic.delimiterOf('"a;b;c",note,x\n'), ",");
  assert.equal(diagnostic.delimiterOf("a\tb\tc;d\n"), "\t");
  assert.equal(diagnostic.delimiterOf("identifiant\nnote;x"), null);
});

const KNOWN = new Set(["loi-1", "loi-2", "loi-3"]);
const HEADER = "collection;identifiant;titre;note;participant;date;moment\r\n";

test("an export written by the page is read back: scores, participant, date and moment", () => {
  const rows = [["Lois", "loi-1", "=Titre", "7", "Anne", "2026-12-06", "après"], ["Lois", "loi-2", "T", "", "Anne", "", ""]];
  const text = "\ufeff" + HEADER + rows.map((r) => r.map(diagnostic.csvCell).join(";")).join("\r\n") + "\r\n";
  const read = diagnostic.readExport(text, "anne.csv", "Lois", KNOWN);
  assert.deepEqual([...read.scores], [["loi-1", 7]]);
  assert.equal(read.participant, "Anne");
  assert.equal(read.date, "2026-12-06");
  assert.equal(read.moment, "après");
  assert.deepEqual(read.problems, []);
});

test("an export's faults are located by file and line, and the file kept when a score remains", () => {
  const text = HEADER + ["Lois;loi-1;T;8", "Lois;loi-1;T;9", "Lois;inconnue;T;5", "Lois;loi-2;T;11", "Lois;loi-3;T;huit",
    "Lois;loi-3;T;5;x;y;z;w", "Autre;loi-3;T;5"].join("\n");
  const read = diagnostic.readExport(text, "f.csv", "Lois", KNOWN);
  assert.deepEqual([...read.scores], [["loi-1", 8]]);
  assert.equal(read.problems.length, 6);
  assert.match(read.problems[0], /^f\.csv, ligne 3\u00a0: «\u00a0loi-1\u00a0» est notée une deuxième fois/);
  assert.match(read.problems[1], /^f\.csv, ligne 4\u00a0: l’entrée «\u00a0inconnue\u00a0» n’est pas dans cette collection/);
  assert.match(read.problems[2], /ligne 5\u00a0: note «\u00a011\u00a0» hors de l’échelle de 1 à 10/);
  assert.match(read.problems[3], /ligne 6\u00a0: note «\u00a0huit\u00a0» illisible/);
  assert.match(read.problems[4], /ligne 7\u00a0: 8 colonnes au lieu de 7/);
  assert.equal(read.problems[5], "f.csv\u00a0: 1\u00a0ligne d’une autre collection ignorée («\u00a0Autre\u00a0»).");
});

test("a file that is not an export of this collection is refused, saying why", () => {
  assert.equal(diagnostic.readExport(" \n", "v.csv", "Lois", KNOWN).refused, "v.csv\u00a0: le fichier est vide.");
  assert.match(diagnostic.readExport("identifiant\nloi-1", "one.csv", "Lois", KNOWN).refused, /la ligne 1 n’a qu’une colonne/);
  assert.match(diagnostic.readExport("id;score\nloi-1;5", "x.csv", "Lois", KNOWN).refused,
    /^x\.csv, ligne 1\u00a0: pas de colonne «\u00a0identifiant\u00a0» ni de colonne «\u00a0note\u00a0»/);
  assert.match(diagnostic.readExport(HEADER + "Autre;loi-1;T;5", "o.csv", "Lois", KNOWN).refused,
    /export de la collection «\u00a0Autre\u00a0», pas de «\u00a0Lois\u00a0»/);
});

test("scores: 1 to 10, a decimal with a comma or a point, empty is unsaid; the page keeps whole ones", () => {
  assert.deepEqual(diagnostic.parseScore(" 7,5 "), { score: 7.5 });
  assert.deepEqual(diagnostic.parseScore("10"), { score: 10 });
  assert.deepEqual(diagnostic.parseScore(""), { score: null });
  assert.deepEqual(diagnostic.parseScore(undefined), { score: null });
  for (const bad of ["0", "10.5", "-3", "1e1", "7/10", "07,123"]) assert.ok(diagnostic.parseScore(bad).error, bad);
  assert.equal(diagnostic.ownScore(7), 7);
  assert.equal(diagnostic.ownScore("7"), 7);
  for (const bad of [7.5, 0, 11, "x", null, "", [], {}]) assert.equal(diagnostic.ownScore(bad), null, String(bad));
});

test("the team's median, a change of score, and the moment as typed", () => {
  assert.equal(diagnostic.median([3]), 3);
  assert.equal(diagnostic.median([9, 1, 4]), 4);
  assert.equal(diagnostic.median([1, 10, 2, 4]), 3);
  assert.equal(diagnostic.changeText(1.5), "+1,5");
  assert.equal(diagnostic.changeText(-2), "\u22122");
  assert.equal(diagnostic.changeText(0.04), "=");
  assert.equal(diagnostic.parseMoment(" APRES "), "après");
  assert.equal(diagnostic.parseMoment("Avant"), "avant");
  assert.equal(diagnostic.parseMoment("pendant"), "");
});
