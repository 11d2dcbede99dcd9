import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { lookaheadMs, lookaheadProblem } from './link-graph.ts';

const study = (network: Record<string, unknown>) => makeScenario({ name: 'graph', duration: '1h', population: { customers: 10 }, network });

describe('the lookahead comes from the link graph', () => {
  it('is the WAN latency when it is the shortest delay between partitions (collector → NMS)', () => {
    expect(lookaheadMs(study({ wan: { latency_ms: 400 }, nms_processing_ms: 100, broadcast: { latency_ms: 2000 } }))).toBe(400);
  });

  it('follows the broadcast latency when that is shorter', () => {
    expect(lookaheadMs(study({ wan: { latency_ms: 400 }, broadcast: { latency_ms: 7 } }))).toBe(7);
  });

  it('is capped by the web round trip when every network delay is longer', () => {
    // The customer ↔ web site exchange takes 2 s (FR-01 in seconds): a link of an hour does not lengthen windows past it.
    expect(lookaheadMs(study({ wan: { latency_ms: 3_600_000 }, broadcast: { latency_ms: 3_600_000 } }))).toBe(2000);
  });

  it('names the field of a delay under 1 ms, and nothing when every delay is at least 1 ms', () => {
    expect(lookaheadProblem(study({ wan: { latency_ms: 0 } }))?.field).toBe('network.wan.latency_ms');
    expect(lookaheadProblem(study({ broadcast: { latency_ms: 0 } }))?.field).toBe('network.broadcast.latency_ms');
    expect(lookaheadProblem(study({ wan: { latency_ms: 1 }, broadcast: { latency_ms: 1 } }))).toBeNull();
  });

  it('includes the 50 ms LAN between back-office systems only when they run in different partitions', () => {
    const s = study({ wan: { latency_ms: 400 }, broadcast: { latency_ms: 2000 } });
    expect(lookaheadMs(s, false)).toBe(400);
    // The utility LAN's latency (models/world: CSS ↔ CDCS, CDCS → NMS) is 50 ms in the use case's back office.
    expect(lookaheadMs(s, true)).toBe(50);
  });
});
