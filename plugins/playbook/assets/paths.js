// @ts-check
/* Playbook Relation Client: which reading paths this reader follows.
 *
 * An entry page can be a step of several paths (« Parcours du manager · étape 2 sur 6 »); its
 * box (nav.pb-path-nav) is shown only to readers who follow that path, so that everyone else reads
 * the entry itself first. A reader follows a path from the moment they open one of its steps from
 * the path's page or from another step's box, tick one of its steps, arrive from the path's page,
 * or press « Suivre ce parcours » on it; « Ne plus suivre ce parcours » forgets it. The list stays
 * in this browser (localStorage "playbook:parcours-suivis"); nothing is sent anywhere.
 * The step boxes and the progress line themselves are assets/trainers.js's.
 */
(function () {
  "use strict";
  var KEY = "playbook:parcours-suivis";  // names "parcours-<path id>", as the step boxes' lists

  function followed() {
    return Playbook.readStrings(KEY);
  }

  /** @param {string} name @param {boolean} on */
  function follow(name, on) {
    var list = followed().filter(function (n) { return n !== name; });
    if (on) list.push(name);
    Playbook.writeJSON(KEY, list.length ? list : null);  // storage full or disabled: this page only
    show();
  }

  // The path a box or a list belongs to: "parcours-<id>", from the step boxes' keys.
  /** @param {Element | null} nav @returns {string} */
  function pathOfNav(nav) {
    var box = nav && nav.querySelector("input.pb-path-done[data-pb-key]");
    return box ? (box.getAttribute("data-pb-key") || "").split(":")[0] : "";
  }

  /** @param {Element | null} list @returns {string} */
  function pathOfList(list) {
    return list ? list.getAttribute("data-pb-checklist") || "" : "";
  }

  /** @param {string | null} a @param {string} b @returns {boolean} */
  function samePage(a, b) {
    if (a === null) return false;
    try {
      return new URL(a, window.location.href).pathname === new URL(b, window.location.href).pathname;
    } catch (error) {
      return false;
    }
  }

  function show() {
    var names = followed();
    document.querySelectorAll("nav.pb-path-nav").forEach(function (nav) {
      var name = pathOfNav(nav);
      nav.classList.toggle("pb-path-nav--followed", names.indexOf(name) !== -1);
      if (!nav.querySelector(".pb-path-nav__leave")) {
        var leave = document.createElement("button");
        leave.type = "button";
        leave.className = "pb-path-nav__leave";
        leave.textContent = "Ne plus suivre ce parcours";
        nav.appendChild(leave);
      }
    });
    document.querySelectorAll("ul.pb-path__steps[data-pb-checklist]").forEach(function (list) {
      var name = pathOfList(list);
      var parent = list.parentNode;
      if (!parent) return;
      var line = parent.querySelector('p.pb-path-follow[data-pb-for="' + name + '"]');
      if (!line) {
        line = document.createElement("p");
        line.className = "pb-path-follow";
        line.setAttribute("data-pb-for", name);
        var created = document.createElement("button");
        created.type = "button";
        created.className = "md-button pb-path-follow__button";
        var note = document.createElement("span");
        note.className = "pb-path-follow__help";
        line.append(created, " ", note);
        parent.insertBefore(line, list);
      }
      var on = names.indexOf(name) !== -1;
      line.classList.toggle("pb-path-follow--on", on);
      var button = line.querySelector("button");
      var help = line.querySelector(".pb-path-follow__help");
      if (button) button.textContent = on ? "Ne plus suivre ce parcours" : "Suivre ce parcours";
      if (help) {
        help.textContent = on
          ? "Vous le suivez\u00a0: ses étapes l’indiquent en haut de leur page."
          : "Ses étapes l’indiqueront en haut de leur page.";
      }
    });
  }

  function arrivedFromPath() {
    // a link followed from the path's page (not a reload, nor a step back, after « Ne plus suivre »)
    var how = window.performance && performance.getEntriesByType
      ? /** @type {PerformanceNavigationTiming | undefined} */ (performance.getEntriesByType("navigation")[0])
      : null;
    if (!document.referrer || (how && how.type !== "navigate")) return;
    document.querySelectorAll("nav.pb-path-nav").forEach(function (nav) {
      var home = nav.querySelector(".pb-path-nav__where a");
      if (home && samePage(home.getAttribute("href"), document.referrer)) follow(pathOfNav(nav), true);
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var step = target.closest("ul.pb-path__steps a");
    if (step) { follow(pathOfList(step.closest("ul.pb-path__steps")), true); return; }
    var link = target.closest("nav.pb-path-nav a.pb-path-nav__previous, nav.pb-path-nav a.pb-path-nav__next");
    if (link) { follow(pathOfNav(link.closest("nav.pb-path-nav")), true); return; }
    var leave = target.closest("button.pb-path-nav__leave");
    if (leave) { follow(pathOfNav(leave.closest("nav.pb-path-nav")), false); return; }
    var toggle = target.closest("p.pb-path-follow button");
    var line = toggle && toggle.closest("p.pb-path-follow");
    var name = line && line.getAttribute("data-pb-for");
    if (line && name) {
      follow(name, !line.classList.contains("pb-path-follow--on"));
    }
  });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.checked) return;
    var list = box.closest("ul.pb-path__steps");
    if (list) follow(pathOfList(list), true);
  });

  function ready() {
    if (!document.querySelector("nav.pb-path-nav, ul.pb-path__steps")) return;
    show();
    arrivedFromPath();
  }

  window.addEventListener("pageshow", ready);
  window.addEventListener("storage", function (event) { if (event.key === KEY) show(); });
  Playbook.onReady(ready);
})();
