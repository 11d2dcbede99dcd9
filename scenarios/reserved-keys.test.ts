import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from './load.ts';

const BASE = `name: base
duration: 1h
population:
  customers: 10
`;

const polluted = () => Object.getOwnPropertyNames(Object.prototype).filter((k) => !KNOWN.has(k));
const KNOWN = new Set(Object.getOwnPropertyNames(Object.prototype));

afterEach(() => {
  // Undo any pollution so one failure does not cascade into other tests.
  for (const k of polluted()) delete (Object.prototype as Record<string, unknown>)[k];
});

describe('__proto__, constructor and prototype are refused wherever they appear', () => {
  it.each(['__proto__.loss=1', 'network.__proto__.loss=1', 'network.wan.constructor.x=1', 'prototype=1', 'timeline.__proto__=1'])(
    '--set %s: exit-2 error naming the --set, and Object.prototype untouched',
    (set) => {
      const r = parseScenario(BASE, 'base.yaml', [set]);
      expect(polluted()).toEqual([]);
      expect(({} as Record<string, unknown>).loss).toBeUndefined();
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].path).toBe('--set');
      expect(r.errors[0].message).toContain(JSON.stringify(set));
      expect(r.errors[0].message).toContain('__proto__, constructor or prototype');
    },
  );

  it.each([
    ['__proto__:\n  loss: 1\n', '__proto__', 5],
    ['network:\n  wan:\n    __proto__: {loss: 1}\n', 'network.wan.__proto__', 7],
    ['network:\n  constructor: 1\n', 'network.constructor', 6],
    ['population:\n  customers: 10\n  appliance_mix: {prototype: 1, thermostat: 1}\n', 'population.appliance_mix.prototype', 5],
    ['timeline:\n  - {at: 1m, action: diagnostic_test, __proto__: {x: 1}}\n', 'timeline[0].__proto__', 6],
  ])('in YAML: %j is refused at its path and line', (yaml, path, line) => {
    const text = yaml.startsWith('population') ? `name: base\nduration: 1h\n${yaml}` : BASE + yaml;
    const r = parseScenario(text, 'x.yaml');
    expect(polluted()).toEqual([]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // One error for the key, not a second "unknown field" for the same path.
    expect(r.errors.filter((e) => e.path === path)).toHaveLength(1);
    expect(r.errors.find((e) => e.path === path)).toMatchObject({ line, message: expect.stringContaining('__proto__, constructor or prototype') });
  });

  it('a --set value that is a flow mapping with __proto__ is refused too', () => {
    const r = parseScenario(BASE, 'base.yaml', ['network={__proto__: {loss: 1}}']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['network.__proto__']);
  });

  it('an inherited member name (toString) is an unknown field, not a crash', () => {
    const r = parseScenario(BASE, 'base.yaml', ['network.toString.x=1']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['network.toString']);
  });
});
