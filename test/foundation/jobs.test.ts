import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/database.ts';
import { defineJob } from '../../src/jobs/definition.ts';
import { latestJobRuns } from '../../src/jobs/job-runs.queries.ts';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { memoryLogger } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';

describe('job queue (pg-boss)', () => {
  let database: Database;
  let queue: JobQueue;
  const handled: string[] = [];
  let releaseSlow!: () => void;
  let slowFinished = false;

  beforeAll(async () => {
    database = await createTestDatabase();
    const sweep = defineJob({
      name: 'demo-sweep',
      description: 'a scheduled sweep',
      cron: '0 */12 * * *',
      payload: z.object({ label: z.string().default('scheduled') }),
      recordRuns: true,
      expireInSeconds: 60,
      handler: async ({ label }) => {
        handled.push(label);
        return { label, processed: 3 };
      },
    });
    const slow = defineJob({
      name: 'demo-slow',
      description: 'a job that takes a while',
      payload: z.object({}),
      recordRuns: false,
      expireInSeconds: 60,
      handler: async () => {
        await new Promise<void>((resolve) => (releaseSlow = resolve));
        slowFinished = true;
      },
    });
    const failing = defineJob({
      name: 'demo-failing',
      description: 'always fails',
      payload: z.object({}),
      recordRuns: true,
      expireInSeconds: 60,
      handler: async () => {
        throw new Error('Meta said no');
      },
    });
    queue = createJobQueue({
      database,
      clock: new ManualClock(Date.now()),
      logger: memoryLogger().logger,
      jobs: [sweep, slow, failing] as never,
      scheduleTimeZone: 'Europe/Rome',
      registry: new Registry(),
      pollingIntervalSeconds: 0.5,
    });
    await queue.start({ work: true, schedule: true });
  });
  afterAll(async () => {
    await queue.stop(1000);
    await database.close();
  });

  it('creates one queue per job and the cron schedule in the configured time zone', async () => {
    const queues = await sql<{ name: string }>`select name from pgboss.queue order by name`.execute(database.db);
    expect(queues.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['demo-failing', 'demo-slow', 'demo-sweep']));
    const schedules = await sql<{ name: string; cron: string; timezone: string }>`select name, cron, timezone from pgboss.schedule`.execute(database.db);
    expect(schedules.rows).toEqual([{ name: 'demo-sweep', cron: '0 */12 * * *', timezone: 'Europe/Rome' }]);
  });

  it('runs a job now and records the run with its summary', async () => {
    expect(await queue.runNow('demo-sweep', { label: 'manual' })).toEqual({ label: 'manual', processed: 3 });
    const runs = await latestJobRuns(database.db);
    expect(runs.find((run) => run.job === 'demo-sweep')).toMatchObject({ status: 'succeeded', trigger: 'manual', summary: { label: 'manual', processed: 3 } });
  });

  it('records a failed run with its error and rethrows', async () => {
    await expect(queue.runNow('demo-failing', {})).rejects.toThrow('Meta said no');
    const runs = await latestJobRuns(database.db);
    expect(runs.find((run) => run.job === 'demo-failing')).toMatchObject({ status: 'failed', error: 'Meta said no' });
  });

  it('refuses unknown jobs and bad payloads with clear errors', async () => {
    await expect(queue.runNow('nope')).rejects.toThrow(/job "nope" is not defined; known jobs: demo-sweep/);
    await expect(queue.runNow('demo-sweep', { label: 5 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('delivers queued jobs to the worker', async () => {
    await queue.send('demo-sweep', { label: 'queued' });
    await waitFor('the queued job to be handled', () => handled.includes('queued'), 4_000, 100);
    expect(handled).toContain('queued');
  });

  it('lets a running job finish on stop', async () => {
    await queue.send('demo-slow', {});
    await waitFor('the slow job to start', () => releaseSlow !== undefined, 4_000, 100);
    expect(releaseSlow).toBeTypeOf('function');
    setTimeout(() => releaseSlow(), 300);
    await queue.stop(5000);
    expect(slowFinished).toBe(true);
  });
});
