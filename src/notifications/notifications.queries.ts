import type { Db } from '../db/database.ts';
import type { Member } from '../accounts/accounts.queries.ts';
import { listWorkspaceMembers } from '../accounts/accounts.queries.ts';
import { renderMessage, type Locale } from './messages.ts';

export interface NewNotification {
  workspaceId: string;
  metaUserId: string | null;
  type: string;
  /** One notification per member per key: an incident id, or a token plus an expiry date. */
  dedupeKey: string;
  params?: Record<string, unknown>;
}

/**
 * Who hears about a profile: its owner; for a System User token (or a profile whose owner is
 * gone) the workspace admins too.
 */
export async function recipientsFor(db: Db, profile: { workspaceId: string; connectedBy: string | null; tokenType: 'user' | 'system_user' }): Promise<string[]> {
  const ids = new Set<string>();
  if (profile.connectedBy) ids.add(profile.connectedBy);
  if (profile.tokenType === 'system_user' || !profile.connectedBy) {
    for (const admin of await listWorkspaceMembers(db, profile.workspaceId, 'admin')) ids.add(admin.id);
  }
  return [...ids];
}

/** Inserts one notification per recipient; a repeat of the same key is a no-op. Returns the new ids. */
export async function insertNotifications(db: Db, memberIds: string[], notification: NewNotification, at: Date): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .insertInto('notifications')
    .values(
      memberIds.map((memberId) => ({
        workspace_id: notification.workspaceId,
        member_id: memberId,
        meta_user_id: notification.metaUserId,
        type: notification.type,
        dedupe_key: notification.dedupeKey,
        params: JSON.stringify(notification.params ?? {}),
        created_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['member_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** A reconnect or recovery closes the profile's open incident notifications. */
export async function resolveProfileNotifications(db: Db, metaUserRowId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ resolved_at: at })
    .where('meta_user_id', '=', metaUserRowId)
    .where('resolved_at', 'is', null)
    .where('type', 'in', ['token_expired', 'token_inactive', 'token_not_extended', 'token_expiring', 'data_access_expiring'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface NotificationView {
  id: string;
  type: string;
  message: string;
  metaUserId: string | null;
  createdAt: string;
  readAt: string | null;
  resolvedAt: string | null;
}

export async function listForMember(db: Db, member: Pick<Member, 'id' | 'locale'>, limit = 100): Promise<NotificationView[]> {
  const rows = await db.selectFrom('notifications').selectAll().where('member_id', '=', member.id).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    message: renderMessage(row.type, member.locale as Locale, row.params ?? {}),
    metaUserId: row.meta_user_id,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  }));
}

export async function markRead(db: Db, memberId: string, id: string, at: Date): Promise<boolean> {
  const row = await db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('member_id', '=', memberId).executeTakeFirst();
  if (!row) return false;
  if (!row.read_at) await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).execute();
  return true;
}
