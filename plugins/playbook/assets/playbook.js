/* Playbook Relation Client: checklist boxes remembered in this browser, "Imprimer" buttons.
 *
 * Ticks are kept in localStorage, one key per list ("playbook:coches:<list>", a JSON array of
 * item keys); "Effacer les coches" clears the lists of its sheet. "Imprimer la liste" (entry
 * pages) sets <html data-pb-print="sheet"> so the print styles keep only the checklist block;
 * `make pdf` sets the same attribute. Printing always shows empty boxes (playbook-print.css).
 */
(function () {
  "use strict";
  var PREFIX = "playbook:coches:";
  var LIST = "ul.pb-checklist[data-pb-checklist]";
  var BOX = "input.pb-checkbox[data-pb-key]";
  var root = document.documentElement;
  root.classList.add("pb-js");

  function load(name) {
    try {
      var value = JSON.parse(window.localStorage.getItem(PREFIX + name) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];  // storage disabled or unreadable: nothing remembered
    }
  }

  function save(name, keys) {
    try {
      if (keys.length) {
        window.localStorage.setItem(PREFIX + name, JSON.stringify(keys));
      } else {
        window.localStorage.removeItem(PREFIX + name);
      }
    } catch (error) {
      /* storage full or disabled: the ticks stay on screen only */
    }
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

  function reset(button) {
    var scope = button.closest(".pb-sheet") || document;
    each(scope.querySelectorAll(LIST), function (list) {
      each(list.querySelectorAll(BOX), function (box) { box.checked = false; });
      save(list.getAttribute("data-pb-checklist"), []);
    });
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
    if (!box.matches || !box.matches(BOX)) return;
    var list = box.closest(LIST);
    if (list) record(list.getAttribute("data-pb-checklist"));
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.pb-action") : null;
    if (!button) return;
    if (button.classList.contains("pb-action--reset")) reset(button);
    else if (button.classList.contains("pb-action--print-sheet")) printAs("sheet");
    else if (button.classList.contains("pb-action--print-page")) printAs("page");
  });

  // A table wider than the page scrolls sideways: keyboard users must be able to reach and scroll
  // it too, so an overflowing table wrapper becomes a focusable, named region.
  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset__table").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Tableau (défilement horizontal)");
      }
    });
  }

  function ready() {
    restore();
    scrollableTables();
  }

  window.addEventListener("afterprint", function () { root.removeAttribute("data-pb-print"); });
  window.addEventListener("resize", scrollableTables);
  window.addEventListener("pageshow", restore);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ready);  // mkdocs-material's page lifecycle (tables are wrapped by then)
  }
})();
