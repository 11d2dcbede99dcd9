/**
 * A metric point as the simulation emits it: measurement, low-cardinality tags (never a device id),
 * numeric fields, and simulated time in ms from the run's start. Sinks add `run_id` and turn simulated
 * time into a real timestamp anchored at the scenario's start instant.
 */
export interface MetricPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  /** Simulated ms since the scenario start. */
  t: number;
}

export interface MetricSink {
  /** Accepts a batch; may buffer. Must never lose a point it accepted. */
  write(points: readonly MetricPoint[]): void;
  /** Flushes everything accepted so far and releases resources. */
  close(): Promise<void>;
}
