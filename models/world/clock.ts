/** Simulated time anchored at the scenario's local start time in its IANA time zone. */

/** Epoch ms of a local ISO date-time (no offset) in `timeZone`, DST-aware. */
export function zonedEpochMs(localIso: string, timeZone: string): number {
  const asUtc = Date.parse(localIso.endsWith('Z') ? localIso : `${localIso}Z`);
  if (!Number.isFinite(asUtc)) throw new Error(`start: not a date-time: ${localIso}`);
  // The zone's offset at a guess, refined once (enough except inside a DST gap).
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  return guess;
}

function offsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(epochMs / 1000) * 1000;
}

/** ISO instant with the zone's offset, e.g. 2026-07-15T12:00:00-07:00. */
export function isoWithOffset(epochMs: number, timeZone: string): string {
  const off = offsetMs(epochMs, timeZone);
  const local = new Date(epochMs + off).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / 60_000;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Milliseconds after local midnight of the scenario's start ("2026-07-15T12:00:00" → 12 h). */
export function localMsOfDay(start: string): number {
  const m = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(start);
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 : 0;
}
