/**
 * Who reaches an asset, for the broker and the asset lists: the profiles holding a permission on
 * it (`live`) and those whose permission lapsed when their token stopped being Active. Each
 * comes with what the broker needs to choose: status, token type, expiry and granted scopes.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AssetType } from '../db/schema-assets.ts';
import type { TokenStatus, TokenType } from '../db/schema.ts';
import { tableOf } from './assets.queries.ts';

export interface Reacher {
  profileId: string;
  name: string;
  status: TokenStatus;
  tokenType: TokenType;
  expiresAt: Date | null;
  grantedScopes: string[];
  /** true: a permission row; false: a permission that lapsed with the token. */
  live: boolean;
}

interface ReachRow {
  asset_id: string;
  profile_id: string;
  name: string;
  status: TokenStatus;
  token_type: TokenType;
  expires_at: Date | string | null;
  granted_scopes: string[] | string | null;
  live: boolean;
}

function toReacher(row: ReachRow): Reacher {
  const scopes = typeof row.granted_scopes === 'string' ? (JSON.parse(row.granted_scopes) as string[]) : (row.granted_scopes ?? []);
  return {
    profileId: row.profile_id,
    name: row.name,
    status: row.status,
    tokenType: row.token_type,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    grantedScopes: scopes,
    live: row.live,
  };
}

function reachQuery(workspaceId: string, type: AssetType, assetId?: string) {
  const one = assetId === undefined ? sql`true` : sql`r.asset_id = ${assetId}::uuid`;
  return sql<ReachRow>`
    select r.asset_id, m.id as profile_id, m.name, m.status, m.token_type, m.expires_at, m.granted_scopes, r.live
    from (
      select profile_id, asset_id, true as live from asset_permissions where asset_type = ${type}
      union all
      select profile_id, asset_id, false as live from asset_permission_lapses where asset_type = ${type}
    ) r
    join meta_users m on m.id = r.profile_id
    where m.workspace_id = ${workspaceId}::uuid and ${one}`;
}

export async function reachersOf(db: Db, workspaceId: string, type: AssetType, assetId: string): Promise<Reacher[]> {
  const result = await reachQuery(workspaceId, type, assetId).execute(db);
  return result.rows.map(toReacher);
}

/** Every asset of a type in the workspace with its reachers, in one query (lists of 20,000). */
export async function reachersByAsset(db: Db, workspaceId: string, type: AssetType): Promise<Map<string, Reacher[]>> {
  const result = await reachQuery(workspaceId, type).execute(db);
  const out = new Map<string, Reacher[]>();
  for (const row of result.rows) {
    const list = out.get(row.asset_id) ?? [];
    list.push(toReacher(row));
    out.set(row.asset_id, list);
  }
  return out;
}

export interface AssetIdentity {
  id: string;
  workspaceId: string;
  metaId: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An asset of the workspace by our row id or by Meta's id (`act_123` and `123` both name an ad
 * account). Another workspace's asset is simply not found.
 */
export async function resolveAsset(db: Db, workspaceId: string, type: AssetType, idOrMetaId: string): Promise<AssetIdentity | undefined> {
  let query = db.selectFrom(tableOf(type)).select(['id', 'workspace_id', 'meta_id', 'name']).where('workspace_id', '=', workspaceId);
  if (UUID.test(idOrMetaId)) query = query.where('id', '=', idOrMetaId.toLowerCase());
  else query = query.where('meta_id', '=', type === 'ad_account' && !idOrMetaId.startsWith('act_') ? `act_${idOrMetaId}` : idOrMetaId);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id, workspaceId: row.workspace_id, metaId: row.meta_id, name: row.name } : undefined;
}
