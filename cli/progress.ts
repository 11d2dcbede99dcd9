/** A one-line progress bar on a terminal: simulated time, events per second, ETA. Silent elsewhere. */
import type { Progress } from '../models/world/run-scenario.ts';

const hms = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export interface ProgressBar {
  update(p: Progress): void;
  done(): void;
  /** Whether the bar holds the current terminal line (another message must start on a new line). */
  readonly active: boolean;
}

export function progressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  if (!enabled) return { update() {}, done() {}, active: false };
  let last = -1;
  let active = false;
  return {
    get active() {
      return active;
    },
    update(p) {
      const frac = p.durationMs > 0 ? p.simMs / p.durationMs : 1;
      const pct = Math.floor(frac * 100);
      if (pct === last && frac < 1) return;
      last = pct;
      const width = 30;
      const filled = Math.round(frac * width);
      const rate = p.wallS > 0 ? p.events / p.wallS : 0;
      const eta = frac > 0 ? (p.wallS / frac) * (1 - frac) : 0;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%  sim ${hms(p.simMs)}/${hms(p.durationMs)}  ${(rate / 1000).toFixed(0)}k events/s  ETA ${eta.toFixed(0)}s`;
      stream.write(`\r${line}`);
      active = true;
    },
    done() {
      stream.write('\n');
      active = false;
    },
  };
}
