// The shared helpers of plugins/playbook/assets/common.js (the global `Playbook`), run by
// `node --test tests/js` (tests/unit/test_js.py). The file is a classic script with no
// module.exports (see its header): it runs here in a context of its own, with a stand-in storage.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "..", "..", "plugins", "playbook", "assets", "common.js"), "utf8");

// A page's `Playbook`, over `storage` (a Map), or over a storage that throws at every call.
function load(storage) {
  const localStorage = storage === "broken"
    ? { getItem() { throw new Error("denied"); }, setItem() { throw new Error("full"); }, removeItem() { throw new Error("denied"); } }
    : { getItem: (k) => (storage.has(k) ? storage.get(k) : null), setItem: (k, v) => storage.set(k, String(v)),
        removeItem: (k) => storage.delete(k) };
  const context = vm.createContext({ window: { localStorage } });
  vm.runInContext(SOURCE, context);
  return vm.runInContext("Playbook", context);
}

test("JSON is written, read back, and a null value removes the key", () => {
  const storage = new Map();
  const P = load(storage);
  P.writeJSON("playbook:x", { a: [1, "b"] });
  assert.equal(storage.get("playbook:x"), '{"a":[1,"b"]}');
  assert.deepEqual(JSON.parse(JSON.stringify(P.readJSON("playbook:x", null))), { a: [1, "b"] });
  P.writeJSON("playbook:x", null);
  assert.equal(storage.has("playbook:x"), false);
  assert.equal(P.readJSON("playbook:x", "fallback"), "fallback");
});

test("unreadable JSON, a stored null and a throwing storage give the fallback, never an error", () => {
  const storage = new Map([["bad", "{not json"], ["null", "null"]]);
  const P = load(storage);
  assert.equal(P.readJSON("bad", 7), 7);
  assert.equal(P.readJSON("null", 7), 7);
  const broken = load("broken");
  assert.equal(broken.readJSON("any", 7), 7);
  assert.equal(broken.readText("any"), null);
  assert.doesNotThrow(() => broken.writeJSON("any", [1]));
  assert.doesNotThrow(() => broken.writeText("any", null));
});

test("a list of strings keeps the strings of a stored array, and nothing of anything else", () => {
  const storage = new Map([["list", '["a", 1, null, "b"]'], ["object", '{"a": "b"}'], ["text", '"ab"']]);
  const P = load(storage);
  assert.deepEqual([...P.readStrings("list")], ["a", "b"]);
  assert.deepEqual([...P.readStrings("object")], []);
  assert.deepEqual([...P.readStrings("text")], []);
  assert.deepEqual([...P.readStrings("missing")], []);
});

test("a record keeps the fields of a stored object, and is empty for anything else", () => {
  const storage = new Map([["object", '{"ids": ["a"], "title": 3}'], ["list", '["a"]'], ["text", '"ab"'],
    ["number", "5"], ["null", "null"], ["bad", "{not json"]]);
  const P = load(storage);
  assert.deepEqual(JSON.parse(JSON.stringify(P.readRecord("object"))), { ids: ["a"], title: 3 });
  for (const key of ["list", "text", "number", "null", "bad", "missing"]) {
    assert.deepEqual(JSON.parse(JSON.stringify(P.readRecord(key))), {}, key);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(load("broken").readRecord("any"))), {});
});

test("the ticks' prefix and the French plural", () => {
  const P = load(new Map());
  assert.equal(P.TICKS, "playbook:coches:");
  assert.equal(P.plural(1, "entrée", "entrées"), "1\u00a0entrée");
  assert.equal(P.plural(0, "entrée", "entrées"), "0\u00a0entrée");
  assert.equal(P.plural(2, "entrée", "entrées"), "2\u00a0entrées");
});
