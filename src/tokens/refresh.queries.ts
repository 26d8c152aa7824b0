import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { toMetaUser, type MetaUser } from './tokens.queries.ts';

/**
 * Active tokens with an expiry inside the window (user tokens, and 60-day system-user tokens;
 * never-expiring ones have no expiry). Tokens Meta already refused to extend are left alone.
 */
export async function selectDueForRefresh(db: Db, now: Date, windowMs: number): Promise<MetaUser[]> {
  const rows = await db
    .selectFrom('meta_users')
    .selectAll()
    .where('status', '=', 'active')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', new Date(now.getTime() + windowMs))
    .where('needs_reconnect', '=', false)
    .orderBy('expires_at')
    .execute();
  return rows.map(toMetaUser);
}

/**
 * Takes the refresh lease of one token, atomically: of several workers, one gets it. The lease is
 * a time, not a row lock, so no connection is held while Meta answers, and a worker killed
 * mid-refresh only delays the next attempt until the lease runs out.
 */
export async function claimRefreshLease(db: Db, id: string, owner: string, now: Date, leaseMs: number): Promise<MetaUser | undefined> {
  const row = await db
    .updateTable('meta_users')
    .set({ refresh_lease_owner: owner, refresh_lease_until: new Date(now.getTime() + leaseMs) })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  return row ? toMetaUser(row) : undefined;
}

export async function releaseRefreshLease(db: Db, id: string, owner: string, values: { refreshFailedAt?: Date; needsReconnect?: boolean } = {}): Promise<void> {
  await db
    .updateTable('meta_users')
    .set({
      refresh_lease_owner: null,
      refresh_lease_until: null,
      ...(values.refreshFailedAt ? { refresh_failed_since: sql`coalesce(refresh_failed_since, ${values.refreshFailedAt})` } : {}),
      ...(values.needsReconnect !== undefined ? { needs_reconnect: values.needsReconnect } : {}),
    })
    .where('id', '=', id)
    .where('refresh_lease_owner', '=', owner)
    .execute();
}

/**
 * Puts the refreshed token's facts in place if this worker still holds the lease and nobody
 * replaced the token meanwhile (a reconnect bumps the version): no lost update either way.
 */
export async function applyRefresh(
  db: Db,
  id: string,
  owner: string,
  expectedVersion: number,
  values: { expiresAt: Date; dataAccessExpiresAt: Date | null; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('meta_users')
    .set({
      expires_at: values.expiresAt,
      data_access_expires_at: values.dataAccessExpiresAt,
      last_refreshed_at: values.at,
      refresh_failed_since: null,
      needs_reconnect: false,
      token_version: sql`token_version + 1`,
      refresh_lease_owner: null,
      refresh_lease_until: null,
      updated_at: values.at,
    })
    .where('id', '=', id)
    .where('refresh_lease_owner', '=', owner)
    .where('token_version', '=', expectedVersion)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Active tokens whose 90-day data access ends inside the window: no refresh can extend it. */
export async function selectDataAccessEnding(db: Db, now: Date, windowMs: number): Promise<MetaUser[]> {
  const rows = await db
    .selectFrom('meta_users')
    .selectAll()
    .where('status', '=', 'active')
    .where('data_access_expires_at', 'is not', null)
    .where('data_access_expires_at', '>', now)
    .where('data_access_expires_at', '<=', new Date(now.getTime() + windowMs))
    .execute();
  return rows.map(toMetaUser);
}
