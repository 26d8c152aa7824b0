import { randomUUID } from 'node:crypto';
import { GraphError } from '../meta/graph-error.ts';
import type { DebugTokenData } from '../meta/helpers.ts';
import { pointsAtApp, refusesTheApp } from '../meta/points-at-app.ts';
import { causeInWords, type SignalledCause } from '../meta/token-causes.ts';
import type { TokenDeps, VerificationTrigger } from './deps.ts';
import { readToken } from './token-access.ts';
import { getMetaUser, insertEvent, markVerified, transitionStatus, type LastError, type MetaUser } from './tokens.queries.ts';

/**
 * `held`: Meta refuses the app itself, so nothing changes until it is healthy again (the check
 * runs then). `superseded`: the token judged invalid was replaced meanwhile (reconnect, refresh,
 * key rotation): the new one stands. `not_active`: Expired or Inactive already, nothing to check.
 */
export type VerifyOutcome = 'valid' | 'expired' | 'inactive' | 'inconclusive' | 'held' | 'superseded' | 'not_active';

/** Why a check was asked for when no Graph call failed: Meta told us (a push signal, meta-signals/). */
export interface VerifyOptions {
  /**
   * The cause Meta told us of (the person removed the app). It proves nothing: the check decides
   * as always, and only when it confirms the token invalid is this the cause on the timeline.
   */
  cause?: SignalledCause;
}

export interface Verifier {
  /** Confirms with `GET /me` (then `debug_token`) whether the token is really invalid, and changes status only then. */
  verify(profileId: string, trigger?: GraphError, options?: VerifyOptions): Promise<VerifyOutcome>;
  /**
   * What every Graph failure of a profile's token goes through: a refusal that may be about the
   * app checks the app, a 190/102 starts the verification. Returns the verification's outcome,
   * or undefined when the failure asked for none.
   */
  handleFailure(profileId: string, error: GraphError): Promise<VerifyOutcome | undefined>;
}

export interface VerifierOptions {
  /** Counts each check once, however many callers share it; `error` when it threw. */
  onOutcome?(outcome: VerifyOutcome | 'error'): void;
}

// When Meta could not answer the check, it is tried again after this long (a pg-boss job).
const RECHECK_AFTER_SECONDS = 120;

type Verdict = { to: 'expired' | 'inactive'; code: number | null; subcode: number | null; fbtraceId: string | null };

const triggerOf = (error: GraphError | undefined): VerificationTrigger | undefined =>
  error ? { code: error.graphCode ?? null, subcode: error.subcode ?? null, fbtraceId: error.fbtraceId ?? null } : undefined;

/**
 * What debug_token's answer proves. Only `is_valid: false` is proof: with Meta's 190 it is
 * Expired (its subcode the reason), past its expiry time Expired (190/463), otherwise Inactive.
 */
export function debugTokenVerdict(info: DebugTokenData, nowMs: number, fbtraceId: string | null): Verdict | 'valid' {
  if (info.is_valid) return 'valid';
  if (info.error?.code === 190) return { to: 'expired', code: 190, subcode: info.error.subcode ?? null, fbtraceId };
  const expiredByTime = typeof info.expires_at === 'number' && info.expires_at > 0 && info.expires_at * 1000 <= nowMs;
  if (expiredByTime) return { to: 'expired', code: 190, subcode: 463, fbtraceId };
  return { to: 'inactive', code: info.error?.code ?? null, subcode: info.error?.subcode ?? null, fbtraceId };
}

export function createVerifier(deps: TokenDeps, options: VerifierOptions = {}): Verifier {
  // Concurrent failures of one token in this process share one check. Across processes the
  // conditional status update makes one change and one set of notifications.
  const inflight = new Map<string, Promise<VerifyOutcome>>();
  const gate = deps.appGate;
  const now = () => new Date(deps.clock.now());

  async function recheckLater(profileId: string, cause: SignalledCause | undefined): Promise<void> {
    // Losing the re-check is acceptable (the next failing call or sweep checks again); failing
    // the caller's request because the queue is unavailable is not.
    try {
      await deps.scheduleVerification?.(profileId, RECHECK_AFTER_SECONDS, cause);
    } catch (error) {
      deps.logger.error({ err: error, metaUser: profileId }, 'could not schedule the token re-check');
    }
  }

  async function inconclusive(profileId: string, why: string, cause: SignalledCause | undefined): Promise<VerifyOutcome> {
    deps.logger.warn({ metaUser: profileId, why }, 'token check inconclusive; status unchanged, checking again later');
    await recheckLater(profileId, cause);
    return 'inconclusive';
  }

  async function check(profileId: string, trigger: GraphError | undefined, cause: SignalledCause | undefined): Promise<VerifyOutcome> {
    const metaUser = await getMetaUser(deps.db, profileId);
    if (!metaUser || metaUser.status !== 'active') return 'not_active';
    // This process's own app credentials are refused (a misconfigured process): it can prove
    // nothing about anyone's token. The re-check is queued for a process that can.
    if (gate.ownCredentialsRefused()) return await inconclusive(profileId, "this process's Meta app credentials are refused by Meta", cause);
    if (await gate.holding()) {
      await gate.hold(profileId, triggerOf(trigger));
      return 'held';
    }
    // Read with the token: the status change below is conditional on this very version.
    const token = await readToken(deps, metaUser);
    let meError: GraphError;
    try {
      await deps.graph.me(token, ['id']);
      return await valid(metaUser);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      meError = error;
    }
    const category = meError.classification.category;
    // The timeline keeps the trace of the call that failed first (ours, or another service's
    // reported one): the one a person would look up with Meta.
    const fbtraceId = trigger?.fbtraceId ?? meError.fbtraceId ?? null;
    // Meta's words for a deleted app come with code 190: a refusal of the app, never a verdict on
    // this token (it goes the way of any other refusal below: the app, then debug_token).
    const aboutTheApp = refusesTheApp(meError);
    if (category === 'token_expired' && !aboutTheApp) return await confirm(metaUser, { to: 'expired', code: meError.graphCode ?? 190, subcode: meError.subcode ?? trigger?.subcode ?? null, fbtraceId }, trigger, cause);
    if (category === 'auth_error' && !aboutTheApp) return await confirm(metaUser, { to: 'inactive', code: meError.graphCode ?? 102, subcode: meError.subcode ?? null, fbtraceId }, trigger, cause);
    if (meError.classification.retry) return await inconclusive(profileId, `GET /me: ${category}`, cause);
    // /me refused for another reason (blocked, permission, a refused proof): ask debug_token,
    // which answers about the token itself, once it is clear the app is not the problem.
    if (pointsAtApp(meError)) await gate.suspect(meError);
    if (await gate.holding()) {
      await gate.hold(profileId, triggerOf(trigger ?? meError));
      return 'held';
    }
    let info: DebugTokenData;
    try {
      info = await deps.graph.debugToken(token);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      // No answer about the token (no data, unparseable, Meta down, the app token refused): no
      // proof. A refused app token is the app's problem, which the gate finds out.
      if (pointsAtApp(error)) await gate.suspect(error);
      return await inconclusive(profileId, `debug_token: ${error.classification.category}`, cause);
    }
    const verdict = debugTokenVerdict(info, deps.clock.now(), fbtraceId);
    return verdict === 'valid' ? await valid(metaUser) : await confirm(metaUser, verdict, trigger, cause);
  }

  async function valid(metaUser: MetaUser): Promise<VerifyOutcome> {
    await markVerified(deps.db, metaUser.id, now());
    deps.logger.info({ metaUser: metaUser.id }, 'token verified: still valid');
    return 'valid';
  }

  async function confirm(metaUser: MetaUser, verdict: Verdict, trigger: GraphError | undefined, signalled: SignalledCause | undefined): Promise<VerifyOutcome> {
    const gateSays = await gate.beforeConfirm();
    if (gateSays === 'hold') {
      await gate.hold(metaUser.id, triggerOf(trigger) ?? verdict);
      return 'held';
    }
    if (gateSays === 'unknown') return inconclusive(metaUser.id, 'the Meta app could not be checked', signalled);
    const at = now();
    // Meta's code and subcode stay what the check got; the words say what Meta told us, if it did.
    const cause = causeInWords(verdict.code, verdict.subcode, 'en', signalled);
    const causeKey = signalled ?? null;
    const lastError: LastError = { code: verdict.code, subcode: verdict.subcode, message: cause, at: at.toISOString(), fbtraceId: verdict.fbtraceId, ...(causeKey ? { causeKey } : {}) };
    const incidentId = randomUUID();
    const result = await deps.db.transaction().execute(async (trx) => {
      const changed = await transitionStatus(trx, metaUser.id, { from: 'active', to: verdict.to, tokenVersion: metaUser.tokenVersion, at, incidentId, lastError });
      if (!changed) return undefined;
      await insertEvent(trx, metaUser.id, at, { kind: 'status_changed', oldStatus: 'active', newStatus: verdict.to, code: verdict.code, subcode: verdict.subcode, fbtraceId: verdict.fbtraceId, message: cause, causeKey });
      const updated: MetaUser = { ...metaUser, status: verdict.to, statusChangedAt: at, incidentId, lastError };
      // Only the one update that won tells anyone: once per incident, however many calls failed.
      const notificationIds = await deps.events.inTransaction(trx, { type: 'status_changed', metaUser: updated, from: 'active', to: verdict.to, at });
      return { updated, notificationIds };
    });
    if (!result) {
      // Someone else changed it first: another check (which did the telling), or a reconnect,
      // refresh or key rotation that replaced the token judged here.
      const current = await getMetaUser(deps.db, metaUser.id);
      return current && current.status === 'active' ? 'superseded' : verdict.to;
    }
    deps.logger.warn({ metaUser: metaUser.id, to: verdict.to, code: verdict.code, subcode: verdict.subcode, fbtraceId: verdict.fbtraceId, ...(causeKey ? { cause: causeKey } : {}) }, 'token confirmed invalid');
    await deps.events.emit({ type: 'status_changed', metaUser: result.updated, from: 'active', to: verdict.to, notificationIds: result.notificationIds });
    return verdict.to;
  }

  function counted(profileId: string, trigger: GraphError | undefined, cause: SignalledCause | undefined): Promise<VerifyOutcome> {
    return check(profileId, trigger, cause).then(
      (outcome) => {
        options.onOutcome?.(outcome);
        return outcome;
      },
      (error: unknown) => {
        options.onOutcome?.('error');
        throw error;
      },
    );
  }

  function verify(profileId: string, trigger?: GraphError, options: VerifyOptions = {}): Promise<VerifyOutcome> {
    // A check already running for this token answers this caller too (its cause, if any, stands).
    const running = inflight.get(profileId);
    if (running) return running;
    const started = counted(profileId, trigger, options.cause).finally(() => inflight.delete(profileId));
    inflight.set(profileId, started);
    return started;
  }

  return {
    verify,
    async handleFailure(profileId, error) {
      if (pointsAtApp(error)) await gate.suspect(error);
      return error.classification.verifyToken ? verify(profileId, error) : undefined;
    },
  };
}
