import type { Simulator } from './simulator.ts';

/**
 * A kind of actor is a small handler table, as in ROSS's {init, event, final}. The kernel passes the
 * actor's global id and its index inside the kind, so the kind can keep per-actor state in
 * struct-of-arrays typed arrays indexed by `local` instead of one JS object per actor.
 */
export interface ActorKind {
  readonly name: string;
  /** Called once when the actor is spawned; typically schedules its first timers. */
  init?(sim: Simulator, id: number, local: number): void;
  /** Delivers one event: `type` and `payload` are the kind's own vocabulary; `data` is optional. */
  event(sim: Simulator, id: number, local: number, type: number, payload: number, data: unknown): void;
  /** Called once by `Simulator.finish()`, in id order. */
  final?(sim: Simulator, id: number, local: number): void;
}

/** The contiguous id range a kind occupies. */
export interface KindRange {
  readonly kind: number;
  readonly name: string;
  readonly first: number;
  readonly count: number;
}
