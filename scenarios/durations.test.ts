import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './durations.ts';

describe('parseDuration', () => {
  it.each([
    [90, 90_000],
    [0, 0],
    [0.5, 500],
    [0.001, 1],
    ['90', 90_000],
    ['1.5', 1_500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['6h', 21_600_000],
    ['2d', 172_800_000],
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    ['1d6h', 108_000_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['1m30s', 90_000],
    ['1s500ms', 1_500],
    ['.5s', 500],
    ['0s', 0],
    ['  15m ', 900_000],
  ] as const)('%j → %d ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, ms });
  });

  it.each([['fast'], [''], ['15'.concat('x')], ['-5m'], [-1], ['1h1h'], ['30m1h'], ['15 minutes'], ['1.2.3s'], [true], [null], [[1]], [{ m: 1 }], [Number.NaN], [Infinity], ['0.5ms'], [0.0001], ['h'], ['1w']])(
    '%j is not a duration',
    (input) => {
      const r = parseDuration(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.why).toMatch(/^a number of seconds or a duration like "15m"/);
    },
  );

  it('formatDuration is exact and parseDuration inverts it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, ms });
      }),
    );
  });

  it('formats the usual cases compactly', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(1_500)).toBe('1s500ms');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(21_600_000)).toBe('6h');
    expect(formatDuration(122_400_000)).toBe('1d10h');
  });
});
