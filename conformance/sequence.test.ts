import { describe, expect, it } from 'vitest';
import { chainStudy, makeScenario } from '../test/support/scenario.ts';
import { check } from './checks/util.ts';
import { stepOrder, STEP_ORDER } from './checks/order.ts';
import { observe, type Observation } from './observe.ts';
import { exemplaryDevice, PARTICIPANTS, sequenceDiagram, stepsWalked } from './sequence.ts';

describe('sequence charts', () => {
  const o = observe(makeScenario(chainStudy(60)));

  it("draws a device's registration and messaging as a Mermaid sequence diagram over the use case's actors", () => {
    const d = exemplaryDevice(o);
    const chart = sequenceDiagram(o, d, { maxLines: 400 });
    const lines = chart.trim().split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    expect(lines.slice(1, 9).map((l) => l.trim().split(' ')[1])).toEqual(PARTICIPANTS.map(([id]) => id));
    // The registration walk of section 5.2 (scenario 3.1), in order.
    const order = ['(S1-01)', '(S1-02/S1-03)', '(S1-04)', '(S1-05)', '(S1-06)', '(S1-07)', '(S1-08)', '(S1-09)', '(S1-10)', '(S1-11)', '(S1-12)', '(S1-13)', '(S1-14)', '(S1-15)', '(S1-16)', '(S1-17)'];
    let at = 0;
    for (const label of order) {
      const i = lines.findIndex((l, k) => k >= at && l.includes(label));
      expect(i, label).toBeGreaterThanOrEqual(at);
      at = i;
    }
    expect(chart).toMatch(/NMS->>Meter: bindRequest \(S1-07\)\n\s+Meter-->>Appliance: relays/);
    expect(chart).toMatch(/Appliance->>Meter: deviceIdentification \(S1-08\)\n\s+Meter-->>NMS: relays/);
    expect(chart).toMatch(/CDCS-\)Appliance: publicAlert \(S2-01\), public broadcast/);
    expect(stepsWalked(o, d).length).toBeGreaterThanOrEqual(20);
  });

  it('caps long charts and draws a lost message as a cross', () => {
    const chart = sequenceDiagram(o, exemplaryDevice(o), { maxLines: 10 });
    expect(chart.trim().split('\n').length).toBe(1 + PARTICIPANTS.length + 10 + 1);
    expect(chart).toMatch(/Note over Customer,MDMS: … \d+ more/);
    const lossy = makeScenario(chainStudy(40, { network: { han: { loss: 0.6, max_retries: 0 } } }));
    const ol = observe(lossy);
    const d = [...ol.lossyDevices()][0];
    expect(sequenceDiagram(ol, d, { maxLines: 400 })).toMatch(/-x\w+: \w+ lost/);
  });
});

describe('trace order', () => {
  /** A minimal stand-in observation holding only a step trace. */
  const fake = (steps: [string, number][]): Observation => ({ steps: steps.map(([id, at]) => ({ id, d: 0, at, m: -1 })), accepted: [] }) as unknown as Observation;

  it('accepts the use case order and flags a step ahead of its predecessor', () => {
    const walk = Object.keys(STEP_ORDER).filter((s) => s.startsWith('S1')).map((s, i) => [s, i * 1000] as [string, number]);
    for (const id of Object.keys(STEP_ORDER).filter((s) => s.startsWith('S1'))) expect(stepOrder(id)(fake(walk)).violations, id).toEqual([]);
    expect(stepOrder('S1-10')(fake([['S1-08', 0], ['S1-10', 1]])).violations[0]).toMatch(/S1-10 #1 at .* after only 0 × S1-09/);
    expect(stepOrder('S2-07')(fake([['S2-05', 0], ['S2-06', 0], ['S2-07', 5], ['S2-07', 6]])).violations).toHaveLength(1);
    expect(stepOrder('S2-03')(fake([['S2-03', 5]])).violations[0]).toMatch(/before it received any message/);
  });

  it('collects verdicts with instance counts', () => {
    const c = check((_o, v) => {
      v.expect(true, () => 'never');
      v.expect(false, () => 'broken');
    });
    expect(c(fake([]))).toEqual({ violations: ['broken'], instances: 2 });
  });
});
