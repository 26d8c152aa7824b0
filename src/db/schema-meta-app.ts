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
}

export interface HeldVerificationsTable {
  profile_id: string;
  held_at: Timestamp;
  code: number | null;
  subcode: number | null;
  fbtrace_id: string | null;
}

export interface MetaAppSchema {
  meta_app_health: MetaAppHealthTable;
  held_verifications: HeldVerificationsTable;
}
