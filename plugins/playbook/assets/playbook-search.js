/* Playbook Relation Client: the search box of the header (partials/search.html).
 *
 * Nothing is downloaded until the reader starts a search (focus on the box or a shortcut: "/",
 * "s" or "f"). The index, written by the build (plugins/playbook/core/search.py), is a set of
 * small scripts under search/ that call playbookSearch(name, data); they are loaded with <script>
 * elements, which also works from file:// (the offline copy), where fetch() is refused.
 *
 * A query's words are folded like the index's (lower case, no accents, ’ = '), then looked up in
 * the vocabulary of their length: a known word gives its stem (its family); an unknown one gives a
 * known stem if it is that stem plus a French ending; a word of 5 letters or more also matches
 * the words one typo away (ranked below exact matches). Every word must match. An id, alias or
 * title typed in full lists its entry first. When nothing is found, the nearest words (two typos
 * at most) are offered: « Vouliez-vous dire … ? ».
 */
(function () {
  "use strict";
  var STOP = new Set(("a au aux avec c ce ces cet cette d dans de des du elle elles en et eux il ils j je l la le les " +
    "leur leurs lui m ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses si son sur " +
    "t ta te tes toi ton tu un une vos votre vous y est sont ete etre avoir ont").split(" "));
  // French endings (folded), longest first: a typed word that is a known stem plus one of them
  // belongs to that stem's family (Snowball's suffixes and the verbs' endings).
  var ENDINGS = ("issements issement issantes issante issants issant isations isation atrices atrice ateurs ateur " +
    "ements ement ations ation ements ences ence ances ance ismes isme istes iste ables able ibles ible ites ite " +
    "ives ive ifs if euses euse eux ees ee es er ez ant ants ante antes ent ons ait aient ais erent era erai eront " +
    "erait eraient iez ions ir is it ie ies e s x").split(" ");
  var SHOWN = 20;
  // A query is at most QUERY_MAX code points and QUERY_WORDS words: a huge paste is cut (the box's
  // maxlength, and here again for a value set otherwise), so no query can block the tab.
  var QUERY_MAX = 200;
  var QUERY_WORDS = 12;
  var config = JSON.parse(document.getElementById("__config").textContent);
  var box = document.querySelector(".pb-search");
  if (!box) return;
  var input = box.querySelector(".md-search__input");
  input.maxLength = QUERY_MAX;
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var suggest = box.querySelector(".pb-search__suggest");
  var toggle = document.getElementById("__search");
  var selects = {kind: box.querySelector("[name=pb-kind]"), collection: box.querySelector("[name=pb-collection]"),
    tag: box.querySelector("[name=pb-tag]")};
  var base = String(config.base || ".").replace(/\/$/, "") + "/";
  var store = {};
  var waiting = {};
  var index = null;  // meta.js, once loaded
  var latest = 0;

  window.playbookSearch = function (name, data) {
    store[name] = data;
    if (waiting[name]) waiting[name].resolve(data);
  };

  function load(name) {
    if (store[name] !== undefined) return Promise.resolve(store[name]);
    if (!waiting[name]) {
      var handlers = {};
      var promise = new Promise(function (resolve, reject) { handlers.resolve = resolve; handlers.reject = reject; });
      waiting[name] = {promise: promise, resolve: handlers.resolve};
      var script = document.createElement("script");
      script.src = base + "search/" + name + ".js";
      script.onerror = function () { delete waiting[name]; handlers.reject(new Error(name)); };
      document.head.appendChild(script);
    }
    return waiting[name].promise;
  }

  function fold(text) {
    return text.toLowerCase().replace(/[’ʼ]/g, "'").replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss")
      .normalize("NFD").replace(/\p{M}/gu, "");
  }

  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Optimal string alignment distance, stopping early once it exceeds max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var rows = [], i, j;
    for (i = 0; i <= a.length; i++) { rows.push([i]); }
    for (j = 1; j <= b.length; j++) { rows[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      var best = max + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
    }
    return rows[a.length][b.length];
  }

  var CRC = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    CRC.push(c >>> 0);
  }
  var utf8 = new TextEncoder();

  // The file of a key: "p<k>" for a stem, "q<k>" for a phrase ("=..." or "~..."), k from the
  // CRC-32 of its UTF-8 bytes (Python's zlib.crc32).
  function fileOf(key) {
    var h = 0xFFFFFFFF, bytes = utf8.encode(key);
    for (var i = 0; i < bytes.length; i++) h = CRC[(h ^ bytes[i]) & 0xFF] ^ (h >>> 8);
    h = (h ^ 0xFFFFFFFF) >>> 0;
    return /^[=~]/.test(key) ? "q" + (h % index.phrases) : "p" + (h % index.postings);
  }

  function vocabularyFile(length) {
    length = Math.min(length, index.longest);
    return index.lengths.indexOf(length) >= 0 ? "w" + length : null;
  }

  function loadAll(names) {
    var unique = names.filter(function (n, i) { return n && names.indexOf(n) === i; });
    return Promise.all(unique.map(load)).then(function () { return store; });
  }

  function lengthsFor(word, typos) {
    var out = [];
    for (var l = word.length - typos; l <= word.length + typos; l++) out.push(vocabularyFile(l));
    return out;
  }

  // The files where a word not found as it is may be found as a known stem plus an ending.
  function stemLengthsFor(word) {
    var out = [];
    var file = inFile(word.length);
    if (file && (file.w[word] || file.s[word] !== undefined)) return out;
    ENDINGS.forEach(function (e) {
      if (word.length - e.length >= 3 && word.slice(-e.length) === e) out.push(vocabularyFile(word.length - e.length));
    });
    return out;
  }

  function inFile(length) {
    var name = vocabularyFile(length);
    return name ? store[name] : null;
  }

  // The stems a typed word stands for: {stem: 1} exactly, {stem: 0.5} one typo away.
  function expand(word) {
    var found = {}, file = inFile(word.length), exact = null;
    if (file) exact = file.w[word] || (file.s[word] !== undefined ? (file.s[word] || word) : null);
    for (var k = 0; !exact && k < ENDINGS.length; k++) {
      var e = ENDINGS[k];
      if (word.length - e.length >= 3 && word.slice(-e.length) === e) {
        var stemFile = inFile(word.length - e.length), stem = word.slice(0, -e.length);
        if (stemFile && stemFile.s[stem] !== undefined) exact = stemFile.s[stem] || stem;
      }
    }
    if (exact) found[exact] = 1;
    if (word.length >= 5 && !/\d/.test(word)) {  // one typo: words of 5 letters or more, not numbers
      for (var l = word.length - 1; l <= word.length + 1; l++) {
        var near = inFile(l);
        if (!near || l > index.longest) continue;
        Object.keys(near.w).forEach(function (other) {
          var s = near.w[other];
          if (other.length >= 5 && found[s] === undefined && distance(word, other, 1) === 1) found[s] = 0.5;
        });
      }
    }
    return {stems: found, exact: exact};
  }

  // [doc, score, ...] of a key (the files hold gaps between documents).
  function postingsOf(key) {
    var gaps = (store[fileOf(key)] || {})[key];
    if (!gaps) return null;
    var out = [], doc = -1;
    for (var i = 0; i < gaps.length; i += 2) { doc += gaps[i]; out.push(doc, gaps[i + 1]); }
    return out;
  }

  function filtersSet() {
    return selects.kind.value !== "" || selects.collection.value !== "" || selects.tag.value !== "";
  }

  function keep(doc) {
    var f = store.f[doc];
    return (selects.kind.value === "" || f[0] === +selects.kind.value) &&
      (selects.collection.value === "" || f[1] === +selects.collection.value) &&
      (selects.tag.value === "" || f[2].indexOf(+selects.tag.value) >= 0);
  }

  // Ranked document numbers for the folded words of a query.
  function rank(all, words) {
    return loadAll([].concat.apply([], words.map(function (w) { return lengthsFor(w, /\d/.test(w) ? 0 : 1); }))).then(function () {
      return loadAll([].concat.apply([], words.map(stemLengthsFor)));
    }).then(function () {
      var expanded = words.map(expand);
      var keys = ["=" + all.join(" "), "~" + words.map(function (w, i) { return expanded[i].exact || w; }).join(" ")];
      expanded.forEach(function (e) { keys = keys.concat(Object.keys(e.stems)); });
      return loadAll(keys.map(fileOf).concat(filtersSet() ? ["f"] : []))
        .then(function () { return score(keys.slice(0, 2), expanded); });
    });
  }

  function score(phrases, expanded) {
    var total = null, typos = {}, named = {};
    expanded.forEach(function (e) {
      var here = {}, exactHere = {};
      Object.keys(e.stems).forEach(function (stem) {
        var p = postingsOf(stem);
        if (!p) return;
        var idf = Math.log(1 + index.docs / (p.length / 2));
        for (var i = 0; i < p.length; i += 2) {
          var s = p[i + 1] * idf * e.stems[stem];
          if (!(here[p[i]] >= s)) here[p[i]] = s;
          if (e.stems[stem] === 1) exactHere[p[i]] = true;
        }
      });
      if (total === null) {
        total = here;
      } else {
        var next = {};
        Object.keys(total).forEach(function (d) { if (here[d] !== undefined) next[d] = total[d] + here[d]; });
        total = next;
      }
      Object.keys(total).forEach(function (d) { if (!exactHere[d]) typos[d] = (typos[d] || 0) + 1; });
    });
    phrases.forEach(function (key) {
      var p = postingsOf(key) || [];
      for (var i = 0; i < p.length; i += 2) named[p[i]] = Math.max(named[p[i]] || 0, p[i + 1]);
    });
    Object.keys(named).forEach(function (d) { if (total[d] === undefined) total[d] = 0; });
    var docs = Object.keys(total).map(Number);
    if (filtersSet()) docs = docs.filter(keep);
    docs.sort(function (a, b) {
      return (named[b] || 0) - (named[a] || 0) || (typos[a] || 0) - (typos[b] || 0) || total[b] - total[a] || a - b;
    });
    return docs;
  }

  function suggestion(words) {
    return loadAll([].concat.apply([], words.map(function (w) { return lengthsFor(w, /\d/.test(w) ? 0 : 2); }))).then(function () {
      var changed = false;
      var out = words.map(function (word) {
        if (expand(word).exact || /\d/.test(word)) return word;
        var best = null, bestDistance = 3;
        for (var l = word.length - 2; l <= word.length + 2; l++) {
          var file = inFile(l);
          if (!file) continue;
          Object.keys(file.w).forEach(function (other) {
            var d = distance(word, other, 2);
            if (d < bestDistance) { best = other; bestDistance = d; }
          });
        }
        if (best) { changed = true; return best; }
        return word;
      });
      return changed ? out.join(" ") : null;
    });
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function say(text) { meta.textContent = text; }

  function found(count) {
    if (count === 0) return config.translations["search.result.none"];
    if (count === 1) return config.translations["search.result.one"];
    return config.translations["search.result.other"].replace("#", count);
  }

  function spoken(text) {
    var node = document.createElement("span");
    node.className = "pb-sr-only";
    node.textContent = text;
    return node;
  }

  function show(docs) {
    var shown = docs.slice(0, SHOWN);
    var chunks = shown.map(function (d) { return "d" + Math.floor(d / index.docsPerChunk); });
    return loadAll(chunks).then(function () {
      clear(list);
      shown.forEach(function (d) {
        var doc = store["d" + Math.floor(d / index.docsPerChunk)][d % index.docsPerChunk];
        var item = document.createElement("li");
        item.className = "md-search-result__item";
        var link = document.createElement("a");
        link.className = "md-search-result__link";
        link.href = new URL(base + doc[0], window.location.href).href;
        // a <div>, not material's <article>: an article's words do not name the link around it
        var article = document.createElement("div");
        article.className = "md-search-result__article md-typeset";
        // Three lines a reader tells apart: the kind, the title, the summary. A screen reader hears
        // them apart too (« Cas : <titre>. <résumé> »): the punctuation is there for it only.
        var kind = document.createElement("span");
        kind.className = "pb-search__kind";
        kind.textContent = index.kinds[doc[2]][1];
        kind.appendChild(spoken("\u00a0:"));
        var title = document.createElement("span");
        title.className = "pb-search__title";
        title.textContent = doc[1];
        if (!/[.?!…]$/.test(doc[1])) title.appendChild(spoken("."));
        var summary = document.createElement("span");
        summary.className = "pb-search__summary";
        summary.textContent = doc[3];
        article.append(kind, " ", title, " ", summary);
        link.appendChild(article);
        item.appendChild(link);
        list.appendChild(item);
      });
    });
  }

  function offer(text) {
    clear(suggest);
    if (!text) { suggest.hidden = true; return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pb-search__again";
    button.textContent = text;
    button.addEventListener("click", function () { input.value = text; input.focus(); run(); });
    suggest.append("Vouliez-vous dire ", button, "\u202f?");
    suggest.hidden = false;
  }

  // The box's text, cut to QUERY_MAX code points (never inside a surrogate pair); the box shows
  // what is searched.
  function bounded() {
    var text = input.value;
    if (text.length <= QUERY_MAX) return text;
    text = Array.from(text.slice(0, 2 * QUERY_MAX)).slice(0, QUERY_MAX).join("");
    input.value = text;
    return text;
  }

  function run() {
    var ticket = ++latest;
    var all = tokens(bounded()).slice(0, QUERY_WORDS);
    var words = all.filter(function (w) { return w.length > 1 && !STOP.has(w); });
    if (!all.length) {
      clear(list); offer(null);
      say(config.translations["search.result.placeholder"]);
      return Promise.resolve();
    }
    return start().then(function () { return words.length ? rank(all, words) : []; }).then(function (docs) {
      if (ticket !== latest) return null;
      return show(docs).then(function () {
        if (ticket !== latest) return null;
        say(found(docs.length));
        if (docs.length || !words.length) { offer(null); return null; }
        return suggestion(words).then(function (text) {
          if (!text || ticket !== latest) return text && offer(null);
          return rank(tokens(text), tokens(text).filter(function (w) { return w.length > 1 && !STOP.has(w); }))
            .then(function (again) { if (ticket === latest) offer(again.length ? text : null); });
        });
      });
    }).catch(function () {
      if (ticket === latest) say("La recherche n’a pas pu charger son index.");
    });
  }

  function fill(select, values) {
    values.forEach(function (label, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = label;
      select.appendChild(option);
    });
  }

  function start() {
    if (index) return Promise.resolve(index);
    return load("meta").then(function (data) {
      if (!index) {
        index = data;
        fill(selects.kind, data.kinds.map(function (k) { return k[1]; }));
        fill(selects.collection, data.collections.map(function (c) { return c[1]; }));
        fill(selects.tag, data.tags);
      }
      return index;
    });
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    start().catch(function () { say("La recherche n’a pas pu charger son index."); });
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  function results() { return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")); }

  var timer = null;
  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
  box.querySelector("form").addEventListener("reset", function () { setTimeout(run, 0); });
  // The folded filters say how many are on, so a reader who closed them still knows.
  var filtersCount = box.querySelector(".pb-search__filters-count");
  function countFilters() {
    if (!filtersCount) return;
    var on = Object.keys(selects).filter(function (name) { return selects[name].value !== ""; }).length;
    filtersCount.textContent = on ? "(" + on + " actif" + (on > 1 ? "s" : "") + ")" : "";
  }
  Object.keys(selects).forEach(function (name) {
    selects[name].addEventListener("change", function () {
      countFilters();
      if (index) { run(); } else { start().then(run); }
    });
  });
  box.addEventListener("keydown", function (event) {
    var links = results(), at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault(); close();
    } else if (event.key === "ArrowDown" && (document.activeElement === input || at >= 0)) {
      event.preventDefault();
      if (links[at + 1]) links[at + 1].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (event.key === "Enter" && document.activeElement === input) {
      event.preventDefault();
      clearTimeout(timer);
      run().then(function () {
        var first = results()[0];
        if (first) window.location.href = first.href;
      });
    }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  if (toggle) {
    toggle.addEventListener("change", function () { if (toggle.checked) { input.focus(); } });
  }
  // For scripts/bench.py: run a query as if typed, without the keystrokes' delay.
  window.playbookSearch.query = function (text) { input.value = text; return run(); };
})();
