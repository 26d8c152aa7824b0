import type { Db } from '../db/database.ts';

export interface OauthState {
  memberId: string;
  workspaceId: string;
  sessionHash: string;
  profileId: string | null;
  /** Which dialog: Connect Meta Account (`login`, the default) or Connect a business. */
  flow?: 'login' | 'business';
}

export async function insertOauthState(db: Db, stateHash: string, state: OauthState, expiresAt: Date): Promise<void> {
  await db
    .insertInto('oauth_states')
    .values({ state_hash: stateHash, session_hash: state.sessionHash, member_id: state.memberId, workspace_id: state.workspaceId, profile_id: state.profileId, flow: state.flow ?? 'login', expires_at: expiresAt })
    .execute();
}

/**
 * Marks a state used and returns it, atomically: a replayed state (used), an expired one or an
 * unknown one returns undefined. Used states are kept a while, so a replay is told apart.
 */
export async function consumeOauthState(db: Db, stateHash: string, now: Date): Promise<(OauthState & { outcome: 'ok' }) | { outcome: 'used' | 'expired' | 'unknown' }> {
  const row = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['member_id', 'workspace_id', 'session_hash', 'profile_id', 'flow'])
    .executeTakeFirst();
  if (row) return { outcome: 'ok', memberId: row.member_id, workspaceId: row.workspace_id, sessionHash: row.session_hash, profileId: row.profile_id, flow: row.flow };
  const existing = await db.selectFrom('oauth_states').select(['used_at']).where('state_hash', '=', stateHash).executeTakeFirst();
  if (!existing) return { outcome: 'unknown' };
  return { outcome: existing.used_at ? 'used' : 'expired' };
}

export async function deleteOldOauthStates(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('oauth_states').where('expires_at', '<', before).execute();
}
