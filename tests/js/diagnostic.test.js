// Pure rules of plugins/playbook/assets/diagnostic.js (« Auto-diagnostic »), run by
// `node --test tests/js` (tests/unit/test_js.py). The formula guard is checked on the vectors the
// checklists' export is checked on in Python (tests/unit/test_csv_guard_vectors.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
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
