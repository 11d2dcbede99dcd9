/**
 * The embedded sink: appends every point as one line of InfluxDB line protocol to `<run dir>/metrics.lp`
 * (load it into InfluxDB with a POST to /write?db=…&precision=n). Writes are synchronous so order is kept and
 * nothing sits in a stream's queue: a point accepted by write() is on disk once close() has resolved.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MetricPoint, MetricSink } from '../point.ts';
import { toLineProtocol, type LineProtocolOptions } from './line-protocol.ts';

export const METRICS_FILE_NAME = 'metrics.lp';

export interface FileSinkOptions extends LineProtocolOptions {
  /** File to append to, usually `<run dir>/metrics.lp`; its folder is created if missing. */
  path: string;
  /** Buffered text is written once it reaches this many UTF-16 units (default 1 MiB). */
  bufferChars?: number;
  /** Start the file afresh instead of appending (a run writing into a folder an earlier run used). */
  replace?: boolean;
}

export class FileSink implements MetricSink {
  readonly path: string;
  /** Lines written (or buffered), and points skipped because no field was finite. */
  readonly stats = { points: 0, skipped: 0 };
  private fd: number | null;
  private buf: string[] = [];
  private bufChars = 0;
  private readonly limit: number;
  private readonly enc: LineProtocolOptions;

  constructor(opts: FileSinkOptions) {
    this.path = opts.path;
    this.limit = opts.bufferChars ?? 1 << 20;
    this.enc = { runId: opts.runId, startEpochMs: opts.startEpochMs };
    mkdirSync(dirname(opts.path), { recursive: true });
    this.fd = openSync(opts.path, opts.replace ? 'w' : 'a');
  }

  write(points: readonly MetricPoint[]): void {
    if (this.fd === null) throw new Error(`FileSink(${this.path}): write() after close()`);
    for (const p of points) {
      const line = toLineProtocol(p, this.enc);
      if (line === null) {
        this.stats.skipped++;
        continue;
      }
      this.buf.push(line);
      this.bufChars += line.length + 1;
      this.stats.points++;
    }
    if (this.bufChars >= this.limit) this.flush();
  }

  /** Writes buffered lines to the file (not fsynced; close() fsyncs). */
  flush(): void {
    if (this.fd === null || this.buf.length === 0) return;
    const bytes = Buffer.from(this.buf.join('\n') + '\n', 'utf8');
    this.buf = [];
    this.bufChars = 0;
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off);
    } catch (err) {
      throw withPath(err, this.path);
    }
  }

  async close(): Promise<void> {
    if (this.fd === null) return;
    try {
      this.flush();
      fsyncSync(this.fd);
    } catch (err) {
      throw withPath(err, this.path);
    } finally {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** A write or fsync error names only a descriptor: give it the file's path so the message can name it (disk full). */
function withPath(err: unknown, path: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e !== null && typeof e === 'object' && typeof e.code === 'string' && e.path === undefined) e.path = path;
  return err;
}
