import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MetaDataDeletionsTable } from '../db/schema-meta-signals.ts';
import { timeKey } from '../db/keyset.queries.ts';

/** What a deletion removed, by kind. The same keys in every workspace's row and in the total. */
export interface DeletedCounts {
  profiles: number;
  /** Sealed tokens (their secret rows). */
  tokens: number;
  timelineEvents: number;
  notifications: number;
  /** Demo mode's copies of the alert emails about them. */
  emails: number;
  /** Which ad account, page, pixel or catalog the profile reached (current and lapsed rows). */
  assetPermissions: number;
  checkouts: number;
  /** Our own webhook deliveries (to the workspace's endpoints) that carried the profile. */
  webhookDeliveries: number;
  /** Deliveries from Meta naming them (emptied, their Meta id dropped) and their permission changes. */
  metaSignals: number;
}

export const emptyCounts = (): DeletedCounts => ({ profiles: 0, tokens: 0, timelineEvents: 0, notifications: 0, emails: 0, assetPermissions: 0, checkouts: 0, webhookDeliveries: 0, metaSignals: 0 });

export type DeletionRow = Selectable<MetaDataDeletionsTable>;

export async function getDeletion(db: Db, code: string): Promise<DeletionRow | undefined> {
  return db.selectFrom('meta_data_deletions').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The request, locked for this transaction: two runs of the job do the deletion once. */
export async function lockDeletion(trx: Db, code: string): Promise<DeletionRow | undefined> {
  return trx.selectFrom('meta_data_deletions').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

export async function pendingDeletionCodes(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('meta_data_deletions').select('code').where('status', '=', 'pending').orderBy('requested_at').limit(limit).execute();
  return rows.map((row) => row.code);
}

const countBy = <K extends string>(rows: Array<{ key: K | null; n: number | string | bigint }>) => {
  const map = new Map<string, number>();
  for (const row of rows) if (row.key !== null) map.set(row.key, (map.get(row.key) ?? 0) + Number(row.n));
  return map;
};

/** `%` and `_` in a LIKE pattern stand for themselves. */
const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Deletes everything the service holds about one Meta person, in every workspace, inside the
 * caller's transaction; returns what it removed per workspace. The businesses' own data (ad
 * accounts, pages, pixels, catalogs, insights, campaigns, Business Managers) is not theirs and
 * stays. Running it again finds nothing and removes nothing.
 */
export async function deletePersonData(trx: Db, metaUserId: string): Promise<Map<string, DeletedCounts>> {
  const profiles = await trx.selectFrom('meta_users').select(['id', 'workspace_id', 'secret_id']).where('meta_user_id', '=', metaUserId).execute();
  const ids = profiles.map((p) => p.id);
  const workspaceOf = new Map(profiles.map((p) => [p.id, p.workspace_id]));
  const byWorkspace = new Map<string, DeletedCounts>();
  const counts = (workspaceId: string) => {
    let entry = byWorkspace.get(workspaceId);
    if (!entry) byWorkspace.set(workspaceId, (entry = emptyCounts()));
    return entry;
  };
  const addByProfile = (key: keyof DeletedCounts, perProfile: Map<string, number>) => {
    for (const [profileId, n] of perProfile) counts(workspaceOf.get(profileId) as string)[key] += n;
  };
  for (const p of profiles) {
    counts(p.workspace_id).profiles += 1;
    counts(p.workspace_id).tokens += 1;
  }

  // Checkout records keep Meta's id when a profile goes (on delete set null): they go too.
  const checkouts = await trx
    .deleteFrom('token_checkouts')
    .where((eb) => eb.or([eb('meta_user_id', '=', metaUserId), ...(ids.length > 0 ? [eb('profile_id', 'in', ids)] : [])]))
    .returning('workspace_id')
    .execute();
  for (const row of checkouts) counts(row.workspace_id).checkouts += 1;

  if (ids.length > 0) {
    const perProfile = async (table: 'meta_user_events' | 'notifications' | 'asset_permissions' | 'asset_permission_lapses') =>
      countBy(
        await trx
          .selectFrom(table)
          .select(['profile_id as key', sql<number>`count(*)::int`.as('n')])
          .where('profile_id', 'in', ids)
          .groupBy('profile_id')
          .execute(),
      );
    addByProfile('timelineEvents', await perProfile('meta_user_events'));
    addByProfile('notifications', await perProfile('notifications'));
    addByProfile('assetPermissions', await perProfile('asset_permissions'));
    addByProfile('assetPermissions', await perProfile('asset_permission_lapses'));

    // The demo outbox keeps a copy of each alert email; the ones about these profiles go (their
    // notifications, deliveries and dispatch rows go with the profile, by cascade).
    const emails = await trx
      .deleteFrom('mail_outbox')
      .where('delivery_id', 'in', (eb) =>
        eb.selectFrom('notification_deliveries').innerJoin('notifications', 'notifications.id', 'notification_deliveries.notification_id').select('notification_deliveries.id').where('notifications.profile_id', 'in', ids),
      )
      .returning('workspace_id')
      .execute();
    for (const row of emails) counts(row.workspace_id).emails += 1;

    // Our webhook deliveries carry the profile (its name) in their JSON body, which names its id.
    const patterns = ids.map((id) => `%"id":"${likeLiteral(id)}"%`);
    const deliveries = await trx
      .deleteFrom('webhook_deliveries')
      .using('webhooks')
      .whereRef('webhooks.id', '=', 'webhook_deliveries.webhook_id')
      .where((eb) => eb.or(patterns.map((pattern) => eb('webhook_deliveries.body', 'like', pattern))))
      .returning('webhooks.workspace_id')
      .execute();
    for (const row of deliveries) counts(row.workspace_id).webhookDeliveries += 1;

    // The profile row goes with its timeline, notifications, permissions, business links, OAuth
    // states, held checks and sync records (on delete cascade); then its sealed token.
    await trx.deleteFrom('meta_users').where('id', 'in', ids).execute();
    await trx.deleteFrom('secrets').where('id', 'in', profiles.map((p) => p.secret_id)).execute();
  }
  return byWorkspace;
}

/**
 * What Meta's deliveries say of the person: their permission changes go, and the processed
 * deliveries naming them are emptied and lose their Meta id (the row stays, so a replay of the
 * same delivery is still recognised). Returns how many rows it touched.
 */
export async function forgetPersonSignals(trx: Db, metaUserId: string): Promise<number> {
  const changes = await trx.deleteFrom('meta_permission_changes').where('meta_user_id', '=', metaUserId).executeTakeFirst();
  const signals = await trx
    .updateTable('meta_signals')
    .set({ body: '', meta_user_id: null })
    .where('processed_at', 'is not', null)
    .where((eb) => eb.or([eb('meta_user_id', '=', metaUserId), eb('body', 'like', `%${likeLiteral(metaUserId)}%`)]))
    .executeTakeFirst();
  return Number(changes.numDeletedRows) + Number(signals.numUpdatedRows);
}

export async function completeDeletion(trx: Db, code: string, at: Date, deleted: DeletedCounts): Promise<void> {
  await trx.updateTable('meta_data_deletions').set({ status: 'completed', completed_at: at, deleted: JSON.stringify(deleted), meta_user_id: null }).where('code', '=', code).execute();
}

export async function recordDeletionInWorkspace(trx: Db, code: string, workspaceId: string, deleted: DeletedCounts): Promise<void> {
  await trx.insertInto('meta_data_deletion_workspaces').values({ code, workspace_id: workspaceId, deleted: JSON.stringify(deleted) }).onConflict((oc) => oc.doNothing()).execute();
}

export interface WorkspaceDeletion {
  code: string;
  status: 'pending' | 'completed';
  requestedAt: Date;
  completedAt: Date | null;
  deleted: Record<string, number>;
  cursorTime: string;
}

/** The requests that reached a workspace, newest first, a page at a time. */
export async function pageWorkspaceDeletions(db: Db, workspaceId: string, filter: { after?: readonly [string, string] | undefined; limit: number }): Promise<WorkspaceDeletion[]> {
  let query = db
    .selectFrom('meta_data_deletion_workspaces as w')
    .innerJoin('meta_data_deletions as d', 'd.code', 'w.code')
    .select(['d.code', 'd.status', 'd.requested_at', 'd.completed_at', 'w.deleted'])
    .select(timeKey('d.requested_at').as('requested_key'))
    .where('w.workspace_id', '=', workspaceId);
  const after = filter.after;
  // The code is text, not a uuid: the keyset is compared here rather than with olderThan.
  if (after) query = query.where(sql<boolean>`(d.requested_at, d.code) < (${after[0]}::timestamptz, ${after[1]}::text)`);
  const rows = await query.orderBy('d.requested_at', 'desc').orderBy('d.code', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({ code: row.code, status: row.status, requestedAt: row.requested_at, completedAt: row.completed_at, deleted: row.deleted, cursorTime: row.requested_key }));
}
