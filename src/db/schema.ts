import type { ColumnType, Generated } from 'kysely';
import type { AssetsSchema } from './schema-assets.ts';
import type { WebhooksSchema } from './schema-webhooks.ts';
import type { AlertsSchema } from './schema-alerts.ts';
import type { MetaAppSchema } from './schema-meta-app.ts';
import type { CheckoutsSchema } from './schema-checkouts.ts';
import type { MetaBudgetSchema } from './schema-meta-budget.ts';
import type { MetaSignalsSchema } from './schema-meta-signals.ts';

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
  /** jsonb: written as a JSON string, read parsed. */
  scopes: ColumnType<string[], string | undefined, string>;
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
  status: 'running' | 'succeeded' | 'failed' | 'died';
  started_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
  summary: Json<unknown> | null;
  error: string | null;
  /** The process that ran it (migration 014); null on rows older than that. */
  run_by_role: string | null;
  run_by_host: string | null;
  run_by_pid: number | null;
  /** The pg-boss job it ran for; null when run in the foreground (`wevion jobs run`, "Run now"). */
  queue_job_id: string | null;
  /** Renewed by the running process; a `running` row past it is `died`. */
  lease_until: Timestamp | null;
  /** started_at + the job's expiry: the lease is never renewed past it. */
  expires_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: DefaultedTimestamp;
}

export interface Schema extends TokensSchema, AssetsSchema, WebhooksSchema, AlertsSchema, MetaAppSchema, CheckoutsSchema, MetaBudgetSchema, MetaSignalsSchema {
  workspaces: WorkspacesTable;
  members: MembersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_attempts: LoginAttemptsTable;
  secrets: SecretsTable;
  job_runs: JobRunsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type TokenStatus = 'active' | 'inactive' | 'expired';
export type TokenType = 'user' | 'system_user';

export interface MetaUsersTable {
  id: Generated<string>;
  workspace_id: string;
  meta_user_id: string;
  name: string;
  email: string | null;
  token_type: TokenType;
  status: TokenStatus;
  secret_id: string;
  token_version: Generated<number>;
  expires_at: Timestamp | null;
  data_access_expires_at: Timestamp | null;
  granted_scopes: Json<string[]>;
  declined_scopes: Json<string[]>;
  needs_reconnect: Generated<boolean>;
  last_error: Json<{ code: number | null; subcode: number | null; message: string; at: string; fbtraceId?: string | null; causeKey?: string | null }> | null;
  connected_by: string | null;
  incident_id: string | null;
  status_changed_at: DefaultedTimestamp;
  last_refreshed_at: Timestamp | null;
  refresh_failed_since: Timestamp | null;
  refresh_lease_until: Timestamp | null;
  refresh_lease_owner: string | null;
  last_verified_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  /** How the profile came to be (migration 017): Connect Meta Account, Connect a business, or a pasted token. */
  connection: Generated<Connection>;
  /** Connect a business: the client business (our businesses row) the BISU token belongs to. */
  client_business_id: Generated<string | null>;
}

export const CONNECTIONS = ['login', 'business', 'pasted'] as const;
export type Connection = (typeof CONNECTIONS)[number];

/** A `business_integration_install` that arrived before the connect's callback (migration 017). */
export interface BusinessInstallsPendingTable {
  meta_business_id: string;
  installed_at: Timestamp;
  config_id: string | null;
}

export interface MetaUserEventsTable {
  id: Generated<string>;
  profile_id: string;
  at: DefaultedTimestamp;
  kind: string;
  old_status: string | null;
  new_status: string | null;
  code: number | null;
  subcode: number | null;
  fbtrace_id: string | null;
  message: string | null;
  /** A cause Meta told us of (meta/token-causes.ts), when code and subcode alone do not say it (migration 015). */
  cause_key: Generated<string | null>;
  /** What an event needs beyond code and text: declined `scopes`, a failed reconnect's `reason`. */
  details: ColumnType<EventDetails | null, string | null | undefined, string | null>;
}

/** Why a reconnect put no token in place (a `reconnect_failed` event's `details.reason`). */
export const RECONNECT_FAILURES = ['cancelled', 'different_account', 'code_rejected', 'token_invalid', 'meta_unavailable', 'meta_error'] as const;
export type ReconnectFailure = (typeof RECONNECT_FAILURES)[number];

export interface EventDetails {
  scopes?: string[];
  reason?: ReconnectFailure;
  /** The Meta account signed in instead of the profile's (a reconnect refused as a different account). */
  actual?: string;
}

export interface NotificationsTable {
  id: Generated<string>;
  workspace_id: string;
  member_id: string;
  profile_id: string | null;
  type: string;
  dedupe_key: string;
  params: Json<Record<string, unknown>>;
  created_at: DefaultedTimestamp;
  read_at: Timestamp | null;
  resolved_at: Timestamp | null;
}

export interface OauthStatesTable {
  state_hash: string;
  session_hash: string;
  member_id: string;
  workspace_id: string;
  profile_id: string | null;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  /** Which dialog the state was made for (migration 017). */
  flow: Generated<'login' | 'business'>;
}

export interface BusinessesTable {
  id: Generated<string>;
  workspace_id: string;
  meta_business_id: string;
  name: string;
}

export interface MetaUserBusinessesTable {
  profile_id: string;
  business_id: string;
}

export interface TokensSchema {
  meta_users: MetaUsersTable;
  meta_user_events: MetaUserEventsTable;
  notifications: NotificationsTable;
  oauth_states: OauthStatesTable;
  businesses: BusinessesTable;
  meta_user_businesses: MetaUserBusinessesTable;
  business_installs_pending: BusinessInstallsPendingTable;
}
