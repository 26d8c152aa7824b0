import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { TokenStatus, TokenType } from '../db/schema.ts';

/** Active tokens that need a person: Meta did not extend them, or their refresh keeps failing. */
export async function activeTokenFlags(db: Db): Promise<{ needsReconnect: number; refreshFailing: number }> {
  const row = await db
    .selectFrom('meta_users')
    .select([
      sql<number>`count(*) filter (where needs_reconnect)::int`.as('needs_reconnect'),
      sql<number>`count(*) filter (where refresh_failed_since is not null)::int`.as('refresh_failing'),
    ])
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return { needsReconnect: row.needs_reconnect, refreshFailing: row.refresh_failing };
}

export interface TokenListRow {
  id: string;
  workspace: string;
  name: string;
  metaUserId: string;
  tokenType: TokenType;
  status: TokenStatus;
  expiresAt: Date | null;
  needsReconnect: boolean;
  lastError: { code: number | null; subcode: number | null; message: string } | null;
  lastRefreshedAt: Date | null;
  lastVerifiedAt: Date | null;
}

/** Profiles across workspaces for `wevion tokens list`. Never the token nor its secret id. */
export async function listTokensForOperators(db: Db, filter: { status?: TokenStatus; workspaceId?: string }): Promise<TokenListRow[]> {
  let query = db
    .selectFrom('meta_users')
    .innerJoin('workspaces', 'workspaces.id', 'meta_users.workspace_id')
    .select([
      'meta_users.id',
      'workspaces.name as workspace',
      'meta_users.name',
      'meta_users.meta_user_id',
      'meta_users.token_type',
      'meta_users.status',
      'meta_users.expires_at',
      'meta_users.needs_reconnect',
      'meta_users.last_error',
      'meta_users.last_refreshed_at',
      'meta_users.last_verified_at',
    ]);
  if (filter.status) query = query.where('meta_users.status', '=', filter.status);
  if (filter.workspaceId) query = query.where('meta_users.workspace_id', '=', filter.workspaceId);
  const rows = await query.orderBy('workspaces.name').orderBy('meta_users.name').orderBy('meta_users.id').execute();
  return rows.map((row) => ({
    id: row.id,
    workspace: row.workspace,
    name: row.name,
    metaUserId: row.meta_user_id,
    tokenType: row.token_type,
    status: row.status,
    expiresAt: row.expires_at,
    needsReconnect: row.needs_reconnect,
    lastError: row.last_error ? { code: row.last_error.code, subcode: row.last_error.subcode, message: row.last_error.message } : null,
    lastRefreshedAt: row.last_refreshed_at,
    lastVerifiedAt: row.last_verified_at,
  }));
}

/** How many secrets each key encrypts (key rotation status). */
export async function secretsByKeyId(db: Db): Promise<Array<{ keyId: string; n: number }>> {
  const rows = await db.selectFrom('secrets').select(['key_id', sql<number>`count(*)::int`.as('n')]).groupBy('key_id').orderBy('key_id').execute();
  return rows.map((row) => ({ keyId: row.key_id, n: row.n }));
}

/** Versions in schema_migrations; undefined when the table does not exist yet (never migrated). */
export async function appliedMigrationVersions(db: Db): Promise<number[] | undefined> {
  const exists = await sql<{ present: boolean }>`select to_regclass('public.schema_migrations') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return undefined;
  const rows = await db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
  return rows.map((row) => row.version);
}

/** pg-boss's schema version, or undefined when the job queue was never started on this database. */
export async function jobQueueSchemaVersion(db: Db): Promise<number | undefined> {
  const exists = await sql<{ present: boolean }>`select to_regclass('pgboss.version') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return undefined;
  const row = await sql<{ version: number }>`select version from pgboss.version limit 1`.execute(db);
  return row.rows[0] ? Number(row.rows[0].version) : undefined;
}

export async function serverVersion(db: Db): Promise<string> {
  const row = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(db);
  return row.rows[0]?.version ?? 'unknown';
}

/** Every app's recorded health (one row per Meta app id this deployment used). */
/** The sealed secret of one Active token, to check an appsecret_proof with (the doctor). */
export async function oneActiveTokenSecret(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('meta_users').select('secret_id').where('status', '=', 'active').orderBy('status_changed_at', 'desc').limit(1).executeTakeFirst();
  return row?.secret_id;
}
