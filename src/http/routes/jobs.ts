import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { latestJobRuns } from '../../jobs/job-runs.queries.ts';
import { requireAdmin } from '../auth.ts';
import type { AppEnv, HttpDeps } from '../context.ts';

export function jobRoutes(app: Hono<AppEnv>, deps: HttpDeps): void {
  app.get('/api/jobs', async (c) => {
    requireAdmin(c);
    const runs = new Map((await latestJobRuns(deps.database.db)).map((run) => [run.job, run]));
    const jobs = deps.queue
      .definitions()
      .filter((job) => job.recordRuns)
      .map((job) => ({ name: job.name, description: job.description, cron: job.cron ?? null, lastRun: runs.get(job.name) ?? null }));
    return c.json({ jobs });
  });

  app.post('/api/jobs/:name/run', async (c) => {
    requireAdmin(c);
    const name = c.req.param('name');
    const job = deps.queue.definitions().find((candidate) => candidate.name === name && candidate.recordRuns);
    if (!job) throw new AppError('not_found', `job "${name}" not found`);
    const summary = await deps.queue.runNow(name, {});
    return c.json({ job: name, summary });
  });
}
