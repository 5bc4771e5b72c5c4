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

  // A list's ticks (storage disabled or full: they stay on screen only).
  function load(name) {
    return Playbook.readStrings(Playbook.TICKS + name);
  }

  function save(name, keys) {
    Playbook.writeJSON(Playbook.TICKS + name, keys.length ? keys : null);
  }

  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }

  function listsNamed(name) {
    var found = [];
    each(document.querySelectorAll(LIST), function (list) {
      if (list.getAttribute("data-pb-checklist") === name) found.push(list);
    });
    return found;
  }

  function restore() {
    each(document.querySelectorAll(LIST), function (list) {
      var ticked = load(list.getAttribute("data-pb-checklist"));
      each(list.querySelectorAll(BOX), function (box) {
        box.checked = ticked.indexOf(box.getAttribute("data-pb-key")) !== -1;
      });
    });
  }

  function record(name) {
    var keys = [];
    listsNamed(name).forEach(function (list) {
      each(list.querySelectorAll(BOX), function (box) {
        if (box.checked) keys.push(box.getAttribute("data-pb-key"));
      });
    });
    save(name, keys);
  }

  // « Effacer les coches » can be undone until the next tick: a status line after the toolbar's
  // buttons says what went, and « Annuler » (focused) puts the ticks back, in storage too.
  var cleared = null;  // {button, boxes}: the boxes the last reset unticked

  function undoLine(button) {
    var toolbar = button.closest(".pb-toolbar") || button.parentNode;
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
    return {live: live, undo: toolbar.querySelector(".pb-undo")};
  }

  function forgetReset() {
    if (!cleared) return;
    var line = undoLine(cleared.button);
    line.undo.hidden = true;
    line.live.textContent = "";
    cleared = null;
  }

  function reset(button) {
    forgetReset();
    var scope = button.closest(".pb-sheet") || document;
    var ticked = [];
    each(scope.querySelectorAll(LIST), function (list) {
      each(list.querySelectorAll(BOX), function (box) {
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
    var names = {};
    cleared.boxes.forEach(function (box) {
      box.checked = true;
      var list = box.closest(LIST);
      if (list) names[list.getAttribute("data-pb-checklist")] = true;
    });
    Object.keys(names).forEach(record);
    var button = cleared.button;
    var line = undoLine(button);
    cleared = null;
    line.undo.hidden = true;
    line.live.textContent = "Coches rétablies.";
    button.focus();
  }

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
    var button = event.target instanceof Element ? event.target.closest("button.pb-action") : null;
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
