/**
 * SQL of what the API shows and of the data synced from ad accounts (daily insights, campaigns).
 * Synced data is upserted, never deleted: history stays readable whatever the token status.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { IdRef } from '../ids.ts';
import type { SyncError } from '../db/schema-assets.ts';


const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

export interface AssetRow {
  id: string;
  metaId: string;
  name: string;
  businessId: string | null;
  businessMetaId: string | null;
  businessName: string | null;
}

export interface AdAccountRow extends AssetRow {
  workspaceId: string;
  lastSyncedAt: Date | null;
  lastSyncError: SyncError | null;
  currency: string | null;
}

export async function listAdAccounts(db: Db, filter: { workspaceId?: string; id?: string } = {}): Promise<AdAccountRow[]> {
  let query = db
    .selectFrom('ad_accounts as a')
    .leftJoin('businesses as b', 'b.id', 'a.business_id')
    .select(['a.id', 'a.workspace_id', 'a.meta_id', 'a.name', 'a.business_id', 'b.meta_business_id', 'b.name as business_name', 'a.last_synced_at', 'a.last_sync_error', 'a.currency']);
  if (filter.workspaceId !== undefined) query = query.where('a.workspace_id', '=', filter.workspaceId);
  if (filter.id !== undefined) query = query.where('a.id', '=', filter.id);
  const rows = await query.orderBy('a.workspace_id').orderBy('a.name').orderBy('a.meta_id').execute();
  return rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspace_id,
    metaId: row.meta_id,
    name: row.name,
    businessId: row.business_id,
    businessMetaId: row.meta_business_id,
    businessName: row.business_name,
    lastSyncedAt: row.last_synced_at,
    lastSyncError: row.last_sync_error,
    currency: row.currency,
  }));
}

export interface InsightInput {
  date: string;
  spend: string;
  impressions: number;
  clicks: number;
}

/** Upserts daily rows; a day whose figures did not change is not rewritten. */
export async function upsertInsights(db: Db, adAccountId: string, rows: readonly InsightInput[], at: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await sql`
    insert into insights_daily (ad_account_id, date, spend, impressions, clicks, synced_at)
    select ${adAccountId}::uuid, x.date, x.spend, x.impressions, x.clicks, ${at}
    from jsonb_to_recordset(${json(rows)}) as x(date date, spend numeric, impressions bigint, clicks bigint)
    on conflict (ad_account_id, date) do update set
      spend = excluded.spend, impressions = excluded.impressions, clicks = excluded.clicks, synced_at = excluded.synced_at
    where (insights_daily.spend, insights_daily.impressions, insights_daily.clicks)
      is distinct from (excluded.spend, excluded.impressions, excluded.clicks)`.execute(db);
  return affected(result);
}

export interface InsightOutput {
  date: string;
  spend: number;
  impressions: number;
  clicks: number;
}

export async function readInsights(db: Db, adAccountId: string, range: { from: string; to: string }): Promise<InsightOutput[]> {
  const result = await sql<{ date: string; spend: string; impressions: string | number; clicks: string | number }>`
    select to_char(date, 'YYYY-MM-DD') as date, spend::text as spend, impressions::text as impressions, clicks::text as clicks
    from insights_daily
    where ad_account_id = ${adAccountId}::uuid and date between ${range.from}::date and ${range.to}::date
    order by date`.execute(db);
  return result.rows.map((row) => ({ date: row.date, spend: Number(row.spend), impressions: Number(row.impressions), clicks: Number(row.clicks) }));
}

/** Every ad account's id, for the scheduled fan-out (a list of half a million is 20 MB of ids, not of rows). */
export async function adAccountIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('ad_accounts').select('id').orderBy('id').execute()).map((row) => row.id);
}

export async function markSynced(db: Db, adAccountId: string, at: Date): Promise<void> {
  await db.updateTable('ad_accounts').set({ last_synced_at: at, last_sync_error: null }).where('id', '=', adAccountId).execute();
}

/** Records why accounts were not synced; an account already showing the same reason is not rewritten. */
export async function recordSyncErrors(db: Db, errors: ReadonlyArray<{ adAccountId: string; error: SyncError }>): Promise<number> {
  if (errors.length === 0) return 0;
  const result = await sql`
    update ad_accounts a set last_sync_error = x.error
    from jsonb_to_recordset(${json(errors.map((e) => ({ id: e.adAccountId, error: e.error })))}) as x(id uuid, error jsonb)
    where a.id = x.id
      and (a.last_sync_error is null
        or a.last_sync_error->>'code' is distinct from x.error->>'code'
        or a.last_sync_error->>'reason' is distinct from x.error->>'reason'
        or a.last_sync_error->>'category' is distinct from x.error->>'category')`.execute(db);
  return affected(result);
}

export interface CampaignInput {
  metaId: string;
  name: string;
  status: string;
  effectiveStatus: string | null;
}

export interface CampaignRow extends CampaignInput {
  id: string;
  adAccountId: string;
  updatedAt: Date;
}

/** Upserts the campaigns Meta listed; campaigns no longer listed stay (history). */
export async function upsertCampaigns(db: Db, adAccountId: string, campaigns: readonly CampaignInput[], at: Date): Promise<number> {
  if (campaigns.length === 0) return 0;
  const rows = campaigns.map((c) => ({ meta_id: c.metaId, name: c.name, status: c.status, effective_status: c.effectiveStatus }));
  const result = await sql`
    insert into campaigns (ad_account_id, meta_id, name, status, effective_status, updated_at)
    select ${adAccountId}::uuid, x.meta_id, x.name, x.status, x.effective_status, ${at}
    from jsonb_to_recordset(${json(rows)}) as x(meta_id text, name text, status text, effective_status text)
    on conflict (ad_account_id, meta_id) do update set
      name = excluded.name, status = excluded.status, effective_status = excluded.effective_status, updated_at = excluded.updated_at
    where (campaigns.name, campaigns.status, campaigns.effective_status) is distinct from (excluded.name, excluded.status, excluded.effective_status)`.execute(db);
  return affected(result);
}

type CampaignSelect = { id: string; ad_account_id: string; meta_id: string; name: string; status: string; effective_status: string | null; updated_at: Date };
const toCampaign = (row: CampaignSelect): CampaignRow => ({
  id: row.id,
  adAccountId: row.ad_account_id,
  metaId: row.meta_id,
  name: row.name,
  status: row.status,
  effectiveStatus: row.effective_status,
  updatedAt: row.updated_at,
});

export async function listCampaigns(db: Db, adAccountId: string): Promise<CampaignRow[]> {
  const rows = await db.selectFrom('campaigns').selectAll().where('ad_account_id', '=', adAccountId).orderBy('name').orderBy('meta_id').execute();
  return rows.map(toCampaign);
}

/** A campaign of the account by our id or Meta's. */
export async function getCampaign(db: Db, adAccountId: string, ref: IdRef): Promise<CampaignRow | undefined> {
  let query = db.selectFrom('campaigns').selectAll().where('ad_account_id', '=', adAccountId);
  query = 'ours' in ref ? query.where('id', '=', ref.ours) : query.where('meta_id', '=', ref.metaId);
  const row = await query.executeTakeFirst();
  return row ? toCampaign(row) : undefined;
}

/** After Meta accepted a status change: the stored campaign says it at once. */
export async function setCampaignStatusRow(db: Db, id: string, status: string, at: Date): Promise<CampaignRow> {
  const row = await db.updateTable('campaigns').set({ status, effective_status: status, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toCampaign(row);
}
