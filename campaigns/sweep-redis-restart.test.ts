import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startRedisServer, type RedisServer } from '../test/support/redis-server.ts';
import { scsim, startWorker, until, type WorkerProcess } from '../test/support/scsim-processes.ts';

/**
 * Faults that need our own redis-server (CI's shared one is never stopped): a worker that stalls (SIGSTOP:
 * its lock expires and another worker takes the run) and Redis restarted mid-campaign with its append-only
 * file on — the running sweep carries on, and a sweep killed meanwhile resumes by running the same command.
 * Each checks the results row by row against the same campaign run locally.
 */
const redis = redisAvailable({ ownServer: true });
const STUDY = 'campaigns/fixtures/tiny.yaml';
// Runs of about a second each, so faults land while runs are in flight.
const LONG = ['--set', 'population.customers=1500', '--set', 'duration=3h'];
const tmp = mkdtempSync(join(tmpdir(), 'scsim-redis-restart-'));
let server: RedisServer | undefined;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  if (redis.ok) server = await startRedisServer({ appendonly: true });
}, 600_000);
afterAll(async () => {
  for (const w of workers) {
    if (w.child.signalCode === null && w.child.exitCode === null) w.child.kill('SIGCONT');
  }
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
}, 600_000);

async function worker(queue: string): Promise<WorkerProcess> {
  const w = await startWorker(server!.url, queue);
  workers.push(w);
  return w;
}

type Row = { key: string };
const rows = (dir: string) => (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { rows: Row[] }).rows;
const doneKeys = (log: string) => [...log.matchAll(/^run (\w+) of \S+: done$/gm)].map((m) => m[1]);
const finished = (dir: string) => (existsSync(join(dir, 'runs')) ? readdirSync(join(dir, 'runs')).filter((k) => existsSync(join(dir, 'runs', k, 'summary.json'))).length : 0);

async function local(args: string[], name: string): Promise<string> {
  const out = join(tmp, name);
  const r = await scsim(['sweep', STUDY, ...args, '--parallel', '1', '--out', out]);
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

function expectSameRows(remote: Row[], reference: Row[]): void {
  expect(remote.map((r) => r.key)).toEqual(reference.map((r) => r.key));
  for (let i = 0; i < reference.length; i++) expect(remote[i], `row ${i}`).toEqual(reference[i]);
}

describe.skipIf(!redis.ok)('scsim sweep --redis: stalls and Redis restarts', () => {
  it('a worker that stalls loses its run when its lock expires; another worker runs it, and it is counted once', async () => {
    const queue = 'stall';
    const args = [...LONG, '--reps', '2'];
    const a = await worker(queue);
    const out = join(tmp, 'stalled');
    const sweep = scsim(['sweep', STUDY, ...args, '--redis', server!.url, '--queue', queue, '--out', out]);
    const reference = local(args, 'stalled-local');
    await until(() => /started/.test(a.log()), 120_000);
    a.child.kill('SIGSTOP');
    const victim = /^run (\w+) of \S+: started/m.exec(a.log())![1];
    const b = await worker(queue);
    await until(() => new RegExp(`^run ${victim} of \\S+: started`, 'm').test(b.log()), 120_000);
    a.child.kill('SIGCONT'); // it wakes up with a run whose lock it no longer holds
    const r = await sweep;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran 2, already done 0, failed 0');
    expectSameRows(rows(out), rows(await reference));
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(readFileSync(join(await reference, 'results.json'), 'utf8'));
    await until(() => doneKeys(b.log()).includes(victim), 120_000); // log lines may trail the sweep's end
    expect(doneKeys(b.log())).toContain(victim);
  }, 300_000);

  it('Redis killed and restarted mid-campaign (append-only file on): the sweep goes on, and a sweep killed meanwhile resumes with the same command', async () => {
    const queue = 'restart';
    const args = [...LONG, '--vary', 'network.meters_per_collector=15,30', '--reps', '2'];
    await Promise.all([worker(queue), worker(queue)]);
    const reference = local(args, 'restart-local');

    // The sweep keeps running through the restart.
    const goesOn = join(tmp, 'goes-on');
    const sweep = scsim(['sweep', STUDY, ...args, '--redis', server!.url, '--queue', queue, '--out', goesOn]);
    await until(() => finished(goesOn) >= 1, 120_000);
    await server!.stop({ kill: true });
    await new Promise((r) => setTimeout(r, 500));
    await server!.restart();
    const r = await sweep;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran 4, already done 0, failed 0');
    expectSameRows(rows(goesOn), rows(await reference));

    // The sweep is killed too, then Redis restarted: the same command resumes.
    const resumed = join(tmp, 'resumed');
    const first = scsim(['sweep', STUDY, ...args, '--redis', server!.url, '--queue', queue, '--out', resumed, '--quiet']);
    await until(() => finished(resumed) >= 1, 120_000);
    await server!.stop({ kill: true });
    await new Promise((r) => setTimeout(r, 500));
    await server!.restart();
    first.child.kill('SIGKILL');
    await first;
    const done = finished(resumed);
    const again = await scsim(['sweep', STUDY, ...args, '--redis', server!.url, '--queue', queue, '--out', resumed]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`ran ${4 - done}, already done ${done}, failed 0`);
    expectSameRows(rows(resumed), rows(await reference));
    expect(readFileSync(join(resumed, 'results.json'), 'utf8')).toBe(readFileSync(join(await reference, 'results.json'), 'utf8'));
  }, 300_000);
});

if (!redis.ok) {
  describe('scsim sweep --redis: stalls and Redis restarts', () => {
    it.skip(redis.reason, () => {});
  });
}
