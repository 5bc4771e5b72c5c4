// The globals the browser scripts of assets/ share (classic scripts, one window): who defines
// each, who reads it. `Playbook` (assets/common.js) is typed from its own file. Checked with the scripts by `make lint` (tsconfig.json at the top).

interface Window {
  /** assets/playbook-search-core.js: the search engine's pure code (also `require`d by node's tests). */
  PlaybookSearchCore: PlaybookSearchCoreApi;
  /** assets/playbook-search.js: called by each file of the search index (a script: file:// works). */
  playbookSearch: ((name: string, data: unknown) => void) & { query?: (text: string) => unknown };
  /** assets/seance-plan.js: the timed plan's rules, read by assets/trainers.js. */
  playbookSessionPlan: PlaybookSessionPlan;
  /** exports/seance.js, loaded by assets/trainers.js: the entries a séance can hold. */
  playbookSessionIndex?: unknown;
  /** vendor/qrcode-generator/qrcode.js (loaded by « Ma séance » only). */
  qrcode?: QrCodeFactory;
  /** mkdocs-material's page lifecycle (an RxJS subject), when material's bundle is there. */
  document$?: { subscribe: (next: () => void) => unknown };
}


/** assets/common.js (loaded first wherever a script is): the helpers the scripts share. Its return
 * value is checked against this interface; a script that reads a member not listed here fails. */
interface PlaybookHelpers {
  readonly TICKS: string;
  el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K];
  readText(key: string): string | null;
  writeText(key: string, value: string | null): void;
  readJSON(key: string, fallback: unknown): unknown;
  writeJSON(key: string, value: unknown): void;
  readStrings(key: string): string[];
  readRecord(key: string): Record<string, unknown>;
  plural(count: number, one: string, many: string): string;
  onReady(setUp: () => void): void;
  onEveryPage(setUp: () => void): void;
}
declare var Playbook: PlaybookHelpers;

/** assets/seance-plan.js: a block of a session's timed plan (« Ma séance », share links). */
interface PlanBlock {
  entries: string[];
  minutes: number;
  activity: string;
}
/** assets/seance-plan.js: a session as the page keeps it and its share link carries it. */
interface PlanSession {
  blocks: PlanBlock[];
  title: string;
  audience: string;
  start: string;
}
/** assets/seance-plan.js: each block's clock times, the session's minutes, start and end. */
interface PlanTimetable {
  times: string[];
  total: number;
  start: string;
  end: string;
}
/** assets/seance-plan.js's rules (window.playbookSessionPlan; `require`d by node's tests). Its
 * value is checked against this interface. */
interface PlaybookSessionPlan {
  readonly ACTIVITIES: string[];
  readonly AUDIENCES: string[];
  cleanSession(value: unknown, defaultMinutes?: number): PlanSession;
  cleanMinutes<F extends number | null>(value: unknown, fallback: F): number | F;
  cleanStart(value: unknown): string;
  parseFragment(hash: unknown, defaultMinutes?: number): PlanSession | null;
  fragment(session: PlanSession): string;
  timetable(session: PlanSession): PlanTimetable;
  clockText(minutes: number): string;
  entryIds(session: PlanSession): string[];
  addEntry(session: PlanSession, id: string, activity: string, minutes: number): PlanSession;
  removeEntry(session: PlanSession, id: string): PlanSession;
}

/** vendor/qrcode-generator/qrcode.js: what assets/trainers.js uses of a QR code. */
interface QrCode {
  addData(text: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
}
type QrCodeFactory = (typeNumber: number, errorCorrectionLevel: string) => QrCode;

// -- the search index (plugins/playbook/core/search.py writes it; assets/playbook-search-core.js reads it)
/** search/meta.js: the index's sizes, filters, stop words and thesaurus data. */
interface SearchMeta {
  docs: number;
  docsPerChunk: number;
  excerptsPerChunk: number;
  postings: number;
  phrases: number;
  longest: number;
  lengths: number[];
  kinds: [string, string][];
  collections: [string, string][];
  tags: string[];
  stop: string[];
  multiword?: string[];
  related?: { [key: string]: string[] };
  /** « Signaler cette recherche »: the prefilled issue's address and templates (core/living.py), or null. */
  report?: { url: string; title: string; body: string } | null;
}
/** search/w<L>.js: each folded word of length L → its stem; each stem → the postings' stem ("": itself). */
interface SearchVocabulary {
  w: { [word: string]: string };
  s: { [stem: string]: string };
}
/** search/p<k>.js and q<k>.js: a stem or a phrase key → [gap, score, ...]. */
type SearchPostings = { [key: string]: number[] };
/** search/d<k>.js, per document: its URL, title, kind (index in meta.kinds), summary, and its id when
 * « Ma séance » can hold it (else ""). */
type SearchDoc = [string, string, number, string, string];
/** search/f.js, per document: its kind, its collection (-1: none) and its tags, by index in meta. */
type SearchFacets = [number, number, number[]];
/** How the engine reads a file of the index: search/<name>.js's data. */
type SearchLoad = (name: string) => Promise<unknown>;
/** What a typed word matches: stems (→ weight), its exact stem, the forms one typo away. */
interface SearchSlot {
  word: string;
  stems: { [stem: string]: number };
  exact: string | null;
  near: string[];
}
/** A query's folded tokens and its searchable words. */
interface SearchQuery {
  tokens: string[];
  words: string[];
}
/** The search options: `keep` keeps an entry by its facets (the filters chosen). */
interface SearchOptions {
  keep?: (facets: SearchFacets) => boolean;
}
/** The outcome of a search: the documents best first and what the query's words did. */
interface SearchOutcome {
  docs: number[];
  words: string[];
  tokens: string[];
  slots: SearchSlot[];
  partial: boolean;
  setAside: string[];
  unmatched: string[];
}
/** A piece of a text, `hit` when it is a word the query matched. */
interface SearchPart {
  text: string;
  hit: boolean;
}
/** assets/playbook-search-core.js: an engine over one index (`new Engine(load)`). */
interface SearchEngine {
  load: SearchLoad;
  /** The files of the index loaded so far, by name (search/<name>.js's data). */
  store: { [name: string]: unknown };
  /** search/meta.js's data, once start() has resolved. */
  meta: SearchMeta;
  stop: Set<string>;
  start(): Promise<SearchMeta>;
  get(names: Array<string | null>): Promise<void[]>;
  search(text: string, options?: SearchOptions): Promise<SearchOutcome>;
  suggest(text: string, options?: SearchOptions, count?: number): Promise<string[]>;
}
/** assets/playbook-search-core.js's API (window.PlaybookSearchCore; `require`d by node's tests). Its
 * value is checked against this interface. */
interface PlaybookSearchCoreApi {
  fold(token: string): string;
  tokens(text: string): string[];
  words(text: string, stop: Set<string>): string[];
  isWord(folded: string, stop: Set<string>): boolean;
  size(word: string): number;
  reference(folded: string[], stop: Set<string>): { number: number; words: string[] } | null;
  distance(a: string, b: string, max: number): number;
  crc32(text: string): number;
  Engine: new (load: SearchLoad) => SearchEngine;
  highlighter(outcome: { slots?: SearchSlot[] }, related: { [key: string]: string[] } | null | undefined): (word: string) => boolean;
  marks(text: string, hit: (word: string) => boolean): SearchPart[];
  passage(lines: string[] | null | undefined, hit: (word: string) => boolean, size?: number): SearchPart[] | null;
  readonly QUERY_WORDS: number;
}
