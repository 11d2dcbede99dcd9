/**
 * Durations in scenario files: a plain number means seconds (`90`, `0.5`); a string is one or more
 * `<number><unit>` parts with units ms, s, m, h, d (`90s`, `15m`, `6h`, `2d`, `1h30m`, `1.5h`, `250ms`).
 * The result is an integer count of milliseconds, the simulator's unit of time.
 */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)/y;
const NUMBER = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/;

export const DURATION_EXPECTED = 'a number of seconds or a duration like "15m"';

export type DurationResult = { ok: true; ms: number } | { ok: false; why: string };

export function parseDuration(v: unknown): DurationResult {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return { ok: false, why: DURATION_EXPECTED + ' (not negative)' };
    return wholeMs(v * 1000);
  }
  if (typeof v !== 'string') return { ok: false, why: DURATION_EXPECTED };
  const plain = NUMBER.exec(v);
  if (plain) return wholeMs(Number(plain[1]) * 1000);
  const s = v.trim();
  if (s === '') return { ok: false, why: DURATION_EXPECTED };
  let ms = 0;
  let last = Infinity;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) return { ok: false, why: DURATION_EXPECTED };
    const unit = UNIT_MS[m[2] as keyof typeof UNIT_MS];
    // Parts go from the largest unit down, each at most once: "1h30m", not "30m1h" or "1h1h".
    if (unit >= last) return { ok: false, why: DURATION_EXPECTED + ' (units from largest to smallest, each once)' };
    last = unit;
    ms += Number(m[1]) * unit;
    while (s[PART.lastIndex] === ' ') PART.lastIndex++;
  }
  return wholeMs(ms);
}

function wholeMs(ms: number): DurationResult {
  // Floating products like 0.1 * 1000 can be off by an ulp; anything within 1e-6 ms is a whole ms.
  const r = Math.round(ms);
  if (Math.abs(ms - r) > 1e-6) return { ok: false, why: DURATION_EXPECTED + ' (a whole number of milliseconds)' };
  if (!Number.isSafeInteger(r)) return { ok: false, why: DURATION_EXPECTED + ' (too large)' };
  return { ok: true, ms: r };
}

/** The shortest exact string for a duration: 5400000 → "1h30m", 1500 → "1s500ms", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`not a duration in ms: ${ms}`);
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
