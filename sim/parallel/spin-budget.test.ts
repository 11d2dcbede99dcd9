// The rendezvous' spin policy (spin-budget.ts), step by step, without clocks: when spins stop paying the thread
// stops spinning within a few rendezvous and then spins only once per PROBE_EVERY; when they pay again it goes
// back to spinning every time. The bounds come from the policy's statement (≤ maxUs of spin per PROBE_EVERY
// rendezvous while spinning does not pay), not from its internals.
import { describe, expect, it } from 'vitest';
import { PROBE_EVERY, SpinBudget } from './spin-budget.ts';

/** Drives n rendezvous whose spins end as `arrives(i)` says; returns the spins granted (µs) in order. */
function drive(b: SpinBudget, n: number, arrives: (i: number) => boolean): number[] {
  const granted: number[] = [];
  for (let i = 0; i < n; i++) {
    const us = b.next();
    granted.push(us);
    if (us > 0) b.record(arrives(i));
  }
  return granted;
}

describe('SpinBudget', () => {
  it('never spins with a budget of 0, and never spins longer than its maximum', () => {
    expect(drive(new SpinBudget(0), 500, () => true).every((us) => us === 0)).toBe(true);
    expect(Math.max(...drive(new SpinBudget(200), 500, (i) => i % 3 === 0))).toBeLessThanOrEqual(200);
  });

  it('spins on every rendezvous while the others arrive during the spin', () => {
    expect(drive(new SpinBudget(200), 1000, () => true)).toEqual(new Array(1000).fill(200));
  });

  it('when spins stop paying (a busy machine), stops within 8 rendezvous and then wastes at most one spin per PROBE_EVERY', () => {
    const b = new SpinBudget(200);
    const n = 100 * PROBE_EVERY;
    const granted = drive(b, n, () => false);
    const firstSleep = granted.indexOf(0);
    expect(firstSleep).toBeGreaterThan(0);
    expect(firstSleep).toBeLessThanOrEqual(8);
    const spinsAfter = granted.slice(firstSleep).filter((us) => us > 0).length;
    expect(spinsAfter).toBeLessThanOrEqual(Math.ceil((n - firstSleep) / PROBE_EVERY));
    expect(spinsAfter).toBeGreaterThanOrEqual(Math.floor((n - firstSleep) / PROBE_EVERY) - 1); // it keeps probing
    expect(b.spinning).toBe(false);
  });

  it('three spins in four paying keeps it spinning; one in four does not', () => {
    expect(drive(new SpinBudget(100), 2000, (i) => i % 4 !== 0).slice(1000).every((us) => us === 100)).toBe(true);
    const quarter = drive(new SpinBudget(100), 2000, (i) => i % 4 === 0).slice(1000);
    expect(quarter.filter((us) => us > 0).length).toBeLessThan(1000 / 4);
  });

  it('when the machine becomes free again (probes pay), goes back to spinning every time within a few probes', () => {
    const b = new SpinBudget(200);
    drive(b, 50 * PROBE_EVERY, () => false);
    expect(b.spinning).toBe(false);
    const granted = drive(b, 20 * PROBE_EVERY, () => true);
    const back = granted.findIndex((us, i) => i > 0 && us > 0 && granted[i - 1]! > 0);
    expect(back).toBeGreaterThan(0);
    expect(back).toBeLessThanOrEqual(8 * PROBE_EVERY);
    expect(granted.slice(back)).toEqual(new Array(granted.length - back).fill(200));
    expect(b.spinning).toBe(true);
  });
});
