/**
 * Streams points to InfluxDB 1.x (`--influx http://host:port/db`) without ever stalling the simulation or
 * losing a point (DESIGN principle 7).
 *
 * write() only encodes and enqueues: points collect into batches (batchPoints, or whatever arrived within
 * flushIntervalMs); batches wait in memory up to maxMemoryPoints, and past that each new batch is spooled to
 * `spoolDir` as a line-protocol file. One background flusher sends batches strictly in order, one request at
 * a time, and on failure retries the same batch with exponential backoff (capped at retryMaxMs) until it
 * succeeds or close() gives up. A batch leaves the queue (and its spool file is deleted) only after InfluxDB
 * acknowledged it, so nothing is lost; a write that timed out but did land is sent again, which InfluxDB
 * absorbs: a point with the same measurement, tag set and timestamp replaces the stored one field by field,
 * and the values are identical, so nothing is counted twice. (The same rule means two different points of one
 * series at one instant keep only the last: the metrics layer emits at most one point per series and instant.)
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricPoint, MetricSink } from '../point.ts';
import { httpStatus, InfluxHttp, isPermanent } from './influx-http.ts';
import { deleteFile, listSpool, removeIfEmpty, writeSpoolFile } from './influx-spool.ts';
import { parseInfluxUrl, redact } from './influx-url.ts';
import { toLineProtocol, type LineProtocolOptions } from './line-protocol.ts';

export { InvalidInfluxUrl, parseInfluxUrl, type InfluxTarget } from './influx-url.ts';
export { ReplayError, listSpool, replaySpool } from './influx-spool.ts';

export interface InfluxSinkOptions extends LineProtocolOptions {
  /** `http://host:port/database`; throws InvalidInfluxUrl if malformed. */
  url: string;
  /** Where batches go when memory is full or when close() times out, e.g. `<run dir>/influx-spool`. */
  spoolDir: string;
  /** Points per request (default 5,000). */
  batchPoints?: number;
  /** A partial batch is sealed and sent after this much wall time (default 1,000 ms). */
  flushIntervalMs?: number;
  /** Points held in memory before batches are spooled to disk (default 50,000). */
  maxMemoryPoints?: number;
  /** Per-request timeout (default 10,000 ms). */
  requestTimeoutMs?: number;
  retryInitialMs?: number; // default 100
  retryMaxMs?: number; // default 5,000
  /** Outage and recovery notices (default: silent). */
  log?: (message: string) => void;
}

export interface InfluxSinkStats {
  /** Points InfluxDB acknowledged. */
  written: number;
  /** Points that went through the disk spool (cumulative). */
  spooled: number;
  /** Failed requests (each was or will be retried). */
  retries: number;
  /** Points accepted and not yet acknowledged, in memory or on disk. */
  pending: number;
  /** Of pending, those in spool files now. */
  onDisk: number;
  /** Points InfluxDB refused as invalid (HTTP 400/413); kept under `<spoolDir>/rejected/`. */
  rejected: number;
  /** Points dropped by write() because no field was finite. */
  skipped: number;
}

/** close() gave up: the points are safe in the spool and the message says how to replay them. */
export class InfluxSpoolError extends Error {
  override name = 'InfluxSpoolError';
  constructor(
    message: string,
    readonly points: number,
    readonly spoolDir: string,
  ) {
    super(message);
  }
}

interface Batch {
  seq: number;
  count: number;
  text?: string; // in memory
  file?: string; // or spooled
}

export class InfluxSink implements MetricSink {
  readonly spoolDir: string;
  private readonly http: InfluxHttp;
  private readonly enc: LineProtocolOptions;
  private readonly url: string;
  private readonly batchPoints: number;
  private readonly maxMemoryPoints: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly log: (message: string) => void;
  private readonly timer: NodeJS.Timeout;

  private lines: string[] = [];
  private readonly queue: Batch[] = [];
  private memoryPoints = 0;
  private nextSeq: number;
  private dbReady = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private halted = false;
  private pumping: Promise<void> | undefined;
  private inFlight: AbortController | undefined;
  private wake: (() => void) | undefined;
  private failing = false;
  private lastError = '';
  private spoolError = '';
  private readonly s = { written: 0, spooled: 0, retries: 0, onDisk: 0, rejected: 0, skipped: 0 };

  constructor(opts: InfluxSinkOptions) {
    this.http = new InfluxHttp(parseInfluxUrl(opts.url), opts.requestTimeoutMs ?? 10_000);
    this.url = redact(opts.url);
    this.enc = { runId: opts.runId, startEpochMs: opts.startEpochMs };
    this.spoolDir = opts.spoolDir;
    this.batchPoints = opts.batchPoints ?? 5_000;
    this.maxMemoryPoints = opts.maxMemoryPoints ?? 50_000;
    this.retryInitialMs = opts.retryInitialMs ?? 100;
    this.retryMaxMs = opts.retryMaxMs ?? 5_000;
    this.log = opts.log ?? (() => {});
    // Files left by an earlier run in the same folder are not ours to send; number ours after them.
    this.nextSeq = (listSpool(this.spoolDir).at(-1)?.seq ?? 0) + 1;
    this.timer = setInterval(() => {
      if (this.lines.length > 0) this.seal();
      this.kick();
    }, opts.flushIntervalMs ?? 1_000);
    this.timer.unref(); // close() must be awaited; an idle sink does not keep the process alive
  }

  get stats(): InfluxSinkStats {
    let pending = this.lines.length;
    for (const b of this.queue) pending += b.count;
    return { ...this.s, pending };
  }

  write(points: readonly MetricPoint[]): void {
    if (this.closed) throw new Error('InfluxSink: write() after close()');
    for (const p of points) {
      const line = toLineProtocol(p, this.enc);
      if (line === null) {
        this.s.skipped++;
        continue;
      }
      this.lines.push(line);
      if (this.lines.length >= this.batchPoints) this.seal();
    }
    this.kick();
  }

  /**
   * Resolves once every accepted point is acknowledged. If that has not happened within timeoutMs (default
   * 30 s), stops, moves what is still in memory to the spool, and rejects with an InfluxSpoolError that says
   * how many points are where and how to replay them. Also rejects if InfluxDB refused any batch as invalid.
   */
  close(opts: { timeoutMs?: number } = {}): Promise<void> {
    this.closing ??= this.finish(opts.timeoutMs ?? 30_000);
    return this.closing;
  }

  private async finish(timeoutMs: number): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    if (this.lines.length > 0) this.seal();
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      this.kick();
      this.wake?.(); // retry now rather than after the current backoff
      await raceTimeout(this.pumping, deadline - Date.now());
    }
    if (this.queue.length > 0) {
      this.halted = true;
      this.inFlight?.abort();
      this.wake?.();
      await raceTimeout(this.pumping, 1_000); // a hung database check is not worth waiting for: see send()
      for (const b of this.queue) if (b.text !== undefined) this.spool(b);
      const { pending, onDisk } = this.stats;
      const lost = pending - onDisk; // only if the disk failed too
      throw new InfluxSpoolError(
        `InfluxDB at ${this.url} did not take every point within ${timeoutMs} ms (last error: ${this.lastError || 'none'}). ` +
          `${onDisk} of ${pending} unwritten points are spooled in ${this.queue.filter((b) => b.file !== undefined).length} files in ${this.spoolDir}. ` +
          (lost > 0 ? `${lost} points could not be spooled (${this.spoolError}) and are lost. ` : 'Nothing is lost: ') +
          `once InfluxDB is reachable, run \`scsim influx-replay ${this.spoolDir} ${this.url}\`.` +
          this.rejectedNote(),
        onDisk,
        this.spoolDir,
      );
    }
    removeIfEmpty(this.spoolDir);
    if (this.s.rejected > 0) {
      throw new InfluxSpoolError(`InfluxDB at ${this.url} took every point it could parse.${this.rejectedNote()}`, 0, this.spoolDir);
    }
  }

  private rejectedNote(): string {
    return this.s.rejected === 0
      ? ''
      : ` InfluxDB refused ${this.s.rejected} points as invalid; they are kept in ${join(this.spoolDir, 'rejected')} with the server's reasons.`;
  }

  private seal(): void {
    const text = this.lines.join('\n') + '\n';
    const batch: Batch = { seq: this.nextSeq++, count: this.lines.length, text };
    this.lines = [];
    this.queue.push(batch);
    this.memoryPoints += batch.count;
    if (this.memoryPoints > this.maxMemoryPoints) this.spool(batch);
  }

  /** Moves a batch's text to disk. If the disk fails, the batch stays in memory: lose nothing. */
  private spool(b: Batch): void {
    try {
      b.file = writeSpoolFile(this.spoolDir, b.seq, b.text!);
    } catch (err) {
      if (!this.spoolError) this.log(`influx: cannot spool to ${this.spoolDir} (${(err as Error).message}); keeping points in memory`);
      this.spoolError = (err as Error).message;
      return;
    }
    this.memoryPoints -= b.count;
    b.text = undefined;
    this.s.spooled += b.count;
    this.s.onDisk += b.count;
  }

  private kick(): void {
    if (this.pumping === undefined && this.queue.length > 0 && !this.halted) this.pumping = this.pump();
  }

  private async pump(): Promise<void> {
    let backoff = this.retryInitialMs;
    try {
      while (this.queue.length > 0 && !this.halted) {
        if (await this.send(this.queue[0])) {
          backoff = this.retryInitialMs;
        } else if (!this.halted) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, backoff);
            t.unref();
            this.wake = () => (clearTimeout(t), resolve());
          });
          this.wake = undefined;
          backoff = Math.min(backoff * 2, this.retryMaxMs);
        }
      }
    } finally {
      this.pumping = undefined; // synchronously after the loop's last check: a write() after this kicks anew
    }
  }

  /** One attempt at the head batch; true if it left the queue (written, or refused as invalid). */
  private async send(b: Batch): Promise<boolean> {
    this.inFlight = new AbortController();
    let text = b.text;
    let refused = false;
    try {
      if (!this.dbReady) await this.http.ensureDatabase();
      this.dbReady = true;
      text ??= await readFile(b.file!, 'utf8');
      if (this.halted) return false;
      await this.http.write(text, this.inFlight.signal);
    } catch (err) {
      if (isPermanent(err) && text !== undefined) {
        this.refuse(b, text, err as Error);
        refused = true;
      } else {
        if (httpStatus(err) === 404) this.dbReady = false; // database dropped under us: create it again
        this.s.retries++;
        this.lastError = (err as Error).message;
        if (!this.failing) {
          this.log(`influx: writing to ${this.url} failed (${this.lastError}); buffering, spooling past ${this.maxMemoryPoints} points, retrying`);
        }
        this.failing = true;
        return false;
      }
    } finally {
      this.inFlight = undefined;
    }
    if (!refused) this.s.written += b.count;
    this.queue.shift();
    if (b.text !== undefined) this.memoryPoints -= b.count;
    if (b.file !== undefined) {
      this.s.onDisk -= b.count;
      await deleteFile(b.file); // after the acknowledgement: a crash in between means a harmless re-send
    }
    if (this.failing) this.log(`influx: ${this.url} is taking points again (${this.s.retries} failed attempts so far)`);
    this.failing = false;
    return true;
  }

  // InfluxDB refused the batch itself (a line it cannot parse, a field type conflict): keep it for a human.
  private refuse(b: Batch, text: string, err: Error): void {
    const dir = join(this.spoolDir, 'rejected');
    try {
      const file = writeSpoolFile(dir, b.seq, text);
      writeFileSync(`${file}.error.txt`, err.message + '\n');
    } catch (e) {
      this.log(`influx: cannot keep refused batch ${b.seq}: ${(e as Error).message}`);
    }
    this.s.rejected += b.count;
    this.log(`influx: ${this.url} refused batch ${b.seq} (${b.count} points): ${err.message}`);
  }
}

async function raceTimeout(p: Promise<void> | undefined, ms: number): Promise<void> {
  if (p === undefined || ms <= 0) return;
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (t = setTimeout(r, ms)))]);
  clearTimeout(t);
}
