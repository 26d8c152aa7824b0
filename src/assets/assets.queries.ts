/**
 * SQL of the asset map: assets upserted once per workspace, a profile's permission rows replaced
 * by diff, pixel links, lapses. Lists travel as one jsonb parameter (`jsonb_to_recordset`), so a
 * profile reaching 20,000 ad accounts is a few statements, never one per row, and never near
 * the 65,535-parameter limit. Every writer returns how many rows it wrote: an unchanged world
 * must write none, and the summary says so.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AssetType } from '../db/schema-assets.ts';

export const ASSET_TYPES: readonly AssetType[] = ['ad_account', 'page', 'pixel', 'catalog'];

const TABLE: Record<AssetType, 'ad_accounts' | 'pages' | 'pixels' | 'catalogs'> = {
  ad_account: 'ad_accounts',
  page: 'pages',
  pixel: 'pixels',
  catalog: 'catalogs',
};

export const tableOf = (type: AssetType) => TABLE[type];

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
// `= any(array(…))` probes the unique index once per value; a join against the function makes
// the planner hash the whole workspace's table instead (measured 10x slower on 20,000 rows).
const textList = (values: readonly string[]) => sql`any(array(select jsonb_array_elements_text(${json(values)})))`;
const uuidList = (values: readonly string[]) => sql`any(array(select value::uuid from jsonb_array_elements_text(${json(values)})))`;
const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

export interface AssetInput {
  metaId: string;
  name: string;
  /** Our businesses.id of the owner, when known; a known owner is never erased by an unknown one. */
  businessId: string | null;
  /** Ad accounts only: the currency Meta's list said; a known one is never erased by an unknown one. */
  currency?: string | null;
}

/**
 * Inserts new assets and updates names/owners (and an ad account's currency) that changed; an
 * asset already as given is not written at all. Returns every given asset's row id. Reads first,
 * so the usual case (everything known and unchanged) is one indexed select.
 */
export async function upsertAssets(db: Db, type: AssetType, workspaceId: string, items: readonly AssetInput[], at: Date): Promise<{ ids: Map<string, string>; written: number }> {
  const ids = new Map<string, string>();
  if (items.length === 0) return { ids, written: 0 };
  const table = sql.table(TABLE[type]);
  // Only ad accounts have a currency: the other tables read and write a constant null for it.
  const withCurrency = type === 'ad_account';
  const currencyColumn = withCurrency ? sql`t.currency` : sql`null::text`;
  const known = await sql<{ id: string; meta_id: string; name: string; business_id: string | null; currency: string | null }>`
    select t.id, t.meta_id, t.name, t.business_id, ${currencyColumn} as currency from ${table} t
    where t.workspace_id = ${workspaceId}::uuid and t.meta_id = ${textList(items.map((item) => item.metaId))}`.execute(db);
  const byMetaId = new Map(known.rows.map((row) => [row.meta_id, row]));
  const currencyOf = (item: AssetInput) => (withCurrency ? (item.currency ?? null) : null);
  const toWrite = items.filter((item) => {
    const row = byMetaId.get(item.metaId);
    if (row) ids.set(item.metaId, row.id);
    const currency = currencyOf(item);
    return !row || (item.name !== '' && item.name !== row.name) || (item.businessId !== null && item.businessId !== row.business_id) || (currency !== null && currency !== row.currency);
  });
  if (toWrite.length === 0) return { ids, written: 0 };
  const rows = toWrite.map((item) => ({ meta_id: item.metaId, name: item.name, business_id: item.businessId, currency: currencyOf(item) }));
  // Another profile's sync may insert the same asset meanwhile: the conflict clause absorbs it.
  const written = withCurrency
    ? await sql<{ id: string; meta_id: string }>`
    insert into ad_accounts (workspace_id, meta_id, name, business_id, currency, created_at, updated_at)
    select ${workspaceId}::uuid, x.meta_id, x.name, x.business_id, x.currency, ${at}, ${at}
    from jsonb_to_recordset(${json(rows)}) as x(meta_id text, name text, business_id uuid, currency text)
    on conflict (workspace_id, meta_id) do update set
      name = case when excluded.name <> '' then excluded.name else ad_accounts.name end,
      business_id = coalesce(excluded.business_id, ad_accounts.business_id),
      currency = coalesce(excluded.currency, ad_accounts.currency),
      updated_at = excluded.updated_at
    where (excluded.name <> '' and excluded.name is distinct from ad_accounts.name)
       or (excluded.business_id is not null and excluded.business_id is distinct from ad_accounts.business_id)
       or (excluded.currency is not null and excluded.currency is distinct from ad_accounts.currency)
    returning id, meta_id`.execute(db)
    : await sql<{ id: string; meta_id: string }>`
    insert into ${table} (workspace_id, meta_id, name, business_id, created_at, updated_at)
    select ${workspaceId}::uuid, x.meta_id, x.name, x.business_id, ${at}, ${at}
    from jsonb_to_recordset(${json(rows)}) as x(meta_id text, name text, business_id uuid)
    on conflict (workspace_id, meta_id) do update set
      name = case when excluded.name <> '' then excluded.name else ${table}.name end,
      business_id = coalesce(excluded.business_id, ${table}.business_id),
      updated_at = excluded.updated_at
    where (excluded.name <> '' and excluded.name is distinct from ${table}.name)
       or (excluded.business_id is not null and excluded.business_id is distinct from ${table}.business_id)
    returning id, meta_id`.execute(db);
  for (const row of written.rows) ids.set(row.meta_id, row.id);
  // A conflicting row left unchanged returns nothing: read the ids still missing.
  const missing = toWrite.filter((item) => !ids.has(item.metaId)).map((item) => item.metaId);
  if (missing.length > 0) {
    const found = await sql<{ id: string; meta_id: string }>`
      select t.id, t.meta_id from ${table} t where t.workspace_id = ${workspaceId}::uuid and t.meta_id = ${textList(missing)}`.execute(db);
    for (const row of found.rows) ids.set(row.meta_id, row.id);
  }
  return { ids, written: written.rows.length };
}

/**
 * Of `adAccountIds`, those an earlier Active profile (smaller id) also holds a permission on.
 * That profile refreshes their pixel links, so each account's `adspixels` is read once per run
 * however many workers share the run, without writing any marker.
 */
export async function accountsWithEarlierHolder(db: Db, profileId: string, adAccountIds: readonly string[]): Promise<Set<string>> {
  if (adAccountIds.length === 0) return new Set();
  const result = await sql<{ asset_id: string }>`
    select distinct p.asset_id from asset_permissions p
    join meta_users m on m.id = p.profile_id
    where p.asset_type = 'ad_account' and p.asset_id = ${uuidList(adAccountIds)}
      and m.status = 'active' and p.profile_id < ${profileId}::uuid`.execute(db);
  return new Set(result.rows.map((row) => row.asset_id));
}

/** Serialises the writes of one profile's sync across processes, for the transaction's life. */
export async function lockProfile(trx: Db, profileId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7, hashtext(${profileId}))`.execute(trx);
}

/** Makes each given account's pixel links exactly `pixelIds`, writing only the differences. */
export async function replacePixelLinks(trx: Db, links: ReadonlyArray<{ adAccountId: string; pixelIds: readonly string[] }>): Promise<{ added: number; removed: number }> {
  if (links.length === 0) return { added: 0, removed: 0 };
  const stored = await sql<{ ad_account_id: string; pixel_id: string }>`
    select l.ad_account_id, l.pixel_id from pixel_ad_accounts l where l.ad_account_id = ${uuidList(links.map((link) => link.adAccountId))}`.execute(trx);
  const key = (adAccountId: string, pixelId: string) => `${adAccountId} ${pixelId}`;
  const wanted = new Set(links.flatMap((link) => link.pixelIds.map((pixelId) => key(link.adAccountId, pixelId))));
  const have = new Set(stored.rows.map((row) => key(row.ad_account_id, row.pixel_id)));
  const toRemove = stored.rows.filter((row) => !wanted.has(key(row.ad_account_id, row.pixel_id)));
  const toAdd = [...wanted].filter((k) => !have.has(k)).map((k) => {
    const [ad_account_id, pixel_id] = k.split(' ');
    return { ad_account_id, pixel_id };
  });
  let removed = 0;
  let added = 0;
  if (toRemove.length > 0) {
    const result = await sql`
      delete from pixel_ad_accounts l using jsonb_to_recordset(${json(toRemove)}) as x(ad_account_id uuid, pixel_id uuid)
      where l.ad_account_id = x.ad_account_id and l.pixel_id = x.pixel_id`.execute(trx);
    removed = affected(result);
  }
  if (toAdd.length > 0) {
    const result = await sql`
      insert into pixel_ad_accounts (pixel_id, ad_account_id)
      select x.pixel_id, x.ad_account_id from jsonb_to_recordset(${json(toAdd)}) as x(ad_account_id uuid, pixel_id uuid)
      on conflict do nothing`.execute(trx);
    added = affected(result);
  }
  return { added, removed };
}

/** Pixels linked to any of the given ad accounts. */
export async function linkedPixels(db: Db, adAccountIds: readonly string[]): Promise<string[]> {
  if (adAccountIds.length === 0) return [];
  const result = await sql<{ pixel_id: string }>`
    select distinct l.pixel_id from pixel_ad_accounts l where l.ad_account_id = ${uuidList(adAccountIds)}`.execute(db);
  return result.rows.map((row) => row.pixel_id);
}

export interface PermissionRow {
  assetType: AssetType;
  assetId: string;
  tasks: string[];
}

export async function profilePermissions(db: Db, profileId: string): Promise<PermissionRow[]> {
  const rows = await db.selectFrom('asset_permissions').select(['asset_type', 'asset_id', 'tasks']).where('profile_id', '=', profileId).execute();
  return rows.map((row) => ({ assetType: row.asset_type, assetId: row.asset_id, tasks: row.tasks ?? [] }));
}

export interface PermissionDiff {
  added: PermissionRow[];
  removed: PermissionRow[];
  changed: PermissionRow[];
}

/** Applies a diff computed against `profilePermissions` read in the same transaction. */
export async function applyPermissionDiff(trx: Db, profileId: string, diff: PermissionDiff, at: Date): Promise<number> {
  let written = 0;
  const rows = (list: PermissionRow[]) => list.map((row) => ({ asset_type: row.assetType, asset_id: row.assetId, tasks: row.tasks }));
  if (diff.removed.length > 0) {
    const result = await sql`
      delete from asset_permissions p
      using jsonb_to_recordset(${json(rows(diff.removed))}) as x(asset_type text, asset_id uuid)
      where p.profile_id = ${profileId}::uuid and p.asset_type = x.asset_type and p.asset_id = x.asset_id`.execute(trx);
    written += affected(result);
  }
  if (diff.added.length > 0) {
    const result = await sql`
      insert into asset_permissions (profile_id, asset_type, asset_id, tasks, granted_at)
      select ${profileId}::uuid, x.asset_type, x.asset_id, x.tasks, ${at}
      from jsonb_to_recordset(${json(rows(diff.added))}) as x(asset_type text, asset_id uuid, tasks jsonb)
      on conflict (profile_id, asset_type, asset_id) do update set tasks = excluded.tasks
      where asset_permissions.tasks is distinct from excluded.tasks`.execute(trx);
    written += affected(result);
  }
  if (diff.changed.length > 0) {
    const result = await sql`
      update asset_permissions p set tasks = x.tasks
      from jsonb_to_recordset(${json(rows(diff.changed))}) as x(asset_type text, asset_id uuid, tasks jsonb)
      where p.profile_id = ${profileId}::uuid and p.asset_type = x.asset_type and p.asset_id = x.asset_id`.execute(trx);
    written += affected(result);
  }
  return written;
}

/** A profile synced while Active holds permissions again: its lapses no longer explain anything. */
export async function clearLapses(trx: Db, profileId: string): Promise<number> {
  const result = await trx.deleteFrom('asset_permission_lapses').where('profile_id', '=', profileId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface RevokedRow {
  profileId: string;
  assetType: AssetType;
  n: number;
}

/**
 * Moves the permission rows of profiles that are not Active (one profile, or all) to the lapses.
 * A profile that is Active again by the time this runs keeps its rows.
 */
export async function revokeNotActive(trx: Db, at: Date, profileId?: string): Promise<RevokedRow[]> {
  const onlyOne = profileId === undefined ? sql`true` : sql`m.id = ${profileId}::uuid`;
  const moved = await sql<{ profile_id: string; asset_type: AssetType; asset_id: string }>`
    delete from asset_permissions p using meta_users m
    where m.id = p.profile_id and m.status <> 'active' and ${onlyOne}
    returning p.profile_id, p.asset_type, p.asset_id`.execute(trx);
  if (moved.rows.length === 0) return [];
  await sql`
    insert into asset_permission_lapses (profile_id, asset_type, asset_id, lapsed_at)
    select x.profile_id, x.asset_type, x.asset_id, ${at}
    from jsonb_to_recordset(${json(moved.rows)}) as x(profile_id uuid, asset_type text, asset_id uuid)
    on conflict do nothing`.execute(trx);
  const counts = new Map<string, RevokedRow>();
  for (const row of moved.rows) {
    const key = `${row.profile_id} ${row.asset_type}`;
    const entry = counts.get(key) ?? { profileId: row.profile_id, assetType: row.asset_type, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

/** Active profiles, oldest first by id (the order the owner rule of pixel links uses). */
export async function activeProfileIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('meta_users').select('id').where('status', '=', 'active').orderBy('id').execute();
  return rows.map((row) => row.id);
}
