// The schemas' patterns as editors and the browser read them (ECMA regular expressions), on the
// vectors tests/unit/test_schema_patterns.py reads for the Python validators.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "schema-patterns.json"), "utf8"));

test("each schema pattern matches as the vectors say, with and without the u flag", () => {
  for (const [name, { pattern, cases }] of Object.entries(vectors.patterns)) {
    for (const flags of ["", "u"]) {
      const re = new RegExp(pattern, flags);
      for (const [text, expected] of cases) assert.equal(re.test(text), expected, `${name} /${flags}: ${JSON.stringify(text)}`);
    }
  }
});
