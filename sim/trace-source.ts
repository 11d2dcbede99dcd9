/**
 * A typed trace source (ns-3's idea): a model declares what can be observed as sources and fires them at
 * the points where it happens; observers connect to the ones they need. A source nobody connected to costs
 * its trace point one null test (`src.fire?.(…)`).
 */
export type Sink<A extends unknown[]> = (...args: A) => void;

/** Any number of subscribers, called in the order they connected. */
export class TraceSource<A extends unknown[]> {
  /** The trace point's call: every subscriber in turn, or null while there is none. */
  fire: Sink<A> | null = null;
  private sinks: Sink<A>[] = [];

  /** Subscribes `sink`; the function returned unsubscribes it. */
  connect(sink: Sink<A>): () => void {
    this.sinks = [...this.sinks, sink];
    this.rebuild();
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
      this.rebuild();
    };
  }

  private rebuild(): void {
    const sinks = this.sinks;
    if (sinks.length === 0) this.fire = null;
    else if (sinks.length === 1) this.fire = sinks[0];
    else
      this.fire = (...args: A) => {
        for (const s of sinks) s(...args);
      };
  }
}
