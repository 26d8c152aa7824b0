import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { SealedSecret } from '../vault/vault.ts';
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

/** A claimed token: the profile as the claim left it and its sealed token. */
export interface ClaimedToken {
  metaUser: MetaUser;
  sealed: SealedSecret;
}

/**
 * Takes the refresh leases of the given tokens, atomically per token: of several workers, one gets
 * each. The lease is a time, not a row lock, so no connection is held while Meta answers, and a
 * worker killed mid-refresh only delays the next attempt until the lease runs out. The sealed
 * tokens come back with the claim, and a batch of tokens is one statement: the sweep's database
 * work is its bottleneck. Tokens another worker holds (or no longer Active) are absent.
 */
export async function claimRefreshLeases(db: Db, ids: readonly string[], owner: string, now: Date, leaseMs: number): Promise<Map<string, ClaimedToken>> {
  const claimed = new Map<string, ClaimedToken>();
  if (ids.length === 0) return claimed;
  const rows = await db
    .with('claimed', (qb) =>
      qb
        .updateTable('meta_users')
        .set({ refresh_lease_owner: owner, refresh_lease_until: new Date(now.getTime() + leaseMs) })
        .where('id', 'in', ids)
        .where('status', '=', 'active')
        .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<', now)]))
        .returningAll(),
    )
    .selectFrom('claimed')
    .leftJoin('secrets', 'secrets.id', 'claimed.secret_id')
    .selectAll('claimed')
    .select(['secrets.key_id', 'secrets.nonce', 'secrets.ciphertext'])
    .execute();
  for (const { key_id, nonce, ciphertext, ...row } of rows) {
    claimed.set(row.id, { metaUser: toMetaUser(row), sealed: { keyId: key_id ?? '', nonce: nonce ?? '', ciphertext: ciphertext ?? '' } });
  }
  return claimed;
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
 * Puts the refreshed token in place if this worker still holds the lease and nobody replaced the
 * token meanwhile (a reconnect bumps the version): no lost update either way. The profile's
 * facts, the sealed token and the timeline event are written by one statement (all or nothing).
 * Returns whether the guard let it through; the caller knows what changed (returning the whole
 * row costs embedded PGlite more than the update itself).
 */
export async function applyRefresh(
  db: Db,
  metaUser: Pick<MetaUser, 'id' | 'secretId' | 'tokenVersion'>,
  owner: string,
  values: { expiresAt: Date; dataAccessExpiresAt: Date | null; at: Date; sealed: SealedSecret; message: string },
): Promise<boolean> {
  const row = await db
    .with('applied', (qb) =>
      qb
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
        .where('id', '=', metaUser.id)
        .where('refresh_lease_owner', '=', owner)
        .where('token_version', '=', metaUser.tokenVersion)
        .where('status', '=', 'active')
        .returning('id'),
    )
    .with('sealed', (qb) =>
      qb
        .updateTable('secrets')
        .set({ key_id: values.sealed.keyId, nonce: values.sealed.nonce, ciphertext: values.sealed.ciphertext, updated_at: values.at })
        .where('id', '=', metaUser.secretId)
        .where((eb) => eb.exists(eb.selectFrom('applied').select('applied.id')))
        .returning('secrets.id'),
    )
    .with('event', (qb) =>
      qb
        .insertInto('meta_user_events')
        .columns(['profile_id', 'at', 'kind', 'message'])
        .expression((eb) => eb.selectFrom('applied').select(['applied.id', sql<Date>`${values.at}::timestamptz`.as('at'), sql<string>`'refreshed'`.as('kind'), sql<string>`${values.message}::text`.as('message')]))
        .returning('meta_user_events.id'),
    )
    .selectFrom('applied')
    .select('applied.id')
    .executeTakeFirst();
  return row !== undefined;
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
