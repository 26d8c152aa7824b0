/**
 * The insights/campaign data sync as jobs. `insights-sync` is the sweep (hourly by default,
 * recorded in job_runs): run now (API, CLI) it syncs every ad account here and returns the
 * summary; on the schedule it enqueues one `insights-sync-account` job per ad account, each at a
 * stable offset within five sixths of the period, so workers divide the accounts between them
 * (one process walking half a million accounts at Meta's latency cannot finish within the hour)
 * and each account is still synced once a period.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import { countJobsOfRun } from '../jobs/job-runs.queries.ts';
import { cronPeriodSeconds, offsetSeconds } from '../jobs/spread.ts';
import { adAccountIds } from './data.queries.ts';
import type { createDataSync } from './insights-sync.ts';
import { queueOf, type AssetsDeps } from './types.ts';

export const INSIGHTS_SYNC_JOB = 'insights-sync';
export const INSIGHTS_SYNC_ACCOUNT_JOB = 'insights-sync-account';
export const DEFAULT_INSIGHTS_CRON = '0 * * * *';

export function insightsSyncJobs(deps: Pick<AssetsDeps, 'insightsCron' | 'db' | 'queue' | 'scheduleTimeZone'>, dataSync: ReturnType<typeof createDataSync>): JobDefinition<never, unknown>[] {
  const cron = deps.insightsCron ?? DEFAULT_INSIGHTS_CRON;
  const period = cronPeriodSeconds(cron, deps.scheduleTimeZone);
  // The last sixth of the period is left free, so a period's jobs are done before the next begins.
  const spread = Math.floor((period * 5) / 6);

  const sweep = defineJob({
    name: INSIGHTS_SYNC_JOB,
    description: 'Syncs daily insights and campaigns of ad accounts with a healthy token (hourly)',
    cron,
    payload: z.object({}).passthrough(),
    recordRuns: true,
    retryLimit: 1,
    // The scheduled run only enqueues one job per ad account; "Run now" syncs them all in one
    // process, which must end within the hour before the next run.
    expireInSeconds: 3600,
    handler: async (_payload, context) => {
      const queue = queueOf(deps);
      if (context.trigger !== 'schedule' || !queue) return dataSync.run();
      const runId = randomUUID();
      const ids = await adAccountIds(deps.db);
      await queue.insert(
        INSIGHTS_SYNC_ACCOUNT_JOB,
        ids.map((adAccountId) => ({ data: { adAccountId, runId }, startAfterSeconds: offsetSeconds(adAccountId, spread), singletonKey: adAccountId, singletonSeconds: Math.max(60, period) })),
      );
      return { adAccounts: ids.length, enqueued: await countJobsOfRun(deps.db, INSIGHTS_SYNC_ACCOUNT_JOB, runId) };
    },
  });

  const perAccount = defineJob({
    name: INSIGHTS_SYNC_ACCOUNT_JOB,
    description: 'Insights and campaigns of one ad account (spread over the period by the scheduled run)',
    payload: z.object({ adAccountId: z.string().uuid(), runId: z.string().max(100).optional() }),
    recordRuns: false,
    retryLimit: 2,
    retryDelaySeconds: 5 * 60,
    // Two Graph calls (insights, campaigns) with their retries and throttling holds.
    expireInSeconds: 15 * 60,
    concurrency: 'worker',
    handler: async ({ adAccountId }) => {
      const { summary, retryable } = await dataSync.runOne(adAccountId);
      // Throttled or Meta down: pg-boss tries again later (the reason is recorded meanwhile).
      if (retryable) throw new Error(`data sync of ad account ${adAccountId} failed; retried later`);
      return summary;
    },
  });

  return [sweep, perAccount] as JobDefinition<never, unknown>[];
}
