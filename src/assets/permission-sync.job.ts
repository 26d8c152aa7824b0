/**
 * The permission sync as jobs. `permission-sync` is the sweep (twice a day by default, recorded in
 * job_runs): run now (API, CLI) it syncs every token at once and returns the summary; on the
 * schedule it drops the permissions of tokens no longer Active and enqueues one
 * `permission-sync-token` job per Active token, each at a fixed offset of the window, so the
 * heaviest Graph traffic is spread over many workers and hours, and each token is still synced
 * every 12 hours (a stable offset keeps the interval between two syncs of one token the period).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import { activeProfileIds } from './assets.queries.ts';
import { countJobsOfRun } from '../jobs/job-runs.queries.ts';
import { offsetSeconds } from '../jobs/spread.ts';
import type { PermissionSync } from './permission-sync.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { queueOf, type AssetsDeps, type PermissionSyncSummary } from './types.ts';

export const PERMISSION_SYNC_JOB = 'permission-sync';
export const PERMISSION_SYNC_TOKEN_JOB = 'permission-sync-token';
export const DEFAULT_PERMISSION_SYNC_CRON = '0 */12 * * *';
const DEFAULT_SPREAD_SECONDS = 11 * 3600;

export function permissionSyncJobs(deps: AssetsDeps, sync: PermissionSync): JobDefinition<never, unknown>[] {
  const spread = deps.spreadSeconds ?? DEFAULT_SPREAD_SECONDS;

  async function enqueueAll(queue: Pick<JobQueue, 'insert'>): Promise<PermissionSyncSummary> {
    const summary = await sync.revoke();
    const runId = randomUUID();
    const ids = await activeProfileIds(deps.db);
    // One job per token per window even if the sweep itself runs twice (retry, two schedulers):
    // a duplicate of the window's singleton is dropped. Inserted a thousand per statement: a
    // million tokens are a thousand round trips, not a million.
    await queue.insert(
      PERMISSION_SYNC_TOKEN_JOB,
      ids.map((profileId) => ({ data: { profileId, runId }, startAfterSeconds: offsetSeconds(profileId, spread), singletonKey: profileId, singletonSeconds: Math.max(60, spread) })),
    );
    summary.tokens = ids.length;
    summary.enqueued = await countJobsOfRun(deps.db, PERMISSION_SYNC_TOKEN_JOB, runId);
    return summary;
  }

  const sweep = defineJob({
    name: PERMISSION_SYNC_JOB,
    description: 'Re-syncs which Meta profile may touch which ad account, page, pixel and catalog (twice a day)',
    cron: deps.cron ?? DEFAULT_PERMISSION_SYNC_CRON,
    payload: z.object({}).passthrough(),
    recordRuns: true,
    retryLimit: 1,
    // The scheduled run only enqueues one job per token (1–4 min for a million); "Run now" syncs
    // everything in one process (1,000 tokens in 22 s, so about 45,000 in the two hours).
    expireInSeconds: 2 * 3600,
    handler: async (_payload, context): Promise<PermissionSyncSummary> => {
      const queue = queueOf(deps);
      if (context.trigger === 'schedule' && queue) return enqueueAll(queue);
      return sync.syncAll();
    },
  });

  const perToken = defineJob({
    name: PERMISSION_SYNC_TOKEN_JOB,
    description: 'Permission sync of one Meta profile (spread over the window by the scheduled run)',
    payload: z.object({ profileId: z.string().uuid(), runId: z.string().max(100).optional() }),
    recordRuns: false,
    retryLimit: 3,
    retryDelaySeconds: 10 * 60,
    // About ten Graph calls in three rounds (≈ 1 s), each retried up to 5 + 15 + 45 s when
    // throttled, and held while a spent budget regains access: minutes at worst.
    expireInSeconds: 15 * 60,
    concurrency: 'worker',
    handler: async ({ profileId, runId }) => {
      const outcome = await sync.syncProfile(profileId, { id: runId ?? randomUUID() });
      // Throttled or Meta down: pg-boss tries again later. A token confirmed invalid is done.
      if (outcome.error !== undefined && outcome.retryable) throw outcome.error;
      return outcome.summary;
    },
  });

  return [sweep, perToken] as JobDefinition<never, unknown>[];
}
