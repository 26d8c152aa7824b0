import { randomUUID } from 'node:crypto';
import { GraphError } from '../meta/graph-error.ts';
import { causeInWords } from '../notifications/messages.ts';
import { insertNotifications, recipientsFor } from '../notifications/notifications.queries.ts';
import type { TokenDeps } from './deps.ts';
import { readToken } from './token-access.ts';
import { getMetaUser, insertEvent, toMetaUser, transitionStatus, type LastError } from './tokens.queries.ts';

export type VerifyOutcome = 'valid' | 'expired' | 'inactive' | 'inconclusive' | 'not_active';

export interface Verifier {
  /** Confirms with `GET /me` whether the token is really invalid, and changes status only then. */
  verify(profileId: string, trigger?: GraphError): Promise<VerifyOutcome>;
}

// When Meta could not answer the check, it is tried again after this long (a pg-boss job).
const RECHECK_AFTER_SECONDS = 120;

export function createVerifier(deps: TokenDeps): Verifier {
  // Concurrent failures of one token in this process share one check. Across processes the
  // conditional status update makes one change and one set of notifications.
  const inflight = new Map<string, Promise<VerifyOutcome>>();

  async function check(profileId: string, trigger: GraphError | undefined): Promise<VerifyOutcome> {
    const metaUser = await getMetaUser(deps.db, profileId);
    if (!metaUser || metaUser.status !== 'active') return 'not_active';
    const token = await readToken(deps, metaUser);
    const now = () => new Date(deps.clock.now());
    try {
      await deps.graph.me(token, ['id']);
      await deps.db.updateTable('meta_users').set({ last_verified_at: now() }).where('id', '=', metaUser.id).execute();
      deps.logger.info({ metaUser: metaUser.id, trigger: trigger?.classification.category }, 'token verified: still valid');
      return 'valid';
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      const category = error.classification.category;
      if (category === 'token_expired') return change('expired', error);
      if (category === 'auth_error') return change('inactive', error);
      if (category === 'rate_limited' || category === 'transient' || category === 'server_error') {
        deps.logger.warn({ metaUser: metaUser.id, category }, 'token check inconclusive; status unchanged, checking again later');
        await recheckLater(metaUser.id);
        return 'inconclusive';
      }
      // /me refused for another reason (blocked, permission, bad request): ask debug_token,
      // which answers about the token itself.
      return checkWithDebugToken(error);
    }

    async function checkWithDebugToken(meError: GraphError): Promise<VerifyOutcome> {
      try {
        const info = await deps.graph.debugToken(token);
        if (info.is_valid) return 'valid';
        const expiredByTime = typeof info.expires_at === 'number' && info.expires_at > 0 && info.expires_at * 1000 <= deps.clock.now();
        return change(expiredByTime ? 'expired' : 'inactive', meError, expiredByTime ? { code: 190, subcode: 463 } : { code: info.error?.code ?? null, subcode: info.error?.subcode ?? null });
      } catch {
        await recheckLater(metaUser!.id);
        return 'inconclusive';
      }
    }

    async function change(to: 'expired' | 'inactive', error: GraphError, override?: { code: number | null; subcode: number | null }): Promise<VerifyOutcome> {
      const at = now();
      const code = override?.code ?? error.graphCode ?? null;
      const subcode = override ? override.subcode : (error.subcode ?? trigger?.subcode ?? null);
      const cause = causeInWords(code, subcode);
      const lastError: LastError = { code, subcode, message: cause, at: at.toISOString(), fbtraceId: error.fbtraceId ?? null };
      const incidentId = randomUUID();
      const result = await deps.db.transaction().execute(async (trx) => {
        const changed = await transitionStatus(trx, metaUser!.id, { from: 'active', to, at, incidentId, lastError });
        if (!changed) return undefined;
        await insertEvent(trx, metaUser!.id, at, { kind: 'status_changed', oldStatus: 'active', newStatus: to, code, subcode, fbtraceId: error.fbtraceId ?? null, message: cause });
        const recipients = await recipientsFor(trx, metaUser!);
        const notificationIds = await insertNotifications(
          trx,
          recipients,
          { workspaceId: metaUser!.workspaceId, profileId: metaUser!.id, type: to === 'expired' ? 'token_expired' : 'token_inactive', dedupeKey: `incident:${incidentId}`, params: { cause, code, subcode } },
          at,
        );
        const row = await trx.selectFrom('meta_users').selectAll().where('id', '=', metaUser!.id).executeTakeFirstOrThrow();
        return { updated: toMetaUser(row), notificationIds };
      });
      if (!result) return to; // another check got there first and did the telling
      deps.logger.warn({ metaUser: metaUser!.id, to, code, subcode, fbtraceId: error.fbtraceId }, 'token confirmed invalid');
      await emitSafely({ type: 'status_changed', metaUser: result.updated, from: 'active', to, notificationIds: result.notificationIds });
      return to;
    }
  }

  // Losing the re-check is acceptable (the next failing call or sweep checks again); failing
  // the caller's request because the queue is unavailable is not.
  async function recheckLater(profileId: string): Promise<void> {
    try {
      await deps.scheduleVerification?.(profileId, RECHECK_AFTER_SECONDS);
    } catch (error) {
      deps.logger.error({ err: error, metaUser: profileId }, 'could not schedule the token re-check');
    }
  }

  async function emitSafely(event: Parameters<TokenDeps['events']['emit']>[0]): Promise<void> {
    try {
      await deps.events.emit(event);
    } catch (error) {
      deps.logger.error({ err: error, event: event.type }, 'token event listener failed');
    }
  }

  return {
    verify(profileId, trigger) {
      const running = inflight.get(profileId);
      if (running) return running;
      const started = check(profileId, trigger).finally(() => inflight.delete(profileId));
      inflight.set(profileId, started);
      return started;
    },
  };
}
