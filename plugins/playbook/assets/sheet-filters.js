// @ts-check
/* Playbook Relation Client: a sheet whose checklist items name their audience gets filter buttons
 * (one audience at a time), on screen and when printed (the styles: playbook.css, playbook.print.css).
 */
(function () {
  "use strict";
  // Checklists whose items say who they are for (.pb-audience labels) get a row of buttons that
  // show only one audience's items (and the items that name none), on screen and when printed.
  var AUDIENCES = [["", "Toutes les actions"], ["front-line", "Contact client"],
                   ["managers", "Managers"], ["leadership", "Direction"]];

  // An item is shown for `audience` when it names that audience or none (as playbook.css hides them).
  /** @param {Element} item @param {string} audience @returns {boolean} */
  function shownFor(item, audience) {
    return !audience || !/pb-checklist__item--for-/.test(item.className) ||
      item.classList.contains("pb-checklist__item--for-" + audience);
  }

  /** @param {Element} sheet @param {string} audience */
  function filterBy(sheet, audience) {
    if (audience) sheet.setAttribute("data-pb-for", audience);
    else sheet.removeAttribute("data-pb-for");
    sheet.querySelectorAll("button.pb-filter").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-pb-for") === audience));
    });
    // No heading over nothing, and counts that say what is shown (on screen and on paper).
    var groups = 0;
    var actions = 0;
    sheet.querySelectorAll(".pb-group").forEach(function (group) {
      var items = group.querySelectorAll(".pb-checklist__item");
      var shown = Array.prototype.filter.call(items, function (item) { return shownFor(item, audience); });
      if (group instanceof HTMLElement) group.hidden = items.length > 0 && shown.length === 0;
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
    document.querySelectorAll(".pb-sheet").forEach(function (sheet) {
      if (sheet.querySelector(".pb-filters") || !sheet.querySelector(".pb-audience")) return;
      /** @type {{[audience: string]: boolean}} */
      var present = {};
      sheet.querySelectorAll(".pb-checklist__item").forEach(function (item) {
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
      if (toolbar && toolbar.parentNode) toolbar.parentNode.insertBefore(row, toolbar.nextSibling);
      else sheet.insertBefore(row, sheet.firstChild);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button.pb-filter") : null;
    var sheet = button && button.closest(".pb-sheet");
    if (button && sheet) filterBy(sheet, button.getAttribute("data-pb-for") || "");
  });

  Playbook.onEveryPage(audienceFilters);
})();
