// @ts-check
/* Playbook Relation Client: checklist boxes remembered in this browser, "Imprimer" buttons.
 *
 * Ticks are kept in localStorage, one key per list ("playbook:coches:<list>", a JSON array of
 * item keys); "Effacer les coches" clears the lists of its sheet, and "Annuler" brings them back.
 * "Imprimer la liste" (entry pages) sets <html data-pb-print="sheet"> so the print styles keep only
 * the checklist block; `make pdf` sets the same attribute. Printing always shows empty boxes (playbook-print.css).
 * The other features of the pages have a file each: « Signaler une erreur » (report-link.js), the
 * audience filters of a sheet (sheet-filters.js), wide tables, maps and code (wide-blocks.js).
 */
(function () {
  "use strict";
  var LIST = "ul.pb-checklist[data-pb-checklist]";
  var BOX = "input.pb-checkbox[data-pb-key]";
  var root = document.documentElement;
  root.classList.add("pb-js");

  // A list's name is its data-pb-checklist (never missing: LIST selects on it; `null` would be kept
  // as "null", as a string concatenation or an object's key makes it).
  // A list's ticks (storage disabled or full: they stay on screen only).
  /** @param {string | null} name @returns {string[]} */
  function load(name) {
    return Playbook.readStrings(Playbook.TICKS + name);
  }

  /** @param {string | null} name @param {string[]} keys */
  function save(name, keys) {
    Playbook.writeJSON(Playbook.TICKS + name, keys.length ? keys : null);
  }

  /**
   * @template {Element} E
   * @param {NodeListOf<E>} nodes @param {(node: E) => void} fn
   */
  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }

  /** @param {string | null} name @returns {Element[]} */
  function listsNamed(name) {
    /** @type {Element[]} */
    var found = [];
    each(document.querySelectorAll(LIST), function (list) {
      if (list.getAttribute("data-pb-checklist") === name) found.push(list);
    });
    return found;
  }

  /** The boxes of a list (BOX: <input> elements). @param {ParentNode} list */
  function boxes(list) {
    return /** @type {NodeListOf<HTMLInputElement>} */ (list.querySelectorAll(BOX));
  }

  function restore() {
    each(document.querySelectorAll(LIST), function (list) {
      var ticked = load(list.getAttribute("data-pb-checklist"));
      each(boxes(list), function (box) {
        box.checked = ticked.indexOf(/** @type {string} */ (box.getAttribute("data-pb-key"))) !== -1;
      });
    });
  }

  /** @param {string | null} name */
  function record(name) {
    /** @type {string[]} */
    var keys = [];
    listsNamed(name).forEach(function (list) {
      each(boxes(list), function (box) {
        if (box.checked) keys.push(/** @type {string} */ (box.getAttribute("data-pb-key")));  // BOX selects on it
      });
    });
    save(name, keys);
  }

  // « Effacer les coches » can be undone until the next tick: a status line after the toolbar's
  // buttons says what went, and « Annuler » (focused) puts the ticks back, in storage too.
  /** @type {{ button: HTMLElement, boxes: HTMLInputElement[] } | null} */
  var cleared = null;  // {button, boxes}: the boxes the last reset unticked

  /** @param {Element} button @returns {{ live: Element, undo: HTMLButtonElement }} */
  function undoLine(button) {
    // A button is always in an element (the page's markup): a parent, never null.
    var toolbar = /** @type {ParentNode & Node} */ (button.closest(".pb-toolbar") || button.parentNode);
    var live = toolbar.querySelector(".pb-toolbar__status");
    if (!live) {  // made once, empty, so that screen readers announce what it says later
      live = document.createElement("span");
      live.className = "pb-toolbar__status";
      live.setAttribute("role", "status");
      var undo = document.createElement("button");
      undo.type = "button";
      undo.className = "md-button pb-action pb-undo";
      undo.hidden = true;
      undo.textContent = "Annuler";
      toolbar.appendChild(live);
      toolbar.appendChild(undo);
    }
    return {live: live, undo: /** @type {HTMLButtonElement} */ (toolbar.querySelector(".pb-undo"))};
  }

  function forgetReset() {
    if (!cleared) return;
    var line = undoLine(cleared.button);
    line.undo.hidden = true;
    line.live.textContent = "";
    cleared = null;
  }

  /** @param {HTMLElement} button */
  function reset(button) {
    forgetReset();
    var scope = button.closest(".pb-sheet") || document;
    /** @type {HTMLInputElement[]} */
    var ticked = [];
    each(scope.querySelectorAll(LIST), function (list) {
      each(boxes(list), function (box) {
        if (box.checked) ticked.push(box);
        box.checked = false;
      });
      save(list.getAttribute("data-pb-checklist"), []);
    });
    var line = undoLine(button);
    if (!ticked.length) {
      line.live.textContent = "Aucune case n’est cochée.";
      return;
    }
    cleared = {button: button, boxes: ticked};
    line.live.textContent = ticked.length > 1 ? ticked.length + " coches effacées." : "1 coche effacée.";
    line.undo.hidden = false;
    line.undo.focus();
  }

  function undoReset() {
    if (!cleared) return;
    /** @type {Object<string, boolean>} */
    var names = {};
    cleared.boxes.forEach(function (box) {
      box.checked = true;
      var list = box.closest(LIST);
      if (list) names[String(list.getAttribute("data-pb-checklist"))] = true;
    });
    Object.keys(names).forEach(record);
    var button = cleared.button;
    var line = undoLine(button);
    cleared = null;
    line.undo.hidden = true;
    line.live.textContent = "Coches rétablies.";
    button.focus();
  }

  /** @param {"sheet" | "page"} mode */
  function printAs(mode) {
    if (mode === "sheet") {
      root.setAttribute("data-pb-print", "sheet");
    } else {
      root.removeAttribute("data-pb-print");
    }
    window.print();
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof Element) || !box.matches(BOX)) return;
    var list = box.closest(LIST);
    if (list) record(list.getAttribute("data-pb-checklist"));
    forgetReset();  // a new tick: the cleared ones are gone for good
  });

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element
      ? /** @type {HTMLButtonElement | null} */ (event.target.closest("button.pb-action"))
      : null;
    if (!button) return;
    if (button.classList.contains("pb-action--reset")) reset(button);
    else if (button.classList.contains("pb-undo")) undoReset();
    else if (button.classList.contains("pb-action--print-sheet")) printAs("sheet");
    else if (button.classList.contains("pb-action--print-page")) printAs("page");
  });

  function ready() {
    restore();
    each(document.querySelectorAll("button.pb-action--reset"), undoLine);
  }

  window.addEventListener("afterprint", function () { root.removeAttribute("data-pb-print"); });
  window.addEventListener("pageshow", restore);
  Playbook.onEveryPage(ready);
})();
