import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../point.ts';
import { FileSink, METRICS_FILE_NAME } from './file-sink.ts';
import { parseLineProtocol, parsedToPoint } from './line-protocol.ts';

const START = Date.UTC(2026, 0, 1);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'scsim-filesink-'));
  dirs.push(d);
  return d;
};

const points = (from: number, n: number): MetricPoint[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return { measurement: 'delivery latency', tags: { priority: ['low', 'medium', 'high'][i % 3] }, fields: { p95_s: i / 8, count: i }, t: i * 1000 };
  });

const readPoints = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => parsedToPoint(parseLineProtocol(l), START));

describe('FileSink', () => {
  it('writes every point, one line each, in order, and only buffers until close()', async () => {
    const path = join(tempDir(), 'run', METRICS_FILE_NAME);
    const sink = new FileSink({ path, runId: 'run-1', startEpochMs: START, bufferChars: 64 * 1024 });
    const all: MetricPoint[] = [];
    for (let c = 0; c < 25; c++) {
      const chunk = points(c * 4_000, 4_000);
      sink.write(chunk);
      all.push(...chunk);
    }
    await sink.close();
    const back = readPoints(path);
    expect(back).toHaveLength(100_000);
    expect(back.map((b) => b.point)).toEqual(all);
    expect(back.every((b) => b.runId === 'run-1')).toBe(true);
    expect(sink.stats).toEqual({ points: 100_000, skipped: 0 });
  });

  it('loses nothing that is still in its buffer when close() is awaited', async () => {
    const path = join(tempDir(), METRICS_FILE_NAME);
    const sink = new FileSink({ path, runId: 'r', startEpochMs: START }); // 1 MiB buffer: nothing flushed yet
    sink.write(points(0, 10));
    expect(readFileSync(path, 'utf8')).toBe('');
    await sink.close();
    expect(readPoints(path)).toHaveLength(10);
  });

  it('appends to an existing file and skips points without a finite field', async () => {
    const path = join(tempDir(), METRICS_FILE_NAME);
    const a = new FileSink({ path, runId: 'a', startEpochMs: START });
    a.write(points(0, 3));
    await a.close();
    const b = new FileSink({ path, runId: 'b', startEpochMs: START });
    b.write([{ measurement: 'x', tags: {}, fields: { v: NaN }, t: 0 }, ...points(3, 2)]);
    await b.close();
    expect(readPoints(path).map((p) => p.runId)).toEqual(['a', 'a', 'a', 'b', 'b']);
    expect(b.stats).toEqual({ points: 2, skipped: 1 });
  });

  it('refuses writes after close(), and close() twice is fine', async () => {
    const sink = new FileSink({ path: join(tempDir(), METRICS_FILE_NAME), runId: 'r', startEpochMs: START });
    await sink.close();
    await sink.close();
    expect(() => sink.write(points(0, 1))).toThrow(/after close/);
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk (/dev/full) is an error naming the file, for a one-line message', async () => {
    const sink = new FileSink({ path: '/dev/full', runId: 'r', startEpochMs: START });
    sink.write(points(0, 10));
    await expect(sink.close()).rejects.toMatchObject({ code: 'ENOSPC', path: '/dev/full' });
  });
});
