import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import type { AppHealth } from './app-health.ts';
import type { ApiVersionWatch } from './api-version.ts';

export const META_APP_CHECK_JOB = 'meta-app-check';

/**
 * Every minute, and once when a process starts: while Meta refuses the app, or verifications are
 * held, check the app; once it is healthy again, the held verifications run. Otherwise it reads
 * one row and does nothing. It also tells operators when the API version is 90, 30 or 7 days
 * from its end (once each for the deployment; no statement while far from it).
 */
export function metaAppCheckJob(health: Pick<AppHealth, 'watch'>, versions?: Pick<ApiVersionWatch, 'thresholds'>): JobDefinition<never, unknown> {
  return defineJob({
    name: META_APP_CHECK_JOB,
    description: 'Checks the Meta app while Meta refuses it, and runs the held verifications once it is healthy (every minute)',
    cron: '* * * * *',
    payload: z.object({ trigger: z.string().optional() }).passthrough(),
    recordRuns: false,
    expireInSeconds: 5 * 60,
    handler: async () => {
      const told = (await versions?.thresholds()) ?? [];
      const watched = await health.watch();
      return told.length > 0 ? { ...watched, versionNotices: told } : watched;
    },
  }) as JobDefinition<never, unknown>;
}
