import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../test/support/scenario.ts';
import { LinkLab } from './link-lab.ts';

const network = (han: Record<string, unknown> = {}, priority = true) =>
  makeScenario({ name: 'transport', duration: '1h', population: { customers: 2 }, network: { priority_queuing: priority, han: { bandwidth_Bps: 1000, loss: 0, ...han } } }).network;

describe('transport: links, queues and faults', () => {
  it('sends one frame at a time at the link bandwidth, highest class first, FIFO within a class', () => {
    const lab = new LinkLab(network(), 'han');
    // While frame 0 is on the air, a low, a high and a second high frame arrive.
    const f0 = lab.feed({ at: 0, bytes: 100, cls: 1 });
    const low = lab.feed({ at: 10, bytes: 50, cls: 2 });
    const high1 = lab.feed({ at: 20, bytes: 30, cls: 0 });
    const high2 = lab.feed({ at: 30, bytes: 30, cls: 0 });
    const order = lab.run().map((d) => [d.frame, d.start, d.end]);
    expect(order).toEqual([
      [f0, 0, 100],
      [high1, 100, 130],
      [high2, 130, 160],
      [low, 160, 210],
    ]);
  });

  it('with priority queuing off, serves arrivals in order', () => {
    const lab = new LinkLab(network({}, false), 'han');
    lab.feed({ at: 0, bytes: 100, cls: 1 });
    lab.feed({ at: 10, bytes: 50, cls: 2 });
    lab.feed({ at: 20, bytes: 30, cls: 0 });
    expect(lab.run().map((d) => d.frame)).toEqual([0, 1, 2]);
  });

  it('charges at least 1 ms of airtime, whole ms rounded up', () => {
    const lab = new LinkLab(network({ bandwidth_Bps: 3000 }), 'han');
    lab.feed({ at: 0, bytes: 1, cls: 0 });
    lab.feed({ at: 100, bytes: 10, cls: 0 });
    expect(lab.run().map((d) => d.end - d.start)).toEqual([1, 4]);
  });

  it('refuses a frame without a measured size rather than charge it the 1 ms minimum', () => {
    // World.create leaves messages of fixed-delay paths (LAN, web) unsized (-1): none may reach a link.
    const lab = new LinkLab(network(), 'han');
    lab.feed({ at: 0, bytes: -1, cls: 0 });
    expect(() => lab.run()).toThrow(/without a measured size/);
  });

  it('a link that is down loses every attempt: retried after the timeout, then dropped', () => {
    const lab = new LinkLab(network({ max_retries: 2, retry_timeout_ms: 500 }), 'han');
    lab.transport.linkDown('han', 0, true);
    lab.feed({ at: 0, bytes: 100, cls: 0 });
    const deps = lab.run();
    expect(deps.map((d) => [d.start, d.ok, d.dropped])).toEqual([
      [0, false, false],
      [600, false, false],
      [1200, false, true],
    ]);
  });

  it('a link back up carries frames again; outages overlap until the last ends', () => {
    const lab = new LinkLab(network({ max_retries: 0 }), 'han');
    lab.transport.linkDown('han', 0, true);
    lab.transport.linkDown('han', 0, true);
    lab.transport.linkDown('han', 0, false);
    lab.feed({ at: 0, bytes: 100, cls: 0 });
    expect(lab.run().map((d) => d.ok)).toEqual([false]);
    lab.transport.linkDown('han', 0, false);
    lab.feed({ at: 1000, bytes: 100, cls: 0 });
    expect(lab.run().map((d) => d.ok)).toEqual([true]);
  });

  it('a meter restart loses what is queued at its HAN and the frame on the air, not other HANs', () => {
    const lab = new LinkLab(network({ max_retries: 0 }), 'han', { links: 2 });
    const onAir = lab.feed({ at: 0, bytes: 100, cls: 0 });
    lab.feed({ at: 10, bytes: 100, cls: 0 });
    lab.feed({ at: 20, bytes: 100, cls: 0 });
    const other = lab.feed({ at: 20, bytes: 100, cls: 0, link: 1 });
    lab.run(50);
    lab.transport.restartMeter(0);
    const deps = lab.run();
    // The queued two at once; the one on the air when its transmission ends on a link that is down.
    expect(lab.dropped).toEqual([1, 2, onAir]);
    expect(deps.map((d) => [d.frame, d.ok])).toEqual([
      [onAir, false],
      [other, true],
    ]);
  });
});
