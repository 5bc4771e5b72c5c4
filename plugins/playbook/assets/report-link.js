// @ts-check
/* Playbook Relation Client: « Signaler une erreur » (a.pb-report, entry pages) opens a prefilled
 * issue on the repository; when followed, the text the reader selected on the page and the site's
 * edition (from edition.css) replace the placeholders of the body (core/living.py). Without
 * the script the link works as it is, placeholders included.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var SELECTION_MARK = "(collez ici le passage concerné)";
  var EDITION_MARK = "(voir le pied de page des feuilles imprimées)";
  // GitHub refuses an address longer than about 8 KB: the link's whole encoded address stays under
  // this, the quoted selection being cut (on a code point, never inside a surrogate pair) to fit.
  var REPORT_URL_MAX = 8000;
  var SELECTION_MAX = 2000;  // code points of the selection kept at most, before any encoding
  var selected = "";

  /** @param {string} text @returns {string[]} */
  function codePoints(text) {
    return Array.from(text);  // iterates by code point: an astral character stays whole
  }

  /** @param {string} text @param {number} count @returns {string} */
  function cut(text, count) {
    var points = codePoints(text);
    return points.length > count ? points.slice(0, count).join("") + "…" : text;
  }

  /** @returns {string} */
  function currentSelection() {
    var selection = window.getSelection ? window.getSelection() : null;
    var text = selection ? String(selection).trim() : "";
    return cut(text, SELECTION_MAX);
  }

  /** @returns {string} */
  function editionText() {
    // edition.css: the date and the exact version (--pb-edition), which maintainers need.
    var content = window.getComputedStyle(root).getPropertyValue("--pb-edition").trim();
    var holder = document.querySelector(".pb-trace__edition");
    if (!content && holder) content = window.getComputedStyle(holder, "::after").getPropertyValue("content") || "";
    if (content === "none" || content === "normal") return "";
    try {
      return /** @type {string} */ (JSON.parse(content));  // a CSS string in double quotes
    } catch (error) {
      return content.replace(/^"|"$/g, "");
    }
  }

  // Every replacement below is a function: a string replacement would expand `$&`, `$'`, `` $` ``
  // and `$1` found in the reader's selection or in the page's address.
  /** @param {string} body @param {string} mark @param {string} value @returns {string} */
  function substitute(body, mark, value) {
    return body.replace(mark, function () { return value; });
  }

  /** @param {string} text @returns {string} */
  function quoted(text) {
    return text.split(/\r?\n/).map(function (line) { return "> " + line; }).join("\n");
  }

  /** @param {URL} url @param {string} body @param {string} text @returns {string} */
  function reportHref(url, body, text) {
    var filled = text ? substitute(body, "> " + SELECTION_MARK, quoted(text)) : body;
    url.searchParams.set("body", filled);
    return url.toString();
  }

  // The longest prefix of the selection (in code points) whose report address fits the cap.
  /** @param {URL} url @param {string} body @param {string} text @returns {string | null} */
  function boundedHref(url, body, text) {
    var href = reportHref(url, body, text);
    if (href.length <= REPORT_URL_MAX) return href;
    var points = codePoints(text);
    var low = 0;
    var high = points.length - 1;
    while (low < high) {  // invariant: a prefix of `low` code points fits (0: the placeholder stays)
      var middle = Math.ceil((low + high) / 2);
      if (reportHref(url, body, points.slice(0, middle).join("") + "…").length <= REPORT_URL_MAX) low = middle;
      else high = middle - 1;
    }
    href = reportHref(url, body, low ? points.slice(0, low).join("") + "…" : "");
    return href.length <= REPORT_URL_MAX ? href : null;
  }

  /** @param {Element} link */
  function fillReport(link) {
    // Filled from the link as built (placeholders in): a second click quotes the new selection.
    // String(): what setAttribute and URL did with a missing href (null) anyway, "null" (not a URL).
    var original = String(link.getAttribute("data-pb-report-href") || link.getAttribute("href"));
    link.setAttribute("data-pb-report-href", original);
    var url;
    try {
      url = new URL(original);
    } catch (error) {
      return;
    }
    var body = url.searchParams.get("body");
    if (body === null) return;
    var text = currentSelection() || selected;
    // Without site_url the page's address is relative: the browser knows the full one.
    var here = window.location.href.split("#")[0];
    body = body.replace(/^Page : (?!https?:\/\/).*$/m, function () { return "Page : " + here; });
    var edition = editionText();
    if (edition) body = substitute(body, EDITION_MARK, edition);
    var href = boundedHref(url, body, text);
    link.setAttribute("href", href === null ? original : href);
  }

  // The selection may be gone by the time the link is clicked: remember it when the pointer goes down.
  document.addEventListener("mousedown", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.pb-report") : null;
    if (link) selected = currentSelection();
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.pb-report") : null;
    if (link) fillReport(link);
  }, true);
})();
