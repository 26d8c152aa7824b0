import type { ColumnType } from 'kysely';
import type { AssetType } from './schema-assets.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface TokenCheckoutsTable {
  id: string;
  workspace_id: string;
  api_key_id: string | null;
  profile_id: string | null;
  meta_user_id: string;
  token_version: number;
  asset_type: AssetType | null;
  asset_id: string | null;
  purpose: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** The checkout throttle's token bucket per API key, shared by every process. */
export interface CheckoutBucketsTable {
  api_key_id: string;
  tokens: number;
  refilled_at: Timestamp;
  last_admitted: number;
}

export interface CheckoutsSchema {
  token_checkouts: TokenCheckoutsTable;
  checkout_buckets: CheckoutBucketsTable;
}
