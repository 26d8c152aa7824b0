import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import { olderThan, timeKey } from '../db/keyset.queries.ts';
import type { AlertChannel, DeliveryState, NotificationDeliveriesTable } from '../db/schema-alerts.ts';
import { cleanText } from '../text.ts';

/** A notification not yet dispatched, with what routing needs about its member. */
export interface UndispatchedNotification {
  id: string;
  workspaceId: string;
  memberId: string;
  type: string;
}

/**
 * Notifications without a dispatch row: by id, of one profile, or all (the sweep). Only recent
 * ones: a notification older than `since` is old news and is not mailed late.
 */
export async function selectUndispatched(db: Db, filter: { ids?: string[]; profileId?: string; since: Date; limit: number }): Promise<UndispatchedNotification[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  let query = db
    .selectFrom('notifications')
    .select(['notifications.id', 'notifications.workspace_id', 'notifications.member_id', 'notifications.type'])
    .where('notifications.created_at', '>=', filter.since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('notification_dispatches').select('notification_id').whereRef('notification_dispatches.notification_id', '=', 'notifications.id'))));
  if (filter.ids) query = query.where('notifications.id', 'in', filter.ids);
  if (filter.profileId) query = query.where('notifications.profile_id', '=', filter.profileId);
  const rows = await query.orderBy('notifications.created_at').limit(filter.limit).execute();
  return rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, memberId: row.member_id, type: row.type }));
}

/** Plans deliveries; a (notification, channel) already planned is left alone. Returns the new ids. */
export async function insertDeliveries(db: Db, rows: Array<{ notificationId: string; workspaceId: string; memberId: string; channel: AlertChannel }>, at: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('notification_deliveries')
    .values(rows.map((r) => ({ notification_id: r.notificationId, workspace_id: r.workspaceId, member_id: r.memberId, channel: r.channel, next_attempt_at: at, created_at: at, updated_at: at })))
    .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((row) => row.id);
}

export async function markDispatched(db: Db, notificationIds: string[], at: Date): Promise<void> {
  if (notificationIds.length === 0) return;
  await db
    .insertInto('notification_dispatches')
    .values(notificationIds.map((id) => ({ notification_id: id, dispatched_at: at })))
    .onConflict((oc) => oc.column('notification_id').doNothing())
    .execute();
}

export type DeliveryRow = Selectable<NotificationDeliveriesTable>;

/**
 * Takes one due delivery for sending, atomically: of several workers (or a job and the sweep),
 * one gets it. Counts the attempt now, so a worker killed mid-send still used one.
 */
export async function claimDelivery(db: Db, id: string, now: Date, leaseMs: number): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('notification_deliveries')
    .set({ lease_until: new Date(now.getTime() + leaseMs), attempts: sql<number>`attempts + 1`, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

export async function markSent(db: Db, id: string, at: Date, providerId: string): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({ state: 'sent', sent_at: at, provider_id: providerId || null, lease_until: null, last_error: null, updated_at: at })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** A failed attempt: tried again at `retryAt`, or, with no `retryAt`, failed for good. */
export async function markAttemptFailed(db: Db, id: string, at: Date, failure: string, retryAt: Date | null): Promise<void> {
  // A channel's words (an SMTP server's reply, Telegram's description) may hold what PostgreSQL refuses.
  const error = cleanText(failure);
  await db
    .updateTable('notification_deliveries')
    .set(retryAt ? { last_error: error, next_attempt_at: retryAt, lease_until: null, updated_at: at } : { state: 'failed', last_error: error, lease_until: null, updated_at: at })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** Pending deliveries whose time has come and that nobody is sending. */
export async function selectDueDeliveries(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('notification_deliveries')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** Everything a delivery needs to render its message. */
export interface DeliveryContext {
  notification: { id: string; type: string; params: Record<string, unknown>; profileId: string | null };
  member: { id: string; email: string; locale: 'it' | 'en' };
  profile: { id: string; name: string } | null;
}

export async function loadDeliveryContext(db: Db, notificationId: string): Promise<DeliveryContext | undefined> {
  const row = await db
    .selectFrom('notifications')
    .innerJoin('members', 'members.id', 'notifications.member_id')
    .leftJoin('meta_users', 'meta_users.id', 'notifications.profile_id')
    .select(['notifications.id', 'notifications.type', 'notifications.params', 'notifications.profile_id', 'members.id as member_id', 'members.email', 'members.locale', 'meta_users.name as profile_name'])
    .where('notifications.id', '=', notificationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    notification: { id: row.id, type: row.type, params: row.params ?? {}, profileId: row.profile_id },
    member: { id: row.member_id, email: row.email, locale: row.locale },
    profile: row.profile_id && row.profile_name !== null ? { id: row.profile_id, name: row.profile_name } : null,
  };
}

export interface DeliveryView {
  id: string;
  notificationId: string;
  notificationType: string;
  profileId: string | null;
  memberId: string;
  memberEmail: string;
  channel: AlertChannel;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** Deliveries of the workspace (or of one member), newest first, a page at a time (`cursorTime` keys the next). */
export async function pageDeliveries(
  db: Db,
  filter: { workspaceId: string; memberId?: string | undefined; state?: DeliveryState | undefined; after?: readonly [string, string] | undefined; limit: number },
): Promise<Array<DeliveryView & { cursorTime: string }>> {
  let query = db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .innerJoin('members as m', 'm.id', 'd.member_id')
    .select(['d.id', 'd.notification_id', 'n.type', 'n.profile_id', 'd.member_id', 'm.email', 'd.channel', 'd.state', 'd.attempts', 'd.next_attempt_at', 'd.last_error', 'd.created_at', 'd.sent_at'])
    .select(timeKey('d.created_at').as('created_key'))
    .where('d.workspace_id', '=', filter.workspaceId);
  if (filter.memberId) query = query.where('d.member_id', '=', filter.memberId);
  if (filter.state) query = query.where('d.state', '=', filter.state);
  if (filter.after) query = query.where(olderThan('d.created_at', 'd.id', filter.after));
  const rows = await query.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    notificationId: row.notification_id,
    notificationType: row.type,
    profileId: row.profile_id,
    memberId: row.member_id,
    memberEmail: row.email,
    channel: row.channel,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    cursorTime: row.created_key,
  }));
}
