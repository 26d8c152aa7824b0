/**
 * Meta app health: whether Meta still accepts the app itself. When Meta refuses the app
 * (deleted or restricted: code 101; its secret rotated in the dashboard, so the app token and
 * every appsecret_proof are refused), every token of the deployment fails at once, and telling
 * each marketer to reconnect would be wrong: reconnecting cannot fix an app problem.
 *
 * The state lives in the database (`meta_app_health`), shared by every process. While the app is
 * unhealthy no profile changes status: verifications are kept (`held_verifications`) and run
 * again once the app is healthy; operators are told once (the process whose conditional update
 * flips the state emits the change). The app is checked with `GET /{app-id}` and the app token:
 * before a verification confirms an invalid token (an answer cached a minute), whenever a Graph
 * refusal points at the app, when a wave of confirmations looks like an app problem, and every
 * minute while unhealthy (the `meta-app-check` job).
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import { GraphError } from '../meta/graph-error.ts';
import type { AppGate, VerificationTrigger } from '../tokens/deps.ts';
import { getAppHealth, heldProfileIds, holdVerification, markHealthy, markUnhealthy, releaseHeld, type AppHealthState, type Refusal } from './app-health.queries.ts';
import { DEFAULT_WAVE, WaveGuard, type WaveOptions } from './wave-guard.ts';

export type AppCheck = { outcome: 'healthy' } | ({ outcome: 'unhealthy' } & Refusal) | { outcome: 'unknown'; category: string };

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
  /** Told of a change of state, after it is committed; never throws (the composition root's listeners log failures). */
  onChange(event: AppHealthEvent): Promise<void>;
  /** Runs the held verifications again (queues one token-verify job per profile). */
  recheck(profileIds: readonly string[]): Promise<void>;
  wave?: WaveOptions;
  /** How long a passed check is trusted by this process. Default one minute. */
  healthyForMs?: number;
}

export interface AppHealth {
  gate: AppGate;
  /** Checks the app now (one call shared by concurrent callers) and records the result. */
  check(): Promise<AppCheck>;
  state(): Promise<AppHealthState | undefined>;
  /** The minute job: while unhealthy or with verifications held, check; once healthy, run them. */
  watch(): Promise<{ outcome: AppCheck['outcome'] | 'idle'; rechecked: number }>;
}

const THROTTLING_OR_DOWN = new Set(['rate_limited', 'transient', 'server_error']);
const RELEASE_BATCH = 500;
const RECHECK_AFTER_MS = 5_000;

/** What a refusal of the app node means, by code. */
export function refusalOf(error: GraphError): Refusal {
  const reason = error.graphCode === 101 ? 'app_invalid' : error.graphCode === 190 || error.graphCode === 102 ? 'app_token_refused' : 'app_refused';
  return { reason, code: error.graphCode ?? null, message: error.graphMessage ?? null, fbtraceId: error.fbtraceId ?? null };
}

export function createAppHealth(deps: AppHealthDeps): AppHealth {
  const waves = new WaveGuard(deps.wave ?? DEFAULT_WAVE);
  const healthyForMs = deps.healthyForMs ?? 60_000;
  let last: { at: number; result: AppCheck } | undefined;
  let running: Promise<AppCheck> | undefined;
  const now = () => deps.clock.now();

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
    last = { at: at.getTime(), result };
    if (result.outcome === 'healthy') {
      if (await markHealthy(deps.db, deps.appId, at)) {
        deps.logger.warn({ app: deps.appId }, 'Meta accepts the app again: held verifications run now');
        const state = await getAppHealth(deps.db, deps.appId);
        if (state) await deps.onChange({ type: 'app.recovered', state });
      }
    } else if (result.outcome === 'unhealthy') {
      if (await markUnhealthy(deps.db, deps.appId, result, at)) {
        deps.logger.error({ app: deps.appId, reason: result.reason, code: result.code, fbtraceId: result.fbtraceId }, 'Meta refuses the app: token status changes are held until it is fixed');
        const state = await getAppHealth(deps.db, deps.appId);
        if (state) await deps.onChange({ type: 'app.unhealthy', state });
      }
    }
    return result;
  }

  function check(): Promise<AppCheck> {
    running ??= runCheck().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** A check of the last few seconds stands (a storm of refusals makes one call, not one each). */
  async function checkedJustNow(): Promise<AppCheck> {
    if (last && now() - last.at < RECHECK_AFTER_MS) return last.result;
    return check();
  }

  /** A recent pass is trusted for a minute; otherwise the app is checked now. */
  async function checkedRecently(): Promise<AppCheck> {
    if (last?.result.outcome === 'healthy' && now() - last.at < healthyForMs) {
      // Another process may have found it unhealthy since: that is in the database.
      const state = await getAppHealth(deps.db, deps.appId);
      if (!state || state.healthy) return { outcome: 'healthy' };
    }
    return check();
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
    async beforeConfirm(cause) {
      const wave = waves.confirming(cause, now());
      if (wave) deps.logger.warn({ app: deps.appId, code: cause.code, subcode: cause.subcode }, 'many tokens confirmed invalid for one cause: checking the Meta app first');
      const result = wave ? await checkedJustNow() : await checkedRecently();
      return result.outcome === 'healthy' ? 'proceed' : result.outcome === 'unhealthy' ? 'hold' : 'unknown';
    },
    refusedHere: () => last?.result.outcome === 'unhealthy',
    observedValid() {
      waves.valid(now());
    },
    async suspect(error) {
      deps.logger.info({ app: deps.appId, graphCode: error.graphCode, credential: error.credential }, 'a Graph refusal may be about the app: checking it');
      // Only the app's own credentials were refused, or Meta named the app (101): a pass of a
      // minute ago proves nothing about this. A refused proof may be a bad parameter: trust it.
      const strong = error.graphCode === 101 || error.credential === 'app_token' || error.credential === 'client_secret';
      await (strong ? checkedJustNow() : checkedRecently());
    },
    async hold(profileId: string, trigger: VerificationTrigger | undefined) {
      await holdVerification(deps.db, profileId, trigger, new Date(now()));
    },
  };

  return {
    gate,
    check,
    state: () => getAppHealth(deps.db, deps.appId),
    async watch() {
      const state = await getAppHealth(deps.db, deps.appId);
      const held = await heldProfileIds(deps.db, 1);
      if ((!state || state.healthy) && held.length === 0) return { outcome: 'idle', rechecked: 0 };
      const result = await check();
      return { outcome: result.outcome, rechecked: result.outcome === 'healthy' ? await release() : 0 };
    },
  };
}
