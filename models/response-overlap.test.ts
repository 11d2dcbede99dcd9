/**
 * Overlapping windows of different responses on the same devices are found and named; windows of different
 * programs (measured on their own participants), one response's own windows, other regions and windows after
 * the recovery are not.
 */
import { describe, expect, it } from 'vitest';
import { overlapWarning, responseOverlaps } from './response-overlap.ts';
import type { LoadEvent } from './run-result.ts';

const H = 3600;
function ev(cause: LoadEvent['cause'], name: string, region: string, startH: number, endH: number, recoveryH = endH, on: string[] | null = [name]): LoadEvent {
  const e: LoadEvent = {
    cause, name, signal: 'x', region, measured_on: on ?? [], start_s: startH * H, end_s: endH * H, recovery_end_s: recoveryH * H,
    devices_reached: 0, devices_reached_within_sla: 0, shed_kw_mean: 0, energy_shed_kwh: 0,
    energy_recovered_kwh: 0, snapback_peak_kw: 0, snapback_peak_pct: 0,
  };
  if (on === null) delete (e as Partial<LoadEvent>).measured_on;
  return e;
}

describe('response overlaps', () => {
  it('ignores windows of two programs, each measured on its own participants (summer-auto-events: RTP 15-19 h over CPP 14-18 h)', () => {
    const events = [ev('program', 'cpp', 'north', 14, 18, 22), ev('price', 'rtp', 'north', 15, 19, 23)];
    expect(responseOverlaps(events)).toEqual([]);
    expect(overlapWarning(events)).toBeNull();
  });

  it('finds two causes of one program overlapping: a DR event in its price hours', () => {
    const events = [ev('program', 'rtp', 'north', 14, 18, 22), ev('price', 'rtp', 'north', 15, 19, 23)];
    expect(responseOverlaps(events)).toEqual([{ region: 'north', first: 'program/rtp', second: 'price/rtp', pairs: 1 }]);
    expect(overlapWarning(events)).toContain('price/rtp, program/rtp');
  });

  it('finds windows whose programs intersect, and an autonomous response (every appliance) over any window', () => {
    expect(responseOverlaps([ev('program', 'cpp', 'r', 14, 18, 22, ['cpp', 'ptr']), ev('program', 'ptr', 'r', 15, 19)])).toHaveLength(1);
    expect(responseOverlaps([ev('program', 'cpp', 'r', 14, 18, 22), ev('autonomous', 'low_voltage', 'r', 15, 16, 19, ['*'])])).toHaveLength(1);
  });

  it('takes a summary without measured_on (written before it) as sharing devices', () => {
    expect(responseOverlaps([ev('program', 'cpp', 'r', 14, 18, 22, null), ev('price', 'rtp', 'r', 15, 19, 23, null)])).toHaveLength(1);
  });

  it('counts a window starting in the other\'s recovery, since the recovery is where the rebound is measured', () => {
    expect(responseOverlaps([ev('program', 'rtp', 'r', 14, 18, 22), ev('price', 'rtp', 'r', 20, 21)])).toHaveLength(1);
  });

  it('ignores windows of one response, other regions, and windows that follow after the recovery', () => {
    const events = [
      ev('program', 'rtp', 'r', 14, 18, 22), ev('program', 'rtp', 'r', 38, 42, 46),
      ev('price', 'rtp', 's', 15, 19, 23), ev('price', 'rtp', 'r', 22, 23),
    ];
    expect(responseOverlaps(events)).toEqual([]);
    expect(overlapWarning(events)).toBeNull();
  });

  it('counts every overlapping pair over a season', () => {
    const events = [];
    for (let d = 0; d < 5; d++) events.push(ev('program', 'rtp', 'r', 24 * d + 14, 24 * d + 18, 24 * d + 22), ev('price', 'rtp', 'r', 24 * d + 15, 24 * d + 19));
    expect(responseOverlaps(events)).toEqual([{ region: 'r', first: 'program/rtp', second: 'price/rtp', pairs: 5 }]);
  });
});
