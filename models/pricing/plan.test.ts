import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { effectiveTimeline, pricingPlan } from './plan.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SERIES = join(here, '..', '..', 'scenarios', 'data', 'test-2days.csv');
const H = 3_600_000;

/** The fixture read here, independently of the loader: rows of [time, wholesale, temperature, load]. */
const rows = readFileSync(SERIES, 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .slice(1)
  .map((l) => l.split(','));

function load(extra = ''): Scenario {
  const text = `name: plan
start: 2026-07-15T00:00:00
duration: 47h
population: {customers: 2}
programs: [{id: cpp, kind: CPP, event_limits: {per_season: 5}}, {id: rtp, kind: RTP}, {id: tou, kind: TOU}]
pricing:
  series: ${SERIES}
  adders: {distribution: 0.05, transmission: 0.012}
  hourly_programs: [rtp]
  tou_programs: [tou]
  billing_cycle: 1d
  events: [{program: cpp, forecast: temperature, trigger: 33, start_hour: 14, hours: 3, notice_lead: 20h}]
${extra}`;
  const r = parseScenario(text, 'plan.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

describe('the pricing plan', () => {
  it('each hour: the RTP program gets wholesale per kWh plus the adders, and the next hour’s as next', () => {
    const s = load();
    const prices = pricingPlan(s).actions.filter((a) => a.action === 'current_price');
    expect(prices).toHaveLength(47);
    prices.forEach((a, i) => {
      if (a.action !== 'current_price') return;
      expect(a.at).toBe(i * H);
      expect(a.target).toEqual({ program: 'rtp' });
      expect(a.price).toBeCloseTo(Number(rows[i][1]) / 1000 + 0.062, 9);
      expect(a.next_price).toBeCloseTo(Number(rows[i + 1][1]) / 1000 + 0.062, 9);
      expect(a.duration).toBe(H);
    });
  });

  it('a billing cycle start and the TOU schedule at every cycle', () => {
    const s = load();
    const at = (name: string) => pricingPlan(s).actions.filter((a) => a.action === name).map((a) => a.at);
    expect(at('billing_cycle_start')).toEqual([0, 24 * H]);
    expect(at('tou_schedule')).toEqual([0, 24 * H]);
  });

  it('calls the day whose forecast high reaches the trigger (16 July: 35 °C; 15 July: 31 °C), noticed 20 h ahead', () => {
    const s = load();
    const highs = new Map<string, number>();
    for (const r of rows) highs.set(r[0].slice(0, 10), Math.max(highs.get(r[0].slice(0, 10)) ?? -Infinity, Number(r[2])));
    expect([...highs.entries()].filter(([, t]) => t >= 33).map(([d]) => d)).toEqual(['2026-07-16']);
    const notices = pricingPlan(s).actions.filter((a) => a.action === 'day_ahead_notice');
    // 16 July 14:00 local is 38 h after the start; 15 July's window (14 h) has no notice 20 h before it within the run.
    expect(notices).toEqual([expect.objectContaining({ at: 38 * H - 20 * H, event_start: 38 * H, duration: 3 * H, program: 'cpp', target: { program: 'cpp' } })]);
    expect(pricingPlan(s).called.map((c) => c.date)).toEqual(['2026-07-16']);
  });

  it('numbers its actions after the study timeline, in time order', () => {
    const s = load('timeline: [{at: 1h, action: diagnostic_test}]');
    const all = effectiveTimeline(s);
    expect(all[0].action).toBe('diagnostic_test');
    const mine = all.slice(1).map((a) => a.at);
    expect(mine).toEqual([...mine].sort((a, b) => a - b));
    expect(pricingPlan(s).first).toBe(1);
  });
});
