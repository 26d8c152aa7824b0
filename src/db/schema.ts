import type { ColumnType, Generated } from 'kysely';

/** Timestamps are read as Date and may be written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb is written as a JSON string (both engines accept it that way) and read parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface WorkspacesTable {
  id: Generated<string>;
  name: string;
  is_demo: Generated<boolean>;
  created_at: DefaultedTimestamp;
}

export interface MembersTable {
  id: Generated<string>;
  workspace_id: string;
  email: string;
  name: Generated<string>;
  password_hash: string;
  role: 'admin' | 'member';
  locale: Generated<'it' | 'en'>;
  created_at: DefaultedTimestamp;
}

export interface SessionsTable {
  id_hash: string;
  member_id: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_at: DefaultedTimestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  throttle_key: string;
  window_started_at: Timestamp;
  failures: number;
}

export interface SecretsTable {
  id: Generated<string>;
  key_id: string;
  nonce: string;
  ciphertext: string;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface JobRunsTable {
  id: Generated<string>;
  job: string;
  trigger: 'schedule' | 'manual';
  status: 'running' | 'succeeded' | 'failed';
  started_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
  summary: Json<unknown> | null;
  error: string | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: DefaultedTimestamp;
}

export interface Schema {
  workspaces: WorkspacesTable;
  members: MembersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_attempts: LoginAttemptsTable;
  secrets: SecretsTable;
  job_runs: JobRunsTable;
  schema_migrations: SchemaMigrationsTable;
}
