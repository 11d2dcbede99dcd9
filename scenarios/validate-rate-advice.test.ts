import { describe, expect, it } from 'vitest';
import { DEFAULT_RATES } from '../models/pricing/rates.ts';
import { parseScenario } from './load.ts';

const HEAD = 'name: t\nduration: 6h\npopulation: {customers: 2}\n';
const load = (yaml: string) => parseScenario(HEAD + yaml, 'r.yaml');
const errors = (yaml: string) => {
  const r = load(yaml);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: expected ${e.expected}, found ${e.found}`);
};

describe('rate_advice (OI-5)', () => {
  it('absent: no advice; present with nothing set: the default rates, the first current, 30 minutes before the end', () => {
    const none = load('');
    expect(none.ok && none.scenario.rate_advice).toBeNull();
    const r = load('rate_advice: {}\n');
    expect(r.ok && r.scenario.rate_advice).toEqual({ at: 5.5 * 3_600_000, current: 'flat', rates: DEFAULT_RATES });
  });

  it('reads every kind of rate', () => {
    const r = load(`rate_advice:
  at: 5h
  current: t
  rates:
    - {id: f, kind: flat, price: 0.2}
    - {id: t, kind: tiered, tiers: [{up_to_kwh: 100, price: 0.1}, {up_to_kwh: null, price: 0.3}]}
    - {id: c, kind: cpp, hourly: [${Array(24).fill(0.1)}], event_price: 1.2}
`);
    expect(r.ok && r.scenario.rate_advice).toEqual({
      at: 5 * 3_600_000,
      current: 't',
      rates: [
        { id: 'f', kind: 'flat', price: 0.2 },
        { id: 't', kind: 'tiered', tiers: [{ up_to_kwh: 100, price: 0.1 }, { up_to_kwh: null, price: 0.3 }] },
        { id: 'c', kind: 'cpp', hourly: Array(24).fill(0.1), event_price: 1.2 },
      ],
    });
  });

  it('names the field, what is allowed and the value', () => {
    expect(errors('rate_advice: {current: gold}\n')).toEqual(['rate_advice.current: expected the id of an offered rate (flat, tiered, tou, cpp, ptr), found "gold"']);
    expect(errors('rate_advice: {at: 7h}\n')).toEqual(['rate_advice.at: expected a time within the run (0s to 6h), found "7h"']);
    expect(errors('rate_advice: {rates: [{id: a, kind: flat, price: -1}]}\n')[0]).toMatch(/^rate_advice\.rates\[0\]\.price: expected a number from 0 to 21474/);
    expect(errors('rate_advice: {rates: [{id: a, kind: tou, hourly: [0.1]}]}\n')[0]).toMatch(/^rate_advice\.rates\[0\]\.hourly: expected a list of 24 hourly prices/);
    expect(errors('rate_advice: {rates: [{id: a, kind: tiered, tiers: [{up_to_kwh: 50, price: 0.1}, {up_to_kwh: 40, price: 0.2}]}]}\n')).toEqual(['rate_advice.rates[0].tiers[1].up_to_kwh: expected more than the block before (50 kWh), found 40']);
    expect(errors('rate_advice: {rates: [{id: a, kind: flat, price: 0.1, hourly: []}]}\n')[0]).toMatch(/^rate_advice\.rates\[0\]\.hourly: expected one of the fields id, kind, price/);
    expect(errors('rate_advice: {rates: [{id: a, kind: flat, price: 0.1}, {id: a, kind: flat, price: 0.2}]}\n')).toEqual(['rate_advice.rates[1].id: expected an id no other rate has, found "a"']);
  });
});
