import type { Db } from '../db/database.ts';
import { olderThan, timeKey } from '../db/keyset.queries.ts';
import { storedScopes, type ApiKeyScope } from './scopes.ts';

/** An API key as operators and admins see it: never the key, never its hash. */
export interface ApiKeyRow {
  id: string;
  workspaceId: string;
  workspace: string;
  name: string;
  /** The key's first characters (`wevk_` and five more), to tell keys apart. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The keyset of newest-first paging (created_at to the microsecond). */
  cursorTime: string;
}

const listColumns = [
  'api_keys.id',
  'api_keys.workspace_id',
  'workspaces.name as workspace',
  'api_keys.name',
  'api_keys.prefix',
  'api_keys.scopes',
  'api_keys.created_at',
  'api_keys.last_used_at',
  'api_keys.revoked_at',
] as const;

type Row = { id: string; workspace_id: string; workspace: string; name: string; prefix: string; scopes: unknown; created_at: Date; last_used_at: Date | null; revoked_at: Date | null; created_key: string };

const toRow = (row: Row): ApiKeyRow => ({
  id: row.id,
  workspaceId: row.workspace_id,
  workspace: row.workspace,
  name: row.name,
  prefix: row.prefix,
  scopes: storedScopes(row.scopes),
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
  cursorTime: row.created_key,
});

/** Keys newest first, revoked ones included (they say so), of one workspace or of all. */
export async function pageApiKeys(db: Db, filter: { workspaceId?: string | undefined; after?: readonly [string, string] | undefined; limit: number }): Promise<ApiKeyRow[]> {
  let query = db
    .selectFrom('api_keys')
    .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
    .select(listColumns)
    .select(timeKey('api_keys.created_at').as('created_key'));
  if (filter.workspaceId) query = query.where('api_keys.workspace_id', '=', filter.workspaceId);
  if (filter.after) query = query.where(olderThan('api_keys.created_at', 'api_keys.id', filter.after));
  const rows = await query.orderBy('api_keys.created_at', 'desc').orderBy('api_keys.id', 'desc').limit(filter.limit).execute();
  return rows.map(toRow);
}

export async function getApiKey(db: Db, id: string, workspaceId?: string): Promise<ApiKeyRow | undefined> {
  let query = db.selectFrom('api_keys').innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id').select(listColumns).select(timeKey('api_keys.created_at').as('created_key')).where('api_keys.id', '=', id);
  if (workspaceId) query = query.where('api_keys.workspace_id', '=', workspaceId);
  const row = await query.executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/**
 * Sets `revoked_at` once (a second revocation keeps the first time). The row stays: checkouts
 * name the key that took a token. The update is what the api_keys trigger (migrations 006, 009)
 * tells every process of, so each drops the key from its credential cache before its next request.
 */
export async function setApiKeyRevoked(db: Db, id: string, at: Date, workspaceId?: string): Promise<boolean> {
  let query = db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null);
  if (workspaceId) query = query.where('workspace_id', '=', workspaceId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A key's last use, moved forward only. `last_used_at` is not watched by the trigger: caches stay. */
export async function recordApiKeyUse(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .execute();
}

