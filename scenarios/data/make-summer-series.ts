/**
 * Writes `summer-2026.csv`: an hourly series for a summer study (1 June to 31 August 2026, inland Southern
 * California), for the pricing actor (OI-6). Synthetic and deterministic (no random draws): daily highs of
 * 30–35 °C rising through the summer, four heat waves of 39–43 °C, lows 14–16 °C below the high; a system load
 * that follows the heat (SCE's summer peaks of the time were 20–23 GW); a wholesale price that rises steeply
 * with load, as CAISO's day-ahead prices did on hot afternoons. Run:
 *
 *   node --import tsx scenarios/data/make-summer-series.ts > scenarios/data/summer-2026.csv
 */
const DAYS = 92; // June, July, August
/** Heat waves: first day (0 = 1 June), length in days, peak high °C. */
const HEAT_WAVES = [
  [17, 3, 40.5],
  [37, 6, 42.5],
  [56, 3, 40],
  [77, 5, 41.5],
] as const;

function dailyHigh(day: number): number {
  const seasonal = 31 + 4 * Math.sin((Math.PI * day) / DAYS); // warmest mid-July to mid-August
  const wobble = 1.5 * Math.sin(day * 1.7) + 0.8 * Math.sin(day * 0.53 + 1);
  let high = seasonal + wobble;
  for (const [first, len, peak] of HEAT_WAVES) {
    if (day >= first && day < first + len) {
      const mid = (len - 1) / 2;
      high = Math.max(high, peak - 1.2 * Math.abs(day - first - mid));
    }
  }
  return high;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lines = ['time,wholesale_usd_per_mwh,temperature_c,system_load_mw'];
// 1 June 2026 00:00 local; no DST change in June–August, so every day has 24 hours.
for (let day = 0; day < DAYS; day++) {
  const date = new Date(Date.UTC(2026, 5, 1 + day));
  const high = dailyHigh(day), low = high - 15 + Math.sin(day) * 1;
  for (let h = 0; h < 24; h++) {
    // Coolest at 05:00, hottest at 15:00.
    const phase = h >= 5 && h <= 15 ? (h - 5) / 10 : h > 15 ? 1 - (h - 15) / 14 : 1 - (h + 9) / 14;
    const temp = low + (high - low) * (0.5 - 0.5 * Math.cos(Math.PI * phase));
    const activity = h >= 7 && h <= 22 ? 1 : 0.75;
    const load = 9_500 * activity + 330 * Math.max(0, temp - 18) + 2_500 * Math.max(0, Math.min(1, (h - 10) / 6)) * (h <= 20 ? 1 : 0);
    const price = 28 + 12 * activity + 95 * Math.max(0, (load - 15_000) / 5_000) ** 2;
    lines.push(`${date.toISOString().slice(0, 10)}T${pad(h)}:00,${price.toFixed(2)},${temp.toFixed(1)},${Math.round(load)}`);
  }
}
process.stdout.write(lines.join('\n') + '\n');
