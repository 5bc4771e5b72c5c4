// Pure functions of plugins/playbook/assets/quiz.js, run by `node --test tests/js` (tests/unit/test_js.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const quiz = require("../../plugins/playbook/assets/quiz.js");

test("score counts right answers, and unanswered questions apart", () => {
  const result = quiz.score([0, 2, null, 1], [0, 1, 2, 1]);
  assert.deepEqual(result, { right: 2, answered: 3, total: 4, marks: [true, false, null, true] });
});

test("the score line is French, with no-break spaces", () => {
  assert.equal(quiz.scoreText({ right: 4, answered: 6, total: 6 }), "Score\u00a0: 4 sur 6.");
  assert.equal(quiz.scoreText({ right: 1, answered: 4, total: 6 }), "Score\u00a0: 1 sur 6. 2 questions sans réponse.");
});

test("stored answers are cleaned: wrong types and out-of-range indexes become null", () => {
  assert.deepEqual(quiz.cleanAnswers([1, "2", 5, -1, 0.5], 6, [3, 3, 3, 3, 3, 3]), [1, null, null, null, null, null]);
  assert.deepEqual(quiz.cleanAnswers(null, 2, [2, 2]), [null, null]);
});
