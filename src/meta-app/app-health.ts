/**
 * Meta app health: whether Meta still accepts the app itself. When Meta refuses the app
 * (deleted or restricted: code 101, or a 190 that says "Error validating application"; its secret
 * rotated in the dashboard, so the app token and every appsecret_proof are refused), every token of
 * the deployment fails at once, and telling each marketer to reconnect would be wrong: reconnecting
 * cannot fix an app problem.
 *
 * The state lives in the database (`meta_app_health`), shared by every process. While the app is
 * unhealthy no profile changes status: verifications are kept (`held_verifications`) and run
 * again once the app is healthy; operators are told once (the process whose conditional update
 * flips the state emits the change). The app is checked with `GET /{app-id}` and the app token.
 *
 * The invariant that keeps a deleted app from disabling tokens: a token is confirmed invalid only
 * after a check of the app that *started after* the refusal being judged was received found the
 * app healthy. A pass from a moment ago proves nothing about a refusal that came later (the app may
 * have been deleted in between). Checks of one process run one at a time, at most one every
 * `minCheckGapMs`, and everyone waiting for "a check newer than my refusal" shares the next one: a
 * storm of refusals costs a few calls a second, not one each.
 *
 * A refused check is the deployment's problem only when it was made with the deployment's
 * credentials (a fingerprint of the app id and secret that last decided the state is stored with
 * it). A process whose own credentials differ and are refused is misconfigured: it marks itself
 * not ready, stops working jobs and making Graph calls, and checks again every minute; it never
 * flips the state that every other process reads (see `onOwnCredentials`).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import { GraphError } from '../meta/graph-error.ts';
import { refusesTheApp } from '../meta/points-at-app.ts';
import type { AppGate, VerificationTrigger } from '../tokens/deps.ts';
import { getAppHealth, heldProfileIds, holdVerification, markHealthy, markUnhealthy, releaseHeld, type AppHealthState, type Refusal } from './app-health.queries.ts';

export type AppCheck =
  | { outcome: 'healthy' }
  | ({ outcome: 'unhealthy' } & Refusal)
  /** Meta refused this process's credentials, which are not the deployment's: nothing shared changed. */
  | ({ outcome: 'misconfigured'; variable: CredentialVariable } & Refusal)
  | { outcome: 'unknown'; category: string };

export type CredentialVariable = 'META_APP_ID' | 'META_APP_SECRET';

/** This process's own credentials, as its last check found them. */
export interface OwnCredentials {
  refused: boolean;
  /** The variable to look at, from Meta's answer (101: the app id; anything else: the secret). */
  variable: CredentialVariable | null;
  message: string | null;
  since: Date | null;
}

export interface AppHealthEvent {
  type: 'app.unhealthy' | 'app.recovered';
  state: AppHealthState;
}

export interface AppHealthDeps {
  db: Db;
  graph: Pick<GraphClient, 'app'>;
  clock: Clock;
  logger: Logger;
  appId: string;
  /** `credentialsFingerprint(appId, appSecret)` of this process. */
  credentials: string;
  /** Told of a change of state, after it is committed; never throws (the composition root's listeners log failures). */
  onChange(event: AppHealthEvent): Promise<void>;
  /** Runs the held verifications again (queues one token-verify job per profile). */
  recheck(profileIds: readonly string[]): Promise<void>;
  /**
   * This process's own credentials were refused (while they are not the deployment's), or are
   * accepted again: the composition root stops or resumes the process's jobs and Graph calls.
   */
  onOwnCredentials?(own: OwnCredentials): void | Promise<void>;
  /** Real-time spacing between two checks of this process. Default 500 ms. */
  minCheckGapMs?: number;
  /** How long a passed check stands for a mere suspicion (not for a confirmation). Default one minute. */
  healthyForMs?: number;
  /** While this process's credentials are refused, how often it checks them again (real time). Default one minute. */
  ownRecheckMs?: number;
}

export interface AppHealth {
  gate: AppGate;
  /** Checks the app now (a check started after this call; concurrent callers share it) and records the result. */
  check(): Promise<AppCheck>;
  state(): Promise<AppHealthState | undefined>;
  /** What Meta last said of this process's own credentials. */
  ownCredentials(): OwnCredentials;
  /** The minute job: while unhealthy or with verifications held, check; once healthy, run them. */
  watch(): Promise<{ outcome: AppCheck['outcome'] | 'idle'; rechecked: number }>;
  close(): void;
}

const THROTTLING_OR_DOWN = new Set(['rate_limited', 'transient', 'server_error']);
const RELEASE_BATCH = 500;

/** A fingerprint of the app's credentials: the same in every process configured alike, and no way back to the secret. */
export function credentialsFingerprint(appId: string, appSecret: string): string {
  return createHash('sha256').update(`wevion meta app credentials\n${appId}\n${appSecret}`).digest('hex').slice(0, 32);
}

/** What a refusal of the app node means, by code (and by Meta's words for a deleted app). */
export function refusalOf(error: GraphError): Refusal {
  const reason = refusesTheApp(error) ? 'app_invalid' : error.graphCode === 190 || error.graphCode === 102 ? 'app_token_refused' : 'app_refused';
  return { reason, code: error.graphCode ?? null, message: error.graphMessage ?? null, fbtraceId: error.fbtraceId ?? null };
}

const variableOf = (refusal: Refusal): CredentialVariable => (refusal.reason === 'app_invalid' ? 'META_APP_ID' : 'META_APP_SECRET');

export function createAppHealth(deps: AppHealthDeps): AppHealth {
  const healthyForMs = deps.healthyForMs ?? 60_000;
  const minGapMs = deps.minCheckGapMs ?? 500;
  const ownRecheckMs = deps.ownRecheckMs ?? 60_000;
  const now = () => deps.clock.now();

  /** Checks started by this process so far: a refusal "marks" this count, and needs a check numbered above it. */
  let started = 0;
  let lastStartedAt = -Infinity;
  let inflight: { seq: number; promise: Promise<AppCheck> } | undefined;
  let queued: Promise<AppCheck> | undefined;
  let last: { seq: number; at: number; result: AppCheck } | undefined;
  let own: OwnCredentials = { refused: false, variable: null, message: null, since: null };
  let ownTimer: NodeJS.Timeout | undefined;
  let closed = false;

  async function setOwn(next: OwnCredentials): Promise<void> {
    if (next.refused === own.refused) {
      own = next.refused ? { ...next, since: own.since } : own;
      return;
    }
    own = next;
    if (next.refused) {
      deps.logger.error({ app: deps.appId, variable: next.variable, message: next.message }, `Meta refuses this process's app credentials while other processes' pass: check ${next.variable}. This process is not ready, works no jobs and makes no Graph calls until they pass`);
      ownTimer ??= setInterval(() => {
        void check().catch((error: unknown) => deps.logger.error({ err: error }, 'checking this process’s Meta app credentials failed'));
      }, ownRecheckMs);
      ownTimer.unref();
    } else {
      deps.logger.warn({ app: deps.appId }, "Meta accepts this process's app credentials again: it works jobs and makes Graph calls");
      clearInterval(ownTimer);
      ownTimer = undefined;
    }
    await deps.onOwnCredentials?.(own);
  }

  async function runCheck(): Promise<AppCheck> {
    let result: AppCheck;
    try {
      const node = await deps.graph.app();
      result = node && String(node.id) === deps.appId ? { outcome: 'healthy' } : { outcome: 'unhealthy', reason: 'app_refused', code: null, message: 'Meta answered for another app id', fbtraceId: null };
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      result = THROTTLING_OR_DOWN.has(error.classification.category) || error.graphCode === undefined ? { outcome: 'unknown', category: error.classification.category } : { outcome: 'unhealthy', ...refusalOf(error) };
    }
    const at = new Date(now());
    if (result.outcome === 'healthy') {
      await setOwn({ refused: false, variable: null, message: null, since: null });
      if (await markHealthy(deps.db, deps.appId, at, deps.credentials)) {
        deps.logger.warn({ app: deps.appId }, 'Meta accepts the app again: held verifications run now');
        const state = await getAppHealth(deps.db, deps.appId);
        if (state) await deps.onChange({ type: 'app.recovered', state });
      }
    } else if (result.outcome === 'unhealthy') {
      const marked = await markUnhealthy(deps.db, deps.appId, result, at, deps.credentials);
      if (marked === 'foreign') {
        result = { ...result, outcome: 'misconfigured', variable: variableOf(result) };
        await setOwn({ refused: true, variable: result.variable, message: result.message, since: at });
      } else {
        await setOwn({ refused: false, variable: null, message: null, since: null });
        if (marked === 'flipped') {
          deps.logger.error({ app: deps.appId, reason: result.reason, code: result.code, fbtraceId: result.fbtraceId }, 'Meta refuses the app: token status changes are held until it is fixed');
          const state = await getAppHealth(deps.db, deps.appId);
          if (state) await deps.onChange({ type: 'app.unhealthy', state });
        }
      }
    }
    return result;
  }

  function start(): Promise<AppCheck> {
    const seq = ++started;
    lastStartedAt = performance.now();
    const promise = runCheck();
    inflight = { seq, promise };
    const settle = () => {
      if (inflight?.seq === seq) inflight = undefined;
    };
    promise.then(
      (result) => {
        if (!last || last.seq < seq) last = { seq, at: now(), result };
        settle();
      },
      settle,
    );
    return promise;
  }

  /**
   * A check that started after `mark` checks had started: the finished or running one if it is
   * newer, otherwise the next one (shared by everyone who asks before it starts), started when the
   * running one has ended and the spacing has passed.
   */
  function checkAfter(mark: number): Promise<AppCheck> {
    if (last && last.seq > mark) return Promise.resolve(last.result);
    if (inflight && inflight.seq > mark) return inflight.promise;
    if (queued) return queued;
    const before = inflight?.promise.then(
      () => undefined,
      () => undefined,
    );
    queued = (async () => {
      await before;
      const wait = lastStartedAt + minGapMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      queued = undefined;
      return start();
    })();
    return queued;
  }

  /** A check started after this moment. */
  const check = (): Promise<AppCheck> => checkAfter(started);

  /** For a suspicion, not a confirmation: a recent pass stands (shared state still healthy). */
  async function passedRecently(): Promise<boolean> {
    if (last?.result.outcome !== 'healthy' || now() - last.at >= healthyForMs) return false;
    const state = await getAppHealth(deps.db, deps.appId);
    return !state || state.healthy;
  }

  async function release(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await heldProfileIds(deps.db, RELEASE_BATCH);
      if (ids.length === 0) return total;
      // Queued before they are forgotten: a crash in between queues them again next minute
      // (the verify job is a singleton per profile, so twice is harmless).
      await deps.recheck(ids);
      await releaseHeld(deps.db, ids);
      total += ids.length;
    }
  }

  const gate: AppGate = {
    async holding() {
      const state = await getAppHealth(deps.db, deps.appId);
      return state !== undefined && !state.healthy;
    },
    async beforeConfirm() {
      if (own.refused) return 'unknown';
      // The refusal being judged arrived before this call: only a check started after it counts.
      const result = await check();
      return result.outcome === 'healthy' ? 'proceed' : result.outcome === 'unhealthy' ? 'hold' : 'unknown';
    },
    refusedHere: () => own.refused || last?.result.outcome === 'unhealthy',
    ownCredentialsRefused: () => own.refused,
    async suspect(error) {
      deps.logger.info({ app: deps.appId, graphCode: error.graphCode, credential: error.credential }, 'a Graph refusal may be about the app: checking it');
      // Only the app's own credentials were refused, or Meta named the app: a pass of a minute
      // ago proves nothing about this. A refused proof may be a bad parameter: a recent pass stands.
      const strong = refusesTheApp(error) || error.credential === 'app_token' || error.credential === 'client_secret';
      if (!strong && (await passedRecently())) return;
      await check();
    },
    async hold(profileId: string, trigger: VerificationTrigger | undefined) {
      await holdVerification(deps.db, profileId, trigger, new Date(now()));
    },
  };

  return {
    gate,
    check,
    state: () => getAppHealth(deps.db, deps.appId),
    ownCredentials: () => own,
    async watch() {
      if (closed) return { outcome: 'idle', rechecked: 0 };
      const state = await getAppHealth(deps.db, deps.appId);
      const held = await heldProfileIds(deps.db, 1);
      if ((!state || state.healthy) && held.length === 0) return { outcome: 'idle', rechecked: 0 };
      const result = await check();
      return { outcome: result.outcome, rechecked: result.outcome === 'healthy' ? await release() : 0 };
    },
    close() {
      closed = true;
      clearInterval(ownTimer);
      ownTimer = undefined;
    },
  };
}
