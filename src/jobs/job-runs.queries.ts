import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { JobTrigger } from './definition.ts';

export interface JobRun {
  id: string;
  job: string;
  trigger: 'schedule' | 'manual';
  status: 'running' | 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  summary: unknown;
  error: string | null;
}

export async function startJobRun(db: Db, job: string, trigger: JobTrigger, at: Date): Promise<string> {
  const row = await db
    .insertInto('job_runs')
    .values({ job, trigger: trigger === 'manual' ? 'manual' : 'schedule', status: 'running', started_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishJobRun(db: Db, id: string, at: Date, outcome: { summary?: unknown; error?: string }): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({
      status: outcome.error === undefined ? 'succeeded' : 'failed',
      finished_at: at,
      summary: outcome.summary === undefined ? null : JSON.stringify(outcome.summary),
      error: outcome.error ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** The latest run of each job. */
export async function latestJobRuns(db: Db): Promise<JobRun[]> {
  const rows = await db
    .selectFrom('job_runs')
    .selectAll()
    .distinctOn('job')
    .orderBy('job')
    .orderBy(sql`started_at`, 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    job: row.job,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    summary: row.summary,
    error: row.error,
  }));
}

/** Jobs of a queue that one fan-out run created (its jobs carry the run's id in their data). */
export async function countJobsOfRun(db: Db, name: string, runId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${name} and data->>'runId' = ${runId}`.execute(db);
  return rows[0]?.n ?? 0;
}
