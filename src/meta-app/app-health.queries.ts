import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Schema } from '../db/schema.ts';

export type UnhealthyReason = 'app_invalid' | 'app_token_refused' | 'app_refused';

export interface AppHealthState {
  appId: string;
  healthy: boolean;
  reason: UnhealthyReason | null;
  code: number | null;
  message: string | null;
  fbtraceId: string | null;
  /** When it last turned healthy or unhealthy. */
  changedAt: Date;
  checkedAt: Date;
  /** Fingerprint of the credentials whose check last decided the state; null before the first. */
  credentials: string | null;
}

export interface Refusal {
  reason: UnhealthyReason;
  code: number | null;
  message: string | null;
  fbtraceId: string | null;
}

/** The app's state as last recorded; undefined = never found unhealthy (healthy). */
export async function getAppHealth(db: Db, appId: string): Promise<AppHealthState | undefined> {
  const row = await db.selectFrom('meta_app_health').selectAll().where('app_id', '=', appId).executeTakeFirst();
  if (!row) return undefined;
  return {
    appId: row.app_id,
    healthy: row.healthy,
    reason: row.reason as UnhealthyReason | null,
    code: row.code,
    message: row.message,
    fbtraceId: row.fbtrace_id,
    changedAt: row.changed_at,
    checkedAt: row.checked_at,
    credentials: row.credentials,
  };
}

/**
 * Records a refusal of the deployment's credentials. `flipped`: this call turned the app unhealthy
 * (of several processes seeing it together, one conditional update wins, so operators are told
 * once). `foreign`: the state was last decided by other credentials than `credentials`, so this
 * refusal is about this process's own configuration and nothing was written.
 */
export async function markUnhealthy(db: Db, appId: string, refusal: Refusal, at: Date, credentials: string): Promise<'flipped' | 'recorded' | 'foreign'> {
  await ensureRow(db, appId, at);
  const values = { reason: refusal.reason, code: refusal.code, message: refusal.message, fbtrace_id: refusal.fbtraceId, checked_at: at, credentials };
  const ours = (qb: ExpressionBuilder<Schema, 'meta_app_health'>) => qb.or([qb('credentials', 'is', null), qb('credentials', '=', credentials)]);
  const flipped = await db.updateTable('meta_app_health').set({ ...values, healthy: false, changed_at: at }).where('app_id', '=', appId).where('healthy', '=', true).where(ours).executeTakeFirst();
  if (Number(flipped.numUpdatedRows) === 1) return 'flipped';
  const recorded = await db.updateTable('meta_app_health').set(values).where('app_id', '=', appId).where(ours).executeTakeFirst();
  return Number(recorded.numUpdatedRows) === 1 ? 'recorded' : 'foreign';
}

// A missing row means healthy; it is created first so that "turned unhealthy" is always one
// conditional update, even for the very first refusal seen by two processes at once.
async function ensureRow(db: Db, appId: string, at: Date): Promise<void> {
  await db.insertInto('meta_app_health').values({ app_id: appId, healthy: true, changed_at: at, checked_at: at }).onConflict((oc) => oc.column('app_id').doNothing()).execute();
}

/**
 * Records a check the app passed with `credentials`, which become the deployment's (a rolling
 * deploy of a new secret moves them). Returns true only for the call that turned it healthy again.
 */
export async function markHealthy(db: Db, appId: string, at: Date, credentials: string): Promise<boolean> {
  await ensureRow(db, appId, at);
  const flipped = await db
    .updateTable('meta_app_health')
    .set({ healthy: true, changed_at: at, checked_at: at, credentials })
    .where('app_id', '=', appId)
    .where('healthy', '=', false)
    .executeTakeFirst();
  if (Number(flipped.numUpdatedRows) === 1) return true;
  await db.updateTable('meta_app_health').set({ checked_at: at, credentials }).where('app_id', '=', appId).execute();
  return false;
}

export async function holdVerification(db: Db, profileId: string, trigger: { code: number | null; subcode: number | null; fbtraceId: string | null } | undefined, at: Date): Promise<void> {
  await db
    .insertInto('held_verifications')
    .values({ profile_id: profileId, held_at: at, code: trigger?.code ?? null, subcode: trigger?.subcode ?? null, fbtrace_id: trigger?.fbtraceId ?? null })
    .onConflict((oc) => oc.column('profile_id').doNothing())
    .execute();
}

export async function heldProfileIds(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('held_verifications').select('profile_id').orderBy('held_at').limit(limit).execute();
  return rows.map((row) => row.profile_id);
}

export async function releaseHeld(db: Db, profileIds: readonly string[]): Promise<void> {
  if (profileIds.length === 0) return;
  await db.deleteFrom('held_verifications').where('profile_id', 'in', profileIds).execute();
}

export async function countHeld(db: Db): Promise<number> {
  const row = await db.selectFrom('held_verifications').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}
