// @ts-check
/* Playbook Relation Client: quizzes (quiz/<id>/). The page lists each question's choices as boxes
 * (they print empty) and the answer key after them (printed on a page of its own). Here each
 * question becomes one choice among its options (radio buttons); « Vérifier mes réponses » marks
 * every answer right or wrong, gives the score, opens the key, and keeps the answers and the
 * score in this browser (localStorage "playbook:quiz:<id>"); « Recommencer » clears them.
 * Nothing is sent anywhere.
 *
 * The scoring is a pure function (score), apart from the DOM code, exported for node's test
 * runner (tests/js/quiz.test.js).
 */
(function () {
  "use strict";
  var STORE = "playbook:quiz:";

  /** @typedef {{ right: number, answered: number, total: number, marks: Array<boolean | null> }} QuizScore */
  /** What a quiz keeps in this browser (as read back: any member may be missing or wrong).
   * @typedef {{ answers?: unknown, checked?: unknown, right?: unknown, total?: unknown }} QuizStore */

  /**
   * The score of `answers` (one choice index per question, null when unanswered) against `key`
   * (the right index per question): {right, answered, total, marks: [true|false|null, ...]}.
   * @param {Array<number | null | undefined>} answers @param {number[]} key @returns {QuizScore}
   */
  function score(answers, key) {
    var right = 0;
    var answered = 0;
    var marks = key.map(function (good, i) {
      var given = answers[i];
      if (given === null || given === undefined) return null;
      answered += 1;
      if (given === good) right += 1;
      return given === good;
    });
    return { right: right, answered: answered, total: key.length, marks: marks };
  }

  /** The sentence under the quiz: « Score : 4 sur 6. » (and how many are unanswered).
   * @param {{ right: number, answered: number, total: number }} result @returns {string} */
  function scoreText(result) {
    var text = "Score\u00a0: " + result.right + " sur " + result.total + ".";
    var missing = result.total - result.answered;
    if (missing) text += " " + missing + " question" + (missing > 1 ? "s" : "") + " sans réponse.";
    return text;
  }

  /** Stored answers, cleaned: a list of `count` indexes or nulls.
   * @param {unknown} value @param {number} count @param {number[]} choices @returns {Array<number | null>} */
  function cleanAnswers(value, count, choices) {
    /** @type {unknown[]} */
    var list = Array.isArray(value) ? value : [];
    /** @type {Array<number | null>} */
    var out = [];
    for (var i = 0; i < count; i += 1) {
      var given = list[i];
      out.push(typeof given === "number" && given >= 0 && given < choices[i] && given % 1 === 0 ? given : null);
    }
    return out;
  }

  var api = { score: score, scoreText: scoreText, cleanAnswers: cleanAnswers };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  /** @param {Element} quiz */
  function setUp(quiz) {
    var list = quiz.querySelector("ol.pb-quiz__questions");
    var firstBox = quiz.querySelector("input.pb-quiz__box[data-pb-key]");
    if (!list || !firstBox || quiz.classList.contains("pb-quiz--ready")) return;
    var id = (firstBox.getAttribute("data-pb-key") || "").split(":")[0];  // the selector: never null
    var storeKey = STORE + id.replace(/^quiz-/, "");
    var questions = /** @type {Element[]} */ (Array.prototype.slice.call(list.children));
    /** @type {number[]} */
    var key = [];
    /** @type {number[]} */
    var choices = [];
    questions.forEach(function (question, q) {
      var options = /** @type {Element[]} */ (Array.prototype.slice.call(question.querySelectorAll("li.pb-quiz__choice")));
      choices.push(options.length);
      key.push(options.findIndex(function (o) { return o.classList.contains("pb-quiz__choice--right"); }));
      options.forEach(function (option, c) {
        // The page as built: every choice has its box (the casts below say so, as the code assumed).
        var box = /** @type {HTMLInputElement} */ (option.querySelector("input"));
        var radio = document.createElement("input");
        radio.type = "radio";
        radio.className = "pb-quiz__radio";
        radio.name = id + "-q" + (q + 1);
        radio.value = String(c);
        /** @type {ParentNode & Node} */ (box.parentNode).replaceChild(radio, box);
      });
    });
    var controls = document.createElement("div");
    controls.className = "pb-quiz__controls";
    var check = document.createElement("button");
    check.type = "button";
    check.className = "md-button md-button--primary pb-quiz__check";
    check.textContent = "Vérifier mes réponses";
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button pb-quiz__reset";
    reset.textContent = "Recommencer";
    controls.appendChild(check);
    controls.appendChild(reset);
    /** @type {ParentNode & Node} */ (list.parentNode).insertBefore(controls, list.nextSibling);
    var line = /** @type {Element} */ (quiz.querySelector(".pb-quiz__score"));
    line.setAttribute("role", "status");

    /** @returns {Array<number | null>} */
    function answers() {
      return questions.map(function (question) {
        var picked = /** @type {HTMLInputElement | null} */ (question.querySelector("input.pb-quiz__radio:checked"));
        return picked ? parseInt(picked.value, 10) : null;
      });
    }

    function clearMarks() {
      quiz.classList.remove("pb-quiz--checked");
      Array.prototype.forEach.call(quiz.querySelectorAll(".pb-quiz__choice--wrong"), function (/** @type {Element} */ o) {
        o.classList.remove("pb-quiz__choice--wrong");
      });
      Array.prototype.forEach.call(quiz.querySelectorAll(".pb-quiz__verdict"), function (/** @type {Element} */ v) { v.remove(); });
      line.textContent = "";
    }

    /** @param {Array<number | null>} given @returns {QuizScore} */
    function mark(given) {
      clearMarks();
      var result = score(given, key);
      questions.forEach(function (question, q) {
        var statement = /** @type {Element} */ (question.querySelector(".pb-quiz__statement"));
        var verdict = document.createElement("span");
        verdict.className = "pb-quiz__verdict";
        verdict.textContent = result.marks[q] === true ? "Juste" : result.marks[q] === false ? "Faux" : "Sans réponse";
        statement.appendChild(verdict);
        if (result.marks[q] === false) {
          // marked wrong: answered, so given[q] is a number
          question.querySelectorAll("li.pb-quiz__choice")[/** @type {number} */ (given[q])].classList.add("pb-quiz__choice--wrong");
        }
      });
      quiz.classList.add("pb-quiz--checked");
      line.textContent = scoreText(result);
      return result;
    }

    function restore() {
      /** @type {QuizStore} */
      var stored = Playbook.readRecord(storeKey);
      var given = cleanAnswers(stored.answers, questions.length, choices);
      questions.forEach(function (question, q) {
        Array.prototype.forEach.call(question.querySelectorAll("input.pb-quiz__radio"), function (/** @type {HTMLInputElement} */ radio) {
          radio.checked = given[q] !== null && parseInt(radio.value, 10) === given[q];
        });
      });
      if (stored.checked) mark(given);
      else clearMarks();
    }

    check.addEventListener("click", function () {
      var given = answers();
      var result = mark(given);
      Playbook.writeJSON(storeKey, { answers: given, checked: true, right: result.right, total: result.total });
    });
    reset.addEventListener("click", function () {
      Playbook.writeJSON(storeKey, null);
      restore();
      var first = /** @type {HTMLInputElement | null} */ (quiz.querySelector("input.pb-quiz__radio"));
      if (first) first.focus();
      line.textContent = "Le quiz est remis à zéro.";
    });
    quiz.addEventListener("change", function (event) {
      var target = /** @type {{ matches?: (selectors: string) => boolean }} */ (event.target);
      if (!target.matches || !target.matches("input.pb-quiz__radio")) return;
      /** @type {QuizStore} */
      var stored = Playbook.readRecord(storeKey);
      Playbook.writeJSON(storeKey, { answers: answers(), checked: false, right: stored.right, total: stored.total });
      if (quiz.classList.contains("pb-quiz--checked")) clearMarks();
    });
    quiz.classList.add("pb-quiz--ready");
    restore();
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll(".pb-quiz"), setUp);
  }

  Playbook.onReady(ready);
})();
