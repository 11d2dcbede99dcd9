/** Number, duration and percentage formatting for labels and tables (locale-independent, deterministic). */

const MINUS = '\u2212';
/** How a figure with no population (null in summary.json) reads: never "0". */
export const NOT_APPLICABLE = 'n/a';

/** `v` with `decimals` places and thousands separators: 1234567.8 → "1,234,567.8"; negatives use a real minus sign; null → "n/a". */
export function formatNumber(v: number | null, decimals = 0): string {
  if (v === null) return NOT_APPLICABLE;
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : v > 0 ? '∞' : `${MINUS}∞`;
  const fixed = Math.abs(v).toFixed(decimals);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = v < 0 && Number(fixed) !== 0;
  return (negative ? MINUS : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}

/** About `sig` significant digits, never in exponent form: 0.0123 → "0.0123", 123.4 → "123", 12345 → "12,345". */
export function formatSig(v: number | null, sig = 3): string {
  if (v === null) return NOT_APPLICABLE;
  if (!Number.isFinite(v)) return formatNumber(v);
  if (v === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, Math.min(6, sig - 1 - mag));
  return formatNumber(Number(v.toFixed(decimals)), decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/**
 * A formatter for one axis's tick values: one suffix (k, M) and one number of decimals for all ticks, so
 * 0, 5,000, 10,000 print as "0", "5k", "10k" and 0, 0.25, 0.5 as "0", "0.25", "0.5".
 */
export function tickFormatter(ticks: readonly number[]): (v: number) => string {
  const maxAbs = ticks.reduce((m, t) => Math.max(m, Math.abs(t)), 0);
  const [div, suffix] = maxAbs >= 1e7 ? [1e6, 'M'] : maxAbs >= 1e4 ? [1e3, 'k'] : [1, ''];
  let decimals = 0;
  for (const t of ticks) {
    const scaled = t / div;
    for (let d = 0; d <= 6; d++) {
      if (Math.abs(Number(scaled.toFixed(d)) - scaled) < 1e-9 * Math.max(1, Math.abs(scaled))) {
        decimals = Math.max(decimals, d);
        break;
      }
    }
  }
  return (v: number) => (v === 0 ? '0' : formatNumber(v / div, decimals) + suffix);
}

/** A share 0…1 as a percentage; rounds down near 100 % so 0.99996 never reads "100.00 %". */
export function formatPercent(ratio: number | null, decimals = 2): string {
  if (ratio === null) return NOT_APPLICABLE;
  if (!Number.isFinite(ratio)) return '–';
  const pct = ratio * 100;
  const f = 10 ** decimals;
  const shown = ratio < 1 && pct > 100 - 1 / f ? Math.floor(pct * f) / f : pct;
  return `${formatNumber(shown, decimals)} %`;
}

/** A simulated or wall duration in ms: "850 ms", "42 s", "6 h 05 min", "2 d 3 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${formatNumber(ms, 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${formatSig(s, 3)} s`;
  const totalMin = Math.round(s / 60);
  if (totalMin < 60) {
    const secs = Math.round(s - Math.floor(s / 60) * 60);
    return secs > 0 && s < 600 ? `${Math.floor(s / 60)} min ${secs} s` : `${totalMin} min`;
  }
  const days = Math.floor(totalMin / 1440);
  const hours = Math.floor((totalMin % 1440) / 60);
  const mins = totalMin % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return `${hours} h ${String(mins).padStart(2, '0')} min`;
}
