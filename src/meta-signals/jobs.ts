/**
 * The jobs of Meta's push signals. `meta-signals-process` works through the stored deliveries:
 * sent by the intake after a webhook it does not process itself is stored (a burst shares one),
 * and every minute as the sweep that picks up what a process left (it died between its answer
 * and the job, or mid-way, or with deliveries in hand whose lease has ended),
 * the data deletion requests still pending, and retention. `meta-removal-check` checks one
 * profile's token after a removal; `meta-permission-check` confirms one signalled permission
 * change with Meta; `meta-data-deletion` carries out one request; `meta-business-sync` syncs a
 * business connection's permissions after Meta said its client business changed what it shares.
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import type { Logger } from '../logger.ts';
import { DATA_DELETION_JOB, runDeletion } from './data-deletion.ts';
import { pendingDeletionCodes } from './data-deletion.queries.ts';
import type { SignalsDeps } from './deps.ts';
import { applyRetention } from './meta-signals.queries.ts';
import { checkPermission, type PermissionCheckDeps } from './permission-check.ts';
import { PERMISSION_CHECK_JOB } from './permissions-object.ts';
import { processPending } from './process.ts';
import { REMOVAL_CHECK_JOB } from './removal.ts';
import { BUSINESS_SYNC_JOB } from './application-object.ts';
import { prunePendingInstalls } from '../tokens/business-installs.queries.ts';
import { SIGNALLED_CAUSES } from '../meta/token-causes.ts';

export const PROCESS_JOB = 'meta-signals-process';
const RETENTION_EVERY_MS = 3_600_000;

export function signalJobs(deps: PermissionCheckDeps, options: { cron?: string } = {}): JobDefinition<never, unknown>[] {
  let lastRetention = -Infinity;
  const process = defineJob({
    name: PROCESS_JOB,
    description: "Processes Meta's stored deliveries (callbacks and webhooks); every minute it also picks up what a process left",
    cron: options.cron ?? '* * * * *',
    payload: z.object({}).passthrough(),
    recordRuns: false,
    retryLimit: 2,
    concurrency: 2,
    // A batch of stored deliveries (each a 2-minute lease) and, once an hour, the retention.
    expireInSeconds: 10 * 60,
    handler: async (_payload, context) => {
      const summary: Record<string, number> = { ...(await processPending(deps)) };
      if (context.trigger !== 'queue') {
        // Requests whose job was lost with its process.
        for (const code of await pendingDeletionCodes(deps.db, 100)) await deps.queue().send(DATA_DELETION_JOB, { code });
        if (deps.clock.now() - lastRetention >= RETENTION_EVERY_MS) {
          lastRetention = deps.clock.now();
          Object.assign(summary, await applyRetention(deps.db, new Date(deps.clock.now()), { bodyDays: 7, rowDays: 30 }), {
            pendingInstallsDropped: await prunePendingInstalls(deps.db, new Date(deps.clock.now())),
          });
        }
      }
      return summary;
    },
  });
  const permissionCheck = defineJob({
    name: PERMISSION_CHECK_JOB,
    description: 'Confirms a permission change Meta signalled with GET /me/permissions, then applies it and syncs the profile',
    payload: z.object({ profileId: z.string().uuid(), permission: z.string().min(1).max(100), verb: z.enum(['granted', 'revoked']), time: z.string().datetime() }),
    recordRuns: false,
    retryLimit: 5,
    retryDelaySeconds: 60,
    concurrency: 'worker',
    // GET /me/permissions (retried when Meta does not answer), then the profile's permission sync.
    expireInSeconds: 15 * 60,
    handler: async (job) => ({ outcome: await checkPermission(deps, job) }),
  });
  const removalCheck = defineJob({
    name: REMOVAL_CHECK_JOB,
    description: 'Checks a profile’s token after Meta said the person removed the app (GET /me decides)',
    // `cause`: what Meta said happened (default: the person removed the app; `business_removed`:
    // the client business removed it from its connected apps).
    payload: z.object({ profileId: z.string().uuid(), cause: z.enum(SIGNALLED_CAUSES).optional() }),
    recordRuns: false,
    // The check starts at once in the process that queued it (eager.ts); the job is what remains
    // when that process died first, or had more checks in flight than it starts at once.
    concurrency: 'worker',
    // GET /me, then debug_token, each retried when Meta does not answer (as token-verify).
    expireInSeconds: 10 * 60,
    handler: async ({ profileId, cause }) => ({ outcome: await deps.verifier.verify(profileId, undefined, { cause: cause ?? 'app_removed' }) }),
  });
  const businessSync = defineJob({
    name: BUSINESS_SYNC_JOB,
    description: 'Permission sync of a business connection now, after Meta said the client business changed what it shares',
    payload: z.object({ profileId: z.string().uuid() }),
    recordRuns: false,
    retryLimit: 3,
    retryDelaySeconds: 60,
    concurrency: 'worker',
    // About ten Graph calls, each retried when Meta does not answer (as permission-sync-token).
    expireInSeconds: 15 * 60,
    handler: async ({ profileId }) => ({ summary: await deps.syncProfile(profileId) }),
  });
  const deletion = defineJob({
    name: DATA_DELETION_JOB,
    description: 'Deletes everything held about a person who asked Meta for it (a data deletion request)',
    payload: z.object({ code: z.string().min(1).max(100).optional(), signalId: z.string().uuid().optional() }),
    recordRuns: false,
    retryLimit: 5,
    retryDelaySeconds: 60,
    // One transaction of deletes, however many workspaces.
    expireInSeconds: 10 * 60,
    handler: async (ref) => ({ outcome: await runDeletion(deps, ref) }),
  });
  return [process, removalCheck, permissionCheck, deletion, businessSync] as JobDefinition<never, unknown>[];
}

/**
 * Sends the processing job after a webhook no process holds is stored (this one held too many to
 * process it from memory, or processes none itself; besides the processing this process starts
 * at once, the job is for another process when this one dies mid-way). Calls within a second
 * share one send, and a send always comes after the call that asked (trailing edge), so no
 * stored delivery waits for the minute sweep while a process lives.
 */
export function createKicker(deps: Pick<SignalsDeps, 'queue'> & { logger: Logger }, gapMs = 1_000): { kick(): void; close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let lastSent = -Infinity;
  let closed = false;
  return {
    kick() {
      if (timer || closed) return;
      const wait = Math.max(0, lastSent + gapMs - performance.now());
      timer = setTimeout(() => {
        timer = undefined;
        lastSent = performance.now();
        deps
          .queue()
          .send(PROCESS_JOB, { trigger: 'queue' })
          .catch((error: unknown) => deps.logger.error({ err: error }, "could not queue the processing of Meta's deliveries; the minute sweep does it"));
      }, wait);
      timer.unref();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
