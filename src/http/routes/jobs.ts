import { z } from '@hono/zod-openapi';
import { AppError } from '../../errors.ts';
import { latestJobRuns, markDiedJobRuns, type JobRun } from '../../jobs/job-runs.queries.ts';
import type { HttpDeps } from '../context.ts';
import { defineRoute, mount, type ApiApp } from '../openapi.ts';
import { orNull, time } from '../schemas.ts';

const jobRun = z
  .strictObject({
    id: z.uuid(),
    job: z.string(),
    trigger: z.enum(['schedule', 'manual']),
    status: z.enum(['running', 'succeeded', 'failed', 'died']).openapi({ description: '`died`: the process running it stopped renewing its lease (killed) or the run went past the job’s expiry; `finishedAt` is when the lease ended.' }),
    startedAt: time,
    finishedAt: time.nullable(),
    summary: z.unknown().openapi({ description: 'What the run did; its shape is the job’s own (e.g. token-refresh: checked, refreshed, notExtended, failed, skipped).' }),
    error: z.string().nullable(),
    runBy: z
      .strictObject({ role: z.string(), host: z.string(), pid: z.number().int() })
      .nullable()
      .openapi({ description: 'The process that ran it (`serve`, `worker` or `cli`, its host and pid); null for runs recorded before this was kept.' }),
  })
  .openapi('JobRun');

const runView = (run: JobRun) => ({
  id: run.id,
  job: run.job,
  trigger: run.trigger,
  status: run.status,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  summary: run.summary,
  error: run.error,
  runBy: run.runBy,
});

export const jobRouteDefs = {
  list: defineRoute({
    method: 'get',
    path: '/api/jobs',
    tag: 'Jobs',
    summary: 'The jobs (a fixed set, so not paged) and their last runs',
    access: 'admin',
    responses: {
      200: {
        description: 'The jobs, and the time zone their schedules are in.',
        schema: z.strictObject({
          jobs: z.array(z.strictObject({ name: z.string(), description: z.string(), cron: z.string().nullable(), lastRun: orNull(jobRun) })),
          timeZone: z.string().openapi({ description: 'The IANA time zone every `cron` is read in (`SCHEDULE_TIME_ZONE`).' }),
        }),
      },
    },
  }),
  run: defineRoute({
    method: 'post',
    path: '/api/jobs/{name}/run',
    tag: 'Jobs',
    summary: 'Run a job now and answer its summary',
    access: 'admin',
    params: z.object({ name: z.string().openapi({ description: 'A job name from `GET /api/jobs`.' }) }),
    responses: { 200: { description: 'The run’s summary.', schema: z.strictObject({ job: z.string(), summary: z.unknown() }) } },
    errors: ['not_found', 'queue_not_started'],
  }),
};

export function jobRoutes(app: ApiApp, deps: HttpDeps): void {
  mount(app, jobRouteDefs.list, async () => {
    // A run whose process died says so before anyone reads it as still running.
    await markDiedJobRuns(deps.database.db, new Date(deps.clock.now()));
    const runs = new Map((await latestJobRuns(deps.database.db)).map((run) => [run.job, run]));
    const jobs = deps.queue
      .definitions()
      .filter((job) => job.recordRuns)
      .map((job) => {
        const run = runs.get(job.name);
        return {
          name: job.name,
          description: job.description,
          cron: job.cron ?? null,
          lastRun: run ? runView(run) : null,
        };
      });
    return { status: 200, body: { jobs, timeZone: deps.config.jobs.scheduleTimeZone } };
  });

  mount(app, jobRouteDefs.run, async (_c, { params }) => {
    const job = deps.queue.definitions().find((candidate) => candidate.name === params.name && candidate.recordRuns);
    if (!job) throw new AppError('not_found', `job "${params.name}" not found`);
    return { status: 200, body: { job: params.name, summary: await deps.queue.runNow(params.name, {}) } };
  });
}
