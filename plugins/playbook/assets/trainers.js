/* Playbook Relation Client: « Ma séance » (the session builder) and reading paths' progress.
 *
 * Everything stays in this browser (localStorage); nothing is sent anywhere.
 * - Entry pages: « Ajouter à ma séance » adds or removes the entry ("playbook:seance").
 * - ma-seance/: lists the chosen entries (move up, move down, remove), and fills a printable kit
 *   (checklists, questions to discuss, cases, notes) from exports/seance.js. The page's address
 *   carries the session in its fragment (#e=id,id&t=title): that link alone rebuilds the session
 *   on another machine. Entry text is only ever set with textContent, never parsed as HTML.
 * - Reading paths: the "Étape faite" box of a step's page and the path page's boxes share one list
 *   ("playbook:coches:parcours-<id>", like checklists); the path page shows the progress.
 */
(function () {
  "use strict";
  var SESSION_KEY = "playbook:seance";
  var TICKS = "playbook:coches:";
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var MAX_ENTRIES = 40;
  var MAX_TITLE = 160;

  function readJSON(key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "null");
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function writeJSON(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or disabled: the state lives on this page only */
    }
  }

  function cleanIds(list) {
    var seen = {};
    var ids = [];
    (Array.isArray(list) ? list : []).forEach(function (id) {
      if (typeof id === "string" && id.length <= 80 && ID.test(id) && !seen[id] && ids.length < MAX_ENTRIES) {
        seen[id] = true;
        ids.push(id);
      }
    });
    return ids;
  }

  function cleanTitle(title) {
    return typeof title === "string" ? title.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, MAX_TITLE) : "";
  }

  function loadSession() {
    var stored = readJSON(SESSION_KEY, {});
    if (!stored || typeof stored !== "object") stored = {};
    return { ids: cleanIds(stored.ids), title: cleanTitle(stored.title) };
  }

  function saveSession(session) {
    writeJSON(SESSION_KEY, session.ids.length || session.title ? session : null);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- entry pages: « Ajouter à ma séance » ------------------------------------------------------
  function addButtons() {
    var session = loadSession();
    document.querySelectorAll("button.pb-action--session-add[data-pb-entry]").forEach(function (button) {
      var chosen = session.ids.indexOf(button.getAttribute("data-pb-entry")) !== -1;
      button.textContent = chosen ? "Retirer de ma séance" : "Ajouter à ma séance";
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
    });
  }

  function toggleEntry(button) {
    var id = button.getAttribute("data-pb-entry");
    if (!ID.test(id || "")) return;
    var session = loadSession();
    var at = session.ids.indexOf(id);
    if (at === -1) {
      if (session.ids.length >= MAX_ENTRIES) return;
      session.ids.push(id);
    } else {
      session.ids.splice(at, 1);
    }
    saveSession(session);
    addButtons();
  }

  // -- reading paths ----------------------------------------------------------------------------
  function pathTicks(list) {
    var ticks = readJSON(TICKS + list, []);
    return Array.isArray(ticks) ? ticks.filter(function (t) { return typeof t === "string"; }) : [];
  }

  function pathBoxes() {
    document.querySelectorAll("input.pb-path-done[data-pb-key]").forEach(function (box) {
      var key = box.getAttribute("data-pb-key");
      box.checked = pathTicks(key.split(":")[0]).indexOf(key) !== -1;
    });
    document.querySelectorAll("p.pb-path__progress[data-pb-path]").forEach(function (line) {
      var name = line.getAttribute("data-pb-path");
      var boxes = document.querySelectorAll('ul[data-pb-checklist="' + name + '"] input.pb-checkbox');
      var done = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      line.textContent = "Progression : " + done + " étape" + (done > 1 ? "s" : "") + " faite" +
        (done > 1 ? "s" : "") + " sur " + boxes.length + ".";
    });
  }

  function tickPathStep(box) {
    var key = box.getAttribute("data-pb-key");
    var list = key.split(":")[0];
    var ticks = pathTicks(list).filter(function (t) { return t !== key; });
    if (box.checked) ticks.push(key);
    writeJSON(TICKS + list, ticks.length ? ticks : null);
  }

  // -- ma-seance/: the builder ------------------------------------------------------------------
  var builder = null;

  /* The session in the page's address: the share link's format is read by seance-plan.js (loaded
   * before this script), which knows the blocks of timed sessions; the list keeps their entries. */
  function fromHash() {
    var plan = window.playbookSessionPlan;
    var parsed = plan ? plan.parseFragment(window.location.hash) : null;
    return parsed ? { ids: cleanIds(plan.entryIds(parsed)), title: cleanTitle(parsed.title) } : null;
  }

  function shareLink(session) {
    var link = "#e=" + session.ids.join(",");
    if (session.title) link += "&t=" + encodeURIComponent(session.title);
    return window.location.href.split("#")[0] + link;
  }

  function entryLink(record, text) {
    var link = el("a", "", text);
    try {
      var url = new URL(record.url, builder.root);
      if (url.origin === builder.root.origin && (url.protocol === "http:" || url.protocol === "https:" ||
                                                 url.protocol === "file:")) {
        link.href = url.href;
      }
    } catch (error) {
      /* a record without a usable address: text only */
    }
    return link;
  }

  function moveButton(label, title, action, index, disabled) {
    var button = el("button", "md-button pb-builder__" + action, label);
    button.type = "button";
    button.setAttribute("aria-label", label + " : " + title);
    button.setAttribute("data-pb-index", String(index));
    button.disabled = disabled;
    return button;
  }

  // What a kind does and how it is called come from the data (exports/seance.json "kinds"): the
  // records carry kind names, never labels.
  function kindInfo(name) {
    var kinds = builder.kinds || {};
    return Object.prototype.hasOwnProperty.call(kinds, name) && kinds[name] && typeof kinds[name] === "object" ?
      kinds[name] : {};
  }

  function kindLabel(name) {
    return String(kindInfo(name).label || name || "");
  }

  function kindTrait(name, trait) {
    return kindInfo(name)[trait] === true;
  }

  function render() {
    var session = builder.session;
    var records = builder.records;
    var present = session.ids.filter(function (id) { return records[id]; });
    var root = builder.root_node;
    var list = root.querySelector(".pb-builder__list");
    var groups = root.querySelector(".pb-builder__groups");
    var questions = root.querySelector(".pb-builder__questions");
    var cases = root.querySelector(".pb-builder__cases");
    [list, groups, questions, cases].forEach(function (node) { node.textContent = ""; });
    root.querySelector(".pb-builder__sheet-title").textContent = session.title || "Ma séance";
    var items = 0;
    var inSession = {};
    present.forEach(function (id) { inSession[id] = true; });
    var questionIds = [];
    var caseAbout = {};
    var caseIds = [];
    present.forEach(function (id, index) {
      var record = records[id];
      var item = el("li", "pb-builder__item");
      item.appendChild(entryLink(record, record.title));
      item.appendChild(document.createTextNode(" (" + kindLabel(record.kind).toLowerCase() + ") "));
      var tools = el("span", "pb-builder__tools");
      tools.appendChild(moveButton("Monter", record.title, "up", index, index === 0));
      tools.appendChild(moveButton("Descendre", record.title, "down", index, index === present.length - 1));
      tools.appendChild(moveButton("Retirer", record.title, "remove", index, false));
      item.appendChild(tools);
      list.appendChild(item);

      var group = el("div", "pb-group");
      var heading = el("h3", "pb-group__title");
      heading.appendChild(el("span", "pb-group__order", (index + 1) + "."));
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(entryLink(record, record.title));
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(el("code", "pb-id", record.id));
      group.appendChild(heading);
      group.appendChild(el("p", "pb-kit__summary-line", record.summary));
      var checklist = Array.isArray(record.checklist) ? record.checklist : [];
      if (checklist.length) {
        var ul = el("ul", "pb-checklist");
        ul.setAttribute("data-pb-checklist", "ma-seance");
        checklist.forEach(function (text, n) {
          var li = el("li", "pb-checklist__item");
          var label = el("label", "pb-checklist__label");
          var box = el("input", "pb-checkbox");
          box.type = "checkbox";
          box.setAttribute("data-pb-key", record.id + ":" + (n + 1));
          label.appendChild(box);
          label.appendChild(el("span", "pb-checklist__text", String(text)));
          li.appendChild(label);
          ul.appendChild(li);
          items += 1;
        });
        group.appendChild(ul);
      }
      groups.appendChild(group);
      if (kindTrait(record.kind, "discussed") && questionIds.indexOf(id) === -1) questionIds.push(id);
      (record.questions || []).forEach(function (q) {
        if (!inSession[q] && records[q] && questionIds.indexOf(q) === -1) questionIds.push(q);
      });
      (record.cases || []).forEach(function (c) {
        if (inSession[c] || !records[c]) return;
        if (!caseAbout[c]) {
          caseAbout[c] = [];
          caseIds.push(c);
        }
        caseAbout[c].push(record.title);
      });
    });
    questionIds.forEach(function (id) {
      var record = records[id];
      var li = el("li", "pb-kit__question");
      li.appendChild(entryLink(record, record.title));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("code", "pb-id", record.id));
      li.appendChild(el("br"));
      li.appendChild(el("span", "pb-kit__summary-line", record.summary));
      questions.appendChild(li);
    });
    caseIds.forEach(function (id) {
      var record = records[id];
      var li = el("li", "pb-kit__case");
      var strong = el("strong");
      strong.appendChild(entryLink(record, record.title));
      li.appendChild(strong);
      li.appendChild(document.createTextNode("\u00a0: " + record.summary + " "));
      li.appendChild(el("span", "pb-kit__about", "(à propos de\u00a0: " + caseAbout[id].join("\u202f; ") + ")"));
      cases.appendChild(li);
    });
    root.querySelector(".pb-builder__questions-title").hidden = !questionIds.length;
    root.querySelector(".pb-builder__cases-title").hidden = !caseIds.length;
    root.querySelector(".pb-builder__meta").textContent = present.length ?
      present.length + " entrée" + (present.length > 1 ? "s" : "") + ", " + items + " action" +
      (items > 1 ? "s" : "") + " à cocher" :
      "Aucune entrée pour l'instant : ajoutez-en depuis les pages des lois, des commandements, des cas ou des questions.";
    var link = shareLink({ ids: present, title: session.title });
    var anchor = root.querySelector(".pb-builder__share-link");
    anchor.href = link;
    anchor.textContent = link;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link);
    }
    var input = root.querySelector(".pb-builder__title-input");
    if (input.value !== session.title) input.value = session.title;
  }

  function update(change) {
    change(builder.session);
    saveSession(builder.session);
    render();
  }

  function status(text) {
    builder.root_node.querySelector(".pb-builder__status").textContent = text;
  }

  function builderClick(event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button || !builder.root_node.contains(button)) return;
    var present = builder.session.ids.filter(function (id) { return builder.records[id]; });
    var index = parseInt(button.getAttribute("data-pb-index") || "-1", 10);
    var id = present[index];
    if (button.classList.contains("pb-builder__share")) {
      var link = shareLink({ ids: present, title: builder.session.title });
      var done = function () { status("Lien copié : il reconstruit cette séance sur un autre ordinateur."); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(done, function () { status("Copiez le lien de partage ci-dessus."); });
      } else {
        status("Copiez le lien de partage ci-dessus.");
      }
      return;
    }
    if (button.classList.contains("pb-builder__clear")) {
      update(function (session) { session.ids = []; session.title = ""; });
      status("La séance est vide.");
      return;
    }
    if (id === undefined) return;
    var focusClass = null;
    update(function (session) {
      session.ids = present.slice();
      if (button.classList.contains("pb-builder__up") && index > 0) {
        session.ids.splice(index - 1, 0, session.ids.splice(index, 1)[0]);
        focusClass = [index - 1, index - 1 === 0 ? "down" : "up"];
      } else if (button.classList.contains("pb-builder__down") && index < present.length - 1) {
        session.ids.splice(index + 1, 0, session.ids.splice(index, 1)[0]);
        focusClass = [index + 1, index + 1 === present.length - 1 ? "up" : "down"];
      } else if (button.classList.contains("pb-builder__remove")) {
        session.ids.splice(index, 1);
      }
    });
    var title = builder.records[id].title;
    if (button.classList.contains("pb-builder__remove")) {
      status("« " + title + " » retirée de la séance.");
      var next = builder.root_node.querySelector(".pb-builder__list button") ||
        builder.root_node.querySelector(".pb-builder__title-input");
      if (next) next.focus();
    } else if (focusClass) {
      status("« " + title + " » est maintenant en position " + (focusClass[0] + 1) + ".");
      var moved = builder.root_node.querySelector(
        '.pb-builder__list button.pb-builder__' + focusClass[1] + '[data-pb-index="' + focusClass[0] + '"]');
      if (moved) moved.focus();
    }
  }

  /* The entries' data: exports/seance.js (the same records as seance.json, as a script), which a
   * copy opened from disk (file://) can load too, where browsers refuse fetch(). */
  function loadIndex(indexUrl) {
    return new Promise(function (resolve, reject) {
      if (window.playbookSessionIndex) {
        resolve(window.playbookSessionIndex);
        return;
      }
      var script = document.createElement("script");
      script.src = indexUrl.href.replace(/\.json$/, ".js");
      script.onload = function () {
        if (window.playbookSessionIndex) resolve(window.playbookSessionIndex);
        else reject(new Error("no data"));
      };
      script.onerror = function () { reject(new Error("not loaded")); };
      document.head.appendChild(script);
    });
  }

  function startBuilder(node) {
    var index = node.querySelector("a.pb-builder__index");
    if (!index || builder) return;
    var indexUrl = new URL(index.getAttribute("href"), window.location.href);
    builder = { root_node: node, root: new URL("../", indexUrl), records: {}, session: loadSession() };
    var shared = fromHash();
    if (shared) {
      builder.session = shared;
      saveSession(shared);
    }
    var controls = node.querySelector(".pb-builder__controls");
    var label = el("label", "pb-builder__title-label", "Titre de la séance");
    label.htmlFor = "pb-builder-title";
    var input = el("input", "pb-builder__title-input");
    input.type = "text";
    input.id = "pb-builder-title";
    input.maxLength = MAX_TITLE;
    input.autocomplete = "off";
    controls.insertBefore(input, controls.firstChild);
    controls.insertBefore(label, input);
    var live = node.querySelector(".pb-builder__status");
    live.setAttribute("role", "status");  // set here: the sanitizer keeps no role attribute
    node.classList.add("pb-builder--ready");
    node.addEventListener("click", builderClick);
    node.querySelector(".pb-builder__title-input").addEventListener("input", function (event) {
      var title = cleanTitle(event.target.value);
      update(function (session) { session.title = title; });
    });
    loadIndex(indexUrl).then(function (data) {
      builder.kinds = data && data.kinds && typeof data.kinds === "object" ? data.kinds : {};
      (data && Array.isArray(data.entries) ? data.entries : []).forEach(function (record) {
        if (record && typeof record.id === "string" && ID.test(record.id) && typeof record.title === "string") {
          builder.records[record.id] = {
            id: record.id, title: record.title, url: String(record.url || ""),
            kind: String(record.kind || ""), summary: String(record.summary || ""),
            checklist: Array.isArray(record.checklist) ? record.checklist.map(String) : [],
            questions: cleanIds(record.questions), cases: cleanIds(record.cases)
          };
        }
      });
      render();
      node.classList.add("pb-builder--loaded");
    }).catch(function () {
      status("Les entrées du playbook n'ont pas pu être chargées.");
    });
  }

  // -- wiring -----------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.pb-action--session-add") : null;
    if (button) toggleEntry(button);
  });

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches) return;
    if (box.matches("input.pb-path-done[data-pb-key]")) tickPathStep(box);
    if (box.matches("input.pb-path-done, ul.pb-path__steps input.pb-checkbox")) {
      window.setTimeout(pathBoxes, 0);  // after playbook.js has recorded the list
    }
  });

  function ready() {
    addButtons();
    pathBoxes();
    var node = document.querySelector(".pb-builder");
    if (node) startBuilder(node);
  }

  window.addEventListener("pageshow", function () { addButtons(); pathBoxes(); });
  window.addEventListener("storage", function () { addButtons(); pathBoxes(); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
