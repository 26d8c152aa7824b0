import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb is written as a JSON string (both engines accept it that way) and read parsed. */
type Json<T> = ColumnType<T, string, string>;

export type MetaSignalKind = 'deauthorize' | 'data_deletion' | 'webhook';

export interface MetaSignalsTable {
  id: Generated<string>;
  kind: MetaSignalKind;
  dedupe_key: string;
  body: string;
  meta_user_id: string | null;
  issued_at: Timestamp | null;
  received_at: Timestamp;
  claimed_until: Timestamp | null;
  attempts: Generated<number>;
  processed_at: Timestamp | null;
  outcome: Json<Record<string, number>> | null;
}

export interface MetaPermissionChangesTable {
  meta_user_id: string;
  permission: string;
  changed_at: Timestamp;
  verb: string;
}

export interface MetaDataDeletionsTable {
  code: string;
  signal_id: string;
  meta_user_id: string | null;
  requested_at: Timestamp;
  status: 'pending' | 'completed';
  completed_at: Timestamp | null;
  deleted: ColumnType<Record<string, number>, string | undefined, string>;
}

export interface MetaDataDeletionWorkspacesTable {
  code: string;
  workspace_id: string;
  deleted: Json<Record<string, number>>;
}

export interface MetaSignalsSchema {
  meta_signals: MetaSignalsTable;
  meta_permission_changes: MetaPermissionChangesTable;
  meta_data_deletions: MetaDataDeletionsTable;
  meta_data_deletion_workspaces: MetaDataDeletionWorkspacesTable;
}
