import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { TokenType } from '../db/schema.ts';
import { resolveProfileNotifications } from '../notifications/notifications.queries.ts';
import { replaceSecret, storeSecret } from '../vault/secrets.queries.ts';
import type { Vault } from '../vault/vault.ts';
import { findByMetaId, getMetaUser, insertEvent, replaceProfileBusinesses, type MetaUser } from './tokens.queries.ts';

export interface VerifiedToken {
  workspaceId: string;
  metaUserId: string;
  name: string;
  email: string | null;
  tokenType: TokenType;
  token: string;
  expiresAt: Date | null;
  dataAccessExpiresAt: Date | null;
  grantedScopes: string[];
  declinedScopes: string[];
  connectedBy: string | null;
  /** Null when the businesses could not be read (permission declined): the old list stays. */
  businesses: Array<{ id: string; name: string }> | null;
}

/**
 * Stores a token Meta has just vouched for. The same Meta user in the same workspace is one
 * profile: a second connect replaces its token in place (a new token version, the same secret
 * row), which every asset sees at once because assets never hold tokens. A profile that was
 * Expired or Inactive becomes Active and its incident notifications are resolved.
 */
export async function saveVerifiedToken(db: Db, vault: Vault, input: VerifiedToken, at: Date): Promise<{ metaUser: MetaUser; created: boolean; previous: MetaUser | undefined }> {
  return db.transaction().execute(async (trx) => {
    const previous = await findByMetaId(trx, input.workspaceId, input.metaUserId);
    const common = {
      name: input.name,
      email: input.email,
      token_type: input.tokenType,
      status: 'active' as const,
      expires_at: input.expiresAt,
      data_access_expires_at: input.dataAccessExpiresAt,
      granted_scopes: JSON.stringify(input.grantedScopes),
      declined_scopes: JSON.stringify(input.declinedScopes),
      needs_reconnect: false,
      last_error: null,
      incident_id: null,
      refresh_failed_since: null,
      refresh_lease_until: null,
      refresh_lease_owner: null,
      last_verified_at: at,
      updated_at: at,
    };
    let id: string;
    if (previous) {
      await replaceSecret(trx, vault, previous.secretId, input.token);
      await trx
        .updateTable('meta_users')
        .set({
          ...common,
          token_version: sql`token_version + 1`,
          status_changed_at: previous.status === 'active' ? previous.statusChangedAt : at,
          connected_by: previous.connectedBy ?? input.connectedBy,
        })
        .where('id', '=', previous.id)
        .execute();
      id = previous.id;
      if (previous.status !== 'active') {
        await insertEvent(trx, id, at, { kind: 'status_changed', oldStatus: previous.status, newStatus: 'active', message: 'Reconnected' });
      }
      await insertEvent(trx, id, at, { kind: 'reconnected', newStatus: 'active', message: `Token replaced; expires ${input.expiresAt?.toISOString() ?? 'never'}` });
      await resolveProfileNotifications(trx, id, at);
    } else {
      const secretId = await storeSecret(trx, vault, input.token);
      const row = await trx
        .insertInto('meta_users')
        .values({ ...common, workspace_id: input.workspaceId, meta_user_id: input.metaUserId, secret_id: secretId, connected_by: input.connectedBy, status_changed_at: at, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
      await insertEvent(trx, id, at, {
        kind: input.tokenType === 'system_user' ? 'system_user_added' : 'connected',
        newStatus: 'active',
        message: input.declinedScopes.length > 0 ? `Declined: ${input.declinedScopes.join(', ')}` : 'All requested permissions granted',
      });
    }
    if (input.businesses) await replaceProfileBusinesses(trx, input.workspaceId, id, input.businesses);
    const metaUser = (await getMetaUser(trx, id)) as MetaUser;
    return { metaUser, created: !previous, previous };
  });
}
