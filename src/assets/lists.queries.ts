/**
 * SQL of the paged asset lists: one page in (name, id) order on the (workspace_id, name, id)
 * index of migration 010, with the filters people use. Who reaches the page's assets is read
 * afterwards for those rows only, so the first page costs the same in a workspace of 20 or
 * 20,000 ad accounts.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AssetType, SyncError } from '../db/schema-assets.ts';
import { tableOf } from './assets.queries.ts';
import type { AssetRow } from './data.queries.ts';

// The four asset tables share these columns; typing them as one keeps Kysely's joins callable.
const sharedTable = (type: AssetType) => tableOf(type) as 'pages';

export interface AssetListFilter {
  workspaceId: string;
  /** Case-insensitive substring of the name. */
  q?: string | undefined;
  /** Only assets this profile reaches now or reached until its token lapsed. */
  profileId?: string | undefined;
  /**
   * Only assets some (true: no) healthy token may use: `purposes` lists, per purpose the asset
   * must serve, the scopes that cover it (the broker's `scopesCovering`).
   */
  blocked?: { value: boolean; purposes: ReadonlyArray<readonly string[]> } | undefined;
  after?: readonly [name: string, id: string] | undefined;
  limit: number;
}

export interface ListedAsset extends AssetRow {
  lastSyncedAt: Date | null;
  lastSyncError: SyncError | null;
  currency: string | null;
}

/** Who reaches asset `a` (a permission, or one lapsed with its token). */
const reachersOf = (type: AssetType) => sql`(
  select profile_id from asset_permissions where asset_type = ${type} and asset_id = a.id
  union all
  select profile_id from asset_permission_lapses where asset_type = ${type} and asset_id = a.id)`;

/** Some Active profile reaching `a` was granted one of `scopes`: the broker's decide() would find a candidate. */
const usableFor = (type: AssetType, scopes: readonly string[]) => sql<SqlBool>`exists (
  select 1 from ${reachersOf(type)} r join meta_users m on m.id = r.profile_id
  where m.status = 'active' and m.granted_scopes ?| array[${sql.join(scopes.map((scope) => sql`${scope}`))}]::text[])`;

export async function pageAssetRows(db: Db, type: AssetType, filter: AssetListFilter): Promise<ListedAsset[]> {
  let query = db
    .selectFrom(`${sharedTable(type)} as a`)
    .leftJoin('businesses as b', 'b.id', 'a.business_id')
    .select(['a.id', 'a.meta_id', 'a.name', 'a.business_id', 'b.meta_business_id', 'b.name as business_name'])
    .where('a.workspace_id', '=', filter.workspaceId);
  if (type === 'ad_account') {
    query = query
      .select(sql<Date | null>`a.last_synced_at`.as('last_synced_at'))
      .select(sql<SyncError | null>`a.last_sync_error`.as('last_sync_error'))
      .select(sql<string | null>`a.currency`.as('currency'));
  }
  const { q, profileId, blocked, after } = filter;
  if (q !== undefined) query = query.where(sql<SqlBool>`strpos(lower(a.name), lower(${q})) > 0`);
  if (profileId !== undefined) query = query.where(sql<SqlBool>`${profileId}::uuid in ${reachersOf(type)}`);
  if (blocked !== undefined) {
    const usable = sql.join(blocked.purposes.map((scopes) => usableFor(type, scopes)), sql` and `);
    query = query.where(blocked.value ? sql<SqlBool>`not (${usable})` : sql<SqlBool>`(${usable})`);
  }
  if (after) query = query.where((eb) => eb(eb.refTuple('a.name', 'a.id'), '>', eb.tuple(after[0], after[1])));
  const rows = (await query.orderBy('a.name').orderBy('a.id').limit(filter.limit).execute()) as Array<{
    id: string;
    meta_id: string;
    name: string;
    business_id: string | null;
    meta_business_id: string | null;
    business_name: string | null;
    last_synced_at?: Date | null;
    last_sync_error?: SyncError | null;
    currency?: string | null;
  }>;
  return rows.map((row) => ({
    id: row.id,
    metaId: row.meta_id,
    name: row.name,
    businessId: row.business_id,
    businessMetaId: row.meta_business_id,
    businessName: row.business_name,
    lastSyncedAt: row.last_synced_at ?? null,
    lastSyncError: row.last_sync_error ?? null,
    currency: row.currency ?? null,
  }));
}

/** Ad account row ids linked to each of the given pixels. */
export async function pixelLinksOf(db: Db, pixelIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (pixelIds.length === 0) return out;
  const rows = await db.selectFrom('pixel_ad_accounts').select(['pixel_id', 'ad_account_id']).where('pixel_id', 'in', pixelIds).orderBy('ad_account_id').execute();
  for (const row of rows) out.set(row.pixel_id, [...(out.get(row.pixel_id) ?? []), row.ad_account_id]);
  return out;
}

export interface ProfileAssetRow {
  type: AssetType;
  id: string;
  metaId: string;
  name: string;
  tasks: string[];
}

/**
 * What one profile reaches, in (type, name, id) order, a page at a time: its permission rows and,
 * for a profile whose token stopped being Active, the ones that lapsed with it (what it reached
 * when it stopped; the broker still counts them once the profile is Active again, until its next
 * sync). Tasks come from the permission row (a lapse keeps none).
 */
export async function pageProfileAssets(
  db: Db,
  profileId: string,
  filter: { type?: AssetType | undefined; q?: string | undefined; after?: readonly [type: string, name: string, id: string] | undefined; limit: number },
): Promise<ProfileAssetRow[]> {
  const types = filter.type ? [filter.type] : (['ad_account', 'catalog', 'page', 'pixel'] as const);
  const parts = types.map(
    (type) => sql`select ${type}::text as asset_type, a.id, a.meta_id, a.name, coalesce(p.tasks, '[]'::jsonb) as tasks
      from (select asset_id from asset_permissions where profile_id = ${profileId}::uuid and asset_type = ${type}
            union select asset_id from asset_permission_lapses where profile_id = ${profileId}::uuid and asset_type = ${type}) r
      join ${sql.table(tableOf(type))} a on a.id = r.asset_id
      left join asset_permissions p on p.profile_id = ${profileId}::uuid and p.asset_type = ${type} and p.asset_id = a.id`,
  );
  const q = filter.q === undefined ? sql`true` : sql`strpos(lower(x.name), lower(${filter.q})) > 0`;
  const after = filter.after ? sql`(x.asset_type, x.name, x.id) > (${filter.after[0]}, ${filter.after[1]}, ${filter.after[2]}::uuid)` : sql`true`;
  const result = await sql<{ asset_type: AssetType; id: string; meta_id: string; name: string; tasks: string[] | string | null }>`
    select * from (${sql.join(parts, sql` union all `)}) x
    where ${q} and ${after}
    order by x.asset_type, x.name, x.id
    limit ${filter.limit}`.execute(db);
  return result.rows.map((row) => ({
    type: row.asset_type,
    id: row.id,
    metaId: row.meta_id,
    name: row.name,
    tasks: typeof row.tasks === 'string' ? (JSON.parse(row.tasks) as string[]) : (row.tasks ?? []),
  }));
}
