import type { JobDefinition } from '../jobs/definition.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { MetaAppSettings } from './connect.ts';
import type { TokenDeps } from './deps.ts';
import { TOKEN_VERIFY_JOB, tokenJobs } from './jobs.ts';
import type { RefreshSummary } from './refresh.ts';
import { createVerifier, type Verifier, type VerifyOutcome } from './verification.ts';

/** The token lifecycle as the composition root wires it: shared deps, the verifier, the jobs. */
export interface TokensService {
  deps: TokenDeps;
  verifier: Verifier;
  app: MetaAppSettings;
  jobs: JobDefinition<never, unknown>[];
}

export function createTokensService(
  deps: Omit<TokenDeps, 'scheduleVerification'>,
  options: {
    app: MetaAppSettings;
    cron: string;
    windowDays: number;
    refreshConcurrency?: number;
    /** The job queue (it exists once every area's jobs are declared); throws when used earlier. */
    queue: () => Pick<JobQueue, 'send'>;
    /** Counts each verification by outcome (operator metrics). */
    onVerification?: (outcome: VerifyOutcome | 'error') => void;
    /** Counts the refresh sweep's outcomes, whoever runs it (schedule, queue, "run now"). */
    onRefreshSummary?: (summary: RefreshSummary) => void;
  },
): TokensService {
  const full: TokenDeps = {
    ...deps,
    scheduleVerification: async (profileId, delaySeconds) => {
      await options.queue().send(TOKEN_VERIFY_JOB, { profileId }, { startAfter: delaySeconds, singletonKey: `verify:${profileId}` });
    },
  };
  const verifier = createVerifier(full, { onOutcome: options.onVerification });
  const jobs = tokenJobs({ ...full, verifier, queue: options.queue }, { cron: options.cron, windowDays: options.windowDays, concurrency: options.refreshConcurrency, onSummary: options.onRefreshSummary });
  return { deps: full, verifier, app: options.app, jobs };
}
