import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { olderThan, timeKey } from '../db/keyset.queries.ts';
import type { AssetType } from '../db/schema-assets.ts';

export interface CheckoutRecord {
  id: string;
  workspaceId: string;
  apiKeyId: string | null;
  profileId: string | null;
  metaUserId: string;
  tokenVersion: number;
  assetType: AssetType | null;
  assetId: string | null;
  purpose: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Many records in one statement (the checkout log groups concurrent checkouts). */
export async function insertCheckouts(db: Db, records: readonly CheckoutRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db
    .insertInto('token_checkouts')
    .values(
      records.map((r) => ({
        id: r.id,
        workspace_id: r.workspaceId,
        api_key_id: r.apiKeyId,
        profile_id: r.profileId,
        meta_user_id: r.metaUserId,
        token_version: r.tokenVersion,
        asset_type: r.assetType,
        asset_id: r.assetId,
        purpose: r.purpose,
        created_at: r.createdAt,
        expires_at: r.expiresAt,
      })),
    )
    .execute();
}

/**
 * Takes up to `wanted` checkouts from the key's bucket (`perMinute` a minute, bursts of up to
 * that many) in one atomic upsert: two processes taking at once queue on the row, and the second
 * sees what the first left. Answers how many were granted and what is left (for Retry-After).
 */
export async function takeCheckouts(db: Db, apiKeyId: string, wanted: number, perMinute: number, now: Date): Promise<{ granted: number; left: number }> {
  const capacity = sql`${perMinute}::float8`;
  // What the bucket holds now: what it had, refilled for the time since (never for a clock behind it).
  const available = sql`least(${capacity}, b.tokens + greatest(0, extract(epoch from (${now}::timestamptz - b.refilled_at))::float8) * ${perMinute / 60}::float8)`;
  const granted = sql`least(${wanted}::float8, floor(${available}))`;
  const { rows } = await sql<{ tokens: number; last_admitted: number }>`
    insert into checkout_buckets as b (api_key_id, tokens, refilled_at, last_admitted)
    values (${apiKeyId}::uuid, ${capacity} - least(${wanted}::float8, floor(${capacity})), ${now}::timestamptz, least(${wanted}::float8, floor(${capacity})))
    on conflict (api_key_id) do update set
      tokens = ${available} - ${granted},
      last_admitted = ${granted},
      refilled_at = greatest(b.refilled_at, ${now}::timestamptz)
    returning tokens, last_admitted`.execute(db);
  const row = rows[0]!;
  return { granted: Number(row.last_admitted), left: Number(row.tokens) };
}

/** A checkout of the workspace, with the Meta id of its ad account (whose budget a reported call spent). */
export async function getCheckout(db: Db, workspaceId: string, id: string): Promise<(CheckoutRecord & { adAccountMetaId: string | null }) | undefined> {
  const row = await db
    .selectFrom('token_checkouts as c')
    .leftJoin('ad_accounts as a', (join) => join.onRef('a.id', '=', 'c.asset_id').on('c.asset_type', '=', 'ad_account'))
    .selectAll('c')
    .select('a.meta_id as ad_account_meta_id')
    .where('c.id', '=', id)
    .where('c.workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        workspaceId: row.workspace_id,
        apiKeyId: row.api_key_id,
        profileId: row.profile_id,
        metaUserId: row.meta_user_id,
        tokenVersion: row.token_version,
        assetType: row.asset_type,
        assetId: row.asset_id,
        purpose: row.purpose,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        adAccountMetaId: row.ad_account_meta_id,
      }
    : undefined;
}

export interface CheckoutListRow {
  id: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  profileId: string | null;
  profileName: string | null;
  metaUserId: string;
  assetType: AssetType | null;
  assetId: string | null;
  assetMetaId: string | null;
  purpose: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Newest first, in (created_at, id) order, starting after `after`; optionally one profile's. */
export async function pageCheckouts(
  db: Db,
  filter: { workspaceId?: string | undefined; profileId?: string | undefined; after?: readonly [time: string, id: string] | undefined; limit: number },
): Promise<Array<CheckoutListRow & { cursorTime: string }>> {
  let query = db
    .selectFrom('token_checkouts as c')
    .leftJoin('api_keys as k', 'k.id', 'c.api_key_id')
    .leftJoin('meta_users as m', 'm.id', 'c.profile_id')
    .select([
      'c.id',
      'c.api_key_id',
      'k.name as api_key_name',
      'c.profile_id',
      'm.name as profile_name',
      'c.meta_user_id',
      'c.asset_type',
      'c.asset_id',
      'c.purpose',
      'c.created_at',
      'c.expires_at',
      timeKey('c.created_at').as('created_key'),
      // The asset's Meta id, whichever table it is in.
      sql<string | null>`coalesce(
        (select meta_id from ad_accounts where id = c.asset_id and c.asset_type = 'ad_account'),
        (select meta_id from pages where id = c.asset_id and c.asset_type = 'page'),
        (select meta_id from pixels where id = c.asset_id and c.asset_type = 'pixel'),
        (select meta_id from catalogs where id = c.asset_id and c.asset_type = 'catalog'))`.as('asset_meta_id'),
    ]);
  if (filter.workspaceId) query = query.where('c.workspace_id', '=', filter.workspaceId);
  if (filter.profileId) query = query.where('c.profile_id', '=', filter.profileId);
  const after = filter.after;
  if (after) query = query.where(olderThan('c.created_at', 'c.id', after));
  const rows = await query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    apiKeyId: row.api_key_id,
    apiKeyName: row.api_key_name,
    profileId: row.profile_id,
    profileName: row.profile_name,
    metaUserId: row.meta_user_id,
    assetType: row.asset_type,
    assetId: row.asset_id,
    assetMetaId: row.asset_meta_id,
    purpose: row.purpose,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    cursorTime: row.created_key,
  }));
}
