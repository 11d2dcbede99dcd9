/**
 * Smart plug: a small constant load (a lamp, a TV and set-top box) that DR simply switches off. No safety
 * constraint; discomfort is a small constant while it is held off.
 */
import { FleetBase } from './fleet.ts';
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

export class SmartPlugFleet extends FleetBase<SmartPlugParams> {
  readonly type = 'smart_plug';
  readonly kw: Float64Array;
  readonly on: Uint8Array;

  constructor(count: number, seed: number, firstActorId: number, params: Partial<SmartPlugParams> = {}) {
    super(count, seed, firstActorId, { ...SMART_PLUG_DEFAULTS, ...params }, 0);
    this.kw = this.col(new Float64Array(count));
    this.on = this.col(new Uint8Array(count));
  }

  protected initDevice(i: number, _t: number): void {
    this.kw[i] = paramIn(this.seed, this.actor(i), 0, this.p.kw);
    this.on[i] = 1;
  }

  powerKw(i: number): number {
    return this.on[i] ? this.kw[i] : 0;
  }

  discomfort(i: number, _t: number): number {
    return this.on[i] ? 0 : this.p.offDiscomfort;
  }

  protected integrate(_i: number, _t: number, _w: Weather): void {}

  protected settle(i: number, t: number, _w: Weather): void {
    this.on[i] = this.ctl.blocked(i, t) ? 0 : 1;
  }

  protected next(i: number, t: number, _w: Weather): number {
    return this.ctl.nextBoundary(i, t);
  }
}
