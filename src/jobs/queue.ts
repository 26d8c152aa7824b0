import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { JobDefinition, JobTrigger } from './definition.ts';
import { finishJobRun, renewJobRun, startJobRun, type RunBy } from './job-runs.queries.ts';

export interface JobQueueOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  jobs: JobDefinition<never, unknown>[];
  scheduleTimeZone: string;
  /** Lanes per process of the jobs whose concurrency is `'worker'` (WORKER_CONCURRENCY). */
  workerConcurrency?: number;
  registry?: Registry;
  /** pg-boss polling; tests lower it so queued work is picked up promptly. Default 2 s, on PGlite 10 s. */
  pollingIntervalSeconds?: number;
  /** Who this process is in the runs it records (`serve`, `worker`, `cli`); host and pid are added. */
  role?: string;
  /** The lease of a recorded run and how often the running process renews it (default 180 s, every 60 s). */
  runLease?: { seconds: number; renewEverySeconds: number };
}

export interface JobQueue {
  /** Installs pg-boss's schema if needed, creates one queue per job, and (per role) schedules and works. */
  start(role: { work: boolean; schedule: boolean }): Promise<void>;
  /** Starts this process's workers, once (after `start`, which does it itself with `work: true`). */
  work(): Promise<void>;
  send(name: string, payload: object, options?: PgBoss.SendOptions): Promise<string | null>;
  /**
   * Many jobs of one queue in few statements (a fan-out over thousands of tokens or accounts):
   * pg-boss's insert, in batches. Duplicates of a singleton are dropped silently, as by send.
   */
  insert(name: string, jobs: readonly QueuedJob[]): Promise<void>;
  /** Runs a job's handler in this process now and returns its result (`wevion jobs run`, "run now"). */
  runNow(name: string, payload?: unknown): Promise<unknown>;
  definitions(): JobDefinition<never, unknown>[];
  /** The queue is started and its tables answer. */
  ping(): Promise<boolean>;
  /** Stops fetching, waits up to `timeoutMs` for running handlers, then fails what is left so it is retried. */
  stop(timeoutMs: number): Promise<void>;
  /**
   * Stops this process fetching jobs (the running ones finish) while it must not work (its Meta
   * app credentials are refused), so other processes take them; `resume` fetches again if it did.
   */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

export interface QueuedJob {
  data: object;
  /** Seconds from now. */
  startAfterSeconds?: number;
  singletonKey?: string;
  singletonSeconds?: number;
}

// Jobs per INSERT: big enough that a million cost a thousand statements, small enough that one
// statement's JSON stays a few hundred kilobytes.
const INSERT_BATCH = 1_000;

/**
 * On embedded PGlite one process sends every job, and every statement, pg-boss's polling included,
 * takes turns on the one connection: twenty workers polling every 2 s were ten statements a second
 * of an idle service (issue 18). There, workers poll every 10 s (for retries, delayed jobs and
 * pg-boss's cron, which may start up to that much later). On PostgreSQL other processes send too,
 * so workers poll every 2 s. On both, this process wakes a queue's workers when it sends to it, and
 * a worker again when it has handled a job: pg-boss otherwise sleeps out the rest of its polling
 * interval after every job, so a backlog went at one job per lane per interval.
 */
const PGLITE_POLLING_SECONDS = 10;

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { database, clock, logger } = options;
  const byName = new Map(options.jobs.map((job) => [job.name, job]));
  let boss: PgBoss | undefined;
  let paused = false;
  /** Whether this process works jobs (`work()` was called): what `resume` restores. */
  let working = false;
  const local = database.engine === 'pglite';
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? (local ? PGLITE_POLLING_SECONDS : 2);
  /** Worker ids by queue, to wake them. */
  const workerIds = new Map<string, string[]>();
  const wake = (name: string) => {
    if (!boss) return;
    for (const id of workerIds.get(name) ?? []) boss.notifyWorker(id);
  };
  const errors = new Counter({
    name: 'wevion_job_queue_errors_total',
    help: 'Errors reported by the job queue in the background',
    registers: options.registry ? [options.registry] : [],
  });
  const requireBoss = (): PgBoss => {
    if (!boss) throw new AppError('queue_not_started', 'the job queue is not started');
    return boss;
  };

  const runBy: RunBy = { role: options.role ?? 'app', host: hostname(), pid: process.pid };
  const lease = options.runLease ?? RUN_LEASE;
  /** Recorded runs in progress here, with the timer renewing each one's lease. */
  const inFlight = new Map<string, ReturnType<typeof setInterval>>();

  const duration = new Histogram({
    name: 'wevion_job_duration_seconds',
    help: 'Job handler wall time by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: options.registry ? [options.registry] : [],
  });

  /**
   * A recorded run holds a lease the process renews while the handler works, up to the job's
   * expiry: a row whose lease ran out is a run whose process died (or that outlived its expiry,
   * after which pg-boss hands the job to another worker), and readers mark it `died`.
   */
  async function startRun(job: JobDefinition<never, unknown>, trigger: JobTrigger, queueJobId: string | undefined): Promise<string> {
    const now = clock.now();
    const id = await startJobRun(database.db, job.name, trigger, new Date(now), {
      by: runBy,
      queueJobId,
      leaseUntil: new Date(Math.min(now + lease.seconds * 1000, now + job.expireInSeconds * 1000)),
      expiresAt: new Date(now + job.expireInSeconds * 1000),
    });
    const renew = () => {
      renewJobRun(database.db, id, new Date(clock.now() + lease.seconds * 1000)).catch((error: unknown) => logger.warn({ err: error, job: job.name, runId: id }, 'renewing a job run’s lease failed; retried at the next renewal'));
    };
    const timer = setInterval(renew, lease.renewEverySeconds * 1000);
    timer.unref();
    inFlight.set(id, timer);
    return id;
  }

  async function finishRun(id: string, outcome: { summary?: unknown; error?: string }): Promise<void> {
    clearInterval(inFlight.get(id));
    inFlight.delete(id);
    await finishJobRun(database.db, id, new Date(clock.now()), outcome);
  }

  async function execute(job: JobDefinition<never, unknown>, rawPayload: unknown, trigger: JobTrigger, queueJobId?: string): Promise<unknown> {
    const parsed = job.payload.safeParse(rawPayload ?? {});
    if (!parsed.success) throw new AppError('invalid_input', `payload for job ${job.name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const runId = job.recordRuns ? await startRun(job, trigger, queueJobId) : undefined;
    const timer = duration.startTimer({ job: job.name });
    const jobLogger = logger.child({ job: job.name, trigger });
    try {
      const summary = await job.handler(parsed.data as never, { trigger, logger: jobLogger });
      timer({ outcome: 'succeeded' });
      if (runId) await finishRun(runId, { summary });
      jobLogger.info({ summary }, 'job finished');
      return summary;
    } catch (error) {
      timer({ outcome: 'failed' });
      const message = error instanceof Error ? error.message : String(error);
      if (runId) await finishRun(runId, { error: message }).catch(() => {});
      jobLogger.error({ err: error }, 'job failed');
      throw error;
    }
  }

  return {
    async start(role) {
      // pg-boss's own timers (maintenance, cron) run only in processes that work or schedule.
      const create = () => {
        const instance = new PgBoss({
          db: { executeSql: (text, values) => database.executeSql(text, values) },
          schema: 'pgboss',
          supervise: role.work || role.schedule,
          schedule: role.schedule,
          migrate: true,
        });
        instance.on('error', (error) => {
          errors.inc();
          logger.error({ err: error }, 'job queue error');
        });
        return instance;
      };
      let started = create();
      // Processes starting together on an empty database all install pg-boss's schema; its
      // CREATE SCHEMA IF NOT EXISTS can still collide (unique violation). The loser starts again.
      for (let attempt = 1; ; attempt++) {
        try {
          await started.start();
          break;
        } catch (error) {
          if (!RACE_CODES.has((error as { code?: string }).code ?? '') || attempt >= 5) throw error;
          await started.stop({ graceful: false, close: false, wait: false }).catch(() => {});
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
          started = create();
        }
      }
      boss = started;
      // One statement each for what exists already, so a restart does not call create_queue and
      // schedule once per job (they would change nothing: create_queue leaves an existing queue be).
      // A queue made by an older release with other retries or another expiry is updated: the
      // declaration is what a job needs, and pg-boss applies the queue's values to each new job.
      const queues = new Map((await started.getQueues()).map((queue) => [queue.name, queue]));
      for (const job of byName.values()) {
        const settings = { retryLimit: job.retryLimit ?? 3, retryDelay: job.retryDelaySeconds ?? 30, retryBackoff: true, expireInSeconds: job.expireInSeconds };
        const existing = queues.get(job.name);
        if (existing) {
          const differs = (Object.keys(settings) as Array<keyof typeof settings>).some((key) => existing[key] !== settings[key]);
          if (differs) await started.updateQueue(job.name, { name: job.name, ...settings });
          continue;
        }
        const createQueue = () => started.createQueue(job.name, { name: job.name, ...settings });
        // Processes starting together create the same queues at once, and pg-boss's
        // create_queue (insert + partition) can deadlock with itself: PostgreSQL aborts one side,
        // which tries again (the queue then exists, and creating it is a no-op).
        for (let attempt = 1; ; attempt++) {
          try {
            await createQueue();
            break;
          } catch (error) {
            if (!RACE_CODES.has((error as { code?: string }).code ?? '') || attempt >= 5) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
          }
        }
      }
      if (role.schedule) {
        const schedules = new Map((await started.getSchedules()).map((schedule) => [schedule.name, schedule]));
        for (const job of byName.values()) {
          // pg-boss keeps the time zone twice: its own column, and in the options it was given.
          const current = schedules.get(job.name) as (PgBoss.Schedule & { timezone?: string }) | undefined;
          if (job.cron) {
            const tz = options.scheduleTimeZone;
            const same = current && current.cron === job.cron && current.timezone === tz && isEmpty(current.data) && JSON.stringify(current.options ?? {}) === JSON.stringify({ tz });
            if (!same) await started.schedule(job.name, job.cron, {}, { tz: options.scheduleTimeZone });
          } else if (current) {
            await started.unschedule(job.name);
          }
        }
      }
      if (role.work) await this.work();
    },
    async work() {
      const started = requireBoss();
      working = true;
      if (workerIds.size > 0 || paused) return;
      for (const job of byName.values()) {
        const workers = Math.max(1, job.concurrency === 'worker' ? (options.workerConcurrency ?? 4) : (job.concurrency ?? 1));
        for (let i = 0; i < workers; i++) {
          let workerId = '';
          workerId = await started.work(job.name, { batchSize: 1, pollingIntervalSeconds }, async ([delivered]) => {
            if (!delivered) return;
            // This worker fetches again as soon as it is done with this job, not a polling interval later.
            started.notifyWorker(workerId);
            // A job sent by the cron carries an empty payload; it is a scheduled sweep.
            const trigger: JobTrigger = (delivered.data as { trigger?: JobTrigger } | undefined)?.trigger ?? (job.cron ? 'schedule' : 'queue');
            try {
              return await execute(job, delivered.data, trigger, delivered.id);
            } catch (error) {
              // pg-boss records the failure (and schedules the retry) in the database. When the
              // job failed because the database went away, that write would fail too and the
              // job would sit "active" until it expires: wait for the database first (bounded).
              await untilDatabaseAnswers(database, 30_000);
              throw error;
            }
          });
          workerIds.set(job.name, [...(workerIds.get(job.name) ?? []), workerId]);
        }
      }
    },
    send: async (name, payload, sendOptions) => {
      if (!byName.has(name)) throw new AppError('not_found', `job "${name}" is not defined`);
      const id = await requireBoss().send(name, payload, sendOptions ?? {});
      wake(name);
      return id;
    },
    async insert(name, jobs) {
      if (!byName.has(name)) throw new AppError('not_found', `job "${name}" is not defined`);
      const current = requireBoss();
      for (let i = 0; i < jobs.length; i += INSERT_BATCH) {
        await current.insert(
          jobs.slice(i, i + INSERT_BATCH).map((job) => ({
            name,
            data: job.data,
            ...(job.startAfterSeconds !== undefined && { startAfter: String(Math.max(0, Math.round(job.startAfterSeconds))) }),
            ...(job.singletonKey !== undefined && { singletonKey: job.singletonKey }),
            ...(job.singletonSeconds !== undefined && { singletonSeconds: job.singletonSeconds }),
          })),
        );
      }
      wake(name);
    },
    async runNow(name, payload) {
      const job = byName.get(name);
      if (!job) throw new AppError('not_found', `job "${name}" is not defined; known jobs: ${[...byName.keys()].join(', ')}`);
      return execute(job, payload, 'manual');
    },
    definitions: () => [...byName.values()],
    async ping() {
      if (!boss) return false;
      try {
        await database.executeSql('select version from pgboss.version limit 1');
        return true;
      } catch {
        return false;
      }
    },
    async pause() {
      if (paused) return;
      paused = true;
      const current = boss;
      const names = [...workerIds.keys()];
      workerIds.clear();
      if (current) for (const name of names) await current.offWork(name);
    },
    async resume() {
      if (!paused) return;
      paused = false;
      if (working && boss) await this.work();
    },
    async stop(timeoutMs) {
      const current = boss;
      if (!current) return;
      boss = undefined;
      workerIds.clear();
      await current.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
      // What is still running was failed in pg-boss (so it is retried elsewhere); its record says
      // so now rather than when its lease runs out. A handler that still finishes before the
      // process exits writes its own outcome over this.
      for (const [id, timer] of inFlight) {
        clearInterval(timer);
        inFlight.delete(id);
        await finishJobRun(database.db, id, new Date(clock.now()), { error: 'the process shut down before the run finished; pg-boss gives the job to another worker' }).catch((error: unknown) =>
          logger.warn({ err: error, runId: id }, 'recording an interrupted job run failed; it is marked died when its lease runs out'),
        );
      }
    },
  };
}

/**
 * A run's lease: renewed every minute while its handler works, so a run whose process was killed
 * shows as `died` within three minutes (two missed renewals of slack for a busy event loop or a
 * database that is briefly away), not when its pg-boss job expires (up to hours for a sweep).
 */
const RUN_LEASE = { seconds: 180, renewEverySeconds: 60 };

const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);

/** deadlock_detected, unique_violation, duplicate_table, duplicate_object: another process got there first. */
const RACE_CODES = new Set(['40P01', '23505', '42P07', '42710']);

async function untilDatabaseAnswers(database: Database, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await database.ping()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
}
