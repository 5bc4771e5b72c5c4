// The globals the browser scripts of assets/ share (classic scripts, one window): who defines
// each, who reads it. Checked with the scripts by `make lint` (tsconfig.json at the top).

interface Window {
  /** assets/playbook-search-core.js: the search engine's pure code (also `require`d by node's tests). */
  PlaybookSearchCore: any;
  /** assets/playbook-search.js: called by each file of the search index (a script: file:// works). */
  playbookSearch: ((name: string, data: unknown) => void) & { query?: (text: string) => unknown };
  /** assets/seance-plan.js: the timed plan's rules, read by assets/trainers.js. */
  playbookSessionPlan: any;
  /** exports/seance.js, loaded by assets/trainers.js: the entries a séance can hold. */
  playbookSessionIndex?: unknown;
  /** vendor/qrcode-generator/qrcode.js (loaded by « Ma séance » only). */
  qrcode?: (typeNumber: number, errorCorrectionLevel: string) => any;
  /** mkdocs-material's page lifecycle (an RxJS subject), when material's bundle is there. */
  document$?: { subscribe: (next: () => void) => unknown };
}
