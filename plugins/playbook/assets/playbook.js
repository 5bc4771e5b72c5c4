// @ts-check
/* Playbook Relation Client: checklist boxes remembered in this browser, "Imprimer" buttons.
 *
 * Ticks are kept in localStorage, one key per list ("playbook:coches:<list>", a JSON array of
 * item keys); "Effacer les coches" clears the lists of its sheet, and "Annuler" brings them back.
 * "Imprimer la liste" (entry pages) sets <html data-pb-print="sheet"> so the print styles keep only
 * the checklist block; `make pdf` sets the same attribute. Printing always shows empty boxes (playbook-print.css).
 * A sheet whose items name their audience gets filter buttons (one audience at a time).
 *
 * "Signaler une erreur" (a.pb-report, entry pages) opens a prefilled issue on the repository; when
 * followed, the text the reader selected on the page and the site's edition (from edition.css)
 * replace the placeholders of the body (core/living.py). Without the script the link works
 * as it is, placeholders included.
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

  var SELECTION_MARK = "(collez ici le passage concerné)";
  var EDITION_MARK = "(voir le pied de page des feuilles imprimées)";
  // GitHub refuses an address longer than about 8 KB: the link's whole encoded address stays under
  // this, the quoted selection being cut (on a code point, never inside a surrogate pair) to fit.
  var REPORT_URL_MAX = 8000;
  var SELECTION_MAX = 2000;  // code points of the selection kept at most, before any encoding
  var selected = "";

  function codePoints(text) {
    return Array.from(text);  // iterates by code point: an astral character stays whole
  }

  function cut(text, count) {
    var points = codePoints(text);
    return points.length > count ? points.slice(0, count).join("") + "…" : text;
  }

  function currentSelection() {
    var selection = window.getSelection ? window.getSelection() : null;
    var text = selection ? String(selection).trim() : "";
    return cut(text, SELECTION_MAX);
  }

  function editionText() {
    // edition.css: the date and the exact version (--pb-edition), which maintainers need.
    var content = window.getComputedStyle(root).getPropertyValue("--pb-edition").trim();
    var holder = document.querySelector(".pb-trace__edition");
    if (!content && holder) content = window.getComputedStyle(holder, "::after").getPropertyValue("content") || "";
    if (content === "none" || content === "normal") return "";
    try {
      return JSON.parse(content);  // a CSS string in double quotes
    } catch (error) {
      return content.replace(/^"|"$/g, "");
    }
  }

  // Every replacement below is a function: a string replacement would expand `$&`, `$'`, `` $` ``
  // and `$1` found in the reader's selection or in the page's address.
  function substitute(body, mark, value) {
    return body.replace(mark, function () { return value; });
  }

  function quoted(text) {
    return text.split(/\r?\n/).map(function (line) { return "> " + line; }).join("\n");
  }

  function reportHref(url, body, text) {
    var filled = text ? substitute(body, "> " + SELECTION_MARK, quoted(text)) : body;
    url.searchParams.set("body", filled);
    return url.toString();
  }

  // The longest prefix of the selection (in code points) whose report address fits the cap.
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

  function fillReport(link) {
    // Filled from the link as built (placeholders in): a second click quotes the new selection.
    var original = link.getAttribute("data-pb-report-href") || link.getAttribute("href");
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

  // A table (an observation grid too) or a map wider than the page scrolls sideways in its own box,
  // never the page: keyboard users must reach and scroll it (a focusable region, named after what it
  // holds), and everyone must see that it scrolls (a hint above it, while it is wider than the screen).
  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset__table, .pb-matrix__scroll, .pb-map__scroll, .pb-grid-wrap, " +
    ".md-typeset pre > code";

  // A region's name says what it holds (a table's caption, a map's label, else the section it is
  // in) and is unique on the page (axe: landmark-unique).
  function scrollName(wrap) {
    var named = wrap.querySelector("caption, svg[aria-label]");
    var what = named ? (named.getAttribute("aria-label") || named.textContent).trim()
      : wrap.matches("code") ? "Code" : "Tableau";
    if (!named) {
      var headings = Array.prototype.filter.call(document.querySelectorAll(".md-content h2, .md-content h3"),
        function (h) { return h.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING; });
      var section = headings.length ? headings[headings.length - 1].textContent.replace(/¶/g, "").trim() : "";
      if (section) what += " «\u00a0" + section + "\u00a0»";
    }
    var name = what + " (défilement horizontal)";
    for (var n = 2; document.querySelector('[role="region"][aria-label="' + name.replace(/"/g, '\\"') + '"]'); n++) {
      name = what + " " + n + " (défilement horizontal)";
    }
    return name;
  }

  function scrollableTables() {
    document.querySelectorAll(SCROLLERS).forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      if (wide && !wrap.hasAttribute("role")) {  // material may have made a code block focusable already
        if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", scrollName(wrap));
      }
      var overflow = window.getComputedStyle(wrap).overflowX;
      if (overflow !== "auto" && overflow !== "scroll") return;
      var box = wrap.matches("code") ? wrap.parentElement : wrap;  // a code block's hint goes above its <pre>
      var parent = box && box.parentNode;
      if (!box || !parent) return;
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("pb-scroll-hint");
      if (wide && !has) {
        hint = document.createElement("p");
        hint.className = "pb-scroll-hint";
        hint.setAttribute("aria-hidden", "true");  // the region's name says it to screen readers
        hint.textContent = "Faites glisser sur le côté pour tout voir →";
        parent.insertBefore(hint, box);
      } else if (!wide && hint && has) {
        hint.remove();
      }
      wrap.classList.toggle("pb-scroll--wide", wide);
    });
  }

  // Checklists whose items say who they are for (.pb-audience labels) get a row of buttons that
  // show only one audience's items (and the items that name none), on screen and when printed.
  var AUDIENCES = [["", "Toutes les actions"], ["front-line", "Contact client"],
                   ["managers", "Managers"], ["leadership", "Direction"]];

  // An item is shown for `audience` when it names that audience or none (as playbook.css hides them).
  function shownFor(item, audience) {
    return !audience || !/pb-checklist__item--for-/.test(item.className) ||
      item.classList.contains("pb-checklist__item--for-" + audience);
  }

  function filterBy(sheet, audience) {
    if (audience) sheet.setAttribute("data-pb-for", audience);
    else sheet.removeAttribute("data-pb-for");
    each(sheet.querySelectorAll("button.pb-filter"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-pb-for") === audience));
    });
    // No heading over nothing, and counts that say what is shown (on screen and on paper).
    var groups = 0;
    var actions = 0;
    each(sheet.querySelectorAll(".pb-group"), function (group) {
      var items = group.querySelectorAll(".pb-checklist__item");
      var shown = Array.prototype.filter.call(items, function (item) { return shownFor(item, audience); });
      group.hidden = items.length > 0 && shown.length === 0;
      if (shown.length) groups += 1;
      actions += shown.length;
    });
    var count = sheet.querySelector(".pb-sheet__count");
    if (count) {
      var label = AUDIENCES.filter(function (pair) { return pair[0] === audience; })[0];
      count.textContent = groups + " entrée" + (groups > 1 ? "s" : "") + ", " + actions + " action" +
        (actions > 1 ? "s" : "") + (audience && label ? " «\u00a0" + label[1] + "\u00a0»" : "") + " à cocher";
    }
  }

  function audienceFilters() {
    each(document.querySelectorAll(".pb-sheet"), function (sheet) {
      if (sheet.querySelector(".pb-filters") || !sheet.querySelector(".pb-audience")) return;
      var present = {};
      each(sheet.querySelectorAll(".pb-checklist__item"), function (item) {
        AUDIENCES.forEach(function (pair) {
          if (pair[0] && item.classList.contains("pb-checklist__item--for-" + pair[0])) present[pair[0]] = true;
        });
      });
      var row = document.createElement("div");
      row.className = "pb-filters";
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", "Actions à afficher");
      AUDIENCES.forEach(function (pair) {
        if (pair[0] && !present[pair[0]]) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button pb-filter";
        button.setAttribute("data-pb-for", pair[0]);
        button.setAttribute("aria-pressed", String(pair[0] === ""));
        button.textContent = pair[1];
        row.appendChild(button);
      });
      var toolbar = sheet.querySelector(".pb-toolbar");
      if (toolbar) toolbar.parentNode.insertBefore(row, toolbar.nextSibling);
      else sheet.insertBefore(row, sheet.firstChild);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button.pb-filter") : null;
    var sheet = button && button.closest(".pb-sheet");
    if (button && sheet) filterBy(sheet, button.getAttribute("data-pb-for"));
  });

  function ready() {
    restore();
    each(document.querySelectorAll("button.pb-action--reset"), undoLine);
    audienceFilters();
    scrollableTables();
  }

  window.addEventListener("afterprint", function () { root.removeAttribute("data-pb-print"); });
  window.addEventListener("resize", scrollableTables);
  window.addEventListener("pageshow", restore);
  Playbook.onReady(ready);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ready);  // mkdocs-material's page lifecycle (tables are wrapped by then)
  }
})();
