// @ts-check
/* Playbook Relation Client: the helpers the browser scripts of assets/ share, as one global,
 * `Playbook` (a classic script: a copy opened from disk, file://, runs it too). Every page that
 * loads one of the other scripts loads this one first (mkdocs_plugin/theme.py: the scripts are
 * added in the order of their names, and `common.js` comes first).
 *
 * Local storage: every key the scripts keep starts with "playbook:"; reading never throws (storage
 * disabled, full or unreadable: the page works without it, and remembers nothing), and a null value
 * removes the key. Its type, checked against this file: PlaybookHelpers (plugins/playbook/assets.d.ts).
 * Node's tests run this file in a context of their own (tests/js/common.test.js).
 */
var Playbook = (function () {
  "use strict";

  /** The ticks of one checklist or path: "playbook:coches:<list>", a JSON array of the boxes' keys
   * (assets/playbook.js for checklists, assets/trainers.js for a path's steps). */
  var TICKS = "playbook:coches:";

  /**
   * An element, its class and its text (as a text node: never parsed as HTML).
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** @param {string} key @returns {string | null} the stored text, null when none or unreadable */
  function readText(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  /** @param {string} key @param {string | null} value stored, or the key removed when null */
  function writeText(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (error) {
      /* storage full or disabled: the value lives on this page only */
    }
  }

  /** @param {string} key @param {unknown} fallback @returns {unknown} the stored JSON (to be checked by the caller), or `fallback` */
  function readJSON(key, fallback) {
    var text = readText(key);
    if (text === null) return fallback;
    try {
      var value = JSON.parse(text);
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  /** @param {string} key @param {unknown} value stored as JSON, or the key removed when null */
  function writeJSON(key, value) {
    writeText(key, value === null ? null : JSON.stringify(value));
  }

  /** @param {string} key @returns {string[]} the strings of a stored JSON array ([] for anything else) */
  function readStrings(key) {
    var value = readJSON(key, []);
    return Array.isArray(value) ? value.filter(function (v) { return typeof v === "string"; }) : [];
  }

  /** @param {string} key @returns {Record<string, unknown>} the fields of a stored JSON object ({} for anything else) */
  function readRecord(key) {
    var value = readJSON(key, null);
    return value && typeof value === "object" && !Array.isArray(value) ? /** @type {Record<string, unknown>} */ (value) : {};
  }

  /** @param {number} count @param {string} one @param {string} many @returns {string} « 1 entrée », « 2 entrées » */
  function plural(count, one, many) {
    return count + "\u00a0" + (count > 1 ? many : one);
  }

  /** @param {() => void} setUp run once the page is parsed (now, when it is already) */
  function onReady(setUp) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
    else setUp();
  }

  /** @param {() => void} setUp run once the page is parsed, and again at each page mkdocs-material
   * shows (its `document$`, when its bundle is there: tables are wrapped by then) */
  function onEveryPage(setUp) {
    onReady(setUp);
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
  }

  /** @type {PlaybookHelpers} */
  var helpers = {
    TICKS: TICKS,
    el: el,
    readText: readText,
    writeText: writeText,
    readJSON: readJSON,
    writeJSON: writeJSON,
    readStrings: readStrings,
    readRecord: readRecord,
    plural: plural,
    onReady: onReady,
    onEveryPage: onEveryPage
  };
  return helpers;
})();
