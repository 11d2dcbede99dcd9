/**
 * Smart plug: a small constant load (a lamp, a TV and set-top box) that DR simply switches off. No safety
 * constraint; discomfort is a small constant while it is held off.
 */
import { FleetBase } from './fleet.ts';
import { flagFields, floatFields } from './record.ts';
import { COMMON_DEFAULTS, type CommonParams, type Range, type Weather } from './types.ts';
import { paramIn } from './usage.ts';

export interface SmartPlugParams extends CommonParams {
  kw: Range;
  offDiscomfort: number;
}

export const SMART_PLUG_DEFAULTS: SmartPlugParams = {
  ...COMMON_DEFAULTS,
  kw: [0.05, 0.3],
  offDiscomfort: 0.2,
};

/** A smart plug's record (record.ts): its load, and whether it is on. */
const F = floatFields(['kw'] as const);
const B = flagFields(['on'] as const);

export class SmartPlugFleet extends FleetBase<SmartPlugParams, typeof F, typeof B> {
  readonly type = 'smart_plug';

  constructor(count: number, seed: number, firstActorId: number, params: Partial<SmartPlugParams> = {}) {
    super(count, seed, firstActorId, { ...SMART_PLUG_DEFAULTS, ...params }, 0, F, B);
  }

  protected initDevice(i: number, _t: number): void {
    const r = i * F.stride;
    this.f[r + F.kw] = paramIn(this.seed, this.actor(i), 0, this.p.kw);
    this.b[r * 8 + B.on] = 1;
  }

  powerKw(i: number): number {
    const r = i * F.stride;
    return this.b[r * 8 + B.on] ? this.f[r + F.kw] : 0;
  }

  discomfort(i: number, _t: number): number {
    return this.b[i * F.stride * 8 + B.on] ? 0 : this.p.offDiscomfort;
  }

  protected integrate(_i: number, _t: number, _w: Weather): void {}

  protected settle(i: number, t: number, _w: Weather): void {
    const r = i * F.stride;
    this.b[r * 8 + B.on] = this.ctl.blocked(r, t) ? 0 : 1;
  }

  protected next(i: number, t: number, _w: Weather): number {
    return this.ctl.nextBoundary(i * F.stride, t);
  }
}
