// @ts-check
/* Playbook Relation Client: the timed plan of « Ma séance », as data (no DOM here).
 *
 * A session built in the browser is a list of blocks, each with its entries (usually one), its
 * minutes and its activity, plus a title, an audience and a start time. Its share link carries
 * all of it in the fragment, so the link alone rebuilds the session elsewhere:
 *
 *   #e=loi-temkin-1,coolblue+paradoxe-reclamation,&m=15,20,10&a=apport,discussion,pause&p=front-line&d=09:00&t=Titre
 *
 * `e`: the blocks, separated by ",", each block's entries by "+" (a block may have none: a break);
 * `m`: minutes per block; `a`: activity per block; `p`: audience; `d`: start; `t`: title. A link
 * of the first « Ma séance » (#e=id,id&t=titre) still opens: one block per entry. The same format
 * is written by the site for « Ouvrir dans « Ma séance » » (core/render/session_layout.py,
 * builder_fragment). assets/trainers.js draws the page from these functions; node's test runner
 * tests them (tests/js/seance-plan.test.js).
 */
(function () {
  "use strict";
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var MAX_BLOCKS = 40;
  var MAX_PER_BLOCK = 8;
  var MAX_TITLE = 160;
  var MAX_MINUTES = 240;
  var ACTIVITIES = ["apport", "discussion", "exercice", "jeu-de-role", "quiz", "pause", "debrief"];
  var AUDIENCES = ["front-line", "managers", "leadership"];

  /* A title as one line, at most MAX_TITLE characters counted in code points, as the format counts
   * an entry's title (never cut inside a character written with two UTF-16 units). */
  /** @param {unknown} title @returns {string} */
  function cleanTitle(title) {
    if (typeof title !== "string") return "";
    var chars = Array.from(title.replace(/[\u0000-\u001f\u007f]/g, " "));
    return chars.length > MAX_TITLE ? chars.slice(0, MAX_TITLE).join("") : chars.join("");
  }

  /** @template {number | null} F @param {unknown} value @param {F} fallback @returns {number | F} */
  function cleanMinutes(value, fallback) {
    var n = typeof value === "number" ? value : parseInt(String(value), 10);
    return n >= 1 && n <= MAX_MINUTES && n % 1 === 0 ? n : fallback;
  }

  /** @param {unknown} value @returns {string} */
  function cleanStart(value) {
    return /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(String(value || "")) ? String(value) : "09:00";
  }

  /** A session as the page keeps it, from anything (storage, a link): unknown parts dropped.
   * @param {unknown} value @param {number} [defaultMinutes] @returns {PlanSession} */
  function cleanSession(value, defaultMinutes) {
    var source = /** @type {{[part: string]: unknown}} */ (value && typeof value === "object" ? value : {});
    /** @type {{[id: string]: boolean}} */
    var seen = {};
    /** @type {PlanBlock[]} */
    var blocks = [];
    (Array.isArray(source.blocks) ? source.blocks : []).forEach(/** @param {unknown} item */ function (item) {
      if (!item || typeof item !== "object" || blocks.length >= MAX_BLOCKS) return;
      var block = /** @type {{entries?: unknown, minutes?: unknown, activity?: unknown}} */ (item);
      if (!block || typeof block !== "object" || blocks.length >= MAX_BLOCKS) return;
      var entries = /** @type {string[]} */ ((Array.isArray(block.entries) ? block.entries : []).filter(
        /** @param {unknown} id */ function (id) { return typeof id === "string" && id.length <= 80 && ID.test(id); }
      )).slice(0, MAX_PER_BLOCK);
      var fresh = entries.filter(function (id) { return !seen[id]; });
      var named = Array.isArray(block.entries) && block.entries.length > 0;
      if (named && !fresh.length) return;  // only unusable ids, or entries already in the session
      fresh.forEach(function (id) { seen[id] = true; });
      var activity = typeof block.activity === "string" && ACTIVITIES.indexOf(block.activity) !== -1 ?
        block.activity : (fresh.length ? "apport" : "pause");
      blocks.push({ entries: fresh, minutes: cleanMinutes(block.minutes, defaultMinutes || 15), activity: activity });
    });
    return {
      blocks: blocks,
      title: cleanTitle(source.title),
      audience: typeof source.audience === "string" && AUDIENCES.indexOf(source.audience) !== -1 ? source.audience : "",
      start: cleanStart(source.start)
    };
  }

  /** The session a link's fragment carries, or null when it carries none (no `e=`).
   * @param {unknown} hash @param {number} [defaultMinutes] @returns {PlanSession | null} */
  function parseFragment(hash, defaultMinutes) {
    var text = String(hash || "").replace(/^#/, "");
    if (!text) return null;
    /** @type {{[name: string]: string}} */
    var parts = {};
    text.split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      var name = eq === -1 ? part : part.slice(0, eq);
      var value = eq === -1 ? "" : part.slice(eq + 1);
      try {
        value = decodeURIComponent(value);
      } catch (error) {
        value = "";
      }
      parts[name] = value;
    });
    if (!Object.prototype.hasOwnProperty.call(parts, "e")) return null;
    var groups = parts.e === "" ? [] : parts.e.split(",");
    var minutes = parts.m ? parts.m.split(",") : [];
    var activities = parts.a ? parts.a.split(",") : [];
    var blocks = groups.map(function (group, i) {
      return {
        entries: group ? group.split("+") : [],
        minutes: minutes[i],
        activity: activities[i]
      };
    });
    return cleanSession({ blocks: blocks, title: parts.t, audience: parts.p, start: parts.d }, defaultMinutes);
  }

  /** The fragment of a session's share link (plain ASCII: the title is percent-encoded).
   * @param {PlanSession} session @returns {string} */
  function fragment(session) {
    var text = "#e=" + session.blocks.map(function (b) { return b.entries.join("+"); }).join(",");
    if (session.blocks.length) {
      text += "&m=" + session.blocks.map(function (b) { return b.minutes; }).join(",");
      text += "&a=" + session.blocks.map(function (b) { return b.activity; }).join(",");
    }
    if (session.audience) text += "&p=" + session.audience;
    if (session.start && session.start !== "09:00") text += "&d=" + session.start;
    if (session.title) text += "&t=" + encodeURIComponent(session.title);
    return text;
  }

  /** Minutes after midnight of "HH:MM". @param {string} start @returns {number} */
  function startMinutes(start) {
    var match = /^(\d\d):(\d\d)$/.exec(cleanStart(start));
    if (!match) return 0;
    return parseInt(match[1], 10) * 60 + parseInt(match[2], 10);
  }

  /** « 9 h 05 », as the printed plans say it (plan.js and core/render/session_layout.py agree). */
  /** @param {number} minutes @returns {string} */
  function clockText(minutes) {
    var m = ((minutes % 1440) + 1440) % 1440;
    var rest = m % 60;
    return Math.floor(m / 60) + "\u00a0h\u00a0" + (rest < 10 ? "0" : "") + rest;
  }

  /** Each block's clock times « 9 h 00 – 9 h 15 », the whole session's length in minutes, its
   * start and its end. @param {PlanSession} session @returns {PlanTimetable} */
  function timetable(session) {
    var at = startMinutes(session.start);
    var times = session.blocks.map(function (block) {
      var text = clockText(at) + " – " + clockText(at + block.minutes);
      at += block.minutes;
      return text;
    });
    var total = session.blocks.reduce(function (sum, b) { return sum + b.minutes; }, 0);
    var start = startMinutes(session.start);
    return { times: times, total: total, start: clockText(start), end: clockText(start + total) };
  }

  /** Every entry id of the session, in order, each once. @param {PlanSession} session @returns {string[]} */
  function entryIds(session) {
    /** @type {string[]} */
    var ids = [];
    session.blocks.forEach(function (block) {
      block.entries.forEach(function (id) { if (ids.indexOf(id) === -1) ids.push(id); });
    });
    return ids;
  }

  /** A session with a new block for `id` (its kind's activity, the default minutes); unchanged
   * when the entry is there already.
   * @param {PlanSession} session @param {string} id @param {string} activity @param {number} minutes
   * @returns {PlanSession} */
  function addEntry(session, id, activity, minutes) {
    if (entryIds(session).indexOf(id) !== -1 || session.blocks.length >= MAX_BLOCKS) return session;
    return cleanSession({
      blocks: session.blocks.concat([{ entries: [id], minutes: minutes, activity: activity }]),
      title: session.title, audience: session.audience, start: session.start
    }, minutes);
  }

  /** A session without the entry `id` (a block left empty goes too, unless it is a break). */
  /** @param {PlanSession} session @param {string} id @returns {PlanSession} */
  function removeEntry(session, id) {
    var blocks = session.blocks.map(function (b) {
      return { entries: b.entries.filter(function (e) { return e !== id; }), minutes: b.minutes, activity: b.activity };
    }).filter(function (b, i) { return b.entries.length || !session.blocks[i].entries.length; });
    return { blocks: blocks, title: session.title, audience: session.audience, start: session.start };
  }

  /** @type {PlaybookSessionPlan} */
  var api = {
    ACTIVITIES: ACTIVITIES,
    AUDIENCES: AUDIENCES,
    cleanSession: cleanSession,
    cleanMinutes: cleanMinutes,
    cleanStart: cleanStart,
    parseFragment: parseFragment,
    fragment: fragment,
    timetable: timetable,
    clockText: clockText,
    entryIds: entryIds,
    addEntry: addEntry,
    removeEntry: removeEntry
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else window.playbookSessionPlan = api;
})();
