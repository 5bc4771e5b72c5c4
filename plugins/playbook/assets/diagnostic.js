// @ts-check
/* Playbook Relation Client: « Auto-diagnostic », a self-assessment per collection.
 *
 * On auto-diagnostic/<collection>/: a score from 1 to 10 per entry, kept in this browser
 * ("playbook:diagnostic:<collection>"); an SVG chart of the scores laid out at the width it is
 * shown at (labels wrapped, never cut), with a legend, a title and a text description for screen
 * readers; the weakest entries first with their checklists; a CSV export named after the
 * participant and the time, carrying both (the name is asked in a dialog, remembered
 * ("playbook:participant") and offered again at the next export); several exports read back to show the team's spread per entry (lowest,
 * median, highest), kept in the page only. Files separated by semicolons, commas or tabs are read,
 * in UTF-8 or in the Windows encoding French spreadsheets save; a score such as « 7,5 » is read, and
 * every line that cannot be used is named with its file and line number, never dropped silently.
 * An export may say when it was made: « avant » or « après » the training; once both kinds are
 * loaded, a table shows per entry the median before, the median after and the change.
 * « Effacer mes notes » can be undone. Nothing is sent anywhere. Text from the page or a file is
 * only ever set with textContent, never parsed as HTML; ids key Maps, never plain objects.
 *
 * The first part holds the rules on scores and CSV files as pure functions (no DOM, no storage);
 * the rest applies them to the page.
 */
(function () {
  "use strict";
  var PREFIX = "playbook:diagnostic:";
  var PARTICIPANT_KEY = "playbook:participant";
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_FILE = 1024 * 1024;
  var MAX_NAME = 80;
  var MAX_PROBLEMS = 12;  // listed per file; the others are counted
  /* A cell a spreadsheet would take for a formula, also after blanks or in full-width signs: the
   * same rule as the checklists' export (core/export.py, guard_formula), tested on the same vectors
   * (tests/vectors/csv-formula-guard.json). */
  var FORMULA = /^[ \u00a0\u3000\n]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
  var COLUMNS = ["collection", "identifiant", "titre", "note", "participant", "moment", "date"];
  /* When an export was made, as its « moment » column says it; "" when it says nothing. */
  var MOMENTS = [["", "Sans précision"], ["avant", "Avant la formation"], ["après", "Après la formation"]];

  /** @typedef {{ cells: string[], line: number }} CsvRow  A row of a CSV file and the line it starts on. */
  /** @typedef {{ refused: string, file?: string }} ExportRefused  A file that cannot be used, and why. */
  /** One participant's export as read (`file`: its name, set once the file is read).
   * @typedef {{ refused?: undefined, scores: Map<string, number>, participant: string, date: string,
   *             moment: string, problems: string[], file?: string }} ExportRead */
  /** @typedef {ExportRefused | ExportRead} ExportResult */
  /** A loaded export, in the team's list.
   * @typedef {{ participant: string, date: string, moment: string, file: string, scores: Map<string, number> }} TeamFile */
  /** An entry of the collection, as the page lists it (`select`: its score's control, from build()).
   * @typedef {{ id: string, title: string, href: string, checklist: string[], rank: number, item: Element,
   *             select: HTMLSelectElement }} DiagnosticEntry */
  /** @typedef {{ count: number, low: number, median: number, high: number }} Spread */

  // -- pure rules: numbers, scores, CSV -----------------------------------------------------------
  /** @param {number} n @returns {string} */
  function format(n) {
    return String(Math.round(n * 10) / 10).replace(".", ",");
  }

  /* A « moment » cell as typed: « avant », « après » (« apres », any case), or "" (unsaid or unknown). */
  /** @param {string} text @returns {string} */
  function parseMoment(text) {
    var value = String(text || "").trim().toLowerCase().normalize("NFC");
    if (value === "avant") return "avant";
    if (value === "après" || value === "apres") return "après";
    return "";
  }

  /* A change of score as the table prints it: « +1,5 », « −2 », « = ». */
  /** @param {number} delta @returns {string} */
  function changeText(delta) {
    if (Math.abs(delta) < 0.05) return "=";
    return (delta > 0 ? "+" : "−") + format(Math.abs(delta));
  }

  /** @param {number[]} values @returns {number} */
  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /* A score as typed in a file: {score} (null when the cell is empty), or {error} saying why it
   * cannot be read. Whole numbers and decimals with a comma or a point (« 7,5 », « 7.5 »). */
  /** @param {string | undefined} text */
  function parseScore(text) {
    var value = String(text === undefined ? "" : text).trim();
    if (value === "") return { score: null };
    var match = /^(\d{1,2})(?:[.,](\d{1,2}))?$/.exec(value);
    if (!match) {
      return { error: "note «\u00a0" + value.slice(0, 20) + "\u00a0» illisible\u00a0: écrivez un nombre de 1 à 10 " +
                      "(par exemple 7 ou 7,5)" };
    }
    var score = Number(match[1] + (match[2] ? "." + match[2] : ""));
    if (score < 1 || score > 10) return { error: "note «\u00a0" + value + "\u00a0» hors de l’échelle de 1 à 10" };
    return { score: score };
  }

  /* The score a select or the storage holds: a whole number from 1 to 10, or null. */
  /** @param {unknown} value @returns {number | null} */
  function ownScore(value) {
    var n = typeof value === "number" ? value : Number(String(value));
    return Number.isInteger(n) && n >= 1 && n <= 10 ? n : null;
  }

  /* The text with a leading apostrophe when a spreadsheet would take it for a formula. */
  /** @param {string} text @returns {string} */
  function guardFormula(text) {
    return FORMULA.test(text) ? "'" + text : text;
  }

  /** @param {unknown} value @returns {string} */
  function csvCell(value) {
    var text = guardFormula(String(value));
    return /[";\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* The separator of a file: the one of ; , or tab found most often in its first line, outside
   * quotes; null when the line holds none (one column, or not a table at all). */
  /** @param {string} text @returns {string | null} */
  function delimiterOf(text) {
    var counts = new Map([[";", 0], [",", 0], ["\t", 0]]);
    var quoted = false;
    for (var i = 0; i < text.length && text[i] !== "\n" && text[i] !== "\r"; i += 1) {
      if (text[i] === '"') quoted = !quoted;
      else if (!quoted && counts.has(text[i])) counts.set(text[i], (counts.get(text[i]) || 0) + 1);
    }
    /** @type {string | null} */
    var best = null;
    counts.forEach(function (count, sign) { if (count && (best === null || count > (counts.get(best) || 0))) best = sign; });
    return best;
  }

  /* Rows of a delimited text with "quoted" cells, read in one pass (linear in the text): each row
   * with the number of the line it starts on (1-based, as a spreadsheet or an editor counts). */
  /** @param {string} text @param {string} delimiter @returns {CsvRow[]} */
  function parseCsv(text, delimiter) {
    /** @type {CsvRow[]} */
    var rows = [];
    /** @type {string[]} */
    var row = [];
    var cell = "";
    var quoted = false;
    var line = 1;
    var start = 1;
    for (var i = 0; i < text.length; i += 1) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (c === '"') {
          quoted = false;
        } else {
          if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line += 1;
          cell += c;
        }
      } else if (c === '"' && cell === "") {
        quoted = true;
      } else if (c === delimiter) {
        row.push(cell);
        cell = "";
      } else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i += 1;
        row.push(cell);
        rows.push({ cells: row, line: start });
        row = [];
        cell = "";
        line += 1;
        start = line;
      } else {
        cell += c;
      }
    }
    if (cell !== "" || row.length) {
      row.push(cell);
      rows.push({ cells: row, line: start });
    }
    return rows;
  }

  /* One participant's export read for a collection whose entries are `known` (a Set of ids):
   * {scores: Map id → score, participant, date, problems: [text]} or {refused: text}. */
  /** @param {string} text @param {string} fileName @param {string} collection @param {Set<string>} known
   * @returns {ExportResult} */
  function readExport(text, fileName, collection, known) {
    var body = text.replace(/^\ufeff/, "");
    if (!body.trim()) return { refused: fileName + "\u00a0: le fichier est vide." };
    var delimiter = delimiterOf(body);
    if (delimiter === null) {
      return { refused: fileName + "\u00a0: la ligne 1 n’a qu’une colonne\u202f; un export d’auto-diagnostic sépare " +
                        "ses colonnes par des points-virgules (ou des virgules)." };
    }
    var rows = parseCsv(body, delimiter);
    var header = (rows.shift() || { cells: [] }).cells.map(function (name) { return name.trim().toLowerCase(); });
    /** @type {Map<string, number>} */
    var column = new Map();
    header.forEach(function (name, index) { if (!column.has(name)) column.set(name, index); });
    var missing = ["identifiant", "note"].filter(function (name) { return !column.has(name); });
    if (missing.length) {
      return { refused: fileName + ", ligne 1\u00a0: pas de colonne " + missing.map(function (name) {
        return "«\u00a0" + name + "\u00a0»";
      }).join(" ni de colonne ") + "\u00a0: ce n’est pas un export d’auto-diagnostic." };
    }
    /** @param {CsvRow} row @param {string} name @returns {string} */
    var cell = function (row, name) {
      return column.has(name) ? (row.cells[/** @type {number} */ (column.get(name))] || "").trim() : "";
    };
    /** @type {Map<string, number>} */
    var scores = new Map();
    /** @type {string[]} */
    var problems = [];
    /** @type {Set<string>} */
    var others = new Set();
    var otherRows = 0;
    var participant = "";
    var date = "";
    var moment = "";
    rows.forEach(function (row) {
      var where = fileName + ", ligne " + row.line + "\u00a0: ";
      if (row.cells.every(function (value) { return value.trim() === ""; })) return;
      if (row.cells.length > header.length) {
        problems.push(where + row.cells.length + " colonnes au lieu de " + header.length + " (une virgule dans une " +
                      "note ou un titre sans guillemets\u202f?)\u202f; ligne ignorée.");
        return;
      }
      participant = participant || cell(row, "participant");
      date = date || cell(row, "date");
      moment = moment || parseMoment(cell(row, "moment"));
      var id = cell(row, "identifiant");
      var read = parseScore(cell(row, "note"));
      var from = column.has("collection") ? cell(row, "collection") : collection;
      if (from !== collection) {
        others.add(from);
        otherRows += 1;
        return;
      }
      if (!known.has(id)) {
        problems.push(where + "l’entrée «\u00a0" + id.slice(0, 80) + "\u00a0» n’est pas dans cette collection\u202f; " +
                      "ligne ignorée.");
      } else if (read.error) {
        problems.push(where + read.error + "\u202f; ligne ignorée.");
      } else if (read.score !== null && scores.has(id)) {
        problems.push(where + "«\u00a0" + id + "\u00a0» est notée une deuxième fois\u202f; la première note est gardée.");
      } else if (read.score !== null) {
        scores.set(id, /** @type {number} */ (read.score));  // no error: a score
      }
    });
    if (!scores.size) {
      if (others.size && !problems.length) {
        return { refused: fileName + "\u00a0: export de la collection «\u00a0" + Array.from(others)[0].slice(0, 80) +
                          "\u00a0», pas de «\u00a0" + collection + "\u00a0»\u00a0: chargez-le sur la page de sa collection." };
      }
      return { refused: fileName + "\u00a0: aucune note de cette collection." +
                        (problems.length ? " " + problems.slice(0, MAX_PROBLEMS).join(" ") : "") };
    }
    if (otherRows) {
      problems.push(fileName + "\u00a0: " + Playbook.plural(otherRows, "ligne d’une autre collection ignorée",
                                                    "lignes d’une autre collection ignorées") +
                    " (" + Array.from(others).map(function (name) { return "«\u00a0" + name.slice(0, 80) + "\u00a0»"; })
                      .join(", ") + ").");
    }
    return { scores: scores, participant: participant.slice(0, MAX_NAME), date: date.slice(0, 40), moment: moment,
             problems: problems };
  }

  /* A participant's name as a piece of a file name: letters and digits of any script, joined by
   * hyphens (« Anne-Sophie Dupré » → « anne-sophie-dupre »). */
  /** @param {string} name @returns {string} */
  function fileSlug(name) {
    return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
  }

  /** @param {number} n @returns {string} */
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* The time of an export: as written in the file (local time) and as a piece of its name. */
  /** @param {Date} now */
  function stamp(now) {
    var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    return { text: day + " " + pad(now.getHours()) + ":" + pad(now.getMinutes()),
             file: day + "-" + pad(now.getHours()) + "h" + pad(now.getMinutes()) };
  }

  /* A participant's name as typed: one line of visible text. */
  /** @param {string | null} text @returns {string} */
  function cleanName(text) {
    return String(text || "").normalize("NFC").replace(/\p{Cf}/gu, "").replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ")
      .trim().slice(0, MAX_NAME);
  }

  /* Lines of at most `width`, breaking at spaces, and inside a word only when the word alone is
   * wider. `measure` gives the width of a word (called once per distinct word: each call costs a
   * layout), `space` the width of a space; a line's width is the sum of its words and spaces. */
  /** @param {string} text @param {number} width @param {(word: string) => number} measure @param {number} space
   * @returns {string[]} */
  function wrap(text, width, measure, space) {
    /** @type {string[]} */
    var lines = [];
    var line = "";
    var used = 0;
    text.split(/[ \t\r\n]+/).filter(Boolean).forEach(function (word) {  // no-break spaces hold
      var size = measure(word);
      if (line && used + space + size <= width) {
        line += " " + word;
        used += space + size;
        return;
      }
      if (line) lines.push(line);
      while (size > width && word.length > 1) {
        var cut = word.length - 1;
        while (cut > 1 && measure(word.slice(0, cut) + "-") > width) cut -= 1;
        lines.push(word.slice(0, cut) + "-");
        word = word.slice(cut);
        size = measure(word);
      }
      line = word;
      used = size;
    });
    if (line) lines.push(line);
    return lines.length ? lines : [""];
  }

  // -- storage and the page ------------------------------------------------------------------------
  /** @param {string} tag @param {Object<string, string | number>} [attributes] @param {string} [text] */
  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    var given = attributes || {};
    Object.keys(given).forEach(function (name) { node.setAttribute(name, String(given[name])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** @constructor @param {Element} root */
  function Diagnostic(root) {
    this.root = root;
    this.collection = (root.querySelector(".pb-diagnostic__collection") || { textContent: "" }).textContent || "";
    this.key = PREFIX + this.collection;
    /** @type {DiagnosticEntry[]} */
    this.entries = [];
    /** @type {TeamFile[]} */
    this.team = [];  // one {participant, date, moment, file, scores: Map} per loaded file
    /** @type {string[]} */
    this.problems = [];  // what the last import could not use
    /** @type {{ scores: Map<string, number>, team: TeamFile[], problems: string[] } | null} */
    this.undo = null;
    this.width = 0;
    // The controls build() and buildNameDialog() place in the page.
    this.undoButton = Playbook.el("button", "md-button pb-undo", "Annuler");
    this.nameDialog = Playbook.el("dialog", "pb-dialog pb-diagnostic__name-dialog");
    this.nameInput = Playbook.el("input", "pb-diagnostic__participant");
    this.nameError = Playbook.el("p", "pb-dialog__note");
    /** @type {HTMLInputElement[]} */
    this.momentInputs = [];
    var self = this;
    root.querySelectorAll("li.pb-diagnostic__entry").forEach(function (item, index) {
      var link = /** @type {HTMLAnchorElement | null} */ (item.querySelector(".pb-diagnostic__name a"));
      var id = (item.querySelector(".pb-diagnostic__id") || { textContent: "" }).textContent || "";
      var checklist = /** @type {string[]} */ (Array.prototype.map.call(item.querySelectorAll(".pb-diagnostic__checklist li"),
                                               function (/** @type {Element} */ li) { return li.textContent; }));
      // `select` is set by build(), before anything reads it
      self.entries.push(/** @type {DiagnosticEntry} */ ({ id: id, title: link ? link.textContent : id,
                                                          href: link ? link.href : "", checklist: checklist,
                                                          rank: index, item: item }));
    });
    this.known = new Set(this.entries.map(function (entry) { return entry.id; }));
    this.scores = this.load();
    this.build();
    this.render();
  }

  /** @returns {Map<string, number>} */
  Diagnostic.prototype.load = function () {
    /** @type {Map<string, number>} */
    var scores = new Map();
    var known = this.known;
    var byId = Playbook.readRecord(this.key);
    Object.keys(byId).forEach(function (id) {
      var score = ownScore(byId[id]);
      if (known.has(id) && score !== null) scores.set(id, score);
    });
    return scores;
  };

  Diagnostic.prototype.save = function () {
    Playbook.writeText(this.key, this.scores.size ? JSON.stringify(Object.fromEntries(this.scores)) : null);
  };

  Diagnostic.prototype.build = function () {
    var self = this;
    this.entries.forEach(function (entry, index) {
      var row = Playbook.el("p", "pb-diagnostic__score");
      var label = Playbook.el("label", "", "Note de 1 à 10 ");
      var select = Playbook.el("select", "pb-diagnostic__select");
      select.id = "pb-note-" + index;
      label.htmlFor = select.id;
      select.setAttribute("aria-label", "Note de 1 à 10\u00a0: " + entry.title);
      select.appendChild(Playbook.el("option", "", "—")).value = "";
      for (var n = 1; n <= 10; n += 1) select.appendChild(Playbook.el("option", "", String(n))).value = String(n);
      select.addEventListener("change", function () {
        var score = ownScore(select.value);
        if (score === null) self.scores.delete(entry.id);
        else self.scores.set(entry.id, score);
        self.dropUndo();
        self.save();
        self.render();
      });
      entry.select = select;
      row.appendChild(label);
      row.appendChild(select);
      entry.item.insertBefore(row, entry.item.querySelector(".pb-diagnostic__checklist"));
    });
    // The page as built holds these parts (the casts say so, as the code assumed)
    var controls = /** @type {Element} */ (this.root.querySelector(".pb-diagnostic__controls"));
    var exportButton = /** @type {Element} */ (controls.querySelector(".pb-diagnostic__export"));
    this.buildNameDialog();
    var fileLabel = Playbook.el("label", "md-button pb-diagnostic__import-label", "Charger des exports (CSV)");
    var input = Playbook.el("input", "pb-diagnostic__import");
    input.type = "file";
    input.multiple = true;
    input.accept = ".csv,.txt,text/csv";
    input.id = "pb-diagnostic-import";
    fileLabel.htmlFor = input.id;
    input.addEventListener("change", function () { self.importFiles(input.files); input.value = ""; });
    controls.appendChild(fileLabel);
    controls.appendChild(input);
    exportButton.addEventListener("click", function () { self.askName(); });
    var clear = /** @type {Element} */ (controls.querySelector(".pb-diagnostic__clear"));
    clear.addEventListener("click", function () { self.clear(); });
    var live = /** @type {Element} */ (this.root.querySelector(".pb-diagnostic__status"));
    live.setAttribute("role", "status");  // not kept by the sanitizer
    this.undoButton.type = "button";
    this.undoButton.hidden = true;
    this.undoButton.addEventListener("click", function () { self.restore(); });
    /** @type {Node} */ (live.parentNode).appendChild(this.undoButton);
    this.root.classList.add("pb-diagnostic--ready");
    var holder = /** @type {Element} */ (this.root.querySelector(".pb-diagnostic__chart"));
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (holder.clientWidth && holder.clientWidth !== self.width) self.renderChart();
      }).observe(holder);
    }
  };

  /** @param {string} text */
  Diagnostic.prototype.status = function (text) {
    /** @type {Element} */ (this.root.querySelector(".pb-diagnostic__status")).textContent = text;
  };

  /* « Effacer mes notes »: scores and loaded exports go, and can come back until the next change. */
  Diagnostic.prototype.clear = function () {
    if (!this.scores.size && !this.team.length) {
      this.status("Il n’y a ni note ni export à effacer.");
      return;
    }
    this.undo = { scores: new Map(this.scores), team: this.team.slice(), problems: this.problems.slice() };
    var what = Playbook.plural(this.scores.size, "note", "notes") +
      (this.team.length ? " et " + Playbook.plural(this.team.length, "export chargé", "exports chargés") : "");
    this.scores = new Map();
    this.team = [];
    this.problems = [];
    this.save();
    this.render();
    this.status("Effacé\u00a0: " + what + ".");
    this.undoButton.hidden = false;
    this.undoButton.focus();
  };

  Diagnostic.prototype.restore = function () {
    if (!this.undo) return;
    this.scores = this.undo.scores;
    this.team = this.undo.team;
    this.problems = this.undo.problems;
    this.dropUndo();
    this.save();
    this.render();
    this.status("Notes rétablies.");
    /** @type {HTMLElement} */ (this.root.querySelector(".pb-diagnostic__clear")).focus();
  };

  Diagnostic.prototype.dropUndo = function () {
    this.undo = null;
    this.undoButton.hidden = true;
  };

  /* The team's scores of `entry` (only the exports made at `moment`, when given): how many, the
   * lowest, the median and the highest; null when nobody scored it. */
  /** @param {DiagnosticEntry} entry @param {string} [moment] @returns {Spread | null} */
  Diagnostic.prototype.spread = function (entry, moment) {
    var values = this.team.filter(function (file) { return moment === undefined || file.moment === moment; })
      .map(function (file) { return file.scores.get(entry.id); })
      .filter(function (v) { return typeof v === "number"; });
    return values.length ? { count: values.length, low: Math.min.apply(null, values), median: median(values),
                             high: Math.max.apply(null, values) } : null;
  };

  Diagnostic.prototype.render = function () {
    var self = this;
    this.entries.forEach(function (entry) {
      var value = self.scores.has(entry.id) ? String(self.scores.get(entry.id)) : "";
      if (entry.select.value !== value) entry.select.value = value;
    });
    this.renderChart();
    this.renderWeakest();
    this.renderTeam();
  };

  /* The chart, drawn at the width it is shown at (one unit per CSS pixel), so its text keeps the
   * page's size: labels beside the bars when there is room, above them on a phone; wrapped, never
   * cut. */
  Diagnostic.prototype.renderChart = function () {
    var self = this;
    var holder = /** @type {Element} */ (this.root.querySelector(".pb-diagnostic__chart"));
    holder.textContent = "";
    var width = Math.max(holder.clientWidth || 0, 240);
    this.width = holder.clientWidth;
    var chart = svg("svg", { role: "img", "class": "pb-diagnostic__svg", width: width,
                             "aria-labelledby": "pb-chart-title pb-chart-desc" });
    chart.appendChild(svg("title", { id: "pb-chart-title" }, "Notes de l’auto-diagnostic, de 1 à 10"));
    var description = this.entries.map(function (entry) {
      var score = self.scores.get(entry.id);
      var text = entry.title + "\u00a0: " + (score ? score + " sur 10" : "non notée");
      var spread = self.spread(entry);
      if (spread) {
        text += "\u202f; équipe (" + spread.count + ")\u00a0: de " + format(spread.low) + " à " + format(spread.high) +
          ", médiane " + format(spread.median);
      }
      return text;
    }).join(". ") + ".";
    chart.appendChild(svg("desc", { id: "pb-chart-desc" }, description));
    holder.appendChild(chart);
    var probe = /** @type {SVGTextElement} */ (svg("text", { "class": "pb-diagnostic__label" }));
    chart.appendChild(probe);
    /** @type {Map<string, number>} */
    var widths = new Map();
    /** @param {string} text @returns {number} */
    var measure = function (text) {
      if (!widths.has(text)) {
        probe.textContent = text;
        widths.set(text, probe.getComputedTextLength());
      }
      return /** @type {number} */ (widths.get(text));
    };
    probe.textContent = "Mg";
    var lineHeight = Math.ceil(probe.getBBox().height || 16) + 2;
    var space = measure("a a") - measure("aa");
    var side = width >= 560;
    var labelWidth = side ? Math.min(Math.round(width * 0.4), 320) : 0;
    var barStart = side ? labelWidth + 10 : 8;  // room for half of the scale's first figure
    var barWidth = width - barStart - 30;  // room for the score after the bar
    var barHeight = 14;
    var y = lineHeight + 6;  // below the scale
    for (var tick = 0; tick <= 10; tick += 2) {
      chart.appendChild(svg("text", { x: barStart + barWidth * tick / 10, y: lineHeight - 4, "text-anchor": "middle",
                                      "class": "pb-diagnostic__tick" }, String(tick)));
    }
    var gridTop = y;
    this.entries.forEach(function (entry) {
      // 2 units of margin: some glyphs reach a little beyond their advance
      var lines = wrap(entry.title, side ? labelWidth - 2 : width - 4, measure, space);
      var label = svg("text", { "class": "pb-diagnostic__label", "text-anchor": side ? "end" : "start" });
      lines.forEach(function (line, n) {
        label.appendChild(svg("tspan", { x: side ? labelWidth : 2, y: y + lineHeight * (n + 1) - 4 }, line));
      });
      chart.appendChild(label);
      var barTop = side ? y + Math.max(0, (lineHeight * lines.length - barHeight) / 2) : y + lineHeight * lines.length + 2;
      var score = self.scores.get(entry.id);
      if (score) {
        chart.appendChild(svg("rect", { x: barStart, y: barTop, width: barWidth * score / 10, height: barHeight,
                                        "class": "pb-diagnostic__bar pb-diagnostic__bar--" + (score <= 4 ? "low" : "ok") }));
        chart.appendChild(svg("text", { x: barStart + barWidth * score / 10 + 5, y: barTop + barHeight - 2,
                                        "class": "pb-diagnostic__value" }, String(score)));
      }
      var spread = self.spread(entry);
      if (spread) {
        var x1 = barStart + barWidth * spread.low / 10;
        var x2 = barStart + barWidth * spread.high / 10;
        var xm = barStart + barWidth * spread.median / 10;
        chart.appendChild(svg("path", { d: "M" + x1 + " " + (barTop + barHeight + 4) + "H" + x2,
                                        "class": "pb-diagnostic__range" }));
        chart.appendChild(svg("path", { d: "M" + xm + " " + (barTop + barHeight) + "V" + (barTop + barHeight + 8),
                                        "class": "pb-diagnostic__median" }));
      }
      var rowBottom = Math.max(side ? y + lineHeight * lines.length : 0, barTop + barHeight + 10);
      y = rowBottom + 6;
    });
    for (var t = 0; t <= 10; t += 2) {
      var x = barStart + barWidth * t / 10;
      chart.insertBefore(svg("path", { d: "M" + x + " " + gridTop + "V" + y, "class": "pb-diagnostic__grid" }),
                         chart.querySelector("text"));
    }
    chart.removeChild(probe);  // measured every label: no longer needed
    chart.setAttribute("height", String(y));
    chart.setAttribute("viewBox", "0 0 " + width + " " + y);
    holder.appendChild(this.legend());
  };

  /* What the chart's marks mean; the team's marks only once exports are loaded. */
  Diagnostic.prototype.legend = function () {
    var list = Playbook.el("ul", "pb-diagnostic__legend");
    var items = [
      ["rect", "pb-diagnostic__bar pb-diagnostic__bar--ok", "Votre note, de 5 à 10"],
      ["rect", "pb-diagnostic__bar pb-diagnostic__bar--low", "Votre note, de 1 à 4\u00a0: à travailler en priorité"]
    ];
    if (this.team.length) {
      items.push(["range", "pb-diagnostic__range", "L’équipe, de la note la plus basse à la plus haute"]);
      items.push(["median", "pb-diagnostic__median", "Médiane de l’équipe"]);
    }
    items.forEach(function (item) {
      var li = Playbook.el("li", "pb-diagnostic__legend-item");
      var mark = svg("svg", { width: 22, height: 14, viewBox: "0 0 22 14", "aria-hidden": "true",
                              "class": "pb-diagnostic__swatch" });
      if (item[0] === "rect") mark.appendChild(svg("rect", { x: 0, y: 1, width: 22, height: 12, "class": item[1] }));
      else if (item[0] === "range") mark.appendChild(svg("path", { d: "M1 7H21", "class": item[1] }));
      else mark.appendChild(svg("path", { d: "M11 1V13", "class": item[1] }));
      li.appendChild(mark);
      li.appendChild(document.createTextNode(" " + item[2]));
      list.appendChild(li);
    });
    return list;
  };

  Diagnostic.prototype.renderWeakest = function () {
    var self = this;
    var list = /** @type {Element} */ (this.root.querySelector(".pb-diagnostic__weakest"));
    list.textContent = "";
    var rated = this.entries.filter(function (entry) { return self.scores.has(entry.id); });
    /** @param {DiagnosticEntry} entry @returns {number} a rated entry's score */
    var scoreOf = function (entry) { return /** @type {number} */ (self.scores.get(entry.id)); };
    rated.sort(function (a, b) { return scoreOf(a) - scoreOf(b) || a.rank - b.rank; });
    if (!rated.length) {
      list.appendChild(Playbook.el("li", "pb-diagnostic__none", "Notez au moins une entrée pour voir vos points faibles."));
      return;
    }
    rated.slice(0, 3).forEach(function (entry) {
      var item = Playbook.el("li", "pb-diagnostic__weak");
      var title = Playbook.el("p", "pb-diagnostic__weak-title");
      var link = Playbook.el("a", "", entry.title);
      if (entry.href) link.href = entry.href;
      title.appendChild(link);
      title.appendChild(document.createTextNode("\u00a0: " + self.scores.get(entry.id) + " sur 10"));
      item.appendChild(title);
      if (entry.checklist.length) {
        var checklist = Playbook.el("ul", "pb-diagnostic__actions");
        entry.checklist.forEach(function (text) { checklist.appendChild(Playbook.el("li", "", text)); });
        item.appendChild(checklist);
      }
      list.appendChild(item);
    });
  };

  Diagnostic.prototype.renderTeam = function () {
    var self = this;
    var holder = /** @type {Element} */ (this.root.querySelector(".pb-diagnostic__team"));
    holder.textContent = "";
    if (this.problems.length) {
      var problems = Playbook.el("ul", "pb-diagnostic__problems");
      problems.setAttribute("aria-label", "Lignes et fichiers non pris en compte");
      this.problems.forEach(function (text) { problems.appendChild(Playbook.el("li", "", text)); });
      holder.appendChild(problems);
    }
    if (!this.team.length) return;
    var names = this.team.map(function (file) {
      return (file.participant || file.file) + (file.moment ? " (" + file.moment + ")" : "");
    });
    var people = new Set(this.team.map(function (file) { return (file.participant || file.file).toLowerCase(); }));
    holder.appendChild(this.entryTable(
      "pb-diagnostic__team-table", "Notes de l’équipe",
      "Notes de l’équipe (" + Playbook.plural(people.size, "participant", "participants") + "\u00a0: " + names.join(", ") + ")",
      ["Entrée", "Réponses", "La plus basse", "Médiane", "La plus haute"],
      function (entry) {
        var spread = self.spread(entry);
        return [spread ? String(spread.count) : "0", spread ? format(spread.low) : "—",
                spread ? format(spread.median) : "—", spread ? format(spread.high) : "—"];
      }));
    this.renderChange(holder);
  };

  /* A table of the collection's entries, in a region that scrolls on its own: its caption, a
   * column per name, a row per entry (its title, then what `cells` gives for it). */
  /** @param {string} className @param {string} region @param {string} caption @param {string[]} columns
   * @param {(entry: DiagnosticEntry) => string[]} cells @returns {HTMLDivElement} */
  Diagnostic.prototype.entryTable = function (className, region, caption, columns, cells) {
    var scroll = Playbook.el("div", "pb-diagnostic__team-scroll");
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", region);
    scroll.tabIndex = 0;
    var table = Playbook.el("table", className);
    table.appendChild(Playbook.el("caption", "", caption));
    var head = Playbook.el("tr");
    columns.forEach(function (name) {
      var th = Playbook.el("th", "", name);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(Playbook.el("thead")).appendChild(head);
    var body = table.appendChild(Playbook.el("tbody"));
    this.entries.forEach(function (entry) {
      var row = Playbook.el("tr");
      var th = Playbook.el("th", "", entry.title);
      th.scope = "row";
      row.appendChild(th);
      cells(entry).forEach(function (value) { row.appendChild(Playbook.el("td", "", value)); });
      body.appendChild(row);
    });
    scroll.appendChild(table);
    return scroll;
  };

  /* Before / after: once exports made « avant » and « après » the training are both loaded, the
   * median of each per entry and the change between them. */
  /** @param {Element} holder */
  Diagnostic.prototype.renderChange = function (holder) {
    var self = this;
    /** @param {string} moment */
    var count = function (moment) { return self.team.filter(function (file) { return file.moment === moment; }).length; };
    var before = count("avant");
    var after = count("après");
    if (!before || !after) return;
    holder.appendChild(this.entryTable(
      "pb-diagnostic__change-table", "Avant et après la formation",
      "Avant et après la formation (" + Playbook.plural(before, "export", "exports") + " «\u00a0avant\u00a0», " +
        Playbook.plural(after, "export", "exports") + " «\u00a0après\u00a0»)",
      ["Entrée", "Médiane avant", "Médiane après", "Évolution"],
      function (entry) {
        var was = self.spread(entry, "avant");
        var now = self.spread(entry, "après");
        return [was ? format(was.median) : "—", now ? format(now.median) : "—",
                was && now ? changeText(now.median - was.median) : "—"];
      }));
  };

  /* The question « Exporter » asks: the participant's name, typed once, then offered again (a
   * shared computer in a training room must not put one person's name on another's file). */
  Diagnostic.prototype.buildNameDialog = function () {
    var self = this;
    var dialog = this.nameDialog;
    dialog.setAttribute("aria-labelledby", "pb-name-dialog-title");
    dialog.setAttribute("aria-describedby", "pb-name-dialog-text");
    var heading = Playbook.el("h2", "pb-dialog__title", "Exporter mes notes");
    heading.id = "pb-name-dialog-title";
    dialog.appendChild(heading);
    var text = Playbook.el("p", "pb-dialog__text", "Votre nom ou vos initiales nomment le fichier et y figurent, avec la date\u00a0: " +
                  "la personne qui rassemble les exports sait ainsi de qui vient chacun.");
    text.id = "pb-name-dialog-text";
    dialog.appendChild(text);
    var label = Playbook.el("label", "pb-diagnostic__name-label", "Votre nom ou vos initiales");
    var name = this.nameInput;
    name.type = "text";
    name.id = "pb-diagnostic-participant";
    name.maxLength = MAX_NAME;
    name.autocomplete = "name";
    name.setAttribute("aria-describedby", "pb-name-dialog-error");
    label.htmlFor = name.id;
    var field = Playbook.el("p", "pb-diagnostic__name-field");
    field.appendChild(label);
    field.appendChild(name);
    dialog.appendChild(field);
    var moments = Playbook.el("fieldset", "pb-diagnostic__moment");
    moments.appendChild(Playbook.el("legend", "", "Moment de cet export"));
    this.momentInputs = MOMENTS.map(function (moment, index) {
      var choice = Playbook.el("label", "pb-diagnostic__moment-choice");
      var radio = Playbook.el("input");
      radio.type = "radio";
      radio.name = "pb-diagnostic-moment";
      radio.value = moment[0];
      radio.checked = index === 0;
      choice.appendChild(radio);
      choice.appendChild(document.createTextNode(" " + moment[1]));
      moments.appendChild(choice);
      return radio;
    });
    dialog.appendChild(moments);
    var error = this.nameError;
    error.id = "pb-name-dialog-error";
    dialog.appendChild(error);
    var actions = Playbook.el("div", "pb-dialog__actions");
    var confirm = Playbook.el("button", "md-button md-button--primary pb-diagnostic__name-confirm", "Exporter");
    confirm.type = "button";
    var cancel = Playbook.el("button", "md-button", "Ne pas exporter");
    cancel.type = "button";
    actions.appendChild(confirm);
    actions.appendChild(cancel);
    dialog.appendChild(actions);
    var submit = function () {
      var participant = cleanName(name.value);
      if (!participant) {
        error.textContent = "Indiquez un nom ou des initiales.";
        name.focus();
        return;
      }
      Playbook.writeText(PARTICIPANT_KEY, participant);
      var moment = self.momentInputs.filter(function (radio) { return radio.checked; })[0];
      dialog.close();
      self.exportCsv(participant, moment ? parseMoment(moment.value) : "");
    };
    confirm.addEventListener("click", submit);
    cancel.addEventListener("click", function () { dialog.close(); });
    name.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        submit();
      }
    });
    this.root.appendChild(dialog);
  };

  Diagnostic.prototype.askName = function () {
    this.nameInput.value = cleanName(Playbook.readText(PARTICIPANT_KEY));
    this.nameError.textContent = "";
    this.momentInputs.forEach(function (radio, index) { radio.checked = index === 0; });  // asked each time
    this.nameDialog.showModal();
    this.nameInput.focus();
    this.nameInput.select();
  };

  /** @param {string} participant @param {string} moment */
  Diagnostic.prototype.exportCsv = function (participant, moment) {
    var self = this;
    var when = stamp(new Date());
    var rows = [COLUMNS];
    this.entries.forEach(function (entry) {
      var score = self.scores.get(entry.id);
      rows.push([self.collection, entry.id, entry.title, score ? String(score) : "", participant, moment, when.text]);
    });
    var text = "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(";"); }).join("\r\n") + "\r\n";
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var link = Playbook.el("a");
    link.href = url;
    link.download = "auto-diagnostic-" + this.collection + "-" + (fileSlug(participant) || "participant") + "-" +
      (moment ? fileSlug(moment) + "-" : "") + when.file + ".csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    this.status("Notes exportées\u00a0: " + link.download);
  };

  /* A file's text: UTF-8, or the Windows encoding French spreadsheets save CSV files in. */
  /** @param {File} file @returns {Promise<string>} */
  function fileText(file) {
    return file.arrayBuffer().then(function (buffer) {
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
      } catch (error) {
        return new TextDecoder("windows-1252").decode(buffer);
      }
    });
  }

  /** @param {FileList | null} files */
  Diagnostic.prototype.importFiles = function (files) {
    var self = this;
    var list = /** @type {File[]} */ (Array.prototype.slice.call(files || []));
    var read = list.map(/** @returns {Promise<ExportResult>} */ function (file) {
      if (file.size > MAX_FILE) {
        return Promise.resolve({ refused: file.name + "\u00a0: plus de 1\u00a0Mo, ce n’est pas un export d’auto-diagnostic." });
      }
      return fileText(file).then(function (text) {
        var result = readExport(text, file.name, self.collection, self.known);
        result.file = file.name;
        return result;
      }, function () {
        return { refused: file.name + "\u00a0: le fichier n’a pas pu être lu." };
      });
    });
    Promise.all(read).then(function (results) {
      /** @type {string[]} */
      var problems = [];
      var loaded = 0;
      results.forEach(function (outcome) {
        if (outcome.refused) {
          problems.push(outcome.refused);
          return;
        }
        var result = /** @type {ExportRead & { file: string }} */ (outcome);  // not refused: read, and named
        var listed = result.problems.slice(0, MAX_PROBLEMS);
        if (result.problems.length > listed.length) {
          listed.push(result.file + "\u00a0: et " + Playbook.plural(result.problems.length - listed.length, "autre ligne ignorée",
                                                             "autres lignes ignorées") + ".");
        }
        problems = problems.concat(listed);
        var same = result.participant ? self.team.findIndex(function (other) {  // one export per person and moment
          return other.participant.toLowerCase() === result.participant.toLowerCase() && other.moment === result.moment;
        }) : -1;
        var entry = { participant: result.participant, date: result.date, moment: result.moment, file: result.file,
                      scores: result.scores };
        if (same !== -1) {
          var kept = self.team[same].date > result.date ? self.team[same] : entry;
          problems.push(result.file + "\u00a0: «\u00a0" + result.participant + "\u00a0» avait déjà un export chargé\u202f; " +
                        "le plus récent (" + (kept.date || kept.file) + ") est gardé.");
          self.team[same] = kept;
        } else {
          self.team.push(entry);
        }
        loaded += 1;
      });
      self.problems = problems;
      self.dropUndo();
      self.render();
      var refused = results.filter(function (result) { return result.refused; }).length;
      self.status(Playbook.plural(loaded, "export chargé", "exports chargés") +
                  (refused ? ", " + Playbook.plural(refused, "fichier refusé", "fichiers refusés") : "") +
                  (problems.length ? " (détails sous «\u00a0L’équipe\u00a0»)" : "") +
                  ". L’équipe\u00a0: " + Playbook.plural(self.team.length, "participant", "participants") + ".");
    });
  };

  if (typeof module !== "undefined" && module.exports) {
    // loaded by node's test runner (tests/js/diagnostic.test.js): the pure rules, and no page
    // (readExport's messages use assets/common.js's plural: the tests load that file first, as a page does)
    module.exports = { guardFormula: guardFormula, csvCell: csvCell, delimiterOf: delimiterOf, parseCsv: parseCsv,
                       readExport: readExport, parseScore: parseScore, ownScore: ownScore, median: median,
                       parseMoment: parseMoment, changeText: changeText };
    return;
  }

  function ready() {
    document.querySelectorAll(".pb-diagnostic").forEach(function (root) {
      if (!root.classList.contains("pb-diagnostic--ready")) new Diagnostic(root);
    });
  }

  Playbook.onReady(ready);
})();
