// @ts-check
/* Playbook Relation Client: the search box of the header (partials/search.html).
 *
 * Nothing is downloaded until the reader starts a search (focus on the box or a shortcut: "/",
 * "s" or "f"). The index, written by the build (plugins/playbook/core/search.py), is a set of
 * small scripts under search/ that call playbookSearch(name, data); they are loaded with <script>
 * elements, which also works from file:// (the offline copy), where fetch() is refused.
 *
 * The engine (analysis, ranking, suggestions, passages) is playbook-search-core.js; this file
 * draws what it finds: the results (kind, title, summary, and a passage with the words found
 * marked), « Résultats pour une partie de vos mots » and the words set aside when no entry has
 * them all, « Vouliez-vous dire … ? » when none has any, and « Signaler cette recherche » (a
 * prefilled issue, like « Signaler une erreur ») when a search found little and the site has a
 * repository. Entry text only ever reaches the page as text nodes: nothing is parsed as HTML.
 */
(function () {
  "use strict";
  var SHOWN = 20;
  // A query is at most QUERY_MAX code points: a huge paste is cut (the box's maxlength, and here
  // again for a value set otherwise), so no query can block the tab; the engine reads its first
  // words only (PlaybookSearchCore.QUERY_WORDS).
  var QUERY_MAX = 200;
  var FEW = 3;  // fewer results than this: the search may be reported
  var QUERY_MARK = "{requête}", RESULTS_MARK = "{résultats}", PAGE_MARK = "{page}";  // core/living.py
  // GitHub refuses an address of about 8 KB: as « Signaler une erreur » (report-link.js), the report
  // link is offered only when its whole encoded address stays under this.
  var REPORT_URL_MAX = 8000;
  var configNode = document.getElementById("__config");
  /** @type {{ base?: unknown, translations: { [key: string]: string } }} mkdocs-material's page settings */
  var config = JSON.parse((configNode && configNode.textContent) || "{}");
  var box = document.querySelector(".pb-search");
  if (!(box instanceof HTMLElement)) return;
  // The box's parts (partials/search.html); a theme without one of them gets no search box.
  var parts = {
    input: box.querySelector("input.md-search__input"), meta: box.querySelector(".md-search-result__meta"),
    list: box.querySelector(".md-search-result__list"), suggest: box.querySelector(".pb-search__suggest"),
    form: box.querySelector("form"), kind: box.querySelector("select[name=pb-kind]"),
    collection: box.querySelector("select[name=pb-collection]"), tag: box.querySelector("select[name=pb-tag]")
  };
  if (!(parts.input instanceof HTMLInputElement) || !parts.meta || !parts.list ||
      !(parts.suggest instanceof HTMLElement) || !parts.form ||
      !parts.suggest.parentNode || !(parts.kind instanceof HTMLSelectElement) ||
      !(parts.collection instanceof HTMLSelectElement) || !(parts.tag instanceof HTMLSelectElement)) return;
  var input = parts.input;
  input.maxLength = QUERY_MAX;
  var meta = parts.meta;
  var list = parts.list;
  var suggest = parts.suggest;
  var form = parts.form;
  var note = document.createElement("p");  // partial results, the report link
  note.className = "pb-search__note";
  note.hidden = true;
  parts.suggest.parentNode.insertBefore(note, suggest);
  var toggleNode = document.getElementById("__search");
  var toggle = toggleNode instanceof HTMLInputElement ? toggleNode : null;
  /** @type {Object<string, HTMLSelectElement>} */
  var selects = {kind: parts.kind, collection: parts.collection, tag: parts.tag};
  var base = String(config.base || ".").replace(/\/$/, "") + "/";
  /** @type {{ [name: string]: unknown }} the files of the index loaded, by name */
  var store = {};
  /** @type {{ [name: string]: { promise: Promise<unknown>, resolve: (data: unknown) => void } }} */
  var waiting = {};
  /** @type {SearchEngine | null} made by start() */
  var engine = null;
  var latest = 0;

  window.playbookSearch = function (name, data) {
    store[name] = data;
    if (waiting[name]) waiting[name].resolve(data);
  };

  /** @param {string} name @returns {Promise<unknown>} */
  function load(name) {
    if (store[name] !== undefined) return Promise.resolve(store[name]);
    if (!waiting[name]) {
      // filled by the promise's executor, which runs at once
      var handlers = /** @type {{ resolve: (data: unknown) => void, reject: (error: Error) => void }} */ ({});
      var promise = new Promise(function (resolve, reject) { handlers.resolve = resolve; handlers.reject = reject; });
      waiting[name] = {promise: promise, resolve: handlers.resolve};
      var script = document.createElement("script");
      script.src = base + "search/" + name + ".js";
      script.onerror = function () { delete waiting[name]; handlers.reject(new Error(name)); };
      document.head.appendChild(script);
    }
    return waiting[name].promise;
  }

  function core() { return window.PlaybookSearchCore; }

  /** @param {string[]} names */
  function loadEach(names) {
    return Promise.all(names.filter(function (n, i) { return names.indexOf(n) === i; }).map(load));
  }

  function filtersSet() {
    return selects.kind.value !== "" || selects.collection.value !== "" || selects.tag.value !== "";
  }

  // Keeps an entry by its facets (f.js: kind, collection, tags) and the filters chosen.
  /** @param {SearchFacets} facets @returns {boolean} */
  function keep(facets) {
    return (selects.kind.value === "" || facets[0] === +selects.kind.value) &&
      (selects.collection.value === "" || facets[1] === +selects.collection.value) &&
      (selects.tag.value === "" || facets[2].indexOf(+selects.tag.value) >= 0);
  }

  /** @returns {SearchOptions} */
  function options() { return filtersSet() ? {keep: keep} : {}; }

  /** @param {Node} node */
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /** @param {string} text */
  function say(text) { meta.textContent = text; }

  /** @param {number} count @returns {string} */
  function found(count) {
    if (count === 0) return config.translations["search.result.none"];
    if (count === 1) return config.translations["search.result.one"];
    return config.translations["search.result.other"].replace("#", String(count));
  }

  // Text with the words a query matched in <mark>: text nodes only, never markup.
  /** @template {Node} N @param {N} node @param {SearchPart[]} parts @returns {N} */
  function marked(node, parts) {
    parts.forEach(function (part) {
      if (part.hit) {
        var mark = document.createElement("mark");
        mark.textContent = part.text;
        node.appendChild(mark);
      } else {
        node.appendChild(document.createTextNode(part.text));
      }
    });
    return node;
  }

  /** @param {string} className */
  function span(className) {
    var node = document.createElement("span");
    node.className = className;
    return node;
  }

  // Punctuation for screen readers only: they hear the lines of a result apart.
  /** @param {string} text */
  function spoken(text) {
    var node = span("pb-sr-only");
    node.textContent = text;
    return node;
  }

  /** @param {SearchOutcome} outcome @returns {Promise<void>} */
  function show(outcome) {
    var meta0 = /** @type {SearchEngine} */ (engine).meta, shown = outcome.docs.slice(0, SHOWN), hit = core().highlighter(outcome, meta0.related);
    /** @param {number} d @returns {SearchDoc} */
    function docOf(d) {
      return /** @type {SearchDoc[]} */ (store["d" + Math.floor(d / meta0.docsPerChunk)])[d % meta0.docsPerChunk];
    }
    /** @param {number} d */
    function needs(d) { return !core().marks(docOf(d)[3], hit).some(function (p) { return p.hit; }); }
    // the documents first, then the passages of those whose summary lacks the words found
    return loadEach(shown.map(function (d) { return "d" + Math.floor(d / meta0.docsPerChunk); })).then(function () {
      return loadEach(shown.filter(needs).map(function (d) { return "e" + Math.floor(d / meta0.excerptsPerChunk); }));
    }).then(function () {
      clear(list);
      shown.forEach(function (d) {
        var doc = docOf(d);
        var excerpts = /** @type {string[][] | undefined} */ (store["e" + Math.floor(d / meta0.excerptsPerChunk)]);
        var lines = (excerpts || [])[d % meta0.excerptsPerChunk] || [];
        var item = document.createElement("li");
        item.className = "md-search-result__item";
        var link = document.createElement("a");
        link.className = "md-search-result__link";
        link.href = new URL(base + doc[0], window.location.href).href;
        // a <div>, not material's <article>: an article's words do not name the link around it
        var article = document.createElement("div");
        article.className = "md-search-result__article md-typeset";
        // Lines a reader tells apart: the kind, the title, the summary, and, when the summary does
        // not have the words found, the passage that does (« Cas : <titre>. <résumé> <passage> »
        // for a screen reader: the punctuation is there for it only).
        var kind = span("pb-search__kind");
        kind.textContent = meta0.kinds[doc[2]][1];
        kind.appendChild(spoken("\u00a0:"));
        var title = marked(span("pb-search__title"), core().marks(doc[1], hit));
        if (!/[.?!…]$/.test(doc[1])) title.appendChild(spoken("."));
        var summaryParts = core().marks(doc[3], hit);
        var summary = marked(span("pb-search__summary"), summaryParts);
        article.append(kind, " ", title, " ", summary);
        if (!summaryParts.some(function (p) { return p.hit; })) {
          var parts = core().passage(lines, hit, 160);
          if (parts) article.append(" ", marked(span("pb-search__passage"), parts));
        }
        link.appendChild(article);
        item.appendChild(link);
        if (doc[4]) {  // an entry « Ma séance » can hold: added in one click (assets/trainers.js)
          var add = document.createElement("button");
          add.type = "button";
          add.className = "md-button pb-action pb-action--session-add pb-action--in-results";
          add.setAttribute("data-pb-entry", doc[4]);
          add.textContent = "Ajouter à ma séance";
          item.appendChild(add);
        }
        list.appendChild(item);
      });
      document.dispatchEvent(new CustomEvent("playbook:results"));  // the buttons say what is in the session
    });
  }

  // « Vouliez-vous dire a, b ou c ? »: each a button that runs that search.
  /** @param {string[] | null} texts */
  function offer(texts) {
    clear(suggest);
    if (!texts || !texts.length) { suggest.hidden = true; return; }
    suggest.append("Vouliez-vous dire ");
    texts.forEach(function (text, i) {
      if (i) suggest.append(i === texts.length - 1 ? " ou " : ", ");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pb-search__again";
      button.textContent = text;
      button.addEventListener("click", function () { input.value = text; input.focus(); run(); });
      suggest.appendChild(button);
    });
    suggest.append("\u202f?");  // the pages' typography: a narrow no-break space before « ? »
    suggest.hidden = false;
  }

  /** @param {string[]} words */
  function quoted(words) {
    return words.map(function (w) { return "«\u00a0" + w + "\u00a0»"; }).join(", ");
  }

  // The prefilled issue of a search that found little (meta.js "report", from core/living.py); the
  // page is named without its query string (a link's parameters are not what the reader searched,
  // and are unbounded); null when there is no form or the address would be too long for GitHub.
  /** @param {string} text @param {SearchOutcome} outcome @returns {string | null} */
  function reportHref(text, outcome) {
    var form = /** @type {SearchEngine} */ (engine).meta.report;
    if (!form) return null;
    var results = outcome.docs.length === 0 ? "aucun" : outcome.docs.length + (outcome.partial ?
      " (pour une partie des mots\u202f; mis de côté\u00a0: " + outcome.setAside.join(", ") + ")" : "");
    var page = window.location.href.split(/[?#]/)[0];
    /** @param {string} template */
    function fill(template) {  // split and join: no replacement pattern ($&, $') is ever expanded
      return template.split(QUERY_MARK).join(text).split(RESULTS_MARK).join(results)
        .split(PAGE_MARK).join(page);
    }
    var url = new URL(form.url);
    url.searchParams.set("title", fill(form.title));
    url.searchParams.set("body", fill(form.body));
    return url.href.length <= REPORT_URL_MAX ? url.href : null;
  }

  // Under the count: which words were set aside, and the way back to the contributors.
  /** @param {string} text @param {SearchOutcome} outcome */
  function explain(text, outcome) {
    clear(note);
    if (outcome.partial) {
      var strong = document.createElement("strong");
      strong.textContent = "Résultats pour une partie de vos mots";
      note.append(strong, "\u00a0: " + quoted(outcome.setAside) + " mis de côté.");
    }
    var little = outcome.words.length && (outcome.partial || outcome.docs.length < FEW);
    var href = little ? reportHref(text, outcome) : null;
    if (href) {
      if (note.firstChild) note.append(" ");
      var link = document.createElement("a");
      link.className = "pb-report pb-search__report";
      link.href = href;
      link.textContent = "Signaler cette recherche";
      note.append(link, " aux rédacteurs du playbook (ouvre une demande préremplie, rien n’est envoyé sans vous).");
    }
    note.hidden = !note.firstChild;
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

  /** @returns {Promise<unknown>} */
  function run() {
    var ticket = ++latest;
    var text = bounded();
    if (!core().tokens(text).length) {
      clear(list); offer(null); clear(note); note.hidden = true;
      say(config.translations["search.result.placeholder"]);
      return Promise.resolve();
    }
    return start().then(function () {
      return /** @type {SearchEngine} */ (engine).search(text, options());
    }).then(function (outcome) {
      if (ticket !== latest) return null;
      return show(outcome).then(function () {
        if (ticket !== latest) return null;
        say(found(outcome.docs.length));
        explain(text, outcome);
        if (outcome.docs.length || !outcome.words.length) { offer(null); return null; }
        return /** @type {SearchEngine} */ (engine).suggest(text, options()).then(function (texts) { if (ticket === latest) offer(texts); });
      });
    }).catch(function () {
      if (ticket === latest) say("La recherche n’a pas pu charger son index.");
    });
  }

  /** @param {HTMLSelectElement} select @param {string[]} values */
  function fill(select, values) {
    values.forEach(function (label, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = label;
      select.appendChild(option);
    });
  }

  /** @returns {Promise<SearchMeta>} */
  function start() {
    if (!engine) engine = new (core().Engine)(load);
    var first = !engine.meta;
    return engine.start().then(function (data) {
      if (first && !selects.kind.options[1]) {
        fill(selects.kind, data.kinds.map(function (k) { return k[1]; }));
        fill(selects.collection, data.collections.map(function (c) { return c[1]; }));
        fill(selects.tag, data.tags);
      }
      return data;
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

  /** @returns {HTMLAnchorElement[]} */
  function results() { return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link")); }

  /** @type {number | undefined} */
  var timer;
  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); });
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
      start().then(run);
    });
  });
  box.addEventListener("keydown", function (event) {
    var links = results(), at = links.findIndex(function (link) { return link === document.activeElement; });
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
    var target = event.target instanceof HTMLElement ? event.target : null;
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  if (toggle) {
    var searchToggle = toggle;
    searchToggle.addEventListener("change", function () { if (searchToggle.checked) { input.focus(); } });
  }
  // For scripts/bench.py and scripts/relevance.py: run a query as if typed, without the keystrokes' delay.
  window.playbookSearch.query = function (text) { input.value = text; return run(); };
})();
