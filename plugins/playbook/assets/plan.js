// @ts-check
/* Playbook Relation Client: a session's « fiche d'animation » (kits/<session>/) shows clock times
 * from a start time. The page is built with 9 h 00; a « Début de la séance » field (screen only)
 * sets another start, and every block's times, the start and the end follow. The start is kept in
 * this browser for that session (localStorage "playbook:debut:<session>"); nothing is sent.
 *
 * The arithmetic is in pure functions (clockText, blockTimes, parseStart), apart from the DOM code,
 * and exported for node's test runner (tests/js/plan.test.js).
 */
(function () {
  "use strict";
  var DAY = 24 * 60;
  var STORE = "playbook:debut:";

  /** « 9 h 05 » for 545 minutes after midnight (past midnight: the next day's time).
   * @param {number} minutes @returns {string} */
  function clockText(minutes) {
    var m = ((Math.round(minutes) % DAY) + DAY) % DAY;
    var rest = m % 60;
    return Math.floor(m / 60) + "\u00a0h\u00a0" + (rest < 10 ? "0" : "") + rest;
  }

  /** [[from, to], ...] in minutes after midnight, for blocks of `minutes` from `start`.
   * @param {number} start @param {number[]} minutes @returns {Array<[number, number]>} */
  function blockTimes(start, minutes) {
    /** @type {Array<[number, number]>} */
    var times = [];
    var at = start;
    minutes.forEach(function (length) {
      times.push([at, at + length]);
      at += length;
    });
    return times;
  }

  /** Minutes after midnight from an <input type="time"> value ("09:30"), or null.
   * @param {unknown} value @returns {number | null} */
  function parseStart(value) {
    var match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(String(value || ""));
    return match ? parseInt(match[1], 10) * 60 + parseInt(match[2], 10) : null;
  }

  /** @param {number} minutes @returns {string} */
  function inputValue(minutes) {
    var h = Math.floor(minutes / 60);
    var m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  var api = { clockText: clockText, blockTimes: blockTimes, parseStart: parseStart };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  /** @param {Element} sheet @returns {string} */
  function storeKey(sheet) {
    var id = sheet.querySelector(".pb-sheet__meta .pb-id");
    return STORE + (id ? id.textContent : window.location.pathname);
  }

  /** @param {Element} sheet @param {number} start */
  function show(sheet, start) {
    var blocks = sheet.querySelectorAll("li.pb-plan__block[data-pb-minutes]");
    var minutes = /** @type {number[]} */ (Array.prototype.map.call(blocks, function (/** @type {Element} */ b) {
      return parseInt(b.getAttribute("data-pb-minutes") || "", 10) || 0;  // the selector: never null
    }));
    var times = blockTimes(start, minutes);
    Array.prototype.forEach.call(blocks, function (/** @type {Element} */ block, /** @type {number} */ i) {
      var clock = block.querySelector(".pb-plan__clock");
      if (clock) clock.textContent = clockText(times[i][0]) + " – " + clockText(times[i][1]);
    });
    var first = sheet.querySelector(".pb-plan__start");
    var last = sheet.querySelector(".pb-plan__end");
    if (first) first.textContent = clockText(start);
    if (last) last.textContent = clockText(times.length ? times[times.length - 1][1] : start);
  }

  /** @param {Element} sheet */
  function setUp(sheet) {
    var toolbar = sheet.querySelector(".pb-toolbar");
    if (!toolbar || sheet.querySelector(".pb-plan__start-input")) return;
    var key = storeKey(sheet);
    var saved = parseStart(Playbook.readText(key));
    var label = document.createElement("label");
    label.className = "pb-plan__start-label";
    label.textContent = "Début de la séance ";
    var input = document.createElement("input");
    input.type = "time";
    input.className = "pb-plan__start-input";
    input.value = inputValue(saved === null ? 9 * 60 : saved);
    label.appendChild(input);
    toolbar.appendChild(label);
    input.addEventListener("change", function () {
      var start = parseStart(input.value);
      if (start === null) return;
      show(sheet, start);
      Playbook.writeText(key, input.value);  // storage disabled: the times change on this page only
    });
    if (saved !== null) show(sheet, saved);
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll(".pb-sheet--plan"), setUp);
  }

  Playbook.onReady(ready);
})();
