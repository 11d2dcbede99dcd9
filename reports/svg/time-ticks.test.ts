import { describe, expect, test } from 'vitest';
import { clockLabel, dateTimeLabel, offsetLabel, parseInstant, timeAxisLabel, timeStep, timeTicks } from './time-ticks.ts';

const H = 3_600_000;
const M = 60_000;

describe('parseInstant', () => {
  test('keeps the written offset', () => {
    const i = parseInstant('2025-08-14T12:00:00-07:00');
    expect(i.epochMs).toBe(Date.UTC(2025, 7, 14, 19, 0, 0));
    expect(i.offsetMs).toBe(-7 * H);
    expect(parseInstant('2025-08-14T12:00:00Z').offsetMs).toBe(0);
    expect(parseInstant('2025-08-14T12:00:00+05:30').offsetMs).toBe(5.5 * H);
  });
  test('rejects garbage', () => {
    expect(() => parseInstant('yesterday')).toThrow(RangeError);
  });
});

test('labels', () => {
  const start = parseInstant('2025-08-14T12:00:00-07:00');
  expect(clockLabel(start, 0)).toBe('12:00');
  expect(clockLabel(start, 2 * H + 11 * M)).toBe('14:11');
  expect(dateTimeLabel(start, 12 * H)).toBe('2025-08-15 00:00');
  expect(offsetLabel(-7 * H)).toBe('UTC\u221207:00');
  expect(offsetLabel(5.5 * H)).toBe('UTC+05:30');
  expect(offsetLabel(0)).toBe('UTC');
  expect(timeAxisLabel(start)).toBe('local time (UTC\u221207:00)');
});

describe('timeTicks', () => {
  test('six hours from noon: one tick per round local hour', () => {
    const start = parseInstant('2025-08-14T12:00:00-07:00');
    const ticks = timeTicks(start, 0, 6 * H, 8);
    expect(ticks.map((t) => t.label)).toEqual(['12:00', '13:00', '14:00', '15:00', '16:00', '17:00', '18:00']);
    expect(ticks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4, 5, 6].map((h) => h * H));
  });
  test('an off-hour start: first tick at the next round hour', () => {
    const start = parseInstant('2025-08-14T12:20:00-07:00');
    const ticks = timeTicks(start, 0, 3 * H, 4);
    expect(ticks[0]).toEqual({ value: 40 * M, label: '13:00' });
    expect(ticks.map((t) => t.label)).toEqual(['13:00', '14:00', '15:00']);
  });
  test('a half-hour offset still ticks at local round hours', () => {
    const start = parseInstant('2025-01-10T09:00:00+05:30');
    expect(timeTicks(start, 0, 4 * H, 5).map((t) => t.label)).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00']);
    expect(timeTicks(start, 0, 4 * H, 8)[1]).toEqual({ value: 30 * M, label: '09:30' });
  });
  test('fewer ticks for small panels, and minutes for short spans', () => {
    const start = parseInstant('2025-08-14T12:00:00-07:00');
    expect(timeTicks(start, 0, 6 * H, 4).map((t) => t.label)).toEqual(['12:00', '14:00', '16:00', '18:00']);
    expect(timeTicks(start, 0, 30 * M, 3).map((t) => t.label)).toEqual(['12:00', '12:10', '12:20', '12:30']);
    expect(timeTicks(start, 0, 30 * M, 6)).toHaveLength(7);
  });
  test('days show the date at local midnight', () => {
    const start = parseInstant('2025-08-14T00:00:00-07:00');
    const ticks = timeTicks(start, 0, 48 * H, 8);
    expect(ticks.map((t) => t.label)).toEqual(['Aug 14', '06:00', '12:00', '18:00', 'Aug 15', '06:00', '12:00', '18:00', 'Aug 16']);
    expect(timeTicks(start, 0, 10 * 24 * H, 8).map((t) => t.label)[1]).toBe('Aug 16');
  });
  test('timeStep picks round steps', () => {
    expect(timeStep(6 * H, 8)).toBe(H);
    expect(timeStep(24 * H, 8)).toBe(3 * H);
    expect(timeStep(24 * H, 5)).toBe(6 * H);
    expect(timeStep(10 * M, 8)).toBe(2 * M);
  });
});
