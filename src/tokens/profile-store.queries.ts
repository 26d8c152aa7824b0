import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Connection, TokenType } from '../db/schema.ts';
import type { MetaUser } from './tokens.queries.ts';

/** A token Meta has vouched for, as the profile row keeps it (the token itself is in a secret row). */
export interface ProfileToken {
  name: string;
  email: string | null;
  tokenType: TokenType;
  connection: Connection;
  /** Connect a business: our id of the client business. */
  clientBusinessId?: string | null;
  expiresAt: Date | null;
  dataAccessExpiresAt: Date | null;
  grantedScopes: string[];
  declinedScopes: string[];
  connectedBy: string | null;
}

// A stored token starts Active and clean: no error, incident, failing refresh or lease.
const freshToken = (input: ProfileToken, at: Date) => ({
  name: input.name,
  email: input.email,
  token_type: input.tokenType,
  connection: input.connection,
  client_business_id: input.clientBusinessId ?? null,
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
});

/**
 * A reconnect: the same profile, a new token version (its secret row was replaced by the caller).
 * `metaUserId`: a business connected again may come with a new BISU (Meta deletes it on uninstall).
 */
export async function replaceProfileToken(db: Db, previous: MetaUser, input: ProfileToken & { metaUserId: string }, at: Date): Promise<void> {
  await db
    .updateTable('meta_users')
    .set({
      ...freshToken(input, at),
      meta_user_id: input.metaUserId,
      token_version: sql`token_version + 1`,
      status_changed_at: previous.status === 'active' ? previous.statusChangedAt : at,
      connected_by: previous.connectedBy ?? input.connectedBy,
    })
    .where('id', '=', previous.id)
    .execute();
}

/** A first connect of this Meta user in the workspace. Returns the new profile's id. */
export async function insertProfile(db: Db, input: ProfileToken & { workspaceId: string; metaUserId: string; secretId: string }, at: Date): Promise<string> {
  const row = await db
    .insertInto('meta_users')
    .values({ ...freshToken(input, at), workspace_id: input.workspaceId, meta_user_id: input.metaUserId, secret_id: input.secretId, connected_by: input.connectedBy, status_changed_at: at, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Removes a profile row; the rows that reference it go by their foreign keys (on delete cascade). */
export async function deleteProfile(db: Db, id: string): Promise<void> {
  await db.deleteFrom('meta_users').where('id', '=', id).execute();
}
