/**
 * A pending-event set over an EventStore, popping slots in the kernel's total order
 * (tick, priority, source actor, source sequence). ns-3 style: the simulator works with any
 * implementation, so a calendar queue and a binary heap can be swapped and checked against each other.
 *
 * Scheduling is two-phase so the queue can choose where the record lives (a calendar bucket keeps its
 * events in its own chunks): `reserve(tick)` returns a slot, the caller writes the record with
 * `store.write(slot, tick, …)` and then calls `commit(slot)` before reserving another.
 */
export interface EventQueue {
  /** Events held, cancelled ones included until they are popped. */
  readonly size: number;
  /** Bytes held by the queue's own index structures (the records are the store's). */
  readonly bytes: number;
  /** A slot for an event at `tick`, which must not be before the last popped tick. */
  reserve(tick: number): number;
  /** Makes the slot just reserved, whose record is now written, pending. */
  commit(slot: number): void;
  /** Removes and returns the least slot, or -1 when empty. Its record stays valid until the next pop. */
  pop(): number;
  /** The tick of the least slot without removing it; Infinity when empty. */
  peekTick(): number;
}
