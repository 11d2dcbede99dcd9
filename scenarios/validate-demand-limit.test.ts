/** DEMAND_LIMIT programs in a study: defaults, and errors naming the field, the limit and the value (exit 2). */
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scsim } from '../test/support/cli.ts';
import { parseScenario } from './load.ts';

const HEAD = 'name: t\nduration: 6h\npopulation: {customers: 2, ems_share: 1}\n';
const load = (yaml: string, head = HEAD) => parseScenario(head + yaml, 'd.yaml');
const errors = (yaml: string, head = HEAD) => {
  const r = load(yaml, head);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: expected ${e.expected}, found ${e.found}`);
};
const program = (response: string) => `programs: [{id: lim, kind: DEMAND_LIMIT, response: ${response}}]\n`;

describe('DEMAND_LIMIT programs', () => {
  it('read the limit, margin, minimum off time and shed order, with defaults; appliance types default to the shed order', () => {
    const r = load(program('{demand_limit_kw: 5.5, restore_margin_kw: 0.5, min_off: 15m, shed_order: [ev_charger, thermostat]}'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.programs[0].response).toMatchObject({ demand_limit_kw: 5.5, restore_margin_kw: 0.5, min_off: 15 * 60_000, shed_order: ['ev_charger', 'thermostat'] });
    const d = load(program('{}'));
    expect(d.ok && d.scenario.programs[0].response).toMatchObject({ demand_limit_kw: 6, restore_margin_kw: 1, min_off: 10 * 60_000 });
    expect(d.ok && d.scenario.programs[0].appliance_types).toEqual(d.ok && d.scenario.programs[0].response.shed_order);
  });

  it('name the field, the limit and the value', () => {
    expect(errors(program('{demand_limit_kw: 0}'))).toEqual(['programs[0].response.demand_limit_kw: expected a number > 0 and ≤ 100 (a premise: a 200 A service at 240 V carries 48 kW), found 0']);
    expect(errors(program('{demand_limit_kw: 250}'))[0]).toMatch(/^programs\[0\]\.response\.demand_limit_kw: expected a number > 0 and ≤ 100 .*found 250$/);
    expect(errors(program('{min_off: 5h}'))).toEqual(['programs[0].response.min_off: expected a duration from 0s to 4h (off at most 4 hours at a time; appliance safety takes over sooner), found "5h"']);
    expect(errors(program('{shed_order: []}'))[0]).toMatch(/^programs\[0\]\.response\.shed_order: expected at least one appliance type/);
    expect(errors(program('{shed_order: [ev_charger, ev_charger]}'))[0]).toMatch(/^programs\[0\]\.response\.shed_order\[1\]: expected each type once/);
    expect(errors(program('{demand_limit_kw: 4, restore_margin_kw: 4}'))).toEqual(['programs[0].response.restore_margin_kw: expected below programs[0].response.demand_limit_kw (4 kW), or nothing is ever restored, found 4']);
  });

  it('needs premises with an EMS that subscribes to the meter usage feed', () => {
    const noEms = 'name: t\nduration: 6h\npopulation: {customers: 2, ems_share: 0}\n';
    expect(errors(program('{}'), noEms)).toEqual(['population.ems_share: expected above 0: programs[0] is a DEMAND_LIMIT program, which premises run through their EMS, found 0']);
    expect(errors(program('{}') + 'metering: {subscribers: [ihd]}\n')).toEqual([
      'metering.subscribers: expected a list with "ems": programs[0] is a DEMAND_LIMIT program, whose EMS acts on the demand the meter reports to it, found ["ihd"]',
    ]);
  });

  it('scsim validate exits 2 with one line naming the field, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, HEAD + program('{demand_limit_kw: -1}'));
    const r = await scsim(['validate', file]);
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/programs\[0\]\.response\.demand_limit_kw/);
    expect(r.stderr + r.stdout).toMatch(/-1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
