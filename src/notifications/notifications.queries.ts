import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { olderThan, timeKey } from '../db/keyset.queries.ts';
import type { Member } from '../accounts/accounts.queries.ts';
import { listWorkspaceMembers } from '../accounts/accounts.queries.ts';
import { composeAlert } from './alert-content.ts';
import { renderMessage, type Locale } from './messages.ts';

export interface NewNotification {
  workspaceId: string;
  profileId: string | null;
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
        profile_id: notification.profileId,
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

/** Types that are an open problem until the profile is fixed. */
const INCIDENT_TYPES = ['token_expired', 'token_inactive', 'token_not_extended', 'token_expiring', 'data_access_expiring'];
/** Of those, the ones whose end is worth a "recovered" notice (data access is renewed silently by a reconnect). */
const RECOVERABLE_TYPES = ['token_expired', 'token_inactive', 'token_not_extended', 'token_expiring'];
const SEVERITY: Record<string, number> = { token_expired: 3, token_inactive: 3, token_expiring: 1, token_not_extended: 1 };

/**
 * A reconnect or a successful refresh closes the profile's open incident notifications and, for
 * each member who was told about the incident, writes one `token_recovered` notice (deduplicated
 * by the incident, so a second reconnect says nothing new). The notice is born resolved: there is
 * nothing left to act on. Runs inside the caller's transaction; returns the ids of the notices written.
 */
export async function resolveProfileNotifications(
  db: Db,
  profileId: string,
  at: Date,
  options: { types?: string[]; via?: 'reconnect' | 'refresh' } = {},
): Promise<string[]> {
  const resolved = await db
    .updateTable('notifications')
    .set({ resolved_at: at })
    .where('profile_id', '=', profileId)
    .where('resolved_at', 'is', null)
    .where('type', 'in', options.types ?? INCIDENT_TYPES)
    .returning(['id', 'workspace_id', 'member_id', 'type', 'dedupe_key'])
    .execute();
  const worstByMember = new Map<string, (typeof resolved)[number]>();
  for (const row of resolved) {
    if (!RECOVERABLE_TYPES.includes(row.type)) continue;
    const current = worstByMember.get(row.member_id);
    if (!current || (SEVERITY[row.type] ?? 0) > (SEVERITY[current.type] ?? 0)) worstByMember.set(row.member_id, row);
  }
  if (worstByMember.size === 0) return [];
  const inserted = await db
    .insertInto('notifications')
    .values(
      [...worstByMember.values()].map((incident) => ({
        workspace_id: incident.workspace_id,
        member_id: incident.member_id,
        profile_id: profileId,
        type: 'token_recovered',
        dedupe_key: `recovered:${incident.dedupe_key}`,
        params: JSON.stringify({ via: options.via ?? 'reconnect', incidentType: incident.type }),
        created_at: at,
        resolved_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['member_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((row) => row.id);
}

export interface NotificationView {
  id: string;
  type: string;
  /** The in-app text (the article's exact words for the incident types). */
  message: string;
  profileId: string | null;
  /** The profile's name, the cause and what stops working, in the member's language; the link path to act. */
  profileName: string | null;
  cause: string;
  impact: string;
  actionPath: string;
  createdAt: string;
  readAt: string | null;
  resolvedAt: string | null;
}

/** News: neither read nor made moot by the problem going away. */
export async function countUnread(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A member's notifications, newest first, a page at a time (`unread`: only the news). */
export async function pageForMember(
  db: Db,
  member: Pick<Member, 'id' | 'locale'>,
  filter: { unread?: boolean | undefined; after?: readonly [string, string] | undefined; limit: number },
): Promise<Array<NotificationView & { cursorTime: string }>> {
  let query = db
    .selectFrom('notifications')
    .leftJoin('meta_users', 'meta_users.id', 'notifications.profile_id')
    .selectAll('notifications')
    .select('meta_users.name as profile_name')
    .select(timeKey('notifications.created_at').as('created_key'))
    .where('notifications.member_id', '=', member.id);
  if (filter.unread !== undefined) {
    query = filter.unread
      ? query.where('notifications.read_at', 'is', null).where('notifications.resolved_at', 'is', null)
      : query.where((eb) => eb.or([eb('notifications.read_at', 'is not', null), eb('notifications.resolved_at', 'is not', null)]));
  }
  if (filter.after) query = query.where(olderThan('notifications.created_at', 'notifications.id', filter.after));
  const rows = await query.orderBy('notifications.created_at', 'desc').orderBy('notifications.id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => {
    const locale = member.locale as Locale;
    const params = row.params ?? {};
    const detail = composeAlert({ type: row.type, params, locale, profile: row.profile_id && row.profile_name !== null ? { id: row.profile_id, name: row.profile_name } : null, publicUrl: '', resolved: row.resolved_at !== null });
    return {
      id: row.id,
      type: row.type,
      message: renderMessage(row.type, locale, params),
      profileId: row.profile_id,
      profileName: row.profile_name,
      cause: detail.cause,
      impact: detail.impact,
      actionPath: detail.actionUrl,
      createdAt: row.created_at.toISOString(),
      readAt: row.read_at?.toISOString() ?? null,
      resolvedAt: row.resolved_at?.toISOString() ?? null,
      cursorTime: row.created_key,
    };
  });
}

export async function markRead(db: Db, memberId: string, id: string, at: Date): Promise<boolean> {
  const row = await db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('member_id', '=', memberId).executeTakeFirst();
  if (!row) return false;
  if (!row.read_at) await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).execute();
  return true;
}
