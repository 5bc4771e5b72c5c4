// Pure rules of plugins/playbook/assets/trainers.js (« Ma séance »: ids, titles, share links), run
// by `node --test tests/js` (tests/unit/test_js.py). The page loads seance-plan.js first and
// trainers.js reads its rules as window.playbookSessionPlan: so does this test.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

globalThis.window = { playbookSessionPlan: require("../../plugins/playbook/assets/seance-plan.js") };
const trainers = require("../../plugins/playbook/assets/trainers.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "session-links.json"), "utf8")).vectors;

test("every link the site writes is read back to its entries, in order, with the title and audience", () => {
  assert.ok(vectors.length >= 3);
  for (const vector of vectors) {
    const read = trainers.readShareLink(vector.fragment);
    assert.deepEqual(read.ids, vector.blocks.flatMap(([entries]) => entries), vector.fragment);
    assert.equal(read.title, vector.title || "", vector.fragment);
    assert.equal(read.audience, vector.audience || "", vector.fragment);
  }
});

test("a block of several entries gives each its share of the minutes, the first ones the rest", () => {
  const read = trainers.readShareLink("#e=a+b+c,d&m=20,15&a=discussion,quiz&d=14:00");
  assert.deepEqual(read.ids, ["a", "b", "c", "d"]);
  assert.deepEqual(Object.fromEntries(read.blocks), {
    a: { minutes: 7, activity: "discussion" }, b: { minutes: 7, activity: "discussion" },
    c: { minutes: 6, activity: "discussion" }, d: { minutes: 15, activity: "quiz" },
  });
  assert.equal(read.start, "14:00");
});

test("a link of the first « Ma séance » leaves minutes and activity unsaid; no `e=` is no session", () => {
  const read = trainers.readShareLink("#e=loi-temkin-1,coolblue");
  assert.deepEqual(Object.fromEntries(read.blocks), {
    "loi-temkin-1": { minutes: null, activity: "" }, coolblue: { minutes: null, activity: "" },
  });
  assert.equal(read.start, "09:00");
  assert.equal(trainers.readShareLink("#t=Atelier"), null);
  assert.equal(trainers.readShareLink(""), null);
});

test("hostile parts are dropped: bad percent-encoding, unknown activity and audience, a control in the title", () => {
  const read = trainers.readShareLink("#e=a&a=danse&p=tout-le-monde&d=25:00&t=%E0%A4%A");
  assert.equal(read.title, "");
  assert.equal(read.audience, "");
  assert.equal(read.start, "09:00");
  assert.deepEqual(read.blocks.get("a"), { minutes: null, activity: "" });
  assert.equal(trainers.readShareLink("#e=a&t=Un%0Atitre%E2%80%AE%20cach%C3%A9").title, "Un titre caché");
});

test("ids are checked against the playbook: unknown ones counted, repeats dropped, the cap kept", () => {
  const known = new Set(["a", "b", "c"]);
  const resolved = trainers.resolveShared(trainers.readShareLink("#e=a,zz,b+a,Bad_Id"), known);
  assert.deepEqual(resolved.session.ids, ["a", "b"]);
  assert.equal(resolved.unknown, 2);
  assert.equal(trainers.droppedText(resolved), "2\u00a0identifiants inconnus du playbook ont été ignorés.");
  const many = Array.from({ length: 45 }, (_, i) => "e" + i);
  const capped = trainers.pickIds(many, null, 40);
  assert.equal(capped.ids.length, 40);
  assert.equal(capped.over, 5);
  assert.deepEqual(trainers.cleanIds(["a", "a", 3, "b-c", "-x", "x".repeat(81)]), ["a", "b-c"]);
  assert.equal(trainers.droppedText({ unknown: 0, over: 0 }), "");
});

test("a title is one line of at most 160 characters, counted in code points, never cut inside one", () => {
  assert.equal(trainers.cleanTitle("e\u0301té"), "été");  // NFC
  assert.equal(Array.from(trainers.cleanTitle("😀".repeat(200))).length, 160);
  assert.equal(trainers.cleanTitle("😀".repeat(200)), "😀".repeat(160));
  assert.equal(trainers.cleanTitle(42), "");
});

test("a link merged into a session adds its new entries after the session's, keeping its title", () => {
  const session = { ids: ["a"], title: "Mine", blocks: new Map([["a", { minutes: 5, activity: "quiz" }]]), audience: "", start: "09:00" };
  const extra = trainers.readShareLink("#e=a,b&m=10,20&p=managers&t=Theirs");
  const merged = trainers.addSessions(session, extra);
  assert.deepEqual(merged.session.ids, ["a", "b"]);
  assert.equal(merged.session.title, "Mine");
  assert.equal(merged.session.audience, "managers");
  assert.deepEqual(merged.session.blocks.get("a"), { minutes: 5, activity: "quiz" });
  assert.deepEqual(merged.session.blocks.get("b"), { minutes: 20, activity: "" });
  assert.equal(merged.added, 1);
});

// « Questions and cases around these entries »: the vectors Python's sheet_layout.around_ids is
// tested on too (tests/unit/test_discussion_vectors.py).
test("the questions and cases around the chosen entries are the Python rule's", () => {
  const around = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "discussion-around.json"), "utf8"));
  const records = new Map(around.entries.map((entry, rank) => [entry.id, { ...entry, rank }]));
  assert.ok(around.cases.length >= 4);
  for (const vector of around.cases) {
    const got = trainers.discussionAround(vector.chosen, records, around.kinds);
    assert.deepEqual(got, { questions: vector.questions, cases: vector.cases }, vector.name);
  }
});
