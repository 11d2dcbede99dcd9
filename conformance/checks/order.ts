/**
 * Trace order: in every device's trace, each scenario step happens only after the steps the use case puts
 * before it (seed §3.1.1, §3.2.1). "Counted" predecessors are one-to-one (each occurrence needs its own
 * earlier predecessor: an acknowledgement per parameter message); the others need one earlier occurrence.
 */
import { NOT_STORED, check, fmtT, type Check } from './util.ts';

interface Rule {
  counted: string[];
  after: string[];
  /** The device must have accepted a scenario-3.2 message (private or public) before. */
  received?: boolean;
}

export const STEP_ORDER: Record<string, Rule> = {
  'S1-01': { counted: [], after: [] },
  'S1-02': { counted: ['S1-01'], after: [] },
  'S1-03': { counted: ['S1-02'], after: [] },
  'S1-04': { counted: ['S1-03'], after: [] },
  'S1-05': { counted: [], after: ['S1-03'] },
  'S1-06': { counted: ['S1-04'], after: [] },
  'S1-07': { counted: ['S1-06'], after: [] },
  'S1-08': { counted: ['S1-07'], after: ['S1-05'] },
  'S1-09': { counted: ['S1-08'], after: [] },
  'S1-10': { counted: ['S1-09'], after: [] },
  'S1-11': { counted: ['S1-10'], after: [] },
  'S1-12': { counted: ['S1-11'], after: [] },
  'S1-13': { counted: ['S1-12'], after: [] },
  'S1-14': { counted: ['S1-13'], after: [] },
  'S1-15': { counted: [], after: ['S1-14'] },
  'S1-16': { counted: ['S1-15'], after: [] },
  'S1-17': { counted: ['S1-16'], after: [] },
  'S2-01': { counted: [], after: ['S1-17'] },
  'S2-02': { counted: ['S2-01'], after: [] },
  'S2-03': { counted: [], after: [], received: true },
  'S2-04': { counted: [], after: ['S1-16'], received: true },
  'S2-05': { counted: [], after: ['S2-04'] },
  'S2-06': { counted: ['S2-05'], after: [] },
  'S2-07': { counted: ['S2-06'], after: [] },
  'S2-08': { counted: [], after: ['S1-16'] },
};

/** "Step `id` comes, in each device's trace, only after its predecessors." */
export function stepOrder(id: string): Check {
  const rule = STEP_ORDER[id];
  return check((o, v) => {
    const firstRx = new Map<number, number>();
    for (const a of o.accepted) if (!NOT_STORED.has(o.kind(a.m)) && !firstRx.has(a.d)) firstRx.set(a.d, a.at);
    if (rule.counted.length + rule.after.length === 0 && !rule.received) {
      // The first step of the use case: no other step of scenario 3.1 comes before it for the device.
      const started = new Set<number>();
      for (const r of o.steps) {
        if (r.d < 0 || !r.id.startsWith('S1')) continue;
        if (r.id === id) started.add(r.d);
        else v.expect(started.has(r.d), () => `device ${r.d}: ${r.id} at ${fmtT(r.at)} before any ${id}`);
      }
      return;
    }
    const counts = new Map<number, Map<string, number>>();
    for (const r of o.steps) {
      if (r.d < 0) continue;
      let c = counts.get(r.d);
      if (!c) counts.set(r.d, (c = new Map()));
      const n = (c.get(r.id) ?? 0) + 1;
      c.set(r.id, n);
      if (r.id !== id) continue;
      for (const p of rule.counted) v.expect((c.get(p) ?? 0) >= n, () => `device ${r.d}: ${id} #${n} at ${fmtT(r.at)} after only ${c!.get(p) ?? 0} × ${p}`);
      for (const p of rule.after) v.expect((c.get(p) ?? 0) >= 1, () => `device ${r.d}: ${id} at ${fmtT(r.at)} before any ${p}`);
      if (rule.received) v.expect((firstRx.get(r.d) ?? Infinity) <= r.at, () => `device ${r.d}: ${id} at ${fmtT(r.at)} before it received any message`);
    }
  });
}

/** The predecessors of a step, in words. */
export function orderText(id: string): string {
  const r = STEP_ORDER[id];
  const parts = [...r.counted.map((p) => `each after its own ${p}`), ...r.after.map((p) => `after ${p}`), ...(r.received ? ['after the device received a message'] : [])];
  return parts.length ? parts.join(', ') : 'first step of the use case';
}
