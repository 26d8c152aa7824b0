import { hostname } from 'node:os';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/database.ts';
import { defineJob, type JobDefinition } from '../../src/jobs/definition.ts';
import { markDiedJobRuns } from '../../src/jobs/job-runs.queries.ts';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { enqueueJob, listJobs } from '../../src/ops/jobs-cli.ts';
import { memoryLogger } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { waitFor } from '../helpers/wait.ts';

const runRow = (db: Database['db'], where: { queueJobId?: string; job?: string }) => {
  let query = db.selectFrom('job_runs').selectAll().orderBy('started_at', 'desc');
  if (where.queueJobId) query = query.where('queue_job_id', '=', where.queueJobId);
  if (where.job) query = query.where('job', '=', where.job);
  return query.executeTakeFirst();
};

describe('jobs sent to the workers (the composed application)', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ role: 'worker' });
    await s.application.queue.work();
  });
  afterAll(() => s?.close());

  it('a job enqueued by `wevion jobs enqueue`’s code path is run by a worker, which records who ran it', async () => {
    const id = await enqueueJob(s.application.queue, 'session-cleanup');
    const run = await waitFor('a worker to run the enqueued job', async () => {
      const row = await runRow(s.database.db, { queueJobId: id });
      return row?.status === 'succeeded' ? row : undefined;
    }, 10_000, 50);
    expect(run).toMatchObject({ job: 'session-cleanup', trigger: 'manual', run_by_role: 'worker', run_by_host: hostname(), run_by_pid: process.pid, summary: { deleted: 0 }, error: null });
    expect(run.finished_at).not.toBeNull();
    const { rows } = await sql<{ state: string }>`select state::text as state from pgboss.job where id = ${id}`.execute(s.database.db);
    expect(rows[0]?.state).toBe('completed');

    // `wevion jobs list` reads the same: the run, by whom, from which queue job.
    const listed = (await listJobs({ database: s.database, clock: s.clock, queue: s.application.queue }, 3)).find((job) => job.name === 'session-cleanup')!;
    expect(listed).toMatchObject({ cron: '17 3 * * *', expireInSeconds: 300, recordsRuns: true, queue: { queued: 0, active: 0 } });
    expect(listed.runs[0]).toMatchObject({ status: 'succeeded', runBy: { role: 'worker', host: hostname(), pid: process.pid }, queueJobId: id, trigger: 'manual' });
  });

  it('refuses a job that does not exist, naming the known ones', async () => {
    await expect(enqueueJob(s.application.queue, 'token-refrsh')).rejects.toThrow(/job "token-refrsh" is not defined; known jobs: .*token-refresh/);
  });

  it('gives every queue the expiry its job declares', async () => {
    const { rows } = await sql<{ name: string; expire_seconds: number }>`select name, expire_seconds from pgboss.queue`.execute(s.database.db);
    const declared = new Map(s.application.queue.definitions().map((job) => [job.name, job.expireInSeconds]));
    expect(rows.length).toBe(declared.size);
    for (const row of rows) expect(row.expire_seconds, row.name).toBe(declared.get(row.name));
    expect(declared.get('token-refresh')).toBe(30 * 60);
  });
});

describe('a run’s lease', () => {
  let database: Database;
  const clock = new ManualClock(Date.parse('2026-12-06T10:00:00.000Z'));
  const queues: JobQueue[] = [];
  let release: (() => void) | undefined;
  let started = 0;

  /** A job that waits to be released, as a long sweep waits on Meta. */
  const hanging = (name: string, expireInSeconds: number): JobDefinition<never, unknown> =>
    defineJob({
      name,
      description: 'waits to be released',
      payload: z.object({}).passthrough(),
      recordRuns: true,
      expireInSeconds,
      retryLimit: 2,
      retryDelaySeconds: 1,
      handler: async () => {
        started += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return { released: true };
      },
    }) as JobDefinition<never, unknown>;

  const jobs = [hanging('lease-long', 600), hanging('lease-stop', 600)];
  const newQueue = async (role: string, renewEverySeconds: number): Promise<JobQueue> => {
    const queue = createJobQueue({ database, clock, logger: memoryLogger().logger, jobs, scheduleTimeZone: 'UTC', registry: new Registry(), pollingIntervalSeconds: 0.5, role, runLease: { seconds: 180, renewEverySeconds } });
    await queue.start({ work: true, schedule: false });
    queues.push(queue);
    return queue;
  };
  const row = async (id: string) => (await database.db.selectFrom('job_runs').selectAll().where('queue_job_id', '=', id).orderBy('started_at', 'desc').executeTakeFirst())!;
  const untilRenewed = async (id: string) => {
    const want = clock.now() + 180_000;
    await waitFor('the lease to be renewed', async () => (await row(id)).lease_until?.getTime() === Math.min(want, (await row(id)).expires_at!.getTime()), 4_000, 20);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    release?.();
    for (const queue of queues) await queue.stop(1000).catch(() => {});
    await database.close();
  });

  it('is renewed while the run works, so a live run is never marked died; past the job’s expiry it is not, and the run is marked died', async () => {
    const worker = await newQueue('worker', 0.05);
    const id = await enqueueJob(worker, 'lease-long');
    await waitFor('the run to start', async () => (await row(id).catch(() => undefined))?.status === 'running', 10_000, 20);
    const startedAt = clock.now();
    expect(await row(id)).toMatchObject({ run_by_role: 'worker', lease_until: new Date(startedAt + 180_000), expires_at: new Date(startedAt + 600_000) });

    // Four minutes on (beyond the first lease): the live process renewed it, nothing is marked.
    clock.advance(240_000);
    await untilRenewed(id);
    expect(await markDiedJobRuns(database.db, new Date(clock.now()))).toBe(0);
    expect((await row(id)).status).toBe('running');

    // Past its expiry the lease is not renewed beyond it: the run is marked died, and says why.
    clock.advance(361_000);
    await untilRenewed(id);
    expect((await row(id)).lease_until).toEqual(new Date(startedAt + 600_000));
    expect(await markDiedJobRuns(database.db, new Date(clock.now()))).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'died', finished_at: new Date(startedAt + 600_000), error: expect.stringMatching(/ran past the job's expiry/) });

    // The handler that finishes after all writes what really happened.
    release!();
    await waitFor('the late outcome', async () => (await row(id)).status === 'succeeded', 4_000, 20);
    expect((await row(id)).summary).toEqual({ released: true });
    await worker.stop(1000);
  });

  it('a run whose process stopped renewing is marked died once the lease has run out, not before', async () => {
    // A process that renews every hour is, for three minutes, what a killed one is: silent.
    const silent = await newQueue('worker', 3600);
    const id = await enqueueJob(silent, 'lease-long');
    await waitFor('the run to start', async () => (await row(id).catch(() => undefined))?.status === 'running', 10_000, 20);
    const leaseEnds = (await row(id)).lease_until!;
    clock.advance(179_000);
    expect(await markDiedJobRuns(database.db, new Date(clock.now()))).toBe(0);
    clock.advance(2_000);
    expect(await markDiedJobRuns(database.db, new Date(clock.now()))).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'died', finished_at: leaseEnds, error: expect.stringMatching(/stopped renewing the lease/) });
    // `wevion jobs list` marks before it reads: it shows died, never running.
    const listed = (await listJobs({ database, clock, queue: silent }, 3)).find((job) => job.name === 'lease-long')!;
    expect(listed.runs[0]).toMatchObject({ status: 'died', runBy: { role: 'worker', host: hostname(), pid: process.pid }, queueJobId: id });
    release!();
    await silent.stop(1000);
  });

  it('a process shutting down mid-run records the run as interrupted, and pg-boss gives the job to another worker', async () => {
    started = 0;
    const first = await newQueue('worker-a', 0.05);
    const id = await enqueueJob(first, 'lease-stop');
    await waitFor('the run to start', async () => (await row(id).catch(() => undefined))?.status === 'running', 10_000, 20);
    const second = await newQueue('worker-b', 0.05);
    await first.stop(1000);
    const interrupted = await database.db.selectFrom('job_runs').selectAll().where('queue_job_id', '=', id).where('run_by_role', '=', 'worker-a').executeTakeFirstOrThrow();
    expect(interrupted).toMatchObject({ status: 'failed', error: expect.stringMatching(/shut down before the run finished/) });
    await waitFor('the retry to start on the other worker', () => started === 2, 10_000, 50);
    release!();
    const retried = await waitFor('the retry’s run', async () => {
      const latest = await database.db.selectFrom('job_runs').selectAll().where('queue_job_id', '=', id).where('run_by_role', '=', 'worker-b').executeTakeFirst();
      return latest?.status === 'succeeded' ? latest : undefined;
    }, 10_000, 50);
    expect(retried.summary).toEqual({ released: true });
    await second.stop(1000);
  });

  it('a queue made with another expiry is given the declared one at start', async () => {
    await sql`update pgboss.queue set expire_seconds = 3600 where name = 'lease-long'`.execute(database.db);
    await newQueue('worker', 60);
    const { rows } = await sql<{ expire_seconds: number }>`select expire_seconds from pgboss.queue where name = 'lease-long'`.execute(database.db);
    expect(rows[0]?.expire_seconds).toBe(600);
  });
});
