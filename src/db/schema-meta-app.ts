import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MetaAppHealthTable {
  app_id: string;
  healthy: boolean;
  reason: string | null;
  code: number | null;
  message: string | null;
  fbtrace_id: string | null;
  changed_at: Timestamp;
  checked_at: Timestamp;
  /** Fingerprint of the app id and secret of the check that last decided the state (migration 013). */
  credentials: string | null;
}

export interface HeldVerificationsTable {
  profile_id: string;
  held_at: Timestamp;
  code: number | null;
  subcode: number | null;
  fbtrace_id: string | null;
}

export interface MetaApiVersionTable {
  app_id: string;
  version: string;
  served_as: string | null;
  served_as_at: Timestamp | null;
  ads_refused_at: Timestamp | null;
  ads_refused_message: string | null;
}

export interface MetaApiVersionNoticesTable {
  app_id: string;
  version: string;
  notice: string;
  told_at: Timestamp;
}

export interface MetaAppSchema {
  meta_app_health: MetaAppHealthTable;
  held_verifications: HeldVerificationsTable;
  meta_api_version: MetaApiVersionTable;
  meta_api_version_notices: MetaApiVersionNoticesTable;
}
