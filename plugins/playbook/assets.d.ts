// The globals the browser scripts of assets/ share (classic scripts, one window): who defines
// each, who reads it. `Playbook` (assets/common.js) is typed from its own file. Checked with the scripts by `make lint` (tsconfig.json at the top).

interface Window {
  /** assets/playbook-search-core.js: the search engine's pure code (also `require`d by node's tests). */
  PlaybookSearchCore: any;
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
  readJSON(key: string, fallback: unknown): any;
  writeJSON(key: string, value: unknown): void;
  readStrings(key: string): string[];
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
/** A checklist item and who it is for ("": unsaid). */
interface ChecklistItem {
  text: string;
  audience: string;
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
  itemsFor(record: { checklist?: unknown }, audience: string): ChecklistItem[];
}

/** vendor/qrcode-generator/qrcode.js: what assets/trainers.js uses of a QR code. */
interface QrCode {
  addData(text: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
}
type QrCodeFactory = (typeNumber: number, errorCorrectionLevel: string) => QrCode;
