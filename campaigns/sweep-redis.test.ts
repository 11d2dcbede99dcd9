import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, sharedRedis } from '../test/support/redis-server.ts';
import { waitFor } from '../test/support/wait-for.ts';
import { ROOT, scsim, startWorker, type WorkerProcess } from '../test/support/scsim-processes.ts';
import { factorial } from './design.ts';
import { planCampaign } from './plan.ts';
import { resolvedYaml } from '../scenarios/resolved-yaml.ts';
import { redisConnection } from './redis-url.ts';
import { RedisRuns } from './redis-execute.ts';

/**
 * `scsim sweep --redis` with `scsim worker` processes against a real redis-server: the same results.json as
 * the local pool, and the faults — a worker killed mid-run, a run that throws, a refused job, two campaigns
 * at once — each checked row by row against the same campaign run locally.
 */
const redis = redisAvailable();
const STUDY = 'campaigns/fixtures/tiny.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'scsim-sweep-redis-'));
let url = '';
let disposeRedis = async () => {};
const workers: WorkerProcess[] = [];
let queues = 0;
const newQueue = () => `test-${process.pid}-${++queues}`;

beforeAll(async () => {
  if (!redis.ok) return;
  const r = await sharedRedis();
  url = r.url;
  disposeRedis = r.dispose;
}, 600_000);
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await disposeRedis();
  rmSync(tmp, { recursive: true, force: true });
}, 600_000);

async function worker(queue: string, extra: string[] = []): Promise<WorkerProcess> {
  const w = await startWorker(url, queue, extra);
  workers.push(w);
  return w;
}

type Row = { key: string; status: string; error?: string; metrics: Record<string, number> };
/** Why a sweep did not exit as expected: its stderr and the rows that failed, with their errors. */
const why = (r: { stderr: string; stdout: string }, dir: string) => {
  let failed = '';
  try {
    failed = JSON.stringify(rows(dir).filter((x) => x.status !== 'ok'));
  } catch {
    /* no results.json */
  }
  return `${r.stderr}\n${r.stdout}\n${failed}`;
};
const rows = (dir: string) => (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { rows: Row[] }).rows;

/** The same campaign on the local pool (one thread: the machine is shared), once per argument list. */
const locals = new Map<string, Promise<string>>();
function local(args: string[]): Promise<string> {
  const id = args.join(' ');
  if (!locals.has(id)) {
    const out = join(tmp, `local-${locals.size}`);
    locals.set(
      id,
      scsim(['sweep', STUDY, ...args, '--parallel', '1', '--out', out]).then((r) => {
        if (r.status !== 0) throw new Error(r.stderr);
        return out;
      }),
    );
  }
  return locals.get(id)!;
}

function expectSameRows(remote: Row[], reference: Row[], except: string[] = []): void {
  expect(remote.map((r) => r.key)).toEqual(reference.map((r) => r.key));
  for (let i = 0; i < reference.length; i++) {
    if (except.includes(reference[i].key)) continue;
    expect(remote[i], `row ${i} (run ${reference[i].key})`).toEqual(reference[i]);
  }
}

/** Keys a worker's log says it finished (one line per run done). */
const doneKeys = (log: string) => [...log.matchAll(/^run (\w+) of \S+: done$/gm)].map((m) => m[1]);

describe.skipIf(!redis.ok)('scsim sweep --redis with scsim worker processes', () => {
  const small = ['--vary', 'network.meters_per_collector=15,30', '--reps', '3'];

  it('a campaign on 3 worker processes gives the results.json of the same campaign run locally', async () => {
    const queue = newQueue();
    const ws = await Promise.all([worker(queue), worker(queue), worker(queue)]);
    const out = join(tmp, 'three');
    const [r, reference] = await Promise.all([scsim(['sweep', STUDY, ...small, '--redis', url, '--queue', queue, '--out', out]), local(small)]);
    expect(r.status, why(r, out)).toBe(0);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(readFileSync(join(reference, 'results.json'), 'utf8'));
    // Same digest per run, and every run done by exactly one worker.
    for (const row of rows(reference)) {
      const digest = (dir: string) => JSON.parse(readFileSync(join(dir, 'runs', row.key, 'summary.json'), 'utf8')).digest;
      expect(digest(out)).toBe(digest(reference));
    }
    // Log lines come through pipes and may trail the sweep's end: wait until every run is logged.
    const doneLogged = () => ws.flatMap((w) => doneKeys(w.log()));
    await waitFor(() => doneLogged().length >= rows(reference).length, "every run's 'done' line in the workers' logs");
    expect(doneLogged().sort()).toEqual(rows(reference).map((x) => x.key).sort());
    // The same progress line as the local pool.
    expect(r.stderr).toMatch(/sweep 6\/6 runs done, 0 running, ETA 0s/);
    // Run again: every run is found done, nothing is enqueued.
    const again = await scsim(['sweep', STUDY, ...small, '--redis', url, '--queue', queue, '--out', out]);
    expect(again.stdout).toContain('ran 0, already done 6, failed 0');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(readFileSync(join(reference, 'results.json'), 'utf8'));
  }, 300_000);

  it('a worker killed mid-run: its run is taken by another worker and counted once', async () => {
    const queue = newQueue();
    // Runs of about a second each, so the kill lands while one runs.
    const long = ['--set', 'population.customers=1500', '--set', 'duration=3h', '--reps', '2'];
    const first = await worker(queue);
    const out = join(tmp, 'killed');
    const sweep = scsim(['sweep', STUDY, ...long, '--redis', url, '--queue', queue, '--out', out]);
    const reference = local(long);
    while (!/started/.test(first.log())) await new Promise((r) => setTimeout(r, 5));
    await first.stop('SIGKILL');
    const victim = /^run (\w+) of \S+: started/m.exec(first.log())![1];
    expect(doneKeys(first.log())).not.toContain(victim);
    const others = [await worker(queue), await worker(queue)];
    const r = await sweep;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran 2, already done 0, failed 0');
    expectSameRows(rows(out), rows(await reference));
    const doneLogged = () => others.flatMap((w) => doneKeys(w.log()));
    await waitFor(() => doneLogged().includes(victim), `the victim's 'done' line in the other workers' logs`);
    expect(doneLogged().filter((k) => k === victim)).toHaveLength(1);
  }, 300_000);

  it('a run that throws is recorded as failed after its retries; the campaign goes on, and a rerun redoes only it', async () => {
    const queue = newQueue();
    const args = ['--vary', 'network.meters_per_collector=15,30', '--reps', '2'];
    const planned = await planCampaign(join(ROOT, STUDY), [], factorial([{ path: 'network.meters_per_collector', levels: [15, 30] }]), 2);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    const victim = planned.plan.runs.find((x) => x.point === 1 && x.rep === 0)!.key;
    // A file where the worker makes the run's folder: every attempt of that run throws.
    const workDir = join(tmp, 'work-throws');
    mkdirSync(workDir, { recursive: true });
    writeFileSync(join(workDir, victim), 'not a folder');
    const ws = [await worker(queue, ['--work-dir', workDir]), await worker(queue, ['--work-dir', workDir])];
    const out = join(tmp, 'throws');
    const [r, reference] = await Promise.all([scsim(['sweep', STUDY, ...args, '--redis', url, '--queue', queue, '--out', out]), local(args)]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('1 run(s) failed');
    const got = rows(out);
    const bad = got.find((x) => x.key === victim)!;
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/EEXIST|ENOTDIR/);
    expectSameRows(got, rows(reference), [victim]);
    // Three attempts, no fourth.
    // Log lines come through pipes, after Redis has recorded the attempts: wait for the third.
    const attemptsLogged = () => ws.flatMap((w) => [...w.log().matchAll(new RegExp(`^run ${victim} of \\S+: failed \\(attempt (\\d+)\\)`, 'gm'))].map((m) => Number(m[1])));
    await waitFor(() => attemptsLogged().length >= 3, `three failed attempts of ${victim} in the workers' logs`);
    expect(attemptsLogged().sort()).toEqual([1, 2, 3]);

    rmSync(join(workDir, victim));
    const again = await scsim(['sweep', STUDY, ...args, '--redis', url, '--queue', queue, '--out', out]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('ran 1, already done 3, failed 0');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(readFileSync(join(reference, 'results.json'), 'utf8'));
  }, 300_000);

  it('a job whose study does not validate, or whose key is not its study, is refused once with the reason recorded', async () => {
    const queue = newQueue();
    const w = await worker(queue);
    const q = new Queue(queue, { connection: redisConnection(url) });
    const events = new QueueEvents(queue, { connection: redisConnection(url) });
    await events.waitUntilReady();
    const planned = await planCampaign(join(ROOT, STUDY), [], [{ index: 0, values: {} }], 1);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    const good = planned.plan.runs[0];
    const base = { format: 1, campaign: 'forged', runId: 'forged-run', workers: 1, source: 'x.yaml', sets: [] };
    const jobs = [
      { id: 'bad-study', data: { ...base, key: good.key, study: resolvedYaml(good.scenario).replace('customers: 30', 'customers: -5') }, reason: /refused: invalid study: .*population\.customers/ },
      { id: 'bad-key', data: { ...base, key: '0123456789abcdef', study: resolvedYaml(good.scenario) }, reason: new RegExp(`refused: key: expected the hash of the study, ${good.key}, found 0123456789abcdef`) },
      { id: 'code', data: { ...base, key: good.key, study: "!!js/function 'function () { process.exit(9) }'" }, reason: /refused: invalid study/ },
      { id: 'not-a-run', data: { format: 1, campaign: 'forged', key: '../../etc', study: 'x' }, reason: /refused: key: expected 1 to 200 letters/ },
    ];
    const failed = new Map<string, string>();
    events.on('failed', ({ jobId, failedReason }) => failed.set(jobId, failedReason));
    for (const j of jobs) await q.add('run', j.data, { jobId: j.id, attempts: 3 });
    while (failed.size < jobs.length) await new Promise((r) => setTimeout(r, 20));
    for (const j of jobs) {
      expect(failed.get(j.id)).toMatch(j.reason);
      const job = (await q.getJob(j.id))!;
      expect(job.attemptsMade, j.id).toBe(1); // not retried: it would be refused again
      // The worker's log line reaches us through a pipe, after Redis has the job's state: wait for it.
      const line = `failed (attempt 1): ${failed.get(j.id)}`;
      await waitFor(() => w.log().includes(line), `the worker's log line '${line}'`);
    }
    expect(w.child.exitCode).toBeNull();
    await events.close();
    await q.obliterate({ force: true });
    await q.close();
  }, 300_000);

  it('scsim capacity --redis searches through the workers to the capacity.json and results.json of the local search', async () => {
    const queue = newQueue();
    await Promise.all([worker(queue), worker(queue)]);
    const args = ['capacity', STUDY, '--vary', 'population.customers=20..120', '--metric', 'population.ihds', '--limit', '30', '--reps', '3', '--max-reps', '3'];
    const [remote, reference] = [join(tmp, 'capacity-redis'), join(tmp, 'capacity-local')];
    const [r, l] = await Promise.all([scsim([...args, '--redis', url, '--queue', queue, '--out', remote]), scsim([...args, '--parallel', '1', '--out', reference])]);
    expect(l.status, l.stderr).toBe(0);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['capacity.json', 'results.json']) expect(readFileSync(join(remote, f), 'utf8'), f).toBe(readFileSync(join(reference, f), 'utf8'));
  }, 300_000);

  it('a job that finishes while the sweep looks at it is taken with its files (the state is read before the job)', async () => {
    const queue = newQueue();
    await Promise.all([worker(queue), worker(queue)]);
    const planned = await planCampaign(join(ROOT, STUDY), [], factorial([{ path: 'network.meters_per_collector', levels: [15, 20, 30] }]), 4);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    // Looking every millisecond: jobs finish between the looks' two reads again and again.
    const runs = await RedisRuns.open(url, queue, 'race', { pollMs: 1 });
    try {
      const dir = join(tmp, 'race');
      const results = await Promise.allSettled(planned.plan.runs.map((r) => runs.run({ scenario: r.scenario, key: r.key, runId: `tiny-${r.key}`, dir: join(dir, r.key), workers: 1 }, () => {})));
      expect(results.filter((x) => x.status === 'rejected').map((x) => String((x as PromiseRejectedResult).reason))).toEqual([]);
      for (const r of planned.plan.runs) expect(JSON.parse(readFileSync(join(dir, r.key, 'summary.json'), 'utf8')).provenance.study_hash.startsWith(r.key)).toBe(true);
    } finally {
      await runs.close();
    }
  }, 300_000);

  it('two campaigns at once on the same queue and workers do not mix', async () => {
    const queue = newQueue();
    await Promise.all([worker(queue), worker(queue)]);
    const a = ['--vary', 'network.meters_per_collector=15,30', '--reps', '2'];
    const b = ['--vary', 'population.customers=20,40', '--reps', '2'];
    const outA = join(tmp, 'two-a');
    const outB = join(tmp, 'two-b');
    const [ra, rb, refA, refB] = await Promise.all([
      scsim(['sweep', STUDY, ...a, '--redis', url, '--queue', queue, '--out', outA]),
      scsim(['sweep', STUDY, ...b, '--redis', url, '--queue', queue, '--out', outB]),
      local(a),
      local(b),
    ]);
    expect(ra.status, why(ra, outA)).toBe(0);
    expect(rb.status, why(rb, outB)).toBe(0);
    expectSameRows(rows(outA), rows(refA));
    expectSameRows(rows(outB), rows(refB));
    expect(readFileSync(join(outA, 'results.json'), 'utf8')).toBe(readFileSync(join(refA, 'results.json'), 'utf8'));
    expect(readFileSync(join(outB, 'results.json'), 'utf8')).toBe(readFileSync(join(refB, 'results.json'), 'utf8'));
    // Each campaign's jobs are gone once written to its folder.
    const q = new Queue(queue, { connection: redisConnection(url) });
    expect(await q.getJobCountByTypes('completed', 'failed', 'waiting', 'active', 'delayed')).toBe(0);
    await q.close();
  }, 300_000);
});

if (!redis.ok) {
  describe('scsim sweep --redis', () => {
    it.skip(redis.reason, () => {});
  });
}
