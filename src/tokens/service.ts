import type { Member } from '../accounts/accounts.ts';
import type { JobDefinition } from '../jobs/definition.ts';
import type { SignalledCause } from '../meta/token-causes.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { completeConnect, startConnect, type ConnectResult, type MetaAppSettings } from './connect.ts';
import type { TokenDeps } from './deps.ts';
import { TOKEN_VERIFY_JOB, tokenJobs } from './jobs.ts';
import { refreshDueTokens, refreshProfile, type RefreshSummary } from './refresh.ts';
import { addSystemUserToken } from './system-user.ts';
import { withCachedToken } from './token-access.ts';
import type { CachedProfile } from './token-cache.ts';
import type { MetaUser } from './tokens.queries.ts';
import { createVerifier, type Verifier, type VerifyOutcome } from './verification.ts';

/**
 * The token lifecycle as the composition root wires it: the verifier, the jobs, and what the
 * routes and "Sync now" may do with it. Its dependencies stay inside.
 */
export interface TokensService {
  verifier: Verifier;
  app: MetaAppSettings;
  jobs: JobDefinition<never, unknown>[];
  /** The Meta dialog URL of a connect (or, with `metaUser`, a reconnect) of this person; `flow: 'business'`: Connect a business. */
  startConnect(input: { member: Member; sessionCookie: string; metaUser?: MetaUser; flow?: 'login' | 'business' }): Promise<string>;
  /** Meta's redirect back: exchange, check, store, tell. */
  completeConnect(input: { code?: string; state?: string; error?: string; errorDescription?: string; sessionCookie: string | undefined }): Promise<ConnectResult>;
  /** An admin's pasted System User token, checked with Meta before it is stored. */
  addSystemUser(input: { member: Member; accessToken: string; name?: string }): Promise<MetaUser>;
  /** Runs `call` with a profile's token (from the cache), handling a Graph failure as every token use does. */
  withToken<T>(profile: CachedProfile, call: (token: string, metaUser: MetaUser) => Promise<T>): Promise<T>;
  /** The sweep now, as the twice-daily job runs it (benchmarks set how many tokens at once). */
  refreshDue(options?: { concurrency?: number }): Promise<RefreshSummary>;
  /** One profile's refresh when it is due ("Sync now"). */
  refreshProfile(profileId: string): ReturnType<typeof refreshProfile>;
  /** Queues a check of the token `delaySeconds` from now; `cause`: what Meta told us (a push signal). */
  scheduleVerification(profileId: string, delaySeconds: number, cause?: SignalledCause): Promise<void>;
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
  const scheduleVerification = async (profileId: string, delaySeconds: number, cause?: SignalledCause) => {
    await options.queue().send(TOKEN_VERIFY_JOB, { profileId, ...(cause ? { cause } : {}) }, { startAfter: delaySeconds, singletonKey: `verify:${profileId}` });
  };
  const full: TokenDeps = { ...deps, scheduleVerification };
  const verifier = createVerifier(full, { onOutcome: options.onVerification });
  const withVerifier = { ...full, verifier };
  const refreshOptions = { windowDays: options.windowDays, concurrency: options.refreshConcurrency };
  const jobs = tokenJobs({ ...withVerifier, queue: options.queue }, { cron: options.cron, ...refreshOptions, onSummary: options.onRefreshSummary });
  return {
    verifier,
    app: options.app,
    jobs,
    startConnect: (input) => startConnect({ ...full, app: options.app }, input),
    completeConnect: (input) => completeConnect({ ...full, app: options.app }, input),
    addSystemUser: (input) => addSystemUserToken({ ...full, appId: options.app.appId }, input),
    withToken: (profile, call) => withCachedToken(withVerifier, profile, call),
    refreshDue: (override) => refreshDueTokens(withVerifier, { ...refreshOptions, ...override }),
    refreshProfile: (profileId) => refreshProfile(withVerifier, profileId, { windowDays: options.windowDays }),
    scheduleVerification,
  };
}
