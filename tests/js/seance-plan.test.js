// Pure functions of plugins/playbook/assets/seance-plan.js, run by `node --test tests/js` (tests/unit/test_js.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const plan = require("../../plugins/playbook/assets/seance-plan.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "session-links.json"), "utf8")).vectors;

function session(vector) {
  return plan.cleanSession({
    blocks: vector.blocks.map(([entries, minutes, activity]) => ({ entries, minutes, activity })),
    audience: vector.audience,
    title: vector.title,
  });
}

test("the share link is written as the site writes it (same vectors as the Python side)", () => {
  for (const vector of vectors) assert.equal(plan.fragment(session(vector)), vector.fragment);
});

test("a share link is read back to the same session", () => {
  for (const vector of vectors) assert.deepEqual(plan.parseFragment(vector.fragment), session(vector));
});

test("a link of the first « Ma séance » opens one block per entry", () => {
  const read = plan.parseFragment("#e=loi-temkin-1,coolblue&t=Atelier", 15);
  assert.deepEqual(read.blocks, [
    { entries: ["loi-temkin-1"], minutes: 15, activity: "apport" },
    { entries: ["coolblue"], minutes: 15, activity: "apport" },
  ]);
  assert.equal(read.title, "Atelier");
  assert.equal(plan.parseFragment("#t=Sans entrées"), null);
});

test("hostile values are dropped: bad ids, repeats, minutes out of range, unknown activity or audience", () => {
  const read = plan.parseFragment("#e=Bad_Id+ok,ok,__proto__&m=0,999,5&a=danse,quiz,apport&p=chefs&t=%E0%A4%A", 15);
  assert.deepEqual(read.blocks, [{ entries: ["ok"], minutes: 15, activity: "apport" }]);
  assert.equal(read.audience, "");
  assert.equal(read.title, "");
});

test("the timetable follows the start, and adding or removing entries keeps it whole", () => {
  let s = plan.cleanSession({ start: "13:30" });
  s = plan.addEntry(s, "loi-temkin-1", "apport", 15);
  s = plan.addEntry(s, "coolblue", "discussion", 20);
  s = plan.addEntry(s, "coolblue", "discussion", 20);
  assert.deepEqual(plan.entryIds(s), ["loi-temkin-1", "coolblue"]);
  const table = plan.timetable(s);
  assert.deepEqual(table.times, ["13\u00a0h\u00a030 – 13\u00a0h\u00a045", "13\u00a0h\u00a045 – 14\u00a0h\u00a005"]);
  assert.equal(table.total, 35);
  assert.deepEqual(plan.entryIds(plan.removeEntry(s, "loi-temkin-1")), ["coolblue"]);
});

test("a record's checklist for one audience", () => {
  const record = { checklist: [{ text: "A", audience: "front-line" }, { text: "B", audience: "managers" }, "C"] };
  assert.deepEqual(plan.itemsFor(record, "front-line").map((i) => i.text), ["A"]);
  assert.deepEqual(plan.itemsFor(record, "").map((i) => i.text), ["A", "B", "C"]);
});
