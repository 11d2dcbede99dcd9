import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scsim, STACK_FRAME } from '../test/support/cli.ts';

/**
 * Input that used to escape validation, through the real command: each is exit 2 with one message naming the
 * field, at `validate` and at `run` (before anything runs or is written), with no stack trace.
 */
const tmp = mkdtempSync(join(tmpdir(), 'scsim-bad-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const study = (name: string, text: string) => {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
};
const SMALL = 'duration: 30m\npopulation:\n  customers: 20\n';

const cases: { what: string; file: string; sets: string[]; field: string; says: string }[] = [
  { what: '--set __proto__.loss=1', file: study('ok', `name: ok\n${SMALL}`), sets: ['__proto__.loss=1'], field: '--set', says: '"__proto__.loss=1"' },
  { what: '--set network.constructor.x=1', file: study('ok', `name: ok\n${SMALL}`), sets: ['network.constructor.x=1'], field: '--set', says: '__proto__, constructor or prototype' },
  { what: 'a __proto__ key in the YAML', file: study('proto', `name: p\n${SMALL}network:\n  __proto__:\n    loss: 1\n`), sets: [], field: 'network.__proto__', says: '__proto__, constructor or prototype' },
  { what: 'a study name that climbs out of runs/', file: study('climb', `name: ../../x\n${SMALL}`), sets: [], field: 'name', says: 'path separators' },
  { what: 'a study name with a NUL byte', file: study('nul', `name: "a\\0b"\n${SMALL}`), sets: [], field: 'name', says: 'control characters' },
  { what: 'a study name of 300 characters', file: study('long', `name: ${'n'.repeat(300)}\n${SMALL}`), sets: [], field: 'name', says: 'at most 100 characters' },
  { what: 'a region name with a newline', file: study('region', `name: r\n${SMALL}  regions: [{name: "a\\nb", share: 1}]\n`), sets: [], field: 'population.regions[0].name', says: 'control characters' },
  {
    what: 'a threshold path typo',
    file: study('typo', `name: t\n${SMALL}thresholds:\n  - "delivery.by_priority.hihg.p99_s < 120"\n`),
    sets: [],
    field: 'thresholds[0]',
    says: 'did you mean "delivery.by_priority.high.p99_s < 120"?',
  },
];

describe.each(['validate', 'run'] as const)('scsim %s refuses input that escaped validation', (command) => {
  it.each(cases)('$what: exit 2 naming $field', async ({ file, sets, field, says }) => {
    const out = join(tmp, `out-${command}-${Math.random().toString(36).slice(2)}`);
    const args = command === 'run' ? ['run', file, '--quiet', '--out', out] : ['validate', file];
    const r = await scsim([...args, ...sets.flatMap((s) => ['--set', s])]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${field}: expected`);
    expect(r.stderr).toContain(says);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    if (command === 'run') expect(existsSync(out)).toBe(false);
  });
});

it('a study name with separators creates nothing outside runs/ (the default run folder)', async () => {
  // Run from tmp/a/b: "runs/../../escaped-…" would land in tmp/a.
  const cwd = join(tmp, 'a', 'b');
  mkdirSync(cwd, { recursive: true });
  const file = study('escape', `name: ../../escaped\n${SMALL}`);
  const r = await scsim(['run', file, '--quiet'], { cwd });
  expect(r.status).toBe(2);
  expect(readdirSync(join(tmp, 'a'))).toEqual(['b']);
  expect(readdirSync(cwd)).toEqual([]);
});
