/**
 * What a run of the C5 world lets an observer see (ns-3's trace sources, sim/trace-source.ts), in one place.
 * The world fires these where they happen; the recorder, the conformance suite and tests connect to them
 * instead of wrapping World methods. A source without subscribers costs its trace point one null test.
 * The link sources are the transport's own (models/transport), so its callers see the same transmissions.
 *
 * Message arguments are rows of `World.msgs`, valid during the call only: rows of finished messages are
 * reused (between slices of simulated time), so a subscriber copies what it needs when it is called.
 */
import { TraceSource } from '../../sim/trace-source.ts';
import type { GridCondition } from '../appliances/types.ts';
import type { Links } from '../transport/links.ts';
import type { TransportTrace } from '../transport/transport.ts';

export { TraceSource } from '../../sim/trace-source.ts';

export class WorldTrace {
  /** Message m was created (World.create): its row holds what it is, where it goes, and its frame. */
  readonly created = new TraceSource<[m: number]>();
  /** m waits on `link` behind the link's current transmission. */
  readonly hopQueued: TransportTrace['queued'];
  /** A transmission of m on `link` starts (from idle, from the link's queue, or a retry). */
  readonly hopStarted: TransportTrace['started'];
  /** A transmission of m on `link` ended: through (`ok`) or lost, and then `dropped` when out of retries. */
  readonly hopEnded: TransportTrace['departed'];
  /** m crossed a link of `links`, `ms` after it joined it (queueing, airtime and retransmissions). */
  readonly hopDone = new TraceSource<[links: Links, m: number, ms: number]>();
  /** m reached its final destination (a broadcast: the last device in its region heard it). */
  readonly delivered = new TraceSource<[m: number]>();
  /** m was lost: out of retries, or queued on a link that went away. */
  readonly dropped = new TraceSource<[m: number]>();
  /** Device d accepted m (decoded, addressed to it or public, in a language it shows). */
  readonly accepted = new TraceSource<[m: number, d: number]>();
  /** A step of the use case happened (S1-01 … S2-08), in the event being handled. */
  readonly step = new TraceSource<[id: string]>();
  /** NFR-03: device d now holds demand `demandW` (W) as the meter measured it at `readingAt` (ms). */
  readonly usageHeld = new TraceSource<[d: number, demandW: number, readingAt: number]>();
  /** DEMAND_LIMIT: the EMS `ems` sends appliance d its shed (true) or restore (false) command now (ems/). */
  readonly emsCommand = new TraceSource<[ems: number, d: number, shed: boolean]>();
  /** OI-1: device d responds on its own to a grid condition it heard, for `ms`. */
  readonly gridResponse = new TraceSource<[d: number, cond: GridCondition, ms: number]>();

  constructor(links: TransportTrace) {
    this.hopQueued = links.queued;
    this.hopStarted = links.started;
    this.hopEnded = links.departed;
  }
}
