import { createRequire } from 'node:module';

/**
 * simjs 2.0.3, the reference our kernel is checked against. Under Node it exports its classes only by
 * assigning `window.Sim`, so give it a `window` for the duration of the require.
 */
export interface SimjsRequest {
  done(callback: () => void): SimjsRequest;
  cancel(): void;
}
export interface SimjsEntity {
  time(): number;
  setTimer(duration: number): SimjsRequest;
  send(message: unknown, delay: number, entity?: SimjsEntity): void;
}
export interface SimjsSim {
  addEntity<T>(klass: new (...a: never[]) => T, name?: string, ...args: unknown[]): T;
  simulate(endTime: number, maxEvents?: number): boolean;
  time(): number;
}
export interface SimjsModule {
  Sim: new () => SimjsSim;
  Entity: abstract new (sim: SimjsSim, name?: string) => SimjsEntity;
}

let cached: SimjsModule | undefined;

export function loadSimjs(): SimjsModule {
  if (cached) return cached;
  const g = globalThis as { window?: { Sim?: SimjsModule } };
  const hadWindow = 'window' in g;
  g.window ??= {};
  createRequire(import.meta.url)('simjs');
  const loaded = g.window.Sim;
  if (!hadWindow) delete g.window;
  if (!loaded) throw new Error('simjs did not register window.Sim');
  cached = loaded;
  return loaded;
}
