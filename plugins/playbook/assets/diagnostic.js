/* Playbook Relation Client: « Auto-diagnostic », a self-assessment per collection.
 *
 * On auto-diagnostic/<collection>/: a score from 1 to 10 per entry, kept in this browser
 * ("playbook:diagnostic:<collection>"); an SVG chart of the scores (with a title and a text
 * description for screen readers); the weakest entries first with their checklists; a CSV export
 * (semicolon-separated UTF-8 with a BOM, cells that would start a formula get a leading ');
 * several exports read back to show the team's spread per entry (lowest, median, highest), kept
 * in the page only. Nothing is sent anywhere. Text from the page or a file is only ever set with
 * textContent, never parsed as HTML.
 */
(function () {
  "use strict";
  var PREFIX = "playbook:diagnostic:";
  var SVG = "http://www.w3.org/2000/svg";
  var FORMULA = /^[=+\-@\t\r]/;
  var MAX_FILE = 1024 * 1024;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function validScore(value) {
    var n = typeof value === "number" ? value : parseInt(String(value).trim(), 10);
    return n >= 1 && n <= 10 && Math.floor(n) === n && String(value).trim().match(/^\d{1,2}$/) !== null ? n : null;
  }

  function median(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  function format(n) {
    return String(Math.round(n * 10) / 10).replace(".", ",");
  }

  function Diagnostic(root) {
    this.root = root;
    this.collection = (root.querySelector(".pb-diagnostic__collection") || {}).textContent || "";
    this.key = PREFIX + this.collection;
    this.entries = [];
    this.team = [];  // one {id: score} per loaded file
    var self = this;
    root.querySelectorAll("li.pb-diagnostic__entry").forEach(function (item, index) {
      var link = item.querySelector(".pb-diagnostic__name a");
      var id = (item.querySelector(".pb-diagnostic__id") || {}).textContent || "";
      var checklist = Array.prototype.map.call(item.querySelectorAll(".pb-diagnostic__checklist li"),
                                               function (li) { return li.textContent; });
      self.entries.push({ id: id, title: link ? link.textContent : id, href: link ? link.href : "",
                          checklist: checklist, rank: index, item: item });
    });
    this.scores = this.load();
    this.build();
    this.render();
  }

  Diagnostic.prototype.load = function () {
    var scores = {};
    try {
      var stored = JSON.parse(window.localStorage.getItem(this.key) || "{}");
      this.entries.forEach(function (entry) {
        if (stored && Object.prototype.hasOwnProperty.call(stored, entry.id)) {
          var score = validScore(stored[entry.id]);
          if (score !== null) scores[entry.id] = score;
        }
      });
    } catch (error) {
      /* unreadable: no scores */
    }
    return scores;
  };

  Diagnostic.prototype.save = function () {
    try {
      if (Object.keys(this.scores).length) window.localStorage.setItem(this.key, JSON.stringify(this.scores));
      else window.localStorage.removeItem(this.key);
    } catch (error) {
      /* storage disabled: the scores stay on this page */
    }
  };

  Diagnostic.prototype.build = function () {
    var self = this;
    this.entries.forEach(function (entry, index) {
      var row = el("p", "pb-diagnostic__score");
      var label = el("label", "", "Note de 1 à 10 ");
      var select = el("select", "pb-diagnostic__select");
      select.id = "pb-note-" + index;
      label.htmlFor = select.id;
      select.setAttribute("aria-label", "Note de 1 à 10 : " + entry.title);
      select.appendChild(el("option", "", "—")).value = "";
      for (var n = 1; n <= 10; n += 1) select.appendChild(el("option", "", String(n))).value = String(n);
      select.addEventListener("change", function () {
        var score = validScore(select.value);
        if (score === null) delete self.scores[entry.id];
        else self.scores[entry.id] = score;
        self.save();
        self.render();
      });
      entry.select = select;
      row.appendChild(label);
      row.appendChild(select);
      entry.item.insertBefore(row, entry.item.querySelector(".pb-diagnostic__checklist"));
    });
    var controls = this.root.querySelector(".pb-diagnostic__controls");
    var fileLabel = el("label", "md-button pb-diagnostic__import-label", "Charger des exports (CSV)");
    var input = el("input", "pb-diagnostic__import");
    input.type = "file";
    input.multiple = true;
    input.accept = ".csv,text/csv";
    input.id = "pb-diagnostic-import";
    fileLabel.htmlFor = input.id;
    input.addEventListener("change", function () { self.importFiles(input.files); input.value = ""; });
    controls.appendChild(fileLabel);
    controls.appendChild(input);
    controls.querySelector(".pb-diagnostic__export").addEventListener("click", function () { self.exportCsv(); });
    controls.querySelector(".pb-diagnostic__clear").addEventListener("click", function () {
      self.scores = {};
      self.team = [];
      self.save();
      self.render();
      self.status("Vos notes et les exports chargés sont effacés.");
    });
    this.root.querySelector(".pb-diagnostic__status").setAttribute("role", "status");  // not kept by the sanitizer
    this.root.classList.add("pb-diagnostic--ready");
  };

  Diagnostic.prototype.status = function (text) {
    this.root.querySelector(".pb-diagnostic__status").textContent = text;
  };

  Diagnostic.prototype.spread = function (entry) {
    var values = this.team.map(function (scores) { return scores[entry.id]; })
      .filter(function (v) { return typeof v === "number"; });
    return values.length ? { count: values.length, low: Math.min.apply(null, values), median: median(values),
                             high: Math.max.apply(null, values) } : null;
  };

  Diagnostic.prototype.render = function () {
    var self = this;
    this.entries.forEach(function (entry) {
      var value = self.scores[entry.id] ? String(self.scores[entry.id]) : "";
      if (entry.select.value !== value) entry.select.value = value;
    });
    this.renderChart();
    this.renderWeakest();
    this.renderTeam();
  };

  Diagnostic.prototype.renderChart = function () {
    var self = this;
    var holder = this.root.querySelector(".pb-diagnostic__chart");
    holder.textContent = "";
    var rowHeight = 26;
    var labelWidth = 250;
    var barWidth = 330;
    var width = labelWidth + barWidth + 40;
    var height = 24 + rowHeight * this.entries.length;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "class": "pb-diagnostic__svg",
                             "aria-labelledby": "pb-chart-title pb-chart-desc" });
    chart.appendChild(svg("title", { id: "pb-chart-title" }, "Notes de l'auto-diagnostic, de 1 à 10"));
    var description = this.entries.map(function (entry) {
      var text = entry.title + " : " + (self.scores[entry.id] ? self.scores[entry.id] + " sur 10" : "non notée");
      var spread = self.spread(entry);
      if (spread) {
        text += " ; équipe (" + spread.count + ") : de " + spread.low + " à " + spread.high + ", médiane " +
          format(spread.median);
      }
      return text;
    }).join(". ") + ".";
    chart.appendChild(svg("desc", { id: "pb-chart-desc" }, description));
    for (var tick = 0; tick <= 10; tick += 2) {
      var x = labelWidth + barWidth * tick / 10;
      chart.appendChild(svg("path", { d: "M" + x + " 16V" + height, "class": "pb-diagnostic__grid" }));
      chart.appendChild(svg("text", { x: x, y: 12, "text-anchor": "middle", "class": "pb-diagnostic__tick" },
                            String(tick)));
    }
    this.entries.forEach(function (entry, index) {
      var y = 20 + index * rowHeight;
      var label = entry.title.length > 38 ? entry.title.slice(0, 37) + "…" : entry.title;
      chart.appendChild(svg("text", { x: labelWidth - 8, y: y + 15, "text-anchor": "end", "class": "pb-diagnostic__label" },
                            label));
      var score = self.scores[entry.id];
      if (score) {
        chart.appendChild(svg("rect", { x: labelWidth, y: y + 4, width: barWidth * score / 10, height: 14,
                                        "class": "pb-diagnostic__bar pb-diagnostic__bar--" + (score <= 4 ? "low" : "ok") }));
        chart.appendChild(svg("text", { x: labelWidth + barWidth * score / 10 + 5, y: y + 15,
                                        "class": "pb-diagnostic__value" }, String(score)));
      }
      var spread = self.spread(entry);
      if (spread) {
        var x1 = labelWidth + barWidth * spread.low / 10;
        var x2 = labelWidth + barWidth * spread.high / 10;
        var xm = labelWidth + barWidth * spread.median / 10;
        chart.appendChild(svg("path", { d: "M" + x1 + " " + (y + 22) + "H" + x2, "class": "pb-diagnostic__range" }));
        chart.appendChild(svg("path", { d: "M" + xm + " " + (y + 18) + "V" + (y + 26), "class": "pb-diagnostic__median" }));
      }
    });
    holder.appendChild(chart);
  };

  Diagnostic.prototype.renderWeakest = function () {
    var self = this;
    var list = this.root.querySelector(".pb-diagnostic__weakest");
    list.textContent = "";
    var rated = this.entries.filter(function (entry) { return self.scores[entry.id]; });
    rated.sort(function (a, b) { return self.scores[a.id] - self.scores[b.id] || a.rank - b.rank; });
    if (!rated.length) {
      list.appendChild(el("li", "pb-diagnostic__none", "Notez au moins une entrée pour voir vos points faibles."));
      return;
    }
    rated.slice(0, 3).forEach(function (entry) {
      var item = el("li", "pb-diagnostic__weak");
      var title = el("p", "pb-diagnostic__weak-title");
      var link = el("a", "", entry.title);
      if (entry.href) link.href = entry.href;
      title.appendChild(link);
      title.appendChild(document.createTextNode(" : " + self.scores[entry.id] + " sur 10"));
      item.appendChild(title);
      if (entry.checklist.length) {
        var checklist = el("ul", "pb-diagnostic__actions");
        entry.checklist.forEach(function (text) { checklist.appendChild(el("li", "", text)); });
        item.appendChild(checklist);
      }
      list.appendChild(item);
    });
  };

  Diagnostic.prototype.renderTeam = function () {
    var self = this;
    var holder = this.root.querySelector(".pb-diagnostic__team");
    holder.textContent = "";
    if (!this.team.length) return;
    var table = el("table", "pb-diagnostic__team-table");
    table.appendChild(el("caption", "", "Notes de l'équipe (" + this.team.length + " fichier" +
                                        (this.team.length > 1 ? "s" : "") + ")"));
    var head = el("tr");
    ["Entrée", "Réponses", "La plus basse", "Médiane", "La plus haute"].forEach(function (name) {
      var th = el("th", "", name);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    this.entries.forEach(function (entry) {
      var spread = self.spread(entry);
      var row = el("tr");
      var th = el("th", "", entry.title);
      th.scope = "row";
      row.appendChild(th);
      [spread ? spread.count : 0, spread ? spread.low : "—", spread ? format(spread.median) : "—",
       spread ? spread.high : "—"].forEach(function (value) { row.appendChild(el("td", "", String(value))); });
      body.appendChild(row);
    });
    holder.appendChild(table);
  };

  function csvCell(value) {
    var text = String(value);
    if (FORMULA.test(text)) text = "'" + text;
    return /[";\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  Diagnostic.prototype.exportCsv = function () {
    var self = this;
    var rows = [["collection", "identifiant", "titre", "note"]];
    this.entries.forEach(function (entry) {
      rows.push([self.collection, entry.id, entry.title, self.scores[entry.id] ? String(self.scores[entry.id]) : ""]);
    });
    var text = "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(";"); }).join("\r\n") + "\r\n";
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var link = el("a");
    link.href = url;
    link.download = "auto-diagnostic-" + this.collection + ".csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    this.status("Notes exportées : " + link.download);
  };

  /* Semicolon-separated values with "quoted" cells, read in one pass (linear in the text). */
  function parseCsv(text) {
    var rows = [];
    var row = [];
    var cell = "";
    var quoted = false;
    for (var i = 0; i < text.length; i += 1) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (c === '"') {
          quoted = false;
        } else {
          cell += c;
        }
      } else if (c === '"' && cell === "") {
        quoted = true;
      } else if (c === ";") {
        row.push(cell);
        cell = "";
      } else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i += 1;
        row.push(cell);
        rows.push(row);
        row = [];
        cell = "";
      } else {
        cell += c;
      }
    }
    if (cell !== "" || row.length) {
      row.push(cell);
      rows.push(row);
    }
    return rows;
  }

  Diagnostic.prototype.readScores = function (text) {
    var rows = parseCsv(text.replace(/^\ufeff/, ""));
    var header = (rows.shift() || []).map(function (name) { return name.trim().toLowerCase(); });
    var idColumn = header.indexOf("identifiant");
    var scoreColumn = header.indexOf("note");
    var collectionColumn = header.indexOf("collection");
    if (idColumn === -1 || scoreColumn === -1) return null;
    var known = {};
    this.entries.forEach(function (entry) { known[entry.id] = true; });
    var scores = {};
    var self = this;
    rows.forEach(function (row) {
      var id = (row[idColumn] || "").trim();
      var score = validScore(row[scoreColumn] || "");
      var collection = collectionColumn === -1 ? self.collection : (row[collectionColumn] || "").trim();
      if (collection === self.collection && Object.prototype.hasOwnProperty.call(known, id) && score !== null) {
        scores[id] = score;
      }
    });
    return Object.keys(scores).length ? scores : null;
  };

  Diagnostic.prototype.importFiles = function (files) {
    var self = this;
    var list = Array.prototype.slice.call(files || []);
    var read = list.map(function (file) {
      if (file.size > MAX_FILE) return Promise.resolve(null);
      return file.text().then(function (text) { return self.readScores(text); }, function () { return null; });
    });
    Promise.all(read).then(function (results) {
      var loaded = results.filter(function (scores) { return scores !== null; });
      self.team = self.team.concat(loaded);
      self.render();
      var refused = results.length - loaded.length;
      self.status(loaded.length + " export" + (loaded.length > 1 ? "s" : "") + " chargé" + (loaded.length > 1 ? "s" : "") +
                  (refused ? " ; " + refused + " fichier" + (refused > 1 ? "s" : "") +
                             " sans note de cette collection, ignoré" + (refused > 1 ? "s" : "") : "") +
                  ". L'équipe : " + self.team.length + " participant" + (self.team.length > 1 ? "s" : "") + ".");
    });
  };

  function ready() {
    document.querySelectorAll(".pb-diagnostic").forEach(function (root) {
      if (!root.classList.contains("pb-diagnostic--ready")) new Diagnostic(root);  // eslint-disable-line no-new
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
