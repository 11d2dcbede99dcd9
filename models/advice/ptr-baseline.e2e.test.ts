/**
 * A PTR bill needs a baseline: the customer's mean power outside events (models/advice/README.md). A customer
 * whose whole reported history lies inside called events has none, so the PTR bill cannot be computed: PTR is
 * no candidate for them, and summary.json says for how many customers (rate_advice.recommended[].not_billable).
 * Before, such a customer got a PTR bill with no rebate (the TOU bill), a figure that looked real and was not.
 * The expectations come from the study alone: which customers report, and where its events lie.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../world/run-scenario.ts';
import { makeScenario } from '../../test/support/scenario.ts';
import { SUMMARY_CONTRACT } from '../summary-contract.ts';
import { unpublishable } from '../summary-json.ts';

/** 20 customers, each with an IHD, reporting every 30 min for 4 h; the default rates (flat, tiered, tou, cpp, ptr), current flat. */
const study = (timeline: unknown[]) =>
  makeScenario({
    name: 'ptr-baseline',
    duration: '4h',
    seed: 5,
    population: { customers: 20, ihd_share: 1, registration_rate: 1, registration: { start: '0s', window: '5m' } },
    programs: [{ id: 'ptr', kind: 'PTR' }],
    behaviour: { report_interval: '30m' },
    timeline,
    rate_advice: { at: '3h45m', current: 'ptr' },
  });

describe('rate advice without a PTR baseline (OI-5)', () => {
  it('a PTR event over the whole history: PTR cannot be billed for anyone billed, no saving is stated, advice among the others', async () => {
    const r = await runScenario(study([{ at: '0s', action: 'dr_event', program: 'ptr', duration: '4h', target: { program: 'ptr' } }]));
    const a = r.summary.rate_advice;
    expect(a.customers).toBeGreaterThan(0);
    const ptr = a.recommended.find((x) => x.rate === 'ptr')!;
    expect(ptr).toEqual({ rate: 'ptr', customers: 0, not_billable: a.customers });
    for (const x of a.recommended.filter((x) => x.rate !== 'ptr')) expect(x.not_billable).toBe(0);
    // Every billed customer is recommended a rate that can be billed.
    expect(a.recommended.reduce((s, x) => s + x.customers, 0)).toBe(a.customers);
    // They are on PTR, which has no bill: no saving to state, nobody counted as "would switch" on a made-up bill.
    expect(a).toMatchObject({ would_switch: 0, saving_total: 0, saving_mean: null, saving_p50: null, saving_p90: null, saving_max: null, histogram: [] });
    // The advice still reaches the IHDs (the recommendation among the rates that can be billed).
    expect(a.advised).toBeGreaterThan(0);
    expect(unpublishable(r.summary, SUMMARY_CONTRACT)).toEqual([]);
  });

  it('an event inside the history: every billed customer has a baseline and a PTR bill', async () => {
    const r = await runScenario(study([{ at: '2h', action: 'dr_event', program: 'ptr', duration: '1h', target: { program: 'ptr' } }]));
    const a = r.summary.rate_advice;
    expect(a.customers).toBeGreaterThan(0);
    for (const x of a.recommended) expect(x.not_billable).toBe(0);
    expect(a.saving_mean).not.toBeNull();
  });
});
