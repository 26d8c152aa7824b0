import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/database.ts';
import { defineJob } from '../../src/jobs/definition.ts';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { memoryLogger } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';

// WORKER_CONCURRENCY is the sizing knob of the fan-out jobs: it must really be the number of
// jobs of such a queue that one process works at once.
describe('job lanes per process (WORKER_CONCURRENCY)', () => {
  let database: Database;
  let queue: JobQueue;
  let running = 0;
  let most = 0;
  let allIn!: () => void;
  const threeRunning = new Promise<void>((resolve) => (allIn = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    database = await createTestDatabase();
    const fanOut = defineJob({
      name: 'lanes-fan-out',
      description: 'a per-token job',
      payload: z.object({ n: z.number() }),
      recordRuns: false,
      expireInSeconds: 60,
      concurrency: 'worker',
      handler: async () => {
        running++;
        most = Math.max(most, running);
        if (running === 3) allIn();
        await released;
        running--;
      },
    });
    queue = createJobQueue({
      database,
      clock: new ManualClock(Date.now()),
      logger: memoryLogger().logger,
      jobs: [fanOut] as never,
      scheduleTimeZone: 'UTC',
      workerConcurrency: 3,
      registry: new Registry(),
      pollingIntervalSeconds: 0.5,
    });
    await queue.start({ work: true, schedule: false });
  });
  afterAll(async () => {
    release();
    await queue.stop(2000);
    await database.close();
  });

  it('works as many jobs of a fan-out queue at once as WORKER_CONCURRENCY says, and no more', async () => {
    await queue.insert('lanes-fan-out', [1, 2, 3, 4, 5].map((n) => ({ data: { n } })));
    // Three jobs are held until released: the promise resolves only if three run together.
    await threeRunning;
    expect(running).toBe(3);
    release();
    await queue.stop(5000);
    expect(most).toBe(3);
  });
});

// pg-boss sleeps out the rest of its polling interval after every job unless it is woken: a
// backlog on one lane went at one job per interval (2 s on PostgreSQL). Both engines.
describe('a backlog is worked through one job after another, not one job per polling interval', () => {
  let database: Database;
  let queue: JobQueue;
  const done: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const oneLane = defineJob({
      name: 'lanes-backlog',
      description: 'a short job on one lane',
      payload: z.object({ n: z.number() }),
      recordRuns: false,
      expireInSeconds: 60,
      handler: async ({ n }) => {
        done.push(n);
      },
    });
    queue = createJobQueue({
      database,
      clock: new ManualClock(Date.now()),
      logger: memoryLogger().logger,
      jobs: [oneLane] as never,
      scheduleTimeZone: 'UTC',
      registry: new Registry(),
      // Longer than the test waits: a lane that slept it out after a job would not finish the backlog.
      pollingIntervalSeconds: 60,
    });
    await queue.start({ work: false, schedule: false });
  });
  afterAll(async () => {
    await queue.stop(2000);
    await database.close();
  });

  it('five queued jobs on one lane all run within seconds of the lane starting, with a 60 s polling interval', async () => {
    await queue.insert('lanes-backlog', [1, 2, 3, 4, 5].map((n) => ({ data: { n } })));
    // The lane's first fetch finds the backlog; each job done, it fetches the next at once.
    await queue.work();
    await waitFor('the backlog to be worked through', async () => done.length === 5, 20_000);
    expect([...done].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
