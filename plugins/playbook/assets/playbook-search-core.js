// @ts-check
/* Playbook Relation Client: the search engine, without the page (playbook-search.js draws it).
 *
 * Pure functions over the index the build writes under search/ (plugins/playbook/core/search.py):
 * query analysis, ranking, suggestions and passages. The files come through a load(name) function
 * given to Engine (in the page: <script> elements; in Node's tests: the files themselves), so this
 * file runs unchanged in both: a classic script that defines window.PlaybookSearchCore, or a
 * CommonJS module (tests/js/search-core.test.js, node --test).
 *
 * Query analysis is the indexer's (core/search_text.py): NFC, lower case, cut on anything but
 * letters and digits, accents and ligatures folded, stop words (shipped in meta.js) and single
 * letters dropped; tests/vectors/search-analysis.json holds the cases both must agree on.
 *
 * Ranking: an entry named by the query (its id, alias or title typed in full, or « loi 5 ») first;
 * then by how many of the query's words the entry matches (all first), then entries matched
 * through a typo after those that are not, then by score (field weights and rarity, from the
 * index; the index already gives lower scores to matches through a word's family or the
 * thesaurus). A word the entry does not use may still match as a known stem plus a French ending
 * (the browser never stems), or one typo away in words of 5 letters or more.
 */
(/** @param {Window} root @param {() => PlaybookSearchCoreApi} factory */ function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.PlaybookSearchCore = factory();
}(/** @type {Window} */ (typeof self !== "undefined" ? self : this), function () {
  "use strict";

  // -- analysis --------------------------------------------------------------------------------
  /** @type {Object<string, string>} */
  var LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"};
  var QUERY_WORDS = 12;  // a query's tokens beyond these are ignored

  /** @param {string} token @returns {string} */
  function fold(token) {
    return token.toLowerCase().replace(/[œæß]/g, function (c) { return LIGATURES[c]; })
      .normalize("NFD").replace(/\p{M}/gu, "");
  }

  /** @param {string} text @returns {string[]} */
  function tokens(text) {
    return text.normalize("NFC").toLowerCase().replace(/\u02bc/g, "'").match(/[\p{L}\p{N}]+/gu) || [];
  }

  // A word's length as the indexer counts it (Python's len(): code points), not in UTF-16 units
  // (a letter outside the BMP, such as a mathematical bold letter pasted from a social network,
  // is one, not two): the vocabulary files are named by it.
  /** @param {string} word @returns {number} */
  function size(word) {
    var n = 0;
    for (var i = 0; i < word.length; i++) {
      var unit = word.charCodeAt(i);
      if (unit < 0xDC00 || unit > 0xDFFF) n++;  // a low surrogate ends a character already counted
    }
    return n;
  }

  // Whether a folded token is searched: not a stop word, not a single letter (a single decimal
  // digit, of any script, is a word: « loi 5 »). The indexer's is_word.
  /** @param {string} folded @param {Set<string>} stop @returns {boolean} */
  function isWord(folded, stop) {
    return (size(folded) > 1 || /^\p{Nd}$/u.test(folded)) && !stop.has(folded);
  }

  // The searchable words of a text, folded: what the indexer keeps of the same text.
  /** @param {string} text @param {Set<string>} stop @returns {string[]} */
  function words(text, stop) {
    return tokens(text).map(fold).filter(function (w) { return isWord(w, stop); });
  }

  // « loi 5 », « la loi n° 5 », « 5e loi », « cinquième loi »: a kind's name and a rank.
  /** @type {Object<string, number>} */
  var ORDINALS = {premier: 1, premiere: 1, "1er": 1, "1re": 1, "1ere": 1, second: 2, seconde: 2, deuxieme: 2,
    troisieme: 3, quatrieme: 4, cinquieme: 5, sixieme: 6, septieme: 7, huitieme: 8, neuvieme: 9, dixieme: 10};
  /** @type {Object<string, number>} */
  var NUMBER_WORDS = {n: 1, no: 1, num: 1, numero: 1};

  // The rank a query names and the words around it, or null: one number (after its word, or an
  // ordinal anywhere), one or two other words.
  /** @param {string[]} folded @param {Set<string>} stop @returns {{ number: number, words: string[] } | null} */
  function reference(folded, stop) {
    /** @type {number | null} */
    var number = null;
    /** @type {string[]} */
    var before = [];
    /** @type {string[]} */
    var after = [];
    var ordinal = false;
    for (var i = 0; i < folded.length; i++) {
      var t = folded[i], m = /^(\d{1,3})(?:e|eme|er|re|ere)$/.exec(t);
      if (NUMBER_WORDS[t] || stop.has(t)) continue;
      if (ORDINALS[t] || m) {
        if (number !== null) return null;
        number = ORDINALS[t] || +(m ? m[1] : 0);
        ordinal = true;
      } else if (/^\d{1,3}$/.test(t)) {
        if (number !== null) return null;
        number = +t;
      } else if (number === null) {
        before.push(t);
      } else {
        after.push(t);
      }
    }
    var named = ordinal ? before.concat(after) : before;
    if (number === null || !named.length || named.length > 2 || (!ordinal && after.length)) return null;
    return {number: number, words: named};
  }

  // -- edit distance, CRC-32 -------------------------------------------------------------------
  // Optimal string alignment distance, stopping early once it exceeds max.
  /** @param {string} a @param {string} b @param {number} max @returns {number} */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    /** @type {number[][]} */
    var rows = [];
    var i, j;
    for (i = 0; i <= a.length; i++) rows.push([i]);
    for (j = 1; j <= b.length; j++) rows[0][j] = j;
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

  /** @type {number[]} */
  var CRC = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    CRC.push(c >>> 0);
  }

  /** @type {TextEncoder | null} */
  var utf8 = null;

  // The standard CRC-32 of a text's UTF-8 bytes (Python's zlib.crc32).
  /** @param {string} text @returns {number} */
  function crc32(text) {
    utf8 = utf8 || new TextEncoder();
    var h = 0xFFFFFFFF, bytes = utf8.encode(text);
    for (var i = 0; i < bytes.length; i++) h = CRC[(h ^ bytes[i]) & 0xFF] ^ (h >>> 8);
    return (h ^ 0xFFFFFFFF) >>> 0;
  }

  // -- the engine ------------------------------------------------------------------------------
  // French endings (folded): a typed word that is a known stem plus one of them belongs to that
  // stem's family (Snowball's suffixes and the verbs' endings). The shortest ending, so the longest
  // known stem, wins: « motivés » is « motiv » + « es », not « mot » (a word) + « ives ».
  var ENDINGS = ("issements issement issantes issante issants issant isations isation atrices atrice ateurs ateur " +
    "ements ement ations ation ements ences ence ances ance ismes isme istes iste ables able ibles ible ites ite " +
    "ives ive ifs if euses euse eux ees ee es er ez ant ants ante antes ent ons ait aient ais erent era erai eront " +
    "erait eraient iez ions ir is it ie ies e s x").split(" ").sort(function (a, b) { return a.length - b.length; });
  var TYPO = 0.5;  // weight of a word one typo away

  /** The list's truthy members, each once. @template T @param {T[]} list @returns {Array<NonNullable<T>>} */
  function unique(list) {
    return /** @type {Array<NonNullable<T>>} */ (list.filter(function (x, i) { return x && list.indexOf(x) === i; }));
  }

  // map[key] when `map` has `key` as its own: the index's files are plain objects parsed from
  // JSON, and a typed word such as « constructor » must not be found through their prototype.
  // The maps built here, keyed by words or stems, have no prototype (Object.create(null)).
  /** @template V @param {{ [key: string]: V } | null | undefined} map @param {string} key @returns {V | undefined} */
  function own(map, key) {
    return map != null && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  // An engine over one index; load(name) gives a promise of the data of search/<name>.js.
  /** @constructor @param {SearchLoad} load */
  function Engine(load) {
    this.load = load;
    /** @type {{ [name: string]: unknown }} the files loaded, by name */
    this.store = {};
    // null until start() resolves; every method but start() and get() runs after it
    /** @type {SearchMeta} */
    this.meta = /** @type {SearchMeta} */ (/** @type {unknown} */ (null));
    /** @type {Set<string>} */
    this.stop = new Set();
  }

  /** @returns {Promise<SearchMeta>} */
  Engine.prototype.start = function () {
    var self = this;
    if (self.meta) return Promise.resolve(self.meta);
    return self.get(["meta"]).then(function () {
      self.meta = /** @type {SearchMeta} */ (self.store.meta);
      self.stop = new Set(self.meta.stop);
      return self.meta;
    });
  };

  // Loads the files not loaded yet; resolves when all are there.
  /** @param {Array<string | null>} names (null: no such file) @returns {Promise<void[]>} */
  Engine.prototype.get = function (names) {
    var self = this;
    return Promise.all(unique(names).filter(function (name) { return self.store[name] === undefined; })
      .map(function (name) { return self.load(name).then(function (data) { self.store[name] = data; }); }));
  };

  /** @param {number} length @returns {string | null} */
  Engine.prototype.vocabularyFile = function (length) {
    length = Math.min(length, this.meta.longest);
    return this.meta.lengths.indexOf(length) >= 0 ? "w" + length : null;
  };

  /** @param {number} length @returns {SearchVocabulary | null | undefined} */
  Engine.prototype.inFile = function (length) {
    var name = this.vocabularyFile(length);
    return name ? /** @type {SearchVocabulary | null | undefined} */ (this.store[name]) : null;
  };

  // The file of a key: "p<k>" for a stem, "q<k>" for a phrase ("=…", "~…" or "#…").
  /** @param {string} key @returns {string} */
  Engine.prototype.fileOf = function (key) {
    var h = crc32(key);
    return /^[=~#]/.test(key) ? "q" + (h % this.meta.phrases) : "p" + (h % this.meta.postings);
  };

  // [doc, score, ...] of a key (the files hold gaps between documents).
  /** @param {string} key @returns {number[]} */
  Engine.prototype.postings = function (key) {
    var gaps = own(/** @type {SearchPostings | null | undefined} */ (this.store[this.fileOf(key)]), key);
    if (!gaps) return [];
    /** @type {number[]} */
    var out = [];
    var doc = -1;
    for (var i = 0; i < gaps.length; i += 2) { doc += gaps[i]; out.push(doc, gaps[i + 1]); }
    return out;
  };

  // The vocabulary files a word may be found in: its length (and one more or less for a typo),
  // and the lengths of the stems it may be made of.
  /** @param {string} word @param {number} typos @returns {Array<string | null>} */
  Engine.prototype.filesFor = function (word, typos) {
    /** @type {Array<string | null>} */
    var out = [];
    if (/\d/.test(word)) typos = 0;
    var n = size(word);
    for (var l = n - typos; l <= n + typos; l++) out.push(this.vocabularyFile(l));
    var self = this;
    ENDINGS.forEach(function (e) {
      if (n - e.length >= 3 && word.slice(-e.length) === e) out.push(self.vocabularyFile(n - e.length));
    });
    return out;
  };

  // The stem a typed word stands for exactly (its own, or a known stem plus an ending), or null.
  /** @param {string} word @returns {string | null} */
  Engine.prototype.exactStem = function (word) {
    var n = size(word), file = this.inFile(n);
    if (file && own(file.w, word) !== undefined) return file.w[word];
    if (file && own(file.s, word) !== undefined) return file.s[word] || word;
    for (var k = 0; k < ENDINGS.length; k++) {
      var e = ENDINGS[k];
      if (n - e.length >= 3 && word.slice(-e.length) === e) {
        var stemFile = this.inFile(n - e.length), stem = word.slice(0, -e.length);
        if (stemFile && own(stemFile.s, stem) !== undefined) return stemFile.s[stem] || stem;
      }
    }
    return null;
  };

  // What a typed word matches: {stems: {stem: weight}, exact: stem|null, near: [forms one typo away]}.
  /** @param {string} word @returns {SearchSlot} */
  Engine.prototype.expand = function (word) {
    /** @type {{ [stem: string]: number }} */
    var found = Object.create(null);
    /** @type {string[]} */
    var near = [];
    var exact = this.exactStem(word);
    if (exact) found[exact] = 1;
    var n = size(word);
    if (n >= 5 && !/\d/.test(word)) {  // one typo: words of 5 letters or more, not numbers
      for (var l = n - 1; l <= n + 1; l++) {
        var file = l <= this.meta.longest ? this.inFile(l) : null;
        if (!file) continue;
        var forms = file.w;
        Object.keys(forms).forEach(function (other) {
          var s = forms[other];
          if (size(other) >= 5 && found[s] === undefined && distance(word, other, 1) === 1) {
            found[s] = TYPO;
            near.push(other);
          }
        });
      }
    }
    return {word: word, stems: found, exact: exact, near: near};
  };

  // The analysis of a query: its folded tokens (at most QUERY_WORDS) and searchable words.
  /** @param {string} text @returns {SearchQuery} */
  Engine.prototype.analyse = function (text) {
    var stop = this.stop;
    var all = tokens(text).slice(0, QUERY_WORDS).map(fold);
    return {tokens: all, words: all.filter(function (w) { return isWord(w, stop); })};
  };

  // Ranks the entries for a query. options.keep(facets) keeps an entry by its kind, collection and
  // tags (f.js). Resolves to {docs, words, matched: {doc: words}, partial, setAside, unmatched,
  // slots} (docs best first; setAside: the words the first result does not match when no entry
  // matches them all; unmatched: the words no entry matches).
  /** @param {string} text @param {SearchOptions} [options] @returns {Promise<SearchOutcome>} */
  Engine.prototype.search = function (text, options) {
    var self = this, keep = options && options.keep;
    return self.start().then(/** @returns {SearchOutcome | Promise<SearchOutcome>} */ function () {
      var query = self.analyse(text);
      if (!query.words.length) return {docs: [], words: [], tokens: query.tokens, partial: false, setAside: [], unmatched: [], slots: []};
      /** @type {Array<string | null>} */
      var files = [];
      query.words.forEach(function (w) { files = files.concat(self.filesFor(w, 1)); });
      return self.get(files).then(function () {
        var slots = query.words.map(function (w) { return self.expand(w); });
        self.multiword(slots);
        var keys = self.phraseKeys(query, slots);
        var names = keys.map(function (k) { return self.fileOf(k); });
        slots.forEach(function (s) { Object.keys(s.stems).forEach(function (k) { names.push(self.fileOf(k)); }); });
        if (keep) names.push("f");
        return self.get(names).then(function () { return self.rank(query, slots, keys, keep); });
      });
    });
  };

  // A thesaurus source of several words (meta.multiword, stems joined by spaces) typed as
  // consecutive words adds its key to each of them.
  /** @param {SearchSlot[]} slots */
  Engine.prototype.multiword = function (slots) {
    var stems = slots.map(function (s) { return s.exact || s.word; });
    (this.meta.multiword || []).forEach(function (key) {
      var parts = key.split(" ");
      for (var i = 0; i + parts.length <= stems.length; i++) {
        if (parts.every(function (p, j) { return stems[i + j] === p; })) {
          for (var j = 0; j < parts.length; j++) slots[i + j].stems[key] = 1;
        }
      }
    });
  };

  // The keys that name entries: every word typed ("="), their stems ("~"), a rank ("#").
  /** @param {SearchQuery} query @param {SearchSlot[]} slots @returns {string[]} */
  Engine.prototype.phraseKeys = function (query, slots) {
    var keys = ["=" + query.tokens.join(" "), "~" + slots.map(function (s) { return s.exact || s.word; }).join(" ")];
    var ref = reference(query.tokens, this.stop);
    if (ref) {
      var number = ref.number;
      ref.words.forEach(function (w) {
        var slot = slots.filter(function (s) { return s.word === w; })[0];
        keys.push("#" + ((slot && slot.exact) || w) + " " + number);
      });
    }
    return keys;
  };

  // A word found in more than this share of the entries (« client » in a customer-service
  // playbook) tells entries apart by its score only: it does not count among the words matched.
  var COMMON = 0.5;

  // Typed arrays, one cell per document: a query over thousands of documents stays fast.
  /** @param {SearchQuery} query @param {SearchSlot[]} slots @param {string[]} keys
   * @param {SearchOptions["keep"]} keep @returns {SearchOutcome} */
  Engine.prototype.rank = function (query, slots, keys, keep) {
    var self = this, docs = self.meta.docs;
    var total = new Float64Array(docs), count = new Uint8Array(docs), typos = new Uint8Array(docs);
    var named = new Uint8Array(docs), mask = new Uint16Array(docs), seen = new Uint8Array(docs);
    var here = new Float64Array(docs), exact = new Uint8Array(docs);
    /** @type {number[]} */
    var list = [];
    var perSlot = slots.map(function (slot) {
      /** @type {number[]} */
      var touched = [];
      Object.keys(slot.stems).forEach(function (stem) {
        var p = self.postings(stem);
        if (!p.length) return;
        var idf = Math.log(1 + docs / (p.length / 2)), weight = slot.stems[stem];
        for (var i = 0; i < p.length; i += 2) {
          var d = p[i], s = p[i + 1] * idf * weight;
          if (here[d] === 0) touched.push(d);
          if (here[d] < s) here[d] = s;
          if (weight === 1) exact[d] = 1;
        }
      });
      var found = {docs: touched, scores: touched.map(function (d) { return here[d]; }),
        exact: touched.map(function (d) { return exact[d]; })};
      touched.forEach(function (d) { here[d] = 0; exact[d] = 0; });
      return found;
    });
    var common = perSlot.map(function (s) { return s.docs.length > docs * COMMON; });
    if (common.every(Boolean)) common = common.map(function () { return false; });
    var counted = common.filter(function (c) { return !c; }).length;
    perSlot.forEach(function (slot, index) {
      for (var i = 0; i < slot.docs.length; i++) {
        var d = slot.docs[i];
        if (!seen[d]) { seen[d] = 1; list.push(d); }
        total[d] += slot.scores[i];
        if (!common[index]) count[d] += 1;
        mask[d] |= 1 << index;
        if (!slot.exact[i]) typos[d] += 1;
      }
    });
    keys.forEach(function (key) {
      var p = self.postings(key);
      for (var i = 0; i < p.length; i += 2) {
        var d = p[i];
        if (!seen[d]) { seen[d] = 1; list.push(d); }
        if (named[d] < p[i + 1]) named[d] = p[i + 1];
      }
    });
    if (keep) {
      var facets = /** @type {SearchFacets[]} */ (self.store.f), keepIt = keep;
      list = list.filter(function (d) { return keepIt(facets[d]); });
    }
    // Entries that have only words most entries have are no answer when others have more.
    if (list.some(function (d) { return count[d] > 0; })) {
      list = list.filter(function (d) { return count[d] > 0 || named[d]; });
    }
    list.sort(function (a, b) {
      return named[b] - named[a] || count[b] - count[a] || typos[a] - typos[b] || total[b] - total[a] || a - b;
    });
    var first = list[0], words = slots.map(function (s) { return s.word; });
    var partial = first !== undefined && !named[first] && count[first] < counted;
    /** @param {number} d @param {number} index */
    function has(d, index) { return (mask[d] >> index) & 1; }
    return {
      docs: list,
      words: words,
      tokens: query.tokens,
      slots: slots,
      partial: partial,
      setAside: partial ? words.filter(function (w, i) { return !common[i] && !has(first, i); }) : [],
      unmatched: words.filter(function (w, i) { return !perSlot[i].docs.length; })
    };
  };

  // -- suggestions -----------------------------------------------------------------------------
  // How far a suggestion may be from a typed word: one typo from 4 letters, two from 6 (and then
  // the same first letter: a word two typos away that starts otherwise is another word).
  /** @param {string} word @returns {number} */
  function reach(word) {
    var n = size(word);
    return n >= 6 ? 2 : n >= 4 ? 1 : 0;
  }

  // Up to `count` queries close to one that found nothing, each a real query: the words of the
  // index nearest to each word typed (fewer typos first, then the more frequent word), and only
  // those that find something. Resolves to a list of texts.
  /** @param {string} text @param {SearchOptions} [options] @param {number} [count] @returns {Promise<string[]>} */
  Engine.prototype.suggest = function (text, options, count) {
    var self = this, limit = count || 3;
    return self.start().then(function () {
      var query = self.analyse(text);
      /** @type {Array<string | null>} */
      var files = [];
      query.words.forEach(function (w) { files = files.concat(self.filesFor(w, reach(w))); });
      return self.get(files).then(function () {
        var choices = query.words.map(function (word) {
          if (self.exactStem(word) || /\d/.test(word) || !reach(word)) return [word];
          /** @type {Array<{ word: string, stem: string, d: number, rank: number }>} */
          var near = [];
          for (var l = size(word) - reach(word); l <= size(word) + reach(word); l++) {
            var file = self.inFile(l);
            if (!file) continue;
            var forms = file.w;
            Object.keys(forms).forEach(function (other, rank) {
              var d = distance(word, other, reach(word));
              if (d > 0 && d <= reach(word) && (d === 1 || other[0] === word[0])) {
                near.push({word: other, stem: forms[other], d: d, rank: rank});
              }
            });
          }
          near.sort(function (a, b) { return a.d - b.d || a.rank - b.rank || (a.word < b.word ? -1 : 1); });
          /** @type {{ [stem: string]: boolean }} */
          var stems = Object.create(null);  // one word per family: « réclamations » and « réclamation » are one suggestion
          near = near.filter(function (n) { return !stems[n.stem] && (stems[n.stem] = true); });
          return near.slice(0, limit).map(function (n) { return n.word; });
        });
        if (choices.every(function (c, i) { return c[0] === query.words[i]; })) return [];
        /** @type {string[]} */
        var texts = [];
        for (var i = 0; i < limit; i++) {
          texts.push(choices.map(function (c) { return c[Math.min(i, c.length - 1)]; }).join(" "));
        }
        texts = unique(texts);
        return Promise.all(texts.map(function (t) { return self.search(t, options); })).then(function (outcomes) {
          return texts.filter(function (t, i) { return outcomes[i].docs.length > 0; });
        });
      });
    });
  };

  // -- passages --------------------------------------------------------------------------------
  // Whether a folded word of a text is one a query matched: a stem it matched, or one the thesaurus
  // leads that stem to (or a word it was typed as, or one typo away from), begins it, followed by
  // at most an ending's letters.
  // related (meta.related): the stems a thesaurus word leads to, so that what it found is marked too.
  /** @param {{ slots?: SearchSlot[] }} outcome @param {{ [key: string]: string[] } | null | undefined} related
   * @returns {(word: string) => boolean} */
  function highlighter(outcome, related) {
    /** @type {string[]} */
    var prefixes = [];
    /** @type {{ [word: string]: boolean }} */
    var exact = Object.create(null);
    (outcome.slots || []).forEach(function (slot) {
      exact[slot.word] = true;
      slot.near.forEach(function (w) { exact[w] = true; });
      Object.keys(slot.stems).forEach(function (stem) {
        [stem].concat(own(related, stem) || []).forEach(function (key) {
          key.replace(/_$/, "").split(" ").forEach(function (p) { if (p.length >= 3) prefixes.push(p); });
        });
      });
      if (slot.word.length >= 4) prefixes.push(slot.word);
    });
    return function (word) {
      if (exact[word]) return true;
      for (var i = 0; i < prefixes.length; i++) {
        if (word.lastIndexOf(prefixes[i], 0) === 0 && word.length - prefixes[i].length <= 6) return true;
      }
      return false;
    };
  }

  // A text cut into [{text, hit}] parts, the words `hit` accepts marked.
  /** @param {string} text @param {(word: string) => boolean} hit @returns {SearchPart[]} */
  function marks(text, hit) {
    /** @type {SearchPart[]} */
    var out = [];
    var last = 0, re = /[\p{L}\p{N}]+/gu;
    /** @type {RegExpExecArray | null} */
    var m;
    while ((m = re.exec(text)) !== null) {
      if (!hit(fold(m[0]))) continue;
      if (m.index > last) out.push({text: text.slice(last, m.index), hit: false});
      out.push({text: m[0], hit: true});
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push({text: text.slice(last), hit: false});
    return out;
  }

  /** @param {SearchPart[]} parts @returns {number} */
  function hits(parts) {
    /** @type {{ [word: string]: boolean }} */
    var seen = Object.create(null);
    parts.forEach(function (p) { if (p.hit) seen[fold(p.text)] = true; });
    return Object.keys(seen).length;
  }

  // The line of `lines` with the most words the query matched, cut to about `size` characters
  // around its first one, as [{text, hit}] parts (null when no line has any).
  /** @param {string[] | null | undefined} lines @param {(word: string) => boolean} hit @param {number} [size]
   * @returns {SearchPart[] | null} */
  function passage(lines, hit, size) {
    /** @type {string | null} */
    var best = null;
    var bestHits = 0;
    var all = lines || [];
    for (var k = 0; k < all.length; k++) {
      var n = hits(marks(all[k], hit));
      if (n > bestHits) { best = all[k]; bestHits = n; }
    }
    if (best === null) return null;
    var width = size || 160, parts = marks(best, hit), at = 0, offset = 0;
    for (var i = 0; i < parts.length; i++) { if (parts[i].hit) { at = offset; break; } offset += parts[i].text.length; }
    var start = Math.max(0, Math.min(at - Math.floor(width / 3), best.length - width));
    if (start > 0) start = best.indexOf(" ", start) + 1 || start;
    var end = Math.min(best.length, start + width);
    if (end < best.length) end = best.lastIndexOf(" ", end) > start ? best.lastIndexOf(" ", end) : end;
    var text = (start > 0 ? "… " : "") + best.slice(start, end) + (end < best.length ? " …" : "");
    return marks(text, hit);
  }

  return {
    fold: fold,
    tokens: tokens,
    words: words,
    isWord: isWord,
    size: size,
    reference: reference,
    distance: distance,
    crc32: crc32,
    Engine: Engine,
    highlighter: highlighter,
    marks: marks,
    passage: passage,
    QUERY_WORDS: QUERY_WORDS
  };
}));
