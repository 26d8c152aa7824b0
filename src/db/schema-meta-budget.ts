import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MetaUsageTable {
  key: string;
  kind: 'app' | 'business' | 'ad_account';
  object_id: string | null;
  /** jsonb: written as a JSON string, read parsed. */
  figures: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Timestamp;
}

export interface MetaBudgetSchema {
  meta_usage: MetaUsageTable;
}
