import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/definition.ts';
import { SIGNALLED_CAUSES } from '../meta/token-causes.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { TokenDeps } from './deps.ts';
import { refreshDueTokens, type RefreshSummary } from './refresh.ts';
import type { Verifier } from './verification.ts';

// A sweep that could not finish every token (Meta down, throttled) tries again this much later,
// instead of waiting 12 hours; tokens refreshed meanwhile are no longer due, so it is harmless.
const RETRY_AFTER_SECONDS = 15 * 60;

/** The twice-daily refresh sweep (its name is what operators run: `wevion jobs run token-refresh`). */
export const TOKEN_REFRESH_JOB = 'token-refresh';
/** A token checked again later, after Meta could not answer (one per profile at a time). */
export const TOKEN_VERIFY_JOB = 'token-verify';

export function tokenJobs(
  deps: TokenDeps & { verifier: Verifier; queue: () => Pick<JobQueue, 'send'> },
  options: { cron: string; windowDays: number; concurrency?: number; onSummary?: (summary: RefreshSummary) => void },
): JobDefinition<never, unknown>[] {
  const refresh = defineJob({
    name: TOKEN_REFRESH_JOB,
    description: 'Refreshes every Active token expiring within the window (twice a day)',
    cron: options.cron,
    payload: z.object({ trigger: z.string().optional() }).passthrough(),
    recordRuns: true,
    // 2,000 due tokens take 15 s with Meta answering in 50 ms, a million profiles' ≈ 9,400 due
    // ones ≈ 6 min at 300 ms (docs/operations.md, "Sizing"): 30 minutes is five times that, and
    // is how long a killed worker's sweep waits before pg-boss gives it to another worker.
    expireInSeconds: 30 * 60,
    handler: async (_payload, context) => {
      const summary = await refreshDueTokens(deps, { windowDays: options.windowDays, concurrency: options.concurrency });
      if ((summary.failed > 0 || summary.appUnhealthy) && context.trigger !== 'manual') {
        await deps.queue().send(TOKEN_REFRESH_JOB, { trigger: 'queue' }, { startAfter: RETRY_AFTER_SECONDS, singletonKey: 'token-refresh-retry' });
      }
      options.onSummary?.(summary);
      return summary;
    },
  });
  const verify = defineJob({
    name: TOKEN_VERIFY_JOB,
    description: 'Checks a token: again after Meta could not answer, once Meta accepts the app again, or when Meta tells us the person removed the app',
    // `cause`: Meta told us why (a push signal: the person removed the app); the check still decides.
    payload: z.object({ profileId: z.string().uuid(), cause: z.enum(SIGNALLED_CAUSES).optional() }),
    recordRuns: false,
    // Meta accepting the app again releases every check held meanwhile at once (a deleted app
    // holds one per token used during the incident): each waits on Meta, so every lane helps.
    concurrency: 'worker',
    // GET /me, then debug_token, each retried when Meta does not answer (5 + 15 + 45 s).
    expireInSeconds: 10 * 60,
    handler: async ({ profileId, cause }) => ({ outcome: await deps.verifier.verify(profileId, undefined, cause ? { cause } : {}) }),
  });
  return [refresh, verify] as JobDefinition<never, unknown>[];
}
