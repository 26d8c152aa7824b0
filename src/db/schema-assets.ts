import type { ColumnType, Generated } from 'kysely';

type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb is written as a JSON string (both engines accept it that way) and read parsed. */
type DefaultedJson<T> = ColumnType<T, string | undefined, string>;

export type AssetType = 'ad_account' | 'page' | 'pixel' | 'catalog';

/** Why the last data sync of an ad account did not happen (null after a success). */
export interface SyncError {
  code: string;
  reason?: string;
  category?: string;
  message: string;
  at: string;
}

interface AssetColumns {
  id: Generated<string>;
  workspace_id: string;
  meta_id: string;
  name: Generated<string>;
  business_id: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface AdAccountsTable extends AssetColumns {
  last_synced_at: NullableTimestamp;
  last_sync_error: ColumnType<SyncError | null, string | null | undefined, string | null>;
  /** Meta's `currency` of the ad account (ISO 4217), from discovery; null until a list said it. */
  currency: ColumnType<string | null, string | null | undefined, string | null>;
}
export type PagesTable = AssetColumns;
export type PixelsTable = AssetColumns;
export type CatalogsTable = AssetColumns;

export interface AssetPermissionsTable {
  profile_id: string;
  asset_type: AssetType;
  asset_id: string;
  tasks: DefaultedJson<string[]>;
  granted_at: DefaultedTimestamp;
}

export interface AssetPermissionLapsesTable {
  profile_id: string;
  asset_type: AssetType;
  asset_id: string;
  lapsed_at: DefaultedTimestamp;
}

export interface PixelAdAccountsTable {
  pixel_id: string;
  ad_account_id: string;
}

export interface CampaignsTable {
  id: Generated<string>;
  ad_account_id: string;
  meta_id: string;
  name: Generated<string>;
  status: string;
  effective_status: string | null;
  updated_at: DefaultedTimestamp;
}

export interface InsightsDailyTable {
  ad_account_id: string;
  /** Read back as text (to_char) by the queries: a `date` has no time zone to get wrong. */
  date: ColumnType<Date, string, string>;
  /** numeric: read as a decimal string. */
  spend: ColumnType<string, string | number, string | number>;
  impressions: ColumnType<number, number, number>;
  clicks: ColumnType<number, number, number>;
  synced_at: DefaultedTimestamp;
}

export interface AssetsSchema {
  ad_accounts: AdAccountsTable;
  pages: PagesTable;
  pixels: PixelsTable;
  catalogs: CatalogsTable;
  asset_permissions: AssetPermissionsTable;
  asset_permission_lapses: AssetPermissionLapsesTable;
  pixel_ad_accounts: PixelAdAccountsTable;
  campaigns: CampaignsTable;
  insights_daily: InsightsDailyTable;
}
