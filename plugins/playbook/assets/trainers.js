// @ts-check
/* Playbook Relation Client: « Ma séance » (the session builder) and reading paths' progress.
 *
 * Everything stays in this browser (localStorage); nothing is sent anywhere.
 * - Entry pages: « Ajouter à ma séance » adds or removes the entry ("playbook:seance").
 * - ma-seance/: a timed session, one block per chosen entry (minutes and activity per block; move
 *   up, move down, remove), an audience and a start time chosen once, printed as the two documents
 *   of a ready séance: a « fiche d'animation » (the timetable with clock times) and a « support
 *   participant » (each entry's checklist for the audience only, questions, cases, notes), both
 *   with the full share link and its QR code (vendor qrcode-generator, loaded by this page only),
 *   from exports/seance.js. The page's address carries the session in its fragment, in the format
 *   of assets/seance-plan.js (#e=id,id&m=15,20&a=apport,discussion&p=front-line&d=14:00&t=title,
 *   which also opens the links of ready séances): that link alone rebuilds the session on another
 *   machine. A link never overwrites a session silently: over a
 *   session that is not empty, the reader chooses (replace, add, keep); ids the playbook does not
 *   know are dropped and counted. « Vider la séance », « Retirer » and a replacement can be undone.
 *   The support's blocks of each entry (heading, checklist, question and case lines) are the HTML
 *   the build rendered with the collection kits' templates and sanitized (seance.js "sheet"):
 *   the page clones them and only numbers, filters and assembles them. The timetable's blocks and
 *   the « à propos de » of a case line are the ready séances' and the kits' templates, rendered
 *   empty by the build (seance.js "templates"): the page clones and fills them. Any other text
 *   (titles, the reader's own) is only ever set with textContent, never parsed as HTML; ids key
 *   Maps, never plain objects (an id such as "constructor" is then an id like any other).
 * - Reading paths: the "Étape faite" box of a step's page and the path page's boxes share one list
 *   ("playbook:coches:parcours-<id>", like checklists); the path page shows the progress.
 *
 * The first part holds the rules on ids, titles and shared links as pure functions (no DOM, no
 * storage); the rest applies them to the page.
 */
/**
 * A block's minutes and activity as said (null, "": unsaid; blockOf gives the defaults).
 * @typedef {{minutes: number | null, activity: string}} Block
 * A session: its entries in order, a block per entry, title, audience ("": every one) and start.
 * @typedef {{ids: string[], title: string, blocks: Map<string, Block>, audience: string, start: string}} Session
 * A shared link checked against the playbook: the session, the ids dropped as unknown and over the cap.
 * @typedef {{session: Session, unknown: number, over: number}} Resolved
 * What discussionAround reads of a record.
 * @typedef {{kind: string, questions: string[], cases: string[], rank: number}} AroundRecord
 * An entry of exports/seance.json, as readIndex keeps it.
 * @typedef {AroundRecord & {id: string, title: string, url: string, summary: string,
 *   checklist: {audience: string}[], sheet: {[name: string]: string}}} EntryRecord
 * What a kind does, from exports/seance.json "kinds".
 * @typedef {{label?: string, discussed?: boolean, illustrates?: boolean, activity?: string}} KindInfo
 * @typedef {{[kind: string]: KindInfo}} Kinds
 * The markup the build rendered for the page to fill (exports/seance.js "templates",
 * session_layout.builder_templates): a timetable block per activity, a case line's « à propos de ».
 * @typedef {{plan: {[activity: string]: string}, about: string}} Templates
 * The builder's page once started (startBuilder).
 * @typedef {{root_node: HTMLElement, root: URL, records: Map<string, EntryRecord>,
 *   audiences: Map<string, string>, kinds: Kinds, activities: {[name: string]: string},
 *   templates: Templates, qrcode: QrCodeFactory | null, session: Session,
 *   undo: {session: Session, refocus: () => HTMLElement | null} | null,
 *   asking: boolean, blocks: Map<string, HTMLTemplateElement>, undoButton: HTMLButtonElement, dialog: HTMLDialogElement}} Builder
 */
(function () {
  "use strict";
  var SESSION_KEY = "playbook:seance";
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var ID_MAX = 80;
  var MAX_ENTRIES = 40;
  var MAX_TITLE = 160;
  /* Invisible format characters (bidi embeddings, overrides and isolates U+202A–U+202E and
   * U+2066–U+2069, zero-width spaces and joiners U+200B–U+200F, U+FEFF, soft hyphen, tags...):
   * removed from a title, which could otherwise print reversed or hide text on the kit's heading. */
  var INVISIBLE = /\p{Cf}/gu;
  /* Control characters and line or paragraph separators: a title is one line. */
  var CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
  /* A block's minutes when nobody has said (a block added from an entry page). */
  var DEFAULT_MINUTES = 15;
  /* This script's own address: the QR code's script is beside it (qrcode-generator/qrcode.js). */
  var OWN_SRC = typeof document !== "undefined" && document.currentScript instanceof HTMLScriptElement
    ? document.currentScript.src : "";

  /* The timed plan's rules (assets/seance-plan.js, loaded before this script). */
  function plans() {
    return window.playbookSessionPlan;
  }

  // -- pure rules: ids, titles, sessions, shared links ---------------------------------------------
  /* Valid ids, each once, in order (at most `max`); `known` (a Map or Set), when given, keeps only
   * the ids it has. Returns the ids and how many were dropped as unknown and as over the cap. */
  /** @param {unknown} list @param {{has(id: string): boolean} | null} known @param {number} max */
  function pickIds(list, known, max) {
    var seen = new Set();
    /** @type {string[]} */
    var ids = [];
    var unknown = 0;
    var over = 0;
    (Array.isArray(list) ? list : []).forEach(/** @param {unknown} id */ function (id) {
      if (typeof id !== "string" || id.length > ID_MAX || !ID.test(id) || (known && !known.has(id))) {
        if (typeof id === "string" && id !== "") unknown += 1;
        return;
      }
      if (seen.has(id)) return;
      seen.add(id);
      if (ids.length < max) ids.push(id);
      else over += 1;
    });
    return { ids: ids, unknown: unknown, over: over };
  }

  /** @param {unknown} list @returns {string[]} */
  function cleanIds(list) {
    return pickIds(list, null, MAX_ENTRIES).ids;
  }

  /* A title as one line of visible text: NFC, no invisible format character, no control
   * character, at most MAX_TITLE characters (counted in code points). */
  /** @param {unknown} title @returns {string} */
  function cleanTitle(title) {
    if (typeof title !== "string") return "";
    var text = title.normalize("NFC").replace(INVISIBLE, "").replace(CONTROLS, " ");
    var chars = Array.from(text);
    return chars.length > MAX_TITLE ? chars.slice(0, MAX_TITLE).join("") : text;
  }

  /* The session a page address carries, as written: null when it names none (no `e=`). The format
   * is seance-plan.js's (#e=a,b+c&m=15,20&a=apport,discussion&p=front-line&d=14:00&t=title); the
   * ids are kept as written (resolveShared counts those the playbook does not know). « Ma séance »
   * has one block per entry: a ready séance's block of several entries gives each its share of
   * the block's minutes, and a block with no entry (a break) is left out. A link without `m` or `a`
   * (the first « Ma séance ») leaves each block's minutes and activity unsaid (blockOf). */
  /** @param {unknown} hash @returns {Session | null} */
  function readShareLink(hash) {
    var text = String(hash || "").replace(/^#/, "");
    /** @type {Map<string, string>} */
    var parts = new Map();
    text.split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      var value = eq === -1 ? "" : part.slice(eq + 1);
      try {
        value = decodeURIComponent(value);
      } catch (error) {
        value = "";
      }
      parts.set(eq === -1 ? part : part.slice(0, eq), value);
    });
    if (!parts.has("e")) return null;
    var plan = plans();
    var minutes = (parts.get("m") || "").split(",");
    var activities = (parts.get("a") || "").split(",");
    /** @type {string[]} */
    var ids = [];
    /** @type {Map<string, Block>} */
    var blocks = new Map();
    var groups = parts.get("e");
    (groups ? groups.split(",") : []).forEach(function (group, i) {
      var members = group.split("+").filter(function (id) { return id; });
      var total = plan.cleanMinutes(minutes[i], null);
      var activity = plan.ACTIVITIES.indexOf(activities[i]) !== -1 ? activities[i] : "";
      members.forEach(function (id, n) {
        ids.push(id);
        if (blocks.has(id)) return;
        var share = total === null ? null :
          Math.max(1, Math.floor(total / members.length) + (n < total % members.length ? 1 : 0));
        blocks.set(id, { minutes: share, activity: activity });
      });
    });
    var audience = parts.get("p") || "";
    return {
      ids: ids, title: cleanTitle(parts.get("t") || ""), blocks: blocks,
      audience: plan.AUDIENCES.indexOf(audience) !== -1 ? audience : "",
      start: plan.cleanStart(parts.get("d"))
    };
  }

  /* A shared link checked against the entries the playbook has. */
  /** @param {Session} link @param {{has(id: string): boolean}} known @returns {Resolved} */
  function resolveShared(link, known) {
    var picked = pickIds(link.ids, known, MAX_ENTRIES);
    return {
      session: { ids: picked.ids, title: link.title, blocks: link.blocks, audience: link.audience, start: link.start },
      unknown: picked.unknown, over: picked.over
    };
  }

  /** @param {Session} session */
  function isEmpty(session) {
    return !session.ids.length && !session.title.trim();
  }

  /* `extra`'s entries after those of `session` (each once, up to the cap, with their blocks); the
   * title and the audience stay, or become extra's when the session has none. */
  /** @param {Session} session @param {Session} extra */
  function addSessions(session, extra) {
    var picked = pickIds(session.ids.concat(extra.ids), null, MAX_ENTRIES);
    var blocks = new Map(session.blocks);
    extra.blocks.forEach(function (block, id) {
      if (!blocks.has(id)) blocks.set(id, block);
    });
    return {
      session: {
        ids: picked.ids, title: session.title.trim() ? session.title : extra.title, blocks: blocks,
        audience: session.audience || extra.audience, start: session.start
      },
      added: picked.ids.length - session.ids.length,
      over: picked.over
    };
  }

  /* What a shared link left out, for the reader ("" when nothing). */
  /** @param {{unknown: number, over: number}} resolved @returns {string} */
  function droppedText(resolved) {
    var parts = [];
    if (resolved.unknown) {
      parts.push(resolved.unknown > 1 ?
        resolved.unknown + "\u00a0identifiants inconnus du playbook ont été ignorés" :
        "1\u00a0identifiant inconnu du playbook a été ignoré");
    }
    if (resolved.over) {
      parts.push(resolved.over > 1 ?
        resolved.over + "\u00a0entrées au-delà de " + MAX_ENTRIES + " ont été laissées de côté" :
        "1\u00a0entrée au-delà de " + MAX_ENTRIES + " a été laissée de côté");
    }
    if (!parts.length) return "";
    var text = parts.join("\u202f; ") + ".";
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /* The questions to discuss and the cases to read around the chosen entries `ids`: the chosen
   * questions, then the questions related to them, each once; each related case (sorted by its
   * record's `rank`, the playbook's order) with the chosen entries it is about, in their order.
   * Entries of the session are never listed as related. `records` maps an id to {kind, questions,
   * cases, rank} (exports/seance.json: each entry's related questions and cases, computed by the
   * build); `kinds` tells which kind is discussed. The twin of core/render/sheet_layout.around_ids
   * (a collection's kit): this part stays in the browser because the reader picks the entries, and
   * the build cannot list every choice; both are tested on tests/vectors/discussion-around.json. */
  /** @param {string[]} ids @param {Map<string, AroundRecord>} records @param {Kinds} kinds
   * @returns {{questions: string[], cases: [string, string[]][]}} */
  function discussionAround(ids, records, kinds) {
    var chosen = new Set(ids);
    /** @type {string[]} */
    var questions = [];
    /** @type {Map<string, string[]>} */
    var cases = new Map();
    /** @param {string} id */
    var discussed = function (id) {
      var kind = /** @type {AroundRecord} */ (records.get(id)).kind;
      return Object.prototype.hasOwnProperty.call(kinds, kind) && kinds[kind].discussed === true;
    };
    ids.forEach(function (id) {
      if (records.has(id) && discussed(id) && questions.indexOf(id) === -1) questions.push(id);
    });
    ids.forEach(function (id) {
      var record = records.get(id);
      if (!record) return;
      record.questions.forEach(function (q) {
        if (!chosen.has(q) && records.has(q) && questions.indexOf(q) === -1) questions.push(q);
      });
      record.cases.forEach(function (c) {
        if (chosen.has(c) || !records.has(c)) return;
        var about = cases.get(c) || [];
        if (about.indexOf(id) === -1) about.push(id);
        cases.set(c, about);
      });
    });
    /** @param {string} id */
    var rank = function (id) { return /** @type {AroundRecord} */ (records.get(id)).rank; };
    /** @type {[string, string[]][]} */
    var ranked = [];
    cases.forEach(function (about, c) { ranked.push([c, about]); });
    return { questions: questions, cases: ranked.sort(function (a, b) { return rank(a[0]) - rank(b[0]); }) };
  }

  if (typeof module !== "undefined" && module.exports) {
    // loaded by node's test runner (tests/js/trainers.test.js): the pure rules, and no page (they read
    // seance-plan.js's rules as window.playbookSessionPlan: the tests set it, as the page loads it)
    module.exports = { pickIds: pickIds, cleanIds: cleanIds, cleanTitle: cleanTitle, readShareLink: readShareLink,
                       resolveShared: resolveShared, addSessions: addSessions, droppedText: droppedText,
                       discussionAround: discussionAround };
    return;
  }

  // -- storage --------------------------------------------------------------------------------------
  /* The stored session: {ids, title, minutes, activities, audience, start}, minutes and activities
   * one per id (null: unsaid); anything unusable is dropped. */
  /** @returns {Session} */
  function loadSession() {
    var stored = Playbook.readRecord(SESSION_KEY);
    var plan = plans();
    var minutes = Array.isArray(stored.minutes) ? stored.minutes : [];
    var activities = Array.isArray(stored.activities) ? stored.activities : [];
    /** @type {Map<string, Block>} */
    var blocks = new Map();
    (Array.isArray(stored.ids) ? stored.ids : []).forEach(/** @param {unknown} id @param {number} i */ function (id, i) {
      if (typeof id !== "string" || blocks.has(id)) return;
      blocks.set(id, {
        minutes: plan.cleanMinutes(minutes[i], null),
        activity: plan.ACTIVITIES.indexOf(activities[i]) !== -1 ? activities[i] : ""
      });
    });
    return {
      ids: cleanIds(stored.ids), title: cleanTitle(stored.title), blocks: blocks,
      audience: typeof stored.audience === "string" && plan.AUDIENCES.indexOf(stored.audience) !== -1 ? stored.audience : "",
      start: plan.cleanStart(stored.start)
    };
  }

  /** @param {Session} session */
  function saveSession(session) {
    /** @param {string} id @returns {Block} */
    var block = function (id) { return session.blocks.get(id) || { minutes: null, activity: "" }; };
    Playbook.writeJSON(SESSION_KEY, isEmpty(session) ? null : {
      ids: session.ids, title: session.title,
      minutes: session.ids.map(function (id) { return block(id).minutes || null; }),
      activities: session.ids.map(function (id) { return block(id).activity || null; }),
      audience: session.audience, start: session.start
    });
  }

  /* A copy of a session (undo keeps one): ids, title, blocks, audience and start. */
  /** @param {Session} session @returns {Session} */
  function copySession(session) {
    return {
      ids: session.ids.slice(), title: session.title, blocks: new Map(session.blocks),
      audience: session.audience, start: session.start
    };
  }

  /* Makes `session` hold what `other` holds. */
  /** @param {Session} session @param {Session} other */
  function setSession(session, other) {
    var copy = copySession(other);
    session.ids = copy.ids;
    session.title = copy.title;
    session.blocks = copy.blocks;
    session.audience = copy.audience;
    session.start = copy.start;
  }

  // -- entry pages: « Ajouter à ma séance » ------------------------------------------------------
  function addButtons() {
    var chosen = new Set(loadSession().ids);
    document.querySelectorAll("button.pb-action--session-add[data-pb-entry]").forEach(function (button) {
      var inSession = chosen.has(button.getAttribute("data-pb-entry") || "");
      button.textContent = inSession ? "Retirer de ma séance" : "Ajouter à ma séance";
      button.setAttribute("aria-pressed", inSession ? "true" : "false");
    });
  }

  /** @param {Element} button */
  function toggleEntry(button) {
    var id = button.getAttribute("data-pb-entry");
    if (id === null || !ID.test(id)) return;
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
  function pathBoxes() {
    document.querySelectorAll("input.pb-path-done[data-pb-key]").forEach(function (box) {
      var key = box.getAttribute("data-pb-key") || "";
      var ticks = Playbook.readStrings(Playbook.TICKS + key.split(":")[0]);
      if (box instanceof HTMLInputElement) box.checked = ticks.indexOf(key) !== -1;
    });
    document.querySelectorAll("p.pb-path__progress[data-pb-path]").forEach(function (line) {
      var name = line.getAttribute("data-pb-path");
      var boxes = document.querySelectorAll('ul[data-pb-checklist="' + name + '"] input.pb-checkbox');
      var done = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      line.textContent = "Progression\u00a0: " + done + " étape" + (done > 1 ? "s" : "") + " faite" +
        (done > 1 ? "s" : "") + " sur " + boxes.length + ".";
    });
  }

  /** @param {Element} box */
  function tickPathStep(box) {
    var key = box.getAttribute("data-pb-key") || "";
    var list = key.split(":")[0];
    var ticks = Playbook.readStrings(Playbook.TICKS + list).filter(function (t) { return t !== key; });
    if (box instanceof HTMLInputElement && box.checked) ticks.push(key);
    Playbook.writeJSON(Playbook.TICKS + list, ticks.length ? ticks : null);
  }

  // -- ma-seance/: the builder ------------------------------------------------------------------
  /* Set by startBuilder, before anything below it runs (once the page has a builder). */
  /** @type {Builder} */
  var builder;

  function pageAddress() {
    return window.location.href.split("#")[0];
  }

  /** The builder's element `selector`, of class `type`: fragments/session-builder.html.j2 has
   * each one, or addControls adds it (a page without one is not a « Ma séance » page).
   * @template {Element} T @param {string} selector @param {{new (): T, prototype: T}} type @returns {T} */
  function part(selector, type) {
    var node = builder.root_node.querySelector(selector);
    if (!(node instanceof type)) throw new Error("ma-seance: no " + selector);
    return node;
  }

  /** The record of an entry of the session (present() keeps only the ids the playbook has).
   * @param {string} id @returns {EntryRecord} */
  function recordOf(id) {
    var record = builder.records.get(id);
    if (!record) throw new Error("ma-seance: no entry " + id);
    return record;
  }

  /** @param {EntryRecord} record @param {string} text */
  function entryLink(record, text) {
    return pointAt(Playbook.el("a", "", text), record);
  }

  /* `link` to the entry's page, when its address is one of this site's (else no address: text only). */
  /** @param {HTMLAnchorElement} link @param {EntryRecord} record */
  function pointAt(link, record) {
    link.removeAttribute("href");
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

  /** @param {string} label @param {string} title @param {string} action @param {number} index
   * @param {boolean} disabled */
  function moveButton(label, title, action, index, disabled) {
    var button = Playbook.el("button", "md-button pb-builder__" + action, label);
    button.type = "button";
    button.setAttribute("aria-label", label + "\u00a0: " + title);
    button.setAttribute("data-pb-index", String(index));
    button.disabled = disabled;
    return button;
  }

  /* Markup the build rendered (sanitized like a page), a fresh copy each time: parsed once per key
   * in an inert <template> (no script runs there, nothing loads). */
  /** @param {string} key @param {string} html @returns {DocumentFragment} */
  function markup(key, html) {
    var template = builder.blocks.get(key);
    if (!template) {
      template = document.createElement("template");
      template.innerHTML = html;
      builder.blocks.set(key, template);
    }
    return /** @type {DocumentFragment} */ (template.content.cloneNode(true));
  }

  /* A block of the support participant as the build rendered it (the "sheet" of the entry's record
   * in exports/seance.js: the collection kits' templates). */
  /** @param {EntryRecord} record @param {string} name @returns {HTMLElement} */
  function sheetBlock(record, name) {
    var block = markup(record.id + " " + name, record.sheet[name] || "").firstElementChild;
    return block instanceof HTMLElement ? block : Playbook.el("div");
  }

  /* The text of `selector` in `node`, when there is one. */
  /** @param {ParentNode} node @param {string} selector @param {string} text */
  function fill(node, selector, text) {
    var target = node.querySelector(selector);
    if (target) target.textContent = text;
  }

  /* A block of the fiche d'animation's timetable: fragments/plan-block.html.j2 as the build
   * rendered it for the block's activity (its class and label), with this block's clock times,
   * minutes, the entry's linked title, its kind and its summary. */
  /** @param {EntryRecord} record @param {PlanBlock} block @param {string} clock @returns {HTMLElement} */
  function planBlock(record, block, clock) {
    // "*" never starts an id: the templates' keys are not the entries' (markup)
    var item = markup("* plan " + block.activity, builder.templates.plan[block.activity] || "").firstElementChild;
    if (!(item instanceof HTMLElement)) throw new Error("ma-seance: no plan template for " + block.activity);
    item.setAttribute("data-pb-minutes", String(block.minutes));
    fill(item, ".pb-plan__clock", clock);
    var minutes = item.querySelector(".pb-plan__minutes");
    if (minutes) minutes.textContent = minutes.textContent.replace(/^\d+/, String(block.minutes));
    var link = item.querySelector(".pb-plan__title a");
    if (link instanceof HTMLAnchorElement) pointAt(link, record).textContent = record.title;
    fill(item, ".pb-plan__kind", kindLabel(record.kind).toLowerCase());
    fill(item, ".pb-plan__summary", record.summary);
    return item;
  }

  /* « (à propos de : A ; B) » after a case line: fragments/kit-about.html.j2 as the build rendered
   * it with two entries (.pb-kit__about-entry), the first repeated for each of `titles`, with what
   * stands between the first two as the separator. */
  /** @param {string[]} titles @returns {DocumentFragment} */
  function aboutPart(titles) {
    if (!titles.length) return document.createDocumentFragment();
    var part = markup("* about", builder.templates.about);
    var entries = part.querySelectorAll(".pb-kit__about-entry");
    var first = entries[0];
    var second = entries[1];
    var holder = first ? first.parentNode : null;
    if (!first || !second || !holder) throw new Error("ma-seance: no template for the cases' entries");
    /** @type {Node} */
    var parent = holder;
    /** @type {Node[]} */
    var between = [];
    for (var node = first.nextSibling; node && node !== second; node = node.nextSibling) between.push(node);
    between.forEach(function (n) { parent.removeChild(n); });
    var after = second.nextSibling;
    parent.removeChild(second);
    var model = first.cloneNode(true);
    titles.forEach(function (title, i) {
      if (i) {
        between.forEach(function (n) { parent.insertBefore(n.cloneNode(true), after); });
        first = /** @type {Element} */ (parent.insertBefore(model.cloneNode(true), after));
      }
      first.textContent = title;
    });
    return part;
  }

  function present() {
    return builder.session.ids.filter(function (id) { return builder.records.has(id); });
  }

  // What a kind does and how it is called come from the data (exports/seance.json "kinds"): the
  // records carry kind names, never labels.
  /** @param {string} name @returns {KindInfo} */
  function kindInfo(name) {
    var kinds = builder.kinds || {};
    return Object.prototype.hasOwnProperty.call(kinds, name) && kinds[name] && typeof kinds[name] === "object" ?
      kinds[name] : {};
  }

  /** @param {string} name */
  function kindLabel(name) {
    return String(kindInfo(name).label || name || "");
  }

  /** @param {string} name @param {"discussed" | "illustrates"} trait */
  function kindTrait(name, trait) {
    return kindInfo(name)[trait] === true;
  }

  /** @param {string} name @returns {string} */
  function activityLabel(name) {
    var labels = builder.activities;
    return labels && Object.prototype.hasOwnProperty.call(labels, name) && typeof labels[name] === "string" ?
      labels[name] : name;
  }

  /* A block's minutes and activity, as said or by default: 15 minutes, its kind's activity. */
  /** @param {Session} session @param {string} id @returns {{minutes: number, activity: string}} */
  function blockOf(session, id) {
    var block = session.blocks.get(id) || { minutes: null, activity: "" };
    var record = builder.records.get(id);
    var byKind = record ? String(kindInfo(record.kind).activity || "") : "";
    var activities = plans().ACTIVITIES;
    return {
      minutes: block.minutes || DEFAULT_MINUTES,
      activity: block.activity || (activities.indexOf(byKind) !== -1 ? byKind : "apport")
    };
  }

  /* The session as seance-plan.js sees it: one block per entry the playbook has. */
  /** @param {Session} session @returns {PlanSession} */
  function planOf(session) {
    return {
      blocks: session.ids.filter(function (id) { return builder.records.has(id); }).map(function (id) {
        var block = blockOf(session, id);
        return { entries: [id], minutes: block.minutes, activity: block.activity };
      }),
      title: session.title, audience: session.audience, start: session.start
    };
  }

  /* The fragment of a session's shared link ("" for an empty session: a link that opens nothing). */
  /** @param {Session} session */
  function shareFragment(session) {
    var plan = planOf(session);
    return plan.blocks.length ? plans().fragment(plan) : "";
  }

  /** @param {Session} a @param {Session} b */
  function sameSession(a, b) {
    return shareFragment(a) === shareFragment(b);
  }

  /** @param {string} labelText @param {HTMLElement} control @param {string} [className] */
  function field(labelText, control, className) {
    var label = Playbook.el("label", "pb-builder__field " + (className || ""), labelText + " ");
    label.appendChild(control);
    return label;
  }

  /** @param {EntryRecord} record @param {{minutes: number, activity: string}} block @param {number} index */
  function blockFields(record, block, index) {
    var box = Playbook.el("span", "pb-builder__block");
    var minutes = Playbook.el("input", "pb-builder__minutes");
    minutes.type = "number";
    minutes.min = "1";
    minutes.max = "240";
    minutes.step = "1";
    minutes.inputMode = "numeric";
    minutes.value = String(block.minutes);
    minutes.setAttribute("aria-label", "Minutes\u00a0: " + record.title);
    minutes.setAttribute("data-pb-index", String(index));
    box.appendChild(field("Minutes", minutes));
    var activity = Playbook.el("select", "pb-builder__activity");
    activity.setAttribute("aria-label", "Activité\u00a0: " + record.title);
    activity.setAttribute("data-pb-index", String(index));
    plans().ACTIVITIES.forEach(function (name) {
      var option = Playbook.el("option", "", activityLabel(name));
      option.value = name;
      activity.appendChild(option);
    });
    activity.value = block.activity;
    box.appendChild(field("Activité", activity));
    return box;
  }

  /* The list of blocks (screen): each entry with its clock times, minutes, activity and tools. */
  function render() {
    var session = builder.session;
    var ids = present();
    var list = part(".pb-builder__list", HTMLOListElement);
    list.textContent = "";
    ids.forEach(function (id, index) {
      var record = recordOf(id);
      var item = Playbook.el("li", "pb-builder__item");
      item.setAttribute("data-pb-entry", id);
      item.appendChild(Playbook.el("span", "pb-builder__clock"));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(entryLink(record, record.title));
      item.appendChild(document.createTextNode(" (" + kindLabel(record.kind).toLowerCase() + ") "));
      item.appendChild(blockFields(record, blockOf(session, id), index));
      var tools = Playbook.el("span", "pb-builder__tools");
      tools.appendChild(moveButton("Monter", record.title, "up", index, index === 0));
      tools.appendChild(moveButton("Descendre", record.title, "down", index, index === ids.length - 1));
      tools.appendChild(moveButton("Retirer", record.title, "remove", index, false));
      item.appendChild(tools);
      list.appendChild(item);
    });
    renderSheets();
  }

  /* The two documents, the share link, the address and the controls' values. */
  function renderSheets() {
    var session = builder.session;
    var root = builder.root_node;
    var ids = present();
    var plan = planOf(session);
    var table = plans().timetable(plan);
    var title = session.title.trim() || "Ma séance";
    root.querySelectorAll(".pb-builder__list .pb-builder__clock").forEach(function (node, i) {
      node.textContent = table.times[i] || "";
    });
    part(".pb-builder__sheet-title", HTMLElement).textContent = title;
    part(".pb-builder__plan-title", HTMLElement).textContent = title;
    var audience = session.audience ? builder.audiences.get(session.audience) || "" : "";
    part(".pb-builder__plan-meta", HTMLElement).textContent = ids.length ?
      "Public\u00a0: " + (audience || "tous les publics") + " · " + table.total + "\u00a0minutes, de " +
      table.start + " à " + table.end : "aucun bloc pour l’instant.";
    renderPlan(plan, table);
    var count = renderSupport(ids, session.audience);
    part(".pb-builder__meta", HTMLElement).textContent = ids.length ?
      Playbook.plural(count.entries, "entrée", "entrées") + ", " + Playbook.plural(count.actions, "action", "actions") +
      (audience ? " «\u00a0" + audience + "\u00a0»" : "") + " à cocher" :
      "Aucune entrée pour l’instant\u00a0: ajoutez-en depuis les pages des lois, des commandements, des cas ou des questions.";
    var link = pageAddress() + shareFragment(session);
    var anchor = part(".pb-builder__share-link", HTMLAnchorElement);
    anchor.href = link;
    anchor.textContent = link;
    renderPaper(ids.length ? link : "");
    if (!builder.asking && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link);
    }
    var input = part(".pb-builder__title-input", HTMLInputElement);
    if (input.value !== session.title) input.value = session.title;
    var who = part(".pb-builder__audience", HTMLSelectElement);
    if (who.value !== session.audience) who.value = session.audience;
    var start = part(".pb-builder__start", HTMLInputElement);
    if (start.value !== session.start) start.value = session.start;
  }

  /* The fiche d'animation's timetable (printed): a box per block (planBlock), as a ready séance's. */
  /** @param {PlanSession} plan @param {PlanTimetable} table */
  function renderPlan(plan, table) {
    var list = part(".pb-builder__plan", HTMLOListElement);
    list.textContent = "";
    plan.blocks.forEach(function (block, i) {
      list.appendChild(planBlock(recordOf(block.entries[0]), block, table.times[i]));
    });
  }

  /* An entry of the support participant (fragments/sheet-group.html.j2, rendered by the build):
   * numbered `order`, with the checklist items `shown` (their indexes) and nothing else; with the
   * session's audience, its items carry no audience label, as a ready support prints them. */
  /** @param {EntryRecord} record @param {number[]} shown @param {number} order @param {string} audience */
  function supportGroup(record, shown, order, audience) {
    var group = sheetBlock(record, "group");
    var number = group.querySelector(".pb-group__order");
    if (number) number.textContent = number.textContent.replace(/^\d+/, String(order));
    var list = group.querySelector("ul.pb-checklist");
    if (list && !shown.length) list.remove();
    group.querySelectorAll("li.pb-checklist__item").forEach(function (item, n) {
      if (shown.indexOf(n) === -1) {
        item.remove();
        return;
      }
      var label = audience ? item.querySelector(".pb-audience") : null;
      if (!label) return;
      item.classList.remove("pb-checklist__item--for-" + audience);
      if (label.previousSibling && label.previousSibling.nodeType === Node.TEXT_NODE) label.previousSibling.remove();
      label.remove();
    });
    return group;
  }

  /* The support participant: each entry with its checklist for the audience ("": every item); an
   * entry whose every item is for others is left out (no heading over nothing), and a question of
   * the session printed there is not listed again among the questions to discuss (never twice).
   * The questions and cases around the entries: discussionAround. Returns what it shows: entries
   * and actions. */
  /** @param {string[]} ids @param {string} audience */
  function renderSupport(ids, audience) {
    var records = builder.records;
    var groups = part(".pb-builder__groups", HTMLDivElement);
    var questions = part(".pb-builder__questions", HTMLOListElement);
    var cases = part(".pb-builder__cases", HTMLUListElement);
    [groups, questions, cases].forEach(function (node) { node.textContent = ""; });
    var count = { entries: 0, actions: 0 };
    var printed = new Set();
    ids.forEach(function (id) {
      var record = recordOf(id);
      /** @type {number[]} */
      var shown = [];
      record.checklist.forEach(function (item, n) {
        if (!audience || item.audience === audience) shown.push(n);  // as core support_items
      });
      if (shown.length || (!record.checklist.length && !kindTrait(record.kind, "discussed"))) {
        count.entries += 1;
        count.actions += shown.length;
        printed.add(id);
        groups.appendChild(supportGroup(record, shown, count.entries, audience));
      }
    });
    var around = discussionAround(ids, records, builder.kinds);
    var listed = around.questions.filter(function (id) { return !printed.has(id); });
    listed.forEach(function (id) {
      questions.appendChild(sheetBlock(recordOf(id), "question"));
    });
    around.cases.forEach(function (pair) {
      var line = sheetBlock(recordOf(pair[0]), "case");
      line.appendChild(aboutPart(pair[1].map(function (id) { return recordOf(id).title; })));
      cases.appendChild(line);
    });
    part(".pb-builder__questions-title", HTMLElement).hidden = !listed.length;
    part(".pb-builder__cases-title", HTMLElement).hidden = !around.cases.length;
    return count;
  }

  /* On each printed document: the QR code of the full share link, and the link itself as the
   * document's address in its trace line (the page's address alone would open an empty séance). */
  /** @param {string} link */
  function renderPaper(link) {
    var root = builder.root_node;
    root.querySelectorAll(".pb-builder__paper").forEach(function (paper) {
      paper.textContent = "";
      var code = link ? qrCode(link) : null;
      if (code) paper.appendChild(code);
    });
    root.querySelectorAll(".pb-trace__url").forEach(function (url) {
      url.textContent = link || pageAddress();
    });
  }

  /* The QR code of `text` as SVG (built node by node, never parsed), or null: no QR script, or a
   * link too long for a QR code (the link is printed all the same). */
  /** @param {string} text @returns {SVGSVGElement | null} */
  function qrCode(text) {
    var make = builder.qrcode;
    if (typeof make !== "function") return null;
    var qr;
    try {
      qr = make(0, "L");
      qr.addData(text);
      qr.make();
    } catch (error) {
      return null;
    }
    var count = qr.getModuleCount();
    var quiet = 4;
    var size = count + 2 * quiet;
    var path = [];
    for (var row = 0; row < count; row += 1) {
      for (var col = 0; col < count; col += 1) {
        if (qr.isDark(row, col)) path.push("M" + (col + quiet) + " " + (row + quiet) + "h1v1h-1z");
      }
    }
    var NS = "http://www.w3.org/2000/svg";
    var svg = /** @type {SVGSVGElement} */ (document.createElementNS(NS, "svg"));
    svg.setAttribute("class", "pb-builder__qr");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Code QR du lien de cette séance");
    svg.style.width = Math.max(22, Math.ceil(size * 0.42)) + "mm";  // modules of 0.42 mm at least
    var back = document.createElementNS(NS, "rect");
    back.setAttribute("width", String(size));
    back.setAttribute("height", String(size));
    back.setAttribute("fill", "#fff");
    svg.appendChild(back);
    var dark = document.createElementNS(NS, "path");
    dark.setAttribute("d", path.join(""));
    dark.setAttribute("fill", "#000");
    svg.appendChild(dark);
    return svg;
  }

  // -- status line and undo -------------------------------------------------------------------------
  /** @param {string} text */
  function status(text) {
    part(".pb-builder__status", HTMLElement).textContent = text;
  }

  /* The session as it was before the change about to be made can be brought back, until the next
   * change; the offer is announced with `text` (a live region) and its button takes the focus. */
  /** @param {string} text @param {Session} before @param {() => HTMLElement | null} refocus */
  function offerUndo(text, before, refocus) {
    builder.undo = { session: copySession(before), refocus: refocus };
    status(text);
    builder.undoButton.hidden = false;
    builder.undoButton.focus();
  }

  function dropUndo() {
    builder.undo = null;
    builder.undoButton.hidden = true;
  }

  function undo() {
    var last = builder.undo;
    if (!last) return;
    var kept = last.session;
    change(function (session) { setSession(session, kept); });
    status("Séance rétablie.");
    var target = last.refocus();
    if (target) target.focus();
  }

  /* Every change of the session goes through here: kept, shown, and no longer undoable. A change
   * of a block's minutes or activity, the audience or the start (`inPlace`) leaves the list of
   * blocks as it is (the reader may be typing in it): only the documents follow. */
  /** @param {(session: Session) => void} edit @param {boolean} [inPlace] */
  function change(edit, inPlace) {
    dropUndo();
    edit(builder.session);
    saveSession(builder.session);
    if (inPlace) renderSheets();
    else render();
  }

  /* The session as shown: the entries the playbook has. */
  function current() {
    var session = copySession(builder.session);
    session.ids = present();
    return session;
  }

  /* What the reader types or chooses in the list of blocks and in the controls. */
  /** @param {Event} event */
  function builderInput(event) {
    var target = event.target;
    var plan = plans();
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement) ||
        !builder.root_node.contains(target) || builder.dialog.contains(target)) return;
    if (target.classList.contains("pb-builder__audience")) {
      var audience = plan.AUDIENCES.indexOf(target.value) !== -1 ? target.value : "";
      if (audience !== builder.session.audience) change(function (session) { session.audience = audience; }, true);
      return;
    }
    if (target.classList.contains("pb-builder__start")) {
      var start = plan.cleanStart(target.value);
      if (start === target.value && start !== builder.session.start) {
        change(function (session) { session.start = start; }, true);
      }
      return;
    }
    var minutes = target.classList.contains("pb-builder__minutes");
    if (!minutes && !target.classList.contains("pb-builder__activity")) return;
    var id = present()[parseInt(target.getAttribute("data-pb-index") || "-1", 10)];
    if (id === undefined) return;
    var block = blockOf(builder.session, id);
    if (minutes) {
      var value = plan.cleanMinutes(target.value, null);
      if (value === null || value === block.minutes) return;  // still typing, or out of range: nothing yet
      block.minutes = value;
    } else {
      if (plan.ACTIVITIES.indexOf(target.value) === -1 || target.value === block.activity) return;
      block.activity = target.value;
    }
    change(function (session) { session.blocks.set(id, block); }, true);
  }

  /* Prints one of the two documents (« plan » or « support ») alone; playbook.js forgets the choice
   * after printing. */
  /** @param {string} which */
  function printDocument(which) {
    document.documentElement.setAttribute("data-pb-print", which);
    window.print();
  }

  /** @param {string} selector @returns {HTMLElement | null} */
  function builderButton(selector) {
    return builder.root_node.querySelector(selector);
  }

  /** @param {Event} event */
  function builderClick(event) {
    var button = event.target instanceof Element ? event.target.closest("button") : null;
    if (!button || !builder.root_node.contains(button) || builder.dialog.contains(button)) return;
    if (button === builder.undoButton) {
      undo();
      return;
    }
    var printed = button.getAttribute("data-pb-document");
    if (printed !== null) {
      printDocument(printed);
      return;
    }
    var ids = present();
    var index = parseInt(button.getAttribute("data-pb-index") || "-1", 10);
    var id = ids[index];
    if (button.classList.contains("pb-builder__share")) {
      var link = pageAddress() + shareFragment(builder.session);
      var done = function () { status("Lien copié\u00a0: il reconstruit cette séance sur un autre ordinateur."); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(done, function () { status("Copiez le lien de partage ci-dessus."); });
      } else {
        status("Copiez le lien de partage ci-dessus.");
      }
      return;
    }
    if (button.classList.contains("pb-builder__clear")) {
      var before = current();
      if (isEmpty(before)) {
        status("La séance est déjà vide.");
        return;
      }
      change(function (session) {
        setSession(session, { ids: [], title: "", blocks: new Map(), audience: "", start: plans().cleanStart("") });
      });
      offerUndo("Séance vidée (" + Playbook.plural(before.ids.length, "entrée", "entrées") + ").", before, function () {
        return builderButton(".pb-builder__clear");
      });
      return;
    }
    if (id === undefined) return;
    var title = recordOf(id).title;
    if (button.classList.contains("pb-builder__remove")) {
      var previous = current();
      change(function (session) { session.ids = ids.filter(function (other) { return other !== id; }); });
      offerUndo("«\u00a0" + title + "\u00a0» retirée de la séance.", previous, function () {
        return builderButton('.pb-builder__list button.pb-builder__remove[data-pb-index="' + index + '"]');
      });
      return;
    }
    /** @type {number | null} */
    var to = null;
    if (button.classList.contains("pb-builder__up") && index > 0) to = index - 1;
    else if (button.classList.contains("pb-builder__down") && index < ids.length - 1) to = index + 1;
    if (to === null) return;
    var at = to;
    change(function (session) {
      session.ids = ids.slice();
      session.ids.splice(at, 0, session.ids.splice(index, 1)[0]);
    });
    status("«\u00a0" + title + "\u00a0» est maintenant en position " + (to + 1) + ".");
    var direction = button.classList.contains("pb-builder__up") ? (to === 0 ? "down" : "up") :
      (to === ids.length - 1 ? "up" : "down");
    var moved = builderButton('.pb-builder__list button.pb-builder__' + direction + '[data-pb-index="' + to + '"]');
    if (moved) moved.focus();
  }

  // -- shared links: open, add, or keep ---------------------------------------------------------------
  /** @param {Session} session */
  function sessionName(session) {
    return session.title.trim() ? "«\u00a0" + session.title.trim() + "\u00a0»" : "";
  }

  /** @param {HTMLElement} node */
  function buildDialog(node) {
    var dialog = Playbook.el("dialog", "pb-dialog");
    dialog.setAttribute("aria-labelledby", "pb-share-dialog-title");
    dialog.setAttribute("aria-describedby", "pb-share-dialog-text");
    var heading = Playbook.el("h2", "pb-dialog__title", "Ouvrir la séance de ce lien\u202f?");
    heading.id = "pb-share-dialog-title";
    dialog.appendChild(heading);
    var text = Playbook.el("p", "pb-dialog__text");
    text.id = "pb-share-dialog-text";
    dialog.appendChild(text);
    dialog.appendChild(Playbook.el("p", "pb-dialog__note"));
    var actions = Playbook.el("div", "pb-dialog__actions");
    [["replace", "Remplacer ma séance", "md-button md-button--primary"],
     ["add", "Ajouter ses entrées à ma séance", "md-button"],
     ["keep", "Garder ma séance telle quelle", "md-button"]].forEach(function (choice) {
      var button = Playbook.el("button", choice[2] + " pb-dialog__" + choice[0], choice[1]);
      button.type = "button";
      button.autofocus = choice[0] === "keep";  // the focus starts on the choice that changes nothing
      button.addEventListener("click", function () { dialog.close(choice[0]); });
      actions.appendChild(button);
    });
    dialog.appendChild(actions);
    node.appendChild(dialog);
    return dialog;
  }

  /* What the reader chose for a shared link over their session ("" = Escape: keep). */
  /** @param {string} choice @param {Resolved} resolved */
  function applyChoice(choice, resolved) {
    builder.asking = false;
    var before = current();
    var dropped = droppedText(resolved);
    if (choice === "replace") {
      change(function (session) { setSession(session, resolved.session); });
      offerUndo(("Séance du lien ouverte à la place de la vôtre. " + dropped).trim(), before, function () {
        return builderButton(".pb-builder__title-input");
      });
    } else if (choice === "add") {
      var merged = addSessions(before, resolved.session);
      change(function (session) { setSession(session, merged.session); });
      offerUndo((Playbook.plural(merged.added, "entrée ajoutée", "entrées ajoutées") + " à votre séance. " +
                 droppedText({ unknown: resolved.unknown, over: resolved.over + merged.over })).trim(),
                before, function () { return builderButton(".pb-builder__title-input"); });
    } else {
      render();  // the address shows the session kept
      status(("Votre séance n’a pas changé. " + dropped).trim());
      var input = builderButton(".pb-builder__title-input");
      if (input) input.focus();
    }
  }

  /* A shared link (#e=...&t=...): opened at once over an empty session, otherwise only once the
   * reader has chosen; a link that names no entry the playbook has opens nothing. Shows the
   * builder in every case. */
  /** @param {Session | null} link */
  function openShared(link) {
    if (builder.asking) return;
    if (!link) {
      render();
      return;
    }
    var resolved = resolveShared(link, builder.records);
    var dropped = droppedText(resolved);
    var mine = current();
    if (!resolved.session.ids.length) {
      render();
      if (link.ids.length) status(("Ce lien ne désigne aucune entrée du playbook\u00a0: votre séance n’a pas changé. " +
                                   dropped).trim());
      return;
    }
    if (sameSession(mine, resolved.session)) {
      render();
      if (dropped) status(dropped);
      return;
    }
    if (isEmpty(mine)) {
      change(function (session) { setSession(session, resolved.session); });
      status(("Séance du lien ouverte. " + dropped).trim());
      return;
    }
    builder.asking = true;  // the address keeps the link until the reader has chosen
    render();
    var dialog = builder.dialog;
    var offered = sessionName(resolved.session);
    var name = sessionName(mine);
    part(".pb-dialog__text", HTMLElement).textContent =
      "Ce lien propose " + (offered ? "la séance " + offered + ", " : "une séance de ") +
      Playbook.plural(resolved.session.ids.length, "entrée", "entrées") + ". Votre séance en cours" +
      (name ? ", " + name + "," : "") + " compte " + Playbook.plural(mine.ids.length, "entrée", "entrées") +
      "\u00a0: la remplacer, y ajouter celles du lien, ou la garder telle quelle\u202f?";
    var note = part(".pb-dialog__note", HTMLElement);
    note.textContent = dropped;
    note.hidden = !dropped;
    dialog.onclose = function () { applyChoice(dialog.returnValue, resolved); };
    dialog.returnValue = "";
    dialog.showModal();
  }

  /* The entries' data: exports/seance.js (the records of seance.json, with each entry's sheet blocks, as a script), which a
   * copy opened from disk (file://) can load too, where browsers refuse fetch(). */
  /** @param {URL} indexUrl @returns {Promise<unknown>} */
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

  /** @param {unknown} object @param {string} name @returns {object is {[name: string]: unknown}} */
  function own(object, name) {
    return !!object && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, name);
  }

  /* The blocks of an entry's support the build rendered (HTML strings), by name. */
  /** @param {unknown} sheet @returns {{[name: string]: string}} */
  function sheetOf(sheet) {
    /** @type {{[name: string]: string}} */
    var blocks = {};
    ["group", "question", "case"].forEach(function (name) {
      if (own(sheet, name) && typeof sheet[name] === "string") blocks[name] = sheet[name];
    });
    return blocks;
  }

  /* The markup the build rendered for the page to fill (strings only; none: an empty string). */
  /** @param {unknown} data @returns {Templates} */
  function templatesOf(data) {
    var given = own(data, "templates") ? data.templates : null;
    var plan = own(given, "plan") ? given.plan : null;
    /** @type {{[activity: string]: string}} */
    var blocks = {};
    plans().ACTIVITIES.forEach(function (name) {
      if (own(plan, name) && typeof plan[name] === "string") blocks[name] = plan[name];
    });
    return { plan: blocks, about: own(given, "about") && typeof given.about === "string" ? given.about : "" };
  }

  /* The records of seance.js, keyed by id in a Map, in the playbook's order (`rank`); a checklist item is {audience} (its text is
   * in the record's sheet block; {text, audience} in seance.json; a plain string, from an older export, is an item without
   * audience). */
  /** @param {unknown} data */
  function readIndex(data) {
    /** @type {Map<string, string>} */
    var audiences = new Map();
    var labels = own(data, "audiences") ? data.audiences : null;
    Object.keys(labels && typeof labels === "object" ? labels : {}).forEach(function (key) {
      var label = own(labels, key) ? labels[key] : null;
      if (/^[a-z]+(?:-[a-z]+)*$/.test(key) && typeof label === "string") audiences.set(key, label);
    });
    /** @type {Map<string, EntryRecord>} */
    var records = new Map();
    (own(data, "entries") && Array.isArray(data.entries) ? data.entries : []).forEach(/** @param {any} record JSON */ function (record) {
      if (!record || typeof record.id !== "string" || !ID.test(record.id) || typeof record.title !== "string") return;
      records.set(record.id, {
        id: record.id, title: record.title, url: String(record.url || ""),
        kind: String(record.kind || ""), summary: String(record.summary || ""),
        // whose each item is (its text is in the sheet's group block: exports/seance.js)
        checklist: (Array.isArray(record.checklist) ? record.checklist : []).map(/** @param {any} item JSON */ function (item) {
          var who = item && typeof item === "object" ? item.audience : "";
          return { audience: audiences.has(who) ? who : "" };
        }),
        questions: cleanIds(record.questions), cases: cleanIds(record.cases),
        sheet: sheetOf(record.sheet), rank: records.size
      });
    });
    var kinds = /** @type {Kinds} */ (own(data, "kinds") && data.kinds && typeof data.kinds === "object" ? data.kinds : {});
    var activities = /** @type {{[name: string]: string}} */ (
      own(data, "activities") && data.activities && typeof data.activities === "object" ? data.activities : {});
    return { records: records, audiences: audiences, kinds: kinds, activities: activities, templates: templatesOf(data) };
  }

  /* qrcode-generator, beside this script; null when it cannot be loaded (the link is printed alone). */
  function loadQrScript() {
    return new Promise(function (resolve) {
      if (typeof window.qrcode === "function" || !OWN_SRC) {
        resolve(typeof window.qrcode === "function" ? window.qrcode : null);
        return;
      }
      var script = document.createElement("script");
      script.src = new URL("qrcode-generator/qrcode.js", OWN_SRC).href;
      script.onload = function () { resolve(typeof window.qrcode === "function" ? window.qrcode : null); };
      script.onerror = function () { resolve(null); };
      document.head.appendChild(script);
    });
  }

  /* The controls the script adds (the sanitizer keeps no input but checkboxes, and no select): the
   * title, the audience, the start, and a print button per document. */
  /** @param {HTMLElement} controls */
  function addControls(controls) {
    var label = Playbook.el("label", "pb-builder__title-label", "Titre de la séance");
    label.htmlFor = "pb-builder-title";
    var input = Playbook.el("input", "pb-builder__title-input");
    input.type = "text";
    input.id = "pb-builder-title";
    input.maxLength = MAX_TITLE;
    input.autocomplete = "off";
    controls.insertBefore(input, controls.firstChild);
    controls.insertBefore(label, input);
    var audience = Playbook.el("select", "pb-builder__audience");
    audience.id = "pb-builder-audience";
    audience.setAttribute("aria-label", "Public de la séance");
    var all = Playbook.el("option", "", "Tous les publics");
    all.value = "";
    audience.appendChild(all);
    controls.insertBefore(field("Public", audience, "pb-builder__audience-label"), input.nextSibling);
    var start = Playbook.el("input", "pb-builder__start");
    start.type = "time";
    start.id = "pb-builder-start";
    start.setAttribute("aria-label", "Début de la séance");
    start.required = true;
    controls.insertBefore(field("Début", start, "pb-builder__start-label"), audience.parentElement && audience.parentElement.nextSibling);
    [["plan", "Imprimer la fiche d’animation"], ["support", "Imprimer le support participant"]].forEach(function (doc) {
      var button = Playbook.el("button", "md-button pb-builder__print", doc[1]);
      button.type = "button";
      button.setAttribute("data-pb-document", doc[0]);
      controls.insertBefore(button, controls.querySelector(".pb-builder__share"));
    });
    return input;
  }

  /** @param {HTMLElement} node */
  function startBuilder(node) {
    var index = node.querySelector("a.pb-builder__index");
    var controls = node.querySelector(".pb-builder__controls");
    var live = node.querySelector(".pb-builder__status");
    if (!index || builder || !(controls instanceof HTMLElement) || !live || !live.parentNode) return;
    var indexUrl = new URL(index.getAttribute("href") || "", window.location.href);
    builder = { root_node: node, root: new URL("../", indexUrl), records: new Map(), audiences: new Map(),
                kinds: {}, activities: {}, templates: { plan: {}, about: "" }, qrcode: null,
                session: loadSession(), undo: null, asking: false, blocks: new Map(),
                undoButton: Playbook.el("button", "md-button pb-undo", "Annuler"),
                dialog: buildDialog(node) };
    var input = addControls(controls);
    live.setAttribute("role", "status");  // set here: the sanitizer keeps no role attribute
    builder.undoButton.type = "button";
    builder.undoButton.hidden = true;
    live.parentNode.appendChild(builder.undoButton);
    node.addEventListener("click", builderClick);
    node.addEventListener("input", builderInput);
    node.addEventListener("change", builderInput);
    input.addEventListener("input", function (event) {
      var title = cleanTitle(input.value);
      change(function (session) { session.title = title; });
    });
    var opened = readShareLink(window.location.hash);  // before anything rewrites the address
    Promise.all([loadIndex(indexUrl), loadQrScript()]).then(function (loaded) {
      var index = readIndex(loaded[0]);
      builder.records = index.records;
      builder.audiences = index.audiences;
      builder.kinds = index.kinds;
      builder.activities = index.activities;
      builder.templates = index.templates;
      builder.qrcode = loaded[1];
      var audience = part(".pb-builder__audience", HTMLSelectElement);
      builder.audiences.forEach(function (label, key) {
        var option = Playbook.el("option", "", label);
        option.value = key;
        audience.appendChild(option);
      });
      openShared(opened);
      // shown at once, filled: the page does not move as it fills
      node.classList.add("pb-builder--ready", "pb-builder--loaded");
      window.addEventListener("hashchange", function () {
        var link = readShareLink(window.location.hash);
        if (link) openShared(link);
      });
    }).catch(function () {
      node.classList.add("pb-builder--failed");
      status("Les entrées du playbook n’ont pas pu être chargées.");
    });
  }

  // -- wiring -----------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button.pb-action--session-add") : null;
    if (button) toggleEntry(button);
  });

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof Element)) return;
    if (box.matches("input.pb-path-done[data-pb-key]")) tickPathStep(box);
    if (box.matches("input.pb-path-done, ul.pb-path__steps input.pb-checkbox")) {
      window.setTimeout(pathBoxes, 0);  // after playbook.js has recorded the list
    }
  });

  function ready() {
    addButtons();
    pathBoxes();
    var node = document.querySelector(".pb-builder");
    if (node instanceof HTMLElement) startBuilder(node);
  }

  window.addEventListener("pageshow", function () { addButtons(); pathBoxes(); });
  document.addEventListener("playbook:results", addButtons);  // search results (assets/playbook-search.js)
  window.addEventListener("storage", function () { addButtons(); pathBoxes(); });
  Playbook.onReady(ready);
})();
