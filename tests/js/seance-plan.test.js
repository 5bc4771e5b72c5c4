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

// Ids and limits shared with the format (core/spec.py): tests/vectors/session-limits.json, read by
// tests/unit/test_session_limits_vectors.py on the Python side.
const limits = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "session-limits.json"), "utf8"));
const L = limits.limits;

test("« Ma séance » takes each id the format takes, and refuses the others", () => {
  for (const c of limits.ids) {
    const kept = plan.cleanSession({ blocks: [{ entries: [c.id], minutes: 15, activity: "apport" }] });
    assert.deepEqual(kept.blocks.map((b) => b.entries), c.valid ? [[c.id]] : [], JSON.stringify(c.id));
  }
});

test("a block keeps as many entries and minutes as a séance's block may have", () => {
  const ids = Array.from({ length: L.block_entries_max + 1 }, (_, i) => "entree-" + i);
  const block = (entries, minutes) => plan.cleanSession({ blocks: [{ entries, minutes, activity: "apport" }] }, 15).blocks[0];
  assert.deepEqual(block(ids, 15).entries, ids.slice(0, L.block_entries_max));
  assert.equal(block(["a"], L.block_minutes_max).minutes, L.block_minutes_max);
  assert.equal(block(["a"], L.block_minutes_min).minutes, L.block_minutes_min);
  assert.equal(block(["a"], L.block_minutes_max + 1).minutes, 15);  // out of range: the default
  assert.equal(block(["a"], L.block_minutes_min - 1).minutes, 15);
});

test("every activity and audience of the format is kept, and a whole séance of the site fits", () => {
  assert.deepEqual(plan.ACTIVITIES, limits.activities);
  assert.deepEqual(plan.AUDIENCES, limits.audiences);
  for (const activity of limits.activities) {
    const s = plan.cleanSession({ blocks: [{ entries: [], minutes: 10, activity }] });
    assert.equal(s.blocks[0].activity, activity);
  }
  for (const audience of limits.audiences) assert.equal(plan.cleanSession({ audience }).audience, audience);
  const blocks = Array.from({ length: L.session_blocks_max }, (_, i) => ({ entries: ["e-" + i], minutes: 5, activity: "apport" }));
  assert.equal(plan.cleanSession({ blocks }).blocks.length, L.session_blocks_max);
});

test("a title is kept up to the format's length, counted in characters as the schema counts them", () => {
  for (const c of limits.titles) assert.equal(plan.cleanSession({ title: c.title }).title, c.kept, c.name);
});
