import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { JobTrigger } from './definition.ts';

export type JobRunStatus = 'running' | 'succeeded' | 'failed' | 'died';

/** The process that ran a job: `wevion serve`, `worker` or a CLI command, on which host, which pid. */
export interface RunBy {
  role: string;
  host: string;
  pid: number;
}

export interface JobRun {
  id: string;
  job: string;
  trigger: 'schedule' | 'manual';
  status: JobRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  summary: unknown;
  error: string | null;
  /** Null on runs recorded before migration 014. */
  runBy: RunBy | null;
  /** The pg-boss job it ran for; null when run in the foreground. */
  queueJobId: string | null;
}

export async function startJobRun(
  db: Db,
  job: string,
  trigger: JobTrigger,
  at: Date,
  run: { by: RunBy; queueJobId?: string | undefined; leaseUntil: Date; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('job_runs')
    .values({
      job,
      trigger: trigger === 'manual' ? 'manual' : 'schedule',
      status: 'running',
      started_at: at,
      run_by_role: run.by.role,
      run_by_host: run.by.host,
      run_by_pid: run.by.pid,
      queue_job_id: run.queueJobId ?? null,
      lease_until: run.leaseUntil,
      expires_at: run.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The running process says it is still at it: the lease moves to `until`, but never past the
 * run's expiry (pg-boss gives an expired job to another worker, so this run no longer counts).
 * Returns false when the row is no longer `running` (finished, or already marked died).
 */
export async function renewJobRun(db: Db, id: string, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('job_runs')
    .set({ lease_until: sql<Date>`least(${until}::timestamptz, coalesce(expires_at, ${until}::timestamptz))` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Written by the process that ran it, whatever the row says meanwhile: a run marked `died`
 * because its lease ran out (the database was away longer than the lease) that then finishes
 * says so.
 */
export async function finishJobRun(db: Db, id: string, at: Date, outcome: { summary?: unknown; error?: string }): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({
      status: outcome.error === undefined ? 'succeeded' : 'failed',
      finished_at: at,
      summary: outcome.summary === undefined ? null : JSON.stringify(outcome.summary),
      error: outcome.error ?? null,
      lease_until: null,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Marks `died` the runs whose lease ran out at `now`: their process stopped renewing it (killed,
 * or cut off from the database), or the run went past the job's expiry. The row keeps when the
 * lease ended as its end, and says which of the two it was.
 */
export async function markDiedJobRuns(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('job_runs')
    .set({
      status: 'died',
      finished_at: sql<Date>`lease_until`,
      error: sql<string>`case when expires_at is not null and lease_until >= expires_at
        then 'ran past the job''s expiry without finishing; pg-boss gives such a job to another worker'
        else 'its process stopped renewing the lease (killed, or cut off from the database) before the run finished' end`,
    })
    .where('status', '=', 'running')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

type JobRunRow = {
  id: string;
  job: string;
  trigger: 'schedule' | 'manual';
  status: JobRunStatus;
  started_at: Date;
  finished_at: Date | null;
  summary: unknown;
  error: string | null;
  run_by_role: string | null;
  run_by_host: string | null;
  run_by_pid: number | null;
  queue_job_id: string | null;
};

const toJobRun = (row: JobRunRow): JobRun => ({
  id: row.id,
  job: row.job,
  trigger: row.trigger,
  status: row.status,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  summary: row.summary,
  error: row.error,
  runBy: row.run_by_role !== null && row.run_by_host !== null && row.run_by_pid !== null ? { role: row.run_by_role, host: row.run_by_host, pid: row.run_by_pid } : null,
  queueJobId: row.queue_job_id,
});

const runColumns = ['id', 'job', 'trigger', 'status', 'started_at', 'finished_at', 'summary', 'error', 'run_by_role', 'run_by_host', 'run_by_pid', 'queue_job_id'] as const;

/** The latest run of each job. */
export async function latestJobRuns(db: Db): Promise<JobRun[]> {
  const rows = await db.selectFrom('job_runs').select(runColumns).distinctOn('job').orderBy('job').orderBy(sql`started_at`, 'desc').execute();
  return rows.map(toJobRun);
}

/** The last `perJob` runs of each job, newest first. */
export async function recentJobRuns(db: Db, perJob: number): Promise<JobRun[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('job_runs')
        .select(runColumns)
        .select(sql<number>`row_number() over (partition by job order by started_at desc, id desc)`.as('n'))
        .as('ranked'),
    )
    .select(runColumns)
    .where('n', '<=', perJob)
    .orderBy('job')
    .orderBy('started_at', 'desc')
    .execute();
  return rows.map(toJobRun);
}

/** What pg-boss holds for each queue and is not finished: waiting (created, retry) and active. */
export async function pendingQueueJobs(db: Db): Promise<Map<string, { queued: number; active: number }>> {
  const { rows } = await sql<{ name: string; queued: number; active: number }>`
    select name,
      count(*) filter (where state in ('created', 'retry'))::int as queued,
      count(*) filter (where state = 'active')::int as active
    from pgboss.job where state < 'completed' group by name`.execute(db);
  return new Map(rows.map((row) => [row.name, { queued: row.queued, active: row.active }]));
}

/** Jobs of a queue that one fan-out run created (its jobs carry the run's id in their data). */
export async function countJobsOfRun(db: Db, name: string, runId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${name} and data->>'runId' = ${runId}`.execute(db);
  return rows[0]?.n ?? 0;
}
