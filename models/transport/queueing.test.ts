import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { RandomStream } from '../../sim/random/stream.ts';
import { LinkLab, type Departure } from './link-lab.ts';

/**
 * Queueing validation of the transport on its own: Poisson arrivals onto one link, mean waits against the
 * closed forms. A frame of b bytes on a link of B bytes/s occupies b/B s; at 1,000 B/s that is b ms exactly,
 * so the service times below are the frame sizes fed. Expected values come from theory alone:
 *   M/D/1 and M/G/1 (Pollaczek–Khinchine): Wq = λ·E[S²] / (2(1 − ρ));
 *   non-preemptive priority (Cobham): Wq(k) = W0 / ((1 − σ(k−1))(1 − σ(k))), W0 = Σ λi·E[Si²] / 2, σ(k) = ρ1 + … + ρk.
 * Tolerance: 4 standard errors from batch means over the run (after a warm-up), and that error must be small.
 */
function network(priorityQueuing: boolean, rf: Record<string, unknown> = {}) {
  return makeScenario({
    name: 'queueing',
    duration: '1h',
    population: { customers: 1 },
    network: { priority_queuing: priorityQueuing, rf_mesh: { bandwidth_Bps: 1000, loss: 0, latency_ms: 10, ...rf } },
  }).network;
}

/** Poisson arrivals at rate `perMs`, each frame's size and class drawn by `pick`. */
function feedPoisson(lab: LinkLab, n: number, perMs: number, pick: (r: RandomStream) => { bytes: number; cls: number }, seed = 3): void {
  const r = new RandomStream(seed, 0, 0);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += r.exponential(1 / perMs);
    lab.feed({ at: Math.round(t), ...pick(r) });
  }
}

/** Mean wait in queue (start of first airtime − arrival) of the frames passing `keep`, with its standard error from 20 batch means. */
function meanWait(deps: Departure[], keep: (d: Departure) => boolean = () => true): { mean: number; se: number; n: number } {
  const waits = deps.filter((d) => d.attempt === 0 && keep(d)).map((d) => d.start - d.arrived);
  const used = waits.slice(Math.floor(waits.length * 0.05));
  const B = 20, per = Math.floor(used.length / B);
  const means = Array.from({ length: B }, (_, b) => used.slice(b * per, (b + 1) * per).reduce((a, x) => a + x, 0) / per);
  const mean = means.reduce((a, x) => a + x, 0) / B;
  const sd = Math.sqrt(means.reduce((a, x) => a + (x - mean) ** 2, 0) / (B - 1));
  return { mean, se: sd / Math.sqrt(B), n: used.length };
}

function expectNear(got: { mean: number; se: number }, theory: number): void {
  if (process.env.SCSIM_QUEUEING_PRINT) console.log(`mean ${got.mean.toFixed(1)} theory ${theory.toFixed(1)} se ${got.se.toFixed(2)}`);
  expect(got.se, 'the run is long enough to judge').toBeLessThan(0.03 * theory);
  expect(Math.abs(got.mean - theory), `mean wait ${got.mean.toFixed(1)} ms vs theory ${theory.toFixed(1)} ms (se ${got.se.toFixed(1)})`).toBeLessThan(4 * got.se);
}

describe('transport queueing against theory (one link, Poisson arrivals)', () => {
  it('M/D/1: fixed 500-byte frames at ρ = 0.7 wait ρD / (2(1 − ρ))', () => {
    const D = 500, rho = 0.7, lambda = rho / D;
    const lab = new LinkLab(network(true), 'rf');
    feedPoisson(lab, 120_000, lambda, () => ({ bytes: D, cls: 1 }));
    const deps = lab.run();
    expect(deps.length).toBe(120_000);
    expect(deps.filter((d) => d.end - d.start !== D)).toEqual([]);
    expectNear(meanWait(deps), (rho * D) / (2 * (1 - rho)));
  });

  it('M/G/1 (Pollaczek–Khinchine): 200- or 2,000-byte frames (4:1) at ρ = 0.6', () => {
    const ES = 0.8 * 200 + 0.2 * 2000, ES2 = 0.8 * 200 ** 2 + 0.2 * 2000 ** 2;
    const rho = 0.6, lambda = rho / ES;
    const lab = new LinkLab(network(true), 'rf');
    feedPoisson(lab, 150_000, lambda, (r) => ({ bytes: r.uniform() < 0.8 ? 200 : 2000, cls: 1 }));
    expectNear(meanWait(lab.run()), (lambda * ES2) / (2 * (1 - rho)));
  });

  // Three classes at equal rates, 200 / 500 / 800-byte frames: ρ = 0.1, 0.25, 0.4 (0.75 in all).
  const sizes = [200, 500, 800], lambdaEach = 0.75 / (200 + 500 + 800);
  const W0 = sizes.reduce((a, s) => a + (lambdaEach * s * s) / 2, 0);
  const byClass = (r: RandomStream) => {
    const cls = r.int(3);
    return { bytes: sizes[cls], cls };
  };

  it('non-preemptive priority (Cobham): high, medium and low wait W0 / ((1 − σk−1)(1 − σk))', () => {
    const lab = new LinkLab(network(true), 'rf');
    feedPoisson(lab, 240_000, 3 * lambdaEach, byClass);
    const deps = lab.run();
    let sigma = 0;
    for (let k = 0; k < 3; k++) {
      const before = sigma;
      sigma += lambdaEach * sizes[k];
      expectNear(meanWait(deps, (d) => d.cls === k), W0 / ((1 - before) * (1 - sigma)));
    }
  });

  it('priority queuing off: one FIFO, every class waits the M/G/1 mean W0 / (1 − ρ)', () => {
    const lab = new LinkLab(network(false), 'rf');
    feedPoisson(lab, 240_000, 3 * lambdaEach, byClass);
    const deps = lab.run();
    for (let k = 0; k < 3; k++) expectNear(meanWait(deps, (d) => d.cls === k), W0 / (1 - 0.75));
  });

  it('loss with retries: a frame is dropped with probability loss^(retries + 1), retried after the timeout', () => {
    const loss = 0.3, retries = 2, timeout = 700, n = 40_000;
    const lab = new LinkLab(network(true, { loss, max_retries: retries, retry_timeout_ms: timeout }), 'rf', { seed: 9 });
    feedPoisson(lab, n, 1 / 5_000, () => ({ bytes: 100, cls: 0 }));
    const deps = lab.run();
    const dropped = deps.filter((d) => d.dropped).length;
    const p = loss ** (retries + 1);
    expect(Math.abs(dropped - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    expect(deps.filter((d) => d.ok).length + dropped).toBe(n);
    // Attempts on the wire: 1 + loss + loss² on average.
    const attempts = deps.length / n, theory = 1 + loss + loss ** 2;
    expect(Math.abs(attempts - theory)).toBeLessThan(0.02);
    // Each retry starts no sooner than the timeout after its lost attempt ended.
    const lastEnd = new Map<number, number>();
    for (const d of deps) {
      if (d.attempt > 0) expect(d.start - lastEnd.get(d.frame)!).toBeGreaterThanOrEqual(timeout);
      lastEnd.set(d.frame, d.end);
    }
  });
});
