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
      { cause: 'program', name: 'cpp', signal: 'dr_event', signalIndex: 3, region: null, start: 19 * H, end: 23 * H, programs: [1] },
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
      { cause: 'program', name: 'ptr', signal: 'day_ahead_notice', signalIndex: 0, region: null, start: 3 * H, end: 5 * H, programs: [1] },
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
      { cause: 'autonomous', name: 'under_frequency', signal: 'power_system_condition', signalIndex: 0, region: 'south', start: 2 * H, end: 2 * H + 600_000, programs: null },
      { cause: 'autonomous', name: 'low_voltage', signal: 'power_system_condition', signalIndex: 1, region: null, start: 3 * H, end: 3 * H + 600_000, programs: null },
    ]);
  });

  it('a window names the programs whose devices respond in it: those the signal reaches that act on it', () => {
    const programs = [
      { id: 'rtp', kind: 'RTP', response: { price_threshold: 0.2 } },
      { id: 'cpp', kind: 'CPP', response: { price_threshold: 0.8 } },
      { id: 'ptr', kind: 'PTR' },
      { id: 'dlc', kind: 'DLC' },
    ];
    const price = (at: string, p: number) => ({ at, action: 'current_price', program: 'rtp', price: p, next_price: 0.1, tier: 2, duration: '1h', target: { all: true } });
    const s = study(
      [
        price('1h', 0.5),
        price('3h', 0.9),
        { at: '5h', action: 'day_ahead_notice', program: 'cpp', event_start: '6h', duration: '1h', target: { region: 'north' } },
        { at: '8h', action: 'dr_event', program: 'dlc', duration: '1h', target: { region: 'north' } },
      ],
      programs,
    );
    expect(responseWindows(s).map((w) => [w.cause, w.start / H, w.programs])).toEqual([
      ['price', 1, [0]],
      ['price', 3, [0, 1]],
      ['program', 6, [1, 2]],
      ['program', 8, [3]],
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

  it('windows of one cause, program and region that abut or overlap are one window, counted for the first signal', () => {
    const programs = [{ id: 'dlc', kind: 'DLC' }];
    const ev = (at: string, duration: string, target: Record<string, unknown> = { program: 'dlc' }) => ({ at, action: 'dr_event', program: 'dlc', duration, target });
    const s = study([ev('2h', '1h'), ev('3h', '1h'), ev('3h30m', '1h'), ev('6h', '1h'), ev('3h', '1h', { region: 'south' })], programs);
    expect(responseWindows(s).map((w) => [w.cause, w.region, w.signalIndex, w.start / H, w.end / H])).toEqual([
      ['program', null, 0, 2, 4.5],
      ['program', 'south', 4, 3, 4],
      ['program', null, 3, 6, 7],
    ]);
    // A condition renewed before it lapses: one autonomous response.
    const cond = (at: string) => ({ at, action: 'power_system_condition', visibility: 'public', frequency_hz: 59.9 });
    expect(responseWindows(study([cond('2h'), cond('2h10m'), cond('2h15m')])).map((w) => [w.start / H, (w.end - 2 * H) / 60_000])).toEqual([[2, 25]]);
  });

  it('prices as devices hold them: a newer signal replaces an older one, a dear next price holds one more block', () => {
    const programs = [{ id: 'rtp', kind: 'RTP', response: { price_threshold: 0.2 } }];
    const price = (at: string, p: number, next: number, duration = '1h') => ({ at, action: 'current_price', program: 'rtp', price: p, next_price: next, tier: 2, duration, target: { program: 'rtp' } });
    const spans = (timeline: Record<string, unknown>[]) => responseWindows(study(timeline, programs)).map((w) => [w.start / H, w.end / H]);
    // A dear hour announcing a dear next hour curtails two hours; a cheap signal in between ends it.
    expect(spans([price('1h', 0.5, 0.5)])).toEqual([[1, 3]]);
    expect(spans([price('1h', 0.5, 0.5), price('2h', 0.1, 0.1)])).toEqual([[1, 2]]);
    expect(spans([price('1h', 0.5, 0.1, '2h'), price('2h', 0.1, 0.1)])).toEqual([[1, 2]]);
    // Back-to-back dear hours are one window; a dear signal with a shorter block replaces the longer one.
    expect(spans([price('1h', 0.5, 0.5), price('2h', 0.5, 0.5), price('3h', 0.5, 0.1)])).toEqual([[1, 4]]);
    expect(spans([price('1h', 0.5, 0.1, '4h'), price('2h', 0.5, 0.1, '30m')])).toEqual([[1, 2.5]]);
    // A price sent elsewhere does not replace it.
    expect(spans([price('1h', 0.5, 0.1, '2h'), { ...price('2h', 0.1, 0.1), target: { region: 'south' } }])).toEqual([[1, 3]]);
  });
});
