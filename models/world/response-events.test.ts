/** Which timeline actions open a response window, with what cause, span and counted signal. */
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { responseWindows } from './response-events.ts';

const H = 3_600_000;

function study(timeline: Record<string, unknown>[], programs: Record<string, unknown>[] = []) {
  return makeScenario({
    name: 'windows',
    duration: '30h',
    population: { customers: 10, regions: [{ name: 'north', share: 0.5 }, { name: 'south', share: 0.5 }] },
    programs,
    timeline,
  });
}

describe('responseWindows', () => {
  it('a CPP day: the day-ahead notice, its reminder, the CPP price and the event are one program event counted at the event', () => {
    const s = study(
      [
        { at: '30m', action: 'day_ahead_notice', program: 'cpp', event_start: '19h', duration: '4h', target: { program: 'cpp' } },
        { at: '14h', action: 'day_ahead_notice', program: 'cpp', event_start: '19h', duration: '4h', target: { program: 'cpp' } },
        { at: '19h', action: 'current_price', program: 'cpp', price: 1.36, next_price: 0.17, tier: 4, duration: '4h', target: { program: 'cpp' } },
        { at: '19h', action: 'dr_event', program: 'cpp', duration: '4h', target: { program: 'cpp' } },
        { at: '23h', action: 'current_price', program: 'tou', price: 0.17, next_price: 0.1, tier: 2, duration: '3h', target: { program: 'tou' } },
      ],
      [
        { id: 'tou', kind: 'TOU' },
        { id: 'cpp', kind: 'CPP', response: { price_threshold: 0.5 } },
      ],
    );
    expect(responseWindows(s)).toEqual([
      { cause: 'program', name: 'cpp', signal: 'dr_event', signalIndex: 3, region: null, start: 19 * H, end: 23 * H },
    ]);
  });

  it('a price at or below the threshold, or for a program that does not curtail on price, opens no window', () => {
    const programs = [
      { id: 'rtp', kind: 'RTP', response: { price_threshold: 0.4 } },
      { id: 'tou', kind: 'TOU' },
    ];
    const price = (program: string, p: number) => ({ at: '1h', action: 'current_price', program, price: p, next_price: 0.1, tier: 2, duration: '1h', target: { program } });
    expect(responseWindows(study([price('rtp', 0.4)], programs))).toEqual([]);
    expect(responseWindows(study([price('tou', 2)], programs))).toEqual([]);
    expect(responseWindows(study([price('rtp', 0.41)], programs)).map((w) => w.cause)).toEqual(['price']);
  });

  it('a price over a span of its own stays a price response beside a program event', () => {
    const s = study(
      [
        { at: '2h', action: 'dr_event', program: 'cpp', duration: '2h', target: { program: 'cpp' } },
        { at: '3h', action: 'current_price', program: 'cpp', price: 0.9, next_price: 0.1, tier: 4, duration: '2h', target: { program: 'cpp' } },
      ],
      [{ id: 'cpp', kind: 'CPP', response: { price_threshold: 0.5 } }],
    );
    expect(responseWindows(s).map((w) => [w.cause, w.start / H, w.end / H])).toEqual([
      ['program', 2, 4],
      ['price', 3, 5],
    ]);
  });

  it('a day-ahead notice opens a window only when the devices it targets are in a CPP or PTR program', () => {
    const programs = [
      { id: 'dlc', kind: 'DLC' },
      { id: 'ptr', kind: 'PTR' },
    ];
    const notice = { at: '1h', action: 'day_ahead_notice', program: 'ptr', event_start: '3h', duration: '2h', target: { program: 'dlc' } };
    expect(responseWindows(study([notice], programs))).toEqual([]);
    const ptr = { ...notice, target: { program: 'ptr' } };
    expect(responseWindows(study([ptr], programs))).toEqual([
      { cause: 'program', name: 'ptr', signal: 'day_ahead_notice', signalIndex: 0, region: null, start: 3 * H, end: 5 * H },
    ]);
  });

  it('power-system conditions: under-frequency or low voltage respond for the 10 minutes the condition is valid, in the targeted region; normal ones do not', () => {
    const cond = (x: Record<string, unknown>) => ({ at: '2h', action: 'power_system_condition', visibility: 'public', ...x });
    const s = study([
      cond({ frequency_hz: 59.9, target: { region: 'south' } }),
      cond({ at: '3h', frequency_hz: 60, low_voltage: true }),
      cond({ at: '4h', frequency_hz: 60 }),
      cond({ at: '5h', frequency_hz: 59.95 }),
    ]);
    expect(responseWindows(s)).toEqual([
      { cause: 'autonomous', name: 'under_frequency', signal: 'power_system_condition', signalIndex: 0, region: 'south', start: 2 * H, end: 2 * H + 600_000 },
      { cause: 'autonomous', name: 'low_voltage', signal: 'power_system_condition', signalIndex: 1, region: null, start: 3 * H, end: 3 * H + 600_000 },
    ]);
  });

  it('messages that ask for no response open no window', () => {
    const s = study(
      [
        { at: '1h', action: 'text_message', text: { en: 'hi' } },
        { at: '1h', action: 'tou_schedule', program: 'tou', target: { program: 'tou' } },
        { at: '2h', action: 'public_alert', alert: 'grid_reliability', text: { en: 'alert' } },
        { at: '2h', action: 'load_control_schedule', program: 'dlc', duration: '1h', target: { program: 'dlc' } },
      ],
      [
        { id: 'tou', kind: 'TOU' },
        { id: 'dlc', kind: 'DLC' },
      ],
    );
    expect(responseWindows(s)).toEqual([]);
  });
});
