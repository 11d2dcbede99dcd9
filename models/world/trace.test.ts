import { describe, expect, it } from 'vitest';
import { chainStudy, makeScenario } from '../../test/support/scenario.ts';
import { MessageLog } from '../../conformance/message-log.ts';
import { decodeEnvelope } from '../wire/codec.ts';
import { buildWorld } from './run-scenario.ts';
import { TraceSource } from './trace.ts';

describe('trace sources', () => {
  it('have no call without subscribers, call every subscriber in order, and let each leave', () => {
    const src = new TraceSource<[n: number]>();
    expect(src.fire).toBeNull();
    const seen: string[] = [];
    const offA = src.connect((n) => seen.push(`a${n}`));
    src.connect((n) => seen.push(`b${n}`));
    src.fire?.(1);
    offA();
    src.fire?.(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  // A 4-hour chain run: long enough that the world reuses the rows of finished messages many times.
  const s = makeScenario({ ...chainStudy(60), duration: '4h' });

  it('observe without changing the run: every subscriber connected, the same points, steps and events', () => {
    const plain = buildWorld(s);
    plain.sim.run({ until: s.duration });
    const watched = buildWorld(s);
    new MessageLog(watched.world);
    const t = watched.world.trace;
    let calls = 0;
    for (const src of [t.created, t.hopQueued, t.hopStarted, t.hopEnded, t.hopDone, t.delivered, t.dropped, t.accepted, t.step, t.gridResponse]) (src as TraceSource<unknown[]>).connect(() => calls++);
    watched.sim.run({ until: s.duration });
    expect(calls).toBeGreaterThan(0);
    expect(watched.sim.delivered).toBe(plain.sim.delivered);
    expect(JSON.stringify(watched.world.rec.points)).toBe(JSON.stringify(plain.world.rec.points));
    expect([...watched.world.rec.steps]).toEqual([...plain.world.rec.steps]);
  });

  it('let a log keep every message as created while the world reuses rows', () => {
    const { sim, world: w } = buildWorld(s);
    const log = new MessageLog(w);
    const started: number[] = [];
    const done: number[] = [];
    // Serials, taken at the trace point: the row may hold another message later.
    w.trace.hopStarted.connect((_l, _i, row) => started.push(log.serialOf(row)));
    w.trace.hopDone.connect((_l, row) => done.push(log.serialOf(row)));
    sim.run({ until: s.duration });
    // Rows were reused: far fewer rows than messages.
    expect(w.msgs.count).toBeLessThan(log.count / 2);
    // Each logged message is the one created: its own frame names it (header id, visibility), whatever its row holds now.
    const ids = new Set<number>();
    let framed = 0;
    for (let m = 0; m < log.count; m++) {
      expect(ids.has(log.wire[m]), `header id ${log.wire[m]} twice`).toBe(false);
      ids.add(log.wire[m]);
      const f = log.frames[m];
      if (!f) continue;
      framed++;
      const env = decodeEnvelope(f);
      if (!env.ok) throw new Error(env.detail);
      expect(env.value.header.id).toBe(log.wire[m]);
      expect(env.value.header.sentAtMs).toBe(log.created[m]);
      expect(env.value[log.kindName(m)]).toBeDefined();
    }
    expect(framed).toBeGreaterThan(100);
    // Every acceptance names a message that was created before it, and every hop one that exists.
    for (const a of log.accepted) expect(log.created[a.m]).toBeLessThanOrEqual(a.at);
    expect(started.every((m) => m >= 0 && m < log.count)).toBe(true);
    expect(done.length).toBeGreaterThan(0);
  });
});
