// Pure functions of plugins/playbook/assets/plan.js, run by `node --test tests/js` (tests/unit/test_js.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const plan = require("../../plugins/playbook/assets/plan.js");

test("clock times are French, as the sheets print them (core/render/session_layout.py clock)", () => {
  assert.equal(plan.clockText(9 * 60), "9\u00a0h\u00a000");
  assert.equal(plan.clockText(13 * 60 + 5), "13\u00a0h\u00a005");
  assert.equal(plan.clockText(24 * 60 + 30), "0\u00a0h\u00a030");
});

test("blocks follow one another from the start", () => {
  assert.deepEqual(plan.blockTimes(540, [10, 15, 5]), [[540, 550], [550, 565], [565, 570]]);
});

test("a start is read from a time field, or refused", () => {
  assert.equal(plan.parseStart("08:30"), 510);
  assert.equal(plan.parseStart("24:00"), null);
  assert.equal(plan.parseStart("8h"), null);
});
