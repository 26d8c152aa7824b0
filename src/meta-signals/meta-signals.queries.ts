import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MetaSignalKind, MetaSignalsTable } from '../db/schema-meta-signals.ts';

export type StoredSignal = Selectable<MetaSignalsTable>;

export interface NewSignal {
  kind: MetaSignalKind;
  dedupeKey: string;
  body: string;
  metaUserId: string | null;
  issuedAt: Date | null;
  receivedAt: Date;
  /** Set when the intake processes the signal itself before answering (callbacks): the sweep leaves it alone meanwhile. */
  claimedUntil: Date | null;
}

const signalValues = (signal: NewSignal) => ({
  kind: signal.kind,
  dedupe_key: signal.dedupeKey,
  body: signal.body,
  meta_user_id: signal.metaUserId,
  issued_at: signal.issuedAt,
  received_at: signal.receivedAt,
  claimed_until: signal.claimedUntil,
  attempts: signal.claimedUntil ? 1 : 0,
});

/** Stores a delivery in one statement; undefined when the same delivery was stored before (Meta sent it again). */
export async function insertSignal(db: Db, signal: NewSignal): Promise<{ id: string } | undefined> {
  return db
    .insertInto('meta_signals')
    .values(signalValues(signal))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Stores deliveries in one statement; returns the ids of those stored by dedupe key (the others were stored before). */
export async function insertSignals(db: Db, signals: readonly NewSignal[]): Promise<Map<string, string>> {
  if (signals.length === 0) return new Map();
  const rows = await db
    .insertInto('meta_signals')
    .values(signals.map(signalValues))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning(['id', 'dedupe_key'])
    .execute();
  return new Map(rows.map((row) => [row.dedupe_key, row.id]));
}

/**
 * A data deletion request: the delivery and the request with its confirmation code, in one
 * statement. Undefined when the same delivery was stored before (then `deletionOfSignal` has its code).
 */
export async function insertDeletionRequest(db: Db, signal: NewSignal, code: string): Promise<{ id: string } | undefined> {
  const row = await db
    .with('stored', (qb) =>
      qb
        .insertInto('meta_signals')
        .values(signalValues(signal))
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning(['id', 'meta_user_id', 'received_at']),
    )
    .insertInto('meta_data_deletions')
    .columns(['code', 'signal_id', 'meta_user_id', 'requested_at', 'status'])
    .expression((eb) => eb.selectFrom('stored').select([sql.lit(code).as('code'), 'stored.id', 'stored.meta_user_id', 'stored.received_at', sql.lit('pending').as('status')]))
    .returning('signal_id')
    .executeTakeFirst();
  return row ? { id: row.signal_id } : undefined;
}

/** The confirmation code of the request a stored data deletion delivery made. */
export async function deletionCodeOfDelivery(db: Db, dedupeKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('meta_data_deletions')
    .innerJoin('meta_signals', 'meta_signals.id', 'meta_data_deletions.signal_id')
    .select('meta_data_deletions.code')
    .where('meta_signals.dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row?.code;
}

/** After this many attempts a signal is left for an operator (it is logged and counted each time). */
export const MAX_ATTEMPTS = 10;

/**
 * Takes up to `limit` unprocessed signals, oldest first, that nobody holds: a lease until
 * `leaseUntil`. Two processors never take the same row (SKIP LOCKED); a processor that dies lets
 * its lease run out, and the row is taken again.
 */
export async function claimPending(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<StoredSignal[]> {
  return db
    .updateTable('meta_signals')
    .set((eb) => ({ claimed_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('meta_signals')
        .select('id')
        .where('processed_at', 'is', null)
        .where('attempts', '<', MAX_ATTEMPTS)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', now)]))
        .orderBy('received_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function markProcessed(db: Db, id: string, at: Date, outcome: Record<string, number>): Promise<void> {
  await db.updateTable('meta_signals').set({ processed_at: at, claimed_until: null, outcome: JSON.stringify(outcome) }).where('id', '=', id).where('processed_at', 'is', null).execute();
}

/** Marks several processed deliveries done in one statement. */
export async function markProcessedMany(db: Db, done: ReadonlyArray<{ id: string; outcome: Record<string, number> }>, at: Date): Promise<void> {
  if (done.length === 0) return;
  const rows = JSON.stringify(done.map((d) => ({ id: d.id, outcome: d.outcome })));
  await sql`update meta_signals as m set processed_at = ${at}, claimed_until = null, outcome = v.outcome
    from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, outcome jsonb)
    where m.id = v.id and m.processed_at is null`.execute(db);
}

/** Signals not processed yet (stored, waiting for the job or past their attempts). */
export async function countUnprocessed(db: Db): Promise<number> {
  const row = await db.selectFrom('meta_signals').select(sql<number>`count(*)::int`.as('n')).where('processed_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}

export interface ProfileOfPerson {
  id: string;
  metaUserId: string;
  workspaceId: string;
}

/** The Active user profiles of these Meta people, in every workspace. */
export async function activeProfilesOf(db: Db, metaUserIds: readonly string[]): Promise<ProfileOfPerson[]> {
  if (metaUserIds.length === 0) return [];
  const rows = await db
    .selectFrom('meta_users')
    .select(['id', 'meta_user_id', 'workspace_id'])
    .where('meta_user_id', 'in', [...new Set(metaUserIds)])
    .where('token_type', '=', 'user')
    .where('status', '=', 'active')
    .execute();
  return rows.map((row) => ({ id: row.id, metaUserId: row.meta_user_id, workspaceId: row.workspace_id }));
}

/** Whether any profile (of any status) is this Meta person's. */
export async function knownPeople(db: Db, metaUserIds: readonly string[]): Promise<Set<string>> {
  if (metaUserIds.length === 0) return new Set();
  // One array parameter, not an IN list of thousands (a batch of deliveries names 5,000 people).
  const rows = await db
    .selectFrom('meta_users')
    .select('meta_user_id')
    .distinct()
    .where(sql<boolean>`meta_user_id = any(${[...new Set(metaUserIds)]}::text[])`)
    .execute();
  return new Set(rows.map((row) => row.meta_user_id));
}

/**
 * Records a permission change of a person when it is newer than the last one recorded (Meta's
 * entry `time`), or of the same second with the other verb: `recorded`. `same`: that very change was recorded before (a delivery processed
 * again); `older`: a newer change is recorded, so this one changes nothing.
 */
export async function recordPermissionChange(db: Db, change: { metaUserId: string; permission: string; changedAt: Date; verb: string }): Promise<'recorded' | 'same' | 'older'> {
  const row = await db
    .insertInto('meta_permission_changes')
    .values({ meta_user_id: change.metaUserId, permission: change.permission, changed_at: change.changedAt, verb: change.verb })
    .onConflict((oc) =>
      oc
        .columns(['meta_user_id', 'permission'])
        .doUpdateSet({ changed_at: (eb) => eb.ref('excluded.changed_at'), verb: (eb) => eb.ref('excluded.verb') })
        // Meta's time is in seconds: a change of the same second with the other verb cannot be
        // ordered, so it is recorded too, and Meta's answer to the check decides.
        .where((eb) =>
          eb.or([
            eb('meta_permission_changes.changed_at', '<', eb.ref('excluded.changed_at')),
            eb.and([eb('meta_permission_changes.changed_at', '=', eb.ref('excluded.changed_at')), eb('meta_permission_changes.verb', '<>', eb.ref('excluded.verb'))]),
          ]),
        ),
    )
    .returning('meta_user_id')
    .executeTakeFirst();
  if (row) return 'recorded';
  const latest = await latestPermissionChange(db, change.metaUserId, change.permission);
  return latest && latest.changedAt.getTime() === change.changedAt.getTime() && latest.verb === change.verb ? 'same' : 'older';
}

/** The newest permission change recorded for a person and permission. */
export async function latestPermissionChange(db: Db, metaUserId: string, permission: string): Promise<{ changedAt: Date; verb: string } | undefined> {
  const row = await db.selectFrom('meta_permission_changes').select(['changed_at', 'verb']).where('meta_user_id', '=', metaUserId).where('permission', '=', permission).executeTakeFirst();
  return row ? { changedAt: row.changed_at, verb: row.verb } : undefined;
}

/**
 * The profile's permissions as Meta's `/me/permissions` answered for the token version read. A
 * reconnect meanwhile (a newer token, its own permissions) wins: nothing is written.
 */
export async function applyPermissions(db: Db, change: { profileId: string; tokenVersion: number; granted: string[]; declined: string[]; at: Date }): Promise<boolean> {
  const result = await db
    .updateTable('meta_users')
    .set({ granted_scopes: JSON.stringify(change.granted), declined_scopes: JSON.stringify(change.declined), updated_at: change.at })
    .where('id', '=', change.profileId)
    .where('token_version', '=', change.tokenVersion)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the last delivery of each kind arrived (whatever became of it). */
export async function lastArrivals(db: Db): Promise<Record<MetaSignalKind, Date | null>> {
  const rows = await db.selectFrom('meta_signals').select(['kind', (eb) => eb.fn.max('received_at').as('last')]).groupBy('kind').execute();
  const result: Record<MetaSignalKind, Date | null> = { deauthorize: null, data_deletion: null, webhook: null };
  for (const row of rows) result[row.kind] = row.last ? new Date(row.last as unknown as string | Date) : null;
  return result;
}

/**
 * Retention: a processed delivery's body is emptied after `bodyDays` (it was kept to look into
 * what Meta sent), its row deleted after `rowDays` (the row of a data deletion request stays:
 * the request points at it). The dedupe key outlives the window in which a delivery is accepted.
 */
export async function applyRetention(db: Db, now: Date, options: { bodyDays: number; rowDays: number }): Promise<{ emptied: number; deleted: number }> {
  const day = 86_400_000;
  const emptied = await db
    .updateTable('meta_signals')
    .set({ body: '' })
    .where('processed_at', '<', new Date(now.getTime() - options.bodyDays * day))
    .where('body', '<>', '')
    .executeTakeFirst();
  const deleted = await db
    .deleteFrom('meta_signals')
    .where('processed_at', '<', new Date(now.getTime() - options.rowDays * day))
    .where('kind', '<>', 'data_deletion')
    .executeTakeFirst();
  return { emptied: Number(emptied.numUpdatedRows), deleted: Number(deleted.numDeletedRows) };
}

/** The confirmation code of the request a stored delivery made. */
export async function deletionOfSignal(db: Db, signalId: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta_data_deletions').select('code').where('signal_id', '=', signalId).executeTakeFirst();
  return row?.code;
}

export async function signalBody(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta_signals').select('body').where('id', '=', id).executeTakeFirst();
  return row?.body;
}
