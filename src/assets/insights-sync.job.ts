import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import type { createDataSync } from './insights-sync.ts';
import type { AssetsDeps } from './types.ts';

export const INSIGHTS_SYNC_JOB = 'insights-sync';
export const DEFAULT_INSIGHTS_CRON = '0 * * * *';

/** Hourly by default: daily insights and campaigns of every ad account a healthy token may read. */
export function insightsSyncJob(deps: Pick<AssetsDeps, 'insightsCron'>, dataSync: ReturnType<typeof createDataSync>): JobDefinition<never, unknown> {
  return defineJob({
    name: INSIGHTS_SYNC_JOB,
    description: 'Syncs daily insights and campaigns of ad accounts with a healthy token (hourly)',
    cron: deps.insightsCron ?? DEFAULT_INSIGHTS_CRON,
    payload: z.object({}).passthrough(),
    recordRuns: true,
    retryLimit: 1,
    expireInSeconds: 3600,
    handler: () => dataSync.run(),
  }) as JobDefinition<never, unknown>;
}
