import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';
import { fileNameProblem, labelProblem } from './names.ts';

/** A name becomes the run folder's name (`runs/<name>-<seed>-<time>`) and a tag value of every metric point. */
const study = (name: string, extra = '') => parseScenario(`name: ${JSON.stringify(name)}\npopulation:\n  customers: 10\n${extra}`, 's.yaml');

describe('study names that name the run folder', () => {
  it.each([
    ['../../x', 'path separators'],
    ['a/b', 'path separators'],
    ['a\\b', 'path separators'],
    ['..', '".."'],
    ['x..y', '".."'],
    ['a\u0000b', 'control characters'],
    ['two\nlines', 'control characters'],
    ['tab\there', 'control characters'],
    ['del\u007f', 'control characters'],
    [' padded', 'leading or trailing spaces'],
    ['x'.repeat(101), 'at most 100 characters'],
    ['\u{1F600}'.repeat(51), '200 bytes'],
    ['__proto__', '__proto__, constructor or prototype'],
  ])('%j is refused at name, saying why', (name, why) => {
    const r = study(name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['name']);
    expect(r.errors[0].message).toContain(why);
  });

  it.each(['quickstart', 'Hot day: CPP', 'été 2026 (run #2)', 'a.b', 'x'.repeat(100)])('%j is a good name', (name) => {
    const r = study(name);
    expect(r.ok).toBe(true);
  });

  it('any text with a separator, "..", or a control character is refused (property)', () => {
    const bad = fc.oneof(fc.constantFrom('/', '\\', '..'), fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)));
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), bad, fc.string({ maxLength: 20 }), (a, b, c) => {
        expect(fileNameProblem(a + b + c)).toBeDefined();
      }),
    );
  });
});

describe('names that become tags and keys: regions, groups, program ids', () => {
  it.each([
    ['population.regions[0].name', 'population:\n  customers: 10\n  regions: [{name: "a\\nb", share: 1}]\n'],
    ['population.groups[0].name', 'population:\n  customers: 10\n  groups: [{name: constructor, share: 0.5}]\n'],
    ['programs[0].id', 'population:\n  customers: 10\nprograms:\n  - {id: "x\\0", kind: CPP}\n'],
  ])('%s is checked', (path, yaml) => {
    const r = parseScenario(`name: s\n${yaml}`, 's.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });

  it('labels may hold separators (they never name a file)', () => {
    expect(labelProblem('north/east')).toBeUndefined();
  });
});
