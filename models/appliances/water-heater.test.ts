import { describe, expect, it } from 'vitest';
import { referenceWaterHeater } from './reference.ts';
import { simulate, timeAtLeast } from './test-harness.ts';
import { HOUR, MINUTE, type Control } from './types.ts';
import { RHO_C, WaterHeaterFleet, type Draw } from './water-heater.ts';
import { constantWeather } from './weather.ts';

const w = constantWeather(30);
const fixed = {
  tankL: [189],
  tankShare: [1],
  ua50galWPerK: [1.05, 1.05],
  setpointC: [51, 0, 51, 51],
  deadbandC: [2, 2],
  ambientC: [25, 25],
  dailyHotWaterL: [200, 200],
} as const;

/** First draw at or after slot k0 (searching a few days). */
function firstDraw(f: WaterHeaterFleet, i: number, k0: number): { k: number; d: Draw } {
  for (let k = k0; k < k0 + 1000; k++) {
    const d = { ...f.drawInSlot(i, k) };
    if (!Number.isNaN(d.start)) return { k, d };
  }
  throw new Error('no draw');
}

/** Is there a draw starting in (a, b)? */
function drawBetween(f: WaterHeaterFleet, i: number, a: number, b: number): boolean {
  for (let k = Math.floor(a / f.p.slotMs); k * f.p.slotMs < b; k++) {
    const d = f.drawInSlot(i, k);
    if (d.start > a && d.start < b) return true;
  }
  return false;
}

describe('water heater: tank after a known draw', () => {
  it('with the element shed, hot volume and mean tank temperature match the hand-computed enthalpy balance', () => {
    const f = new WaterHeaterFleet(1, 12, 700, fixed);
    f.init(0, 0);
    f.setControl(0, { mode: 'shed' }, 0);
    f.advance(0, 0, w);
    const Tw0 = f.field(0, 'Tw');
    const { d } = firstDraw(f, 0, 0);
    let tEval = d.end + 30 * MINUTE;
    while (drawBetween(f, 0, d.end, tEval)) tEval -= MINUTE;
    for (const t of [d.start, d.end, tEval]) f.advance(0, t, w);
    expect(f.powerKw(0)).toBe(0);

    // By hand: one node cools toward ambient until the draw; then the thermocline moves with the draw and the jacket loss.
    const V = 189, UA = 1.05 * (V / 189.3), C = RHO_C * V, tau = C / UA, Tamb = 25, Tin = 15.6;
    const TwAtDraw = Tamb + (Tw0 - Tamb) * Math.exp(-d.start / 1000 / tau);
    const lossRate = (UA * (TwAtDraw - Tamb)) / (RHO_C * (TwAtDraw - Tin)); // L/s of hot water lost to the jacket
    const drawn = (d.flowLps * (d.end - d.start)) / 1000;
    const Vh = V - drawn - (lossRate * (tEval - d.start)) / 1000;
    expect(f.field(0, 'Tw')).toBeCloseTo(TwAtDraw, 9);
    expect(f.field(0, 'Vh')).toBeCloseTo(Vh, 6);
    const meanT = Tin + (f.field(0, 'Vh') * (f.field(0, 'Tw') - Tin)) / V;
    expect(meanT).toBeCloseTo(Tin + (Vh * (TwAtDraw - Tin)) / V, 6);
    expect(meanT).toBeLessThan(TwAtDraw - (drawn / V) * (TwAtDraw - Tin) + 1e-9);
  });

  it('in normal operation the element runs from the draw until the tank is refilled and back at the upper deadband edge', () => {
    const f = new WaterHeaterFleet(1, 12, 700, fixed);
    f.init(0, 0);
    const { d } = firstDraw(f, 0, 0);
    f.advance(0, 0, w);
    f.advance(0, d.start, w);
    expect(f.powerKw(0)).toBe(4.5);
    const Tw = f.field(0, 'Tw'), V = 189, UA = 1.05 * (V / 189.3), Tamb = 25, Tin = 15.6, P = 4500;
    const vh0 = f.field(0, 'Vh');
    // By hand: net hot-volume rate during and after the draw, refill time, then one-node heating to Toff.
    const gain = (P - UA * (Tw - Tamb)) / (RHO_C * (Tw - Tin));
    const vAtEnd = vh0 + ((gain - d.flowLps) * (d.end - d.start)) / 1000;
    const tRefill = d.end + ((V - vAtEnd) / gain) * 1000;
    const Teq = Tamb + P / UA, tau = (RHO_C * V) / UA, Toff = 51 + 1;
    const tOff = Tw >= Toff ? tRefill : tRefill + -tau * Math.log((Toff - Teq) / (Tw - Teq)) * 1000;
    expect(drawBetween(f, 0, d.end, tOff + 1000)).toBe(false); // another draw would change the arithmetic
    // Follow the device's own events until the element switches off.
    let t = d.start, n = f.advance(0, t, w);
    for (let guard = 0; f.powerKw(0) > 0 && guard < 50; guard++) (t = n), (n = f.advance(0, t, w));
    expect(Math.abs(t - tOff)).toBeLessThanOrEqual(2);
    expect(f.field(0, 'Tw')).toBeGreaterThanOrEqual(Toff - 1e-6);
    expect(f.field(0, 'Vh')).toBe(V);
  });
});

describe('water heater: safety and energy', () => {
  it('without DR the tank never runs a deficit, whatever the draws (also draws starting exactly on a slot boundary)', () => {
    const N = 1500;
    const f = new WaterHeaterFleet(N, 5, 1, { dailyHotWaterL: [250, 350] });
    for (let i = 0; i < N; i++) f.init(i, 0);
    // Device 852 of this seed has a draw starting exactly at the start of slot 184.
    expect(f.drawInSlot(852, 184).start).toBe(184 * f.p.slotMs);
    let worst = 0;
    simulate(f, w, 0, 72 * HOUR, { onEvent: (i) => (worst = Math.max(worst, f.field(i, 'deficit'))) });
    expect(worst).toBe(0);
    expect(f.shortfalls).toBe(0);
    expect(f.violations).toBe(0);
  });

  it('a heavy user shed all morning never gets water below 45 °C: the reserve turns the element back on', () => {
    const params = { ...fixed, dailyHotWaterL: [420, 420] as const };
    const N = 8;
    const f = new WaterHeaterFleet(N, 31, 800, params);
    const ref = new WaterHeaterFleet(N, 31, 800, params);
    for (let i = 0; i < N; i++) f.init(i, 0), ref.init(i, 0);
    const controls = [{ t: 5 * HOUR, control: { mode: 'shed' } as Control }, { t: 13 * HOUR, control: { mode: 'normal' } as Control }];
    const actions = Array.from({ length: N }, (_, i) => controls.map((c) => ({ ...c, i }))).flat();
    const run = simulate(f, w, 0, 24 * HOUR, { actions });
    expect(f.violations).toBe(0);
    let safetyRuns = 0;
    for (let i = 0; i < N; i++) {
      safetyRuns += timeAtLeast(run.traces[i], 5 * HOUR, 13 * HOUR, 1);
      const r = referenceWaterHeater(ref, i, 0, 24 * HOUR, controls);
      expect(r.minOutletC).toBeGreaterThanOrEqual(45);
    }
    expect(safetyRuns).toBeGreaterThan(0);
  });

  it('conserves energy: event-driven electric energy matches a 1-second reference within 1%, whose enthalpy balance closes', () => {
    const N = 6;
    const f = new WaterHeaterFleet(N, 41, 900);
    const ref = new WaterHeaterFleet(N, 41, 900);
    for (let i = 0; i < N; i++) f.init(i, 0), ref.init(i, 0);
    const controls = [
      { t: 7 * HOUR, control: { mode: 'cycle', offFraction: 0.5, periodMs: HOUR, phaseMs: 0 } as Control },
      { t: 9 * HOUR, control: { mode: 'normal' } as Control },
      { t: 17 * HOUR, control: { mode: 'shed' } as Control },
      { t: 21 * HOUR, control: { mode: 'normal' } as Control },
    ];
    const actions = Array.from({ length: N }, (_, i) => controls.map((c) => ({ ...c, i }))).flat();
    const run = simulate(f, w, 0, 48 * HOUR, { actions });
    for (let i = 0; i < N; i++) {
      const r = referenceWaterHeater(ref, i, 0, 48 * HOUR, controls);
      expect(Math.abs(run.energyKwh[i] - r.energyKwh) / r.energyKwh).toBeLessThan(0.01);
      const balance = r.storedEndKwh - r.storedStartKwh + r.lossKwh + r.drawnKwh;
      expect(Math.abs(balance - r.energyKwh) / r.energyKwh).toBeLessThan(0.01);
      expect(r.drawnL).toBeGreaterThan(200);
    }
  });
});
