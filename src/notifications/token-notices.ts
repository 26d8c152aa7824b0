import type { Db } from '../db/database.ts';
import type { TokenChange } from '../tokens/deps.ts';
import { insertNotifications, recipientsFor, resolveProfileNotifications } from './notifications.queries.ts';

/** token_expiring is told once per token and expiry date, whichever case (not extended, refresh failing) comes first. */
const expiringKey = (profileId: string, expiresAt: Date) => `expiring:${profileId}:${expiresAt.toISOString()}`;

/**
 * The in-app notifications a token change writes, inside the change's transaction (subscribed
 * in the composition root). Once per incident: the lifecycle calls this only when its
 * conditional update won, and each notice's dedupe key makes a repeat a no-op. Returns the ids
 * of the notifications written.
 */
export async function writeTokenNotices(trx: Db, change: TokenChange): Promise<string[]> {
  const { metaUser, at } = change;
  // How the person fixes a System User token: connect the business again, or paste a new token.
  const fix = metaUser.connection === 'business' ? { fix: 'business' } : metaUser.connection === 'pasted' ? { fix: 'pasted' } : {};
  const tell = async (type: string, dedupeKey: string, params: Record<string, unknown>) =>
    insertNotifications(trx, await recipientsFor(trx, metaUser), { workspaceId: metaUser.workspaceId, profileId: metaUser.id, type, dedupeKey, params: { ...params, ...fix } }, at);
  switch (change.type) {
    case 'status_changed': {
      if (change.to === 'active' || !metaUser.incidentId) return [];
      const { code = null, subcode = null, message, causeKey } = metaUser.lastError ?? {};
      return tell(change.to === 'expired' ? 'token_expired' : 'token_inactive', `incident:${metaUser.incidentId}`, { cause: message, code, subcode, ...(causeKey ? { causeKey } : {}) });
    }
    case 'reconnected':
      // The recovery notices of a reconnect are dispatched by profile after the commit.
      await resolveProfileNotifications(trx, metaUser.id, at);
      return [];
    case 'refreshed':
      return resolveProfileNotifications(trx, metaUser.id, at, { types: ['token_expiring', 'token_not_extended'], via: 'refresh' });
    case 'refresh_not_extended': {
      const expiresAt = metaUser.expiresAt as Date;
      return tell('token_expiring', expiringKey(metaUser.id, expiresAt), { expiresAt: expiresAt.toISOString(), reason: 'not_extended' });
    }
    case 'refresh_failing': {
      const expiresAt = metaUser.expiresAt as Date;
      return tell('token_expiring', expiringKey(metaUser.id, expiresAt), { expiresAt: expiresAt.toISOString(), reason: 'refresh_failing', failingSince: metaUser.refreshFailedSince?.toISOString() });
    }
    case 'data_access_expiring': {
      const ends = metaUser.dataAccessExpiresAt as Date;
      return tell('data_access_expiring', `data_access:${metaUser.id}:${ends.toISOString()}`, { expiresAt: ends.toISOString() });
    }
    case 'connected':
      return [];
  }
}
