/**
 * Scenario errors: every problem names the field path, what was expected and what was found, and the line
 * (DESIGN.md principle 7). Validators never stop at the first problem; they add to an `Issues` list.
 */
export interface ScenarioError {
  /** Field path, e.g. `network.rf_mesh.loss` or `timeline[3].at`; `''` for the document itself, `--set` for a bad option. */
  path: string;
  expected: string;
  found: string;
  line?: number;
  /** One readable line: `<file>:<line>: <path>: expected <expected>, found <found>`. */
  message: string;
}

/** Where a path came from, so a message can point at a line or at the `--set` that wrote it. */
export interface Origin {
  lineOf(path: string): number | undefined;
  /** The `--set path=value` argument that wrote this path or one of its ancestors, if any. */
  setOf(path: string): string | undefined;
}

export const NO_ORIGIN: Origin = { lineOf: () => undefined, setOf: () => undefined };

export class Issues {
  readonly list: ScenarioError[] = [];
  constructor(
    readonly file: string,
    private readonly origin: Origin = NO_ORIGIN,
  ) {}

  add(path: string, expected: string, found: string): void {
    const set = this.origin.setOf(path);
    const line = set === undefined ? this.origin.lineOf(path) : undefined;
    const where = line === undefined ? this.file : `${this.file}:${line}`;
    const subject = path === '' ? '' : ` ${path}:`;
    const via = set === undefined ? '' : ` (from --set ${set})`;
    const message = `${where}:${subject} expected ${expected}, found ${found}${via}`;
    this.list.push(line === undefined ? { path, expected, found, message } : { path, expected, found, line, message });
  }

  get count(): number {
    return this.list.length;
  }
}

/** A short, unambiguous description of a YAML value, for the "found" half of a message. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'an empty value (null)';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan' : Number.isFinite(v) ? String(v) : v > 0 ? '.inf' : '-.inf';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (v instanceof Date) return `a date (${v.toISOString()})`;
  if (typeof v === 'object') return Object.keys(v).length === 0 ? 'an empty mapping' : 'a mapping';
  return typeof v;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), for did-you-mean. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known name closest to `word`, if it is close enough to be a likely typo. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const kl = k.toLowerCase();
    // Same word in another case or with -/_ swapped counts as a near miss.
    const d = kl === w || kl.replace(/[-_]/g, '') === w.replace(/[-_ ]/g, '') ? 0 : editDistance(w, kl);
    if (d < bestD) [best, bestD] = [k, d];
  }
  const limit = Math.max(1, Math.floor(w.length / 3));
  return bestD <= limit ? best : undefined;
}
